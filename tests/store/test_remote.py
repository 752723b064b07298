"""The remote backend for real: ``oxigraph serve`` on loopback, ``kg load`` into it, then the
store, the endpoint tests and the page tests run against ``kg serve --endpoint``'s app.

Test functions imported from the other modules run here a second time: pytest resolves their
fixtures in this module, where ``app``/``client`` (the mini dataset) and ``kg_app``/``kg_client``
(the graph built from the seeds) talk to the remote server instead of an embedded store.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset

from kg.cli import cli
from kg.store.oxigraph import StoreError
from kg.store.push import store_union
from kg.store.query import load_examples, run
from kg.store.remote import RemoteStore
from kg.store.results import collect
from tests.browse.test_browse import (  # noqa: F401
    test_home_has_counts_and_entry_points,
    test_search_is_accent_and_case_insensitive,
)
from tests.conftest import MINI, TIMEOUT, free_port
from tests.store.test_store import assert_behaves_as_a_store, assert_isomorphic
from tests.web.test_web_articles import (
    test_the_list_links_every_article,  # noqa: F401
    test_the_text_is_shown_exactly_with_balanced_nesting,  # noqa: F401
)
from tests.web.test_web_entities import (
    test_accept_gives_the_description,  # noqa: F401
    test_entity_page_sections,  # noqa: F401
    test_unknown_or_odd_slugs_are_404,  # noqa: F401
)
from tests.web.test_web_exports import (  # noqa: F401
    test_an_article_graph,
    test_dataset_dumps_keep_the_graphs,
    test_stats_count_what_rdflib_counts,  # noqa: F401
)
from tests.web.test_web_sparql import (  # noqa: F401
    test_construct_body_is_the_graph,
    test_default_graph_uri_overrides_from,
    test_describe_answers_rdf,
    test_get_query_answers_json,
    test_named_graph_uri_limits_graph_patterns,
    test_post_direct_query,
    test_select_media_type_follows_accept,
    test_service_description_lists_the_named_graphs,
    test_service_is_a_bad_request,
    test_syntax_error_is_400_with_position,
    test_update_by_form_is_forbidden,
)
from web import create_app, graph

pytestmark = pytest.mark.live
OXIGRAPH = Path(sys.executable).parent / "oxigraph"


def start_oxigraph(location: Path, *options: str) -> tuple[subprocess.Popen, str]:
    """``oxigraph serve`` on a free port, with a union default graph unless ``options`` say."""
    if not OXIGRAPH.exists():
        pytest.skip("the oxigraph CLI is not installed (pip install oxigraph)")
    port = free_port()
    process = subprocess.Popen([str(OXIGRAPH), "serve", "--location", str(location), "--bind",
                                f"127.0.0.1:{port}", *(options or ["--union-default-graph"])],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    _wait(url + "/query?query=ASK%7B%7D", process)
    return process, url


def _wait(url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError(f"{url} did not answer within 30 s")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def kg_load(*args: str) -> None:
    from click.testing import CliRunner

    result = CliRunner().invoke(cli, ["load", *args])
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="session")
def oxigraph_seeds(built, tmp_path_factory):
    """A server holding the graph built from seeds/, pushed by ``kg load`` (Graph Store PUT)."""
    process, url = start_oxigraph(tmp_path_factory.mktemp("oxigraph-seeds"))
    kg_load("--endpoint", url + "/store", "--data", str(built.path))
    yield url
    stop(process)


@pytest.fixture(scope="session")
def oxigraph_mini(tmp_path_factory):
    """A server holding the mini dataset, pushed with SPARQL Update (the other protocol)."""
    process, url = start_oxigraph(tmp_path_factory.mktemp("oxigraph-mini"))
    kg_load("--endpoint", url + "/update", "--protocol", "update", "--data", str(MINI))
    yield url
    stop(process)


@pytest.fixture(scope="session")
def remote(oxigraph_seeds) -> RemoteStore:
    return RemoteStore(oxigraph_seeds + "/query")


def remote_app(url: str):
    return create_app({"TESTING": True, "ENDPOINT": url + "/query", "QUERY_TIMEOUT": TIMEOUT,
                       "WORKERS": 2})


@pytest.fixture
def app(oxigraph_mini):  # overrides conftest's: the imported /sparql tests run remotely
    app = remote_app(oxigraph_mini)
    yield app
    graph.close(app)


@pytest.fixture(scope="module")
def kg_app(oxigraph_seeds):  # overrides conftest's: the imported page tests run remotely
    app = remote_app(oxigraph_seeds)
    yield app
    graph.close(app)


# --- the store -------------------------------------------------------------------------------


def test_remote_store_satisfies_the_store_protocol(remote, built_dataset):
    assert_behaves_as_a_store(remote, built_dataset)


def test_load_pushes_every_graph_unchanged(remote, built_dataset):
    pushed = Dataset()
    pushed.parse(data=remote.dump("nq"), format="nquads")
    assert {str(g.identifier) for g in pushed.graphs() if len(g)} == set(remote.named_graphs())
    for name in remote.named_graphs():
        assert_isomorphic(built_dataset.graph(name), pushed.graph(name))


def test_size_and_graphs_match_the_file(remote, kg_store):
    assert (len(remote), remote.named_graphs()) == (len(kg_store), kg_store.named_graphs())


def test_the_default_graph_is_the_union(remote):
    assert remote.check_union_default_graph()


def test_load_can_store_the_union_as_a_set(built, kg_store, tmp_path):
    """Without --union-default-graph the server's default graph starts empty; --store-union fills
    it with each distinct triple once (what the embedded store answers), and a second load does
    not double it."""
    process, url = start_oxigraph(tmp_path / "oxigraph", "--cors")  # any option: no union flag
    try:
        for _ in range(2):
            kg_load("--endpoint", url + "/store", "--data", str(built.path),
                    "--store-union", url + "/update")
        remote, triples = RemoteStore(url + "/query"), "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
        assert remote.check_union_default_graph()
        assert remote.query(triples).__next__()["n"] == kg_store.query(triples).__next__()["n"]
    finally:
        stop(process)


def test_store_union_names_the_update_url_it_could_not_reach():
    with pytest.raises(StoreError, match=r"127\.0\.0\.1:9/update"):
        store_union("http://127.0.0.1:9/update", timeout=5)


@pytest.mark.parametrize("example", load_examples(), ids=lambda e: e.slug)
def test_competency_queries_answer_the_same(remote, kg_store, example):
    here, there = run(kg_store, example.text), run(remote, example.text)
    assert there.variables == here.variables
    separators = re.findall(r'separator\s*=\s*"([^"]+)"', example.text)
    assert sorted(_row(r, separators) for r in there.rows) == \
        sorted(_row(r, separators) for r in here.rows)


def _row(row, separators: list[str]) -> tuple[str, ...]:
    """A row with GROUP_CONCAT lists sorted: their order follows the storage order, which a
    graph-by-graph load does not share with a whole-file load."""
    return tuple(_unordered(t.value, separators) if isinstance(t, ox.Literal) else str(t)
                 for t in row)


def _unordered(text: str, separators: list[str]) -> str:
    for separator in separators:
        text = separator.join(sorted(text.split(separator)))
    return text


def test_graph_answers_are_pyoxigraph_triples(remote, kg_store):
    query = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <https://newskg.example.org/graph/links> { ?s ?p ?o } }"
    here, there = collect(kg_store.query(query), 10**6), collect(remote.query(query), 10**6)
    assert there.kind == "graph" and set(there.triples) == set(here.triples)


def test_syntax_errors_point_where_the_embedded_store_points(remote, kg_store):
    bad = "SELECT * WHERE {\n  ?s ?p ?o .\n} LIMIT x"
    with pytest.raises(Exception) as embedded:
        run(kg_store, bad)
    with pytest.raises(Exception) as remote_error:
        run(remote, bad)
    assert (remote_error.value.line, remote_error.value.column) == (
        embedded.value.line, embedded.value.column)


def test_from_clauses_are_honoured(remote, kg_store):
    query = "ASK FROM <https://newskg.example.org/graph/registry> { ?s a nk:Claim }"
    assert collect(remote.query(query), 1).boolean is collect(kg_store.query(query), 1).boolean is False


def test_an_unreachable_endpoint_is_a_502(tmp_path):
    app = create_app({"TESTING": True, "ENDPOINT": f"http://127.0.0.1:{free_port()}/query",
                      "QUERY_TIMEOUT": TIMEOUT, "WORKERS": 1, "CACHE_MB": 0})
    try:
        response = app.test_client().get("/sparql", query_string={"query": "ASK {}"})
        assert response.status_code == 502
    finally:
        graph.close(app)


def test_repeated_page_queries_come_from_the_cache(kg_app, kg_client):
    store = graph.get_store(kg_app)
    kg_client.get("/id/delcy-rodriguez")
    hits = store.hits
    assert kg_client.get("/id/delcy-rodriguez").status_code == 200
    assert store.hits > hits


def test_kg_serve_endpoint_serves_the_remote_graph(oxigraph_seeds):
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--endpoint",
                                oxigraph_seeds + "/query", "--port", str(port), "--workers", "1"],
                               env={**os.environ, "KG_QUERY_TIMEOUT": str(TIMEOUT)},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        _wait(base + "/sparql?query=ASK%7B%7D", process)
        with urllib.request.urlopen(base + "/id/delcy-rodriguez.ttl", timeout=10) as response:
            assert b"Delcy" in response.read()
    finally:
        stop(process)

