"""Identity across articles: one real person or meeting is one node, built into a real store."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import select, write_article
from kg import iris

MODI_SHARIF_DATED = """Modi and Sharif hold talks in Paris - 2023-03-15

Indian Prime Minister Narendra Modi met Pakistani Prime Minister Shehbaz Sharif in Paris on Tuesday.
"""
# Same meeting, other wording, no date of its own, published two days later.
MODI_SHARIF_UNDATED = """Diplomats welcome the Paris talks - 2023-03-17

The talks between Narendra Modi and Shehbaz Sharif in Paris were described by diplomats as useful.
"""
# The same pair, another meeting years earlier in another city.
MODI_SHARIF_OLDER = """Modi and Sharif meet in Berlin - 2018-06-10

Indian Prime Minister Narendra Modi met Pakistani Prime Minister Shehbaz Sharif in Berlin on Friday.
"""


def meeting_rows(store: Path) -> list[dict]:
    return select(store, """
        SELECT ?m ?src WHERE {
          ?m a dip:Meeting ; dip:mentionedIn ?a ; dip:participant ?p1, ?p2 .
          ?a dcterms:source ?src .
          ?p1 skos:altLabel "Narendra Modi" . ?p2 skos:altLabel "Shehbaz Sharif" .
        }""")


def meetings_by_article(store: Path) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for row in meeting_rows(store):
        out.setdefault(Path(row["src"]).stem, set()).add(row["m"])
    return out


def test_one_meeting_from_two_articles_is_one_node(build, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    dated = write_article(folder, "a_dated.txt", MODI_SHARIF_DATED)
    undated = write_article(folder, "b_undated.txt", MODI_SHARIF_UNDATED)
    store = tmp_path / "store"
    build([dated, undated], store)
    by_article = meetings_by_article(store)
    assert set(by_article) == {"a_dated", "b_undated"}
    assert by_article["a_dated"] == by_article["b_undated"]
    assert len(by_article["a_dated"]) == 1


def test_one_meeting_is_one_node_whichever_article_comes_first(build, tmp_path: Path) -> None:
    undated = write_article(tmp_path / "in", "a_undated.txt", MODI_SHARIF_UNDATED)
    dated = write_article(tmp_path / "in", "b_dated.txt", MODI_SHARIF_DATED)
    store = tmp_path / "store"
    build([undated], store)   # separate builds: the second clusters against the store
    build([dated], store)
    by_article = meetings_by_article(store)
    assert len(by_article["a_undated"]) == 1
    assert by_article["a_undated"] == by_article["b_dated"]


def test_two_meetings_of_one_pair_in_different_years_are_two_nodes(build, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    recent = write_article(folder, "recent.txt", MODI_SHARIF_DATED)
    older = write_article(folder, "older.txt", MODI_SHARIF_OLDER)
    store = tmp_path / "store"
    build([recent, older], store)
    by_article = meetings_by_article(store)
    assert len(by_article["recent"]) == 1 and len(by_article["older"]) == 1
    assert by_article["recent"] != by_article["older"]
    dates = {row["d"] for row in select(store, """
        SELECT ?d WHERE { ?m a dip:Meeting ; dip:date ?d }""")}
    assert {d[:10] for d in dates} == {"2023-03-14", "2018-06-08"}


def test_rebuilding_an_article_reuses_its_iris(build, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    dated = write_article(folder, "a_dated.txt", MODI_SHARIF_DATED)
    store = tmp_path / "store"
    build([dated], store)
    first = select(store, "SELECT ?s WHERE { GRAPH ?g { ?s dip:mentionedIn ?a } }")
    build([dated], store)
    second = select(store, "SELECT ?s WHERE { GRAPH ?g { ?s dip:mentionedIn ?a } }")
    assert first and sorted(r["s"] for r in first) == sorted(r["s"] for r in second)
    assert len(meetings_by_article(store)["a_dated"]) == 1


def test_rebuilding_one_of_two_reports_keeps_the_shared_meeting(build, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    dated = write_article(folder, "a_dated.txt", MODI_SHARIF_DATED)
    undated = write_article(folder, "b_undated.txt", MODI_SHARIF_UNDATED)
    store = tmp_path / "store"
    build([dated, undated], store)
    before = meetings_by_article(store)
    build([undated], store)
    assert meetings_by_article(store) == before


@pytest.mark.parametrize("a,b", [
    ("Kim Jong-il", "Kim Jong Il"),
    ("Jean-Claude Juncker", "Jean Claude Juncker"),
    ("Luiz Inácio Lula da Silva", "Luiz Inacio Lula da Silva"),
    ("Recep Tayyip Erdoğan", "Recep Tayyip Erdogan"),
    ("Emmanuel Macron", "EMMANUEL MACRON"),
])
def test_spelling_variants_share_one_person_iri(a: str, b: str) -> None:
    assert iris.person(a) == iris.person(b)


def test_different_people_have_different_iris() -> None:
    assert iris.person("Kim Jong-il") != iris.person("Kim Jong-un")
    assert iris.person("George Bush") != iris.person("George W. Bush")


def test_person_with_spelling_variants_across_articles_is_one_node(build, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    accented = write_article(folder, "accented.txt", "Erdoğan in Berlin - 2023-03-15\n\nTurkish President Recep "
                             "Tayyip Erdoğan met German Chancellor Olaf Scholz in Berlin on Tuesday.\n")
    plain = write_article(folder, "plain.txt", "Erdogan in Berlin - 2023-03-16\n\nTurkish President Recep "
                          "Tayyip Erdogan met German Chancellor Olaf Scholz in Berlin on Tuesday.\n")
    store = tmp_path / "store"
    build([accented, plain], store)
    rows = select(store, """
        SELECT DISTINCT ?p WHERE { ?p a dip:Person ; skos:altLabel ?n FILTER(STRSTARTS(?n, "Recep")) }""")
    assert [r["p"] for r in rows] == [iris.person("Recep Tayyip Erdogan")]
    labels = select(store, f"SELECT ?l WHERE {{ <{rows[0]['p']}> rdfs:label ?l }}")
    assert len(labels) == 1
    articles = select(store, f"SELECT ?a WHERE {{ <{rows[0]['p']}> dip:mentionedIn ?a }}")
    assert len(articles) == 2
