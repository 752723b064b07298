"""/id/<slug>: every node dereferenceable, as HTML for browsers and as RDF by Accept or suffix."""

from __future__ import annotations

import json

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

from kg.namespaces import base_iri
from tests.store.test_store import assert_isomorphic

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
ID = base_iri() + "id/"
NODES = ["delcy-rodriguez", "claim/000_cff27210c16c26bb/c04", "event/us-military-operation-2026-01-03",
         "agreement/cuba-venezuela-defence-agreement-2008-1", "article/002_aca773533d52a18d",
         "source/002_aca773533d52a18d/eleven-sources", "post/president-of-venezuela"]
RDF_TYPES = {"ttl": ("text/turtle", "turtle"), "jsonld": ("application/ld+json", "json-ld"),
             "nt": ("application/n-triples", "nt"), "rdf": ("application/rdf+xml", "xml")}


def description(union: Graph, node: URIRef) -> Graph:
    """What /id/<slug> must answer: own statements, incoming links, labels of the other side."""
    graph = Graph()
    for p, o in union.predicate_objects(node):
        graph.add((node, p, o))
        graph += [(o, RDFS.label, label) for label in union.objects(o, RDFS.label)]
    for s, p in union.subject_predicates(node):
        graph.add((s, p, node))
        graph += [(s, RDFS.label, label) for label in union.objects(s, RDFS.label)]
    return graph


@pytest.mark.parametrize("path", NODES)
@pytest.mark.parametrize("ext", RDF_TYPES)
def test_suffix_gives_the_description(kg_client, union, path, ext):
    media, rdflib_format = RDF_TYPES[ext]
    response = kg_client.get(f"/id/{path}.{ext}")
    assert response.status_code == 200 and response.mimetype == media
    actual = Graph().parse(data=response.data, format=rdflib_format)
    assert_isomorphic(description(union, URIRef(ID + path)), actual)


@pytest.mark.parametrize("ext", RDF_TYPES)
def test_accept_gives_the_description(kg_client, union, ext):
    media, rdflib_format = RDF_TYPES[ext]
    response = kg_client.get("/id/delcy-rodriguez", headers={"Accept": media})
    assert (response.mimetype, "Accept" in response.vary) == (media, True)
    actual = Graph().parse(data=response.data, format=rdflib_format)
    assert_isomorphic(description(union, URIRef(ID + "delcy-rodriguez")), actual)


def test_browser_gets_the_page_with_alternate_links(kg_client):
    response = kg_client.get("/id/delcy-rodriguez", headers={"Accept": BROWSER})
    page = response.get_data(as_text=True)
    assert response.mimetype == "text/html" and "Accept" in response.vary
    assert response.headers.getlist("Link") == [
        f'</id/delcy-rodriguez.{ext}>; rel="alternate"; type="{media}"'
        for ext, (media, _) in RDF_TYPES.items()]
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    for text in ("Delcy Rodríguez", "President of Venezuela", "interim president",
                 "Claims about Delcy Rodríguez", 'id="graph-data"', "/sparql?query="):
        assert text in page


def test_entity_page_sections(kg_client):
    page = kg_client.get("/id/delcy-rodriguez").get_data(as_text=True)
    assert 'Also: <span lang="en">Delcy Rodriguez</span>' in page  # the alias
    assert "Venezuelan politician" in page  # the description
    assert "Phone call between Delcy Rodríguez and Miguel Díaz-Canel" in page  # an event
    assert '<span class="roles">as counterpart</span>' in page  # with her role (annotation role "party")
    assert "/articles/000_cff27210c16c26bb#claim-" in page  # claims link to the article place


def test_graph_data_is_a_json_block_of_linked_nodes(kg_client):
    page = kg_client.get("/id/delcy-rodriguez").get_data(as_text=True)
    block = page.split('<script type="application/json" id="graph-data">')[1].split("</script>")[0]
    data = json.loads(block)
    centre = [n for n in data["nodes"] if n["center"]]
    assert [n["href"] for n in centre] == ["/id/delcy-rodriguez"]
    assert {"source", "target", "label"} <= set(data["edges"][0])


def test_claim_page_shows_the_quote_in_its_sentence(kg_client):
    page = kg_client.get("/id/claim/000_cff27210c16c26bb/c04").get_data(as_text=True)
    assert '<mark class="quote-exact">' in page and "assertion" in page
    assert 'href="/articles/000_cff27210c16c26bb#claim-c04"' in page


def test_article_iri_sends_a_browser_to_the_reading_view(kg_client):
    response = kg_client.get("/id/article/000_cff27210c16c26bb", headers={"Accept": BROWSER})
    assert (response.status_code, response.location) == (303, "/articles/000_cff27210c16c26bb")


def test_statements_are_paged(kg_client):
    first = kg_client.get("/id/venezuela").get_data(as_text=True)
    second = kg_client.get("/id/venezuela?page=2").get_data(as_text=True)
    assert 'rel="next" href="/id/venezuela?page=2#statements"' in first
    assert 'rel="prev"' in second
    assert kg_client.get("/id/venezuela?page=99").status_code == 404
    assert kg_client.get("/id/venezuela?page=x").status_code == 400


@pytest.mark.parametrize("path", ["nope", "claim/000_cff27210c16c26bb/c999", "%3Cscript%3E", "..%2F..",
                                  "a/../b", "caf%C3%A9", "%FF%FE", "a%00b", "a//b", ".", "x/.."])
def test_unknown_or_odd_slugs_are_404(kg_client, path):
    html = kg_client.get(f"/id/{path}", headers={"Accept": BROWSER})
    api = kg_client.get(f"/id/{path}", headers={"Accept": "text/turtle"})
    assert (html.status_code, html.mimetype, api.status_code) == (404, "text/html", 404)
    assert json.loads(api.data)["ok"] is False


def test_an_unavailable_format_is_406(kg_client):
    response = kg_client.get("/id/delcy-rodriguez", headers={"Accept": "image/png"})
    assert response.status_code == 406


def test_rdf_is_revalidated_with_its_etag(kg_client):
    first = kg_client.get("/id/delcy-rodriguez.ttl")
    again = kg_client.get("/id/delcy-rodriguez.ttl", headers={"If-None-Match": first.headers["ETag"]})
    assert (again.status_code, again.data) == (304, b"")
    assert "max-age" in first.headers["Cache-Control"]


@pytest.mark.parametrize("path", ["evidence/000_cff27210c16c26bb/claim-c04", "time/2019/In-2019",
                                  "proposition/cuban-influence-waning",
                                  "holding/delcy-rodriguez/president-of-venezuela"])
def test_every_kind_of_node_has_a_page(kg_client, path):
    assert kg_client.get(f"/id/{path}").status_code == 200


def test_the_query_behind_the_page_opens_in_the_editor_and_gives_the_description(kg_client, union):
    page = kg_client.get("/id/delcy-rodriguez").get_data(as_text=True)
    link = page.split('<a href="/sparql?query=')[1].split('"')[0]
    url = "/sparql?query=" + link.replace("&amp;", "&")
    assert 'id="yasgui"' in kg_client.get(url, headers={"Accept": BROWSER}).get_data(as_text=True)
    answer = kg_client.get(url, headers={"Accept": "text/turtle"})
    assert_isomorphic(description(union, URIRef(ID + "delcy-rodriguez")),
                      Graph().parse(data=answer.data, format="turtle"))


def test_ontology_terms_link_to_their_documentation(kg_client):
    page = kg_client.get("/id/delcy-rodriguez").get_data(as_text=True)
    ontology = kg_client.get("/ontology").get_data(as_text=True)
    assert 'href="/ontology#Person"' in page and 'id="Person"' in ontology
