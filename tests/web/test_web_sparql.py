"""/sparql through the Flask test client: protocol rules, formats, errors, description, UI."""

from __future__ import annotations

import html
import json
import re
import time

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import Namespace

from tests.conftest import MINI
from tests.store.test_query import CONSTRUCT_REGISTRY
from tests.store.test_store import A1, REGISTRY, assert_isomorphic, reference
from web import create_app, graph

ASK = "ASK {}"
SELECT = "SELECT ?s { ?s a <http://schema.org/NewsArticle> } ORDER BY ?s"
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def body_json(response) -> dict:
    return json.loads(response.data)


def post_direct(client, text: str | bytes, **kwargs):
    return client.post("/sparql", data=text, content_type="application/sparql-query", **kwargs)


def test_get_query_answers_json(client):
    assert body_json(client.get("/sparql", query_string={"query": ASK}))["boolean"] is True


def test_post_form_query(client):
    assert body_json(client.post("/sparql", data={"query": ASK}))["boolean"] is True


def test_post_direct_query(client):
    assert body_json(post_direct(client, ASK))["boolean"] is True


def test_two_queries_are_a_bad_request(client):
    response = client.get("/sparql?query=ASK%7B%7D&query=ASK%7B%7D")
    assert (response.status_code, body_json(response)["error"]) == (
        400, "a request must carry exactly one query, found 2")


def test_query_in_url_and_body_is_two_queries(client):
    assert post_direct(client, ASK, query_string={"query": ASK}).status_code == 400


def test_post_without_content_type_is_a_bad_request(client):
    assert client.post("/sparql", data=b"query=ASK%7B%7D").status_code == 400


def test_post_of_another_media_type_is_unsupported(client):
    assert client.post("/sparql", data=ASK, content_type="text/plain").status_code == 415


def test_non_utf8_charset_is_a_bad_request(client):
    response = client.post("/sparql", data=ASK.encode("utf-16"),
                           content_type="application/sparql-query; charset=UTF-16")
    assert response.status_code == 400


def test_undecodable_body_is_a_bad_request(client):
    assert post_direct(client, b"ASK { \xff }").status_code == 400


def test_undecodable_percent_escape_is_a_bad_request(client):
    assert client.get("/sparql?query=ASK%20%7B%7D%FF").status_code == 400


def test_syntax_error_is_400_with_position(client):
    error = body_json(client.get("/sparql", query_string={"query": "SELECT * {\n ?s ?p }"}))
    assert (error["status"], error["line"], error["column"]) == (400, 2, 9)


def test_update_by_form_is_forbidden(client):
    assert client.post("/sparql", data={"update": "CLEAR ALL"}).status_code == 403


def test_update_by_direct_post_is_forbidden(client):
    response = client.post("/sparql", data="CLEAR ALL", content_type="application/sparql-update")
    assert response.status_code == 403


def test_update_in_the_query_parameter_is_forbidden(client):
    assert client.get("/sparql", query_string={"query": "DROP ALL"}).status_code == 403


def test_service_is_a_bad_request(client):
    response = client.get("/sparql", query_string={"query": "SELECT * { SERVICE <x:y> {} }"})
    assert (response.status_code, response.json["error"]) == (
        400, "SERVICE (federated query) is not allowed on this endpoint (line 1, column 12)")


def test_query_over_the_size_limit_is_413(client, app):
    text = ASK + " " * app.config["MAX_QUERY_BYTES"]
    assert post_direct(client, text).status_code == 413


def test_body_over_the_request_limit_is_413(client, app):
    assert post_direct(client, b" " * (app.config["MAX_CONTENT_LENGTH"] + 1)).status_code == 413


def test_put_is_method_not_allowed_with_allow_header(client):
    response = client.put("/sparql", query_string={"query": ASK})
    assert (response.status_code, "POST" in response.headers["Allow"]) == (405, True)


@pytest.mark.parametrize(("accept", "media_type"), [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("application/json", "application/sparql-results+json"),
    ("application/xml", "application/sparql-results+xml"),
    ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml"),
    ("application/sparql-results+json,*/*;q=0.9", "application/sparql-results+json"),
    ("*/*", "application/sparql-results+json"),
    ("", "application/sparql-results+json"),
])
def test_select_media_type_follows_accept(client, accept, media_type):
    response = client.get("/sparql", query_string={"query": SELECT}, headers={"Accept": accept})
    assert response.mimetype == media_type


@pytest.mark.parametrize(("accept", "media_type"), [
    ("text/turtle", "text/turtle"), ("application/n-triples", "application/n-triples"),
    ("application/ld+json", "application/ld+json"), ("application/rdf+xml", "application/rdf+xml"),
    ("application/trig", "application/trig"), ("application/n-quads", "application/n-quads"),
    ("application/n-triples,*/*;q=0.9", "application/n-triples"), ("*/*", "text/turtle"),
])
def test_construct_media_type_follows_accept(client, accept, media_type):
    response = client.get("/sparql", query_string={"query": CONSTRUCT_REGISTRY},
                          headers={"Accept": accept})
    assert response.mimetype == media_type


@pytest.mark.parametrize(("accept", "rdflib_format"), [
    ("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/ld+json", "json-ld"),
    ("application/rdf+xml", "xml")])
def test_construct_body_is_the_graph(client, accept, rdflib_format):
    response = client.get("/sparql", query_string={"query": CONSTRUCT_REGISTRY},
                          headers={"Accept": accept})
    actual = Graph().parse(data=response.data, format=rdflib_format)
    assert_isomorphic(reference().graph(URIRef(REGISTRY)), actual)


def test_describe_answers_rdf(client):
    article = "https://newskg.example.org/id/article/a1"
    response = client.get("/sparql", query_string={"query": f"DESCRIBE <{article}>"})
    assert response.mimetype == "text/turtle"
    expected = Graph()  # the statements about it (its concise bounded description: no blank nodes)
    for s, p, o, _ in reference().quads((URIRef(article), None, None, None)):
        expected.add((s, p, o))
    assert len(expected) == 3
    actual = Graph().parse(data=response.data, format="turtle")
    # What DESCRIBE adds beyond the statements about it is the engine's choice (SPARQL 1.1, 16.4):
    # Virtuoso adds the statements that point at it. Nothing else may come back.
    about = Graph()
    for triple in actual.triples((URIRef(article), None, None)):
        about.add(triple)
    assert_isomorphic(expected, about)
    assert all(URIRef(article) in (s, o) for s, _, o in actual)


def test_format_parameter_wins_over_accept(client):
    response = client.get("/sparql", query_string={"query": SELECT, "format": "csv"},
                          headers={"Accept": "application/sparql-results+xml"})
    assert response.mimetype == "text/csv"


def test_sparqlwrapper_format_names_are_read_per_result_kind(client):
    response = client.get("/sparql", query_string={"query": CONSTRUCT_REGISTRY, "format": "xml"})
    assert response.mimetype == "application/rdf+xml"


def test_unsatisfiable_accept_is_406(client):
    response = client.get("/sparql", query_string={"query": SELECT},
                          headers={"Accept": "text/turtle"})
    assert response.status_code == 406


def test_result_the_format_cannot_express_is_406(client):
    text = "CONSTRUCT { <http://a> <http://b> <<( <http://a> <http://b> <http://c> )>> } WHERE {}"
    response = client.get("/sparql", query_string={"query": text, "format": "jsonld"})
    assert (response.status_code, "JSON-LD" in body_json(response)["error"]) == (406, True)


def test_unknown_format_parameter_is_406(client):
    response = client.get("/sparql", query_string={"query": SELECT, "format": "yaml"})
    assert response.status_code == 406


def test_default_graph_uri_overrides_from(client):
    text = f"ASK FROM <{REGISTRY}> {{ ?s a <http://schema.org/NewsArticle> }}"
    response = client.get("/sparql", query_string={"query": text, "default-graph-uri": A1})
    assert body_json(response)["boolean"] is True


def test_named_graph_uri_limits_graph_patterns(client):
    response = client.get("/sparql", query_string={
        "query": "SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } }", "named-graph-uri": A1})
    assert [b["g"]["value"] for b in body_json(response)["results"]["bindings"]] == [A1]


def test_malformed_graph_iri_is_a_bad_request(client):
    response = client.get("/sparql", query_string={"query": ASK, "default-graph-uri": "not an iri"})
    assert response.status_code == 400


def test_truncation_is_flagged_in_header_and_json(store):
    app = create_app({"TESTING": True, "STORE": store, "MAX_ROWS": 3})
    try:
        response = app.test_client().get("/sparql", query_string={"query": "SELECT * {?s ?p ?o}"})
        assert (response.headers["X-SPARQL-Truncated"], body_json(response)["truncated"],
                len(body_json(response)["results"]["bindings"])) == ("true", True, 3)
    finally:
        graph.close(app)


def test_complete_results_say_not_truncated(client):
    response = client.get("/sparql", query_string={"query": SELECT})
    assert response.headers["X-SPARQL-Truncated"] == "false"


def test_service_description_is_turtle_by_default(client):
    description = Graph().parse(data=client.get("/sparql").data, format="turtle")
    assert list(description.objects(None, SD.endpoint)) == [URIRef("http://localhost/sparql")]


def test_service_description_lists_the_named_graphs(client, store):
    description = Graph().parse(data=client.get("/sparql").data, format="turtle")
    assert sorted(map(str, description.objects(None, SD.name))) == store.named_graphs()


def test_service_description_follows_accept(client):
    response = client.get("/sparql", headers={"Accept": "application/ld+json"})
    description = Graph().parse(data=response.data, format="json-ld")
    assert list(description.objects(None, SD.endpoint)) == [URIRef("http://localhost/sparql")]


def test_browser_without_query_gets_the_ui(client):
    response = client.get("/sparql", headers={"Accept": BROWSER})
    assert (response.mimetype, b'id="yasgui"' in response.data) == ("text/html", True)


def test_browser_with_query_gets_the_ui_prefilled(client):
    response = client.get("/sparql", query_string={"query": SELECT}, headers={"Accept": BROWSER})
    assert ui_settings(response)["query"] == SELECT


def test_browser_with_a_malformed_query_gets_a_400_page_with_the_error(client):
    response = client.get("/sparql", query_string={"query": "SELEC broken"}, headers={"Accept": BROWSER})
    assert (response.status_code, response.mimetype) == (400, "text/html")
    assert 'at "broken": expected CONSTRUCT' in html.unescape(response.get_data(as_text=True))


def test_an_expensive_query_opens_the_editor_at_once(client):
    # checked against an empty dataset: this product of every quad by itself is never evaluated
    heavy = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
    start = time.monotonic()
    response = client.get("/sparql", query_string={"query": heavy}, headers={"Accept": BROWSER})
    assert (response.status_code, ui_settings(response)["query"]) == (200, heavy)
    assert time.monotonic() - start < 1  # the same query evaluated takes past the 2 s limit


def test_query_page_is_the_ui(client):
    assert ui_settings(client.get("/query"))["endpoint"] == "/sparql"


def test_ui_lists_the_example_queries(client):
    from kg.store.query import load_examples

    shown = [e["slug"] for e in ui_settings(client.get("/query"))["examples"]]
    assert shown == [e.slug for e in load_examples()] and "denials" in shown


def test_ui_preloads_the_ontology_prefixes(client):
    prefixes = ui_settings(client.get("/query"))["prefixes"]
    assert prefixes["nk"] == "https://w3id.org/newskg/ontology#"


def test_ui_page_has_no_inline_script(client):
    scripts = re.findall(rb"<script([^>]*)>", client.get("/query").data)
    assert all(b"src=" in attrs or b'type="application/json"' in attrs for attrs in scripts)


def test_pages_carry_a_content_security_policy(client):
    policy = client.get("/query").headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy


def test_sparql_responses_allow_any_origin(client):
    response = client.get("/sparql", query_string={"query": ASK})
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_sparql_errors_allow_any_origin(client):
    response = client.get("/sparql", query_string={"query": "ASK {"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_preflight_is_answered(client):
    response = client.options("/sparql", headers={
        "Origin": "https://example.org", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert (response.status_code, response.headers["Access-Control-Allow-Methods"]) == (
        204, "GET, POST, OPTIONS")


def test_responses_vary_on_accept(client):
    assert "Accept" in client.get("/sparql", query_string={"query": ASK}).headers["Vary"]


def test_api_errors_have_one_json_shape(client):
    assert set(body_json(client.get("/sparql?query=ASK%20%7B"))) >= {
        "ok", "status", "error", "errors"}


def test_browsers_get_an_html_error_page(client):
    response = client.post("/sparql", data={"update": "CLEAR ALL"}, headers={"Accept": BROWSER})
    assert (response.status_code, response.mimetype) == (403, "text/html")


def test_unknown_page_is_a_json_404_for_api_clients(client):
    for accept in ("application/json", "text/turtle"):
        assert body_json(client.get("/no-such-page", headers={"Accept": accept}))["status"] == 404


@pytest.mark.parametrize("accept", [None, "*/*"])
def test_without_a_preference_an_error_comes_as_its_url_would(client, accept):
    """One rule (issue 13, item 15): no Accept means HTML for a page, its 404 included, and the
    endpoint's own form (JSON) for the endpoint."""
    headers = {"Accept": accept} if accept else {}
    page, error = client.get("/stats", headers=headers), client.get("/no-such", headers=headers)
    endpoint = client.get("/sparql?query=ASK%20%7B", headers=headers)
    data = client.get("/id/nope.ttl", headers=headers)
    assert [r.mimetype for r in (page, error, endpoint, data)] == [
        "text/html", "text/html", "application/json", "application/json"]


def ui_settings(response) -> dict:
    match = re.search(rb'<script type="application/json" id="kg-sparql-settings">(.*?)</script>',
                      response.data, re.S)
    return json.loads(match.group(1))


def test_an_on_disk_store_serves_queries_from_the_workers(tmp_path):
    app = create_app({"TESTING": True, "DATA": str(MINI), "STORE_DIR": str(tmp_path / "db")})
    try:
        response = app.test_client().get("/sparql", query_string={"query": SELECT})
        assert len(body_json(response)["results"]["bindings"]) == 2
    finally:
        graph.close(app)
