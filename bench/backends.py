"""The app on its three backends, side by side in one run (``python -m bench.run --only backends``).

One corpus (1M quads by default), loaded into the embedded store, into ``oxigraph serve`` and into
Virtuoso as docs/deployment.md tells; then on each, through the app's own store classes, the
competency queries (``kg.store.query.run``: guard, HTTP for a server, parsing, every row read) and
the entity page of the busiest person (Flask test client, answer cache off).

Load: embedded = ``open_store`` (what ``kg serve`` does at start: parse, store, merge); the two
servers = ``kg load`` over the Graph Store Protocol (each named graph, then the union graph;
Virtuoso with digest auth), timed as a command with the peak memory of its process tree.
"""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from kg.errors import KGError
from kg.store.oxigraph import open_store
from kg.store.query import load_examples, run
from kg.store.remote import RemoteStore
from tests.store import virtuoso
from web import create_app, graph

from .latency import spread
from .proc import Server, free_port, pss_mb, run_timed

KG = [sys.executable, "-m", "kg"]
OXIGRAPH = Path(sys.executable).parent / "oxigraph"
ENGINES = ("embedded", "oxigraph serve", "Virtuoso")  # Virtuoso measured again after a restart
PAGE_WARMUP = 3  # page requests before timing: steady state, caches warm, on every backend
VIRTUOSO_BUFFERS = 100_000  # 8 KB pages: 800 MB, several times the 1M-quad database
SLOW_S = 1.0  # a query slower than this is timed 3 times, not ``runs`` times


@dataclass
class Backend:
    name: str
    command: str
    load_s: float
    load_peak_mb: float
    server_mb: float | None = None  # PSS of the server's process tree after the queries
    queries: dict = field(default_factory=dict)  # slug → {p50_ms, p95_ms} or why not timed
    page: dict = field(default_factory=dict)


def measure(trig: Path, work: Path, runs: int, path: str) -> list[Backend]:
    """Every engine that is installed, one after the other (never two servers at once)."""
    found = []
    for name in ENGINES:
        with _loaded(name, trig, work) as (backend, store, server):
            if backend is None:
                continue
            found.append(_measured(backend, store, server, runs, path))
            if isinstance(server, virtuoso.Virtuoso):
                # Right after a large load Virtuoso plans worse than after a restart
                # (docs/deployment.md): both are measured.
                restart = server.restart()
                again = Backend("Virtuoso, restarted", "the same database, virtuoso-t restarted",
                                restart, 0.0)
                found.append(_measured(again, RemoteStore(server.sparql), server, runs, path))
    return found


def _measured(backend: Backend, store, server, runs: int, path: str) -> Backend:
    backend.queries = _queries(store, runs)
    backend.page = _page(store, path, runs)
    process = getattr(server, "process", None)
    backend.server_mb = pss_mb(process.pid) if process is not None else None
    return backend


def _queries(store, runs: int) -> dict:
    timed = {}
    for example in load_examples():
        try:
            started = time.perf_counter()
            run(store, example.text)
        except KGError as exc:  # e.g. the server's time limit: reported, not timed
            timed[example.slug] = f"{type(exc).__name__}: {str(exc)[:120]}"
            continue
        many = runs if time.perf_counter() - started < SLOW_S else 3
        result = spread(lambda e=example: run(store, e.text), many)
        timed[example.slug] = {"p50_ms": result.p50_ms, "p95_ms": result.p95_ms}
    return timed


def _page(store, path: str, runs: int) -> dict:
    # Both caches off: with the response cache on, every run after the first was a cache hit
    # (0.1 ms on every backend), which measured the cache and not the backend
    app = create_app({"TESTING": True, "STORE": store, "CACHE_MB": 0, "RESPONSE_CACHE_MB": 0,
                      "WORKERS": 1})
    client = app.test_client()
    try:
        for _ in range(PAGE_WARMUP):
            _ok(client.get(path))
        result = spread(lambda: _ok(client.get(path)), runs)
    finally:
        graph.close(app)
    return {"p50_ms": result.p50_ms, "p95_ms": result.p95_ms}


def _ok(response) -> None:
    if response.status_code != 200:
        raise RuntimeError(f"the entity page answered {response.status_code}")


@contextmanager
def _loaded(name: str, trig: Path, work: Path) -> Iterator[tuple]:
    if name == "embedded":
        started = time.perf_counter()
        store = open_store(trig)
        yield Backend(name, "open_store(kg.trig), as `kg serve --data kg.trig` starts",
                      time.perf_counter() - started, 0.0), store, None
    elif name == "oxigraph serve":
        if not OXIGRAPH.exists():
            yield None, None, None
            return
        yield from _oxigraph(trig, work)
    else:
        if not virtuoso.installed():
            yield None, None, None
            return
        yield from _virtuoso(trig, work)


def _oxigraph(trig: Path, work: Path):
    port = free_port()
    args = [str(OXIGRAPH), "serve", "--bind", f"127.0.0.1:{port}", "--timeout-s", "60"]
    base = f"http://127.0.0.1:{port}"
    server = Server("oxigraph serve", args, base + "/query?query=ASK%7B%7D")
    try:
        load = run_timed([*KG, "load", "--endpoint", base + "/store", "--data", str(trig)])
        command = f"{' '.join(args[1:])} (in memory); kg load --endpoint {base}/store"
        yield (Backend("oxigraph serve", "oxigraph " + command, load.seconds, load.peak_mb),
               RemoteStore(base + "/query"), server)
    finally:
        server.stop()


def _virtuoso(trig: Path, work: Path):
    folder = work / "virtuoso"
    shutil.rmtree(folder, ignore_errors=True)  # a new database every run
    server = virtuoso.start(folder, free_port(), free_port(), buffers=VIRTUOSO_BUFFERS,
                            max_rows=100_000, timeout_s=60)
    try:
        load = run_timed([*KG, "load", "--endpoint", server.graph_store, "--user", server.user,
                          "--auth", "digest", "--data", str(trig)],
                         env={"KG_ENDPOINT_PASSWORD": server.password})
        server.revoke()
        command = (f"virtuoso-t with tests/store/virtuoso.py's ini (NumberOfBuffers "
                   f"{VIRTUOSO_BUFFERS:,}); kg load --endpoint {server.graph_store} --user kg "
                   "--auth digest")
        yield (Backend("Virtuoso", command, load.seconds, load.peak_mb),
               RemoteStore(server.sparql), server)
    finally:
        server.stop()


def plain(backends: list[Backend]) -> list[dict]:
    return [asdict(b) for b in backends]
