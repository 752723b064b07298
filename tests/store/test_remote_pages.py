"""Every browse page, on each remote engine, is the page the embedded store serves: the same
status and the same HTML, byte for byte; RDF answers compared as graphs and datasets."""

from __future__ import annotations

import pytest
from rdflib import Dataset, Graph

from tests.store.test_store import assert_isomorphic
from web import create_app, graph

pytestmark = pytest.mark.live
PAGES = {
    "home": "/",
    "entity": "/id/delcy-rodriguez",
    "entity-background": "/id/white-house",  # facts only a curator's reference supports
    "claim": "/id/claim/000_cff27210c16c26bb/c04",
    "event": "/id/event/us-military-operation-2026-01-03",
    "article": "/articles/000_cff27210c16c26bb",
    "articles": "/articles",
    "search": "/search?q=rodriguez",
    "search-accented": "/search?q=D%C3%ADaz-Canel",
    "claims": "/claims",
    "claims-filtered": "/claims?stance=denial&source=anonymous",
    "timeline": "/timeline",
    "exports": "/export/",
    "stats": "/stats",
    "stats-json": "/stats.json",
    "validation": "/validation",
    "ontology": "/ontology",
}
GRAPHS = {"entity": "/id/delcy-rodriguez.ttl", "claim": "/id/claim/000_cff27210c16c26bb/c04.nt",
          "article": "/export/articles/000_cff27210c16c26bb.ttl", "union": "/export/kg.ttl",
          "void": "/.well-known/void.ttl"}
DATASETS = {"trig": "/export/kg.trig", "nquads": "/export/kg.nq"}


def _client(config: dict):
    app = create_app({"TESTING": True, "WORKERS": 1, "SERVER_NAME": "remote.test", **config})
    return app, app.test_client()


@pytest.fixture(scope="module")
def embedded(kg_store):
    app, client = _client({"STORE": kg_store})
    yield client
    graph.close(app)


@pytest.fixture(scope="module")
def served(seeds_server):
    app, client = _client({"ENDPOINT": seeds_server.query})
    yield client
    graph.close(app)


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_every_page_is_the_embedded_stores(embedded, served, path):
    here, there = embedded.get(path), served.get(path)
    assert (there.status_code, here.status_code) == (200, 200)
    assert there.get_data(as_text=True) == here.get_data(as_text=True)


@pytest.mark.parametrize("path", GRAPHS.values(), ids=GRAPHS.keys())
def test_rdf_answers_are_the_same_graph(embedded, served, path):
    here, there = embedded.get(path), served.get(path)
    assert (there.status_code, here.status_code) == (200, 200)
    fmt = "nt" if path.endswith(".nt") else "turtle"
    assert_isomorphic(Graph().parse(data=here.data, format=fmt),
                      Graph().parse(data=there.data, format=fmt))


@pytest.mark.parametrize("path", DATASETS.values(), ids=DATASETS.keys())
def test_dumps_are_the_same_dataset(embedded, served, path):
    fmt = "trig" if path.endswith(".trig") else "nquads"
    here, there = (Dataset().parse(data=c.get(path).data, format=fmt) for c in (embedded, served))
    names = {str(g.identifier) for g in here.graphs() if len(g)}
    assert {str(g.identifier) for g in there.graphs() if len(g)} == names
    for name in names:
        assert_isomorphic(here.graph(name), there.graph(name))
