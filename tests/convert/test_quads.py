"""``GraphLines`` writes the N-Quads lines rdflib's serialiser writes, whatever the terms."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.namespace import XSD

from kg.convert.quads import GraphLines, iri

GRAPH = URIRef("https://newskg.example.org/graph/article/x")
# Everything N-Quads allows in an IRI, non-ASCII included (surrogates excluded: the minter makes
# IRIs from ASCII slugs anyway).
IRI_TEXT = st.text(st.characters(min_codepoint=0x21, blacklist_characters='<>"{}|\\^`',
                                 blacklist_categories=("Cs",)), max_size=20)
IRIS = st.one_of(IRI_TEXT.map(lambda text: URIRef("urn:x:" + text)),
                 st.sampled_from([XSD.integer, URIRef("https://newskg.example.org/id/a/b")]))
TEXT = st.text(max_size=30)  # control characters, quotes, backslashes, CR, LF, U+2028…
LANGS = st.from_regex(r"[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})?", fullmatch=True)
LITERALS = st.one_of(
    TEXT.map(Literal),
    st.builds(lambda text, lang: Literal(text, lang=lang), TEXT, LANGS),
    st.builds(lambda text, dt: Literal(text, datatype=dt), TEXT,
              st.sampled_from([XSD.string, URIRef("urn:x:datatype")])),
    st.integers().map(lambda n: Literal(n, datatype=XSD.integer)),
    st.decimals(allow_nan=False, allow_infinity=False, places=3).map(
        lambda d: Literal(Decimal(d), datatype=XSD.decimal)),
    st.booleans().map(Literal),
    st.dates().map(lambda d: Literal(d.isoformat(), datatype=XSD.date)),
    st.datetimes().map(lambda d: Literal(d.isoformat(), datatype=XSD.dateTime)),
)
TRIPLES = st.tuples(IRIS, IRIS, st.one_of(IRIS, LITERALS))


def rdflib_lines(triples) -> set[str]:
    ds = Dataset()
    graph = ds.graph(GRAPH)
    for triple in triples:
        graph.add(triple)
    text = ds.serialize(format="nquads", encoding="utf-8").decode("utf-8")
    return {line for line in text.split("\n") if line}


def our_lines(triples) -> list[str]:
    graph = GraphLines(GRAPH)
    for triple in triples:
        graph.add(triple)
    return graph.lines()


@settings(max_examples=300, deadline=None)
@given(st.lists(TRIPLES, max_size=12))
def test_the_lines_are_rdflibs(triples):
    ours = our_lines(triples)
    assert len(ours) == len(set(ours))
    assert set(ours) == rdflib_lines(triples)


@settings(max_examples=100, deadline=None)
@given(TEXT, LANGS)
def test_a_literal_told_twice_with_the_tag_in_another_case_is_one_quad_as_in_rdflib(text, lang):
    s, p = URIRef("urn:x:s"), URIRef("urn:x:p")
    triples = [(s, p, Literal(text, lang=lang)), (s, p, Literal(text, lang=lang.swapcase()))]
    assert set(our_lines(triples)) == rdflib_lines(triples)
    assert len(our_lines(triples)) == 1


def test_blank_nodes_and_a_lone_surrogate_are_written_as_rdflib_writes_them():
    s, p = BNode("b1"), URIRef("urn:x:p")
    triples = [(s, p, Literal("broken \ud800 text")), (s, p, Literal(datetime.date(2026, 1, 3)))]
    assert set(our_lines(triples)) == rdflib_lines(triples)


@pytest.mark.parametrize("bad", ["urn:x:a b", "urn:x:<a>", 'urn:x:"', "urn:x:{", "urn:x:a\\b",
                                 "urn:x:a\nb", "urn:x:\x00"])
def test_an_iri_n_quads_cannot_hold_is_refused(bad):
    """rdflib refuses the first five; the last two it writes as they are, breaking the line."""
    with pytest.raises(ValueError, match="not a valid IRI"):
        GraphLines(GRAPH).add((URIRef(bad), URIRef("urn:x:p"), Literal("o")))
    with pytest.raises(ValueError, match="not a valid IRI"):
        iri(bad)


def test_a_plain_string_is_not_a_term():
    with pytest.raises(TypeError, match="not an RDF term"):
        GraphLines(GRAPH).add((URIRef("urn:x:s"), URIRef("urn:x:p"), "o"))


def test_addn_and_len_and_iteration():
    s, p = URIRef("urn:x:s"), URIRef("urn:x:p")
    graph = GraphLines(GRAPH).addN([(s, p, Literal(1), None), (s, p, Literal(1), None)])
    assert len(graph) == 1
    assert list(graph) == graph.lines() == [
        f'<urn:x:s> <urn:x:p> "1"^^<{XSD.integer}> <{GRAPH}> .']
