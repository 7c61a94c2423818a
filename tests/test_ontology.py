"""Checks on ontology/diplomacy.ttl, ontology/shapes.ttl and kg/validate.py.

1. The ontology, read with rdflib: header, declarations, datatypes, contract terms, agenda topics.
2. SHACL: a valid sample dataset conforms; planted contract breaches are reported.
3. OWL tools (skipped only when java or the jars are absent):
   - tools/owlcheck/OwlCheck.java (OWL API 5, Debian libowlapi-java): no unparsed triples, no
     missing imports, no guessed declarations, OWL 2 DL profile;
   - HermiT (bundled with owlready2): consistency of the ontology and of planted bad data.
"""
from __future__ import annotations

import csv
import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.validate import ValidationReport, load_union, validate, validate_file  # noqa: E402

ONTOLOGY_FILE = ROOT / "ontology" / "diplomacy.ttl"
SHAPES_FILE = ROOT / "ontology" / "shapes.ttl"
TOPICS_TSV = ROOT / "kg" / "data" / "agenda-topics.tsv"
SHARED_DIR = ROOT.parent / "shared"  # beside the repository, as conftest's shared_dir; tests skip without it
SPEC_DIR = SHARED_DIR / "spec"
EVAL_DIR = SHARED_DIR / "eval"
GOLD_DIR = SHARED_DIR / "gold"

DIP = Namespace("https://w3id.org/diplomacy-kg/ontology#")
RES = Namespace("https://w3id.org/diplomacy-kg/id/")
TOPIC = Namespace("https://w3id.org/diplomacy-kg/id/topic/")
WD = Namespace("http://www.wikidata.org/entity/")
WGS84 = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
ONTOLOGY_IRI = URIRef("https://w3id.org/diplomacy-kg/ontology")
SCHEME = TOPIC.scheme

RDF_NS, RDFS_NS, OWL_NS, XSD_NS = str(RDF), str(RDFS), str(OWL), str(XSD)

# The OWL 2 datatype map (OWL 2 Structural Specification, section 4) plus rdfs:Literal.
OWL2_DATATYPES = {RDFS.Literal, RDF.PlainLiteral, RDF.XMLLiteral, RDF.langString, OWL.real,
                  OWL.rational} | {XSD[n] for n in (
                      "decimal integer nonNegativeInteger nonPositiveInteger positiveInteger "
                      "negativeInteger long int short byte unsignedLong unsignedInt unsignedShort "
                      "unsignedByte double float string normalizedString token language Name "
                      "NCName NMTOKEN boolean hexBinary base64Binary anyURI dateTime "
                      "dateTimeStamp").split()}

DECLARATION_TYPES = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
                     OWL.NamedIndividual, RDFS.Datatype}
PROPERTY_TYPES = {OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}

# Every term the contract (shared/spec/CONTRACT.md) and the brief name, with its OWL kind.
REQUIRED_TERMS = {
    "Article": OWL.Class, "Person": OWL.Class, "Location": OWL.Class, "Meeting": OWL.Class,
    "AgendaTopic": OWL.Class, "MeetingStatus": OWL.Class, "Sentence": OWL.Class,
    "Country": OWL.Class, "Region": OWL.Class, "City": OWL.Class, "Site": OWL.Class,
    "WaterBody": OWL.Class,
    "Held": OWL.NamedIndividual, "Planned": OWL.NamedIndividual, "Cancelled": OWL.NamedIndividual,
    "mentionedIn": OWL.ObjectProperty, "participant": OWL.ObjectProperty,
    "location": OWL.ObjectProperty, "status": OWL.ObjectProperty, "onAgenda": OWL.ObjectProperty,
    "discusses": OWL.ObjectProperty, "evidence": OWL.ObjectProperty,
    "inArticle": OWL.ObjectProperty, "country": OWL.ObjectProperty,
    "geonames": OWL.ObjectProperty,
    "date": OWL.DatatypeProperty, "datePrecision": OWL.DatatypeProperty,
    "published": OWL.DatatypeProperty, "publishedPrecision": OWL.DatatypeProperty,
    "role": OWL.DatatypeProperty, "text": OWL.DatatypeProperty, "offset": OWL.DatatypeProperty,
    "trigger": OWL.DatatypeProperty,
}
# External terms used on data, with the kind they must be declared as.
EXTERNAL_TERMS = {
    DCTERMS.source: OWL.AnnotationProperty, DCTERMS.title: OWL.AnnotationProperty,
    SKOS.altLabel: OWL.AnnotationProperty, SKOS.prefLabel: OWL.AnnotationProperty,
    SKOS.notation: OWL.AnnotationProperty, SKOS.scopeNote: OWL.AnnotationProperty,
    SKOS.inScheme: OWL.ObjectProperty, SKOS.topConceptOf: OWL.ObjectProperty,
    SKOS.hasTopConcept: OWL.ObjectProperty, SKOS.Concept: OWL.Class,
    SKOS.ConceptScheme: OWL.Class, WGS84.lat: OWL.DatatypeProperty,
    WGS84.long: OWL.DatatypeProperty,
}


@pytest.fixture(scope="module")
def onto() -> Graph:
    g = Graph()
    g.parse(ONTOLOGY_FILE, format="turtle")
    return g


def tsv_topics(path: Path = TOPICS_TSV) -> list[tuple[str, str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter="\t"))
    return [tuple(c.strip() for c in r[:3]) for r in rows[1:] if r and r[0].strip()]


def builtin(iri: URIRef) -> bool:
    return str(iri).startswith((RDF_NS, RDFS_NS, OWL_NS, XSD_NS))


# ------------------------------------------------------------------------------------------------
# 1. The ontology document
# ------------------------------------------------------------------------------------------------

def test_parses_and_is_not_trivial(onto):
    assert len(onto) > 300


def test_header(onto):
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in onto
    assert list(onto.subjects(RDF.type, OWL.Ontology)) == [ONTOLOGY_IRI]
    version = onto.value(ONTOLOGY_IRI, OWL.versionIRI)
    assert isinstance(version, URIRef) and str(version).startswith(str(ONTOLOGY_IRI) + "/")
    for p in (RDFS.label, RDFS.comment, DCTERMS.title, DCTERMS.license, OWL.versionInfo):
        assert onto.value(ONTOLOGY_IRI, p) is not None, p
    assert not list(onto.triples((None, OWL.imports, None))), "the ontology must import nothing"


def dip_terms(g: Graph) -> set[URIRef]:
    return {t for triple in g for t in triple
            if isinstance(t, URIRef) and str(t).startswith(str(DIP)) and t != URIRef(str(DIP))}


def test_every_dip_term_declared_and_documented(onto):
    problems = []
    for term in sorted(dip_terms(onto)):
        kinds = set(onto.objects(term, RDF.type)) & DECLARATION_TYPES
        if not kinds:
            problems.append(f"{term}: not declared")
        for p in (RDFS.label, RDFS.comment):
            if onto.value(term, p) is None:
                problems.append(f"{term}: no {p}")
        if kinds & {OWL.ObjectProperty, OWL.DatatypeProperty}:
            for p in (RDFS.domain, RDFS.range):
                if onto.value(term, p) is None:
                    problems.append(f"{term}: no {p}")
    assert not problems, "\n".join(problems)


def test_required_terms_declared_with_their_kind(onto):
    for local, kind in REQUIRED_TERMS.items():
        assert (DIP[local], RDF.type, kind) in onto, f"dip:{local} is not a {kind}"
    for term, kind in EXTERNAL_TERMS.items():
        assert (term, RDF.type, kind) in onto, f"{term} is not declared as {kind}"


def test_contract_terms_declared(onto):
    contract = SPEC_DIR / "CONTRACT.md"
    if not contract.is_file():
        pytest.skip(f"{contract} not present (checked against REQUIRED_TERMS only)")
    named = set(re.findall(r"`dip:(\w+)`", contract.read_text(encoding="utf-8")))
    assert named, "no dip: terms found in the contract"
    declared = {str(t)[len(str(DIP)):] for t in dip_terms(onto)
                if set(onto.objects(t, RDF.type)) & DECLARATION_TYPES}
    assert named <= declared, f"contract terms not declared: {sorted(named - declared)}"
    assert named <= set(REQUIRED_TERMS)


def test_no_guessed_declarations(onto):
    """What the OWL API would have to guess: external IRIs used as classes/properties undeclared."""
    declared = {s for s, o in onto.subject_objects(RDF.type) if o in DECLARATION_TYPES}
    problems = []
    for s, p, o in onto:
        if not builtin(p) and p not in declared:
            problems.append(f"predicate {p} undeclared")
        if p in (RDFS.subClassOf, RDFS.domain, RDF.type) and isinstance(o, URIRef) \
                and not builtin(o) and o not in declared:
            problems.append(f"class {o} (object of {p}) undeclared")
        if p == RDFS.range and isinstance(o, URIRef) and not builtin(o) and o not in declared:
            problems.append(f"range {o} undeclared")
        if p == RDFS.subPropertyOf and not builtin(o) and o not in declared:
            problems.append(f"property {o} undeclared")
    assert not problems, "\n".join(sorted(set(problems)))


def test_no_illegal_punning_or_property_kind_mixing(onto):
    problems = []
    for term in {s for s in onto.subjects(RDF.type, None) if isinstance(s, URIRef)}:
        kinds = set(onto.objects(term, RDF.type)) & PROPERTY_TYPES
        if len(kinds) > 1:
            problems.append(f"{term} punned as {sorted(kinds)}")
    for sub, sup in onto.subject_objects(RDFS.subPropertyOf):
        k_sub = set(onto.objects(sub, RDF.type)) & PROPERTY_TYPES
        k_sup = set(onto.objects(sup, RDF.type)) & PROPERTY_TYPES
        if sup in (RDFS.label, RDFS.comment, RDFS.seeAlso):
            k_sup = {OWL.AnnotationProperty}
        if k_sub != k_sup:
            problems.append(f"{sub} {sorted(k_sub)} subPropertyOf {sup} {sorted(k_sup)}")
    assert not problems, "\n".join(problems)


def datatypes_used(g: Graph) -> set[URIRef]:
    used = {o.datatype for o in g.objects() if isinstance(o, Literal) and o.datatype}
    datatype_props = set(g.subjects(RDF.type, OWL.DatatypeProperty))
    for prop in datatype_props:
        for rng in g.objects(prop, RDFS.range):
            if isinstance(rng, URIRef):
                used.add(rng)
    used |= {o for o in g.objects(None, OWL.onDatatype)}
    return used


def test_datatypes_within_owl2_datatype_map(onto):
    used = datatypes_used(onto)
    assert XSD.dateTime in used and XSD.decimal in used
    assert used <= OWL2_DATATYPES, f"outside the OWL 2 datatype map: {used - OWL2_DATATYPES}"


@pytest.mark.parametrize("path", [ONTOLOGY_FILE, SHAPES_FILE])
def test_no_xsd_date_anywhere(path):
    g = Graph().parse(path, format="turtle")
    assert XSD.date not in {t for triple in g for t in triple}
    assert XSD.date not in {o.datatype for o in g.objects() if isinstance(o, Literal)}


def test_datatype_ranges(onto):
    assert onto.value(DIP.date, RDFS.range) == XSD.dateTime
    assert onto.value(DIP.published, RDFS.range) == XSD.dateTime
    assert onto.value(DIP.offset, RDFS.range) == XSD.integer
    assert onto.value(WGS84.lat, RDFS.range) == XSD.decimal
    enum = onto.value(DIP.datePrecision, RDFS.range)
    assert (enum, RDF.type, RDFS.Datatype) in onto
    assert {str(x) for x in Collection(onto, onto.value(enum, OWL.oneOf))} == {"year", "month", "day"}


def test_statuses_and_functional_status(onto):
    for local in ("Held", "Planned", "Cancelled"):
        assert (DIP[local], RDF.type, DIP.MeetingStatus) in onto
    assert (DIP.status, RDF.type, OWL.FunctionalProperty) in onto
    alldiff = [Collection(onto, onto.value(n, OWL.distinctMembers))
               for n in onto.subjects(RDF.type, OWL.AllDifferent)]
    assert any({DIP.Held, DIP.Planned, DIP.Cancelled} <= set(c) for c in alldiff)


def test_kinds_of_thing_pairwise_disjoint(onto):
    groups = [set(Collection(onto, onto.value(n, OWL.members)))
              for n in onto.subjects(RDF.type, OWL.AllDisjointClasses)]
    assert any({DIP.Person, DIP.Location, DIP.Meeting, DIP.Article} <= g for g in groups)


def test_alignments(onto):
    schema = Namespace("https://schema.org/")
    assert (DIP.AgendaTopic, RDFS.subClassOf, SKOS.Concept) in onto
    assert (DIP.Sentence, RDFS.subClassOf, URIRef("http://www.w3.org/ns/prov#Entity")) in onto
    assert (DIP.evidence, RDFS.subPropertyOf, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")) in onto
    assert (DIP.Person, RDFS.subClassOf, schema.Person) in onto
    assert (DIP.Meeting, RDFS.subClassOf, URIRef("http://semanticweb.cs.vu.nl/2009/11/sem/Event")) in onto
    assert (DIP.Location, RDFS.subClassOf, URIRef("http://www.opengis.net/ont/geosparql#Feature")) in onto
    for cls in ("Country", "Region", "City", "Site", "WaterBody"):
        assert (DIP[cls], RDFS.subClassOf, DIP.Location) in onto


# --- agenda topics -------------------------------------------------------------------------------

def test_topic_tsv_copy_matches_spec():
    spec = SPEC_DIR / "agenda-topics.tsv"
    if not spec.is_file():
        pytest.skip(f"{spec} not present")
    assert tsv_topics(spec) == tsv_topics(TOPICS_TSV)


def test_topics_equal_tsv(onto):
    rows = tsv_topics()
    assert len(rows) >= 20
    concepts = set(onto.subjects(RDF.type, DIP.AgendaTopic))
    assert concepts == {TOPIC[tid] for tid, _, _ in rows}
    assert (SCHEME, RDF.type, SKOS.ConceptScheme) in onto
    for tid, label, scope in rows:
        c = TOPIC[tid]
        assert set(onto.objects(c, SKOS.notation)) == {Literal(tid)}
        assert set(onto.objects(c, SKOS.prefLabel)) == {Literal(label, lang="en")}
        assert set(onto.objects(c, RDFS.label)) == {Literal(label, lang="en")}
        assert set(onto.objects(c, SKOS.scopeNote)) == {Literal(scope, lang="en")}
        for t in (SKOS.Concept, OWL.NamedIndividual):
            assert (c, RDF.type, t) in onto
        assert (c, SKOS.inScheme, SCHEME) in onto
        assert (c, SKOS.topConceptOf, SCHEME) in onto
        assert (SCHEME, SKOS.hasTopConcept, c) in onto
        alts = set(onto.objects(c, SKOS.altLabel))
        assert alts and all(a.language == "en" for a in alts), tid
        assert Literal(label, lang="en") not in alts
    nuclear = {str(a) for a in onto.objects(TOPIC["nuclear-program"], SKOS.altLabel)}
    assert {"denuclearization", "nuclear weapons"} <= nuclear


def test_generated_topic_section_up_to_date():
    proc = subprocess.run([sys.executable, str(ROOT / "ontology" / "build_topics.py"), "--check"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


# ------------------------------------------------------------------------------------------------
# 2. SHACL
# ------------------------------------------------------------------------------------------------

PREFIXES = """
@prefix dip: <https://w3id.org/diplomacy-kg/ontology#> .
@prefix res: <https://w3id.org/diplomacy-kg/id/> .
@prefix topic: <https://w3id.org/diplomacy-kg/id/topic/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix wgs84: <http://www.w3.org/2003/01/geo/wgs84_pos#> .
@prefix wd: <http://www.wikidata.org/entity/> .
"""

# Two articles, each in its own named graph, reporting one meeting (contract-shaped data).
VALID_TRIG = PREFIXES + """
res:graph\\/a1 {
  res:article\\/a1 a dip:Article ;
      dcterms:source "articles/a1.txt" ;
      dcterms:title "Putin and Kim hold talks in Moscow" ;
      dip:published "2001-08-05T00:00:00"^^xsd:dateTime ; dip:publishedPrecision "day" ;
      dip:discusses topic:nuclear-program .
  res:person\\/vladimir-putin a dip:Person ;
      rdfs:label "Vladimir Putin" ; skos:altLabel "Putin" ; dip:role "Russian President" ;
      owl:sameAs wd:Q7747 ;
      dip:mentionedIn res:article\\/a1 ; dip:evidence res:article\\/a1\\/sentence\\/0 .
  res:person\\/kim-jong-il a dip:Person ;
      rdfs:label "Kim Jong-il"@en ; skos:altLabel "Kim Jong Il", "Kim" ;
      owl:sameAs wd:Q10665 ;
      dip:mentionedIn res:article\\/a1 .
  res:location\\/gn524901 a dip:City ;
      rdfs:label "Moscow" ; dip:country res:location\\/gn2017370 ;
      dip:geonames <https://sws.geonames.org/524901/> ;
      wgs84:lat "55.75222"^^xsd:decimal ; wgs84:long "37.61556"^^xsd:decimal ;
      owl:sameAs wd:Q649 ;
      dip:mentionedIn res:article\\/a1 .
  res:location\\/gn2017370 a dip:Country ;
      rdfs:label "Russia" ; owl:sameAs wd:Q159 ; dip:mentionedIn res:article\\/a1 .
  res:meeting\\/m1 a dip:Meeting ;
      dip:participant res:person\\/vladimir-putin , res:person\\/kim-jong-il ;
      dip:location res:location\\/gn524901 ;
      dip:date "2001-08-04T00:00:00"^^xsd:dateTime ; dip:datePrecision "day" ;
      dip:status dip:Held ;
      dip:onAgenda topic:nuclear-program , topic:transport ;
      dip:trigger "held talks" ;
      dip:mentionedIn res:article\\/a1 ;
      dip:evidence res:article\\/a1\\/sentence\\/0 .
  res:article\\/a1\\/sentence\\/0 a dip:Sentence ;
      dip:inArticle res:article\\/a1 ; dip:offset 0 ;
      dip:text "Russian President Vladimir Putin held talks with Kim Jong-il in Moscow on Saturday." .
}
res:graph\\/a2 {
  res:article\\/a2 a dip:Article ; dcterms:source "/data/articles/a2.html" .
  res:person\\/vladimir-putin dip:mentionedIn res:article\\/a2 .
  res:person\\/kim-jong-il dip:mentionedIn res:article\\/a2 .
  res:meeting\\/m1 dip:participant res:person\\/vladimir-putin , res:person\\/kim-jong-il ;
      dip:date "2001-01-01T00:00:00"^^xsd:dateTime ; dip:datePrecision "year" ;
      dip:status dip:Held ; dip:mentionedIn res:article\\/a2 .
}
"""

P, K = RES["person/vladimir-putin"], RES["person/kim-jong-il"]
M, A1 = RES["meeting/m1"], RES["article/a1"]
MOSCOW = RES["location/gn524901"]


def valid_dataset() -> Dataset:
    ds = Dataset()
    ds.parse(data=VALID_TRIG, format="trig")
    return ds


def valid_graph() -> Graph:
    return load_union(valid_dataset())


def test_sample_has_named_graphs_and_flattens():
    ds = valid_dataset()
    assert len({c.identifier for c in ds.graphs() if len(c)}) >= 2
    union = load_union(ds)
    assert type(union) is Graph
    assert len(union) == len({(s, p, o) for s, p, o, _ in ds.quads((None, None, None, None))})
    assert (M, DIP.datePrecision, Literal("year")) in union      # from the second article's graph


def test_valid_sample_conforms():
    report = validate(valid_dataset())
    assert isinstance(report, ValidationReport)
    assert report.conforms, report.text
    assert report.violations == 0


@pytest.mark.parametrize("fmt,suffix", [("nquads", ".nq"), ("trig", ".trig")])
def test_validate_file_flattens_named_graphs(tmp_path, fmt, suffix):
    path = tmp_path / f"export{suffix}"
    valid_dataset().serialize(destination=path, format=fmt)
    report = validate_file(path)
    assert report.conforms, report.text


def test_validate_file_errors(tmp_path):
    with pytest.raises(FileNotFoundError):
        validate_file(tmp_path / "missing.nq")


def test_ontology_needed_for_subclass_checks():
    """sh:class dip:Location accepts a dip:City only with the ontology's subclass axioms."""
    report = validate(valid_graph(), ontology=None)
    assert not report.conforms
    assert "dip:location" in report.text or str(DIP.location) in report.text


def _drop(g: Graph, s, p, o=None) -> Graph:
    g.remove((s, p, o))
    return g


BAD_CASES = {
    "meeting with one participant": (
        lambda g: _drop(g, M, DIP.participant, K), "MinCountConstraintComponent", "dip:participant"),
    "person with two labels": (
        lambda g: g.add((P, RDFS.label, Literal("Vladimir Vladimirovich Putin"))),
        "MaxCountConstraintComponent", "rdfs:label"),
    "person without label": (
        lambda g: _drop(g, K, RDFS.label), "MinCountConstraintComponent", "rdfs:label"),
    "sameAs to a non-Wikidata IRI": (
        lambda g: g.add((P, OWL.sameAs, URIRef("http://dbpedia.org/resource/Vladimir_Putin"))),
        "PatternConstraintComponent", "owl:sameAs"),
    "sameAs to a Wikidata property": (
        lambda g: g.add((MOSCOW, OWL.sameAs, WD.P31)), "PatternConstraintComponent", "owl:sameAs"),
    "bad datePrecision": (
        lambda g: (_drop(g, M, DIP.datePrecision), g.add((M, DIP.datePrecision, Literal("week")))),
        "InConstraintComponent", "dip:datePrecision"),
    "date as xsd:date": (
        lambda g: g.add((M, DIP.date, Literal("2001-08-04", datatype=XSD.date))),
        "DatatypeConstraintComponent", "dip:date"),
    "date as plain string": (
        lambda g: g.add((M, DIP.date, Literal("2001-08-04"))),
        "DatatypeConstraintComponent", "dip:date"),
    "date without precision": (
        lambda g: _drop(g, M, DIP.datePrecision), "MinCountConstraintComponent", "dip:datePrecision"),
    "unknown status": (
        lambda g: g.add((M, DIP.status, DIP.Postponed)), "InConstraintComponent", "dip:status"),
    "meeting without status": (
        lambda g: _drop(g, M, DIP.status), "MinCountConstraintComponent", "dip:status"),
    "meeting not mentioned in an article": (
        lambda g: _drop(g, M, DIP.mentionedIn), "MinCountConstraintComponent", "dip:mentionedIn"),
    "participant not a person": (
        lambda g: g.add((M, DIP.participant, MOSCOW)), "ClassConstraintComponent", "dip:participant"),
    "article with two sources": (
        lambda g: g.add((A1, DCTERMS.source, Literal("articles/a1-copy.txt"))),
        "MaxCountConstraintComponent", "dcterms:source"),
    "article without source": (
        lambda g: _drop(g, A1, DCTERMS.source), "MinCountConstraintComponent", "dcterms:source"),
    "topic without notation": (
        lambda g: g.add((RES["topic/made-up"], RDF.type, DIP.AgendaTopic)),
        "MinCountConstraintComponent", "skos:notation"),
    "topic with two notations": (
        lambda g: g.add((TOPIC["energy"], SKOS.notation, Literal("oil"))),
        "MaxCountConstraintComponent", "skos:notation"),
    "latitude as double": (
        lambda g: (_drop(g, MOSCOW, WGS84.lat), g.add((MOSCOW, WGS84.lat, Literal(55.75)))),
        "DatatypeConstraintComponent", "lat"),
}


@pytest.mark.parametrize("name", list(BAD_CASES))
def test_planted_breach_is_reported(name):
    mutate, component, path = BAD_CASES[name]
    g = valid_graph()
    mutate(g)
    report = validate(g)
    assert not report.conforms
    assert report.violations >= 1
    assert component in report.text, report.text
    assert path in report.text, report.text


def test_two_locations_is_only_a_warning():
    g = valid_graph()
    g.add((M, DIP.location, RES["location/gn2017370"]))
    report = validate(g)
    assert report.conforms, report.text
    assert report.violations == 0 and report.warnings == 1


def test_gold_export_smoke(tmp_path):
    """gold_to_rdf.py writes contract-shaped data; only its plain-string dates should be flagged."""
    script = EVAL_DIR / "gold_to_rdf.py"
    if not script.is_file() or not GOLD_DIR.is_dir():
        pytest.skip(f"{script} or {GOLD_DIR} not present")
    out = tmp_path / "gold.nq"
    subprocess.run([sys.executable, str(script), str(GOLD_DIR), str(out)], check=True,
                   capture_output=True)
    report = validate_file(out)
    paths = set(re.findall(r"Result Path: (\S+)", report.text))
    severities = re.findall(r"Severity: (\S+)", report.text)
    violating = {p for p, s in zip(re.findall(r"Result Path: (\S+)", report.text), severities)
                 if s == "sh:Violation"}
    assert violating <= {"dip:date", "dip:datePrecision"}, report.text
    assert paths  # gold dates are plain strings, so there is something to report


# ------------------------------------------------------------------------------------------------
# 3. OWL API and HermiT
# ------------------------------------------------------------------------------------------------

JAVA_DIR = Path("/usr/share/java")
OWLAPI_JARS = ["owlapi-api.jar", "owlapi-impl.jar", "owlapi-parsers.jar", "owlapi-apibinding.jar",
               "owlapi-oboformat.jar", "owlapi-tools.jar", "guava.jar", "caffeine.jar",
               "commons-io.jar", "commons-codec.jar", "hppcrt.jar", "slf4j-api.jar", "slf4j-nop.jar",
               "jsr305.jar", "atinject-jsr330-api.jar", "commons-rdf-api.jar", "xz.jar"]
INSTALL_HINT = ("apt-get install -y default-jdk-headless libowlapi-java libslf4j-java; "
                ".venv/bin/pip install owlready2")
OWLCHECK_SRC = ROOT / "tools" / "owlcheck" / "OwlCheck.java"
OWLCHECK_BUILD = ROOT / "build" / "owlcheck"


def _need(tool: str) -> str:
    path = shutil.which(tool)
    if not path:
        pytest.skip(f"{tool} not found; install with: {INSTALL_HINT}")
    return path


@pytest.fixture(scope="session")
def owlcheck() -> list[str]:
    java, javac = _need("java"), _need("javac")
    missing = [j for j in OWLAPI_JARS if not (JAVA_DIR / j).is_file()]
    if missing:
        pytest.skip(f"OWL API jars missing from {JAVA_DIR}: {missing}; install with: {INSTALL_HINT}")
    classpath = ":".join(str(JAVA_DIR / j) for j in OWLAPI_JARS)
    cls = OWLCHECK_BUILD / "OwlCheck.class"
    if not cls.is_file() or cls.stat().st_mtime < OWLCHECK_SRC.stat().st_mtime:
        OWLCHECK_BUILD.mkdir(parents=True, exist_ok=True)
        proc = subprocess.run([javac, "-d", str(OWLCHECK_BUILD), "-cp", classpath, str(OWLCHECK_SRC)],
                              capture_output=True, text=True)
        assert proc.returncode == 0, f"javac failed:\n{proc.stderr}"
    return [java, "-cp", f"{classpath}:{OWLCHECK_BUILD}", "OwlCheck"]


@pytest.fixture(scope="session")
def hermit() -> list[str]:
    java = _need("java")
    spec = importlib.util.find_spec("owlready2")
    if spec is None or not spec.submodule_search_locations:
        pytest.skip(f"owlready2 (bundles HermiT) not installed; install with: {INSTALL_HINT}")
    hermit_dir = Path(list(spec.submodule_search_locations)[0]) / "hermit"
    jar = hermit_dir / "HermiT.jar"
    if not jar.is_file():
        pytest.skip(f"{jar} missing; install with: {INSTALL_HINT}")
    return [java, "-Xmx1g", "-cp", f"{hermit_dir}:{jar}", "org.semanticweb.HermiT.cli.CommandLine"]


def run_owlcheck(cmd: list[str], path: Path) -> tuple[int, str]:
    proc = subprocess.run(cmd + [str(path)], capture_output=True, text=True, timeout=300)
    return proc.returncode, proc.stdout + proc.stderr


def hermit_consistent(cmd: list[str], path: Path) -> bool:
    """True if HermiT finds the ontology consistent, False if inconsistent; fails on other errors."""
    proc = subprocess.run(cmd + ["-k", str(path)], capture_output=True, text=True, timeout=300,
                          cwd=path.parent)
    out = proc.stdout + proc.stderr
    if proc.returncode == 0 and "owl#Thing is satisfiable" in out:
        return True
    if "InconsistentOntologyException" in out:
        return False
    pytest.fail(f"HermiT failed on {path} (exit {proc.returncode}):\n{out[-3000:]}")


def merged(tmp_path: Path, name: str, data: Graph | None = None) -> Path:
    """The ontology plus `data` in one RDF/XML document (what an OWL export would look like)."""
    g = Graph().parse(ONTOLOGY_FILE, format="turtle")
    if data is not None:
        for t in data:
            g.add(t)
    path = tmp_path / f"{name}.owl"
    g.serialize(destination=path, format="xml")
    return path


def owl_individuals(g: Graph) -> Graph:
    """Declare every IRI individual of `g` as owl:NamedIndividual (as an OWL export should)."""
    onto = Graph().parse(ONTOLOGY_FILE, format="turtle")
    schema_terms = {s for s in onto.subjects(RDF.type, None)}
    for s, p, o in list(g):
        for node in (s, o) if p not in (RDF.type,) else (s,):
            if isinstance(node, URIRef) and node not in schema_terms and not builtin(node):
                g.add((node, RDF.type, OWL.NamedIndividual))
    return g


def test_owlapi_ontology_is_clean_dl(owlcheck):
    code, out = run_owlcheck(owlcheck, ONTOLOGY_FILE)
    assert code == 0, out
    assert "OK" in out


def test_owlapi_ontology_with_sample_data_is_clean_dl(owlcheck, tmp_path):
    code, out = run_owlcheck(owlcheck, merged(tmp_path, "sample", owl_individuals(valid_graph())))
    assert code == 0, out


def test_owlapi_rejects_xsd_date(owlcheck, tmp_path):
    g = owl_individuals(valid_graph())
    g.add((M, DIP.date, Literal("2001-08-04", datatype=XSD.date)))
    code, out = run_owlcheck(owlcheck, merged(tmp_path, "xsd-date", g))
    assert code == 1, out
    assert "OWL 2 DL violation" in out and "date" in out


def test_owlapi_rejects_undeclared_terms_imports_and_punning(owlcheck, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text(PREFIXES + """
<urn:x:o> a owl:Ontology ; owl:imports <http://example.org/not-there> .
dip:A a owl:Class ; rdfs:subClassOf dip:Undeclared .
dip:p a owl:ObjectProperty ; rdfs:subPropertyOf rdfs:seeAlso .
""", encoding="utf-8")
    code, out = run_owlcheck(owlcheck, bad)
    assert code == 1, out
    assert "missing import" in out
    assert "UseOfUndeclaredClass" in out
    assert "IllegalPunning" in out


def test_owlapi_reports_unparsed_triples(owlcheck, tmp_path):
    bad = tmp_path / "unparsed.ttl"
    bad.write_text(PREFIXES + """
<urn:x:o> a owl:Ontology .
dip:A a owl:Class . dip:B a owl:Class .
[] owl:members ( dip:A dip:B ) .
""", encoding="utf-8")
    code, out = run_owlcheck(owlcheck, bad)
    assert code == 1, out
    assert "unparsed triple" in out


def test_hermit_ontology_consistent_and_coherent(hermit, tmp_path):
    assert hermit_consistent(hermit, ONTOLOGY_FILE)
    proc = subprocess.run(hermit + ["-U", str(ONTOLOGY_FILE)], capture_output=True, text=True,
                          timeout=300)
    unsat = [ln.strip() for ln in proc.stdout.splitlines()[1:] if ln.strip()]
    assert unsat == ["owl:Nothing"], proc.stdout + proc.stderr


def test_hermit_sample_data_consistent(hermit, tmp_path):
    assert hermit_consistent(hermit, merged(tmp_path, "sample", owl_individuals(valid_graph())))


HERMIT_BAD = {
    "meeting with two statuses": lambda g: g.add((M, DIP.status, DIP.Planned)),
    "person and place sameAs one Wikidata item": lambda g: g.add((MOSCOW, OWL.sameAs, WD.Q7747)),
    "datePrecision outside year|month|day": lambda g: g.add((M, DIP.datePrecision, Literal("week"))),
    "date as plain string": lambda g: g.add((M, DIP.date, Literal("2001-08-04"))),
    "participant is a location": lambda g: g.add((M, DIP.participant, MOSCOW)),
}


@pytest.mark.parametrize("name", list(HERMIT_BAD))
def test_hermit_finds_planted_inconsistency(hermit, tmp_path, name):
    g = owl_individuals(valid_graph())
    HERMIT_BAD[name](g)
    assert not hermit_consistent(hermit, merged(tmp_path, "bad", g))


def test_owlapi_data_importing_the_ontology(owlcheck, tmp_path):
    """An OWL export that imports the ontology by IRI is checked offline with --map IRI=FILE."""
    g = valid_graph()
    export = URIRef("https://w3id.org/diplomacy-kg/id/export")
    g.add((export, RDF.type, OWL.Ontology))
    g.add((export, OWL.imports, ONTOLOGY_IRI))
    path = tmp_path / "export.owl"
    g.serialize(destination=path, format="xml")
    code, out = run_owlcheck(owlcheck + ["--map", f"{ONTOLOGY_IRI}={ONTOLOGY_FILE}"],
                             path)
    assert code == 0, out
    code, out = run_owlcheck(owlcheck, path)
    assert code == 1 and "missing import" in out, out
