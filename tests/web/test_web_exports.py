"""Dumps, statistics, VoID, the ontology documentation and the validation report."""

from __future__ import annotations

import json

import pytest
from markupsafe import escape
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF

from kg.namespaces import NK, ONTOLOGY_IRI, base_iri
from kg.resources import ONTOLOGY_FILE
from kg.validate.shacl import load_shapes
from tests.store.test_store import assert_isomorphic

VOID = Namespace("http://rdfs.org/ns/void#")
SH = Namespace("http://www.w3.org/ns/shacl#")
TRIPLES = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}
QUADS = {"trig": "trig", "nq": "nquads"}


def quads(dataset: Dataset) -> set:
    return {(s, p, o, str(g)) for s, p, o, g in dataset.quads((None, None, None, None))}


@pytest.mark.parametrize("ext", TRIPLES)
def test_triple_dumps_are_the_union(kg_client, union, ext):
    response = kg_client.get(f"/export/kg.{ext}")
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert_isomorphic(union, Graph().parse(data=response.data, format=TRIPLES[ext]))


@pytest.mark.parametrize("ext", QUADS)
def test_dataset_dumps_keep_the_graphs(kg_client, built_dataset, ext):
    dumped = Dataset().parse(data=kg_client.get(f"/export/kg.{ext}").data, format=QUADS[ext])
    assert quads(dumped) == quads(built_dataset)


@pytest.mark.parametrize("ext", [*TRIPLES, *QUADS])
def test_an_article_graph(kg_client, built_dataset, ext):
    name = URIRef(base_iri() + "graph/article/000_cff27210c16c26bb")
    response = kg_client.get(f"/export/articles/000_cff27210c16c26bb.{ext}")
    expected = Graph()
    expected += built_dataset.graph(name)
    if ext in QUADS:  # TriG and N-Quads name the graph, as the whole dump does
        dumped = Dataset().parse(data=response.data, format=QUADS[ext])
        assert {str(g.identifier) for g in dumped.graphs() if len(g)} == {str(name)}
        assert_isomorphic(expected, dumped.graph(name))
    else:
        assert_isomorphic(expected, Graph().parse(data=response.data, format=TRIPLES[ext]))


def test_dumps_are_cached_and_revalidated(kg_client):
    first = kg_client.get("/export/kg.nt")
    again = kg_client.get("/export/kg.nt", headers={"If-None-Match": first.headers["ETag"]})
    assert (again.status_code, first.headers["Cache-Control"]) == (304, "public, max-age=300")


@pytest.mark.parametrize("url", ["/export/kg.exe", "/export/kg.turtle", "/export/articles/nope.ttl",
                                 "/export/articles/..%2Fx.ttl"])
def test_unknown_dumps_are_404(kg_client, url):
    assert kg_client.get(url).status_code == 404


def test_the_export_page_lists_the_downloads(kg_client):
    page = kg_client.get("/export/").get_data(as_text=True)
    assert all(f'href="/export/kg.{ext}"' in page for ext in (*TRIPLES, *QUADS))


def test_stats_count_what_rdflib_counts(kg_client, built_dataset, union):
    stats = json.loads(kg_client.get("/stats.json").data)
    classes = {c["iri"]: c["n"] for c in stats["classes"]}
    assert (stats["quads"], stats["triples"]) == (len(quads(built_dataset)), len(union))
    assert classes[str(NK.Claim)] == len(set(union.subjects(RDF.type, NK.Claim)))
    assert {g["iri"] for g in stats["graphs"]} == {g for *_, g in quads(built_dataset)}
    assert "Claims per stance" in kg_client.get("/stats").get_data(as_text=True)


def test_void_describes_the_dataset(kg_client, union):
    response = kg_client.get("/.well-known/void", headers={"Accept": "text/turtle"})
    void = Graph().parse(data=response.data, format="turtle")
    dataset = next(void.subjects(RDF.type, VOID.Dataset))
    assert void.value(dataset, VOID.triples).toPython() == len(union)
    assert void.value(dataset, VOID.sparqlEndpoint) == URIRef("http://localhost/sparql")
    partitions = {void.value(p, VOID["class"]): void.value(p, VOID.entities).toPython()
                  for p in void.objects(dataset, VOID.classPartition)}
    assert partitions[NK.Event] == len(set(union.subjects(RDF.type, NK.Event)))
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_void_sends_a_browser_to_the_statistics(kg_client):
    response = kg_client.get("/.well-known/void", headers={"Accept": "text/html"})
    assert (response.status_code, response.location) == (303, "/stats")


def test_ontology_page_lists_every_term_and_shape_message(kg_client, built_dataset):
    page = kg_client.get("/ontology").get_data(as_text=True)
    ontology = built_dataset.graph(URIRef(ONTOLOGY_IRI))
    for term in ontology.subjects(RDF.type, OWL.Class):
        if term.startswith(str(NK)):  # not the union classes (skolem IRIs in the dataset)
            assert f'id="{term.split("#")[1]}"' in page
    for message in load_shapes().objects(None, SH.message):
        assert str(escape(message)) in page


def test_ontology_as_rdf_is_the_ontology_file(kg_client):
    # the file, blank nodes and all (the dataset holds them as skolem IRIs)
    expected = Graph().parse(ONTOLOGY_FILE, format="turtle")
    response = kg_client.get("/ontology", headers={"Accept": "text/turtle"})
    assert_isomorphic(expected, Graph().parse(data=response.data, format="turtle"))


def test_pylode_reference_is_generated_offline(kg_client):
    response = kg_client.get("/ontology/reference")
    page = response.get_data(as_text=True)
    assert response.mimetype == "text/html" and "News knowledge graph ontology" in page
    assert "Anonymous source" in page and "<script src=" not in page


def test_shapes_file_is_served(kg_client):
    assert b"nksh:ClaimShape" in kg_client.get("/ontology/shapes.ttl").data


def test_validation_report_of_the_served_graph(kg_client):
    page = kg_client.get("/validation").get_data(as_text=True)
    assert "Conforms: 0 violations" in page
    report = Graph().parse(data=kg_client.get("/validation.ttl").data, format="turtle")
    assert list(report.objects(None, SH.conforms)) == [Literal(True)]
