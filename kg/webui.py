"""The query page at `/`: YASGUI served from local files, pointed at this server's `/sparql`.

Registered by the app factory with `app.register_blueprint(webui.bp)`. Routes:

    /                      the query page (YASGUI; a plain HTML form when the bundle is absent)
    /?query=...            the plain form's results, run server-side (works without JavaScript)
    /?example=NAME         the page with saved query NAME (queries/NAME.rq) loaded
    /queries/NAME.rq       a saved query, as text
    /prefixes.json         the ontology's prefixes (YASGUI's prefix autocompletion uses them)
    /ontology              the ontology, as Turtle
    /assets/webui/...      the page's own CSS and JavaScript
    /assets/yasgui/...     the YASGUI bundle, copied from npm by tools/install_yasgui.py

The page reads its settings from `app.config["KG_SETTINGS"]` (a `kg.settings.Settings`), else
the defaults. `app.config["WEBUI_YASGUI_DIR"]` overrides where the YASGUI bundle is looked for.

The plain form does not query the store itself: it sends the query through the app's own
`/sparql` endpoint (an in-process request), so timeouts, row limits and the read-only policy are
the endpoint's, in one place.
"""
from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from flask import (
    Blueprint, Response, abort, current_app, render_template, request, send_from_directory, url_for,
)

from kg.iris import DIP, ONTOLOGY, PREFIXES, RES
from kg.settings import PACKAGE_DIR, Settings

bp = Blueprint(
    "webui", __name__,
    template_folder="templates",
    static_folder="static/webui",
    static_url_path="/assets/webui",
)

DEFAULT_YASGUI_DIR = PACKAGE_DIR / "static" / "yasgui"
YASGUI_FILES = ("yasgui.min.js", "yasgui.min.css")
SPARQL_PATH = "/sparql"
MAX_HTML_ROWS = 1000
SELECT_ACCEPT = "application/sparql-results+json"
GRAPH_ACCEPT = "application/n-triples"
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")

# Prefixes every new editor tab starts with (the rest are added as you type them, e.g. `wd:`).
TAB_PREFIXES = ("dip", "res", "rdf", "rdfs", "owl", "xsd", "skos", "dcterms")
# A few common vocabularies besides ours for the editor's prefix autocompletion.
EXTRA_PREFIXES = {
    "foaf": "http://xmlns.com/foaf/0.1/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "wdt": "http://www.wikidata.org/prop/direct/",
    "gn": "https://www.geonames.org/ontology#",
}

DEFAULT_QUERY_BODY = """\
# Meetings, with where and when they took place
SELECT ?meeting ?date ?place ?status WHERE {
  ?meeting a dip:Meeting .
  OPTIONAL { ?meeting dip:date ?date }
  OPTIONAL { ?meeting dip:location/rdfs:label ?place }
  OPTIONAL { ?meeting dip:status ?status }
}
ORDER BY DESC(?date)
LIMIT 100
"""

STATS_QUERY = """\
PREFIX dip: <%s>
SELECT ?kind (COUNT(DISTINCT ?x) AS ?n) WHERE {
  VALUES ?kind { dip:Article dip:Meeting dip:Person dip:Location }
  { ?x a ?kind } UNION { GRAPH ?g { ?x a ?kind } }
}
GROUP BY ?kind
""" % DIP


# --------------------------------------------------------------------------- saved queries

@dataclass(frozen=True)
class SavedQuery:
    name: str    # file name without .rq; used in URLs
    label: str   # the question it answers, from the leading '#' comment
    text: str

    def as_json(self) -> dict:
        return {"name": self.name, "label": self.label, "query": self.text}


def read_saved_queries(queries_dir: Path) -> list[SavedQuery]:
    """Every `*.rq` in queries_dir, sorted by file name, labelled by its first comment line."""
    if not queries_dir.is_dir():
        return []
    saved = []
    for path in sorted(queries_dir.glob("*.rq")):
        if not _NAME_RE.match(path.stem):
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        saved.append(SavedQuery(path.stem, _label(text) or path.stem.replace("-", " ").replace("_", " "), text))
    return saved


def _label(text: str) -> str:
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("#"):
            return stripped.lstrip("#").strip()
        return ""
    return ""


# --------------------------------------------------------------------------- settings

def _settings() -> Settings:
    settings = current_app.config.get("KG_SETTINGS")
    return settings if isinstance(settings, Settings) else Settings()


def _yasgui_dir() -> Path:
    return Path(current_app.config.get("WEBUI_YASGUI_DIR") or DEFAULT_YASGUI_DIR)


def _yasgui_version() -> str | None:
    """The installed bundle's version, or None when the bundle is absent (plain form only)."""
    directory = _yasgui_dir()
    if not all((directory / name).is_file() for name in YASGUI_FILES):
        return None
    try:
        return (directory / "VERSION").read_text(encoding="utf-8").strip() or "unknown"
    except OSError:
        return "unknown"


def _all_prefixes() -> dict[str, str]:
    return {**EXTRA_PREFIXES, **PREFIXES}


def default_query() -> str:
    head = "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in TAB_PREFIXES if p in PREFIXES)
    return head + "\n" + DEFAULT_QUERY_BODY


# --------------------------------------------------------------------------- running a query

@dataclass
class Outcome:
    kind: str = "none"          # none | table | boolean | error
    columns: list[str] | None = None
    rows: list[list[dict | None]] | None = None
    total: int = 0
    boolean: bool | None = None
    error: str | None = None
    status: int = 200


def run_query(query: str) -> Outcome:
    """Send `query` through the app's own /sparql endpoint and shape the answer for a table."""
    client = current_app.test_client()
    try:
        resp = client.post(
            SPARQL_PATH, data={"query": query},
            headers={"Accept": f"{SELECT_ACCEPT}, {GRAPH_ACCEPT};q=0.9"},
        )
    except Exception as exc:  # the endpoint failed outright: report it, don't break the page
        current_app.logger.exception("query page: /sparql failed")
        return Outcome(kind="error", error=f"The SPARQL endpoint failed: {exc}", status=500)
    body = resp.get_data(as_text=True)
    if resp.status_code >= 400:
        message = body.strip() or resp.status
        if "json" in (resp.mimetype or ""):
            try:
                data = json.loads(body)
                message = data.get("message") or data.get("error") or message
            except (ValueError, AttributeError):
                pass
        return Outcome(kind="error", error=str(message)[:4000], status=resp.status_code)
    mimetype = resp.mimetype or ""
    try:
        if "json" in mimetype:
            return _from_results_json(json.loads(body))
        if mimetype in ("application/n-triples", "application/n-quads", "text/plain"):
            return _from_ntriples(body)
    except (ValueError, KeyError, TypeError, SyntaxError) as exc:
        return Outcome(kind="error", error=f"Could not read the endpoint's answer ({mimetype}): {exc}",
                       status=502)
    return Outcome(kind="error", error=f"Unexpected answer from the endpoint: {mimetype or 'no type'}",
                   status=502)


def _from_results_json(data: dict) -> Outcome:
    if "boolean" in data:
        return Outcome(kind="boolean", boolean=bool(data["boolean"]))
    columns = list(data.get("head", {}).get("vars", []))
    bindings = data.get("results", {}).get("bindings", [])
    rows = [[b.get(c) for c in columns] for b in bindings[:MAX_HTML_ROWS]]
    return Outcome(kind="table", columns=columns, rows=rows, total=len(bindings))


def _from_ntriples(text: str) -> Outcome:
    from pyoxigraph import BlankNode, Literal, RdfFormat, parse

    def term(t) -> dict:
        if isinstance(t, Literal):
            d = {"type": "literal", "value": t.value}
            if t.language:
                d["xml:lang"] = t.language
            elif t.datatype and t.datatype.value != PREFIXES["xsd"] + "string":
                d["datatype"] = t.datatype.value
            return d
        if isinstance(t, BlankNode):
            return {"type": "bnode", "value": t.value}
        return {"type": "uri", "value": t.value}

    rows = []
    total = 0
    for q in parse(text.encode("utf-8"), format=RdfFormat.N_QUADS):
        total += 1
        if len(rows) < MAX_HTML_ROWS:
            rows.append([term(q.subject), term(q.predicate), term(q.object)])
    return Outcome(kind="table", columns=["subject", "predicate", "object"], rows=rows, total=total)


# --------------------------------------------------------------------------- rendering helpers

def _shorten(iri: str, prefixes: dict[str, str]) -> str:
    best = ""
    for prefix, ns in prefixes.items():
        if iri.startswith(ns) and len(ns) > len(prefixes.get(best, "")):
            local = iri[len(ns):]
            if re.fullmatch(r"[A-Za-z0-9_\-./]*", local) and not local.endswith("."):
                best = prefix
    return f"{best}:{iri[len(prefixes[best]):]}" if best else f"<{iri}>"


def _cell(value: dict | None) -> dict:
    """A result term as what the template shows: text, an optional link and a muted note."""
    if value is None:
        return {"text": "", "empty": True}
    kind = value.get("type")
    text = value.get("value", "")
    if kind == "uri":
        prefixes = _all_prefixes()
        cell = {"text": _shorten(text, prefixes), "title": text, "kind": "iri"}
        if text.startswith((RES, DIP, ONTOLOGY)):
            # our own resources: browse them by describing them with the same form
            cell["href"] = url_for("webui.index", query=f"DESCRIBE <{text}>")
        elif text.startswith(("http://", "https://")):
            cell["href"], cell["external"] = text, True
        return cell
    if kind == "bnode":
        return {"text": f"_:{text}", "kind": "bnode"}
    cell = {"text": text, "kind": "literal"}
    if value.get("xml:lang"):
        cell["note"] = "@" + value["xml:lang"]
    elif value.get("datatype"):
        cell["note"] = _shorten(value["datatype"], PREFIXES)
    return cell


# --------------------------------------------------------------------------- routes

@bp.get("/")
def index():
    settings = _settings()
    saved = read_saved_queries(settings.queries_dir)
    query = request.args.get("query")
    example_name = request.args.get("example")
    example = next((s for s in saved if s.name == example_name), None)
    outcome = Outcome()
    if query is not None and query.strip():
        outcome = run_query(query)
        outcome.rows = [[_cell(v) for v in row] for row in (outcome.rows or [])]
    yasgui_version = _yasgui_version()
    # With results to show (a submitted plain form) the page stays in form mode: the results are
    # already here, and YASGUI would otherwise read ?query= from the address and run it again.
    mode = "yasgui" if yasgui_version and query is None and request.args.get("ui") != "form" else "form"
    form_text = query if query is not None else (example.text if example else default_query())
    config = {
        "endpoint": SPARQL_PATH,
        "prefixesUrl": url_for("webui.prefixes"),
        "vocabularyUrl": url_for("webui.vocabulary"),
        "prefixes": PREFIXES,
        "defaultQuery": default_query(),
        "examples": [s.as_json() for s in saved],
        "openExample": example.name if example else None,
    }
    status = outcome.status if outcome.kind == "error" and outcome.status < 500 else 200
    html = render_template(
        "webui/index.html",
        mode=mode,
        yasgui_version=yasgui_version,
        saved=saved,
        example=example,
        query=query,
        form_text=form_text,
        outcome=outcome,
        stats=_stats(),
        prefixes=PREFIXES,
        config_json=json.dumps(config).replace("</", "<\\/"),
        ontology_iri=ONTOLOGY,
        max_rows=MAX_HTML_ROWS,
        open_in_editor=(
            url_for("webui.index") + "#" + _hash_params(query) if yasgui_version and query else None
        ),
    )
    return Response(html, status=status, mimetype="text/html")


def _hash_params(query: str) -> str:
    """YASGUI's share-link parameters: opening `/#<these>` loads the query in a tab and runs it."""
    return urlencode({"query": query, "endpoint": request.host_url.rstrip("/") + SPARQL_PATH})


def _stats() -> dict[str, int] | None:
    """How many articles, meetings, people and places the store holds (None if unavailable)."""
    cache = current_app.extensions.setdefault("webui", {})
    hit = cache.get("stats")
    if hit and time.monotonic() - hit[0] < 30:
        return hit[1]
    outcome = run_query(STATS_QUERY)
    stats = None
    if outcome.kind == "table":
        stats = {"Article": 0, "Meeting": 0, "Person": 0, "Location": 0}
        for kind, n in outcome.rows or []:
            if kind and n:
                stats[kind["value"].removeprefix(DIP)] = int(n["value"])
    cache["stats"] = (time.monotonic(), stats)
    return stats


@bp.get("/queries/<name>.rq")
def saved_query(name: str):
    saved = {s.name: s for s in read_saved_queries(_settings().queries_dir)}
    if name not in saved:
        abort(404)
    return Response(saved[name].text, mimetype="application/sparql-query")


@bp.get("/prefixes.json")
def prefixes():
    return _all_prefixes()


@bp.get("/vocabulary.json")
def vocabulary():
    """Classes and properties for the editor's autocompletion: the ontology's, plus the few
    standard terms the graph uses. Read from the ontology file, so it needs no query."""
    return _vocabulary(Path(_settings().ontology_file))


def _vocabulary(path: Path) -> dict[str, list[str]]:
    cache = current_app.extensions.setdefault("webui", {})
    try:
        mtime = path.stat().st_mtime
    except OSError:
        mtime = None
    hit = cache.get("vocabulary")
    if hit and hit[0] == (str(path), mtime):
        return hit[1]
    rdf, rdfs, owl = PREFIXES["rdf"], PREFIXES["rdfs"], PREFIXES["owl"]
    classes = {DIP + name for name in ("Article", "Person", "Location", "Meeting", "AgendaTopic")}
    classes |= {PREFIXES["skos"] + "Concept", PREFIXES["skos"] + "ConceptScheme"}
    properties = {DIP + name for name in (
        "mentionedIn", "participant", "location", "date", "datePrecision", "status", "onAgenda",
        "discusses")}
    properties |= {rdf + "type", rdfs + "label", PREFIXES["skos"] + "altLabel",
                   PREFIXES["skos"] + "notation", PREFIXES["skos"] + "prefLabel",
                   PREFIXES["skos"] + "inScheme", owl + "sameAs", PREFIXES["dcterms"] + "source"}
    if mtime is not None:
        try:
            from pyoxigraph import NamedNode, RdfFormat, parse
            class_types = {owl + "Class", rdfs + "Class"}
            property_types = {owl + "ObjectProperty", owl + "DatatypeProperty",
                              owl + "AnnotationProperty", rdf + "Property"}
            with path.open("rb") as f:
                for t in parse(f, format=RdfFormat.TURTLE):
                    if t.predicate.value != rdf + "type" or not isinstance(t.subject, NamedNode):
                        continue
                    if t.object.value in class_types:
                        classes.add(t.subject.value)
                    elif t.object.value in property_types:
                        properties.add(t.subject.value)
        except (OSError, SyntaxError, ValueError):
            current_app.logger.warning("query page: could not read the ontology %s", path)
    result = {"classes": sorted(classes), "properties": sorted(properties)}
    cache["vocabulary"] = ((str(path), mtime), result)
    return result


@bp.get("/ontology")
def ontology():
    path = Path(_settings().ontology_file)
    if not path.is_file():
        abort(404, description="The ontology file is not installed.")
    return send_from_directory(path.parent.resolve(), path.name, mimetype="text/turtle",
                               max_age=300)


@bp.get("/assets/yasgui/<path:filename>")
def yasgui_asset(filename: str):
    return send_from_directory(_yasgui_dir().resolve(), filename, max_age=3600)
