"""The query page at `/`, in a real headless Chromium against the real server.

The server runs on 127.0.0.1 (waitress, in a thread) over a real on-disk pyoxigraph store holding
a few quads; two saved queries live in a temporary queries directory. The YASGUI test opens a
saved query from the sidebar, runs it, waits for YASGUI's result table and saves a screenshot to
tests/artifacts/query-page.png. The fallback test hides the YASGUI bundle and uses the plain form.

Needs Debian's `chromium` and `chromium-driver` (the Makefile's system-test-deps installs them)
and the `selenium` package; the browser tests skip, saying why, when either is missing.
"""
from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path

import pytest
from flask import Flask

from kg import webui
from kg.iris import DIP, RDF, RDFS, SKOS, DCTERMS, article, article_graph, location, meeting, person
from kg.settings import Settings

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM = next((p for p in ("/usr/bin/chromium", "/usr/bin/chromium-browser") if Path(p).exists()), None)
CHROMEDRIVER = shutil.which("chromedriver") or (
    "/usr/bin/chromedriver" if Path("/usr/bin/chromedriver").exists() else None)

PEOPLE_QUERY = f"""\
# Who took part in which meetings, and where?
PREFIX dip: <{DIP}>
PREFIX rdfs: <{RDFS}>
SELECT ?name ?place (COUNT(DISTINCT ?article) AS ?articles) WHERE {{
  ?meeting a dip:Meeting ;
           dip:participant/rdfs:label ?name ;
           dip:location/rdfs:label ?place ;
           dip:mentionedIn ?article .
}}
GROUP BY ?name ?place
ORDER BY ?name
"""

ARTICLES_QUERY = f"""\
# Which articles are in the graph?
PREFIX dip: <{DIP}>
PREFIX dcterms: <{DCTERMS}>
SELECT ?article ?source WHERE {{ ?article a dip:Article ; dcterms:source ?source }}
ORDER BY ?source
"""


# --------------------------------------------------------------------------- the data

def _fill_store(path: Path) -> None:
    from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad, Store

    def n(iri: str) -> NamedNode:
        return NamedNode(iri)

    a = n(RDF + "type")
    label = n(RDFS + "label")
    putin, kim = n(person("Vladimir Putin")), n(person("Kim Jong-il"))
    moscow = n(location("Moscow"))
    talks = n(meeting("moscow-2001-putin-kim"))
    quads = [
        Quad(putin, a, n(DIP + "Person"), DefaultGraph()),
        Quad(putin, label, Literal("Vladimir Putin"), DefaultGraph()),
        Quad(putin, n(SKOS + "altLabel"), Literal("Putin"), DefaultGraph()),
        Quad(kim, a, n(DIP + "Person"), DefaultGraph()),
        Quad(kim, label, Literal("Kim Jong-il"), DefaultGraph()),
        Quad(moscow, a, n(DIP + "Location"), DefaultGraph()),
        Quad(moscow, label, Literal("Moscow"), DefaultGraph()),
    ]
    for art in ("moscow-talks-2001", "kim-train-2001"):
        g = n(article_graph(art))
        doc = n(article(art))
        quads += [
            Quad(doc, a, n(DIP + "Article"), g),
            Quad(doc, n(DCTERMS + "source"), Literal(f"corpus/{art}.txt"), g),
            Quad(talks, a, n(DIP + "Meeting"), g),
            Quad(talks, n(DIP + "participant"), putin, g),
            Quad(talks, n(DIP + "participant"), kim, g),
            Quad(talks, n(DIP + "location"), moscow, g),
            Quad(talks, n(DIP + "mentionedIn"), doc, g),
        ]
    store = Store(str(path))
    store.extend(quads)
    store.flush()
    del store


def _yasgui_installed() -> bool:
    return all((webui.DEFAULT_YASGUI_DIR / name).is_file() for name in webui.YASGUI_FILES)


@pytest.fixture(scope="module")
def settings(tmp_path_factory) -> Settings:
    root = tmp_path_factory.mktemp("webui")
    queries = root / "queries"
    queries.mkdir()
    (queries / "01-people.rq").write_text(PEOPLE_QUERY, encoding="utf-8")
    (queries / "02-articles.rq").write_text(ARTICLES_QUERY, encoding="utf-8")
    ontology = root / "diplomacy.ttl"
    ontology.write_text(
        f"@prefix dip: <{DIP}> .\n@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "dip:Meeting a owl:Class .\ndip:participant a owl:ObjectProperty .\n"
        "dip:chairedBy a owl:ObjectProperty .\n",
        encoding="utf-8")
    store = root / "store"
    _fill_store(store)
    return Settings().with_(queries_dir=queries, store=store, ontology_file=ontology)


@pytest.fixture(scope="module")
def app(settings) -> Flask:
    """The real app (server.create_app: /sparql served by its worker processes)."""
    import server

    app = server.create_app(settings, workers=1)
    if "webui" not in app.blueprints:  # until create_app registers the query page itself
        app.register_blueprint(webui.bp)
    try:
        yield app
    finally:
        server.close_app(app)


@pytest.fixture()
def client(app):
    return app.test_client()


# --------------------------------------------------------------------------- without a browser

def test_saved_queries_are_labelled_by_their_leading_comment(settings):
    saved = webui.read_saved_queries(settings.queries_dir)
    assert [(s.name, s.label) for s in saved] == [
        ("01-people", "Who took part in which meetings, and where?"),
        ("02-articles", "Which articles are in the graph?"),
    ]


def test_page_lists_examples_and_links_endpoint_and_ontology(client):
    resp = client.get("/")
    assert resp.status_code == 200
    html = resp.get_data(as_text=True)
    assert "Who took part in which meetings, and where?" in html
    assert 'href="/sparql"' in html and 'href="/ontology"' in html
    config = json.loads(html.split('id="kg-config">', 1)[1].split("</script>", 1)[0])
    assert config["endpoint"] == "/sparql"
    assert {e["name"] for e in config["examples"]} == {"01-people", "02-articles"}
    assert f"PREFIX dip: <{DIP}>" in config["defaultQuery"]
    assert "cdn" not in html.lower() and "https://" not in html.split("<body", 1)[0]


def test_plain_form_renders_results_server_side(client):
    resp = client.get("/", query_string={"query": PEOPLE_QUERY})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200
    assert 'id="result-table"' in html
    assert "Vladimir Putin" in html and "Kim Jong-il" in html and "Moscow" in html
    assert "2 results" in html


def test_plain_form_shows_graph_results_and_errors(client):
    iri = person("Vladimir Putin")
    html = client.get("/", query_string={"query": f"DESCRIBE <{iri}>"}).get_data(as_text=True)
    assert "res:person/vladimir-putin" in html and "Putin" in html
    resp = client.get("/", query_string={"query": "SELECT nonsense {"})
    assert resp.status_code == 400
    assert "The query failed." in resp.get_data(as_text=True)


def test_example_parameter_prefills_the_form(client):
    html = client.get("/", query_string={"example": "02-articles", "ui": "form"}).get_data(as_text=True)
    assert "dcterms:source ?source" in html


def test_saved_query_prefixes_vocabulary_and_ontology_routes(client, settings):
    resp = client.get("/queries/01-people.rq")
    assert resp.status_code == 200 and resp.get_data(as_text=True) == PEOPLE_QUERY
    assert client.get("/queries/nope.rq").status_code == 404
    assert client.get("/prefixes.json").get_json()["dip"] == DIP
    vocabulary = client.get("/vocabulary.json").get_json()
    assert DIP + "chairedBy" in vocabulary["properties"] and DIP + "Meeting" in vocabulary["classes"]
    resp = client.get("/ontology")
    assert resp.status_code == 200 and resp.mimetype == "text/turtle"
    assert resp.get_data(as_text=True) == settings.ontology_file.read_text(encoding="utf-8")


def test_yasgui_assets_are_served_locally(client, app):
    if not _yasgui_installed():
        pytest.skip("YASGUI bundle not installed (run `npm ci && python tools/install_yasgui.py`)")
    resp = client.get("/assets/yasgui/yasgui.min.js")
    assert resp.status_code == 200 and resp.mimetype in ("text/javascript", "application/javascript")
    resp.close()


# --------------------------------------------------------------------------- in a browser

@pytest.fixture(scope="module")
def live_server(app):
    from waitress.server import create_server

    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        server.close()
        thread.join(timeout=5)


@pytest.fixture()
def browser(tmp_path, monkeypatch):
    monkeypatch.setenv("SE_OFFLINE", "true")  # never let Selenium Manager download anything
    if not CHROMIUM or not CHROMEDRIVER:
        pytest.skip("Chromium or chromedriver not installed "
                    "(apt-get install -y chromium chromium-driver)")
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                 f"--user-data-dir={tmp_path / 'chromium-profile'}", "--window-size=1440,1000"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


def _wait(driver, condition, timeout=20):
    from selenium.webdriver.support.ui import WebDriverWait
    return WebDriverWait(driver, timeout).until(condition)


def _console_errors(driver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def _foreign_requests(driver, base: str) -> list[str]:
    urls = driver.execute_script(
        "return performance.getEntriesByType('resource').map(function (e) { return e.name; })")
    return [u for u in urls if not u.startswith(base)]


def test_yasgui_runs_a_saved_query(browser, live_server, app):
    if not _yasgui_installed():
        pytest.skip("YASGUI bundle not installed (run `npm ci && python tools/install_yasgui.py`)")
    from selenium.webdriver.common.by import By

    browser.get(live_server + "/")
    _wait(browser, lambda d: "yasgui-ready" in d.find_element(By.TAG_NAME, "body").get_attribute("class"))
    # the default tab starts with the ontology's prefixes and points at this server's /sparql
    first = browser.execute_script(
        "var t = kgYasgui.getTab(); return [t.getQuery(), t.getEndpoint()];")
    assert f"PREFIX dip: <{DIP}>" in first[0]
    assert first[1] == live_server + "/sparql"

    label = "Who took part in which meetings, and where?"
    browser.find_element(By.LINK_TEXT, label).click()
    _wait(browser, lambda d: d.execute_script("return kgYasgui.getTab().getName();") == label)
    assert "dip:participant/rdfs:label ?name" in browser.execute_script(
        "return kgYasgui.getTab().getQuery();")

    browser.find_element(By.CSS_SELECTOR, ".tabPanel.active .yasqe_queryButton").click()
    rows_css = ".tabPanel.active .yasr table.dataTable tbody tr"
    _wait(browser, lambda d: "Vladimir Putin" in " ".join(
        r.text for r in d.find_elements(By.CSS_SELECTOR, rows_css)))
    rows = [r.text for r in browser.find_elements(By.CSS_SELECTOR, rows_css)]
    assert len(rows) == 2
    assert any("Kim Jong-il" in r and "Moscow" in r for r in rows)
    assert any("Vladimir Putin" in r and "Moscow" in r and "2" in r for r in rows)

    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "query-page.png"))
    assert _foreign_requests(browser, live_server) == []
    assert _console_errors(browser) == []


def test_plain_form_without_yasgui(browser, live_server, app, tmp_path):
    from selenium.webdriver.common.by import By

    empty = tmp_path / "no-yasgui"
    empty.mkdir()
    app.config["WEBUI_YASGUI_DIR"] = str(empty)
    try:
        browser.get(live_server + "/")
        assert browser.find_elements(By.ID, "yasgui") == []
        textarea = browser.find_element(By.ID, "query")
        assert textarea.is_displayed()
        assert f"PREFIX dip: <{DIP}>" in textarea.get_attribute("value")

        browser.find_element(By.LINK_TEXT, "Which articles are in the graph?").click()
        _wait(browser, lambda d: "dcterms:source ?source" in d.find_element(By.ID, "query").get_attribute("value"))
        browser.find_element(By.CSS_SELECTOR, ".query-form button[type=submit]").click()
        table = _wait(browser, lambda d: d.find_element(By.ID, "result-table"))
        text = table.text
        assert "corpus/kim-train-2001.txt" in text and "corpus/moscow-talks-2001.txt" in text

        # an IRI in the results links to a DESCRIBE of it, run with the same form
        browser.find_element(By.PARTIAL_LINK_TEXT, "res:article/kim-train-2001").click()
        table = _wait(browser, lambda d: d.find_element(By.ID, "result-table"))
        assert "dip:Article" in table.text
        ARTIFACTS.mkdir(exist_ok=True)
        browser.save_screenshot(str(ARTIFACTS / "query-page-fallback.png"))
        assert _console_errors(browser) == []
        assert _foreign_requests(browser, live_server) == []
    finally:
        app.config.pop("WEBUI_YASGUI_DIR", None)
