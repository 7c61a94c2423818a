"""The 34 SPARQL 1.1 Protocol tests of the W3C suite, run against a real server.

The manifest (a copy in tests/w3c-tests) is read when the tests are collected; each
test's HTTP requests and expected responses come from its ht:Request/ht:Response descriptions, and
its ut:graphData files are loaded into their named graphs first. The server is started with an update
token (the update tests need writes) and every request carries it, so the "bad" requests fail for
protocol reasons, not for lack of credentials.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from endpoint_fixtures import (TOKEN, W3C_TESTS, Settings, load_http_manifest,  # noqa: E402
                               reset_store, run_http_test, running_endpoint)

MANIFEST = W3C_TESTS / "protocol" / "manifest.ttl"
if not MANIFEST.is_file():
    raise FileNotFoundError(f"W3C test suite not found at {MANIFEST} (tests/w3c-tests is part of "
                            "the repository)")
TESTS = load_http_manifest(MANIFEST)


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    settings = Settings(store=tmp_path_factory.mktemp("w3c") / "store", update_token=TOKEN)
    with running_endpoint(settings) as ep:
        yield ep


def test_manifest_has_all_cases():
    assert len(TESTS) == 34


@pytest.mark.parametrize("test", TESTS, ids=str)
def test_protocol(endpoint, test):
    reset_store(endpoint, test.graph_data)
    run_http_test(endpoint, test, prefix="/sparql/", path="/sparql")
