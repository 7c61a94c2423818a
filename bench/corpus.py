"""A benchmark corpus of any size: the project's own articles, copied under distinct names."""
from __future__ import annotations

import itertools
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "corpus" / "demo", ROOT / "corpus" / "dev"]


def source_articles() -> list[Path]:
    return sorted(p for folder in SOURCES if folder.is_dir() for p in folder.glob("*.txt"))


def make_corpus(folder: Path, count: int) -> Path:
    """`count` article files in `folder` (cycling through the sources)."""
    folder.mkdir(parents=True, exist_ok=True)
    sources = source_articles()
    for i, src in zip(range(count), itertools.cycle(sources)):
        (folder / f"b{i:05d}_{src.stem}.txt").write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    return folder
