"""SHACL validation of a diplomacy-kg graph against ontology/shapes.ttl (pySHACL).

The data may be an rdflib Graph or Dataset, or a file in any RDF syntax rdflib reads (N-Quads,
TriG, Turtle, N-Triples, RDF/XML, JSON-LD). Named graphs are flattened into one union graph before
validation: the shapes describe the merged nodes, not individual article graphs.

By default the ontology (ontology/diplomacy.ttl) is mixed into the data without inference, so that
sh:class checks see its subclass axioms (a dip:City is a dip:Location) and its agenda topics and
meeting statuses. rdflib and pySHACL types stay inside this module; callers get a ValidationReport.

    python -m kg.validate EXPORT.nq      # prints the report, exit 0 if it conforms, 1 if not
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Union

from rdflib import Dataset, Graph, URIRef
from rdflib.graph import ConjunctiveGraph
from rdflib.namespace import SH
from rdflib.util import guess_format

ROOT = Path(__file__).resolve().parent.parent
SHAPES = ROOT / "ontology" / "shapes.ttl"
ONTOLOGY = ROOT / "ontology" / "diplomacy.ttl"

_QUAD_FORMATS = {"nquads", "trig", "trix"}
_EXTRA_FORMATS = {".nq": "nquads", ".nquads": "nquads", ".trig": "trig", ".jsonld": "json-ld",
                  ".json": "json-ld", ".owl": "xml", ".rdf": "xml", ".ttl": "turtle", ".nt": "nt"}

DataSource = Union[str, Path, Graph]


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    text: str          # pySHACL's human-readable report
    violations: int    # number of sh:ValidationResult with severity sh:Violation
    warnings: int = 0  # results with severity sh:Warning or sh:Info


def _format_for(path: Path) -> str:
    fmt = _EXTRA_FORMATS.get(path.suffix.lower()) or guess_format(str(path))
    if not fmt:
        raise ValueError(f"{path}: cannot tell the RDF syntax from the file extension")
    return fmt


def load_union(source: DataSource) -> Graph:
    """One plain Graph holding every triple of `source`, whatever graph it was in."""
    if isinstance(source, Graph) and not isinstance(source, ConjunctiveGraph):
        return source
    union = Graph()
    if isinstance(source, ConjunctiveGraph):   # Dataset too: merge every named graph
        for s, p, o, _ in source.quads((None, None, None, None)):
            union.add((s, p, o))
        return union
    path = Path(source)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such file")
    fmt = _format_for(path)
    if fmt in _QUAD_FORMATS:
        ds = Dataset()
        ds.parse(path, format=fmt)
        for s, p, o, _ in ds.quads((None, None, None, None)):
            union.add((s, p, o))
    else:
        union.parse(path, format=fmt)
    return union


def _graph(source: DataSource | None) -> Graph | None:
    if source is None:
        return None
    if isinstance(source, Graph):
        return source
    g = Graph()
    g.parse(Path(source), format=_format_for(Path(source)))
    return g


def validate(data: DataSource, shapes: DataSource | None = SHAPES,
             ontology: DataSource | None = ONTOLOGY) -> ValidationReport:
    """Validate `data` (file path or rdflib graph/dataset) against the SHACL `shapes`.

    `ontology` (default: the project ontology; None to leave it out) is added to a copy of the
    data before validation, without inference. The data graph itself is never modified.
    """
    import pyshacl  # imported here: pySHACL is slow to import and only validation needs it

    data_graph = load_union(data)
    shapes_graph = _graph(shapes if shapes is not None else SHAPES)
    if ontology is not None:
        # Mix the ontology in ourselves: pySHACL's ont_graph "inoculation" clones node by node
        # and takes minutes on the ontology's SKOS scheme. A plain union is all sh:class needs.
        mixed = Graph()
        for triple in data_graph:
            mixed.add(triple)
        for triple in _graph(ontology):
            mixed.add(triple)
        data_graph = mixed
    conforms, results, text = pyshacl.validate(
        data_graph,
        shacl_graph=shapes_graph,
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
        advanced=False,
        meta_shacl=False,
    )
    violations = warnings = 0
    for res in results.subjects(predicate=URIRef(SH.resultSeverity)):
        severity = results.value(res, SH.resultSeverity)
        if severity == SH.Violation:
            violations += 1
        else:
            warnings += 1
    return ValidationReport(conforms=bool(conforms), text=str(text), violations=violations,
                            warnings=warnings)


def validate_file(path: str | Path) -> ValidationReport:
    """Validate an exported file (N-Quads, TriG, Turtle, ...) with the project's shapes and ontology."""
    return validate(Path(path))


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or args[0] in ("-h", "--help"):
        print("usage: python -m kg.validate FILE   (N-Quads, TriG, Turtle, ...)", file=sys.stderr)
        return 0 if args and args[0] in ("-h", "--help") else 2
    try:
        report = validate_file(args[0])
    except Exception as exc:  # noqa: BLE001 - one-line error for the command line
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(report.text)
    return 0 if report.conforms else 1


if __name__ == "__main__":
    sys.exit(main())


def validate_ntriples(data: bytes) -> ValidationReport:
    """Validate N-Triples text (the union of a store's graphs, as `kg validate` exports it)."""
    graph = Graph()
    graph.parse(data=data, format="nt")
    return validate(graph)
