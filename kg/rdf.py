"""RDF: a resolved article -> quads in the contract's terms.

What the article says goes into its own named graph (its dip:Article node, mentions, the
participants, place, date, status and agenda it gives each meeting, the sentences behind them).
What holds of an entity whatever the article (its kind, coordinates, country, GeoNames and
Wikidata links) goes into the shared entities graph; its one rdfs:label is chosen over all
articles by the store (see store.KGStore.consolidate_labels).
"""
from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox

from . import iris
from .model import PartialDate, PlaceKind, ResolvedArticle, ResolvedPlace, Status

ENTITIES_GRAPH = iris.RES + "graph/entities"
ONTOLOGY_GRAPH = iris.ONTOLOGY
MAX_EVIDENCE = 3  # sentences cited per entity: enough to trace it, few enough to stay small

RDF_TYPE = ox.NamedNode(iris.RDF + "type")
SKOS_ALT = ox.NamedNode(iris.SKOS + "altLabel")
OWL_SAME = ox.NamedNode(iris.OWL + "sameAs")
DC_SOURCE = ox.NamedNode(iris.DCTERMS + "source")
DC_TITLE = ox.NamedNode(iris.DCTERMS + "title")
XSD_DATETIME = ox.NamedNode(iris.XSD + "dateTime")
XSD_DECIMAL = ox.NamedNode(iris.XSD + "decimal")
XSD_INTEGER = ox.NamedNode(iris.XSD + "integer")
WGS_LAT = ox.NamedNode(iris.WGS84 + "lat")
WGS_LONG = ox.NamedNode(iris.WGS84 + "long")

STATUS_IRI = {Status.HELD: "Held", Status.PLANNED: "Planned"}
PLACE_CLASS = {PlaceKind.COUNTRY: "Country", PlaceKind.REGION: "Region", PlaceKind.CITY: "City",
               PlaceKind.SITE: "Site", PlaceKind.WATER: "WaterBody"}


def dip(local: str) -> ox.NamedNode:
    return ox.NamedNode(iris.DIP + local)


def node(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def text(value: str) -> ox.Literal:
    return ox.Literal(value)


def datetime_literal(date: PartialDate) -> ox.Literal:
    return ox.Literal(date.as_datetime_lexical(), datatype=XSD_DATETIME)


def article_graph_iri(resolved: ResolvedArticle) -> str:
    return iris.article_graph(resolved.article.article_id)


def article_quads(resolved: ResolvedArticle) -> list[ox.Quad]:
    """Everything the article itself states, in its own named graph."""
    art = resolved.article
    graph = node(article_graph_iri(resolved))
    a = node(iris.article(art.article_id))
    out: list[ox.Quad] = []

    def add(s: ox.NamedNode, p: ox.NamedNode, o) -> None:
        out.append(ox.Quad(s, p, o, graph))

    add(a, RDF_TYPE, dip("Article"))
    add(a, DC_SOURCE, text(art.source))
    if art.title:
        add(a, DC_TITLE, text(art.title))
    if art.published:
        add(a, dip("published"), datetime_literal(art.published))
        add(a, dip("publishedPrecision"), text(art.published.precision))
    for topic_id in sorted(resolved.facts.topics):
        add(a, dip("discusses"), node(iris.topic(topic_id)))

    cited: set[int] = set()

    def evidence(subject: ox.NamedNode, sentences: list[int]) -> None:
        for index in sentences[:MAX_EVIDENCE]:
            add(subject, dip("evidence"), node(iris.sentence(art.article_id, index)))
            cited.add(index)

    for person in resolved.persons:
        p = node(person.iri)
        add(p, RDF_TYPE, dip("Person"))
        add(p, dip("mentionedIn"), a)
        for name in sorted({person.fact.name, *person.fact.aliases}):
            add(p, SKOS_ALT, text(name))
        for role in sorted(person.fact.roles):
            add(p, dip("role"), text(role))
        evidence(p, person.fact.sentences)
    for place in resolved.places:
        pl = node(place.iri)
        add(pl, RDF_TYPE, dip("Location"))
        add(pl, dip("mentionedIn"), a)
        for name in sorted({place.fact.name, *place.fact.aliases}):
            add(pl, SKOS_ALT, text(name))
        evidence(pl, place.fact.sentences)
    for meeting in resolved.meetings:
        m = node(meeting.iri)
        fact = meeting.fact
        add(m, RDF_TYPE, dip("Meeting"))
        add(m, dip("mentionedIn"), a)
        for participant in meeting.participant_iris:
            add(m, dip("participant"), node(participant))
        if meeting.place_iri:
            add(m, dip("location"), node(meeting.place_iri))
        if fact.date:
            add(m, dip("date"), datetime_literal(fact.date))
            add(m, dip("datePrecision"), text(fact.date.precision))
        add(m, dip("status"), dip(STATUS_IRI[fact.status]))
        for topic_id in sorted(fact.topics):
            add(m, dip("onAgenda"), node(iris.topic(topic_id)))
        if fact.trigger:
            add(m, dip("trigger"), text(fact.trigger))
        evidence(m, fact.sentences)

    for sentence in resolved.facts.sentences:
        if sentence.index in cited:
            s = node(iris.sentence(art.article_id, sentence.index))
            add(s, RDF_TYPE, dip("Sentence"))
            add(s, dip("inArticle"), a)
            add(s, dip("text"), text(sentence.text))
            add(s, dip("offset"), ox.Literal(str(sentence.start), datatype=XSD_INTEGER))
    return out


def entity_quads(resolved: ResolvedArticle) -> list[ox.Quad]:
    """Article-independent facts about the article's entities, in the shared entities graph."""
    graph = node(ENTITIES_GRAPH)
    out: list[ox.Quad] = []
    for person in resolved.persons:
        out.append(ox.Quad(node(person.iri), RDF_TYPE, dip("Person"), graph))
        if person.wikidata:
            out.append(ox.Quad(node(person.iri), OWL_SAME, node(iris.wikidata(person.wikidata)), graph))
    for place in resolved.places:
        out.extend(_place_quads(place, graph))
    return out


def _place_quads(place: ResolvedPlace, graph: ox.NamedNode) -> Iterator[ox.Quad]:
    pl = node(place.iri)
    yield ox.Quad(pl, RDF_TYPE, dip("Location"), graph)
    kind = place.geo.kind if place.geo else place.fact.kind
    if kind in PLACE_CLASS:
        yield ox.Quad(pl, RDF_TYPE, dip(PLACE_CLASS[kind]), graph)
    if place.geo:
        yield ox.Quad(pl, dip("geonames"), node(iris.geonames(place.geo.geonames_id)), graph)
        yield ox.Quad(pl, WGS_LAT, ox.Literal(f"{place.geo.latitude:.5f}", datatype=XSD_DECIMAL), graph)
        yield ox.Quad(pl, WGS_LONG, ox.Literal(f"{place.geo.longitude:.5f}", datatype=XSD_DECIMAL), graph)
    if place.country_iri:
        country = node(place.country_iri)
        yield ox.Quad(pl, dip("country"), country, graph)
        yield ox.Quad(country, RDF_TYPE, dip("Location"), graph)
        yield ox.Quad(country, RDF_TYPE, dip("Country"), graph)
        if place.country_name:
            yield ox.Quad(country, SKOS_ALT, text(place.country_name), graph)
    if place.wikidata:
        yield ox.Quad(pl, OWL_SAME, node(iris.wikidata(place.wikidata)), graph)
