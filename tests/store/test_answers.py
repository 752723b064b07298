"""Reading what a server answered, rewriting for Virtuoso, scoping to our graphs: the pure parts
of the remote backend (the live tests are test_remote.py, test_virtuoso.py)."""

from __future__ import annotations

import doctest

import pyoxigraph as ox
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.store import answers, dialect, endpoint, remote, scope
from kg.store.answers import UnexpectedAnswer, blank_label, parse_answer
from kg.store.dialect import for_virtuoso, refuse_extensions
from kg.store.guard import QueryRefused
from kg.store.scope import EVERY, Scope, graph_targets

XML = "application/sparql-results+xml; charset=UTF-8"
JSON = "application/sparql-results+json"
# What Virtuoso 7.2 writes (captured from a real one): nodeID blank nodes, typed-literal,
# a stored true as "1" in JSON.
VIRTUOSO_XML = b"""<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>
 <variable name="s"/><variable name="o"/></head><results distinct="false" ordered="true">
 <result><binding name="s"><bnode>nodeID://b10000</bnode></binding>
 <binding name="o"><literal datatype="http://www.w3.org/2001/XMLSchema#boolean">true</literal></binding></result>
 <result><binding name="s"><bnode>nodeID://b10000</bnode></binding>
 <binding name="o"><literal xml:lang="en-gb">colour</literal></binding></result>
</results></sparql>"""
VIRTUOSO_JSON = b"""{ "head": { "link": [], "vars": ["s", "o"] },
  "results": { "distinct": false, "ordered": true, "bindings": [
    { "s": { "type": "bnode", "value": "nodeID://b10000" },
      "o": { "type": "typed-literal", "datatype": "http://www.w3.org/2001/XMLSchema#boolean", "value": "1" }},
    { "s": { "type": "bnode", "value": "nodeID://b10000" },
      "o": { "type": "literal", "xml:lang": "en-gb", "value": "colour" }} ] } }"""
ASK_TABLE = b"""<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>
 <variable name="__ASK_RETVAL"/></head><results><result><binding name="__ASK_RETVAL">
 <literal datatype="http://www.w3.org/2001/XMLSchema#integer">1</literal></binding></result></results></sparql>"""


@pytest.mark.parametrize("body, media", [(VIRTUOSO_XML, XML), (VIRTUOSO_JSON, JSON)],
                         ids=["xml", "json"])
def test_virtuoso_results_become_the_terms_it_stored(body, media):
    rows = [tuple(row) for row in parse_answer(body, media, "SELECT")]
    node = ox.BlankNode("b10000")
    assert rows == [(node, ox.Literal("true", datatype=ox.NamedNode(
        "http://www.w3.org/2001/XMLSchema#boolean"))), (node, ox.Literal("colour", language="en-gb"))]


def test_an_ask_answered_as_a_table_is_a_boolean():
    assert bool(parse_answer(ASK_TABLE, XML, "ASK")) is True
    assert isinstance(parse_answer(ASK_TABLE, XML, "SELECT"), ox.QuerySolutions)


def test_a_graph_answer_is_triples_and_other_media_types_are_refused():
    triples = parse_answer(b"_:b10000 <http://e/p> \"x\" .\n", "application/n-triples", "CONSTRUCT")
    assert isinstance(triples, ox.QueryTriples) and len(list(triples)) == 1
    with pytest.raises(UnexpectedAnswer):
        parse_answer(b"<html></html>", "text/html", "SELECT")


@given(st.text())
def test_any_label_becomes_a_valid_stable_one(label):
    made = blank_label(label)
    assert ox.BlankNode(made).value == made == blank_label(label)
    assert blank_label(made) == made  # a valid label is kept as it is


@pytest.mark.parametrize("query, sent", [
    ("SELECT (GROUP_CONCAT(?x) AS ?a) {}", 'SELECT (GROUP_CONCAT(?x; separator=" ") AS ?a) {}'),
    ('SELECT (group_concat(distinct str(?x); separator=",") AS ?a) {}',
     'SELECT (group_concat(distinct str(?x); separator=",") AS ?a) {}'),
    ("SELECT (GROUP_CONCAT(CONCAT(?a, ?b)) AS ?c) {}",
     'SELECT (GROUP_CONCAT(CONCAT(?a, ?b); separator=" ") AS ?c) {}'),
    ('ASK { ?s ?p ?o FILTER REGEX(STR(?o), "í", "i") }', 'ASK { ?s ?p ?o FILTER REGEX(?o, "í", "i") }'),
    ('ASK { FILTER REGEX(STR(CONCAT(?a, "(")), "x") }', 'ASK { FILTER REGEX(CONCAT(?a, "("), "x") }'),
    ('ASK { FILTER REGEX(STRAFTER(?a, "x"), "y") }', 'ASK { FILTER REGEX(STRAFTER(?a, "x"), "y") }'),
    ('ASK { ?s ?p "GROUP_CONCAT(?x)" } # REGEX(STR(?o), "x")',
     'ASK { ?s ?p "GROUP_CONCAT(?x)" } # REGEX(STR(?o), "x")'),
], ids=["default-separator", "has-separator", "nested", "regex-str", "regex-str-nested",
        "regex-other-call", "strings-and-comments"])
def test_virtuoso_rewrites(query, sent):
    assert for_virtuoso(query) == sent


@pytest.mark.parametrize("query", [
    'SELECT (bif:http_get("http://127.0.0.1:9/") AS ?x) {}',
    'PREFIX b: <bif:> SELECT (b:http_get("http://127.0.0.1:9/") AS ?x) {}',
    "SELECT * { ?s ?p ?o FILTER (<sql:anything>(?o)) }",
    'define get:soft "soft" SELECT * FROM <http://127.0.0.1:9/> { ?s ?p ?o }',
    "SELECT * {\n ?s ?p ?o .\n ?o \\u0062if:contains 'x' }",
    "SELECT (SQL:x(?o) AS ?y) { ?s ?p ?o }",
], ids=["bif", "bif-prefix", "sql-iri", "define", "escaped", "upper-case"])
def test_virtuoso_extensions_are_refused(query):
    with pytest.raises(QueryRefused, match=r"Virtuoso's extensions .* \(line \d+, column \d+\)"):
        refuse_extensions(query)


@pytest.mark.parametrize("query", [
    "SELECT ?define { ?s <http://e/bif:x> 'sql: bif: define' } # define bif:x",
    "PREFIX nosql: <http://e/> SELECT * { ?s nosql:p ?o }",
])
def test_lookalikes_are_not_extensions(query):
    refuse_extensions(query)


@given(st.text(alphabet="(){};,\"' \n?xSTRGROUP_CONCATREGEX#<>", max_size=80))
def test_a_rewrite_keeps_every_line(query):
    """Syntax errors are reported by line: a rewrite never moves one."""
    rewritten = for_virtuoso(query)
    assert rewritten.count("\n") == query.count("\n")


@pytest.mark.parametrize("query, targets", [
    ("SELECT * { ?s ?p ?o }", frozenset()),
    ("SELECT * { GRAPH <https://g/a> { ?s ?p ?o } GRAPH <https://g/b> {} }",
     frozenset({"https://g/a", "https://g/b"})),
    ("SELECT * { GRAPH ?g { ?s ?p ?o } }", EVERY),
    ("SELECT * { GRAPH ex:g { ?s ?p ?o } }", EVERY),
    ("SELECT * { GRAPH <relative> { ?s ?p ?o } }", EVERY),
    ("SELECT * { ?s ?p 'GRAPH ?g' } # GRAPH ?g", frozenset()),
    ("SELECT * { \\u0047RAPH ?g { ?s ?p ?o } }", EVERY),
])
def test_the_graphs_a_query_names(query, targets):
    assert graph_targets(query) == targets


def test_a_scope_sends_the_union_and_only_the_named_graphs_needed():
    scope = Scope("https://x/graph/union", ("https://x/graph/a", "https://x/graph/b"),
                  "https://x/graph/none")
    assert scope.dataset("ASK { ?s ?p ?o }") == (["https://x/graph/union"], [])
    assert scope.dataset("ASK { GRAPH ?g {} }")[1] == ["https://x/graph/a", "https://x/graph/b"]
    assert scope.dataset("ASK { GRAPH <https://x/graph/b> {} }")[1] == ["https://x/graph/b"]
    assert scope.dataset("ASK { GRAPH <http://other/> {} }")[1] == ["https://x/graph/none"]
    assert Scope().dataset("ASK { GRAPH ?g {} }") == ([], [])
    assert "2 named graphs" in scope.describe()


@pytest.mark.parametrize("module", [answers, dialect, endpoint, remote, scope])
def test_doctests_pass(module):
    assert doctest.testmod(module).failed == 0
