"""Build throughput against raw spaCy, side by side in one run, and memory as the corpus grows.

    python -m bench build [--articles N] [--memory 200,2000]

Speed: words per second of `kg build` (ingest, parse, extract, resolve, write to an on-disk store)
divided by the words per second of plain `nlp.pipe` of the same spaCy model over the same texts.
Memory: peak RSS of a whole build of N articles, each size in a fresh process; the ratio of the
largest to the smallest shows whether memory stays flat as the corpus grows.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kg import ingest
from kg.nlp import BATCH_SIZE
from kg.pipeline import Builder
from kg.settings import Settings

from .corpus import make_corpus


def raw_spacy(settings: Settings, texts: list[str]) -> tuple[int, float]:
    import spacy

    nlp = spacy.load(_model_name(settings))
    started = time.perf_counter()
    words = sum(len(doc) for doc in nlp.pipe(texts, batch_size=BATCH_SIZE))
    return words, time.perf_counter() - started


def _model_name(settings: Settings) -> str:
    import importlib.util

    return next(name for name in settings.spacy_models if importlib.util.find_spec(name))


def speed(articles: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        corpus = make_corpus(Path(tmp) / "articles", articles)
        settings = Settings(store=Path(tmp) / "store")
        texts = [a.text for a in ingest.read_articles([str(corpus)])]
        raw_words, raw_seconds = raw_spacy(settings, texts)
        builder = Builder(settings)
        report = builder.build([str(corpus)], progress=lambda _: None)
    return {"articles": articles, "raw_words_per_s": raw_words / raw_seconds,
            "build_words_per_s": report.words / report.seconds,
            "ratio": (report.words / report.seconds) / (raw_words / raw_seconds)}


def memory_child(articles: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        corpus = make_corpus(Path(tmp) / "articles", articles)
        Builder(Settings(store=Path(tmp) / "store")).build([str(corpus)], progress=lambda _: None)
    print(json.dumps({"articles": articles, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def memory(sizes: list[int]) -> list[dict]:
    results = []
    for n in sizes:
        out = subprocess.run([sys.executable, "-m", "bench.build", "--memory-child", str(n)],
                             check=True, capture_output=True, text=True).stdout
        results.append(json.loads(out.strip().splitlines()[-1]))
        print(f"  {n:>6} articles: peak RSS {results[-1]['peak_rss_mb']:.0f} MB", file=sys.stderr)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench build", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=300, help="corpus size for the speed run")
    parser.add_argument("--memory", default="200,2000", help="corpus sizes for the memory run ('' to skip)")
    parser.add_argument("--memory-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.memory_child:
        memory_child(args.memory_child)
        return 0
    s = speed(args.articles)
    print(f"build speed ({s['articles']} articles): raw nlp.pipe {s['raw_words_per_s']:,.0f} words/s, "
          f"kg build {s['build_words_per_s']:,.0f} words/s, ratio {s['ratio']:.2f} (target >= 0.80)")
    if args.memory:
        sizes = [int(x) for x in args.memory.split(",")]
        m = memory(sizes)
        ratio = m[-1]["peak_rss_mb"] / m[0]["peak_rss_mb"]
        print(f"memory: peak RSS {m[0]['peak_rss_mb']:.0f} MB for {m[0]['articles']} articles, "
              f"{m[-1]['peak_rss_mb']:.0f} MB for {m[-1]['articles']} articles, ratio {ratio:.2f} (target <= 1.20)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
