"""The guard against the grammar, and each defence of the query workers with the other switched off.

Queries come from grammar fragments (tests/store/strategies.py): SERVICE glued, escaped, after
comments, nested in groups, subqueries, EXISTS, BIND, VALUES… The guard must refuse every one
(5,000 in a run). A fixed sample of the same generator then goes to Oxigraph itself, unguarded:
with the network open it really calls the canary (so the sample is live), and in a query worker
whose network is cut it never does. Finally the workers' own guard pass stops the sample with the
network open.
"""

from __future__ import annotations

import os
import random
import time

import pytest
from hypothesis import given, settings

from kg.store import guard
from kg.store.guard import QueryRefused, QueryTooDeep
from kg.store.oxigraph import OxigraphStore
from kg.store.pool import QueryPool
from kg.store.query import Job, QueryFailed, QuerySyntaxError
from kg.store.results import collect
from tests.conftest import TIMEOUT
from tests.store.strategies import CANARY, benign_queries, build_query, queries

IN_CI = bool(os.environ.get("CI"))
SAMPLE = 200  # generated queries sent to the engine itself (each may make an HTTP call)
DATA = """<urn:s> <urn:p> 1, 1.5, "x", "x"@en, true, <urn:o> .
<urn:g> { <urn:s> <urn:p> 1, "x", <urn:o> . }
"""


@settings(max_examples=5000, deadline=None)
@given(queries())
def test_the_guard_refuses_service_wherever_the_grammar_allows_it(text):
    with pytest.raises(QueryRefused, match="SERVICE"):
        guard.inspect(text)


@settings(max_examples=1000, deadline=None)
@given(benign_queries())
def test_the_word_service_is_let_through_where_it_is_not_a_keyword(text):
    assert guard.inspect(text).form in guard.QUERY_FORMS


@pytest.mark.parametrize("text", [
    "SELECT * {?s ?p 1SERVICE <http://127.0.0.1:9/> {?a ?b ?c}}",
    "SELECT * {?s ?p trueSERVICE <http://127.0.0.1:9/> {?a ?b ?c}}",
    "SELECT * {?s ?p 1e5SERVICE <http://127.0.0.1:9/> {}}",
    'SELECT * {?s ?p "x"SERVICE <http://127.0.0.1:9/> {}}',
    "SELECT * {?s ?p ()SERVICE <http://127.0.0.1:9/> {}}",
    "PREFIX ex: <http://127.0.0.1:9/> SELECT * { SERVICEex:x {} }",
    "PREFIX ex: <http://127.0.0.1:9/> SELECT * { ?s ?p trueSERVICEex:x {} }",
    "SELECT * { VALUES ?x { ''' a ' } SERVICE <http://127.0.0.1:9/> {} }",
    "SELECT * { VALUES ?x { 'a\\u0027 } SERVICE <http://127.0.0.1:9/> {} #' } }",
], ids=["number", "boolean", "double", "string", "nil", "prefix", "boolean-prefix",
        "unclosed-long-string", "escaped-quote-spec-reading"])
def test_oxigraph_reads_these_as_service_and_so_does_the_guard(text):
    """Each was checked against Oxigraph with a canary: it calls out (the last one in the spec's
    reading of escapes, which other engines follow)."""
    with pytest.raises(QueryRefused, match="SERVICE"):
        guard.inspect(text)


def test_nesting_deeper_than_the_limit_is_refused_with_its_position():
    with pytest.raises(QueryTooDeep, match="limit of 64 .line 2"):
        guard.inspect("SELECT *\n" + "{" * 65 + "}" * 65)
    assert guard.inspect("ASK " + "{" * 64 + "}" * 64).depth == 64


def test_brackets_in_strings_iris_and_comments_do_not_count():
    text = 'ASK { ?s ?p "((((((" , <urn:x(> # {{{{{{{{\n }'
    assert guard.inspect(text, guard.Policy(max_depth=1)).depth == 1


@pytest.mark.parametrize("text", [
    "SELECT * FROM <http://127.0.0.1:9/g.ttl> { ?s ?p ?o }",
    "SELECT * FROM NAMED <http://127.0.0.1:9/g.ttl> { GRAPH ?g { ?s ?p ?o } }",
    "PREFIX ex: <http://127.0.0.1:9/> SELECT * FROMNAMED ex:g { ?s ?p ?o }",
    "BASE <http://127.0.0.1:9/> ASK FROM <g> {}",
])
def test_from_a_graph_outside_the_dataset_is_refused(text):
    with pytest.raises(QueryRefused, match="no graph of this dataset"):
        guard.inspect(text, guard.Policy(graphs={"urn:g"}))


def test_from_a_graph_of_the_dataset_is_allowed_however_it_is_written():
    policy = guard.Policy(graphs={"urn:g", "http://b/g"}, prefixes={"x": "http://b/"},
                          base="http://b/")
    for text in ("ASK FROM <urn:g> {}", "ASK FROM x:g {}", "ASK FROM <g> {}",
                 "PREFIX y: <urn:> ASK FROM NAMED y:g {}", "ASK FROM <urn:\\u0067> {}"):
        assert guard.inspect(text, policy).graphs in (("urn:g",), ("http://b/g",)), text


@pytest.fixture(scope="module")
def small_store(tmp_path_factory):
    """A few quads, so that the patterns before a generated SERVICE have solutions."""
    path = tmp_path_factory.mktemp("guard") / "small.trig"
    path.write_text(DATA, encoding="utf-8")
    store = OxigraphStore()
    store.load(path)
    return store


def sample(canary) -> list[str]:
    """The same generator as the property test, with a fixed seed, aimed at the live canary."""
    rng = random.Random(15)
    return [build_query(rng.randbytes(40)).replace(CANARY, canary.url) for _ in range(SAMPLE)]


def test_the_generated_queries_really_call_out_without_the_guard(small_store, canary):
    """The oracle: unguarded, with the network open, Oxigraph calls the canary for a good share
    of the sample (the rest fail to parse, e.g. escapes, or never reach their SERVICE)."""
    live = 0
    for text in sample(canary):
        before = len(canary.hits)
        try:
            collect(small_store.query(text), 10)
        except (SyntaxError, OSError, RuntimeError):
            pass
        live += len(canary.hits) > before
    assert live >= SAMPLE // 10


def _pool_or_skip(store, *, isolate: bool, guard_on: bool) -> QueryPool:
    pool = QueryPool(store, workers=1, timeout=TIMEOUT, isolate=isolate, guard=guard_on)
    network = pool.start()["network"]
    if isolate and network != "cut":
        pool.close()
        # CI runs as root in a VM where network namespaces work: there, this is a failure.
        assert not IN_CI, f"CI must be able to cut the workers' network: {network}"
        pytest.skip(f"no network namespace here ({network}); the guard is the only barrier")
    return pool


def test_a_worker_with_its_network_cut_never_connects_even_unguarded(small_store, canary):
    pool = _pool_or_skip(small_store, isolate=True, guard_on=False)
    before, parsed = len(canary.hits), 0
    try:
        for text in sample(canary):
            try:
                pool.run(Job(text))
                parsed += 1
            except QuerySyntaxError:
                pass
            except QueryFailed:  # the engine's HTTP client failed: it had no route to try
                parsed += 1
    finally:
        pool.close()
    time.sleep(0.3)  # let any stray request arrive
    assert (canary.hits[before:], parsed > SAMPLE // 3) == ([], True)


def test_the_workers_own_guard_stops_every_query_with_the_network_open(small_store, canary):
    pool = QueryPool(small_store, workers=1, timeout=TIMEOUT, isolate=False)
    before = len(canary.hits)
    try:
        assert pool.start()["network"].startswith("open")
        for text in sample(canary)[:50]:
            with pytest.raises(QueryRefused):
                pool.run(Job(text))  # straight to the worker: the web process never saw it
    finally:
        pool.close()
    time.sleep(0.3)
    assert canary.hits[before:] == []


@pytest.mark.parametrize("text", [
    "ASK {}", "ASK WHERE { }", "SELECT (1 + 1 AS ?two) {}", "ASK { # a comment\n }",
    "CONSTRUCT {} WHERE {}", "SELECT * {} LIMIT 10", "PREFIX ex: <http://e/> ASK {{}}",
])
def test_a_query_with_empty_patterns_reads_no_data(text):
    assert guard.inspect(text).reads_data is False


@pytest.mark.parametrize("text", [
    "ASK { ?s ?p ?o }", "DESCRIBE <http://e/x>", "SELECT * {} VALUES ?x { 1 2 }", "ASK { 1 }",
    "ASK { () }", "SELECT (EXISTS { ?s ?p ?o } AS ?e) {}", "CONSTRUCT { <a> <b> <c> } WHERE {}",
    "ASK { \\u003Fs ?p ?o }", "ASK { <s> <p> 'o' }",
])
def test_a_query_with_anything_in_a_pattern_may_read_data(text):
    assert guard.inspect(text).reads_data is True


@settings(max_examples=200, deadline=None)
@given(benign_queries())
def test_generated_queries_with_patterns_may_read_data(text):
    """Every generated query has triple patterns: none is taken for one that reads no data."""
    assert guard.inspect(text).reads_data is True
