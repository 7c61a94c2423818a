"""Every IRI the project mints, minted here and nowhere else.

Resource IRIs are deterministic functions of what identifies the thing (an article's file name,
a person's canonical name, a place's GeoNames id or name, a meeting's cluster key), so building the
same input twice yields the same nodes and never duplicates.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata

DIP = "https://w3id.org/diplomacy-kg/ontology#"
ONTOLOGY = "https://w3id.org/diplomacy-kg/ontology"
RES = "https://w3id.org/diplomacy-kg/id/"
TOPIC_SCHEME = RES + "topic/scheme"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
SCHEMA = "https://schema.org/"
SEM = "http://semanticweb.cs.vu.nl/2009/11/sem/"
GEO = "http://www.opengis.net/ont/geosparql#"
WGS84 = "http://www.w3.org/2003/01/geo/wgs84_pos#"
WD = "http://www.wikidata.org/entity/"
GEONAMES = "https://sws.geonames.org/"

PREFIXES = {
    "dip": DIP, "rdf": RDF, "rdfs": RDFS, "owl": OWL, "xsd": XSD, "skos": SKOS,
    "dcterms": DCTERMS, "prov": PROV, "schema": SCHEMA, "sem": SEM, "geo": GEO,
    "wgs84": WGS84, "wd": WD, "res": RES,
}


def slug(text: str) -> str:
    """ASCII, lower case, words joined by '-': 'Moon Jae-in' and 'Moon Jae In' give one slug."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def short_hash(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:12]


def dip(local: str) -> str:
    return DIP + local


def article(article_id: str) -> str:
    return f"{RES}article/{slug(article_id)}"


def article_graph(article_id: str) -> str:
    return f"{RES}graph/{slug(article_id)}"


def sentence(article_id: str, index: int) -> str:
    return f"{RES}article/{slug(article_id)}/sentence/{index}"


def person(canonical_name: str) -> str:
    return f"{RES}person/{slug(canonical_name)}"


def location(canonical_name: str, geonames_id: int | None = None) -> str:
    if geonames_id is not None:
        return f"{RES}location/gn{geonames_id}"
    return f"{RES}location/{slug(canonical_name)}"


def meeting(cluster_key: str) -> str:
    return f"{RES}meeting/{short_hash(cluster_key)}"


def topic(topic_id: str) -> str:
    return f"{RES}topic/{topic_id}"


def wikidata(qid: str) -> str:
    return WD + qid


def geonames(geonames_id: int) -> str:
    return f"{GEONAMES}{geonames_id}/"
