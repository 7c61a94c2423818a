"""Shared fixtures for the pipeline tests: real spaCy model (loaded once), real on-disk stores in
tmp_path, the real `kg` command line as a subprocess. Nothing is mocked."""
from __future__ import annotations

import gc
import os
import subprocess
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from kg.settings import Settings  # noqa: E402

DIP = "https://w3id.org/diplomacy-kg/ontology#"
PREFIXES = f"""PREFIX dip: <{DIP}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""


# ---- paths ------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def shared_dir(repo_root: Path) -> Path:
    """The shared evaluation folder beside the repository (gold, scorer); skip when absent."""
    path = repo_root.parent / "shared"
    if not path.is_dir():
        pytest.skip(f"{path} is absent (gold annotations and scorer live there)")
    return path


# ---- settings and models ----------------------------------------------------------------------

@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings with a fresh store under tmp_path and Wikidata linking off (no network)."""
    return Settings(store=tmp_path / "store", link=False)


@pytest.fixture(scope="session")
def builder(tmp_path_factory: pytest.TempPathFactory):
    """The real pipeline (spaCy model, gazetteer, topic scheme), loaded once per session."""
    from kg.pipeline import Builder

    store = tmp_path_factory.mktemp("builder") / "store"
    return Builder(Settings(store=store, link=False))


@pytest.fixture
def build(builder) -> Callable[[Iterable[str | Path], Path], object]:
    """build(paths, store_dir): run the session's Builder into the given on-disk store."""

    def run(paths: Iterable[str | Path], store: Path):
        saved = builder.settings
        builder.settings = saved.with_(store=Path(store))
        try:
            return builder.build([str(p) for p in paths], progress=lambda _msg: None)
        finally:
            builder.settings = saved
            gc.collect()

    return run


# ---- article files ------------------------------------------------------------------------------

def write_article(folder: Path, name: str, text: str | bytes) -> Path:
    """Write one article file (text as UTF-8, or raw bytes) and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def article_dir(tmp_path: Path) -> Callable[..., Path]:
    """article_dir({"a.txt": text, ...}, name="articles"): a folder of article files."""

    def make(files: dict[str, str | bytes], name: str = "articles") -> Path:
        folder = tmp_path / name
        for file_name, text in files.items():
            write_article(folder, file_name, text)
        return folder

    return make


@pytest.fixture
def extract(builder, tmp_path: Path):
    """extract(text, name="article.txt") -> ArticleFacts, through the real ingest, spaCy model
    and extractor (no store involved)."""
    from kg import ingest

    counter = iter(range(1_000_000))

    def run(text: str, name: str = "article.txt"):
        folder = tmp_path / f"extract{next(counter)}"
        path = write_article(folder, name, text)
        article = ingest.read_article(str(path), path)
        doc = builder.nlp(article.text)
        return builder.extractor.extract(doc, article)

    return run


# ---- the command line ---------------------------------------------------------------------------

@dataclass
class CliResult:
    returncode: int
    stdout: str
    stderr: str

    @property
    def stderr_lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.strip()]


def run_kg(*args: str | Path, cwd: Path | None = None, timeout: float = 120) -> CliResult:
    """Run `python -m kg.cli ARGS...` as a subprocess (the real command line)."""
    env = dict(os.environ)
    env.pop("KG_STORE", None)
    env.pop("KG_UPDATE_TOKEN", None)
    proc = subprocess.run([sys.executable, "-m", "kg.cli", *map(str, args)], cwd=cwd or REPO_ROOT,
                          capture_output=True, text=True, timeout=timeout, env=env)
    return CliResult(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture(scope="session")
def kg_cli() -> Callable[..., CliResult]:
    return run_kg


# ---- reading a store ----------------------------------------------------------------------------

def open_store(path: Path) -> ox.Store:
    return ox.Store.read_only(str(path))


def quad_count(path: Path) -> int:
    store = open_store(path)
    try:
        return len(store)
    finally:
        del store
        gc.collect()


def select(path: Path, query: str) -> list[dict[str, str | None]]:
    """Rows of a SELECT over the union of the store's graphs, values as plain strings."""
    store = open_store(path)
    try:
        result = store.query(PREFIXES + query, use_default_graph_as_union=True)
        names = [v.value for v in result.variables]
        return [{n: (row[n].value if row[n] is not None else None) for n in names} for row in result]
    finally:
        del store
        gc.collect()
