"""The Protégé export of a real build: `kg export --format owl` of the demo corpus loads with the
OWL API (no unparsed triples, no missing imports once the catalog maps the ontology, zero OWL 2 DL
violations) and HermiT finds ontology plus data consistent; the consolidated view has one status
and one date per meeting even where articles disagree."""
from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from rdflib import Graph, Namespace

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_ontology import hermit, hermit_consistent, owlcheck, run_owlcheck  # noqa: E402,F401

REPO = Path(__file__).resolve().parents[1]
DIP = Namespace("https://w3id.org/diplomacy-kg/ontology#")


def kg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("owl") / "store"
    proc = kg("build", str(REPO / "corpus" / "demo"), "--store", str(store), "--no-link")
    assert proc.returncode == 0, proc.stderr
    return store


@pytest.fixture(scope="module")
def exported(demo_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export") / "diplomacy-kg.owl"
    proc = kg("export", "--store", str(demo_store), "--format", "owl", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    return out


def catalog_maps(folder: Path) -> list[str]:
    """--map IRI=FILE arguments from the catalog-v001.xml Protégé would read."""
    root = ET.parse(folder / "catalog-v001.xml").getroot()
    args: list[str] = []
    for uri in root.iter("{urn:oasis:names:tc:entity:xmlns:xml:catalog}uri"):
        args += ["--map", f"{uri.get('name')}={folder / uri.get('uri')}"]
    return args


def test_export_imports_the_ontology_through_its_catalog(exported: Path) -> None:
    graph = Graph().parse(exported, format="xml")
    imports = {str(o) for o in graph.objects(predicate=Namespace("http://www.w3.org/2002/07/owl#").imports)}
    assert imports == {"https://w3id.org/diplomacy-kg/ontology"}
    assert (exported.parent / "diplomacy.ttl").is_file()
    assert catalog_maps(exported.parent)


def test_one_status_and_date_per_meeting(exported: Path) -> None:
    graph = Graph().parse(exported, format="xml")
    meetings = set(graph.subjects(predicate=DIP.participant))
    assert meetings
    for m in meetings:
        assert len(set(graph.objects(m, DIP.status))) == 1, m
        assert len(set(graph.objects(m, DIP.date))) <= 1, m


def test_owl_api_loads_export_cleanly(owlcheck, exported: Path) -> None:  # noqa: F811
    code, out = run_owlcheck(owlcheck + catalog_maps(exported.parent), exported)
    assert code == 0, out


def test_hermit_finds_ontology_and_demo_data_consistent(hermit, demo_store: Path, tmp_path: Path) -> None:  # noqa: F811
    standalone = tmp_path / "standalone.owl"  # to stdout: the ontology merged in, nothing to import
    proc = kg("export", "--store", str(demo_store), "--format", "owl")
    assert proc.returncode == 0, proc.stderr
    standalone.write_text(proc.stdout, encoding="utf-8")
    assert hermit_consistent(hermit, standalone)


def test_kg_validate_passes_on_the_demo_graph_and_fails_on_a_broken_copy(demo_store: Path, tmp_path: Path) -> None:
    proc = kg("validate", "--store", str(demo_store))
    assert proc.returncode == 0, proc.stdout + proc.stderr

    import shutil

    import pyoxigraph as ox

    broken = tmp_path / "broken"
    shutil.copytree(demo_store, broken)
    store = ox.Store(str(broken))
    m = ox.NamedNode("https://w3id.org/diplomacy-kg/id/meeting/broken")
    g = ox.NamedNode("https://w3id.org/diplomacy-kg/id/graph/broken")
    store.extend([ox.Quad(m, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode(DIP.Meeting), g),
                  ox.Quad(m, ox.NamedNode(DIP.participant), ox.NamedNode("https://w3id.org/diplomacy-kg/id/person/vladimir-putin"), g)])
    store.flush()
    del store
    proc = kg("validate", "--store", str(broken))
    assert proc.returncode == 1
    assert "participant" in proc.stdout
