"""End to end on the demo corpus: build it into a fresh on-disk store with the real pipeline,
serve it with the real server on 127.0.0.1, and query it over HTTP with SPARQLWrapper and rdflib's
SPARQLStore using their defaults; run every saved query through the endpoint."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, SPARQLWrapper

sys.path.insert(0, str(Path(__file__).resolve().parent))
from endpoint_fixtures import http, running_endpoint  # noqa: E402

from kg.settings import Settings  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
QUERIES = sorted((REPO / "queries").glob("*.rq"))
SHARED_MEETING = """
PREFIX dip: <https://w3id.org/diplomacy-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?m ?place WHERE {
  ?m a dip:Meeting ; dip:participant ?a , ?b ; dip:location/rdfs:label ?place .
  ?a rdfs:label ?la . ?b rdfs:label ?lb .
  FILTER(CONTAINS(?la, "Kim Jong") && CONTAINS(?lb, "Putin"))
}"""


@pytest.fixture(scope="module")
def demo_endpoint(tmp_path_factory: pytest.TempPathFactory):
    from kg.pipeline import Builder

    store = tmp_path_factory.mktemp("demo") / "store"
    settings = Settings(store=store, link=False)
    Builder(settings).build([str(REPO / "corpus" / "demo")], progress=lambda _: None)
    with running_endpoint(settings) as endpoint:
        yield endpoint


def test_sparqlwrapper_defaults_find_kim_and_putin_meeting_in_moscow(demo_endpoint) -> None:
    client = SPARQLWrapper(demo_endpoint.base + "/sparql")  # GET, asks for XML: its defaults
    client.setQuery(SHARED_MEETING)
    result = client.query().convert()  # an XML DOM document
    places = {node.firstChild.data for node in result.getElementsByTagName("literal")}
    assert "Moscow" in places


def test_sparqlwrapper_json(demo_endpoint) -> None:
    client = SPARQLWrapper(demo_endpoint.base + "/sparql")
    client.setQuery(SHARED_MEETING)
    client.setReturnFormat(JSON)
    rows = client.query().convert()["results"]["bindings"]
    assert {"Moscow", "Vladivostok"} <= {r["place"]["value"] for r in rows}


def test_rdflib_sparqlstore_defaults(demo_endpoint) -> None:
    graph = Graph(SPARQLStore(query_endpoint=demo_endpoint.base + "/sparql"))
    places = {str(row.place) for row in graph.query(SHARED_MEETING)}
    assert "Moscow" in places
    labels = set(graph.objects(predicate=__import__("rdflib").RDFS.label))
    assert Literal("Vladimir Putin") in labels


def test_construct_with_sparqlwrapper_defaults(demo_endpoint) -> None:
    client = SPARQLWrapper(demo_endpoint.base + "/sparql")
    client.setQuery("PREFIX dip: <https://w3id.org/diplomacy-kg/ontology#> "
                    "CONSTRUCT { ?m dip:participant ?p } WHERE { ?m dip:participant ?p }")
    graph = client.query().convert()  # rdflib graph
    assert len(graph) >= 10


@pytest.mark.parametrize("query_file", QUERIES, ids=[q.stem for q in QUERIES])
def test_every_saved_query_runs_on_the_demo_graph(demo_endpoint, query_file: Path) -> None:
    text = query_file.read_text(encoding="utf-8")
    assert text.lstrip().startswith("#"), "a saved query opens with a comment saying its question"
    reply = http("POST", demo_endpoint.base + "/sparql", text.encode(),
                 {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
    if "SERVICE <" in text:
        # The federated query is for clients that allow SERVICE; this server refuses it by default.
        assert reply.status == 403
        return
    assert reply.status == 200, reply.body[:300]
    import json

    rows = json.loads(reply.body)["results"]["bindings"]
    assert rows, f"{query_file.name} returns nothing on the demo graph"
