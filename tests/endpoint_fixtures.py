"""Shared helpers for the endpoint tests: a real on-disk store, a real waitress server, plain HTTP.

Import from the test modules (`from endpoint_fixtures import ...`); nothing here is mocked.
"""
from __future__ import annotations

import gc
import http.client as httpclient
import socket
import sys
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import server  # noqa: E402  (the project root must be importable first)
from kg.settings import Settings  # noqa: E402

TOKEN = "s3cret-token"
EX = "http://example.org/"
G1, G2 = EX + "graph/1", EX + "graph/2"


def write_store(path: Path, quads: list[ox.Quad]) -> Path:
    """Create an on-disk store holding `quads`, then close it so the server can open it."""
    store = ox.Store(str(path))
    store.extend(quads)
    store.flush()
    del store
    gc.collect()
    return path


def sample_quads(generated: int = 0) -> list[ox.Quad]:
    """Two named graphs, one default-graph triple, and `generated` filler triples (in graph 2)."""
    n = ox.NamedNode
    quads = [
        ox.Quad(n(EX + "alice"), n(EX + "name"), ox.Literal("Alice"), n(G1)),
        ox.Quad(n(EX + "alice"), n(EX + "knows"), n(EX + "bob"), n(G1)),
        ox.Quad(n(EX + "bob"), n(EX + "name"), ox.Literal("Bob", language="en"), n(G2)),
        ox.Quad(n(EX + "carol"), n(EX + "name"), ox.Literal("Carol"), ox.DefaultGraph()),
    ]
    quads += [ox.Quad(n(f"{EX}item/{i}"), n(EX + "value"), ox.Literal(str(i)), n(G2))
              for i in range(generated)]
    return quads


@dataclass
class Endpoint:
    base: str  # http://127.0.0.1:PORT
    settings: Settings
    app: object = field(repr=False)

    @property
    def sparql(self) -> str:
        return self.base + "/sparql"

    @property
    def store(self) -> str:
        return self.base + "/store"


@contextmanager
def running_endpoint(settings: Settings, workers: int = 2) -> Iterator[Endpoint]:
    """A real waitress server on a free loopback port, serving `settings.store`, in a thread."""
    app = server.create_app(settings, workers=workers)
    srv = server.make_server(app, "127.0.0.1", 0, threads=8)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    try:
        yield Endpoint(f"http://127.0.0.1:{srv.effective_port}", settings, app)
    finally:
        server.stop_server(srv)  # its loop thread (a daemon) ends within a second
        server.close_app(app)


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def media(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip()

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


def http(method: str, url: str, body: bytes | str | None = None,
         headers: dict[str, str] | None = None, timeout: float = 30) -> Reply:
    """One raw HTTP request with http.client (no library deciding headers for us)."""
    parts = urlsplit(url)
    conn = httpclient.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    if isinstance(body, str):
        body = body.encode("utf-8")
    try:
        conn.request(method, path or "/", body=body, headers=headers or {})
        resp = conn.getresponse()
        data = resp.read()
        return Reply(resp.status, {k.lower(): v for k, v in resp.getheaders()}, data)
    finally:
        conn.close()


class Canary:
    """A loopback listener counting the connections made to it (SERVICE/LOAD must make none)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/sparql"

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self.sock.close()


# ---------------------------------------------------------------------------------------------------
# W3C HTTP test manifests (SPARQL 1.1 Protocol and Graph Store Protocol), read with rdflib

# A copy of the W3C manifests ships in tests/w3c-tests (W3C test-suite licence, LICENSE.md there), so
# the conformance suites run from any checkout.
W3C_TESTS = ROOT / "tests" / "w3c-tests" / "sparql" / "sparql11"

MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
HT = "http://www.w3.org/2011/http#"
CNT = "http://www.w3.org/2011/content#"
HTS = "http://www.w3.org/2011/http-statusCodes#"
UT = "http://www.w3.org/2009/sparql/tests/test-update#"


@dataclass
class HttpExpectation:
    statuses: list[str]  # hts local names: StatusCode2xx, OK, Created, NotFound, ...
    boolean: bool | None = None
    format: str | None = None  # "boolean", "tabular" or "RDF"
    location_var: str | None = None  # mf:expectedLocation: remember Location under this name
    headers: dict[str, str] = field(default_factory=dict)
    body: str | None = None  # expected RDF, compared by graph isomorphism


@dataclass
class HttpRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    expect: HttpExpectation


@dataclass
class HttpTest:
    id: str
    name: str
    requests: list[HttpRequest]
    graph_data: list[tuple[Path, str]]  # (file, graph IRI) to load before the requests

    def __str__(self) -> str:
        return self.id


def status_matches(status: int, expected: list[str]) -> bool:
    """hts:StatusCode2xx-style classes or named codes (hts:NoContent = 204)."""
    import re
    from http import HTTPStatus

    for name in expected:
        if name.startswith("StatusCode"):
            if str(status)[0] == name[len("StatusCode")]:
                return True
        elif status == HTTPStatus[re.sub(r"(?<=[a-z])(?=[A-Z])", "_", name).upper()]:
            return True
    return False


def load_http_manifest(path: Path) -> list[HttpTest]:
    """The tests of a manifest (following mf:include), in manifest order."""
    from rdflib import Graph, Namespace, URIRef
    from rdflib.collection import Collection

    mf, ht, cnt, ut = Namespace(MF), Namespace(HT), Namespace(CNT), Namespace(UT)
    graph = Graph().parse(path, format="turtle", publicID=path.as_uri())
    manifest = URIRef(path.as_uri())
    tests: list[HttpTest] = []
    for included in graph.objects(manifest, mf.include):
        for item in Collection(graph, included):
            tests += load_http_manifest(Path(str(item).removeprefix("file://")))
    for entries in graph.objects(manifest, mf.entries):
        for test in Collection(graph, entries):
            tests.append(_read_test(graph, test, mf, ht, cnt, ut))
    return tests


def _local(iri) -> str:
    return str(iri).rsplit("#", 1)[-1]


def _headers(graph, node, ht) -> dict[str, str]:
    from rdflib.collection import Collection

    out: dict[str, str] = {}
    for headers in graph.objects(node, ht.headers):
        for header in Collection(graph, headers):
            out[str(graph.value(header, ht.fieldName))] = str(graph.value(header, ht.fieldValue))
    return out


def _read_test(graph, test, mf, ht, cnt, ut) -> HttpTest:
    from rdflib.collection import Collection
    from rdflib.namespace import RDFS

    action = graph.value(test, mf.action)
    requests = []
    for lst in graph.objects(action, ht.requests):
        for req in Collection(graph, lst):
            body_node = graph.value(req, ht.body)
            body = None
            if body_node is not None:
                encoding = str(graph.value(body_node, cnt.characterEncoding) or "UTF-8")
                body = str(graph.value(body_node, cnt.chars)).encode(encoding.lower())
            resp = graph.value(req, ht.resp)
            resp_body = graph.value(resp, ht.body)
            boolean = graph.value(resp, mf.expectedBoolean)
            fmt = graph.value(resp, mf.expectedFormat)
            location = graph.value(resp, mf.expectedLocation)
            expect = HttpExpectation(
                statuses=sorted(_local(s) for s in graph.objects(resp, mf.expectedStatus)),
                boolean=None if boolean is None else boolean.toPython(),
                format=None if fmt is None else str(fmt),
                location_var=None if location is None else str(location),
                headers=_headers(graph, resp, ht),
                body=None if resp_body is None else str(graph.value(resp_body, cnt.chars)))
            requests.append(HttpRequest(str(graph.value(req, ht.methodName)),
                                        str(graph.value(req, ht.absolutePath)),
                                        _headers(graph, req, ht), body, expect))
    data = []
    for graph_data in graph.objects(test, ut.graphData):
        file = Path(str(graph.value(graph_data, ut.graph)).removeprefix("file://"))
        data.append((file, str(graph.value(graph_data, RDFS.label))))
    return HttpTest(_local(test), str(graph.value(test, mf.name)), requests, data)


def reset_store(ep: Endpoint, graph_data: list[tuple[Path, str]] = ()) -> None:
    """Empty the store through the protocol (DROP ALL), then PUT each data file into its graph."""
    auth = {"Authorization": f"Bearer {TOKEN}"}
    reply = http("POST", ep.sparql, "DROP ALL",
                 {"Content-Type": "application/sparql-update", **auth})
    assert reply.status == 204, reply.text
    for file, graph_iri in graph_data:
        from urllib.parse import quote

        reply = http("PUT", f"{ep.store}?graph={quote(graph_iri, safe='')}", file.read_bytes(),
                     {"Content-Type": "application/n-triples", **auth})
        assert reply.status in (201, 204), reply.text


def check_result_format(reply: Reply, expected: str, boolean: bool | None) -> None:
    """mf:expectedFormat / mf:expectedBoolean of the protocol manifest, checked by parsing."""
    results = {"application/sparql-results+json": ox.QueryResultsFormat.JSON,
               "application/sparql-results+xml": ox.QueryResultsFormat.XML,
               "text/tab-separated-values": ox.QueryResultsFormat.TSV}
    if expected == "RDF":
        fmt = ox.RdfFormat.from_media_type(reply.media)
        assert fmt is not None, f"not an RDF media type: {reply.media}"
        list(ox.parse(reply.body, format=fmt))
        return
    if expected == "tabular" and reply.media == "text/csv":
        assert reply.text.splitlines(), "empty CSV"
        return
    assert reply.media in results, f"not a SPARQL results media type: {reply.media}"
    parsed = ox.parse_query_results(reply.body, format=results[reply.media])
    if expected == "boolean":
        assert isinstance(parsed, ox.QueryBoolean), "expected a boolean result"
        if boolean is not None:
            assert bool(parsed) is boolean
    else:
        assert isinstance(parsed, ox.QuerySolutions), "expected a tabular result"
        list(parsed)


def check_rdf_body(reply: Reply, expected_turtle: str, base: str) -> None:
    """The response graph must be isomorphic to the manifest's expected Turtle."""
    from rdflib import Graph
    from rdflib.compare import isomorphic

    fmt = ox.RdfFormat.from_media_type(reply.media)
    assert fmt is not None, reply.media
    got = Graph().parse(data=reply.text, format={"text/turtle": "turtle"}.get(reply.media,
                                                                                 "nt"), publicID=base)
    want = Graph().parse(data=expected_turtle, format="turtle", publicID=base)
    assert isomorphic(got, want), f"graphs differ:\n{reply.text}"


def run_http_test(ep: Endpoint, test: HttpTest, prefix: str, path: str) -> None:
    """Run a manifest test's requests in order; `prefix` of each absolutePath is replaced by `path`."""
    variables: dict[str, str] = {}
    for number, req in enumerate(test.requests, 1):
        target, body = req.path, req.body
        for name, value in variables.items():
            target = target.replace(name, value)
            body = body.replace(name.encode(), value.encode()) if body is not None else None
        assert target.startswith(prefix), target
        url = ep.base + path + target[len(prefix):]
        headers = {**req.headers, "Authorization": f"Bearer {TOKEN}"}
        reply = http(req.method, url, body, headers)
        where = f"{test.id} request {number}: {req.method} {target} -> {reply.status} {reply.text}"
        assert status_matches(reply.status, req.expect.statuses), where
        if req.expect.location_var:
            assert "location" in reply.headers, where
            variables[req.expect.location_var] = reply.headers["location"]
        if req.expect.format:
            check_result_format(reply, req.expect.format, req.expect.boolean)
        for name, value in req.expect.headers.items():
            normal = lambda v: v.replace(" ", "").lower()  # noqa: E731
            assert normal(reply.headers.get(name.lower(), "")) == normal(value), where
        if req.expect.body is not None and req.method != "HEAD":
            check_rdf_body(reply, req.expect.body, url)
