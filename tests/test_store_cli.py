"""The `kg` command line as a subprocess over a real on-disk store: build, rebuild, export,
query, errors, and the contract's graph shape."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from conftest import DIP, open_store, quad_count, run_kg, select, write_article

PARIS_A = """Modi and Sharif hold talks in Paris - 2023-03-15

Indian Prime Minister Narendra Modi met Pakistani Prime Minister Shehbaz Sharif in Paris on Tuesday to discuss trade.
"""
PARIS_B = """Paris talks end with a handshake - 2023-03-16

Pakistani Prime Minister Shehbaz Sharif held talks with Indian Prime Minister Narendra Modi in Paris on Tuesday.
"""
NAIROBI = """Ruto and Tinubu meet in Nairobi - 2023-03-15

Kenyan President William Ruto met Nigerian President Bola Tinubu in Nairobi on Monday to discuss terrorism.
"""
MOMBASA = """Ruto and Tinubu meet in Mombasa - 2023-03-15

Kenyan President William Ruto met Ghanaian President Nana Akufo-Addo in Mombasa on Monday to discuss energy.
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    write_article(folder, "a_paris.txt", PARIS_A)
    write_article(folder, "b_paris.txt", PARIS_B)
    write_article(folder, "c_nairobi.txt", NAIROBI)
    return folder


@pytest.fixture(scope="module")
def built(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built from the corpus folder by `kg build` (fresh store)."""
    store = tmp_path_factory.mktemp("built") / "store"
    result = run_kg("build", corpus, "--store", store, "--no-link")
    assert result.returncode == 0, result.stderr
    return store


@pytest.fixture
def store_copy(built: Path, tmp_path: Path) -> Path:
    """A private copy of the built store, for tests that write."""
    copy = tmp_path / "store"
    shutil.copytree(built, copy)
    return copy


def nquads(store: Path) -> set[str]:
    s = open_store(store)
    try:
        return set(ox.serialize(s, format=ox.RdfFormat.N_QUADS).decode().splitlines())
    finally:
        del s


# ---- build ----------------------------------------------------------------------------------------

def test_build_of_a_folder_fills_a_fresh_store(built: Path) -> None:
    assert quad_count(built) > 0
    sources = {Path(r["src"]).name for r in select(built, "SELECT ?src WHERE { ?a a dip:Article ; dcterms:source ?src }")}
    assert sources == {"a_paris.txt", "b_paris.txt", "c_nairobi.txt"}


def test_each_article_has_its_own_named_graph(built: Path) -> None:
    rows = select(built, "SELECT DISTINCT ?g ?src WHERE { GRAPH ?g { ?a a dip:Article ; dcterms:source ?src } }")
    assert len(rows) == 3
    assert len({r["g"] for r in rows}) == 3


def test_two_articles_reporting_one_meeting_give_one_meeting_node(built: Path) -> None:
    rows = select(built, """
        SELECT ?m (COUNT(DISTINCT ?a) AS ?n) WHERE {
          ?m a dip:Meeting ; dip:mentionedIn ?a ; dip:participant ?p1, ?p2 .
          ?p1 rdfs:label "Narendra Modi" . ?p2 rdfs:label "Shehbaz Sharif" .
        } GROUP BY ?m""")
    assert len(rows) == 1
    assert rows[0]["n"] == "2"
    loc = select(built, f"SELECT ?l WHERE {{ <{rows[0]['m']}> dip:location/rdfs:label ?l }}")
    assert {r["l"] for r in loc} == {"Paris"}


def test_every_meeting_has_two_participants_and_a_status_in_each_report(built: Path) -> None:
    rows = select(built, """
        SELECT ?g ?m (COUNT(DISTINCT ?p) AS ?np) (COUNT(DISTINCT ?s) AS ?ns) WHERE {
          GRAPH ?g { ?m a dip:Meeting OPTIONAL { ?m dip:participant ?p } OPTIONAL { ?m dip:status ?s } }
        } GROUP BY ?g ?m""")
    assert len(rows) == 3  # one meeting per article
    for row in rows:
        assert int(row["np"]) >= 2, row
        assert row["ns"] == "1", row
    statuses = {r["s"] for r in select(built, "SELECT DISTINCT ?s WHERE { ?m dip:status ?s }")}
    assert statuses <= {DIP + "Held", DIP + "Planned"}


def test_meeting_dates_are_datetimes_with_a_precision(built: Path) -> None:
    rows = select(built, """
        SELECT ?m ?d (DATATYPE(?d) AS ?t) ?prec WHERE { GRAPH ?g { ?m dip:date ?d OPTIONAL { ?m dip:datePrecision ?prec } } }""")
    assert rows
    for row in rows:
        assert row["t"] == "http://www.w3.org/2001/XMLSchema#dateTime"
        assert row["prec"] in {"year", "month", "day"}
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT00:00:00", row["d"])
    by_value = {r["d"][:10] for r in rows}
    assert {"2023-03-14", "2023-03-13"} <= by_value  # Tuesday and Monday before 15 March 2023


def test_topics_are_on_the_agenda_and_notated(built: Path) -> None:
    rows = select(built, """
        SELECT ?n WHERE { ?m a dip:Meeting ; dip:onAgenda ?t . ?t skos:notation ?n }""")
    assert {"trade-investment", "terrorism"} <= {r["n"] for r in rows}


def test_persons_have_one_label_without_title(built: Path) -> None:
    rows = select(built, """SELECT ?p (COUNT(DISTINCT ?l) AS ?n) (SAMPLE(?l) AS ?label)
                            WHERE { ?p a dip:Person ; rdfs:label ?l } GROUP BY ?p""")
    labels = {r["label"] for r in rows}
    assert {"Narendra Modi", "Shehbaz Sharif", "William Ruto", "Bola Tinubu"} <= labels
    assert all(r["n"] == "1" for r in rows)
    assert not any("President" in l or "Minister" in l for l in labels)


# ---- rebuild ----------------------------------------------------------------------------------------

def test_rebuilding_the_same_article_changes_nothing(corpus: Path, store_copy: Path) -> None:
    before = nquads(store_copy)
    result = run_kg("build", corpus / "a_paris.txt", "--store", store_copy, "--no-link")
    assert result.returncode == 0, result.stderr
    after = nquads(store_copy)
    assert len(after) == len(before) == quad_count(store_copy)
    # The ontology graph is reloaded on every build, so its blank nodes get new ids; all else is equal.
    named = lambda lines: {line for line in lines if "_:" not in line}
    assert named(after) == named(before)


def test_rebuilding_an_edited_article_replaces_its_facts(corpus: Path, store_copy: Path, tmp_path: Path) -> None:
    edited = write_article(tmp_path / "edited", "c_nairobi.txt", MOMBASA)  # same article id, new content
    result = run_kg("build", edited, "--store", store_copy, "--no-link")
    assert result.returncode == 0, result.stderr
    rows = select(store_copy, """
        SELECT ?g ?name WHERE { GRAPH ?g { ?a a dip:Article ; dcterms:source ?src . ?x skos:altLabel ?name }
                                FILTER(STRENDS(?src, "c_nairobi.txt")) }""")
    names = {r["name"] for r in rows}
    assert len({r["g"] for r in rows}) == 1
    assert "Mombasa" in names and "Nana Akufo-Addo" in names
    assert "Nairobi" not in names and "Bola Tinubu" not in names
    # The old meeting and its agenda are gone from the whole store, the other articles stay.
    old = select(store_copy, """
        SELECT ?m WHERE { ?m a dip:Meeting ; dip:participant/rdfs:label "Bola Tinubu" }""")
    assert old == []
    assert not select(store_copy, "SELECT ?m WHERE { ?m dip:onAgenda ?t . ?t skos:notation \"terrorism\" }")
    assert len(select(store_copy, "SELECT ?a WHERE { ?a a dip:Article }")) == 3


# ---- bad input ----------------------------------------------------------------------------------------

def _bad_inputs(tmp_path: Path) -> dict[str, Path]:
    return {
        "empty": write_article(tmp_path / "bad", "empty_story.txt", ""),
        "binary": write_article(tmp_path / "bad", "binary_story.txt", b"\x00\x01\x02GIF89a\x00" * 200),
        "missing": tmp_path / "bad" / "missing_story.txt",
    }


@pytest.mark.parametrize("kind", ["empty", "binary", "missing"])
def test_bad_input_fails_with_one_line_and_leaves_the_store_alone(kind: str, store_copy: Path, tmp_path: Path) -> None:
    path = _bad_inputs(tmp_path)[kind]
    before = nquads(store_copy)
    result = run_kg("build", path, "--store", store_copy, "--no-link")
    assert result.returncode != 0
    assert len(result.stderr_lines) == 1, result.stderr
    assert path.name in result.stderr_lines[0]
    assert "Traceback" not in result.stderr
    assert nquads(store_copy) == before


def test_one_bad_file_among_good_ones_writes_nothing(store_copy: Path, tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    write_article(folder, "a_good.txt", MOMBASA)
    write_article(folder, "z_empty.txt", "")
    before = nquads(store_copy)
    result = run_kg("build", folder, "--store", store_copy, "--no-link")
    assert result.returncode != 0
    assert len(result.stderr_lines) == 1 and "z_empty.txt" in result.stderr
    assert nquads(store_copy) == before


def test_export_from_a_missing_store_fails_with_one_line(tmp_path: Path) -> None:
    result = run_kg("export", "--store", tmp_path / "no_store_here", "--format", "nq")
    assert result.returncode != 0
    assert len(result.stderr_lines) == 1 and "no_store_here" in result.stderr
    assert not (tmp_path / "no_store_here" / "CURRENT").exists()


def test_export_to_an_unwritable_place_fails_with_one_line(built: Path, tmp_path: Path) -> None:
    out = tmp_path / "no_such_dir" / "dump.nq"
    result = run_kg("export", "--store", built, "--format", "nq", "-o", out)
    assert result.returncode != 0
    assert len(result.stderr_lines) == 1 and "dump.nq" in result.stderr
    assert not out.parent.exists()


def test_malformed_query_fails_with_one_line(built: Path) -> None:
    result = run_kg("query", "--store", built, "SELECT ?x WHERE { ?x ")
    assert result.returncode != 0
    assert len(result.stderr_lines) == 1, result.stderr
    assert "Traceback" not in result.stderr


# ---- export -----------------------------------------------------------------------------------------

def _meeting_triples_rdflib(graph) -> int:
    from rdflib import RDF, URIRef
    return len(set(graph.subjects(RDF.type, URIRef(DIP + "Meeting"))))


@pytest.mark.parametrize("fmt,rdf_format", [("nq", ox.RdfFormat.N_QUADS), ("trig", ox.RdfFormat.TRIG)])
def test_quad_exports_keep_named_graphs_and_parse_back(built: Path, tmp_path: Path, fmt: str, rdf_format) -> None:
    if fmt == "nq":  # to stdout
        result = run_kg("export", "--store", built, "--format", fmt)
        assert result.returncode == 0, result.stderr
        assert {line for line in result.stdout.splitlines() if line.strip()} == nquads(built)
        quads = list(ox.parse(result.stdout.encode(), format=rdf_format))
    else:
        out = tmp_path / f"dump.{fmt}"
        result = run_kg("export", "--store", built, "--format", fmt, "-o", out)
        assert result.returncode == 0, result.stderr
        quads = list(ox.parse(path=str(out), format=rdf_format))
    assert len(set(quads)) == quad_count(built)
    graphs = {q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)}
    article_graphs = {q.graph_name.value for q in quads
                      if q.predicate.value.endswith("#type") and q.object.value == DIP + "Article"}
    assert len(article_graphs) == 3 and article_graphs <= graphs


@pytest.mark.parametrize("fmt,rdflib_format", [("ttl", "turtle"), ("jsonld", "json-ld"), ("owl", "xml")])
def test_other_exports_parse_back_with_rdflib(built: Path, tmp_path: Path, fmt: str, rdflib_format: str) -> None:
    from rdflib import Dataset, Graph, Literal, URIRef
    from rdflib.namespace import RDFS

    out = tmp_path / fmt / f"dump.{fmt}"
    out.parent.mkdir()
    result = run_kg("export", "--store", built, "--format", fmt, "-o", out)
    assert result.returncode == 0, result.stderr
    assert not list(out.parent.glob("*.part"))  # written in full, no leftovers
    if fmt == "owl":  # for Protégé: the ontology and a catalog mapping its IRI beside the file
        assert (out.parent / "catalog-v001.xml").is_file()
        assert (out.parent / "diplomacy.ttl").is_file()
    if fmt == "jsonld":  # JSON-LD may carry named graphs: look at the union of its graphs
        dataset = Dataset()
        dataset.parse(out, format=rdflib_format)
        graph = Graph()
        for triple in (q[:3] for q in dataset.quads()):
            graph.add(triple)
    else:
        graph = Graph().parse(out, format=rdflib_format)
    assert _meeting_triples_rdflib(graph) == 2  # Paris (two reports, one node) and Nairobi
    labels = set(graph.objects(None, RDFS.label))
    assert Literal("Narendra Modi") in labels
    assert (None, URIRef(DIP + "participant"), None) in graph


# ---- query --------------------------------------------------------------------------------------------

COUNT_ARTICLES = "PREFIX dip: <%s> SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a dip:Article }" % DIP


def test_query_inline_text(built: Path) -> None:
    result = run_kg("query", "--store", built, "--format", "json", COUNT_ARTICLES)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [{"n": "3"}]


def test_query_from_an_rq_file(built: Path, tmp_path: Path) -> None:
    rq = tmp_path / "meetings.rq"
    rq.write_text(f"""PREFIX dip: <{DIP}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?name WHERE {{ ?m a dip:Meeting ; dip:participant/rdfs:label ?name }} ORDER BY ?name
""")
    result = run_kg("query", "--store", built, "--format", "csv", rq)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "name"
    assert set(lines[1:]) == {"Bola Tinubu", "Narendra Modi", "Shehbaz Sharif", "William Ruto"}


def test_missing_rq_file_fails_with_one_line(built: Path, tmp_path: Path) -> None:
    result = run_kg("query", "--store", built, tmp_path / "nothing_here.rq")
    assert result.returncode != 0
    assert len(result.stderr_lines) == 1 and "nothing_here.rq" in result.stderr


# ---- help ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("args", [[], ["build"], ["serve"], ["export"], ["query"], ["validate"], ["link"]])
def test_help_exits_zero(args: list[str]) -> None:
    result = run_kg(*args, "--help")
    assert result.returncode == 0, result.stderr
    assert "usage: kg" in result.stdout


def test_unknown_command_is_a_usage_error() -> None:
    result = run_kg("frobnicate")
    assert result.returncode != 0
    assert "usage" in result.stderr
