"""The reproducers of issue #15, each against a live ``kg serve`` on 127.0.0.1.

Clients are told apart by their source address (anything in 127.0.0.0/8 reaches the server), so
each test speaks as its own client and the budgets of one test never leak into another. The main
server runs with the workers' network namespace switched off: the guard is its only barrier.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import MINI, LiveServer, end_process, free_port
from tests.store.strategies import benign_queries, queries
from tests.store.test_safety import CARTESIAN_ORDER_BY, children
from web.fair_queue import CONTENDED

pytestmark = pytest.mark.live
TIMEOUT = 2
LIMITS = {  # small numbers, so that a test reaches each limit in a few requests
    "QUERY_TIMEOUT": TIMEOUT, "WORKERS": 2, "ISOLATE_WORKERS": 0, "CLIENT_BUDGET": 20,
    "REQUEST_COST": 0.1, "CACHE_HIT_COST": 0.1, "CLIENT_QUERIES": 2, "CLIENT_REQUESTS": 4,
    "QUEUE_WAIT": 4,
}


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> dict:
        return json.loads(self.body)


def start(data: Path, log: Path, **settings) -> LiveServer:
    """``kg serve`` with its log in a file (the protections it reports, errors)."""
    port = free_port()
    env = {**os.environ, **{f"KG_{k}": str(v) for k, v in settings.items()}}
    with log.open("w") as err:
        process = subprocess.Popen(
            [sys.executable, "-m", "kg", "serve", "--data", str(data), "--port", str(port)],
            env=env, stdout=subprocess.DEVNULL, stderr=err)
    server = LiveServer(process, f"http://127.0.0.1:{port}")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text()
        try:
            if call(server, "/sparql?query=ASK%7B%7D", source="127.0.0.250").status == 200:
                return server
        except OSError:
            time.sleep(0.1)
    stop(server)
    raise RuntimeError("kg serve did not answer within 60 s")


def stop(server: LiveServer) -> None:
    end_process(server.process)


def call(server: LiveServer, path: str, *, method: str = "GET", body: bytes | None = None,
         headers: dict | None = None, source: str = "127.0.0.1", timeout: float = 30,
         connection: http.client.HTTPConnection | None = None) -> Answer:
    """One request from ``source``; reuses ``connection`` (keep-alive) if given."""
    parsed = urllib.parse.urlsplit(server.url)
    conn = connection or http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=timeout,
                                                    source_address=(source, 0))
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return Answer(response.status, {k.lower(): v for k, v in response.getheaders()},
                      response.read())
    finally:
        if connection is None:
            conn.close()


def sparql(server: LiveServer, query: str, source: str = "127.0.0.1", **kwargs) -> Answer:
    return call(server, "/sparql", method="POST", source=source,
                body=urllib.parse.urlencode({"query": query}).encode(),
                headers={"Content-Type": "application/x-www-form-urlencoded"}, **kwargs)


@pytest.fixture(scope="module")
def guarded(tmp_path_factory):
    log = tmp_path_factory.mktemp("abuse") / "serve.log"
    server = start(MINI, log, **LIMITS)
    server.log = log
    yield server
    stop(server)


# 1. SERVICE glued to a number or a boolean
@pytest.mark.parametrize("query", [
    "SELECT * {?s ?p 1SERVICE <CANARY> {?a ?b ?c}}",
    "SELECT * {?s ?p trueSERVICE <CANARY> {?a ?b ?c}}",
    "SELECT * {?s ?p 1e5SERVICE <CANARY> {}}",
    "PREFIX ex: <CANARY> SELECT * { SERVICEex:x {} }",
    "SELECT * { VALUES ?x { ''' a ' } SERVICE <CANARY> {} }",
], ids=["number", "boolean", "double", "prefix", "unclosed-long-string"])
def test_glued_service_is_400_with_no_canary_hit_while_the_network_is_open(guarded, canary,
                                                                          query):
    assert "network open: switched off" in guarded.log.read_text()
    before = len(canary.hits)
    answer = sparql(guarded, query.replace("CANARY", canary.url), source="127.0.0.11")
    time.sleep(0.2)
    assert (answer.status, "SERVICE" in answer.json()["error"], canary.hits[before:]) == (
        400, True, [])


# 2. Two runaway queries of one client stall every other client
def test_two_runaways_of_one_client_leave_the_others_a_worker(guarded):
    with ThreadPoolExecutor(2) as executor:
        runaways = [executor.submit(sparql, guarded, CARTESIAN_ORDER_BY, "127.0.0.12")
                    for _ in range(2)]
        time.sleep(0.5)  # both are in: one runs, the other waits for its client's worker
        # queries that read data, new each time: no cache answers them, each needs a worker
        cheap = [sparql(guarded, f"ASK {{ ?s ?p ?o }} # {n}", "127.0.0.13").status
                 for n in range(5)]
        cheap.append(call(guarded, "/search?q=maduro", source="127.0.0.13").status)
        # The client's second runaway waits for its first (it may hold one worker), so one is
        # still in flight until about twice the limit; before, both held both workers at once
        # and every cheap query waited for them to be killed.
        answered_meanwhile = not all(r.done() for r in runaways)
        heavy = sorted(r.result().status for r in runaways)
    assert (cheap, answered_meanwhile, heavy) == ([200] * 6, True, [503, 503])


def test_many_connections_of_one_client_only_lengthen_its_own_line(guarded):
    with ThreadPoolExecutor(8) as executor:
        greedy = [executor.submit(sparql, guarded, CARTESIAN_ORDER_BY, "127.0.0.14")
                  for _ in range(8)]
        time.sleep(0.5)
        other = [sparql(guarded, "ASK {}", "127.0.0.15").status,
                 call(guarded, "/claims", source="127.0.0.15").status]
        answered_meanwhile = sum(r.done() for r in greedy)
        statuses = sorted(r.result().status for r in greedy)
    # two queries in flight (one runs, one waits for the client's worker), the rest refused or
    # left unread until the client's turn (then they run out of time in their turn)
    assert (other, statuses.count(503) >= 2, set(statuses) <= {429, 503}) == ([200, 200], True, True)
    assert answered_meanwhile <= 6  # the two runaways were still running


# 3. Idle, half-open connections make the server stop answering
def test_150_half_open_connections_do_not_starve_a_new_client(guarded):
    parsed = urllib.parse.urlsplit(guarded.url)
    sockets = []
    try:
        for _ in range(150):
            sock = socket.create_connection((parsed.hostname, parsed.port), timeout=5,
                                            source_address=("127.0.0.16", 0))
            sock.sendall(b"GET / HTTP/1.1\r\n")
            sockets.append(sock)
        # waitress's old limit (100 connections, 120 s idle) left this unanswered for minutes
        answer = call(guarded, "/sparql?query=ASK%7B%7D", source="127.0.0.17", timeout=5)
    finally:
        for sock in sockets:
            sock.close()
    assert answer.status == 200


# 4. Deep nesting killed a worker
def test_deep_nesting_is_refused_before_any_engine_sees_it(guarded):
    workers = set(children(guarded.process.pid))
    answer = sparql(guarded, "SELECT * " + "{" * 4000 + "}" * 4000, "127.0.0.18")
    assert (answer.status, "nests brackets deeper than the limit of 64" in answer.json()["error"],
            set(children(guarded.process.pid))) == (400, True, workers)


@pytest.fixture(scope="module")
def unlimited_depth(tmp_path_factory):
    server = start(MINI, tmp_path_factory.mktemp("deep") / "serve.log", QUERY_TIMEOUT=10,
                   WORKERS=1, MAX_QUERY_DEPTH=0)
    yield server
    stop(server)


@pytest.mark.parametrize("query", [
    "SELECT * " + "{" * 4000 + "}" * 4000,
    "ASK { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }",
    "SELECT (1" + "+1" * 8000 + " AS ?x) {}",
], ids=["braces", "parentheses", "operators"])
def test_without_the_depth_limit_the_workers_stack_still_holds(unlimited_depth, query):
    """The second line: each of these overflowed the default 8 MB stack (exit -11)."""
    workers = set(children(unlimited_depth.process.pid))
    answer = sparql(unlimited_depth, query, timeout=60)
    assert (answer.status, set(children(unlimited_depth.process.pid))) == (200, workers)


# 5. Bodies of any size were read before the 413
def raw_exchange(server: LiveServer, head: bytes, chunks=()) -> bytes:
    parsed = urllib.parse.urlsplit(server.url)
    with socket.create_connection((parsed.hostname, parsed.port), timeout=10,
                                  source_address=("127.0.0.19", 0)) as sock:
        sock.sendall(head)
        for chunk in chunks:
            sock.sendall(chunk)
        return sock.recv(200)  # the rest of the body (or its end) is never sent


def test_a_body_over_the_cap_is_refused_on_its_content_length_alone(guarded):
    head = (b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
            b"Content-Length: 200000000\r\n\r\n")
    assert raw_exchange(guarded, head).startswith(b"HTTP/1.1 413")


def test_a_body_without_a_length_is_stopped_at_the_cap(guarded):
    head = (b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n")
    chunk = b"1000\r\n" + b" " * 0x1000 + b"\r\n"
    cap = 3 * 16_384 + 4096  # the app's MAX_CONTENT_LENGTH for the default query cap
    just_over = [chunk] * (cap // 0x1000 + 1)  # and no final chunk: the body never ends
    assert raw_exchange(guarded, head, just_over).startswith(b"HTTP/1.1 413")


# 6. Concurrent first requests to /validation broke it for good
def test_concurrent_first_requests_to_validation_all_succeed(built, tmp_path_factory):
    server = start(built.path, tmp_path_factory.mktemp("validation") / "serve.log",
                   QUERY_TIMEOUT=TIMEOUT, WORKERS=1)
    try:
        with ThreadPoolExecutor(4) as executor:
            first = list(executor.map(lambda _: call(server, "/validation", timeout=120).status,
                                      range(4)))
        later = [call(server, "/validation").status,
                 call(server, "/validation.ttl", method="HEAD").status]
    finally:
        stop(server)
    assert (first, later) == ([200] * 4, [200, 200])


# 7. Unknown functions
@pytest.mark.parametrize("query", [
    "SELECT (<urn:f>(1) AS ?y) {}", "SELECT (nk:undefined(1) AS ?y) {}",
    'PREFIX fn: <http://www.w3.org/2005/xpath-functions#> '
    'SELECT (fn:doc("http://127.0.0.1:9/") AS ?y) {}',
])
def test_an_unknown_function_is_400(guarded, query):
    answer = sparql(guarded, query, "127.0.0.21")
    assert (answer.status, answer.json()["error"].startswith("the query cannot be evaluated")) == (
        400, True)


# 8. Page numbers that are not ASCII digits, or too long for int()
@pytest.mark.parametrize("path", ["/claims", "/claims.json", "/id/person/maduro"])
@pytest.mark.parametrize("page", ["²", "9" * 5000, "-1", "0", "1e3", "１"])
def test_page_numbers_are_read_strictly(guarded, path, page):
    query = urllib.parse.urlencode({"page": page})
    answer = call(guarded, f"{path}?{query}", source="127.0.0.22",
                  headers={"Accept": "text/html"})  # the page number belongs to the HTML page
    assert (answer.status, b"page must be a whole number" in answer.body) == (400, True)


# 9. HEAD gave 500 on some routes
def sample_urls() -> list[str]:
    """One URL per GET route of the app, with arguments that exist in the mini dataset."""
    from web import create_app

    values = {"ext": "ttl", "path": "person/maduro", "article_id": "a1", "name": "a1.ttl",
              "filename": "css/site.css"}
    app = create_app({"STORE": object()})
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" in rule.methods:
            urls.append(rule.build({k: values[k] for k in rule.arguments})[1])
    return sorted(set(urls))


def test_head_answers_like_get_on_every_route(guarded):
    mismatched = {}
    for url in sample_urls():
        head = call(guarded, url, method="HEAD", source="127.0.0.23")
        get = call(guarded, url, source="127.0.0.23")
        if head.status != get.status or head.status >= 500 or head.body:
            mismatched[url] = (head.status, get.status)
    assert mismatched == {}


def test_the_reference_without_pylode_says_so(client, monkeypatch):
    monkeypatch.setitem(sys.modules, "pylode", None)  # `import pylode` now fails
    response = client.get("/ontology/reference", headers={"Accept": "application/json"})
    assert (response.status_code, "'docs' extra" in response.json["error"]) == (501, True)


# 10. The Host header went into Location
def test_a_redirect_never_names_the_host_header(guarded):
    answer = call(guarded, "/id//person/maduro", headers={"Host": "evil.example"},
                  source="127.0.0.24")
    assert (answer.status, answer.headers["location"]) == (308, "/id/person/maduro")


def test_a_redirect_goes_to_the_public_url_when_one_is_set(store):
    from web import create_app

    app = create_app({"TESTING": True, "STORE": store, "PUBLIC_URL": "https://kg.example.org/"})
    response = app.test_client().get("/id//person/maduro", headers={"Host": "evil.example"})
    assert response.headers["Location"] == "https://kg.example.org/id/person/maduro"


# 11. No per-client limit, no 429
def test_a_client_over_its_budget_gets_429_and_the_others_do_not(guarded):
    parsed = urllib.parse.urlsplit(guarded.url)
    conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30,
                                      source_address=("127.0.0.25", 0))
    statuses = []
    try:  # one keep-alive connection, as fast as it goes: 20 s budget, 0.1 s a request
        while len(statuses) < 1000 and (not statuses or statuses[-1] == 200):
            answer = call(guarded, "/sparql?query=ASK%7B%7D", connection=conn)
            statuses.append(answer.status)
    finally:
        conn.close()
    spoofed = call(guarded, "/sparql?query=ASK%7B%7D", source="127.0.0.26",
                   headers={"X-Forwarded-For": "127.0.0.25"})  # no trusted proxy: ignored
    assert (statuses[-1], answer.json()["status"], int(answer.headers["retry-after"]) >= 1,
            spoofed.status, 150 < len(statuses) < 1000) == (429, 429, True, 200, True)


@pytest.fixture(scope="module")
def stingy(tmp_path_factory):
    """A server where one request puts a client four minutes in debt."""
    server = start(MINI, tmp_path_factory.mktemp("stingy") / "serve.log", WORKERS=1,
                   CLIENT_BUDGET=1, REQUEST_COST=5, CACHE_HIT_COST=5, CLIENT_REQUESTS=4)
    yield server
    stop(server)


def test_a_spent_client_is_answered_one_request_a_second(stingy):
    """Its refusals come one a second while its other requests wait in its own line, so that a
    flood of refusals costs the server (almost) nothing; another client is served meanwhile."""
    assert call(stingy, "/sparql?query=ASK%7B%7D", source="127.0.0.29").status == 200
    started = time.monotonic()
    with ThreadPoolExecutor(4) as executor:
        refused = list(executor.map(
            lambda _: call(stingy, "/sparql?query=ASK%7B%7D", source="127.0.0.29").status,
            range(4)))
        other = call(stingy, "/sparql?query=ASK%7B%7D", source="127.0.0.30").status
    assert (refused, time.monotonic() - started >= 2.5, other) == ([429] * 4, True, 200)


def test_a_client_with_too_many_queries_in_flight_gets_429(guarded):
    # Alone (the earlier tests' clients forgotten), a client's requests are read up to its
    # share (4) at once; with others present its third would wait, unread, for its turn.
    time.sleep(CONTENDED + 0.5)
    with ThreadPoolExecutor(2) as executor:
        futures = [executor.submit(sparql, guarded, CARTESIAN_ORDER_BY, "127.0.0.27")
                   for _ in range(2)]
        time.sleep(0.5)  # both are in: one runs, one waits for the client's worker
        # A query no one asked before that reads data (a cached answer or one that reads no
        # data needs no worker, so it is served)
        third = sparql(guarded, "ASK { ?s ?p ?o } # too many in flight", "127.0.0.27")
        statuses = sorted(f.result().status for f in futures)
    assert (third.status, third.headers["retry-after"], statuses) == (429, "1", [503, 503])


# Property: no generated bad request gets a 5xx other than the documented 503
@settings(max_examples=150, deadline=None)
@given(text=st.one_of(queries(), benign_queries(), st.text(max_size=200)),
       method=st.sampled_from(["GET", "POST-form", "POST-direct"]))
def test_no_generated_request_gets_a_5xx_other_than_503(guarded, text, method):
    data = text.encode("utf-8", "surrogatepass")
    if method == "GET":
        answer = call(guarded, "/sparql?query=" + urllib.parse.quote(data), source="127.0.0.28")
    elif method == "POST-form":
        answer = call(guarded, "/sparql", method="POST", source="127.0.0.28",
                      body=b"query=" + urllib.parse.quote(data).encode(),
                      headers={"Content-Type": "application/x-www-form-urlencoded"})
    else:
        answer = call(guarded, "/sparql", method="POST", body=data, source="127.0.0.28",
                      headers={"Content-Type": "application/sparql-query"})
    assert answer.status < 500 or answer.status == 503, answer.body[:300]


# 12. The log flooded
def test_the_log_has_no_tracebacks_and_few_queue_warnings(guarded):
    """Last in this module: by now the server has seen every attack above."""
    log = guarded.log.read_text()
    assert ("Traceback" not in log, log.count("Task queue depth") <= 10) == (True, True)


def test_a_query_that_reads_no_data_does_not_wait_for_a_worker(tmp_path_factory):
    """``SELECT (1 + 1 AS ?two) {}`` is answered in the web process
    (kg.store.query.evaluate_without_data), even while a runaway holds the only worker; a query
    that reads data waits for the worker."""
    server = start(MINI, tmp_path_factory.mktemp("nodata") / "serve.log", QUERY_TIMEOUT=3,
                   WORKERS=1, RESPONSE_CACHE_MB=0, CLIENT_BUDGET=0)
    try:
        with ThreadPoolExecutor(2) as executor:
            runaway = executor.submit(sparql, server, CARTESIAN_ORDER_BY, "127.0.0.60")
            time.sleep(0.5)  # it holds the worker now
            reading = executor.submit(sparql, server, "ASK { ?s ?p ?o }", "127.0.0.61")
            empty = sparql(server, "SELECT (1 + 1 AS ?two) {}", "127.0.0.62", timeout=5)
            waiting = (runaway.done(), reading.done())
            statuses = (runaway.result().status, reading.result().status)
    finally:
        stop(server)
    two = empty.json()["results"]["bindings"][0]["two"]["value"]
    assert (empty.status, two, waiting, statuses) == (200, "2", (False, False), (503, 200))
