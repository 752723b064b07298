"""SHACL-SPARQL constraints answered by Oxigraph report exactly what rdflib's engine reports."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SH, XSD

from kg.resources import SHAPES_FILE
from kg.validate.shacl import validate_graph
from kg.validate.shacl_sparql import fast_sparql, on_oxigraph, to_oxigraph
from tests.validate.test_shapes import INVALID, VALID

OFFSETS = "PREFIX oa: <http://www.w3.org/ns/oa#>\nPREFIX schema: <http://schema.org/>\n" + next(
    str(text) for text in Graph().parse(SHAPES_FILE).objects(None, SH.select) if "SUBSTR" in text)
OA, SCHEMA = "http://www.w3.org/ns/oa#", "http://schema.org/"
ARTICLE = URIRef("urn:x:article")


def mirror_of(graph: Graph) -> ox.Store:
    store = ox.Store()
    store.extend(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in graph)
    return store


@pytest.mark.parametrize("case", INVALID + VALID, ids=lambda case: case.stem)
def test_every_shape_case_reports_the_same_on_oxigraph(case, ontology, shapes):
    data = Graph().parse(case, format="turtle") + ontology
    expected = validate_graph(data, shapes).text
    with fast_sparql(data, mirror_of(data)):
        assert validate_graph(data, shapes).text == expected


def evidence_graph(text: str, exact: str, start: int, end: int) -> Graph:
    graph = Graph()
    evidence, selector = URIRef("urn:x:ev"), URIRef("urn:x:sel")
    graph.add((ARTICLE, URIRef(SCHEMA + "text"), Literal(text)))
    graph.add((evidence, URIRef(OA + "hasSource"), ARTICLE))
    graph.add((evidence, URIRef(OA + "hasSelector"), selector))
    graph.add((selector, URIRef(OA + "exact"), Literal(exact)))
    graph.add((selector, URIRef(OA + "start"), Literal(start, datatype=XSD.integer)))
    graph.add((selector, URIRef(OA + "end"), Literal(end, datatype=XSD.integer)))
    return graph


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=12), st.integers(-2, 14), st.integers(-2, 14), st.booleans())
def test_the_offsets_check_agrees_with_rdflib_on_any_text(text, start, end, quote_right):
    """Astral characters, empty quotes and out-of-range offsets included: SUBSTR counts code
    points in both engines, as Python's offsets do. (Before offsets outside the text were
    ruled out explicitly, the engines disagreed: rdflib's SUBSTR slices from the end of the
    string for a start below 1, XPath's, which Oxigraph follows, does not.)"""
    exact = text[max(start, 0):max(end, 0)] if quote_right else text[:1] + "x"
    graph = evidence_graph(text, exact, start, end)
    bindings = {"this": ARTICLE}
    expected = graph.query(OFFSETS, initBindings=bindings)
    answer = on_oxigraph(mirror_of(graph), OFFSETS, bindings)
    assert [dict(row) for row in answer["bindings"]] == [row.asdict() and dict(
        zip(expected.vars, row, strict=True)) for row in expected]


def test_a_query_that_does_not_project_its_bound_variable_is_left_to_rdflib():
    graph = evidence_graph("abc", "zz", 0, 2)
    assert on_oxigraph(mirror_of(graph), "SELECT ?value WHERE { ?value ?p $this }", {"this": ARTICLE}) is None


def test_a_query_oxigraph_cannot_parse_is_left_to_rdflib():
    assert on_oxigraph(ox.Store(), "SELECT ?x WHERE { ?x nope:p ?y }", {}) is None
