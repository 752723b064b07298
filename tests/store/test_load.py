"""``kg load`` refused or failing: one line, naming the graph, the URL and the server's answer.

On Virtuoso the seeds server is read-only by the time these run (the fixture revokes the loader's
grant after loading, as docs/deployment.md tells), so every write below is refused.
"""

from __future__ import annotations

import httpx
import pytest
from click.testing import CliRunner

from kg.cli import cli
from tests.conftest import MINI

pytestmark = pytest.mark.live
GRAPH = "https://newskg.example.org/graph/"


def load(*args: str, password: str | None = None) -> str:
    env = {"KG_ENDPOINT_PASSWORD": password} if password is not None else {}
    result = CliRunner().invoke(cli, ["load", "--data", str(MINI), *args], env=env)
    assert result.exit_code == 2, result.output
    assert result.output.count("\n") == 1 and "Traceback" not in result.output, result.output
    assert result.output.startswith("error: http"), result.output  # the graph first
    return result.output


# Virtuoso only (its users, grants and digest authentication): these take its server directly.
def test_a_revoked_loader_is_refused_with_the_servers_reason(virtuoso_seeds):
    seeds_server, user = virtuoso_seeds, virtuoso_seeds.virtuoso
    gsp = load("--endpoint", seeds_server.graph_store, "--user", user.user, "--auth", "digest",
               password=user.password)
    assert "HTTP 403" in gsp and "Permission denied" in gsp and seeds_server.graph_store in gsp
    update = load("--endpoint", seeds_server.update, "--protocol", "update", "--user", user.user,
                  "--auth", "digest", password=user.password)
    assert "No permission" in update  # the AttributeError of issue #14 hid exactly this


def test_the_anonymous_endpoint_cannot_write(virtuoso_seeds):
    seeds_server = virtuoso_seeds
    message = load("--endpoint", seeds_server.query, "--protocol", "update")
    assert "No permission" in message
    response = httpx.post(seeds_server.query, data={"update": "CLEAR ALL"})
    assert response.status_code >= 400


def test_authentication_problems_say_what_to_try(virtuoso_seeds):
    seeds_server, user = virtuoso_seeds, virtuoso_seeds.virtuoso
    basic = load("--endpoint", seeds_server.graph_store, "--user", user.user, password=user.password)
    assert "HTTP 401" in basic and "--auth digest" in basic
    wrong = load("--endpoint", seeds_server.graph_store, "--user", user.user, "--auth", "digest",
                 password="not-the-password")
    assert "user or password refused" in wrong
    nobody = load("--endpoint", seeds_server.graph_store)
    assert "--user NAME --auth digest" in nobody


def test_a_refused_update_is_one_line_on_oxigraph(oxigraph_seeds):
    """The query URL takes no updates: the refusal is reported, not an AttributeError."""
    seeds_server = oxigraph_seeds
    message = load("--endpoint", seeds_server.query, "--protocol", "update")
    assert "answered HTTP 4" in message and seeds_server.query in message


def test_an_unreachable_server_is_one_line():
    message = load("--endpoint", "http://127.0.0.1:9/store")
    assert "cannot reach http://127.0.0.1:9/store" in message and GRAPH in message
