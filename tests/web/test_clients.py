"""Real clients against the live server: SPARQLWrapper in every result format, rdflib's
SPARQLStore."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, JSONLD, N3, POST, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

from tests.store.test_query import CONSTRUCT_REGISTRY
from tests.store.test_store import REGISTRY, assert_isomorphic, reference

pytestmark = pytest.mark.live
SELECT = "SELECT ?s { ?s a <http://schema.org/NewsArticle> } ORDER BY ?s"
ARTICLES = ["https://newskg.example.org/id/article/a1", "https://newskg.example.org/id/article/a2"]


def wrapper(server, query: str, return_format: str) -> SPARQLWrapper:
    client = SPARQLWrapper(server.endpoint)
    client.setQuery(query)
    client.setReturnFormat(return_format)
    return client


def test_sparqlwrapper_select_json(live_server):
    data = wrapper(live_server, SELECT, JSON).queryAndConvert()
    assert [b["s"]["value"] for b in data["results"]["bindings"]] == ARTICLES


def test_sparqlwrapper_select_json_by_post(live_server):
    client = wrapper(live_server, SELECT, JSON)
    client.setMethod(POST)
    assert len(client.queryAndConvert()["results"]["bindings"]) == 2


def test_sparqlwrapper_select_xml(live_server):
    document = wrapper(live_server, SELECT, XML).queryAndConvert()
    uris = [node.firstChild.data for node in document.getElementsByTagName("uri")]
    assert uris == ARTICLES


@pytest.mark.parametrize(("return_format", "expected"), [
    # SPARQL 1.1 CSV: bare names and values; TSV: ?names and RDF terms in N-Triples syntax
    (CSV, ["s,n", *(f"{a},1" for a in ARTICLES)]),
    (TSV, ["?s\t?n", *(f'<{a}>\t1' for a in ARTICLES)]),
])
def test_sparqlwrapper_select_csv_and_tsv(live_server, return_format, expected):
    query = ("SELECT ?s (COUNT(*) AS ?n) { ?s a <http://schema.org/NewsArticle> } "
             "GROUP BY ?s ORDER BY ?s")
    text = wrapper(live_server, query, return_format).queryAndConvert().decode()
    assert text.splitlines() == expected


def test_sparqlwrapper_ask(live_server):
    assert wrapper(live_server, "ASK { ?s ?p ?o }", JSON).queryAndConvert()["boolean"] is True


# SPARQLWrapper 2.0 builds its result graph with rdflib's deprecated ConjunctiveGraph.
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
@pytest.mark.parametrize("return_format", [RDFXML, XML, JSONLD])
def test_sparqlwrapper_construct_as_graph(live_server, return_format):
    actual = wrapper(live_server, CONSTRUCT_REGISTRY, return_format).queryAndConvert()
    assert_isomorphic(reference().graph(URIRef(REGISTRY)), actual)


@pytest.mark.parametrize("return_format", [TURTLE, N3])
def test_sparqlwrapper_construct_as_turtle(live_server, return_format):
    body = wrapper(live_server, CONSTRUCT_REGISTRY, return_format).queryAndConvert()
    assert_isomorphic(reference().graph(URIRef(REGISTRY)), Graph().parse(data=body,
                                                                           format="turtle"))


@pytest.fixture
def remote(live_server):
    store = SPARQLStore(live_server.endpoint, returnFormat="json")
    yield Graph(store=store)
    store.close()


def test_rdflib_sparqlstore_select(remote):
    assert [str(row.s) for row in remote.query(SELECT)] == ARTICLES


def test_rdflib_sparqlstore_ask(remote):
    assert remote.query("ASK { ?s a <http://schema.org/Person> }").askAnswer is True


def test_rdflib_sparqlstore_triples(remote):
    article = URIRef("http://schema.org/NewsArticle")
    assert sorted(map(str, remote.subjects(RDF.type, article))) == ARTICLES
