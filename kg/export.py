"""Read-side commands over the store: export, query, validate, and the consolidated OWL view.

The OWL export (for Protégé) is one consistent view: named graphs may disagree (planned in one
article, held in a later one), so each meeting gets one status and one date there, the latest
report winning; its owl:Ontology header imports the ontology, which a catalog-v001.xml beside the
file maps to a local copy.
"""
from __future__ import annotations

import csv
import io
import json
import shutil
import sys
from pathlib import Path

import pyoxigraph as ox

from . import iris
from .errors import InputError
from .settings import Settings
from .store import PREFIX_LINES, KGStore

DATA_ONTOLOGY = "https://w3id.org/diplomacy-kg/data"
CATALOG = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<catalog prefer="public" xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">
    <uri id="diplomacy-kg ontology" name="{ontology}" uri="{local}"/>
</catalog>
"""


def export(settings: Settings, fmt: str, output: Path | None) -> None:
    store = KGStore(settings.store, read_only=True)
    if fmt == "owl":
        data = consolidated_owl(store, settings, standalone=output is None)
        _write(output, data)
        if output is not None:
            _write_catalog(output, settings.ontology_file)
        return
    buffer = io.BytesIO()
    store.dump(fmt, buffer)
    _write(output, buffer.getvalue())


def _write(output: Path | None, data: bytes) -> None:
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    tmp = output.with_name(output.name + ".part")
    try:
        tmp.write_bytes(data)
        tmp.replace(output)  # never a half-written export
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InputError(f"{output}: cannot write ({exc.strerror})") from None


def _write_catalog(output: Path, ontology_file: Path) -> None:
    local = output.with_name("diplomacy.ttl")
    if local.resolve() != ontology_file.resolve():
        shutil.copyfile(ontology_file, local)
    (output.parent / "catalog-v001.xml").write_text(CATALOG.format(ontology=iris.ONTOLOGY, local=local.name), encoding="utf-8")


# ---- the consolidated OWL view ------------------------------------------------------------

ENTITY_TYPES = "dip:Person, dip:Location, dip:Country, dip:City, dip:Region, dip:Site, dip:WaterBody"


def _entity_branch(pattern: str, variables: str) -> str:
    """One property of the entities, DISTINCT per entity: a UNION of such branches stays linear
    in the data, where chained OPTIONALs over multi-valued properties multiply rows."""
    return (f"{{ SELECT DISTINCT ?e {variables} WHERE {{ {{ SELECT DISTINCT ?e WHERE {{ ?e a ?t . "
            f"FILTER(?t IN ({ENTITY_TYPES})) }} }} {pattern} }} }}")


ENTITY_VIEW = PREFIX_LINES + """
CONSTRUCT {
  ?e a ?type ; rdfs:label ?label ; skos:altLabel ?alt ; owl:sameAs ?same ; dip:mentionedIn ?a ;
     dip:role ?role ; dip:country ?country ; dip:geonames ?gn ; wgs84:lat ?lat ; wgs84:long ?long .
  ?a a dip:Article ; dcterms:source ?src ; dcterms:title ?title ; dip:discusses ?topic ;
     dip:published ?pub ; dip:publishedPrecision ?pubp .
} WHERE {
  { GRAPH ?g { ?a a dip:Article ; dcterms:source ?src } }
  UNION { GRAPH ?g { ?a a dip:Article ; dcterms:title ?title } }
  UNION { GRAPH ?g { ?a a dip:Article ; dip:discusses ?topic } }
  UNION { GRAPH ?g { ?a a dip:Article ; dip:published ?pub ; dip:publishedPrecision ?pubp } }
  UNION """ + "\n  UNION ".join(_entity_branch(pattern, variables) for pattern, variables in (
    ("?e a ?type . FILTER(?type IN (" + ENTITY_TYPES + "))", "?type"),
    ("?e rdfs:label ?label", "?label"),
    ("?e skos:altLabel ?alt", "?alt"),
    ("?e owl:sameAs ?same", "?same"),
    ("?e dip:mentionedIn ?a", "?a"),
    ("?e dip:role ?role", "?role"),
    ("?e dip:country ?country", "?country"),
    ("?e dip:geonames ?gn", "?gn"),
    ("?e wgs84:lat ?lat ; wgs84:long ?long", "?lat ?long"),
)) + "\n}"

MEETING_ROWS = PREFIX_LINES + """
SELECT ?m ?a ?pub ?st ?d ?prec ?l WHERE {
  GRAPH ?g { ?a a dip:Article . ?m a dip:Meeting ; dip:mentionedIn ?a ; dip:status ?st
             OPTIONAL { ?m dip:date ?d ; dip:datePrecision ?prec } OPTIONAL { ?m dip:location ?l } }
  OPTIONAL { GRAPH ?g { ?a dip:published ?pub } }
} ORDER BY ?m ?pub ?a"""

MEETING_SETS = PREFIX_LINES + """
CONSTRUCT { ?m a dip:Meeting ; dip:participant ?p ; dip:onAgenda ?t ; dip:mentionedIn ?a }
WHERE { GRAPH ?g { ?m a dip:Meeting ; dip:mentionedIn ?a OPTIONAL { ?m dip:participant ?p } OPTIONAL { ?m dip:onAgenda ?t } } }"""


def consolidated_triples(store: KGStore) -> list[ox.Triple]:
    triples = store.triples(ENTITY_VIEW) + store.triples(MEETING_SETS)
    latest: dict[str, dict] = {}
    for row in store.query(MEETING_ROWS):
        # Rows come oldest report first (undated articles first), so the last one wins; a
        # report that gives no date or place leaves an earlier report's in place.
        values = latest.setdefault(row["m"].value, {})
        values["st"] = row["st"]
        if row["d"] is not None:
            values["d"], values["prec"] = row["d"], row["prec"]
        if row["l"] is not None:
            values["l"] = row["l"]
    dip = iris.DIP
    for meeting, values in latest.items():
        m = ox.NamedNode(meeting)
        triples.append(ox.Triple(m, ox.NamedNode(dip + "status"), values["st"]))
        if values.get("d") is not None:
            triples.append(ox.Triple(m, ox.NamedNode(dip + "date"), values["d"]))
            triples.append(ox.Triple(m, ox.NamedNode(dip + "datePrecision"), values["prec"]))
        if values.get("l") is not None:
            triples.append(ox.Triple(m, ox.NamedNode(dip + "location"), values["l"]))
    return triples


def consolidated_owl(store: KGStore, settings: Settings, standalone: bool) -> bytes:
    header = ox.NamedNode(DATA_ONTOLOGY)
    triples = [
        ox.Triple(header, ox.NamedNode(iris.RDF + "type"), ox.NamedNode(iris.OWL + "Ontology")),
        ox.Triple(header, ox.NamedNode(iris.RDFS + "label"), ox.Literal("diplomacy-kg data (consolidated view)")),
    ]
    if standalone:
        triples += [t for t in ox.parse(path=str(settings.ontology_file), format=ox.RdfFormat.TURTLE)
                    if not (t.subject == ox.NamedNode(iris.ONTOLOGY))]
    else:
        triples.append(ox.Triple(header, ox.NamedNode(iris.OWL + "imports"), ox.NamedNode(iris.ONTOLOGY)))
    triples += _individual_declarations(consolidated_triples(store))
    return ox.serialize(triples, format=ox.RdfFormat.RDF_XML, prefixes=dict(iris.PREFIXES))


def _individual_declarations(triples: list[ox.Triple]) -> list[ox.Triple]:
    """Declare every subject as an owl:NamedIndividual (OWL 2 DL wants explicit declarations)."""
    named = ox.NamedNode(iris.OWL + "NamedIndividual")
    rdf_type = ox.NamedNode(iris.RDF + "type")
    subjects = {t.subject for t in triples}
    objects = {t.object for t in triples if isinstance(t.object, ox.NamedNode) and t.predicate.value.startswith(iris.DIP)
               and t.predicate.value not in (iris.DIP + "status",)}
    return triples + [ox.Triple(s, rdf_type, named) for s in sorted(subjects | objects, key=str)]


# ---- query and validate ---------------------------------------------------------------------

def run_query(settings: Settings, text: str, fmt: str) -> str:
    store = KGStore(settings.store, read_only=True)
    result = store.query(text)
    if isinstance(result, ox.QueryBoolean):
        return json.dumps({"boolean": bool(result)}) + "\n" if fmt == "json" else f"{bool(result)}\n"
    if isinstance(result, ox.QueryTriples):
        return ox.serialize(list(result), format=ox.RdfFormat.TURTLE, prefixes=dict(iris.PREFIXES)).decode()
    names = [v.value for v in result.variables]
    rows = [[_term_text(sol[n]) for n in names] for sol in result]
    if fmt == "json":
        return json.dumps([dict(zip(names, r)) for r in rows], ensure_ascii=False, indent=1) + "\n"
    if fmt in ("csv", "tsv"):
        out = io.StringIO()
        writer = csv.writer(out, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(names)
        writer.writerows(rows)
        return out.getvalue()
    return _table(names, rows)


def _term_text(term) -> str:
    if term is None:
        return ""
    value = term.value
    for prefix, ns in (("dip", iris.DIP), ("res", iris.RES), ("wd", iris.WD)):
        if isinstance(term, ox.NamedNode) and value.startswith(ns):
            return f"{prefix}:{value[len(ns):]}"
    return value


def _table(names: list[str], rows: list[list[str]]) -> str:
    widths = [min(60, max([len(n)] + [len(r[i]) for r in rows])) for i, n in enumerate(names)]
    line = lambda cells: "  ".join(c[:w].ljust(w) for c, w in zip(cells, widths)).rstrip()
    out = [line(names), line(["-" * w for w in widths])] + [line(r) for r in rows]
    return "\n".join(out) + f"\n({len(rows)} row{'s' if len(rows) != 1 else ''})\n"


def validate_store(settings: Settings):
    """SHACL-validate the union of the store's graphs (rdflib only inside kg.validate)."""
    from .validate import validate_ntriples

    store = KGStore(settings.store, read_only=True)
    buffer = io.BytesIO()
    store.dump("nt", buffer)
    return validate_ntriples(buffer.getvalue())
