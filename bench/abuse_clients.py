"""The clients of ``bench.abuse``: keep-alive load from a chosen source address, runaway loops,
wrk, half-open connections and a flood that runs until its first 429."""

from __future__ import annotations

import http.client
import itertools
import socket
import statistics
import subprocess
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field

from .http import parse_wrk

ASK = "/sparql?query=ASK%20%7B%7D"
DISTINCT = "/sparql?query=ASK%20%7B%3Fs%20%3Fp%20%3Fo%7D%20%23"  # ASK { ?s ?p ?o } #n
_COUNTER = itertools.count()


def connect(url: str, source: str, timeout: float = 60) -> http.client.HTTPConnection:
    parsed = urllib.parse.urlsplit(url)
    return http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=timeout,
                                      source_address=(source, 0))


@dataclass
class Load:
    """``threads`` keep-alive connections from ``source``, each asking ``ASK {}`` in a loop; or,
    ``distinct``, a query that reads data and that no one asked before, each time (no cache
    holds its answer: it needs a worker)."""

    url: str
    source: str
    threads: int = 1
    distinct: bool = False
    times: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)

    def run(self, seconds: float) -> dict:
        deadline = time.monotonic() + seconds
        workers = [threading.Thread(target=self._loop, args=(deadline,))
                   for _ in range(self.threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        return summary(self.times, self.statuses, seconds)

    def _loop(self, deadline: float) -> None:
        parsed = urllib.parse.urlsplit(self.url)
        head = f"HTTP/1.1\r\nHost: {parsed.netloc}\r\nAccept: application/sparql-results+json\r\n\r\n"
        with socket.create_connection((parsed.hostname, parsed.port), timeout=60,
                                      source_address=(self.source, 0)) as sock:
            reader = sock.makefile("rb")
            while time.monotonic() < deadline:
                path = f"{DISTINCT}{next(_COUNTER)}" if self.distinct else ASK
                request = f"GET {path} {head}".encode()
                started = time.perf_counter()
                sock.sendall(request)
                status = _read_response(reader)
                self.times.append((time.perf_counter() - started) * 1000)
                self.statuses[status] += 1


def _read_response(reader) -> int:
    """Read one HTTP/1.1 response with a Content-Length; its status. A small client on purpose:
    http.client's own cost would weigh on the figures of a loaded two-core machine."""
    status = int(reader.readline().split()[1])
    length = 0
    while (line := reader.readline()) not in (b"\r\n", b""):
        if line[:15].lower() == b"content-length:":
            length = int(line[15:])
    reader.read(length)
    return status


def summary(times: list[float], statuses: Counter, seconds: float) -> dict:
    ordered = sorted(times) or [float("nan")]
    return {"requests": len(times), "per_s": len(times) / seconds,
            "p50_ms": statistics.median(ordered),
            "p95_ms": ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))],
            "max_ms": ordered[-1], "statuses": {str(k): v for k, v in sorted(statuses.items())}}


def hammer(url: str, query: str, source: str, stop: threading.Event) -> None:
    """Send ``query`` again as soon as it is answered, until ``stop`` is set."""
    body = urllib.parse.urlencode({"query": query})
    while not stop.is_set():
        conn = connect(url, source)
        try:
            conn.request("POST", "/sparql", body,
                         {"Content-Type": "application/x-www-form-urlencoded"})
            conn.getresponse().read()
        except OSError:
            time.sleep(0.1)
        finally:
            conn.close()


def wrk_rps(url: str, connections: int, seconds: float, nice: int = 0) -> dict:
    """wrk asking ``ASK {}`` over ``connections`` connections (from 127.0.0.1), at ``nice``."""
    parsed = urllib.parse.urlsplit(url)
    target = f"http://{parsed.hostname}:{parsed.port}{ASK}"
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds:g}s", "--timeout", "10s",
               "--latency", target]
    if nice:
        command = ["nice", "-n", str(nice), *command]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return {"command": " ".join(command).replace(target, "URL"), **parse_wrk(output)}


def half_open_answer(url: str, count: int, holder: str, source: str) -> float | None:
    """Milliseconds until a new client is answered while ``count`` connections from ``holder``
    each hold a request line without its end; None if no answer came within 10 s."""
    parsed = urllib.parse.urlsplit(url)
    held = []
    try:
        for _ in range(count):
            sock = socket.create_connection((parsed.hostname, parsed.port), timeout=10,
                                            source_address=(holder, 0))
            sock.sendall(b"GET / HTTP/1.1\r\n")
            held.append(sock)
        time.sleep(0.5)
        conn = connect(url, source, timeout=10)
        started = time.perf_counter()
        try:
            conn.request("GET", ASK)
            conn.getresponse().read()
            return (time.perf_counter() - started) * 1000
        except OSError:
            return None
        finally:
            conn.close()
    finally:
        for sock in held:
            sock.close()


def first_429(url: str, source: str, limit_s: float) -> dict:
    """One keep-alive connection asking ``ASK {}`` as fast as it can until the first 429."""
    conn = connect(url, source)
    started, count = time.monotonic(), 0
    try:
        while time.monotonic() - started < limit_s:
            conn.request("GET", ASK)
            response = conn.getresponse()
            response.read()
            count += 1
            if response.status == 429:
                return {"requests": count, "seconds": time.monotonic() - started,
                        "retry_after": response.getheader("Retry-After")}
    finally:
        conn.close()
    return {"requests": count, "seconds": time.monotonic() - started, "retry_after": None}
