"""Our ``/sparql`` against ``oxigraph serve`` and rdflib-endpoint on the same data and queries.

Latency: one Python client, one query at a time, keep-alive. Throughput: wrk (C, on loopback) with
N connections for a fixed time, cycling through the competency queries; errors are non-2xx
answers plus socket errors and timeouts.
"""

from __future__ import annotations

import http.client
import re
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg.store.query import load_examples

from .proc import Server, free_port

OXIGRAPH = Path(sys.executable).parent / "oxigraph"
RDFLIB_ENDPOINT = Path("/tmp/rdflib-endpoint-venv/bin/rdflib-endpoint")
ACCEPT = "application/sparql-results+json"


@dataclass
class ServerRun:
    name: str
    command: str
    startup_s: float
    memory_mb: float
    latency: dict[str, tuple[float, float]] = field(default_factory=dict)  # slug → (p50, p95) ms
    throughput: dict = field(default_factory=dict)


KG_DISK = "kg serve --store"  # on disk (RocksDB) in WORK/store-<build folder>


def start(name: str, trig: Path, work: Path, env: dict | None = None,
          timeout_s: int | None = 60) -> tuple[Server, str, str]:
    """The server and its query URL path; the command line as documented. ``timeout_s``: the
    ``--timeout-s`` of ``oxigraph serve`` (None: none). Oxigraph 0.5 keeps a thread per query for
    that long, so thousands of queries a second exhaust the threads a process may have (HTTP
    500 "Resource temporarily unavailable", then the server exits)."""
    port = free_port()
    if name in ("kg serve", KG_DISK):
        args = [sys.executable, "-m", "kg", "serve", "--data", str(trig), "--port", str(port)]
        args += ["--store", str(store_dir(trig, work))] if name == KG_DISK else []
        path = "/sparql"
    elif name == "oxigraph serve":  # in memory, as our default store; loaded over HTTP below
        # Without --union-default-graph (a bag: docs/endpoint.md): the merge is stored as the
        # default graph after loading, as the embedded store does, so both answer the same.
        args = [str(OXIGRAPH), "serve", "--bind", f"127.0.0.1:{port}"]
        args += ["--timeout-s", str(timeout_s)] if timeout_s else []
        path = "/query"
    else:
        args = [str(RDFLIB_ENDPOINT), "serve", str(trig), "--host", "127.0.0.1", "--port", str(port)]
        path = "/"  # rdflib-endpoint 0.6.3 answers at the root (its help text says /sparql)
    base = f"http://127.0.0.1:{port}"
    server = Server(name, args, base + path + "?query=ASK%7B%7D", env)
    command = " ".join(a.replace(str(work), "$WORK") for a in args)
    if name == "oxigraph serve":
        _post(base + "/store", trig.read_bytes(), "application/trig")
        _post(base + "/update", MERGE.encode(), "application/sparql-update")
        command += f"; POST kg.trig to /store, then `{MERGE}` to /update"
    return server, base + path, command


def store_dir(trig: Path, work: Path) -> Path:
    return work / f"store-{trig.parent.name}"


MERGE = "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"


def _post(url: str, data: bytes, media_type: str) -> None:
    request = urllib.request.Request(url, data=data, method="POST",
                                     headers={"Content-Type": media_type})
    with urllib.request.urlopen(request, timeout=3600) as response:
        response.read()


def latency(url: str, runs: int, cap_s: float, skip: Iterable[str] = (),
            timeout_s: float = 120) -> dict:
    """p50/p95 per competency query; a query is run at most ``runs`` times or ``cap_s`` seconds.
    A query the server cannot answer is reported as its HTTP status instead, one that takes over
    ``timeout_s`` as that."""
    parsed = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=timeout_s)
    out: dict = {slug: "excluded" for slug in skip}
    for example in load_examples():
        if example.slug in out:
            continue
        body = urllib.parse.urlencode({"query": example.text})
        times, started = [], time.monotonic()
        for i in range(runs + 1):
            t0 = time.perf_counter()
            try:
                conn.request("POST", parsed.path, body, {
                    "Content-Type": "application/x-www-form-urlencoded", "Accept": ACCEPT})
                response = conn.getresponse()
                response.read()
            except TimeoutError:
                out[example.slug] = f"> {timeout_s:g} s"
                conn.close()
                break
            if response.status != 200:
                out[example.slug] = f"HTTP {response.status}"
                break
            if i:  # the first run warms up
                times.append((time.perf_counter() - t0) * 1000)
            if time.monotonic() - started > cap_s and len(times) >= 3:
                break
        if example.slug in out:
            continue
        times.sort()
        out[example.slug] = (statistics.median(times),
                             times[min(len(times) - 1, int(0.95 * len(times)))])
    conn.close()
    return out


def throughput(url: str, work: Path, connections: int, seconds: int, slugs: list[str]) -> dict:
    """wrk, ``connections`` keep-alive clients on the query mix for ``seconds`` seconds."""
    script = work / "mix.lua"
    script.write_text(_lua([e.text for e in load_examples() if e.slug in slugs]), encoding="utf-8")
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "60s", "--latency",
               "-s", str(script), url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return {"command": " ".join(command).replace(str(work), "$WORK"), **parse_wrk(output)}


def _lua(queries: list[str]) -> str:
    bodies = ",\n".join(f"[==[{urllib.parse.urlencode({'query': q})}]==]" for q in queries)
    return f"""bodies = {{ {bodies} }}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("POST", nil, {{["Content-Type"] = "application/x-www-form-urlencoded",
    ["Accept"] = "{ACCEPT}"}}, bodies[(counter % #bodies) + 1])
end
"""


def parse_wrk(output: str) -> dict:
    def number(pattern: str, default: float = 0.0) -> float:
        match = re.search(pattern, output)
        return float(match.group(1)) if match else default

    errors = number(r"Non-2xx or 3xx responses: (\d+)")
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    errors += sum(int(x) for x in socket.groups()) if socket else 0
    return {"requests_per_s": number(r"Requests/sec:\s+([\d.]+)"),
            "requests": number(r"(\d+) requests in"), "errors": int(errors),
            "p50": _ms(re.search(r"50%\s+([\d.]+\w+)", output)),
            "p99": _ms(re.search(r"99%\s+([\d.]+\w+)", output))}


def _ms(match) -> float:
    if not match:
        return float("nan")
    value, unit = re.match(r"([\d.]+)(\w+)", match.group(1)).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]
