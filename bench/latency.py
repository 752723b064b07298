"""Latency in-process: the competency queries on the embedded store, and an entity page through
the Flask app (its queries cached and not), at one corpus size."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kg.namespaces import base_iri
from kg.store.oxigraph import open_store
from kg.store.pool import QueryPool
from kg.store.query import Job, QueryTimeout, load_examples, run
from kg.store.results import collect
from web import create_app, graph

PROBE_S = 20.0
HUB = """PREFIX nk: <https://w3id.org/newskg/ontology#>
SELECT ?who (COUNT(*) AS ?n) WHERE { ?c nk:claimant ?who . ?who a nk:Person }
GROUP BY ?who ORDER BY DESC(?n) ?who LIMIT 1"""


@dataclass
class Spread:
    p50_ms: float
    p95_ms: float
    runs: int


def spread(func: Callable[[], object], runs: int) -> Spread:
    """Median and 95th percentile of ``runs`` calls, after one warm-up call."""
    func()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        func()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return Spread(statistics.median(times), times[min(len(times) - 1, int(0.95 * len(times)))], runs)


def measure(trig: Path, runs: int) -> tuple[dict[str, Spread | str], dict[str, Spread], str]:
    """Per competency query, and for the busiest person's page (cold and cached). A query that
    does not finish within ``PROBE_S`` in a killable worker is reported, not timed."""
    store = open_store(trig)
    probe = probe_times(store)
    queries = {e.slug: f"> {PROBE_S:g} s" if probe[e.slug] is None else
               spread(lambda e=e: run(store, e.text), runs if probe[e.slug] < 1 else 3)
               for e in load_examples()}
    path = busiest_page(store)
    pages = {}
    for label, cache_mb in (("entity page", 0), ("entity page, cached", 64)):
        # The whole-answer cache in front of Flask stays off: it would answer every repeat visit.
        app = create_app({"TESTING": True, "STORE": store, "CACHE_MB": cache_mb,
                          "RESPONSE_CACHE_MB": 0, "WORKERS": 1})
        client = app.test_client()
        pages[label] = spread(lambda c=client: _ok(c.get(path)), runs)
        graph.close(app)
    return queries, pages, path


def busiest_page(store) -> str:
    """The page of the person who makes the most claims: the heaviest entity page."""
    who = collect(store.query(HUB), 1).rows[0][0].value
    return "/id/" + who[len(base_iri() + "id/"):]


def probe_times(store) -> dict[str, float | None]:
    """Seconds per competency query, ``None`` past ``PROBE_S`` (run in the app's killable worker
    pool: an in-process query cannot be stopped). Slow ones are then timed 3 times only."""
    pool = QueryPool(store, workers=1, timeout=PROBE_S)
    times: dict[str, float | None] = {}
    try:
        for example in load_examples():
            started = time.perf_counter()
            try:
                pool.run(Job(example.text, max_rows=10**6))
                times[example.slug] = time.perf_counter() - started
            except QueryTimeout:
                times[example.slug] = None
    finally:
        pool.close()
    return times


def _ok(response) -> None:
    if response.status_code != 200:
        raise RuntimeError(f"entity page answered {response.status_code}")
