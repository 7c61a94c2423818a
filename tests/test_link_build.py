"""`kg build --wikidata URL` and `kg link` end to end: the real build links persons and places of
the demo corpus against a real SPARQL endpoint on loopback holding Wikidata-shaped data; without a
reachable endpoint the build still succeeds and says once that linking was skipped."""
from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_wikidata import sparql_server  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
ARTICLE = str(REPO / "corpus" / "demo" / "000_e506a64dbf281064.txt")


def kg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True, timeout=600)


def links(store: Path) -> dict[str, str]:
    s = ox.Store.read_only(str(store))
    return {q.subject.value.rsplit("/", 1)[-1]: q.object.value.rsplit("/", 1)[-1]
            for q in s.quads_for_pattern(None, ox.NamedNode(SAME_AS), None)}


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    with sparql_server(tmp_path_factory.mktemp("wd")) as url:
        yield url


def test_build_links_persons_and_places(endpoint: str, tmp_path: Path) -> None:
    store = tmp_path / "store"
    proc = kg("build", ARTICLE, "--store", str(store), "--wikidata", endpoint)
    assert proc.returncode == 0, proc.stderr
    found = links(store)
    assert found.get("vladimir-putin") == "Q7747"
    assert found.get("gn524901") == "Q649"  # Moscow, the GeoNames-keyed place node
    assert all(q.startswith("Q") for q in found.values())


def test_build_without_endpoint_succeeds_and_link_later(endpoint: str, tmp_path: Path) -> None:
    with socket.socket() as s:  # a closed loopback port: nothing listens there
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}/sparql"
    store = tmp_path / "store"
    proc = kg("build", ARTICLE, "--store", str(store), "--wikidata", dead)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.count("linking skipped") == 1
    assert links(store) == {}
    proc = kg("link", "--store", str(store), "--wikidata", endpoint)
    assert proc.returncode == 0, proc.stderr
    assert links(store).get("vladimir-putin") == "Q7747"
