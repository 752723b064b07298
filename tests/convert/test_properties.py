"""Property tests: whatever a client sends, /sparql never answers 500 and never hangs; whatever
text the guard lets through, the engine never makes an outbound request."""

from __future__ import annotations

import time
from urllib.parse import quote, quote_from_bytes

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import QueryError
from kg.store import guard
from kg.store.results import collect
from tests.conftest import TIMEOUT
from web import create_app, graph

SETTINGS = settings(max_examples=80, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])
HEADER_TEXT = st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=60)
SPARQLISH = st.lists(st.sampled_from([
    "SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "*", "{", "}", "?s", "?p", "?o", "<http://x/>",
    '"lit"', "'", '"', "'''", "#", "\n", " ", ".", ";", ",", "(", ")", "FILTER", "GRAPH", "FROM",
    "PREFIX", "ex:", "ex:a", "\\u0053", "SERVICE", "INSERT", "LIMIT 1", "1", "a", "\\", "\x00",
    "é", "\ud7ff", "<<(", ")>>", "@en--rtl", "CONSTRUCT {", "} WHERE {"]), max_size=25).map("".join)
QUERY_TEXT = st.one_of(SPARQLISH, st.text(max_size=200), st.just("ASK {}"),
                       st.just("SELECT * { ?s ?p ?o }"))
CONTENT_TYPES = st.one_of(st.sampled_from([
    "application/sparql-query", "application/x-www-form-urlencoded", "application/sparql-update",
    "application/sparql-query; charset=UTF-16", "application/x-www-form-urlencoded; charset=utf8",
    "text/plain", "multipart/form-data; boundary=x", "application/json", ""]), HEADER_TEXT)
ACCEPTS = st.one_of(st.sampled_from([
    "", "*/*", "text/html", "application/sparql-results+json", "text/turtle;q=0.1, */*;q=0",
    "application/n-triples,*/*;q=0.9", "text/csv;q=x", "*/*;q=1.5"]), HEADER_TEXT)
PARAM_NAMES = st.sampled_from(["query", "update", "default-graph-uri", "named-graph-uri",
                               "format", "output", "using-graph-uri", "x"])
PARAM_VALUES = st.one_of(QUERY_TEXT, st.sampled_from([
    "http://example.org/g", "https://newskg.example.org/graph/registry", "not an iri", "json",
    "ttl", "html", "csv", "xml", "jsonld", "application/rdf+xml", ""]))


@pytest.fixture(scope="module")
def web_client(store):
    app = create_app({"TESTING": True, "STORE": store, "QUERY_TIMEOUT": TIMEOUT, "WORKERS": 2})
    yield app.test_client()
    graph.close(app)


def check(send) -> None:
    start = time.monotonic()
    response = send()
    assert response.status_code != 500, response.data[:500]
    assert response.status_code < 500 or response.status_code == 503
    assert time.monotonic() - start < TIMEOUT + 1


@SETTINGS
@given(body=st.binary(max_size=2000), content_type=CONTENT_TYPES, accept=ACCEPTS)
def test_random_post_bodies_never_fail_the_server(web_client, body, content_type, accept):
    headers = {"Accept": accept, **({"Content-Type": content_type} if content_type else {})}
    check(lambda: web_client.post("/sparql", data=body, headers=headers))


@SETTINGS
@given(raw=st.binary(max_size=500), accept=ACCEPTS)
def test_random_query_strings_never_fail_the_server(web_client, raw, accept):
    path = "/sparql?" + quote_from_bytes(raw, safe=b"=&%+")
    check(lambda: web_client.get(path, headers={"Accept": accept}))


@SETTINGS
@given(params=st.lists(st.tuples(PARAM_NAMES, PARAM_VALUES), max_size=5), accept=ACCEPTS,
       method=st.sampled_from(["GET", "POST-form", "POST-direct"]))
def test_random_parameter_combinations_never_fail_the_server(web_client, params, accept,
                                                             method):
    query_string = "&".join(f"{quote(k)}={quote(v.encode('utf-8', 'surrogatepass'))}"
                            for k, v in params)
    headers = {"Accept": accept}
    if method == "GET":
        check(lambda: web_client.get("/sparql?" + query_string, headers=headers))
    elif method == "POST-form":
        check(lambda: web_client.post("/sparql", data=query_string, headers=headers,
                                      content_type="application/x-www-form-urlencoded"))
    else:
        text = next((v for k, v in params if k == "query"), "ASK {}")
        check(lambda: web_client.post("/sparql", data=text.encode("utf-8", "surrogatepass"),
                                      headers=headers, content_type="application/sparql-query"))


def test_the_engine_really_follows_service(store, canary):
    """The oracle of the next test works: unguarded, pyoxigraph does call the canary."""
    before = len(canary.hits)
    collect(store.query(f"SELECT * {{ SERVICE SILENT <{canary.url}> {{ ?s ?p ?o }} }}"), 10)
    assert len(canary.hits) > before


@SETTINGS
@given(parts=st.lists(st.sampled_from([
    "SERVICE", "service", "\\u0053ERVICE", "\\u0073ervice", "SILENT", "CANARY", "?v", "{", "}",
    "VALUES ?v { CANARY }", "'", '"', "'''", "#", "\n", " ", ".", "ex:a", "\\#", "\\'", ":",
    "<", ">", "1", "?s ?p ?o", "OPTIONAL", "SELECT * WHERE"]), max_size=14))
def test_whatever_the_guard_lets_through_never_calls_out(store, canary, parts):
    text = "SELECT * { " + "".join(parts).replace("CANARY", f"<{canary.url}>") + " }"
    try:
        guard.inspect(text)
    except QueryError:
        return
    before = len(canary.hits)
    try:
        collect(store.query(text), 10)
    except SyntaxError:
        pass
    assert len(canary.hits) == before, text
