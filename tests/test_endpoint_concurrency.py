"""Concurrent readers while `kg build` writes to the same store.

The contract: either both work, or the server says clearly why not; nothing is corrupted or lost.
A real `kg build` (a subprocess, as a user would run it) writes into the store a running server
reads, while client threads keep querying. Every answer must be a 200 or a clear 503 (never a 500,
a dropped connection or a wrong result), the build must succeed, the server must then answer with
the new data (its workers reopen), and the store must hold exactly what a fresh build of the same
input holds.
"""
from __future__ import annotations

import gc
import json
import re
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

import pyoxigraph as ox
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from endpoint_fixtures import TOKEN, Settings, http, running_endpoint  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DIP = "https://w3id.org/diplomacy-kg/ontology#"

ARTICLES = {
    "a01_putin-xi-moscow.txt": """Putin and Xi meet in Moscow

March 21, 2023

Russian President Vladimir Putin met Chinese President Xi Jinping in Moscow on Tuesday for talks
on energy and trade. The two leaders discussed gas pipelines and economic cooperation.

Xi Jinping arrived in Moscow on Monday for a three-day state visit. Putin said the talks were
frank and useful.
""",
    "a02_kim-medvedev-ulan-ude.txt": """Kim and Medvedev hold talks in Siberia

August 24, 2011

North Korean leader Kim Jong-il met Russian President Dmitry Medvedev near Ulan-Ude on Wednesday.
The two leaders discussed a gas pipeline across the Korean peninsula and the six-party talks on
the North Korean nuclear programme.

Medvedev said Russia would send food aid to North Korea.
""",
    "a03_erdogan-raisi-ankara.txt": """Erdogan to host Raisi in Ankara

January 20, 2024

Turkish President Recep Tayyip Erdogan will meet Iranian President Ebrahim Raisi in Ankara next
week, officials said. The talks will focus on trade, energy and regional security.

Raisi's visit had been postponed twice. Erdogan and Raisi are expected to sign agreements on
transport links.
""",
    "a04_modi-biden-washington.txt": """Modi meets Biden at the White House

June 22, 2023

Indian Prime Minister Narendra Modi met US President Joe Biden in Washington on Thursday. The two
leaders discussed defence cooperation, space and trade.

Biden said the partnership between India and the United States was among the most consequential
in the world. Modi addressed a joint session of Congress after the talks.
""",
}
FIRST, LATER = ["a01_putin-xi-moscow.txt"], ["a02_kim-medvedev-ulan-ude.txt",
                                             "a03_erdogan-raisi-ankara.txt",
                                             "a04_modi-biden-washington.txt"]
ARTICLE_COUNT = f"SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {{ ?a a <{DIP}Article> }}"
PERSONS = f"SELECT DISTINCT ?p WHERE {{ ?p a <{DIP}Person> }} ORDER BY ?p"


def kg_build(store: Path, files: list[Path], timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg.cli", "build", *map(str, files),
                           "--store", str(store), "--no-link"],
                          cwd=ROOT, capture_output=True, text=True, timeout=timeout)


def quads(store: Path) -> list[str]:
    """Every quad of an on-disk store as sorted N-Quads lines, blank nodes renamed `_:b` (each build
    reloads the ontology, whose OWL lists get new blank nodes); opened read-only, then closed."""
    handle = ox.Store.read_only(str(store))
    try:
        text = ox.serialize(handle, format=ox.RdfFormat.N_QUADS).decode()
    finally:
        del handle
        gc.collect()
    return sorted(re.sub(r"_:[A-Za-z0-9]+", "_:b", line) for line in text.splitlines())


@pytest.fixture(scope="module")
def articles(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("articles")
    out = {}
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
        out[name] = folder / name
    return out


@pytest.fixture(scope="module")
def fresh(tmp_path_factory, articles) -> list[str]:
    """What the same two builds give on a store nobody reads."""
    store = tmp_path_factory.mktemp("fresh") / "store"
    for batch in (FIRST, LATER):
        done = kg_build(store, [articles[n] for n in batch])
        assert done.returncode == 0, done.stderr
    return quads(store)


def count_of(reply) -> int:
    return int(json.loads(reply.body)["results"]["bindings"][0]["n"]["value"])


class Client(threading.Thread):
    """Keeps querying (GET and POST, SELECT and /health) and records every answer."""

    def __init__(self, base: str, number: int):
        super().__init__(daemon=True)
        self.base, self.number = base, number
        self.stop = threading.Event()
        self.answers: list[tuple[int, str]] = []
        self.failures: list[str] = []
        self.counts: list[int] = []

    def run(self) -> None:
        accept = {"Accept": "application/sparql-results+json"}
        for i in range(1_000_000):
            if self.stop.is_set():
                return
            counting = False
            try:
                if i % 5 == 4:
                    reply = http("GET", self.base + "/health", timeout=60)
                elif (i + self.number) % 2:
                    counting = True
                    query = urllib.parse.urlencode({"query": ARTICLE_COUNT})
                    reply = http("GET", f"{self.base}/sparql?{query}", headers=accept, timeout=60)
                else:
                    reply = http("POST", self.base + "/sparql", PERSONS,
                                 {"Content-Type": "application/sparql-query", **accept}, timeout=60)
            except OSError as exc:  # a dropped connection is a failure, not a clear answer
                self.failures.append(f"{type(exc).__name__}: {exc}")
                continue
            self.answers.append((reply.status, reply.text))
            if counting and reply.status == 200:
                self.counts.append(count_of(reply))


def check_answers(clients: list[Client]) -> int:
    """Every answer a 200 or a 503 that says why; returns how many answers there were."""
    total = 0
    for client in clients:
        assert not client.failures, client.failures[:3]
        for status, text in client.answers:
            assert status in (200, 503), f"{status}: {text[:300]}"
            if status == 503:
                assert "Traceback" not in text and len(text.strip()) > 20, text
                assert any(word in text.lower() for word in ("store", "worker", "busy", "limit")), text
        total += len(client.answers)
    return total


def wait_for(predicate, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def articles_seen(ep) -> int:
    query = urllib.parse.urlencode({"query": ARTICLE_COUNT})
    reply = http("GET", f"{ep.sparql}?{query}", headers={"Accept": "application/sparql-results+json"})
    assert reply.status == 200, reply.text
    return count_of(reply)


def test_build_while_serving_read_only(tmp_path, articles, fresh):
    store = tmp_path / "store"
    first = kg_build(store, [articles[n] for n in FIRST])
    assert first.returncode == 0, first.stderr
    with running_endpoint(Settings(store=store), workers=2) as ep:
        assert articles_seen(ep) == 1
        clients = [Client(ep.base, n) for n in range(3)]
        for client in clients:
            client.start()
        time.sleep(0.5)
        build = kg_build(store, [articles[n] for n in LATER])
        time.sleep(0.5)  # keep reading across the build's last writes and the reopen
        for client in clients:
            client.stop.set()
        for client in clients:
            client.join(timeout=70)
        assert build.returncode == 0, build.stderr  # the build was not stopped by the readers
        assert check_answers(clients) > 20
        for client in clients:  # what readers saw only ever grew: one article, then all four
            assert all(n in (1, 2, 3, 4) for n in client.counts), client.counts
        # The server answers with the new data (workers reopen on the changed files).
        wait_for(lambda: articles_seen(ep) == len(ARTICLES))
        health = json.loads(http("GET", ep.base + "/health").body)
        assert health["status"] == "ok" and health["quads"] == len(fresh)
    # Intact: exactly what the same builds give on a store nobody was reading.
    assert quads(store) == fresh


def test_build_while_serving_writable(tmp_path, articles, fresh):
    """A server with an update token opens the store read-write only while writes come, so an idle
    one lets `kg build` in; a write while the build holds the store is refused with a clear 503
    (nothing half-written), and writes work again once the build is done."""
    store = tmp_path / "store"
    first = kg_build(store, [articles[n] for n in FIRST])
    assert first.returncode == 0, first.stderr
    auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/sparql-update"}
    note = ("INSERT DATA { GRAPH <http://example.org/notes> { <http://example.org/n> "
            "<http://example.org/p> %d } }")
    with running_endpoint(Settings(store=store, update_token=TOKEN), workers=2) as ep:
        assert http("POST", ep.sparql, note % 0, auth).status == 204
        time.sleep(1.5)  # the writer gives the store up after a quiet second
        clients = [Client(ep.base, n) for n in range(2)]
        for client in clients:
            client.start()
        proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "build",
                                 *[str(articles[n]) for n in LATER], "--store", str(store),
                                 "--no-link"], cwd=ROOT, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, text=True)
        assert proc.stderr is not None
        lines = []
        for line in proc.stderr:  # the build reports each article once it is written
            lines.append(line)
            if line.startswith("[1/"):
                break
        during = http("POST", ep.sparql, note % 1, auth, timeout=60)
        rest = proc.stderr.read()
        assert proc.wait(timeout=300) == 0, "".join(lines) + rest  # the server did not stop the build
        for client in clients:
            client.stop.set()
        for client in clients:
            client.join(timeout=70)
        check_answers(clients)
        assert during.status in (204, 503), during.text  # 204 only if the build had just finished
        if during.status == 503:
            assert "locked" in during.text and "kg build" in during.text, during.text
        assert http("POST", ep.sparql, note % 2, auth).status == 204  # writes work again
        wait_for(lambda: articles_seen(ep) == len(ARTICLES))
    data = quads(store)
    notes = [q for q in data if "<http://example.org/notes>" in q]
    assert len(notes) == (3 if during.status == 204 else 2)  # every accepted write, no refused one
    assert [q for q in data if q not in notes] == fresh  # the articles as a fresh build has them
