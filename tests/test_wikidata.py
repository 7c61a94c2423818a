"""The Wikidata linker against a real SPARQL endpoint on loopback.

`oxigraph serve-read-only` (the `oxigraph` CLI from PyPI) serves a hand-written, Wikidata-shaped
fixture (tests/fixtures/wikidata/); when the CLI is missing, a tiny http.server + pyoxigraph
endpoint stands in. Small stub servers play a throttling or failing endpoint.
"""
from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from kg.errors import LinkError
from kg.wikidata import (
    DEFAULT_USER_AGENT, PersonQuery, PlaceQuery, WikidataLinker, entity_iri, name_variants,
    normalize_name, qid_of,
)

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "wikidata" / "wikidata-sample.ttl"
FEDERATED = ROOT / "queries" / "wikidata-federated.rq"


# ------------------------------------------------------------------------------ servers
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_port(port: int, proc: subprocess.Popen | None = None, limit: float = 15.0) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"SPARQL server exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"SPARQL server did not listen on port {port}")


def _oxigraph_cli() -> str | None:
    local = Path(sys.executable).parent / "oxigraph"
    return str(local) if local.exists() else shutil.which("oxigraph")


class _PyoxigraphHandler(BaseHTTPRequestHandler):
    """SPARQL 1.1 Protocol queries (GET, POST form, POST direct) over a pyoxigraph store."""

    store = None

    def do_GET(self):
        self._answer(urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query))

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        if "sparql-query" in (self.headers.get("Content-Type") or ""):
            self._answer({"query": [body]})
        else:
            self._answer(urllib.parse.parse_qs(body))

    def _answer(self, params):
        import pyoxigraph as ox
        try:
            result = self.store.query(params["query"][0])
            body = result.serialize(format=ox.QueryResultsFormat.JSON)
        except (KeyError, SyntaxError, ValueError, OSError) as e:
            self.send_error(400, str(e))
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@contextmanager
def sparql_server(tmp: Path):
    """A read-only SPARQL endpoint on 127.0.0.1 over the fixture; yields its URL."""
    cli = _oxigraph_cli()
    port = _free_port()
    if cli:
        db = tmp / "oxigraph-db"
        subprocess.run([cli, "load", "--location", str(db), "--file", str(FIXTURE)], check=True,
                       capture_output=True, timeout=60)
        proc = subprocess.Popen([cli, "serve-read-only", "--location", str(db),
                                 "--bind", f"127.0.0.1:{port}"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            _wait_for_port(port, proc)
            yield f"http://127.0.0.1:{port}/query"
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    else:   # stand-in: pyoxigraph behind http.server
        import pyoxigraph as ox
        store = ox.Store()
        store.load(path=str(FIXTURE), format=ox.RdfFormat.TURTLE)
        handler = type("Handler", (_PyoxigraphHandler,), {"store": store})
        server = ThreadingHTTPServer(("127.0.0.1", port), handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{port}/query"
        finally:
            server.shutdown()
            server.server_close()
            thread.join(5)


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    with sparql_server(tmp_path_factory.mktemp("wikidata-endpoint")) as url:
        yield url


@pytest.fixture()
def linker(endpoint, tmp_path):
    with WikidataLinker(endpoint, tmp_path / "wikidata-cache.sqlite",
                        requests_per_second=0, timeout=10) as lk:
        yield lk


class _Stub(BaseHTTPRequestHandler):
    """Answers from a script of (status, headers) pairs; records every request."""

    script: list = []
    seen: list = []

    def _reply(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        self.seen.append({"method": self.command, "path": self.path, "body": body,
                          "agent": self.headers.get("User-Agent"),
                          "accept": self.headers.get("Accept"), "at": time.monotonic()})
        status, headers = self.script.pop(0) if len(self.script) > 1 else self.script[0]
        if "X-Sleep" in headers:                       # play a slow endpoint
            time.sleep(float(headers["X-Sleep"]))
        data = (json.dumps({"head": {"vars": []}, "results": {"bindings": []}}).encode()
                if status == 200 else b"busy")
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/sparql-results+json" if status == 200
                             else "text/plain")
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except OSError:                                # the client gave up (timeout test)
            pass

    do_GET = do_POST = _reply

    def log_message(self, *args):
        pass


@contextmanager
def stub_server(script):
    handler = type("Stub", (_Stub,), {"script": list(script), "seen": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sparql", handler.seen
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


# ------------------------------------------------------------------------------ names
def test_name_variants_cover_romanisations_initials_and_saints():
    assert name_variants("Kim Jong Il", person=True)[0] == "Kim Jong Il"
    assert {"Kim Jong-il", "Kim Jong-Il"} <= set(name_variants("Kim Jong Il", person=True))
    assert {"Kim Jong Il", "Kim Jong-Il"} <= set(name_variants("Kim Jong-il", person=True))
    assert "George W Bush" in name_variants("George W. Bush", person=True)
    assert "George H. W. Bush" in name_variants("George H.W. Bush", person=True)
    assert {"Saint Petersburg", "St. Petersburg"} <= set(name_variants("St Petersburg"))
    assert "Dmitry Medvedev" in name_variants("Dmitri Medvedev", person=True)
    assert "Sergey Prikhodko" in name_variants("Sergei Prikhodko", person=True)
    assert "Sao Paulo" in name_variants("São Paulo")
    assert "Kremlin" in name_variants("the Kremlin")
    assert name_variants("Mr. Putin", person=True)[0] == "Putin"
    assert len(name_variants("Jang Song Thaek Jong Il Kim Il Sung", person=True)) <= 16
    assert normalize_name("Kim Jong-Il") == normalize_name("kim jong il")


def test_iri_helpers():
    assert entity_iri("Q7747") == "http://www.wikidata.org/entity/Q7747"
    assert qid_of("http://www.wikidata.org/entity/Q7747") == "Q7747"
    assert qid_of("https://w3id.org/diplomacy-kg/id/person/x") is None


# ------------------------------------------------------------------------------ persons
@pytest.mark.parametrize("query, expected", [
    (PersonQuery("Vladimir Putin", ("Putin",), ("Russian President",), ("RU",)), "Q7747"),
    (PersonQuery("Vladimir Putin"), "Q7747"),                       # prior beats a namesake
    (PersonQuery("Kim Jong Il", ("Kim Jong-Il", "Kim"), (), ("KP", "RU")), "Q10665"),
    (PersonQuery("Kim Jong-Il"), "Q10665"),
    (PersonQuery("Kim Il Sung", ("Kim Il-Sung",)), "Q41117"),
    (PersonQuery("Kim Jong Un", (), (), ("KP",)), "Q56226"),
    (PersonQuery("Dmitri Medvedev", (), ("Prime Minister",), ("RU",)), "Q23530"),
    (PersonQuery("Sergei Prikhodko", ("Prikhodko",), (), ("RU", "KP")), "Q2272602"),
    (PersonQuery("Colin Powell", (), ("Secretary of State",), ("US",)), "Q150851"),
    (PersonQuery("George W. Bush", ("Bush",), (), ("US",)), "Q207"),
    (PersonQuery("George W Bush"), "Q207"),
    (PersonQuery("George Bush", (), ("Texas Governor",), ("US",)), "Q207"),
    (PersonQuery("George Bush", ("George W. Bush",), (), ("US",)), "Q207"),
    (PersonQuery("George Bush", (), ("Director of Central Intelligence", "Vice President"),
                 ("US",)), "Q23505"),
    (PersonQuery("Kim Yong Chun", (), ("Minister of the People's Armed Forces",), ("KP",)),
     "Q99990001"),
])
def test_persons_are_linked(linker, query, expected):
    assert linker.link_persons([query]) == {query: expected}


@pytest.mark.parametrize("query", [
    PersonQuery("George Bush", ("Bush",), ("President",), ("US",)),   # two presidents Bush
    PersonQuery("George Bush"),
    PersonQuery("Kim Yong Chun"),                                     # two namesakes, no context
    PersonQuery("Ilya Klebanov", ("Klebanov",), ("Deputy Prime Minister",), ("RU",)),  # unknown
    PersonQuery("Kim", (), (), ("KP",)),                              # surname only
])
def test_ambiguous_or_unknown_persons_stay_unlinked(linker, query):
    assert linker.link_persons([query]) == {query: None}


def test_batch_of_persons_in_few_requests(linker):
    queries = [PersonQuery("Vladimir Putin", (), (), ("RU",)), PersonQuery("Kim Jong Il"),
               PersonQuery("Kim Il Sung"), PersonQuery("George W. Bush"),
               PersonQuery("Colin Powell"), PersonQuery("Ilya Klebanov")]
    links = linker.link_persons(queries)
    assert [links[q] for q in queries] == ["Q7747", "Q10665", "Q41117", "Q207", "Q150851", None]
    assert linker.requests_sent <= 3          # candidates, details, ISO codes


def test_disambiguation_pages_and_other_types_are_no_candidates(linker):
    d = linker.resolve_persons([PersonQuery("George Bush")])[PersonQuery("George Bush")]
    assert {c for c, _ in d.candidates} == {"Q207", "Q23505"}      # not Q99990301
    assert d.qid is None and d.best in {"Q207", "Q23505"} and d.confidence < 0.6
    q = PlaceQuery("Moscow", "city")
    d = linker.resolve_places([q])[q]
    # no disambiguation page, no film; Moscow, Pennsylvania is a settlement only through TWO
    # wdt:P279 steps in the fixture, and the linker follows one.
    assert {c for c, _ in d.candidates} == {"Q649", "Q499296"}


# ------------------------------------------------------------------------------ places
@pytest.mark.parametrize("query, expected", [
    (PlaceQuery("Moscow", "city", "RU"), "Q649"),
    (PlaceQuery("Moscow", "city"), "Q649"),
    (PlaceQuery("Moscow", "city", context_countries=("KP", "RU")), "Q649"),
    (PlaceQuery("Moscow", "city", "US"), "Q499296"),
    (PlaceQuery("Moscow", "city", geonames_id=5601538), "Q499296"),    # GeoNames id decides
    (PlaceQuery("Russia", "country", "RU"), "Q159"),
    (PlaceQuery("Russian Federation", "country"), "Q159"),
    (PlaceQuery("North Korea", "country", "KP", 1873107), "Q423"),
    (PlaceQuery("United States", "country", "US"), "Q30"),
    (PlaceQuery("China", "country"), "Q148"),                          # an alias
    (PlaceQuery("Soviet Union", "country"), "Q15180"),                 # historical country
    (PlaceQuery("Georgia", "country"), "Q230"),
    (PlaceQuery("Georgia", "country", "GE"), "Q230"),
    (PlaceQuery("Georgia", "region", "US"), "Q1428"),
    (PlaceQuery("Pyongyang", "city", "KP"), "Q18808"),
    (PlaceQuery("Vladivostok", "city", "RU"), "Q959"),                 # class via one P279 step
    (PlaceQuery("Khabarovsk", "city"), "Q4454"),                       # sitelinks on a data node
    (PlaceQuery("St Petersburg", "city", "RU"), "Q656"),
    (PlaceQuery("St Petersburg", "city"), "Q656"),
    (PlaceQuery("St. Petersburg", "city", "US"), "Q49236"),
    (PlaceQuery("Washington", "city"), "Q61"),
    (PlaceQuery("Washington", "region", "US"), "Q1223"),
    (PlaceQuery("Primorye", "region", "RU"), "Q99990601"),
    (PlaceQuery("Asia", "region"), "Q48"),
    (PlaceQuery("Siberia", "region"), "Q5428"),
    (PlaceQuery("Lake Baikal", "water"), "Q5513"),
    (PlaceQuery("Trans-Siberian Railway", "other"), "Q58767"),
    (PlaceQuery("Kremlin", "site"), "Q42308"),
    (PlaceQuery("Khasan", "town", "RU"), None),                        # not in the endpoint
    (PlaceQuery("Moscow", "water"), None),                             # no Moscow is water
    (PlaceQuery("Atlantis", "city", geonames_id=1), None),
])
def test_places_are_linked(linker, query, expected):
    assert linker.link_places([query]) == {query: expected}


def test_place_kind_accepts_enum_values(linker):
    from kg.model import PlaceKind
    q = PlaceQuery("Georgia", PlaceKind.COUNTRY)
    assert linker.link_places([q])[q] == "Q230"


def test_sitelinks_read_from_item_and_from_data_node(linker):
    details = linker._details("place", ["Q649", "Q4454"])
    assert details["Q649"]["sitelinks"] == 320
    assert details["Q4454"]["sitelinks"] == 95


# ------------------------------------------------------------------------------ threshold
def test_threshold_is_respected(endpoint, tmp_path):
    cache = tmp_path / "cache.sqlite"
    q = PlaceQuery("Moscow", "city")
    with WikidataLinker(endpoint, cache, requests_per_second=0) as lk:
        d = lk.resolve_places([q])[q]
    assert d.qid == "Q649" and 0.7 < d.confidence < 1.0
    with WikidataLinker(endpoint, cache, requests_per_second=0,
                        min_confidence=d.confidence + 0.001) as strict:
        assert strict.link_places([q]) == {q: None}
        assert strict.resolve_places([q])[q].best == "Q649"
        assert strict.requests_sent == 0                 # decided from the cache
    with WikidataLinker(endpoint, cache, requests_per_second=0,
                        min_confidence=d.confidence - 0.001) as lax:
        assert lax.link_places([q]) == {q: "Q649"}
    p = PersonQuery("George Bush", (), ("President",), ("US",))
    with WikidataLinker(endpoint, cache, requests_per_second=0, min_confidence=0.4) as loose:
        assert loose.link_persons([p])[p] in {"Q207", "Q23505"}


# ------------------------------------------------------------------------------ cache
def test_cache_answers_when_the_endpoint_is_gone(tmp_path):
    cache = tmp_path / "cache.sqlite"
    persons = [PersonQuery("Vladimir Putin", ("Putin",), ("President",), ("RU",)),
               PersonQuery("Kim Jong Il", (), (), ("KP",)), PersonQuery("George Bush"),
               PersonQuery("Ilya Klebanov", (), (), ("RU",))]
    places = [PlaceQuery("Moscow", "city", "RU", 524901), PlaceQuery("Georgia", "country"),
              PlaceQuery("Atlantis", "city")]
    with sparql_server(tmp_path) as url:
        with WikidataLinker(url, cache, requests_per_second=0) as first:
            p1, l1 = first.link_persons(persons), first.link_places(places)
            assert first.requests_sent > 0
    assert p1[persons[0]] == "Q7747" and p1[persons[3]] is None
    assert l1[places[0]] == "Q649" and l1[places[2]] is None
    # The server is stopped: everything, negative answers included, comes from the cache.
    with WikidataLinker(url, cache, requests_per_second=0) as second:
        assert second.link_persons(persons) == p1
        assert second.link_places(places) == l1
        # other contexts and thresholds reuse the same evidence
        assert second.link_persons([PersonQuery("Vladimir Putin")]) == {
            PersonQuery("Vladimir Putin"): "Q7747"}
        assert second.requests_sent == 0
        # a name never asked needs the (gone) endpoint
        with pytest.raises(LinkError):
            second.link_persons([PersonQuery("Mikhail Fradkov")])


def test_cache_is_per_endpoint(endpoint, tmp_path):
    cache = tmp_path / "cache.sqlite"
    q = PersonQuery("Colin Powell")
    with WikidataLinker(endpoint, cache, requests_per_second=0) as lk:
        assert lk.link_persons([q])[q] == "Q150851"
    with WikidataLinker(f"http://127.0.0.1:{_free_port()}/sparql", cache) as other:
        with pytest.raises(LinkError):
            other.link_persons([q])


# ------------------------------------------------------------------------------ failures
def test_unreachable_endpoint_fails_fast(tmp_path):
    url = f"http://127.0.0.1:{_free_port()}/sparql"     # nothing listens there
    lk = WikidataLinker(url, tmp_path / "cache.sqlite", timeout=20)
    start = time.monotonic()
    with pytest.raises(LinkError, match="unreachable"):
        lk.link_persons([PersonQuery("Vladimir Putin")])
    assert time.monotonic() - start < 3
    start = time.monotonic()
    with pytest.raises(LinkError):                      # no second attempt, no retry storm
        lk.link_places([PlaceQuery("Moscow", "city")])
    assert time.monotonic() - start < 0.5
    assert lk.requests_sent == 0
    lk.close()


def test_empty_input_sends_nothing(tmp_path):
    lk = WikidataLinker(f"http://127.0.0.1:{_free_port()}/sparql", tmp_path / "c.sqlite")
    assert lk.link_persons([]) == {} and lk.link_places([]) == {}
    lk.close()


def test_bad_endpoint_url_is_a_config_error(tmp_path):
    from kg.errors import ConfigError
    with pytest.raises(ConfigError):
        WikidataLinker("ftp://example.org/sparql", tmp_path / "c.sqlite")


def test_retry_after_is_honoured_and_requests_are_polite(tmp_path):
    with stub_server([(429, {"Retry-After": "1"}), (200, {})]) as (url, seen):
        lk = WikidataLinker(url, tmp_path / "c.sqlite", backoff=0.01, requests_per_second=0)
        q = PersonQuery("Vladimir Putin")
        assert lk.link_persons([q]) == {q: None}
        lk.close()
    assert len(seen) == 2                                  # one 429, then one answer
    assert seen[1]["at"] - seen[0]["at"] >= 0.95
    assert seen[0]["agent"] == DEFAULT_USER_AGENT and "diplomacy-kg" in seen[0]["agent"]
    assert "application/sparql-results+json" in seen[0]["accept"]
    assert "format=" not in seen[0]["path"]                # content negotiation only


def test_server_errors_are_retried_then_reported(tmp_path):
    with stub_server([(503, {})]) as (url, seen):
        lk = WikidataLinker(url, tmp_path / "c.sqlite", backoff=0.01, max_retries=2,
                            requests_per_second=0)
        with pytest.raises(LinkError, match="503"):
            lk.link_persons([PersonQuery("Vladimir Putin")])
        with pytest.raises(LinkError):                    # the linker stays down
            lk.link_persons([PersonQuery("Kim Jong Il")])
        lk.close()
    assert len(seen) == 3


def test_long_retry_after_gives_up_at_once(tmp_path):
    with stub_server([(429, {"Retry-After": "3600"})]) as (url, seen):
        lk = WikidataLinker(url, tmp_path / "c.sqlite", requests_per_second=0)
        start = time.monotonic()
        with pytest.raises(LinkError, match="429"):
            lk.link_places([PlaceQuery("Moscow", "city")])
        assert time.monotonic() - start < 2
        lk.close()
    assert len(seen) == 1


def test_rate_limit_and_post_for_long_queries(tmp_path):
    with stub_server([(200, {})]) as (url, seen):
        lk = WikidataLinker(url, tmp_path / "c.sqlite", requests_per_second=4, batch_size=10,
                            post_threshold=600)
        names = [PersonQuery(f"Person Number{i}") for i in range(25)]
        lk.link_persons(names)
        lk.link_persons([PersonQuery("Ab Cd")])
        lk.close()
    assert len(seen) == 4                                  # 10 + 10 + 5 names, then 1
    assert [r["method"] for r in seen[:2]] == ["POST", "POST"]   # long queries
    assert seen[-1]["method"] == "GET"                     # a short one
    assert "VALUES" in urllib.parse.parse_qs(seen[0]["body"])["query"][0]
    gaps = [b["at"] - a["at"] for a, b in zip(seen, seen[1:])]
    assert gaps and min(gaps) >= 0.2          # 4 requests per second at most


def test_slow_endpoint_times_out_with_one_retry_only(tmp_path):
    with stub_server([(200, {"X-Sleep": "1.5"})]) as (url, seen):
        lk = WikidataLinker(url, tmp_path / "c.sqlite", timeout=0.4, backoff=0.01,
                            max_retries=5, requests_per_second=0)
        start = time.monotonic()
        with pytest.raises(LinkError, match="timed out"):
            lk.link_persons([PersonQuery("Vladimir Putin")])
        assert time.monotonic() - start < 2
        lk.close()
    assert len(seen) == 2


# ------------------------------------------------------------------------------ build glue
def test_link_resolved_sets_qids_once_per_iri(linker):
    from kg.model import (Article, ArticleFacts, GeoMatch, PersonFact, PlaceFact, PlaceKind,
                          ResolvedArticle, ResolvedPerson, ResolvedPlace)
    from kg.wikidata import article_countries, link_resolved

    def article(n, persons, places):
        a = Article(f"a{n}", f"a{n}.txt", None, None, "")
        return ResolvedArticle(ArticleFacts(a, [], [], [], [], set()), persons, places, [])

    moscow = GeoMatch(524901, "Moscow", PlaceKind.CITY, "RU", 55.75, 37.62, 10_000_000)
    kp = GeoMatch(1873107, "North Korea", PlaceKind.COUNTRY, "KP", 39.0, 125.7, 25_000_000)
    kim1 = ResolvedPerson("res:kim", PersonFact("Kim Jong Il", {"Kim", "Kim Jong-Il"}))
    kim2 = ResolvedPerson("res:kim", PersonFact("Kim Jong Il", set(), {"North Korean leader"}))
    bush = ResolvedPerson("res:bush", PersonFact("George Bush", {"Bush"}, {"President"}))
    a1 = article(1, [kim1, bush], [
        ResolvedPlace("res:moscow", PlaceFact("Moscow", kind=PlaceKind.CITY), moscow),
        ResolvedPlace("res:kp", PlaceFact("North Korea"), kp)])
    a2 = article(2, [kim2], [ResolvedPlace("res:moscow", PlaceFact("Moscow"), moscow),
                             ResolvedPlace("res:atl", PlaceFact("Atlantis", kind=PlaceKind.CITY))])
    assert article_countries(a1) == ("KP", "RU")
    links = link_resolved(linker, [a1, a2])
    assert links == {"res:kim": "Q10665", "res:bush": None, "res:moscow": "Q649",
                     "res:kp": "Q423", "res:atl": None}
    assert kim1.wikidata == kim2.wikidata == "Q10665"
    assert a2.places[0].wikidata == "Q649" and a2.places[1].wikidata is None


# ------------------------------------------------------------------------------ saved query
def test_federated_query_joins_our_persons_with_wikidata(endpoint):
    """The saved query, with its SERVICE IRI pointed at the loopback fixture, run by rdflib."""
    import rdflib

    text = FEDERATED.read_text()
    assert text.lstrip().startswith("#") and "SERVICE <https://query.wikidata.org/sparql>" in text
    g = rdflib.Graph()
    g.parse(format="turtle", data="""
        @prefix dip: <https://w3id.org/diplomacy-kg/ontology#> .
        @prefix owl: <http://www.w3.org/2002/07/owl#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        <https://w3id.org/diplomacy-kg/id/person/vladimir-putin> a dip:Person ;
            rdfs:label "Vladimir Putin" ;
            owl:sameAs <http://www.wikidata.org/entity/Q7747> .
        <https://w3id.org/diplomacy-kg/id/person/ilya-klebanov> a dip:Person ;
            rdfs:label "Ilya Klebanov" .
    """)
    rows = list(g.query(text.replace("https://query.wikidata.org/sparql", endpoint)))
    assert rows, "no row"
    assert {str(r.name) for r in rows} == {"Vladimir Putin"}
    assert {str(r.birthDate)[:10] for r in rows} == {"1952-10-07"}
    assert {str(r.positionLabel) for r in rows} == {"President of Russia",
                                                   "Prime Minister of Russia"}
