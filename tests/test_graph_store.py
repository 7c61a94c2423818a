"""The 13 SPARQL 1.1 Graph Store HTTP Protocol tests of the W3C suite, against a real server.

Read from tests/w3c-tests/.../graph-store-protocol/manifest.ttl (and the manifests it includes)
when collected. The server has an update token and every request sends it; `/gsp` in the manifest
maps to our `/store` (direct identification: `/store/person/1.ttl` names the graph
`http://HOST:PORT/store/person/1.ttl`). Each test starts from an empty store.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from endpoint_fixtures import (TOKEN, W3C_TESTS, Settings, load_http_manifest,  # noqa: E402
                               reset_store, run_http_test, running_endpoint)

MANIFEST = W3C_TESTS / "graph-store-protocol" / "manifest.ttl"
if not MANIFEST.is_file():
    raise FileNotFoundError(f"W3C test suite not found at {MANIFEST} (tests/w3c-tests is part of "
                            "the repository)")
TESTS = load_http_manifest(MANIFEST)


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    settings = Settings(store=tmp_path_factory.mktemp("gsp") / "store", update_token=TOKEN)
    with running_endpoint(settings) as ep:
        yield ep


def test_manifest_has_all_cases():
    assert len(TESTS) == 13


@pytest.mark.parametrize("test", TESTS, ids=str)
def test_graph_store(endpoint, test):
    reset_store(endpoint)
    run_http_test(endpoint, test, prefix="/gsp", path="/store")
