"""The live server's safety: no outbound request ever, and runaway queries are really stopped."""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bench.proc import cpu_seconds
from kg.errors import QueryError
from kg.store.query import Job
from tests.conftest import TIMEOUT

pytestmark = pytest.mark.live
CARTESIAN_ORDER_BY = "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l } ORDER BY ?c ?f ?i ?l"
# Oxigraph's regex engine is linear-time, so "(a+)+$" is only slow in bulk: over a product.
REDOS_IN_BULK = ('SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o '
                 'FILTER(REGEX(CONCAT(STR(?c), STR(?f), STR(?o)), "^(a+)+$")) }')


def send(server, query: str | None = None, *, method: str = "POST", **params) -> tuple[int, dict,
                                                                                   bytes]:
    """One protocol request; returns (status, headers, body) whatever the status."""
    if query is not None:
        params["query"] = query
    data = urllib.parse.urlencode(params, doseq=True).encode()
    url = server.endpoint if method == "POST" else f"{server.endpoint}?{data.decode()}"
    request = urllib.request.Request(url, data=data if method == "POST" else None, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, dict(error.headers), error.read()


def canary_requests(canary) -> list[str]:
    return [
        f"SELECT * {{ SERVICE <{canary.url}sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * {{ SERVICE SILENT <{canary.url}sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * {{ VALUES ?v {{ <{canary.url}> }} SERVICE ?v {{ ?s ?p ?o }} }}",
        "SELECT * { \\u0053ERVICE <" + canary.url + "> { ?s ?p ?o } }",
        f"LOAD <{canary.url}data.ttl>",
        f"LOAD SILENT <{canary.url}data.ttl> INTO GRAPH <{canary.url}g>",
        f"SELECT * FROM <{canary.url}g.ttl> {{ ?s ?p ?o }}",
        f"SELECT * FROM NAMED <{canary.url}g.ttl> {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        f"DESCRIBE <{canary.url}thing>",
        f"CONSTRUCT {{ <{canary.url}a> <{canary.url}b> ?o }} WHERE {{ ?s ?p ?o }} LIMIT 1",
    ]


def test_canary_counts_requests(canary):
    """The detector works: a real request to the canary is counted."""
    before = len(canary.hits)
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(canary.url + "probe", timeout=5)
    assert len(canary.hits) == before + 1


def test_no_query_makes_an_outbound_request(live_server, canary):
    before = len(canary.hits)
    for query in canary_requests(canary):
        send(live_server, query)
        send(live_server, query, method="GET")
    send(live_server, "ASK { ?s ?p ?o }", **{"default-graph-uri": canary.url + "g.ttl"})
    send(live_server, "ASK { GRAPH ?g { ?s ?p ?o } }", **{"named-graph-uri": canary.url})
    send(live_server, update=f"LOAD <{canary.url}x.ttl>")
    time.sleep(0.5)  # let any stray request arrive
    assert canary.hits[before:] == []


@pytest.mark.parametrize("query", [CARTESIAN_ORDER_BY, REDOS_IN_BULK],
                         ids=["cartesian-order-by", "redos-regex"])
def test_runaway_query_gets_503_within_the_limit(live_server, query):
    start = time.monotonic()
    status, headers, body = send(live_server, query)
    elapsed = time.monotonic() - start
    assert (status, headers.get("Retry-After"), json.loads(body)["status"]) == (503, "2", 503)
    assert elapsed < TIMEOUT + 1


def test_other_queries_are_answered_during_a_runaway(live_server):
    with ThreadPoolExecutor(2) as executor:
        runaway = executor.submit(send, live_server, CARTESIAN_ORDER_BY)
        time.sleep(0.3)
        start = time.monotonic()
        status, _, body = send(live_server, "ASK {}")
        fast = time.monotonic() - start
        assert runaway.result()[0] == 503
    assert (status, json.loads(body)["boolean"], fast < 0.5) == (200, True, True)


def test_stopped_queries_leave_no_busy_process(live_server):
    assert send(live_server, CARTESIAN_ORDER_BY)[0] == 503
    time.sleep(0.3)  # the pool manager reaps on its next tick
    workers = children(live_server.process.pid)
    before = cpu_seconds(workers)
    time.sleep(1.0)
    assert (len(workers) >= 1, cpu_seconds(workers) - before < 0.2) == (True, True)


def test_the_pool_keeps_serving_after_timeouts(live_server):
    for _ in range(2):
        assert send(live_server, CARTESIAN_ORDER_BY)[0] == 503
    statuses = [send(live_server, "ASK {}")[0] for _ in range(10)]
    assert statuses == [200] * 10


def children(pid: int) -> list[str]:
    """The process ids of a process's children, from /proc (Linux)."""
    return [child for task in Path(f"/proc/{pid}/task").glob("*/children")
            for child in task.read_text().split()]


def test_workers_have_no_network_even_if_the_guard_is_bypassed(store, canary):
    """Defence in depth: with the workers' SERVICE check switched off (and the web process not
    involved), the engine's own HTTP client still cannot reach the canary, because workers run in
    an empty network namespace. Where CI runs (root in a VM) the namespace must work: a skip
    there would hide a broken defence, so it is a failure."""
    from kg.store.pool import QueryPool

    pool = QueryPool(store, workers=1, timeout=TIMEOUT, guard=False)
    before = len(canary.hits)
    try:
        network = pool.start()["network"]
        if network != "cut":
            assert not os.environ.get("CI"), f"CI must be able to cut the network: {network}"
            pytest.skip(f"no network namespace here ({network}); the guard is the only barrier")
        with pytest.raises(QueryError, match="cannot be evaluated"):
            pool.run(Job(f"SELECT * {{ SERVICE <{canary.url}sparql> {{ ?s ?p ?o }} }}"))
    finally:
        pool.close()
    time.sleep(0.3)
    assert canary.hits[before:] == []
