"""Real SPARQL servers on loopback for the remote tests: ``oxigraph serve`` and Virtuoso, each
loaded the way docs/deployment.md tells, with ``kg load``."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from kg.cli import cli
from tests.conftest import free_port

from . import virtuoso

OXIGRAPH = Path(sys.executable).parent / "oxigraph"
ENGINES = ("oxigraph", "virtuoso")
# Another application's graph on the same server: the app must never see it.
FOREIGN = "http://example.org/other-application"
FOREIGN_NT = (Path(__file__).parent.parent / "data" / "terms.nt").read_bytes()


@dataclass
class Endpoint:
    """A loaded server: its query URL, and how ``kg load`` writes to it."""

    engine: str
    query: str
    graph_store: str
    update: str
    process: subprocess.Popen | None = None
    virtuoso: virtuoso.Virtuoso | None = None

    def load_args(self) -> list[str]:
        """``kg load`` options for the server's user (Virtuoso: digest auth)."""
        if self.virtuoso is None:
            return []
        return ["--user", self.virtuoso.user, "--auth", "digest"]

    def load_env(self) -> dict[str, str]:
        return {"KG_ENDPOINT_PASSWORD": self.virtuoso.password} if self.virtuoso else {}

    def auth(self) -> httpx.Auth | None:
        return httpx.DigestAuth(self.virtuoso.user, self.virtuoso.password) if self.virtuoso else None

    def stop(self) -> None:
        if self.virtuoso is not None:
            self.virtuoso.stop()
        elif self.process is not None:
            stop(self.process)


def need(engine: str) -> None:
    """Skip a test on an engine that is not installed; in CI that is a failure (.ci/run)."""
    missing = {"oxigraph": not OXIGRAPH.exists(), "virtuoso": not virtuoso.installed()}[engine]
    if missing and os.environ.get("CI"):
        pytest.fail(f"{engine} is not installed, and CI installs it (.ci/run)")
    if missing:
        pytest.skip(f"{engine} is not installed (oxigraph: pip; virtuoso: apt virtuoso-opensource)")


def start_oxigraph(location: Path, *options: str) -> Endpoint:
    """``oxigraph serve`` on a free port, with a union default graph unless ``options`` say."""
    need("oxigraph")
    port = free_port()
    process = subprocess.Popen([str(OXIGRAPH), "serve", "--location", str(location), "--bind",
                                f"127.0.0.1:{port}", *(options or ["--union-default-graph"])],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    wait(url + "/query?query=ASK%7B%7D", process)
    return Endpoint("oxigraph", url + "/query", url + "/store", url + "/update", process)


def start_virtuoso(folder: Path, **settings) -> Endpoint:
    """Virtuoso in ``folder`` (ini, database), the loader user granted SPARQL_UPDATE."""
    need("virtuoso")
    server = virtuoso.start(folder, free_port(), free_port(), **settings)
    return Endpoint("virtuoso", server.sparql, server.graph_store, server.update, virtuoso=server)


def start(engine: str, folder: Path, **settings) -> Endpoint:
    return start_oxigraph(folder) if engine == "oxigraph" else start_virtuoso(folder, **settings)


def put_foreign_graph(server: Endpoint) -> None:
    """Another application's data beside ours (Graph Store PUT, as its owner would)."""
    response = httpx.put(server.graph_store, params={"graph": FOREIGN}, content=FOREIGN_NT,
                         headers={"Content-Type": "application/n-triples"}, auth=server.auth())
    response.raise_for_status()


def wait(url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError(f"{url} did not answer within 30 s")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def kg_load(server: Endpoint, *args: str) -> str:
    """``kg load`` into ``server`` with its user; its output (it must succeed)."""
    result = CliRunner().invoke(cli, ["load", *args, *server.load_args()], env=server.load_env())
    assert result.exit_code == 0, result.output
    return result.output
