"""/articles: the list and the reading view with every annotated span marked and linked."""

from __future__ import annotations

import urllib.parse
from html.parser import HTMLParser

import pytest
from rdflib import URIRef
from rdflib.namespace import RDF

from kg.namespaces import NK, OA, SCHEMA, base_iri

ARTICLES = ["000_cff27210c16c26bb", "002_aca773533d52a18d"]
VOID_TAGS = {"br", "img", "input", "meta", "link", "hr"}


class ArticleText(HTMLParser):
    """Reads the #article-text block: its text, the ids it carries, and tag balance."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth, self.text, self.ids, self.starts, self.stack = 0, [], [], {}, []
        self.links_in_links = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id") == "article-text":
            self.depth = 1
        elif self.depth and tag not in VOID_TAGS:
            self.links_in_links += tag == "a" and "a" in self.stack
            self.stack.append(tag)
            self.depth += 1
            if "id" in attrs:
                self.ids.append(attrs["id"])
                self.starts[attrs["id"]] = len("".join(self.text))

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1
            if self.stack:
                assert self.stack.pop() == tag, "tags in the article text do not nest"

    def handle_data(self, data):
        if self.depth:
            self.text.append(data)


def read(page: str) -> ArticleText:
    parser = ArticleText()
    parser.feed(page)
    return parser


def article_graph(dataset, article_id: str):
    return dataset.graph(URIRef(base_iri() + "graph/article/" + article_id))


def claim_positions(dataset, article_id: str) -> dict[str, int]:
    """Evidence key → start offset of every claim of the article, read by rdflib."""
    dataset = article_graph(dataset, article_id)
    article = URIRef(base_iri() + "id/article/" + article_id)
    found = {}
    for claim in dataset.subjects(RDF.type, NK.Claim):
        if (claim, NK.reportedIn, article) in dataset:
            evidence = next(dataset.objects(claim, NK.evidence))
            for selector in dataset.objects(evidence, OA.hasSelector):
                for start in dataset.objects(selector, OA.start):
                    found[str(evidence).rsplit("/", 1)[1]] = int(start)
    return found


def test_the_list_links_every_article(kg_client):
    page = kg_client.get("/articles").get_data(as_text=True)
    assert all(f'href="/articles/{article}"' in page for article in ARTICLES)


@pytest.mark.parametrize("article", ARTICLES)
def test_the_text_is_shown_exactly_with_balanced_nesting(kg_client, built_dataset, article):
    graph = article_graph(built_dataset, article)
    text = str(next(graph.objects(URIRef(base_iri() + "id/article/" + article), SCHEMA.text)))
    parsed = read(kg_client.get(f"/articles/{article}").get_data(as_text=True))
    assert "".join(parsed.text) == text
    assert parsed.links_in_links == 0


@pytest.mark.parametrize("article", ARTICLES)
def test_every_claim_is_marked_where_its_quote_starts(kg_client, built_dataset, article):
    parsed = read(kg_client.get(f"/articles/{article}").get_data(as_text=True))
    positions = claim_positions(built_dataset, article)
    assert positions and {key: parsed.starts.get(key) for key in positions} == positions
    assert len(parsed.ids) == len(set(parsed.ids))  # element ids are unique


@pytest.mark.parametrize("article", ARTICLES)
def test_claims_are_listed_in_reading_order(kg_client, built_dataset, article):
    page = kg_client.get(f"/articles/{article}").get_data(as_text=True)
    side = page.split('id="claims-heading"')[1]
    listed = [chunk.split('"')[0] for chunk in side.split('<li id="side-')[1:]]
    positions = claim_positions(built_dataset, article)
    assert listed == sorted(positions, key=lambda key: (positions[key], key))


def test_mentions_link_to_their_entities(kg_client):
    page = kg_client.get("/articles/000_cff27210c16c26bb").get_data(as_text=True)
    assert '<a class="ann ann-mention" href="/id/delcy-rodriguez"' in page


def test_the_article_page_links_its_graph(kg_client):
    response = kg_client.get("/articles/000_cff27210c16c26bb")
    assert '</export/articles/000_cff27210c16c26bb.ttl>; rel="alternate"; type="text/turtle"' in \
        response.headers.getlist("Link")


def test_rdf_of_an_article_redirects_to_its_graph(kg_client):
    response = kg_client.get("/articles/000_cff27210c16c26bb.ttl")
    assert (response.status_code, response.location) == (
        303, "/export/articles/000_cff27210c16c26bb.ttl")


@pytest.mark.parametrize("article", ["nope", "%3Cx%3E", "..", "000_cff27210c16c26bb.exe"])
def test_unknown_articles_are_404(kg_client, article):
    response = kg_client.get(f"/articles/{article}", headers={"Accept": "application/json"})
    assert (response.status_code, response.json["error"]) == (
        404, f"no article is called {urllib.parse.unquote(article)!r}")
