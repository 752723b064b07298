"""Shared fixtures: the flaskr trio (``app``, ``client``, ``runner``), a live ``kg serve`` on
loopback, and a canary HTTP server that counts every request it receives."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from kg.namespaces import DEFAULT_BASE
from kg.resources import ONTOLOGY_FILE
from kg.store.oxigraph import open_store
from kg.validate.shacl import load_shapes
from tests.ci import pytest_runtest_makereport  # noqa: F401  (a hook: in CI, a skip fails)
from web import create_app, graph

TESTS = Path(__file__).parent
MINI = TESTS / "data" / "mini.trig"  # 4 named graphs, 30 quads; stands in for build/kg.trig
TIMEOUT = 2  # seconds: the query time limit used by every test server
ARTIFACTS = TESTS / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")  # Debian's; Playwright never downloads a browser here
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
BROWSER_TESTS = [
    pytest.mark.browser, pytest.mark.live,
    # CI installs chromium (.ci/run), so there this skip is a failure (tests/ci.py).
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (apt)"),
]


def record_problems(page):
    """Collect console errors (with the URL they are about), page errors and failed requests in
    ``page.problems``."""
    page.problems = []
    page.on("console", lambda m: m.type == "error" and page.problems.append(
        f"{m.text} ({m.location.get('url', '')})"))
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    page.on("requestfailed", lambda request: page.problems.append("failed: " + request.url))
    return page


@pytest.fixture(scope="session")
def store():
    return open_store(MINI)


def app_on(store):
    """The test app on ``store`` (a generator for fixtures: its query workers close after)."""
    app = create_app({"TESTING": True, "STORE": store, "QUERY_TIMEOUT": TIMEOUT, "WORKERS": 2})
    yield app
    graph.close(app)


@pytest.fixture
def app(store):
    yield from app_on(store)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture(scope="session")
def shapes():
    """The shapes as the build loads them (property shapes hoisted)."""
    graph = load_shapes()
    graph.bind("schema", "http://schema.org/", replace=True)  # rdflib's default is https://, as schema1:
    return graph


@pytest.fixture(scope="session")
def ontology():
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LiveServer:
    process: subprocess.Popen
    url: str  # http://127.0.0.1:PORT

    @property
    def endpoint(self) -> str:
        return self.url + "/sparql"


def start_server(data: Path, port: int | None = None, **settings) -> LiveServer:
    """``kg serve --data`` in a subprocess on a free loopback port (or ``port``); waits until it
    answers."""
    port = port or free_port()
    env = {**os.environ, **{f"KG_{k}": str(v) for k, v in settings.items()}}
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", "--data", str(data), "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    server = LiveServer(process, f"http://127.0.0.1:{port}")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"kg serve exited: {process.stderr.read()}")
        try:
            with urllib.request.urlopen(server.endpoint + "?query=ASK%7B%7D", timeout=2):
                return server
        except OSError:
            time.sleep(0.1)
    stop_server(server)
    raise RuntimeError("kg serve did not answer within 30 s")


def end_process(process: subprocess.Popen, timeout: float = 10) -> None:
    """Terminate ``process``, and kill it if it has not exited within ``timeout`` seconds."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def stop_server(server: LiveServer) -> None:
    end_process(server.process)
    server.process.stderr.close()


@pytest.fixture(scope="session")
def live_server():
    server = start_server(MINI, QUERY_TIMEOUT=TIMEOUT, WORKERS=3, WORKER_MEMORY_MB=1024)
    yield server
    stop_server(server)


class Canary(ThreadingHTTPServer):
    """A loopback HTTP server that answers 404 to everything and counts the requests."""

    daemon_threads = True

    def __init__(self):
        self.hits: list[str] = []
        super().__init__(("127.0.0.1", 0), _CanaryHandler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/"


class _CanaryHandler(BaseHTTPRequestHandler):
    def _count(self):
        self.server.hits.append(f"{self.command} {self.path}")
        self.send_error(404)

    do_GET = do_POST = do_HEAD = do_PUT = _count

    def log_message(self, *args):  # keep the test output clean
        pass


@pytest.fixture(scope="module")
def canary():
    server = Canary()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join()


SEEDS = Path(__file__).parent.parent / "seeds"
ID = "https://newskg.example.org/id/"
A000 = ID + "article/000_cff27210c16c26bb"
A002 = ID + "article/002_aca773533d52a18d"
TEXT = {  # the two seed articles' text by article IRI: what quotes are checked against
    A000: (SEEDS / "000_cff27210c16c26bb.txt").read_text(encoding="utf-8"),
    A002: (SEEDS / "002_aca773533d52a18d.txt").read_text(encoding="utf-8"),
}


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The real graph, built once per session from seeds/ by the library (``kg build``)."""
    from kg.build.dataset import build

    return build(SEEDS, tmp_path_factory.mktemp("build"))


@pytest.fixture(scope="session")
def drafted_seeds(tmp_path_factory) -> Path:
    """A copy of the seeds plus one article drafted by kg extract and not reviewed (read-only)."""
    import shutil
    from datetime import date

    from kg.extract import Options, extract, write

    folder = Path(shutil.copytree(SEEDS, tmp_path_factory.mktemp("drafted") / "seeds"))
    article = TESTS / "extract" / "data" / "wire_en.txt"
    write(extract(article, Options(date(2026, 2, 24), folder, "en", "wire_en", "reuters", None)), folder)
    return folder


@pytest.fixture(scope="session")
def built_with_draft(drafted_seeds, tmp_path_factory):
    """The seeds plus one article drafted by kg extract and not reviewed: a graph that uses every
    term, the machine-draft ones included (the seeds alone have no drafts)."""
    from kg.build.dataset import build

    return build(drafted_seeds, tmp_path_factory.mktemp("build"))


@pytest.fixture(scope="session")
def corpus():
    """The loaded, cross-checked seed corpus."""
    from kg.seeds.annotations import load_corpus

    return load_corpus(SEEDS)


@pytest.fixture(scope="session")
def live_kg(built):
    """``kg serve`` on loopback serving the real graph built from seeds/."""
    server = start_server(built.path, QUERY_TIMEOUT=TIMEOUT, WORKERS=2)
    yield server
    stop_server(server)


REAL_DOMAIN = "https://kg.example.net/"  # a KG_BASE that is a real domain, but not this server


def rebased(source: Path, base: str, target: Path) -> Path:
    """A copy of a dataset file with its data IRIs moved from the default base to ``base``."""
    target.write_text(source.read_text(encoding="utf-8").replace(DEFAULT_BASE, base), encoding="utf-8")
    return target


@pytest.fixture(scope="session")
def live_ux(built, tmp_path_factory):
    """``kg serve`` on the real graph moved to :data:`REAL_DOMAIN` (``KG_BASE``), with a row
    limit of 1,000 so that a whole-graph query is cut: what the browser suites look at."""
    data = rebased(built.path, REAL_DOMAIN, tmp_path_factory.mktemp("ux") / "kg.trig")
    server = start_server(data, QUERY_TIMEOUT=TIMEOUT, WORKERS=2, MAX_ROWS=1000, BASE=REAL_DOMAIN)
    yield server
    stop_server(server)


@pytest.fixture(scope="session")
def kg_store(built):
    """The real built graph in a store (read-only: shared by the whole session)."""
    return open_store(built.path)


@pytest.fixture(scope="session")
def kg_app(kg_store):
    """The app on the real graph; one per session, so its caches (dumps, validation) are shared."""
    yield from app_on(kg_store)


@pytest.fixture
def kg_client(kg_app):
    return kg_app.test_client()


@pytest.fixture(scope="session")
def built_dataset(built):
    """The built graph parsed by rdflib: the independent reference the web tests compare with."""
    from rdflib import Dataset

    dataset = Dataset()
    dataset.parse(built.path, format="trig")
    return dataset


@pytest.fixture(scope="session")
def union(built_dataset):
    """Every triple of the built graph in one rdflib Graph (what the union default graph holds)."""
    from kg.validate.shacl import union_graph

    return union_graph(built_dataset)
