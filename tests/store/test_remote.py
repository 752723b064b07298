"""The remote backend for real, on ``oxigraph serve`` and on Virtuoso (tests/store/conftest.py):
``kg load`` into the server, then the store, the endpoint tests and the page tests run against
``kg serve --endpoint``'s app.

Test functions imported from the other modules run here again, once per engine: pytest resolves
their fixtures in this module, where ``app``/``client`` (the mini dataset) and
``kg_app``/``kg_client`` (the graph built from the seeds) talk to the remote server instead of an
embedded store.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import urllib.request

import pyoxigraph as ox
import pytest
from rdflib import Dataset

from kg.store.oxigraph import StoreError
from kg.store.push import store_union
from kg.store.query import QuerySyntaxError, load_examples, run
from kg.store.remote import RemoteStore
from kg.store.results import collect
from tests.browse.test_browse import (  # noqa: F401
    test_home_has_counts_and_entry_points,
    test_search_is_accent_and_case_insensitive,
)
from tests.conftest import TIMEOUT, free_port
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
    body_json,
    test_construct_body_is_the_graph,
    test_default_graph_uri_overrides_from,
    test_describe_answers_rdf,
    test_get_query_answers_json,
    test_named_graph_uri_limits_graph_patterns,
    test_post_direct_query,
    test_select_media_type_follows_accept,
    test_service_description_lists_the_named_graphs,
    test_service_is_a_bad_request,
    test_update_by_form_is_forbidden,
)
from tests.web.test_web_sparql import test_syntax_error_is_400_with_position as _positioned
from web import create_app, graph

from .servers import FOREIGN_NT, kg_load, start_oxigraph, stop, wait

pytestmark = pytest.mark.live


def remote_app(url: str):
    return create_app({"TESTING": True, "ENDPOINT": url, "QUERY_TIMEOUT": TIMEOUT, "WORKERS": 2})


@pytest.fixture
def app(mini_server):  # overrides conftest's: the imported /sparql tests run remotely
    app = remote_app(mini_server.query)
    yield app
    graph.close(app)


@pytest.fixture(scope="module")
def kg_app(seeds_server):  # overrides conftest's: the imported page tests run remotely
    app = remote_app(seeds_server.query)
    yield app
    graph.close(app)


def test_syntax_error_is_400_with_position(client, engine):
    """tests/web's test on oxigraph; Virtuoso's parser reports the line and no column."""
    if engine != "virtuoso":
        return _positioned(client)
    error = body_json(client.get("/sparql", query_string={"query": "SELECT * {\n ?s ?p }"}))
    assert (error["status"], error["line"], error.get("column")) == (400, 2, None)


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
    """Only our graphs are counted: not Virtuoso's system graphs, not the union graph, not the
    other application's graph on the same server."""
    assert (len(remote), remote.named_graphs()) == (len(kg_store), kg_store.named_graphs())


def test_the_default_graph_is_the_union(remote):
    assert remote.check_union_default_graph()
    assert remote.scope().union is not None  # kg load wrote the union graph: queries use it


def test_other_graphs_on_the_server_stay_out(remote, kg_store, seeds_server):
    """Another application's graph (tests/data/terms.nt) is on the server; no query sees it unless
    it names it."""
    outside = "ASK { { <http://example.org/s> ?p ?o } UNION { GRAPH ?g { <http://example.org/s> ?p ?o } } }"
    assert collect(remote.query(outside), 1).boolean is False
    triples = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert _count(remote, triples) == _count(kg_store, triples)
    named = "SELECT (COUNT(*) AS ?n) FROM <http://example.org/other-application> WHERE { ?s ?p ?o }"
    assert _count(remote, named) == 18


def _count(store, query: str) -> int:
    return int(collect(store.query(query), 1).rows[0][0].value)


def test_terms_come_back_exactly(remote):
    """Blank nodes (Virtuoso writes nodeID://b10001), escapes, language tags, typed literals:
    read back both as a SELECT table and as a CONSTRUCT graph, the terms are the file's."""
    expected = list(ox.parse(FOREIGN_NT, format=ox.RdfFormat.N_TRIPLES))
    dataset = "FROM <http://example.org/other-application>"
    table = collect(remote.query(f"SELECT ?s ?p ?o {dataset} WHERE {{ ?s ?p ?o }}"), 100)
    graph = collect(remote.query(f"CONSTRUCT {{ ?s ?p ?o }} {dataset} WHERE {{ ?s ?p ?o }}"), 100)
    assert_isomorphic(_rdflib(expected), _rdflib([ox.Triple(*row) for row in table.rows]))
    assert_isomorphic(_rdflib(expected), _rdflib(graph.triples))


def _rdflib(triples):
    from rdflib import Graph

    return Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")


def test_booleans_stay_booleans(remote, kg_store):
    """Virtuoso's JSON writer sends a stored true as "1": the XML it is asked for does not."""
    query = "SELECT DISTINCT ?f WHERE { ?h nk:former ?f } ORDER BY ?f"
    assert collect(remote.query(query), 10).rows == collect(kg_store.query(query), 10).rows


def test_load_can_store_the_union_as_a_set(built, kg_store, tmp_path):
    """oxigraph serve only: without --union-default-graph and without the union graph its default
    graph starts empty; --store-union fills it with each distinct triple once (what the embedded
    store answers), and a second load does not double it. (Virtuoso has no default graph of
    its own to store into.)"""
    server = start_oxigraph(tmp_path / "oxigraph", "--cors")  # any option: no union flag
    try:
        for _ in range(2):
            kg_load(server, "--endpoint", server.graph_store, "--data", str(built.path),
                    "--no-union-graph", "--store-union", server.update)
        remote, triples = RemoteStore(server.query), "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
        assert remote.scope().union is None and remote.check_union_default_graph()
        assert _count(remote, triples) == _count(kg_store, triples)
    finally:
        server.stop()


def test_store_union_names_the_update_url_it_could_not_reach():
    with pytest.raises(StoreError, match=r"127\.0\.0\.1:9/update"):
        store_union("http://127.0.0.1:9/update", timeout=5)


# Where Virtuoso 7.2 answers a competency query differently, measured (tests/store/test_remote.py):
VIRTUOSO_READS = {
    "boolean": "it has no boolean values: COUNT(…) > 0 and other tests give the integers 1 and 0",
    "empty": "GROUP_CONCAT over no value gives \"\" (as SPARQL 1.1 says) where Oxigraph leaves "
             "the variable unbound",
    "order": "MIN/MAX/SAMPLE over language-tagged labels pick by an order SPARQL leaves "
             "undefined (§15.1), so the label is compared only when both engines order the same",
}
_PICKED = re.compile(r"\(\s*(?:MIN|MAX|SAMPLE)\s*\(\s*\?\w+\s*\)\s*AS\s*\?(\w+)\s*\)", re.I)


@pytest.mark.parametrize("example", load_examples(), ids=lambda e: e.slug)
def test_competency_queries_answer_the_same(remote, kg_store, engine, example):
    """The same rows. On Virtuoso three things are read the same way on both sides first
    (:data:`VIRTUOSO_READS`): booleans as 1/0, an unbound GROUP_CONCAT as "", and labels picked
    by MIN/MAX/SAMPLE left out."""
    here, there = run(kg_store, example.text), run(remote, example.text)
    assert there.variables == here.variables
    separators = re.findall(r'separator\s*=\s*"([^"]+)"', example.text)
    picked = set(_PICKED.findall(example.text)) if engine == "virtuoso" else set()
    masked = [i for i, v in enumerate(here.variables) if v in picked]
    rows = [sorted(_row(r, separators, engine, masked) for r in result.rows)
            for result in (there, here)]
    assert rows[0] == rows[1]


def _row(row, separators: list[str], engine: str = "", masked=()) -> tuple[str, ...]:
    """A row with GROUP_CONCAT lists sorted: their order follows the storage order, which a
    graph-by-graph load does not share with a whole-file load."""
    cells = []
    for index, term in enumerate(row):
        if index in masked:
            cells.append("(picked by the engine)")
        elif engine == "virtuoso" and (term is None or _boolean(term) is not None):
            cells.append("" if term is None else _boolean(term))
        else:
            cells.append(_unordered(term.value, separators) if isinstance(term, ox.Literal)
                         else str(term))
    return tuple(cells)


def _boolean(term) -> str | None:
    datatype = getattr(term, "datatype", None)
    if datatype is not None and datatype.value.endswith("#boolean"):
        return {"true": "1", "false": "0"}.get(term.value, term.value)
    return None


def _unordered(text: str, separators: list[str]) -> str:
    for separator in separators:
        text = separator.join(sorted(text.split(separator)))
    return text


def test_graph_answers_are_pyoxigraph_triples(remote, kg_store):
    query = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <https://newskg.example.org/graph/links> { ?s ?p ?o } }"
    here, there = collect(kg_store.query(query), 10**6), collect(remote.query(query), 10**6)
    assert there.kind == "graph" and set(there.triples) == set(here.triples)


def test_syntax_errors_point_where_the_embedded_store_points(remote, kg_store, engine):
    """The line everywhere; the column too where the server gives one (Virtuoso gives none)."""
    bad = "SELECT * WHERE {\n  ?s ?p ?o .\n} LIMIT x"
    with pytest.raises(QuerySyntaxError) as embedded:
        run(kg_store, bad)
    with pytest.raises(QuerySyntaxError) as remote_error:
        run(remote, bad)
    assert remote_error.value.line == embedded.value.line == 3
    if engine == "virtuoso":
        assert remote_error.value.column is None and "'x'" in str(remote_error.value)
    else:
        assert remote_error.value.column == embedded.value.column


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
    # Another Accept header: the response cache (web/response_cache.py) keys on it, so the page is
    # made again, and its queries are answered from the store's answer cache.
    again = kg_client.get("/id/delcy-rodriguez", headers={"Accept": "text/html,*/*;q=0.8"})
    assert (again.status_code, store.hits > hits) == (200, True)


def test_kg_serve_endpoint_serves_the_remote_graph(seeds_server):
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--endpoint",
                                seeds_server.query, "--port", str(port), "--workers", "1"],
                               env={**os.environ, "KG_QUERY_TIMEOUT": str(TIMEOUT)},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        wait(base + "/sparql?query=ASK%7B%7D", process)
        with urllib.request.urlopen(base + "/id/delcy-rodriguez.ttl", timeout=10) as response:
            assert b"Delcy" in response.read()
    finally:
        stop(process)


@pytest.mark.parametrize("call", ['bif:http_get("{url}")', '<bif:http_get>("{url}")',
                                  'b:http_get("{url}")'])
def test_virtuoso_functions_never_reach_the_server(kg_client, canary, call):
    """Virtuoso runs bif:http_get for any anonymous query (a request to any URL, its answer
    returned): the store refuses Virtuoso's extensions before sending, on every engine."""
    query = f"PREFIX b: <bif:> SELECT (({call.format(url=canary.url)}) AS ?x) WHERE {{}}"
    response = kg_client.post("/sparql", data={"query": query})
    assert response.status_code == 400 and "extensions" in response.get_json()["error"]
    assert canary.hits == []
