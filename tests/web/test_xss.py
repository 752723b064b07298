"""Hostile text in the graph (labels, quotes, dates, the article text) never reaches a page
unescaped: a small dataset full of payloads, served by the app, every page checked."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest

from kg.convert.corpus import fold
from kg.namespaces import NK, OA, ONTOLOGY_IRI, SCHEMA, SEM, base_iri
from kg.resources import ONTOLOGY_FILE
from kg.store.oxigraph import OxigraphStore
from web import create_app, graph

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
PAYLOAD = f"Evil {SCRIPT} {IMG} 'quote' & co"
RAW = re.compile(r"<script>alert|<img src=x|=\"?javascript:|onerror=alert\(1\)>", re.I)
ID = base_iri() + "id/"
TEXT = f"Intro. {PAYLOAD} said the thing. The end."
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
SKOS = "http://www.w3.org/2004/02/skos/core#"
XSD = "http://www.w3.org/2001/XMLSchema#"


def n(path: str) -> ox.NamedNode:
    return ox.NamedNode(ID + path)


def t(value: str, lang: str | None = None) -> ox.Literal:
    return ox.Literal(value, language=lang)


def integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))


def evidence(key: str, start: int, end: int) -> list[tuple]:
    ev, article = n(f"evidence/x1/{key}"), n("article/x1")
    quote, position = ox.NamedNode(ev.value + "/quote"), ox.NamedNode(ev.value + "/position")
    return [(ev, RDF_TYPE, ox.NamedNode(str(NK.Evidence))),
            (ev, ox.NamedNode(str(OA.hasSource)), article),
            (ev, ox.NamedNode(str(OA.hasSelector)), quote),
            (ev, ox.NamedNode(str(OA.hasSelector)), position),
            (quote, ox.NamedNode(str(OA.exact)), t(TEXT[start:end])),
            (position, ox.NamedNode(str(OA.start)), integer(start)),
            (position, ox.NamedNode(str(OA.end)), integer(end))]


def statements() -> list[tuple]:
    """The hostile dataset: an entity, an article, a claim, an event and a date, all payloads."""
    def nk(name: str) -> ox.NamedNode:
        return ox.NamedNode(str(NK[name]))

    evil, article, claim, event, when = (n("evil"), n("article/x1"), n("claim/x1/c1"),
                                         n("event/e1"), n("time/2020/x"))
    start = TEXT.index(PAYLOAD)
    claim_end = TEXT.index(" The end.")
    return [
        (evil, RDF_TYPE, nk("Person")), (evil, RDFS_LABEL, t(PAYLOAD, "en")),
        (evil, ox.NamedNode(SKOS + "altLabel"), t(IMG, "en")),
        (evil, ox.NamedNode(SKOS + "hiddenLabel"), t(fold(PAYLOAD))),
        (evil, ox.NamedNode(str(SCHEMA.description)), t(PAYLOAD, "en")),
        (evil, ox.NamedNode(str(SCHEMA.sameAs)), ox.NamedNode("javascript:alert(1)")),
        (article, RDF_TYPE, nk("NewsArticle")), (article, RDFS_LABEL, t(PAYLOAD, "en")),
        (article, ox.NamedNode(str(SCHEMA.headline)), t(PAYLOAD, "en")),
        (article, ox.NamedNode(str(SCHEMA.text)), t(TEXT)),
        (article, ox.NamedNode(str(SCHEMA.publisher)), evil),
        (article, ox.NamedNode(str(SCHEMA.datePublished)), t(SCRIPT)),
        (claim, RDF_TYPE, nk("Claim")), (claim, RDFS_LABEL, t(PAYLOAD, "en")),
        (claim, nk("stance"), nk("Assertion")), (claim, nk("sourceType"), nk("NamedSource")),
        (claim, nk("claimant"), evil), (claim, nk("reportedIn"), article),
        (claim, nk("about"), evil), (claim, nk("statedAt"), when), (claim, nk("cue"), t(SCRIPT)),
        (claim, nk("evidence"), n("evidence/x1/claim-c1")),
        *evidence("claim-c1", start, claim_end),
        (n("mention/x1/m"), RDF_TYPE, ox.NamedNode(str(OA.Annotation))),
        (n("mention/x1/m"), ox.NamedNode(str(OA.hasBody)), evil),
        (n("mention/x1/m"), ox.NamedNode(str(OA.hasTarget)), n("evidence/x1/mention-m")),
        *evidence("mention-m", start, start + len(PAYLOAD)),
        (event, RDF_TYPE, nk("Event")), (event, RDFS_LABEL, t(PAYLOAD, "en")),
        (event, nk("eventType"), nk("Statement")), (event, nk("agent"), evil),
        (event, nk("participant"), evil), (event, nk("hasTime"), when),
        (when, RDF_TYPE, nk("TimeSpec")), (when, nk("dateText"), t(PAYLOAD)),
        (when, nk("precision"), nk("Approximate")), (when, RDFS_LABEL, t(SCRIPT)),
        (when, ox.NamedNode(str(SEM.hasEarliestBeginTimeStamp)), t("2020-01-01")),
        (when, ox.NamedNode(str(SEM.hasLatestEndTimeStamp)), t("2020-12-31")),
        (nk("Evil"), RDF_TYPE, ox.NamedNode("http://www.w3.org/2002/07/owl#Class")),
        (nk("Evil"), RDFS_LABEL, t(PAYLOAD, "en")),
    ]


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    path = tmp_path_factory.mktemp("xss") / "evil.nq"
    data = ox.Dataset(ox.Quad(*triple, ox.NamedNode(base_iri() + "graph/article/x1"))
                      for triple in statements())
    for triple in ox.parse(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE):
        data.add(ox.Quad(triple.subject, triple.predicate, triple.object, ox.NamedNode(ONTOLOGY_IRI)))
    path.write_bytes(ox.serialize(data, format=ox.RdfFormat.N_QUADS))
    store = OxigraphStore()
    store.load(path)
    app = create_app({"TESTING": True, "STORE": store, "WORKERS": 2})
    yield app.test_client()
    graph.close(app)


PAGES = ["/", "/id/evil", "/id/claim/x1/c1", "/id/event/e1", "/id/time/2020/x",
         "/id/evidence/x1/claim-c1", "/articles", "/articles/x1", "/claims", "/claims?claimant=evil",
         "/timeline", "/search?q=evil", "/search?q=script", "/stats", "/ontology", "/export/",
         "/validation", "/id/%3Cscript%3Ealert(1)%3C%2Fscript%3E", "/claims?stance=%3Cscript%3E",
         f"/search?q={SCRIPT}", "/articles/%22%3E%3Cimg%20src=x%20onerror=alert(1)%3E"]


@pytest.mark.parametrize("url", PAGES)
def test_no_payload_reaches_a_page_unescaped(client, url):
    response = client.get(url, headers={"Accept": "text/html"})
    page = response.get_data(as_text=True)
    assert response.status_code in (200, 400, 404), page[-800:]
    assert RAW.findall(page) == []
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize("url", ["/id/evil", "/articles/x1", "/claims", "/timeline", "/search?q=evil"])
def test_payloads_are_shown_as_text(client, url):
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in client.get(url).get_data(as_text=True)


def test_json_blocks_for_scripts_are_escaped(client):
    page = client.get("/id/evil").get_data(as_text=True)
    block = page.split('id="graph-data">')[1].split("</script>")[0]
    assert "<" not in block and "\\u003cscript\\u003e" in block


def test_non_http_iris_are_not_links(client):
    page = client.get("/id/evil").get_data(as_text=True)
    assert "javascript:alert(1)" in page and 'href="javascript:' not in page


def test_pages_have_no_inline_scripts(client):
    for url in ("/", "/id/evil", "/articles/x1", "/timeline", "/claims", "/ontology"):
        page = client.get(url).get_data(as_text=True)
        for tag in re.findall(r"<script[^>]*>", page):
            assert "src=" in tag or 'type="application/json"' in tag, (url, tag)
