"""Link: the store's persons and places -> Wikidata items (owl:sameAs), through any SPARQL
endpoint with Wikidata's RDF model (kg.wikidata does the querying, ranking and caching).

Linking runs after a build, or later with `kg link`: it never fails a build. Without a network
the build succeeds and says once that linking was skipped.
"""
from __future__ import annotations

import pyoxigraph as ox

from . import iris
from .errors import LinkError
from .extract import PlaceLookup
from .rdf import ENTITIES_GRAPH
from .settings import Settings
from .store import PREFIX_LINES, KGStore
from .wikidata import PersonQuery, PlaceQuery, WikidataLinker

PERSONS = PREFIX_LINES + """
SELECT ?e ?label (GROUP_CONCAT(DISTINCT ?alt; separator="|") AS ?alts)
       (GROUP_CONCAT(DISTINCT ?role; separator="|") AS ?roles)
       (GROUP_CONCAT(DISTINCT ?country; separator="|") AS ?countries) WHERE {
  ?e a dip:Person ; rdfs:label ?label .
  OPTIONAL { ?e skos:altLabel ?alt }
  OPTIONAL { ?e dip:role ?role }
  OPTIONAL { ?e dip:mentionedIn ?a . ?c a dip:Country ; dip:mentionedIn ?a ; rdfs:label ?country }
} GROUP BY ?e ?label"""

PLACES = PREFIX_LINES + """
SELECT ?e ?label ?gn (SAMPLE(?kind) AS ?k) (SAMPLE(?countryLabel) AS ?country) WHERE {
  ?e a dip:Location ; rdfs:label ?label .
  OPTIONAL { ?e a ?kind . FILTER(?kind != dip:Location) }
  OPTIONAL { ?e dip:geonames ?gn }
  OPTIONAL { ?e dip:country/rdfs:label ?countryLabel }
} GROUP BY ?e ?label ?gn"""

KIND_OF_CLASS = {"Country": "country", "City": "city", "Region": "region", "Site": "site", "WaterBody": "water"}


def link_store(settings: Settings, gazetteer: PlaceLookup) -> str:
    """Link every person and place of the store; a one-line summary of what happened."""
    store = KGStore(settings.store)
    try:
        linker = WikidataLinker(settings.wikidata_endpoint, settings.wikidata_cache_path,
                                timeout=settings.wikidata_timeout)
        try:
            return _link(store, linker, gazetteer)
        except LinkError as exc:
            return f"linking skipped: {exc} (run `kg link` when the endpoint is reachable)"
    finally:
        store.close()


def _link(store: KGStore, linker: WikidataLinker, gazetteer: PlaceLookup) -> str:
    persons: dict[PersonQuery, str] = {}
    for row in store.query(PERSONS):
        countries = _codes(row["countries"], gazetteer)
        query = PersonQuery(name=row["label"].value, aliases=_split(row["alts"]), roles=_split(row["roles"]),
                            context_countries=countries)
        persons[query] = row["e"].value
    places: dict[PlaceQuery, str] = {}
    for row in store.query(PLACES):
        kind = row["k"].value.rsplit("#", 1)[-1] if row["k"] is not None else ""
        gn = row["gn"].value.rstrip("/").rsplit("/", 1)[-1] if row["gn"] is not None else None
        country = gazetteer.country_for_name(row["country"].value) if row["country"] is not None else None
        if kind == "Country":
            country = gazetteer.country_for_name(row["label"].value)
        query = PlaceQuery(name=row["label"].value, kind=KIND_OF_CLASS.get(kind, "other"), country_code=country,
                           geonames_id=int(gn) if gn and gn.isdigit() else None,
                           context_countries=(country,) if country else ())
        places[query] = row["e"].value
    person_links = linker.link_persons(list(persons))
    place_links = linker.link_places(list(places))
    links = {persons[q]: qid for q, qid in person_links.items() if qid}
    links.update({places[q]: qid for q, qid in place_links.items() if qid})
    _write_links(store, links)
    return (f"linked {sum(1 for q in person_links.values() if q)}/{len(persons)} persons and "
            f"{sum(1 for q in place_links.values() if q)}/{len(places)} places to Wikidata")


def _write_links(store: KGStore, links: dict[str, str]) -> None:
    graph = ox.NamedNode(ENTITIES_GRAPH)
    same = ox.NamedNode(iris.OWL + "sameAs")
    store.clear_links(ENTITIES_GRAPH)
    store.add_quads(ox.Quad(ox.NamedNode(e), same, ox.NamedNode(iris.wikidata(q)), graph) for e, q in links.items())


def _split(term) -> tuple[str, ...]:
    return tuple(sorted(v for v in term.value.split("|") if v)) if term is not None and term.value else ()


def _codes(term, gazetteer: PlaceLookup) -> tuple[str, ...]:
    return tuple(sorted({c for name in _split(term) if (c := gazetteer.country_for_name(name))}))
