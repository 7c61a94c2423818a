"""Store: the embedded on-disk Oxigraph store (pyoxigraph), owned by this module.

Writes are per article and atomic: one SPARQL update drops the article's graph and inserts its
new content, so a rebuild replaces what the article contributed and a failure leaves the store
as it was before that article.
"""
from __future__ import annotations

import io
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

from . import iris
from .errors import InputError, StoreError, StoreLockedError
from .model import PartialDate
from .rdf import ENTITIES_GRAPH, ONTOLOGY_GRAPH
from .resolve import MeetingRecord

LOCK_WAIT_SECONDS = 5.0
EXPORT_FORMATS = {
    "nq": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG, "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD, "owl": ox.RdfFormat.RDF_XML,
}
PREFIX_LINES = "".join(f"PREFIX {k}: <{v}>\n" for k, v in iris.PREFIXES.items())


class KGStore:
    """The project's view of one on-disk store."""

    def __init__(self, path: Path, read_only: bool = False, wait: float = LOCK_WAIT_SECONDS):
        self.path = Path(path)
        deadline = time.monotonic() + wait
        while True:
            try:
                self._open(read_only)
                return
            except StoreLockedError:
                if time.monotonic() >= deadline:
                    raise
                time.sleep(0.2)  # a writable server holds the lock for a moment after each write

    def _open(self, read_only: bool) -> None:
        try:
            if read_only:
                if not (self.path / "CURRENT").exists():
                    raise StoreError(f"{self.path}: no store here (build one with `kg build`)")
                self._store = ox.Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(self.path))
        except OSError as exc:
            message = str(exc)
            if "lock" in message.lower():
                raise StoreLockedError(
                    f"{self.path}: store is in use by another process (a running `kg build`, or `kg serve` "
                    f"with updates enabled); stop it or use another --store") from None
            raise StoreError(f"{self.path}: cannot open store ({message.splitlines()[0]})") from None

    # ---- writing ------------------------------------------------------------------------

    def replace_graph(self, graph_iri: str, quads: Iterable[ox.Quad]) -> None:
        """Atomically replace one named graph's content."""
        graph = ox.NamedNode(graph_iri)
        if not self._store.contains_named_graph(graph):
            # a new graph (the usual case): one transactional insert, without a SPARQL text to parse
            self.add_quads(ox.Quad(q.subject, q.predicate, q.object, graph) for q in quads)
            return
        body = _triples_text(q.triple for q in quads)
        self._update(f"DROP SILENT GRAPH <{graph_iri}> ;\nINSERT DATA {{ GRAPH <{graph_iri}> {{\n{body}}} }}")

    def add_quads(self, quads: Iterable[ox.Quad]) -> None:
        """Add quads (set semantics: nothing is ever duplicated), atomically: Store.extend writes
        all of them in one transaction or none."""
        try:
            self._store.extend(quads)
        except (OSError, ValueError) as exc:
            raise StoreError(f"{self.path}: write failed ({exc})") from None

    def load_ontology(self, ontology_file: Path) -> None:
        """(Re)load the ontology (with its topic scheme) into its own named graph."""
        try:
            triples = list(ox.parse(path=str(ontology_file), format=ox.RdfFormat.TURTLE))
        except (OSError, SyntaxError) as exc:
            raise StoreError(f"{ontology_file}: cannot load the ontology ({exc})") from None
        self.replace_graph(ONTOLOGY_GRAPH, (ox.Quad(t.subject, t.predicate, t.object) for t in triples))

    def consolidate_labels(self) -> None:
        """Give every person and place exactly one rdfs:label in the entities graph: the name
        the most articles use for it, full names before short forms ("William Ruto", not "Ruto")."""
        rows = self._store.query(PREFIX_LINES + """
            SELECT ?e ?name (COUNT(DISTINCT ?g) AS ?n) WHERE {
              GRAPH ?g { ?e skos:altLabel ?name ; dip:mentionedIn ?a }
              FILTER(?g != <%s>)
            } GROUP BY ?e ?name""" % ENTITIES_GRAPH)
        best: dict[str, tuple[tuple, str]] = {}
        for row in rows:
            entity, name, count = row["e"].value, row["name"].value, int(row["n"].value)
            key = (len(name.split()) > 1, count, "-" not in name, len(name), name)
            if entity not in best or key > best[entity][0]:
                best[entity] = (key, name)
        geo_names = {row["e"].value: row["name"].value for row in self._store.query(PREFIX_LINES + f"""
            SELECT ?e ?name WHERE {{ GRAPH <{ENTITIES_GRAPH}> {{ ?e dip:geonames ?gn ; skos:altLabel ?name }} }}""")}
        labels = [ox.Quad(ox.NamedNode(e), ox.NamedNode(iris.RDFS + "label"), ox.Literal(geo_names.get(e, name)),
                          ox.NamedNode(ENTITIES_GRAPH)) for e, (_, name) in best.items()]
        self._update(f"DELETE WHERE {{ GRAPH <{ENTITIES_GRAPH}> {{ ?e <{iris.RDFS}label> ?l }} }}")
        self.add_quads(labels)

    def clear_links(self, graph_iri: str) -> None:
        """Drop the owl:sameAs links of one graph (before linking afresh)."""
        self._update(f"DELETE WHERE {{ GRAPH <{graph_iri}> {{ ?e <{iris.OWL}sameAs> ?x }} }}")

    def _update(self, update: str) -> None:
        try:
            self._store.update(update)
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(f"{self.path}: write failed ({exc})") from None

    def flush(self) -> None:
        self._store.flush()

    # ---- reading ------------------------------------------------------------------------

    def meeting_records(self) -> Iterator[MeetingRecord]:
        """Every meeting node with its participants, dates, places and articles, for clustering."""
        rows = self._store.query(PREFIX_LINES + """
            SELECT ?m ?a (GROUP_CONCAT(DISTINCT STR(?p); separator=" ") AS ?ps)
                   (GROUP_CONCAT(DISTINCT STR(?d); separator=" ") AS ?ds)
                   (GROUP_CONCAT(DISTINCT STR(?prec); separator=" ") AS ?precs)
                   (GROUP_CONCAT(DISTINCT STR(?l); separator=" ") AS ?ls) WHERE {
              GRAPH ?g { ?m a dip:Meeting ; dip:mentionedIn ?a ; dip:participant ?p .
                         OPTIONAL { ?m dip:date ?d ; dip:datePrecision ?prec } OPTIONAL { ?m dip:location ?l } }
            } GROUP BY ?m ?a""")
        for row in rows:
            # GROUP_CONCAT over no bound value is itself unbound in Oxigraph: read None as empty.
            values = {k: (row[k].value if row[k] is not None else "") for k in ("ps", "ds", "precs", "ls")}
            dates = {_partial(lexical, precision)
                     for lexical, precision in zip(values["ds"].split(), values["precs"].split())}
            yield MeetingRecord(iri=row["m"].value, participants=frozenset(values["ps"].split()),
                                dates=dates, places=set(values["ls"].split()), articles={row["a"].value})

    def person_names(self) -> Iterator[tuple[str, str]]:
        """(name, person IRI) for every name an article gives a person."""
        rows = self._store.query(PREFIX_LINES + """
            SELECT DISTINCT ?name ?p WHERE { GRAPH ?g { ?p a dip:Person ; skos:altLabel ?name } }""")
        for row in rows:
            yield row["name"].value, row["p"].value

    def query(self, sparql: str):
        """Run a query with the union of all graphs as the default graph."""
        try:
            return self._store.query(sparql, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise InputError(f"malformed query: {_one_line(str(exc))}") from None

    def __len__(self) -> int:
        return len(self._store)

    def article_count(self) -> int:
        rows = self._store.query(PREFIX_LINES + "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { GRAPH ?g { ?a a dip:Article } }")
        return int(next(iter(rows))["n"].value)

    def dump(self, fmt: str, out: io.BufferedIOBase) -> None:
        """Write the dataset: quads formats keep the named graphs, triple formats merge them."""
        rdf_format = EXPORT_FORMATS[fmt]
        if rdf_format.supports_datasets:
            self._store.dump(out, format=rdf_format, prefixes=dict(iris.PREFIXES) if fmt == "trig" else None)
            return
        triples = self._store.query("CONSTRUCT { ?s ?p ?o } WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }")
        ox.serialize(triples, out, format=rdf_format,
                     prefixes=dict(iris.PREFIXES) if fmt in ("ttl", "owl") else None)

    def triples(self, sparql_construct: str) -> list[ox.Triple]:
        return list(self._store.query(sparql_construct, use_default_graph_as_union=True))

    def close(self) -> None:
        self.flush()
        del self._store


def _one_line(message: str) -> str:
    return " ".join(message.split())


def _partial(lexical: str, precision: str) -> PartialDate:
    full = PartialDate.parse(lexical[:10])
    if precision == "year":
        return PartialDate(full.year)
    if precision == "month":
        return PartialDate(full.year, full.month)
    return full


def _triples_text(triples: Iterable[ox.Triple]) -> str:
    buffer = ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES)
    return buffer.decode("utf-8") if buffer else ""
