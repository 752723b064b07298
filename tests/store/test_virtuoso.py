"""Virtuoso's limits and departures, against a real one: an answer it cuts or stops is an error,
never a short answer; the queries it would get wrong are rewritten (kg.store.dialect)."""

from __future__ import annotations

import httpx
import pytest

from kg.store.query import QueryTimeout, run
from kg.store.remote import RemoteStore, RemoteTruncated
from kg.store.results import collect
from tests.conftest import TIMEOUT
from web import create_app, graph

from .servers import kg_load, start_virtuoso

pytestmark = pytest.mark.live
# Over our own graphs (a FROM naming Virtuoso's system graph is refused by the guard now).
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . FILTER (STR(?c) < STR(?f)) }"


@pytest.fixture(scope="module")
def strict(built, tmp_path_factory):
    """A Virtuoso that keeps 20 rows of an answer (enough for the list of its graphs, not for one
    graph) and stops a query after a second."""
    server = start_virtuoso(tmp_path_factory.mktemp("virtuoso-strict"), max_rows=20, timeout_s=1)
    try:
        kg_load(server, "--endpoint", server.graph_store, "--data", str(built.path))
        yield server
    finally:
        server.stop()


def test_an_answer_cut_at_the_row_limit_is_an_error(strict):
    remote = RemoteStore(strict.query)
    with pytest.raises(RemoteTruncated, match="ResultSetMaxRows"):
        run(remote, "SELECT * WHERE { ?s ?p ?o }")
    assert len(run(remote, "SELECT * WHERE { ?s ?p ?o } LIMIT 19").rows) == 19  # 20 is "cut"


def test_a_dump_the_server_cuts_is_an_error(strict):
    """A CONSTRUCT cut at the limit carries no mark: the graph's count gives it away."""
    with pytest.raises(RemoteTruncated, match="triples of"):
        RemoteStore(strict.query).dump("nq")


def test_the_servers_time_limit_is_a_timeout(strict):
    with pytest.raises(QueryTimeout, match="the server stopped the query"):
        run(RemoteStore(strict.query), HEAVY)
    app = create_app({"TESTING": True, "ENDPOINT": strict.query, "QUERY_TIMEOUT": TIMEOUT + 5,
                      "WORKERS": 1, "CACHE_MB": 0})
    try:
        response = app.test_client().post("/sparql", data={"query": HEAVY})
        assert response.status_code == 503 and "stopped" in response.get_json()["error"]
    finally:
        graph.close(app)


def test_a_partial_answer_is_a_timeout(strict):
    """Virtuoso's 'anytime' answers (a timeout in the endpoint URL) come back 200, marked
    X-SQL-State: the store refuses them. On a busy server Virtuoso may cancel the statement
    instead (500, SR203 "Async statement killed by SQLCancel"): a timeout too, not an outage."""
    with pytest.raises(QueryTimeout, match="partial answer|SR203"):
        run(RemoteStore(strict.query + "?timeout=200"), HEAVY)


def test_a_cancelled_statement_is_a_timeout():
    """What CI saw once: the anytime query cancelled, answered 500 with SR203."""
    message = "Virtuoso HY008 Error SR203: Async statement killed by SQLCancel."
    response = httpx.Response(500, text=message, request=httpx.Request("GET", "http://127.0.0.1:9/sparql"))
    assert isinstance(RemoteStore("http://127.0.0.1:9/sparql")._refused(response), QueryTimeout)


@pytest.fixture
def virtuoso(virtuoso_seeds):
    """Virtuoso's departures only: oxigraph answers these queries unrewritten."""
    return RemoteStore(virtuoso_seeds.query)


@pytest.mark.parametrize("query", [
    'SELECT ?x WHERE { ?x rdfs:label ?l FILTER (REGEX(STR(?l), "d[iíì]az-canel", "i")) } ORDER BY ?x',
    'SELECT ?x WHERE { ?x rdfs:label ?l FILTER (REGEX(STR(?l), "Díaz")) } ORDER BY ?x',
    "SELECT (GROUP_CONCAT(DISTINCT STR(?t)) AS ?all) WHERE { <https://newskg.example.org/id/cuba> ?p ?t }",
], ids=["regex-class", "regex-accent", "group-concat"])
def test_rewritten_queries_answer_as_on_oxigraph(virtuoso, kg_store, query):
    here, there = run(kg_store, query), run(virtuoso, query)
    assert there.rows and _values(there) == _values(here)


def _values(result) -> list[tuple[str, ...]]:
    """Each row's values; a GROUP_CONCAT's parts sorted (their order is the storage order)."""
    return [tuple(" ".join(sorted(t.value.split(" "))) for t in row) for row in result.rows]


def test_the_server_is_asked_for_faithful_formats(virtuoso, kg_store):
    """An ASK is a boolean (CaseMode 2; a table answer is read too), a CONSTRUCT a graph."""
    assert collect(virtuoso.query("ASK { ?s a nk:Claim }"), 1).boolean is True
    construct = "CONSTRUCT { ?s a nk:Claim } WHERE { ?s a nk:Claim }"
    assert collect(virtuoso.query(construct), 10**5).kind == "graph"


def test_a_query_over_hundreds_of_graphs_is_answered(virtuoso):
    """Virtuoso echoes every named-graph-uri as a response header. urllib (so SPARQLWrapper, whose
    transport it is) refuses an answer with more than 100 headers; the store's client does not,
    so GRAPH ?g queries keep working past 98 articles (docs/deployment.md)."""
    named = [f"https://newskg.example.org/graph/article/x{i}" for i in range(300)]
    answer = run(virtuoso, "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1", named_graph_uris=named)
    assert answer.rows == []
