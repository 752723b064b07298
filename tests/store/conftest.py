"""The remote servers, once per session and engine: every test that takes ``seeds_server``,
``mini_server`` or ``remote`` runs on ``oxigraph serve`` and on Virtuoso.

Each server is loaded the way docs/deployment.md tells: for the seeds, another application's
graph first (the app must not see it); then ``kg load`` (Virtuoso: digest auth as the loader
user, whose grant is revoked once the data is in, so the tests run against a read-only server).
"""

from __future__ import annotations

import pytest

from kg.store.remote import RemoteStore
from tests.conftest import MINI

from .servers import ENGINES, Endpoint, kg_load, need, put_foreign_graph, start


@pytest.fixture(scope="session", params=ENGINES)
def engine(request) -> str:
    need(request.param)
    return request.param


def _loaded(engine: str, folder, data, *options: str, foreign: bool = False):
    """A server of ``engine`` loaded with ``data`` (``kg load`` with ``options``)."""
    server = start(engine, folder)
    try:
        if foreign:
            put_foreign_graph(server)
        target = server.update if "update" in options else server.graph_store
        kg_load(server, "--endpoint", target, *options, "--data", str(data))
        if server.virtuoso is not None:
            server.virtuoso.revoke()  # read-only from here on (docs/deployment.md)
    except BaseException:
        server.stop()
        raise
    return server


@pytest.fixture(scope="session")
def oxigraph_seeds(built, tmp_path_factory):
    """``oxigraph serve`` holding the graph built from seeds/, pushed by Graph Store PUT."""
    server = _loaded("oxigraph", tmp_path_factory.mktemp("oxigraph-seeds"), built.path,
                     foreign=True)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def virtuoso_seeds(built, tmp_path_factory):
    """Virtuoso holding the graph built from seeds/, pushed by Graph Store PUT (digest auth)."""
    server = _loaded("virtuoso", tmp_path_factory.mktemp("virtuoso-seeds"), built.path,
                     foreign=True)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def oxigraph_mini(tmp_path_factory):
    """The mini dataset pushed with SPARQL Update (the other protocol), without a union graph:
    the server's own union default graph is what queries see."""
    server = _loaded("oxigraph", tmp_path_factory.mktemp("oxigraph-mini"), MINI,
                     "--protocol", "update", "--no-union-graph")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def virtuoso_mini(tmp_path_factory):
    """The mini dataset pushed with SPARQL Update through /sparql-auth (digest auth)."""
    server = _loaded("virtuoso", tmp_path_factory.mktemp("virtuoso-mini"), MINI,
                     "--protocol", "update")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def seeds_server(engine, request) -> Endpoint:
    return request.getfixturevalue(f"{engine}_seeds")


@pytest.fixture(scope="session")
def mini_server(engine, request) -> Endpoint:
    return request.getfixturevalue(f"{engine}_mini")


@pytest.fixture(scope="session")
def remote(seeds_server) -> RemoteStore:
    return RemoteStore(seeds_server.query)
