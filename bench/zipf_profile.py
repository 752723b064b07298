"""``python -m bench.zipf_profile --data kg.trig``: where ``kg serve``'s time goes on the serving
mix of ``bench.zipf``. Not a benchmark (the profiler slows the server); the shares are the figure.

``kg serve`` is started in this process as the command starts it (``bench.zipf``'s settings, 2
query workers, 8 request threads), each request thread under its own cProfile with a CPU-time
clock; wrk sends the mix cold, then warm. Printed: per phase, the rate, the response cache's hits
and misses, and the CPU seconds of the web process and of the query workers; then the functions
of the request threads by CPU time; then the engine's time per kind of query (each distinct query
the cold phase asked, evaluated once more in this process), weighted by how often it was asked.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import os
import pstats
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from waitress.task import ThreadedTaskDispatcher

from . import zipf, zipf_mix
from .http import parse_wrk
from .proc import cpu_seconds, descendants, free_port

PROFILES: list[cProfile.Profile] = []


def _profiled(handler):
    def handler_thread(self, thread_no):
        profile = cProfile.Profile(time.thread_time)
        PROFILES.append(profile)
        profile.enable()
        try:
            return handler(self, thread_no)
        finally:
            profile.disable()
    return handler_thread


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--no-cache", action="store_true", help="the response cache off")
    args = parser.parse_args()
    queries, _ = zipf._mix(args.data, 1)
    sequence = zipf_mix.zipf_sequence(len(queries))
    script = Path(tempfile.mkdtemp()) / "mix.lua"
    script.write_text(zipf_mix.lua(queries, sequence, zipf.WRK_THREADS), encoding="utf-8")
    os.environ.update(zipf.KG_ENV, **({"KG_RESPONSE_CACHE_MB": "0"} if args.no_cache else {}))
    ThreadedTaskDispatcher.handler_thread = _profiled(ThreadedTaskDispatcher.handler_thread)
    from web import create_app
    from web.graph import get_pool, get_store
    from web.server import make_server

    app = create_app({"DATA": str(args.data)})
    store = get_store(app)
    gc.freeze()
    get_pool(app).start()
    port = free_port()
    server = make_server(app, "127.0.0.1", port, int(zipf.THREADS))
    threading.Thread(target=server.run, daemon=True).start()
    cache = app.extensions["kg"].get("responses") or NoCache()
    asked_cold: list[int] = []
    for phase in zipf.PHASES:
        asked = _phase(phase, f"http://127.0.0.1:{port}/sparql", script, args.seconds, cache, sequence)
        asked_cold = asked_cold or asked
    time.sleep(2)  # the requests wrk left in flight are answered before the sockets close
    server.close()
    server.task_dispatcher.shutdown(timeout=10)
    get_pool(app).close()
    _print_profile(args.top)
    _engine_by_kind(store, queries, asked_cold)


class NoCache:
    hits = misses = 0


def _phase(phase: str, url: str, script: Path, seconds: float, cache, sequence) -> list[int]:
    hits, misses = cache.hits, cache.misses
    pid = os.getpid()
    main_cpu, tree_cpu = cpu_seconds([pid]), cpu_seconds(descendants(pid))
    output = subprocess.run(["wrk", f"-t{zipf.WRK_THREADS}", f"-c{zipf.CONNECTIONS}",
                             f"-d{seconds:g}s", "--timeout", "60s", "--latency", "-s", str(script),
                             url], capture_output=True, text=True, check=True).stdout
    found = parse_wrk(output)
    main_cpu, tree_cpu = cpu_seconds([pid]) - main_cpu, cpu_seconds(descendants(pid)) - tree_cpu
    hits, misses = cache.hits - hits, cache.misses - misses
    print(f"{phase}: {found['requests_per_s']:.1f} req/s, {found['requests']:.0f} requests, "
          f"{found['errors']} errors; response cache {hits} hits / {misses} misses "
          f"({hits / max(1, hits + misses):.0%}); CPU s: web process {main_cpu:.1f}, "
          f"query workers {tree_cpu - main_cpu:.1f}", flush=True)
    return [sequence[i] for i in zipf_mix.sent(output, zipf.WRK_THREADS, len(sequence))]


def _print_profile(top: int) -> None:
    stats = pstats.Stats(PROFILES[0], stream=(out := io.StringIO()))
    for profile in PROFILES[1:]:
        stats.add(profile)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    print(out.getvalue())


def _engine_by_kind(store, queries: list, asked: list[int]) -> None:
    """The engine's share per kind: each distinct query once, weighted by its count in ``asked``."""
    counts, spent, per_query = Counter(asked), Counter(), []
    for index, count in counts.items():
        started = time.perf_counter()
        list(store.query(queries[index].text))
        elapsed = time.perf_counter() - started
        spent[queries[index].kind] += elapsed * count
        per_query.append((elapsed * count, elapsed, count, queries[index]))
    total = sum(spent.values()) or 1
    once = sum(elapsed for _, elapsed, _, _ in per_query)
    print(f"engine time of the cold phase's requests: {total:.1f} s if each is evaluated, "
          f"{once:.1f} s if each distinct query is evaluated once (a cache that keeps all):")
    for kind, seconds in spent.most_common():
        asked_kind = sum(c for i, c in counts.items() if queries[i].kind == kind)
        print(f"  {kind}: {seconds:.1f} s ({seconds / total:.0%}), {asked_kind} requests, "
              f"{len({i for i in counts if queries[i].kind == kind})} distinct")
    for weighted, elapsed, count, query in sorted(per_query, key=lambda x: -x[0])[:10]:
        print(f"  {weighted:.2f} s = {count} × {elapsed * 1000:.1f} ms: {query.kind}: "
              f"{' '.join(query.text.split())[:150]}")


if __name__ == "__main__":
    sys.exit(main())
