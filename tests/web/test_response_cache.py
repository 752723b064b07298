"""The response cache in front of Flask (web/response_cache.py): what it keys on, what it keeps,
conditional GETs, budgets, and that no answer reaches a client it was not computed for."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from werkzeug.test import EnvironBuilder

from kg.store.oxigraph import open_store
from tests.conftest import MINI, TESTS
from web import create_app, graph

ASK = "/sparql?query=ASK%7B%7D"
COUNT = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"
JSON = "application/sparql-results+json"


@pytest.fixture
def app(store):
    app = create_app({"TESTING": True, "STORE": store, "QUERY_TIMEOUT": 2, "WORKERS": 2})
    yield app
    graph.close(app)


def cache(app):
    return app.extensions["kg"]["responses"]


def as_client(client, address: str):
    client.environ_base["REMOTE_ADDR"] = address
    return client


def test_a_repeated_query_is_answered_from_the_cache_without_a_worker(app, client, monkeypatch):
    first = client.get(ASK, headers={"Accept": JSON})
    pool = graph.get_pool(app)
    monkeypatch.setattr(pool, "run", lambda *a, **k: pytest.fail("the query reached a worker"))
    again = client.get(ASK, headers={"Accept": JSON})
    assert (again.status_code, again.data, dict(again.headers), cache(app).hits) == (
        200, first.data, dict(first.headers), 1)


@pytest.mark.parametrize(("first", "second"), [
    ({"headers": {"Accept": JSON}}, {"headers": {"Accept": "application/sparql-results+xml"}}),
    ({}, {"query_string": {"format": "csv"}}),
    ({}, {"query_string": {"default-graph-uri": "https://newskg.example.org/graph/registry"}}),
    ({}, {"headers": {"Host": "other.example"}}),
])
def test_what_changes_an_answer_changes_the_key(client, app, first, second):
    """Each pair differs in one thing the answer depends on: both are computed, neither is
    served the other's answer."""
    query = {"query": COUNT}
    a = client.get("/sparql", **{**first, "query_string": {**query, **first.get("query_string", {})}})
    b = client.get("/sparql", **{**second, "query_string": {**query, **second.get("query_string", {})}})
    assert (a.status_code, b.status_code, cache(app).hits, len(cache(app).entries)) == (
        200, 200, 0, 2)


def test_a_post_is_keyed_on_its_body_and_the_app_still_reads_it(client, app):
    answers = [client.post("/sparql", data={"query": text}).data
               for text in (COUNT, "ASK {}", COUNT)]
    assert (json.loads(answers[0]) == json.loads(answers[2]), answers[0] != answers[1],
            cache(app).hits) == (True, True, 1)


def test_head_is_answered_from_the_get_entry_without_a_body(client, app):
    full = client.get(ASK)
    head = client.head(ASK)
    assert (head.status_code, head.data, head.headers["Content-Length"], cache(app).hits) == (
        200, b"", str(len(full.data)), 1)


def test_sparql_gets_carry_an_etag_and_a_304_comes_from_the_cache(client, app):
    first = client.get(ASK)
    etag = first.headers["ETag"]
    again = client.get(ASK, headers={"If-None-Match": etag})
    other = client.get(ASK, headers={"If-None-Match": '"something-else"'})
    assert (first.headers["Cache-Control"], again.status_code, again.data,
            again.headers["ETag"], again.headers["Access-Control-Allow-Origin"],
            other.status_code, other.data) == (
        "public, max-age=300", 304, b"", etag, "*", 200, first.data)


def test_the_first_request_may_already_be_conditional(client):
    """The cache strips If-None-Match before the app sees it and answers 304 itself."""
    etag = client.get("/sparql?query=ASK%7B?s%20?p%20?o%7D").headers["ETag"]
    fresh = create_app({"TESTING": True, "STORE": open_store(MINI), "WORKERS": 1})
    try:
        answer = fresh.test_client().get("/sparql?query=ASK%7B?s%20?p%20?o%7D",
                                         headers={"If-None-Match": etag})
        assert (answer.status_code, len(cache(fresh).entries)) == (304, 1)
    finally:
        graph.close(fresh)


def test_without_the_cache_a_304_still_comes_from_the_app(store):
    app = create_app({"TESTING": True, "STORE": store, "RESPONSE_CACHE_MB": 0, "WORKERS": 1})
    try:
        client = app.test_client()
        etag = client.get(ASK).headers["ETag"]
        assert ("responses" in app.extensions["kg"],
                client.get(ASK, headers={"If-None-Match": etag}).status_code) == (False, 304)
    finally:
        graph.close(app)


def test_a_post_answer_has_no_etag(client):
    assert "ETag" not in client.post("/sparql", data={"query": "ASK {}"}).headers


@pytest.mark.parametrize("request_args", [
    {"path": "/sparql?query=SELEC%20broken"},  # 400 syntax
    {"path": "/sparql?query=" + "SELECT%20*%20%7B%20SERVICE%20%3Chttp://x/%3E%20%7B%7D%20%7D"},
    {"path": "/sparql", "method": "POST", "data": {"update": "CLEAR ALL"}},  # 403
    {"path": "/sparql", "method": "POST", "data": "INSERT DATA {}",
     "content_type": "application/sparql-query"},  # 403: an update as a query
    {"path": "/sparql?query=ASK%7B%7D", "headers": {"Accept": "image/png"}},  # 406
    {"path": "/no/such/page"},  # 404
])
def test_refusals_and_errors_are_never_kept(client, app, request_args):
    path = request_args.pop("path")
    statuses = [client.open(path, **request_args).status_code for _ in range(2)]
    assert (statuses[0] == statuses[1] != 200, len(cache(app).entries)) == (True, 0)


def test_hits_are_charged_and_a_spent_client_gets_429_while_others_get_the_answer(store):
    app = create_app({"TESTING": True, "STORE": store, "WORKERS": 1, "CLIENT_BUDGET": 1,
                      "CACHE_HIT_COST": 0.4, "REQUEST_COST": 0.001})
    try:
        spender = as_client(app.test_client(), "192.0.2.1")
        statuses = [spender.get(ASK).status_code for _ in range(5)]
        refused = spender.get("/sparql?query=ASK%7B?a%20?b%20?c%7D")  # a key no one asked yet
        other = as_client(app.test_client(), "192.0.2.2")
        served = [other.get(ASK).status_code,
                  other.get("/sparql?query=ASK%7B?a%20?b%20?c%7D").status_code]
        assert (statuses[:3], statuses[-1], refused.status_code, served,
                all(entry.status.startswith("200") for entry in cache(app).entries.values())) == (
            [200, 200, 200], 429, 429, [200, 200], True)
    finally:
        graph.close(app)


def test_a_trusted_proxys_client_is_charged_for_its_hits(store):
    app = create_app({"TESTING": True, "STORE": store, "WORKERS": 1, "CLIENT_BUDGET": 1,
                      "CACHE_HIT_COST": 0.6, "TRUSTED_PROXIES": "10.0.0.1"})
    try:
        proxy = as_client(app.test_client(), "10.0.0.1")
        forwarded = [proxy.get(ASK, headers={"X-Forwarded-For": "192.0.2.7"}).status_code
                     for _ in range(4)]
        someone_else = proxy.get(ASK, headers={"X-Forwarded-For": "192.0.2.8"}).status_code
        assert (forwarded[-1], someone_else) == (429, 200)
    finally:
        graph.close(app)


def test_a_new_data_version_empties_the_cache(tmp_path):
    store = open_store(MINI)
    app = create_app({"TESTING": True, "STORE": store, "WORKERS": 1})
    try:
        client = app.test_client()
        ask = {"query_string": {"query": COUNT}}
        before = json.loads(client.get("/sparql", **ask).data)
        store.load(TESTS / "data" / "terms.nt")  # a new version: more triples
        graph.close(app)  # the workers inherited the old data; new ones fork from the new
        after = json.loads(client.get("/sparql", **ask).data)
        count = [int(a["results"]["bindings"][0]["n"]["value"]) for a in (before, after)]
        assert (count[1] > count[0], cache(app).hits) == (True, 0)
    finally:
        graph.close(app)


def test_the_cache_stays_within_its_bytes(store):
    app = create_app({"TESTING": True, "STORE": store, "WORKERS": 1,
                      "RESPONSE_CACHE_MB": 16 / 1024})  # 16 KB
    try:
        client = app.test_client()
        for n in range(40):
            client.get("/sparql", query_string={"query": f"SELECT ({n} AS ?n) {{}}"})
        kept = cache(app)
        newest = b'"39"' in list(kept.entries.values())[-1].body
        assert (0 < len(kept.entries) < 40, kept.size <= 16 * 1024, newest) == (True, True, True)
    finally:
        graph.close(app)


def test_pages_use_the_same_cache(client, app):
    first = client.get("/claims")
    again = client.get("/claims")
    as_data = client.get("/claims", headers={"Accept": "application/json"})
    assert (first.status_code, again.data == first.data, cache(app).hits,
            as_data.is_json, first.is_json) == (200, True, 1, True, False)


def test_an_answer_that_must_not_be_shared_is_not_kept(store):
    app = create_app({"TESTING": True, "STORE": store, "WORKERS": 1})

    @app.route("/private")
    def private():
        return "yours only", 200, {"Cache-Control": "private"}

    @app.route("/cookie")
    def cookie():
        return "with a cookie", 200, {"Set-Cookie": "a=b"}

    @app.route("/by-language")
    def by_language():
        return "hola", 200, {"Vary": "Accept-Language"}

    try:
        client = app.test_client()
        for path in ("/private", "/cookie", "/by-language"):
            client.get(path)
            client.get(path)
        assert (cache(app).hits, len(cache(app).entries)) == (0, 0)
    finally:
        graph.close(app)


def test_concurrent_requests_each_get_their_own_answer(client, app):
    """Threads asking different queries in different formats at once: every answer is the one
    computed for that request, however the cache is filled and read meanwhile."""
    cases = [(f"SELECT ({n} AS ?n) {{}}", accept) for n in range(6)
             for accept in (JSON, "text/csv")]
    expected = {case: _ask(app, *case) for case in cases}
    cache(app).clear()
    errors = []

    def worker(seed: int):  # each thread a client of its own (a client has 2 queries at once)
        for i in range(40):
            case = cases[(seed * 7 + i) % len(cases)]
            if _ask(app, *case, client=f"192.0.2.{seed}") != expected[case]:
                errors.append(case)

    with ThreadPoolExecutor(8) as executor:
        list(executor.map(worker, range(8)))
    assert (errors, cache(app).hits > 0) == ([], True)


def _ask(app, query: str, accept: str, client: str = "127.0.0.1") -> bytes:
    return as_client(app.test_client(), client).get(
        "/sparql", query_string={"query": query}, headers={"Accept": accept}).data


PARTS = {  # one request, and what may change about it
    "method": st.sampled_from(["GET", "POST"]),
    "path": st.sampled_from(["/sparql", "/claims", "/id/x"]),
    "query": st.text(min_size=1, max_size=20),
    "graph": st.sampled_from(["", "https://newskg.example.org/graph/registry"]),
    "format": st.sampled_from(["", "csv", "json"]),
    "accept": st.sampled_from(["", JSON, "text/html", "*/*"]),
    "host": st.sampled_from(["localhost", "graph.example.org"]),
    "body_type": st.sampled_from(["application/x-www-form-urlencoded",
                                  "application/sparql-query"]),
}


def _environ(parts: dict) -> dict:
    params = {k: v for k, v in (("format", parts["format"]),
                                ("default-graph-uri", parts["graph"])) if v}
    post = parts["method"] == "POST"
    body = parts["query"].encode() if parts["body_type"] == "application/sparql-query" else \
        urlencode({"query": parts["query"]}).encode()
    builder = EnvironBuilder(
        path="/sparql" if post else parts["path"], method=parts["method"],
        query_string=params if post else {**params, "query": parts["query"]},
        headers={"Accept": parts["accept"], "Host": parts["host"]},
        data=body if post else None, content_type=parts["body_type"] if post else None)
    return builder.get_environ()


@pytest.fixture(scope="module")
def keys():
    app = create_app({"TESTING": True, "STORE": open_store(MINI), "WORKERS": 1})
    return cache(app).key


@settings(max_examples=300, deadline=None)
@given(one=st.fixed_dictionaries(PARTS), name=st.sampled_from(sorted(PARTS)), data=st.data())
def test_requests_share_a_key_exactly_when_nothing_that_matters_differs(keys, one, name, data):
    other = {**one, name: data.draw(PARTS[name])}
    found = [keys(_environ(parts)) for parts in (one, other)]
    same = one == other or (one["method"] == other["method"] == "GET" and name == "body_type") \
        or (one["method"] == other["method"] == "POST" and name == "path")
    assert (found[0] == found[1]) == same
