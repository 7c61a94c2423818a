/* Diplomacy KG query page: boots YASGUI (served from this server) against the same-origin
 * /sparql endpoint, and opens the saved example queries in editor tabs.
 * Without YASGUI (bundle absent or failed to load) the page keeps its plain HTML form. */
(function () {
  "use strict";

  var configEl = document.getElementById("kg-config");
  var host = document.getElementById("yasgui");
  if (!configEl || !host || typeof window.Yasgui !== "function") {
    document.body.classList.add("yasgui-missing");
    return;
  }
  var config = JSON.parse(configEl.textContent);
  var Yasgui = window.Yasgui;
  var endpoint = new URL(config.endpoint, window.location.href).href;
  var vocabulary = { classes: [], properties: [] };

  // Completions come from this server only: our prefixes (typing `dip:` adds its PREFIX line)
  // and the ontology's classes and properties. The stock class/property completers would ask
  // a third-party service, so they are left out.
  var Yasqe = Yasgui.Yasqe;
  function completeFrom(list) {
    return function (_yasqe, token) {
      var start = (token && (token.autocompletionString || token.string)) || "";
      return vocabulary[list].filter(function (iri) { return iri.indexOf(start) === 0; });
    };
  }
  if (Yasqe.Autocompleters.property && Yasqe.Autocompleters["class"]) {
    Yasqe.forkAutocompleter("property", { name: "kg-property", get: completeFrom("properties") }, false);
    Yasqe.forkAutocompleter("class", { name: "kg-class", get: completeFrom("classes") }, false);
  }
  var completers = ["prefixes", "variables", "kg-property", "kg-class"].filter(function (name) {
    return Yasqe.Autocompleters[name];
  });
  // Yasqe merges its defaults into every config (arrays index by index), so set them here.
  Yasqe.defaults.autocompleters = completers;
  Yasqe.defaults.prefixCcApi = config.prefixesUrl;

  fetch(config.vocabularyUrl, { headers: { Accept: "application/json" } })
    .then(function (r) { return r.ok ? r.json() : vocabulary; })
    .then(function (v) { vocabulary = v; })
    .catch(function () { /* autocompletion of terms is a nicety */ });

  var yasgui = new Yasgui(host, {
    persistenceId: "diplomacy-kg",
    tabName: "Query",
    autofocus: false,
    copyEndpointOnNewTab: false,
    requestConfig: { endpoint: endpoint, method: "POST" },
    endpointCatalogueOptions: {
      getData: function () { return [{ endpoint: endpoint }]; },
    },
    yasqe: {
      value: config.defaultQuery,
      autocompleters: completers,
      prefixCcApi: config.prefixesUrl,
      editorHeight: "300px",
    },
    // results show our IRIs as dip:Meeting, res:person/…, xsd:integer
    yasr: { defaultPlugin: "table", prefixes: config.prefixes || {} },
  });
  window.kgYasgui = yasgui; // for tests and the curious

  // Tabs restored from an earlier visit may point at an older address of this server.
  Object.keys(yasgui._tabs).forEach(function (id) {
    var tab = yasgui.getTab(id);
    if (tab && tab.getEndpoint() !== endpoint) {
      var current = tab.getEndpoint() || "";
      if (!current || current.indexOf("/sparql") === current.length - 7) tab.setEndpoint(endpoint);
    }
  });
  document.body.classList.add("yasgui-ready");

  var examples = {};
  (config.examples || []).forEach(function (ex) { examples[ex.name] = ex; });

  function findTab(name) {
    var ids = Object.keys(yasgui._tabs);
    for (var i = 0; i < ids.length; i++) {
      var tab = yasgui.getTab(ids[i]);
      if (tab && tab.getName() === name) return tab;
    }
    return null;
  }

  function markCurrent(name) {
    var links = document.querySelectorAll("a.example[data-example]");
    for (var i = 0; i < links.length; i++) {
      links[i].classList.toggle("current", links[i].getAttribute("data-example") === name);
    }
  }

  function openExample(name) {
    var ex = examples[name];
    if (!ex) return null;
    var tab = findTab(ex.label);
    if (tab) {
      yasgui.selectTabId(tab.getId());
      if (tab.getQuery() !== ex.query) tab.setQuery(ex.query);
    } else {
      tab = yasgui.addTab(true, {
        name: ex.label,
        yasqe: { value: ex.query },
        requestConfig: { endpoint: endpoint },
      });
    }
    markCurrent(name);
    return tab;
  }
  window.kgOpenExample = openExample;

  var list = document.getElementById("example-list");
  if (list) {
    list.addEventListener("click", function (event) {
      var link = event.target.closest("a.example[data-example]");
      if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
      if (!examples[link.getAttribute("data-example")]) return;
      event.preventDefault();
      openExample(link.getAttribute("data-example"));
      host.scrollIntoView({ block: "nearest" });
    });
  }

  if (config.openExample) {
    openExample(config.openExample);
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", window.location.pathname);
    }
  }
})();
