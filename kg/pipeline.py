"""The build: ingest -> nlp -> extract -> resolve -> rdf -> store (-> link), streaming.

Every input file is read and checked before the store is touched; then articles flow through
spaCy in batches and are written one atomic graph replacement at a time.
"""
from __future__ import annotations

import sys
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from . import ingest, rdf
from .extract import Extractor, TopicMatcher
from .geo import Gazetteer
from .nlp import annotate, load_pipeline
from .resolve import MeetingIndex, PersonIndex, Resolver
from .settings import Settings
from .store import KGStore
from .topics import load_scheme

Progress = Callable[[str], None]
FLUSH_EVERY = 50  # articles between store flushes


def stderr_progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@dataclass
class BuildReport:
    articles: int = 0
    persons: int = 0
    places: int = 0
    meetings: int = 0
    words: int = 0
    seconds: float = 0.0
    failed: list[str] = field(default_factory=list)

    def summary(self) -> str:
        rate = self.words / self.seconds if self.seconds else 0.0
        failed = f"; {len(self.failed)} article(s) failed: {', '.join(self.failed)}" if self.failed else ""
        return (f"built {self.articles} article(s): {self.persons} person, {self.places} place and "
                f"{self.meetings} meeting mentions; {self.words:,} words in {self.seconds:.1f} s "
                f"({rate:,.0f} words/s){failed}")


class Builder:
    """Holds the loaded models, so that several builds (or a benchmark) pay for them once."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.nlp = load_pipeline(settings)
        self.gazetteer = Gazetteer.load()
        self.topics = load_scheme(settings.topics_file)
        self.extractor = Extractor(TopicMatcher(self.nlp, self.topics), self.gazetteer)

    def build(self, paths: Sequence[str], progress: Progress = stderr_progress) -> BuildReport:
        return self.build_articles(ingest.read_articles(paths), progress)  # all inputs checked before any write

    def build_articles(self, articles: list, progress: Progress = stderr_progress) -> BuildReport:
        store = KGStore(self.settings.store)
        try:
            return self._build_into(store, articles, progress)
        finally:
            store.close()

    def _build_into(self, store: KGStore, articles: list, progress: Progress) -> BuildReport:
        started = time.perf_counter()
        report = BuildReport()
        store.load_ontology(self.settings.ontology_file)
        resolver = Resolver(self.gazetteer, MeetingIndex(store.meeting_records()), PersonIndex(store.person_names()))
        total = len(articles)
        for doc, article in annotate(self.nlp, ((a.text, a) for a in articles)):
            try:
                resolved = resolver.resolve(self.extractor.extract(doc, article))
            except Exception:  # a bug on one article must not lose the others: report it, go on
                report.failed.append(article.source)
                progress(f"{article.source}: extraction failed, article skipped (a bug; traceback follows)\n"
                         + traceback.format_exc())
                continue
            store.replace_graph(rdf.article_graph_iri(resolved), rdf.article_quads(resolved))
            store.add_quads(rdf.entity_quads(resolved))
            report.articles += 1
            report.persons += len(resolved.persons)
            report.places += len(resolved.places)
            report.meetings += len(resolved.meetings)
            report.words += len(doc)
            if report.articles % FLUSH_EVERY == 0:
                store.flush()  # write buffers out: memory stays flat however large the corpus
            if report.articles == total or report.articles % max(1, total // 20) == 0 or total <= 20:
                progress(f"[{report.articles}/{total}] {article.article_id}: {len(resolved.persons)} persons, "
                         f"{len(resolved.places)} places, {len(resolved.meetings)} meetings")
        store.consolidate_labels()
        report.seconds = time.perf_counter() - started
        return report
