"""The SPARQL endpoint end to end: real store on disk, real waitress server, real HTTP clients.

Covers the clients the contract names (SPARQLWrapper and rdflib's SPARQLStore with their defaults),
every result format, the union default graph, errors, SERVICE/LOAD refusal (a loopback canary proves
no connection is made), the timeout (worker killed and replaced), the row cap, tokens, size limits,
CORS, /health, the service description and seeing outside writes.
"""
from __future__ import annotations

import gc
import json
import socket
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from endpoint_fixtures import (EX, G1, G2, TOKEN, Canary, Settings, http,  # noqa: E402
                               running_endpoint, sample_quads, write_store)

FILLER = 300  # generated triples: enough for a slow cross join and to pass the row cap
MAX_ROWS = 100
TIMEOUT = 1.5
ORIGIN = "https://ui.example"
NAMES = "SELECT ?s ?name WHERE { ?s <http://example.org/name> ?name } ORDER BY ?name"
SLOW = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f . ?g ?t ?h }")


@pytest.fixture(scope="module")
def canary():
    listener = Canary()
    yield listener
    listener.close()


@pytest.fixture(scope="module")
def allowed_canary():
    listener = Canary()
    yield listener
    listener.close()


@pytest.fixture(scope="module")
def ro(tmp_path_factory, allowed_canary):
    """A read-only endpoint (no token) with a short timeout, a small row cap and one CORS origin."""
    store = write_store(tmp_path_factory.mktemp("ro") / "store", sample_quads(FILLER))
    settings = Settings(store=store, query_timeout=TIMEOUT, max_rows=MAX_ROWS,
                        cors_origins=(ORIGIN,), service_allowlist=(allowed_canary.url,))
    with running_endpoint(settings) as ep:
        yield ep


@pytest.fixture(scope="module")
def rw(tmp_path_factory):
    """An endpoint accepting writes with the token."""
    store = write_store(tmp_path_factory.mktemp("rw") / "store", sample_quads())
    with running_endpoint(Settings(store=store, update_token=TOKEN)) as ep:
        yield ep


def get(ep, query: str, accept: str | None = None, **params: str):
    query_string = urllib.parse.urlencode({"query": query, **params})
    return http("GET", f"{ep.sparql}?{query_string}", headers={"Accept": accept} if accept else {})


def post_update(ep, update: str, token: str | None = TOKEN, **headers: str):
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    return http("POST", ep.sparql, update, {"Content-Type": "application/sparql-update", **headers})


# ---------------------------------------------------------------------------------------------------
# Clients with their defaults


def test_sparqlwrapper_defaults_select_xml(ro):
    from SPARQLWrapper import SPARQLWrapper

    client = SPARQLWrapper(ro.sparql)
    client.setQuery(NAMES)
    document = client.query().convert()  # default: GET, XML results, parsed into a DOM
    names = [n.firstChild.data for n in document.getElementsByTagName("literal")]
    assert names == ["Alice", "Bob", "Carol"]


def test_sparqlwrapper_json_ask_and_construct(ro):
    from rdflib import Graph
    from SPARQLWrapper import JSON, SPARQLWrapper

    client = SPARQLWrapper(ro.sparql)
    client.setReturnFormat(JSON)
    client.setQuery(NAMES)
    bindings = client.query().convert()["results"]["bindings"]
    assert [b["name"]["value"] for b in bindings] == ["Alice", "Bob", "Carol"]
    client.setQuery(f"ASK {{ <{EX}alice> <{EX}knows> <{EX}bob> }}")
    assert client.query().convert()["boolean"] is True

    client = SPARQLWrapper(ro.sparql)  # CONSTRUCT with the defaults: RDF/XML into an rdflib Graph
    client.setQuery(f"CONSTRUCT {{ ?s <{EX}name> ?n }} WHERE {{ ?s <{EX}name> ?n }}")
    graph = client.query().convert()
    assert isinstance(graph, Graph) and len(graph) == 3


def test_sparqlwrapper_post(ro):
    from SPARQLWrapper import JSON, POST, SPARQLWrapper

    client = SPARQLWrapper(ro.sparql)
    client.setMethod(POST)
    client.setReturnFormat(JSON)
    client.setQuery(NAMES)
    assert len(client.query().convert()["results"]["bindings"]) == 3


def test_rdflib_sparqlstore_defaults(ro):
    from rdflib import Graph, Literal, URIRef
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    graph = Graph(store=SPARQLStore(query_endpoint=ro.sparql))
    rows = list(graph.query(NAMES))
    assert [str(row.name) for row in rows] == ["Alice", "Bob", "Carol"]
    assert graph.query(f"ASK {{ <{EX}carol> ?p ?o }}").askAnswer is True
    built = graph.query(f"CONSTRUCT {{ ?s <{EX}knows> ?o }} WHERE {{ ?s <{EX}knows> ?o }}")
    assert len(built.graph) == 1
    assert (URIRef(EX + "alice"), URIRef(EX + "name"), Literal("Alice")) in graph


def test_rdflib_graph_store_string(ro):
    from rdflib import Graph

    graph = Graph(store="SPARQLStore")
    graph.open(ro.sparql)
    assert len(list(graph.query(NAMES))) == 3


# ---------------------------------------------------------------------------------------------------
# Raw protocol and content negotiation


@pytest.mark.parametrize("accept, media", [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("application/json", "application/sparql-results+json"),
    ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
    ("text/*", "text/csv"),
    (None, "application/sparql-results+json"),
])
def test_select_formats(ro, accept, media):
    reply = get(ro, NAMES, accept)
    assert reply.status == 200 and reply.media == media
    assert "Alice" in reply.text and "Carol" in reply.text


@pytest.mark.parametrize("param, value, media", [
    ("format", "json", "application/sparql-results+json"),
    ("format", "xml", "application/sparql-results+xml"),
    ("output", "csv", "text/csv"),
    ("results", "tsv", "text/tab-separated-values"),
])
def test_format_parameter_wins(ro, param, value, media):
    reply = get(ro, NAMES, "application/sparql-results+json", **{param: value})
    assert reply.status == 200 and reply.media == media


@pytest.mark.parametrize("accept, fmt", [
    ("text/turtle", ox.RdfFormat.TURTLE),
    ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    ("application/rdf+xml", ox.RdfFormat.RDF_XML),
    ("application/ld+json", ox.RdfFormat.JSON_LD),
    ("application/n-quads", ox.RdfFormat.N_QUADS),
    ("application/trig", ox.RdfFormat.TRIG),
    ("*/*", ox.RdfFormat.TURTLE),
])
def test_construct_formats(ro, accept, fmt):
    reply = get(ro, f"CONSTRUCT WHERE {{ ?s <{EX}name> ?n }}", accept)
    assert reply.status == 200 and reply.media == fmt.media_type
    assert len(list(ox.parse(reply.body, format=fmt))) == 3


def test_describe(ro):
    reply = get(ro, f"DESCRIBE <{EX}alice>", "application/n-triples")
    assert reply.status == 200 and len(list(ox.parse(reply.body, format=ox.RdfFormat.N_TRIPLES))) == 2


def test_ask_formats(ro):
    assert json.loads(get(ro, "ASK {}", "application/json").body)["boolean"] is True
    assert "<boolean>true</boolean>" in get(ro, "ASK {}", "application/sparql-results+xml").text


def test_post_form_and_direct(ro):
    form = urllib.parse.urlencode({"query": NAMES}).encode()
    request = urllib.request.Request(ro.sparql, data=form, headers={"Accept": "text/csv"})
    with urllib.request.urlopen(request) as response:  # urllib POSTs form-encoded by default
        assert response.status == 200 and b"Bob" in response.read()
    reply = http("POST", ro.sparql, NAMES, {"Content-Type": "application/sparql-query",
                                             "Accept": "text/tab-separated-values"})
    assert reply.status == 200 and reply.media == "text/tab-separated-values"


def test_not_acceptable(ro):
    assert get(ro, NAMES, "image/png").status == 406
    reply = get(ro, "CONSTRUCT WHERE { ?s ?p ?o }", "text/csv")
    assert reply.status == 406 and "text/turtle" in reply.text


# ---------------------------------------------------------------------------------------------------
# Dataset: union default graph unless the request names one


def _names(reply) -> list[str]:
    return sorted(b["name"]["value"] for b in json.loads(reply.body)["results"]["bindings"])


def test_default_graph_is_union_of_all_graphs(ro):
    assert _names(get(ro, NAMES)) == ["Alice", "Bob", "Carol"]


def test_request_dataset_is_honoured(ro):
    assert _names(get(ro, NAMES.replace("WHERE", f"FROM <{G1}> WHERE"))) == ["Alice"]
    assert _names(get(ro, NAMES, **{"default-graph-uri": G2})) == ["Bob"]
    # named graphs only: the default graph is empty, GRAPH ?g sees just the named ones
    assert _names(get(ro, NAMES, **{"named-graph-uri": G1})) == []
    graphs = get(ro, "SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } }", **{"named-graph-uri": G1})
    assert [b["g"]["value"] for b in json.loads(graphs.body)["results"]["bindings"]] == [G1]


def test_word_from_in_a_literal_keeps_union(ro):
    query = 'SELECT ?s ?name WHERE { ?s <http://example.org/name> ?name FILTER(?name != "from") }'
    assert _names(get(ro, query)) == ["Alice", "Bob", "Carol"]


# ---------------------------------------------------------------------------------------------------
# Errors


def test_malformed_query_is_400_with_parser_message(ro):
    reply = get(ro, "SELECT ?x WHERE { ?x ")
    assert reply.status == 400 and "error at 1:" in reply.text and "Traceback" not in reply.text


def test_malformed_query_with_risky_words_is_400(ro):
    reply = get(ro, "SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } ")
    assert reply.status == 400 and "Expected" in reply.text


def test_update_by_get_and_unknown_media_type(ro):
    assert http("GET", ro.sparql + "?update=CLEAR%20ALL").status == 400
    assert http("POST", ro.sparql, "ASK {}", {"Content-Type": "text/plain"}).status == 415
    assert http("PUT", ro.sparql, "ASK {}", {"Content-Type": "application/sparql-query"}).status \
        == 405


def test_bad_graph_iri_is_400(ro):
    assert get(ro, NAMES, **{"default-graph-uri": "not an iri"}).status == 400


# ---------------------------------------------------------------------------------------------------
# Safety: SERVICE and LOAD never reach the network


@pytest.mark.parametrize("template", [
    "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "select * where {{ service silent <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
    "PREFIX c: <{base}> SELECT * WHERE {{ SERVICE c:sparql {{ ?s ?p ?o }} }}",
    "BASE <{base}> SELECT * WHERE {{ SERVICE <sparql> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ BIND(<{url}> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?a ?b ?c OPTIONAL {{ {{ SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }} }}",
    "ASK {{ # a comment }} \n SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
])
def test_service_is_refused_without_any_connection(ro, canary, template):
    query = template.format(url=canary.url, base=canary.url.rsplit("/", 1)[0] + "/")
    reply = get(ro, query)
    assert reply.status == 403 and "SERVICE" in reply.text
    time.sleep(0.05)
    assert canary.connections == 0


def test_service_words_outside_keywords_are_fine(ro):
    query = ('SELECT ?s ?name WHERE { ?s <http://example.org/name> ?name  # SERVICE <http://x/>\n'
             ' FILTER(?name != "LOAD <http://x/>") }')
    assert _names(get(ro, query)) == ["Alice", "Bob", "Carol"]


def test_allowlisted_service_is_let_through(ro, allowed_canary):
    # Proves the refusal above is the check at work: the same query to an allowed IRI does connect.
    get(ro, f"SELECT * WHERE {{ SERVICE <{allowed_canary.url}> {{ ?s ?p ?o }} }}")
    time.sleep(0.05)
    assert allowed_canary.connections >= 1


@pytest.mark.parametrize("template", [
    "LOAD <{url}>",
    "LOAD SILENT <{url}> INTO GRAPH <http://example.org/g>",
    "PREFIX c: <{base}> CLEAR SILENT GRAPH <http://x/> ; LOAD c:sparql",
    "INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
])
def test_load_is_refused_without_any_connection(rw, canary, template):
    update = template.format(url=canary.url, base=canary.url.rsplit("/", 1)[0] + "/")
    reply = post_update(rw, update)
    assert reply.status == 403
    time.sleep(0.05)
    assert canary.connections == 0


def test_jsonld_remote_context_is_not_fetched(rw, canary):
    document = json.dumps({"@context": canary.url, "@id": EX + "x", "name": "x"})
    reply = http("PUT", f"{rw.store}?graph={EX}jsonld", document,
                 {"Content-Type": "application/ld+json", "Authorization": f"Bearer {TOKEN}"})
    assert reply.status == 400
    time.sleep(0.05)
    assert canary.connections == 0


# ---------------------------------------------------------------------------------------------------
# Limits: timeout, rows, sizes


def _reader_pids(ep) -> set[int]:
    return {worker.proc.pid for worker in ep.app.extensions["kg.endpoint"].readers._all}


def test_timeout_is_503_and_the_worker_is_replaced(ro):
    before = _reader_pids(ro)
    started = time.monotonic()
    reply = get(ro, SLOW)
    assert reply.status == 503 and "limit" in reply.text
    assert time.monotonic() - started < TIMEOUT + 2
    assert get(ro, NAMES).status == 200  # the other worker answers meanwhile
    deadline = time.monotonic() + 10
    while len(_reader_pids(ro)) < 2 or _reader_pids(ro) >= before:
        assert time.monotonic() < deadline, "the killed worker was not replaced"
        time.sleep(0.05)
    assert len(before - _reader_pids(ro)) == 1
    for _ in range(4):  # both workers (old and new) answer
        assert get(ro, NAMES).status == 200


def test_worker_malloc_tunables_keep_the_users_settings():
    from kg.endpoint import worker_tunables

    ours = worker_tunables(None).split(":")
    assert "glibc.malloc.tcache_count=256" in ours
    given = worker_tunables("glibc.malloc.tcache_count=7:glibc.mem.tagging=1").split(":")
    assert given[:2] == ["glibc.malloc.tcache_count=7", "glibc.mem.tagging=1"]
    assert "glibc.malloc.tcache_count=256" not in given and "glibc.malloc.hugetlb=1" in given



def test_worker_malloc_choice(tmp_path, monkeypatch):
    from kg.endpoint import worker_allocator, worker_environment
    from kg.errors import ConfigError

    assert worker_allocator("system") is None
    with pytest.raises(ConfigError, match="no malloc library at"):
        worker_allocator(str(tmp_path / "libnothing.so"))
    library = tmp_path / "libmine.so"
    library.write_bytes(b"")
    assert worker_allocator(str(library)) == str(library)
    monkeypatch.delenv("LD_PRELOAD", raising=False)
    assert worker_environment(str(library))["LD_PRELOAD"] == str(library)
    assert "LD_PRELOAD" not in worker_environment(None)
    monkeypatch.setenv("LD_PRELOAD", "libusers.so")  # the user's own preload wins
    assert worker_environment(str(library))["LD_PRELOAD"] == "libusers.so"


def test_workers_run_on_the_chosen_malloc(tmp_path):
    """With "auto", a worker maps the jemalloc/tcmalloc library the system has (none: glibc only)."""
    from kg.endpoint import worker_allocator

    found = worker_allocator("auto")
    if found is None:
        pytest.skip("neither jemalloc nor tcmalloc is installed (Debian libjemalloc2)")
    store = write_store(tmp_path / "store", sample_quads(FILLER))
    with running_endpoint(Settings(store=store), workers=1) as ep:
        assert get(ep, NAMES).status == 200
        (pid,) = _reader_pids(ep)
        assert found in Path(f"/proc/{pid}/maps").read_text()


LONG_TIMEOUT = 6.0


@pytest.fixture
def one_worker(tmp_path):
    """An endpoint with a single query worker and a timeout longer than ABANDON_GRACE."""
    store = write_store(tmp_path / "store", sample_quads(FILLER))
    with running_endpoint(Settings(store=store, query_timeout=LONG_TIMEOUT), workers=1) as ep:
        yield ep


def _send_and_hang_up(ep, query: str, wait: float = 0.0) -> None:
    """Send a query, then close the connection (after `wait` seconds) without reading the answer."""
    port = int(ep.base.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port)) as sock:
        path = "/sparql?" + urllib.parse.urlencode({"query": query})
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        time.sleep(wait)


def test_a_quick_abandoned_query_keeps_its_worker(one_worker):
    before = _reader_pids(one_worker)
    for _ in range(5):
        _send_and_hang_up(one_worker, NAMES)
    assert get(one_worker, NAMES).status == 200
    assert _reader_pids(one_worker) == before  # no worker was killed for it


def test_a_long_abandoned_query_frees_its_worker(one_worker):
    from kg.endpoint import ABANDON_GRACE

    started = time.monotonic()
    _send_and_hang_up(one_worker, SLOW, wait=0.3)
    reply = get(one_worker, NAMES)
    assert reply.status == 200
    # Stopped ABANDON_GRACE after the client left (and its worker replaced), not at the time limit.
    assert time.monotonic() - started < ABANDON_GRACE + 0.3 + 3 < LONG_TIMEOUT


def test_a_queued_query_whose_client_left_is_not_run(one_worker, monkeypatch):
    from kg import endpoint

    sent: list[str] = []
    call = endpoint.WorkerProcess.call

    async def counting_call(self, job, timeout):
        sent.append(job.get("query"))
        return await call(self, job, timeout)

    monkeypatch.setattr(endpoint.WorkerProcess, "call", counting_call)
    busy: list = []
    holder = threading.Thread(target=lambda: busy.append(get(one_worker, SLOW)))
    holder.start()  # keeps the only worker busy until the time limit
    time.sleep(0.3)
    queued = SLOW.replace("?n", "?m")
    _send_and_hang_up(one_worker, queued, wait=0.3)  # waits behind it, then is abandoned
    reply = get(one_worker, NAMES)
    holder.join()
    assert busy[0].status == 503 and reply.status == 200
    assert sent == [SLOW, NAMES]  # the abandoned query never reached a worker


def test_row_cap_is_a_clear_error(ro):
    many = f"SELECT ?s ?v WHERE {{ ?s <{EX}value> ?v }}"
    reply = get(ro, many)
    assert reply.status == 400 and "LIMIT" in reply.text and str(MAX_ROWS) in reply.text
    assert get(ro, many + f" LIMIT {MAX_ROWS}").status == 200
    assert get(ro, f"CONSTRUCT WHERE {{ ?s <{EX}value> ?v }}").status == 400


def test_size_limits(ro):
    padding = "#" + "x" * 17_000 + "\n"
    assert get(ro, padding + "ASK {}").status == 413
    assert get(ro, "#" + "x" * 15_000 + "\nASK {}").status == 200
    big = padding * 70  # > 1 MB
    reply = http("POST", ro.sparql, big + "ASK {}", {"Content-Type": "application/sparql-query"})
    assert reply.status == 413
    form = urllib.parse.urlencode({"query": big + "ASK {}"})
    reply = http("POST", ro.sparql, form, {"Content-Type": "application/x-www-form-urlencoded"})
    assert reply.status == 413
    ok = http("POST", ro.sparql, "#" + "x" * 500_000 + "\nASK {}",
              {"Content-Type": "application/sparql-query"})
    assert ok.status == 200


# ---------------------------------------------------------------------------------------------------
# Writes and tokens


def test_read_only_server_refuses_updates(ro):
    reply = post_update(ro, f"INSERT DATA {{ <{EX}x> <{EX}y> <{EX}z> }}")
    assert reply.status == 403 and "read-only" in reply.text
    reply = http("PUT", f"{ro.store}?default", "", {"Content-Type": "text/turtle"})
    assert reply.status == 403


def test_token_required_for_writes(rw):
    update = f"INSERT DATA {{ GRAPH <{EX}new> {{ <{EX}dave> <{EX}name> 'Dave' }} }}"
    missing = post_update(rw, update, token=None)
    assert missing.status == 401 and "Bearer" in missing.headers["www-authenticate"]
    assert post_update(rw, update, token="wrong").status == 403
    assert post_update(rw, update).status == 204
    assert "Dave" in get(rw, NAMES).text  # readers see the write at once
    form = urllib.parse.urlencode({"update": f"DELETE DATA {{ GRAPH <{EX}new> {{ <{EX}dave> "
                                             f"<{EX}name> 'Dave' }} }}"})
    reply = http("POST", rw.sparql, form, {"Content-Type": "application/x-www-form-urlencoded",
                                           "Authorization": f"Bearer {TOKEN}"})
    assert reply.status == 204 and "Dave" not in get(rw, NAMES).text


def test_graph_store_token_and_roundtrip(rw):
    url = f"{rw.store}?graph={urllib.parse.quote(EX + 'gsp', safe='')}"
    turtle = f"<{EX}erin> <{EX}name> 'Erin' ."
    assert http("PUT", url, turtle, {"Content-Type": "text/turtle"}).status == 401
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert http("PUT", url, turtle, {"Content-Type": "text/turtle", **auth}).status == 201
    reply = http("GET", url, headers={"Accept": "application/n-triples"})
    assert reply.status == 200 and "Erin" in reply.text
    assert http("DELETE", url, headers=auth).status == 204
    assert http("GET", url).status == 404
    assert http("PUT", url, "not turtle", {"Content-Type": "text/turtle", **auth}).status == 400
    assert http("PUT", url, turtle, {"Content-Type": "text/csv", **auth}).status == 415


def test_sparql_update_store(rw):
    from rdflib import Graph, Literal, URIRef
    from rdflib.plugins.stores.sparqlstore import SPARQLUpdateStore

    store = SPARQLUpdateStore(query_endpoint=rw.sparql, update_endpoint=rw.sparql,
                              headers={"Authorization": f"Bearer {TOKEN}"})
    graph = Graph(store=store, identifier=URIRef(EX + "rdflib"))
    triple = (URIRef(EX + "frank"), URIRef(EX + "name"), Literal("Frank"))
    graph.add(triple)
    assert triple in graph
    graph.remove(triple)
    assert triple not in graph


# ---------------------------------------------------------------------------------------------------
# CORS, health, service description, outside writes


def test_cors(ro):
    reply = http("GET", f"{ro.sparql}?query=ASK%7B%7D", headers={"Origin": ORIGIN})
    assert reply.headers["access-control-allow-origin"] == ORIGIN
    assert "access-control-allow-origin" not in http(
        "GET", f"{ro.sparql}?query=ASK%7B%7D", headers={"Origin": "https://evil.example"}).headers
    preflight = http("OPTIONS", ro.sparql, headers={
        "Origin": ORIGIN, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert preflight.status in (200, 204)
    assert "POST" in preflight.headers["access-control-allow-methods"]
    assert "Content-Type" in preflight.headers["access-control-allow-headers"]


def test_health(ro):
    reply = http("GET", ro.base + "/health")
    body = json.loads(reply.body)
    assert reply.status == 200 and body["status"] == "ok"
    assert body["quads"] == len(sample_quads(FILLER)) and body["writable"] is False


def test_service_description(ro):
    from rdflib import Graph, URIRef
    from rdflib.namespace import Namespace

    sd = Namespace("http://www.w3.org/ns/sparql-service-description#")
    reply = http("GET", ro.sparql)
    assert reply.status == 200 and reply.media == "text/turtle"
    graph = Graph().parse(data=reply.text, format="turtle")
    service = graph.value(predicate=sd.endpoint, object=URIRef(ro.sparql))
    assert service is not None
    assert (service, sd.feature, sd.UnionDefaultGraph) in graph
    assert (service, sd.supportedLanguage, sd.SPARQL11Update) not in graph
    xml = http("GET", ro.sparql, headers={"Accept": "application/rdf+xml"})
    assert xml.media == "application/rdf+xml"
    assert len(Graph().parse(data=xml.text, format="xml")) == len(graph)


def test_outside_writes_become_visible(tmp_path):
    """`kg build` may write while the server runs: readers reopen when the store's files change."""
    path = write_store(tmp_path / "store", sample_quads())
    with running_endpoint(Settings(store=path), workers=1) as ep:
        assert "Zoe" not in get(ep, NAMES).text
        writer = ox.Store(str(path))  # the read-only server does not hold RocksDB's lock
        writer.add(ox.Quad(ox.NamedNode(EX + "zoe"), ox.NamedNode(EX + "name"), ox.Literal("Zoe"),
                           ox.NamedNode(G1)))
        writer.flush()
        del writer
        gc.collect()
        time.sleep(1.1)  # the store directory is checked at most once a second
        assert "Zoe" in get(ep, NAMES).text
