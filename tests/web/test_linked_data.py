"""Issue 13, items 12-16, as clients see them: readable Turtle, compact JSON-LD with a published
context that rdflib reads back, Vary on negotiated errors and redirects, one rule for what a URL
answers without Accept, canonical /id/ paths, one-line descriptions in search hits.

Most tests use a live ``kg serve`` on loopback whose KG_BASE is its own address (a deployment:
its /id/ IRIs and its JSON-LD context resolve to it), read with urllib and rdflib."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph

from kg.formats import nested_prefixes
from tests.conftest import MINI, free_port, rebased, start_server, stop_server
from tests.store.test_store import assert_isomorphic

pytestmark = pytest.mark.live
NODES = ["delcy-rodriguez", "claim/000_cff27210c16c26bb/c04", "event/us-military-operation-2026-01-03"]


@pytest.fixture(scope="module")
def deployed(tmp_path_factory):
    """A server whose KG_BASE is its own URL, serving the mini dataset moved to that base."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    data = rebased(MINI, base, tmp_path_factory.mktemp("deployed") / "mini.trig")
    server = start_server(data, port=port, BASE=base, WORKERS=2)
    yield server
    stop_server(server)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url: str, accept: str | None = None, follow: bool = True, **headers):
    """(status, headers, body) of a GET, errors and redirects included."""
    request = urllib.request.Request(url, headers={**({"Accept": accept} if accept else {}), **headers})
    opener = urllib.request.build_opener(*([] if follow else [NoRedirect]))
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def some_node(server) -> str:
    """A node of the mini dataset that has a page (its /id/ path)."""
    status, _, body = fetch(server.endpoint + "?query=" + urllib.request.quote(
        "SELECT ?s WHERE { ?s ?p ?o FILTER(CONTAINS(STR(?s), '/id/')) } ORDER BY ?s LIMIT 1"),
        "application/sparql-results+json")
    iri = json.loads(body)["results"]["bindings"][0]["s"]["value"]
    return iri.split("/id/", 1)[1]


# ---- 12: Turtle without escaped slashes ----

@pytest.mark.parametrize("path", NODES)
def test_turtle_names_nested_nodes_without_escapes(kg_client, path):
    body = kg_client.get(f"/id/{path}.ttl").get_data(as_text=True)
    assert "\\/" not in body
    assert re.search(r"^@prefix claim-000: <.*/id/claim/000_cff27210c16c26bb/> \.$", body, re.M)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.from_regex(r"[a-z0-9][a-z0-9_-]{0,8}", fullmatch=True), min_size=1, max_size=3),
                min_size=1, max_size=8))
def test_nested_prefixes_leave_no_escape_and_keep_the_graph(paths):
    """Whatever the folders, the Turtle has no escaped slash and parses back to the same triples."""
    namespace = "https://x.example/id/"
    iris = [namespace + "/".join(parts) for parts in paths]
    triples = [ox.Triple(ox.NamedNode(iri), ox.NamedNode("https://x.example/p"), ox.NamedNode(iris[0]))
               for iri in iris]
    prefixes = {"id": namespace, **nested_prefixes(namespace, iris, reserved={"id"})}
    body = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    assert b"\\/" not in body
    assert {quad.triple for quad in ox.parse(body, format=ox.RdfFormat.TURTLE)} == set(triples)


def test_turtle_from_the_live_server_reads_back(deployed):
    path = some_node(deployed)
    status, headers, body = fetch(f"{deployed.url}/id/{path}.ttl")
    assert (status, b"\\/" in body) == (200, False)
    assert len(Graph().parse(data=body, format="turtle")) > 0


# ---- 13: compact JSON-LD, context at a stable URL, read back by rdflib ----

def test_json_ld_is_compact_and_names_its_published_context(deployed):
    path = some_node(deployed)
    status, headers, body = fetch(f"{deployed.url}/id/{path}.jsonld")
    document = json.loads(body)
    assert (status, document["@context"]) == (200, f"{deployed.url}/context.jsonld")
    keys = {k for node in document.get("@graph", [document]) for k in node}
    assert keys and not any(k.startswith("http") for k in keys)  # properties as prefix:name
    context = json.loads(fetch(f"{deployed.url}/context.jsonld")[2])["@context"]
    assert context["id"] == f"{deployed.url}/id/" and context["nk"].startswith("https://w3id.org/")


def test_rdflib_reads_the_json_ld_back_into_the_same_graph(deployed):
    """rdflib fetches the document and its context from the server, and gets the graph the
    Turtle of the same node holds (compared as graphs)."""
    path = some_node(deployed)
    from_jsonld = Graph().parse(f"{deployed.url}/id/{path}.jsonld", format="json-ld")
    from_turtle = Graph().parse(data=fetch(f"{deployed.url}/id/{path}.ttl")[2], format="turtle")
    assert len(from_turtle) > 0
    assert_isomorphic(from_turtle, from_jsonld)


@pytest.mark.parametrize("path", NODES)
def test_with_the_example_base_the_context_travels_inside(kg_client, path):
    """The example base is nobody's server: the document carries its context, and still reads
    back into the graph the Turtle holds."""
    document = json.loads(kg_client.get(f"/id/{path}.jsonld").data)
    assert isinstance(document["@context"], dict) and "id" in document["@context"]
    ids = [node["@id"] for node in document.get("@graph", [document])]
    assert all(not i.startswith("https://newskg.example.org/id/") for i in ids)  # written id:…
    turtle = Graph().parse(data=kg_client.get(f"/id/{path}.ttl").data, format="turtle")
    assert_isomorphic(turtle, Graph().parse(data=json.dumps(document), format="json-ld"))


def test_the_context_is_served_as_json_ld_to_any_origin(kg_client):
    response = kg_client.get("/context.jsonld")
    assert (response.mimetype, response.headers["Access-Control-Allow-Origin"]) == (
        "application/ld+json", "*")


# ---- 14: Vary: Accept on 406 and 303 ----

def test_vary_accept_on_406_and_303(deployed):
    path = some_node(deployed)
    refused = fetch(f"{deployed.url}/id/{path}", "image/png")
    article = fetch(f"{deployed.url}/.well-known/void", "text/html", follow=False)
    assert (refused[0], "Accept" in refused[1].get("Vary", "")) == (406, True)
    assert (article[0], "Accept" in article[1].get("Vary", "")) == (303, True)


# ---- 15: one rule without Accept; canonical /id/ paths ----

def test_without_accept_a_page_and_its_404_are_both_html(deployed):
    page, missing = fetch(f"{deployed.url}/stats"), fetch(f"{deployed.url}/id/no-such-node")
    api_missing = fetch(f"{deployed.url}/id/no-such-node", "text/turtle")
    assert [page[1].get_content_type(), missing[1].get_content_type(), missing[0]] == [
        "text/html", "text/html", 404]
    assert json.loads(api_missing[2])["status"] == 404


@pytest.mark.parametrize("asked, canonical", [
    ("Delcy-Rodriguez", "delcy-rodriguez"), ("delcy-rodriguez/", "delcy-rodriguez"),
    ("DELCY-RODRIGUEZ/", "delcy-rodriguez"), ("Delcy-Rodriguez.TTL", "delcy-rodriguez.ttl"),
    ("claim//000_cff27210c16c26bb/C04", "claim/000_cff27210c16c26bb/c04"),
    ("time/2019/In-2019/", "time/2019/In-2019"),
])
def test_case_and_slash_variants_redirect_to_the_node(kg_client, asked, canonical):
    response = kg_client.get(f"/id/{asked}", headers={"Host": "attacker.example"})
    assert (response.status_code, response.headers["Location"]) == (301, f"/id/{canonical}")


def test_redirects_do_not_follow_the_host_header(deployed):
    status, headers, _ = fetch(f"{deployed.url}/id/Delcy-Rodriguez", follow=False, Host="evil.example")
    location = headers.get("Location", "")
    assert status in (301, 404) and "evil.example" not in location


def test_a_variant_of_nothing_is_still_404(kg_client):
    assert kg_client.get("/id/No-Such-Node/").status_code == 404


# ---- 16: search hits with a short description ----

def test_search_hits_describe_their_node(kg_client):
    found = kg_client.get("/search.json?q=rodriguez").get_json()["results"]
    delcy = next(hit for hit in found if hit["iri"].endswith("/id/delcy-rodriguez"))
    assert delcy["description"].startswith("Venezuelan politician")
    claims = [hit for hit in found if hit["kind"] == "claim"]
    assert claims and all(re.match(r"\w[\w ]* by .+, \d{4}$", hit["description"]) for hit in claims)
    page = kg_client.get("/search?q=rodriguez").get_data(as_text=True)
    assert "matched “delcy rodriguez”" not in page and "Venezuelan politician" in page


# ---- the query page's label lookup ----

def test_labels_are_looked_up_by_path(kg_client):
    found = kg_client.get("/labels.json?id=delcy-rodriguez&id=claim/000_cff27210c16c26bb/c04").get_json()
    assert found["delcy-rodriguez"] == "Delcy Rodríguez" and found["claim/000_cff27210c16c26bb/c04"]


@pytest.mark.parametrize("query", ["id=a/../b", "id=%3Cx%3E", "&".join(["id=x"] * 201)])
def test_bad_label_lookups_are_400(kg_client, query):
    response = kg_client.get(f"/labels.json?{query}", headers={"Accept": "application/json"})
    assert (response.status_code, response.get_json()["ok"]) == (400, False)
