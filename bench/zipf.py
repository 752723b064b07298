"""``make bench-zipf`` = ``python -m bench.zipf``: a realistic serving mix (issue #17), our server
against ``oxigraph serve`` and a bare-Flask ceiling, in one run; writes its section of
``docs/benchmarks.md`` (``make bench`` measures it too, with the plan's shorter phases).

The mix (bench/zipf_mix.py): 1,000 distinct queries from the data (entity describes, label
searches, competency queries asked of other entities), requested in a Zipf sequence (s = 1.1; rank
= a fixed shuffled order), POSTed form-encoded by wrk (2 threads, 8 connections). For each size,
the servers take turns, each started fresh: *cold* is the first ``--seconds`` of the mix on the new
server, *warm* the mix again from its start on the same server. Servers:

- ``kg serve`` on the embedded store in memory, 2 query workers, 8 threads, the per-client limits
  raised out of reach (wrk is one client: these rounds measure serving, not the limits), the time
  limit 60 s and the row cap out of reach, as ``oxigraph serve`` has neither;
- the same with its response cache off (``KG_RESPONSE_CACHE_MB=0``): what the engine path gives;
- ``oxigraph serve``, in memory, the same data with the same set-union default graph (bench/http.py),
  without ``--timeout-s``: with it, Oxigraph 0.5 keeps a thread per query for the whole timeout,
  and a few thousand requests a second exhaust the process's threads (it answers 500, then exits);
- the bare-Flask ceiling (bench/ceiling.py), waitress with the same 8 threads.

``--quick`` runs the graph built from seeds/ only, 2 s a phase: it checks the harness.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from . import report_zipf, zipf_mix
from .abuse import ROOT, THREADS, _build, _head, _serve, log
from .http import parse_wrk
from .http import start as start_server
from .proc import Server, cpu_seconds, descendants, free_port, machine, run_timed
from .request_path import SETTINGS

MILLION = Path("/tmp/kg-bench/build-170/kg.trig")  # bench.run's 170-article build: ~1M quads
KG_ENV = {**SETTINGS, "KG_QUERY_TIMEOUT": "60", "KG_MAX_ROWS": "100000000"}
UNCACHED = "kg serve, no response cache"
SERVERS = ("kg serve", UNCACHED, "oxigraph serve", "bare Flask")
PHASES = ("cold", "warm")
WRK_THREADS, CONNECTIONS = 2, 8
SECONDS, ROUNDS = 20, 3


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, action="append",
                        help="a built kg.trig to serve (repeatable; default: the graph built from "
                             f"seeds/ and {MILLION}, built by `kg synth` + `kg build` if missing)")
    parser.add_argument("--seconds", type=float, default=SECONDS, help="each phase's duration")
    parser.add_argument("--rounds", type=int, default=ROUNDS, help="servers' turns per size")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--quick", action="store_true", help="seeds only, 2 s phases: the harness")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "kg-zipf")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--report-only", action="store_true",
                        help="write the section again from WORK/zipf.json, measuring nothing")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    if args.report_only:
        report_zipf.write(args.out, json.loads((args.work / "zipf.json").read_text("utf-8")))
        return
    if args.quick:
        args.seconds, args.rounds = 2, 1
    data = args.data or ([_build(args.work)] if args.quick else [_build(args.work), million()])
    command = "python -m bench.zipf" + "".join(f" {a}" for a in (argv or sys.argv[1:]))
    results = measure(data, args.work, args.seconds, args.rounds, args.seed, command)
    report_zipf.write(args.out, results)
    log(f"wrote its section of {args.out}; raw figures in {args.work / 'zipf.json'}")


def million(trig: Path = MILLION) -> Path:
    """The ~1M-quad graph of ``bench.run`` (170 seed-dense articles), built if missing."""
    if not trig.exists():
        from . import build

        log("build 170 articles (~1M quads)")
        seeds = build.synth(170, trig.parent.parent / "corpus-170", 1, 1.0)
        run_timed([*build.KG, "build", "--seeds", str(seeds), "--out", str(trig.parent)])
    return trig


def measure(data: list[Path], work: Path, seconds: float, rounds: int, seed: int,
            command: str, servers: tuple[str, ...] = SERVERS) -> dict:
    started = time.time()
    results = {"machine": machine(), "started": time.strftime("%Y-%m-%d %H:%M"),
               "command": command, "code": _head(), "seconds": seconds, "rounds": rounds,
               "settings": KG_ENV, "threads": THREADS, "connections": CONNECTIONS,
               "wrk_threads": WRK_THREADS, "load": [os.getloadavg()[0]], "sizes": []}
    for trig in data:
        results["sizes"].append(measure_size(trig, work, seconds, rounds, seed, results["load"],
                                             servers))
        results["minutes"] = (time.time() - started) / 60
        (work / "zipf.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    return results


def measure_size(trig: Path, work: Path, seconds: float, rounds: int, seed: int,
                 load: list[float], servers: tuple[str, ...] = SERVERS) -> dict:
    queries, quads = _mix(trig, seed)
    sequence = zipf_mix.zipf_sequence(len(queries), seed=seed)
    script = work / f"zipf-{trig.parent.name}.lua"
    script.write_text(zipf_mix.lua(queries, sequence, WRK_THREADS), encoding="utf-8")
    size = {"trig": str(trig), "quads": quads, "kinds": zipf_mix.kinds_share(queries, sequence),
            "distinct": len(queries), "servers": {name: {"runs": []} for name in servers}}
    for round_ in range(rounds):
        for name in servers:
            log(f"{quads:,} quads, round {round_ + 1}: {name}")
            with started(name, trig, work) as (url, pid, command, startup):
                size["servers"][name].update(command=command)
                run = {"startup_s": startup}
                seen: set[int] = set()
                for phase in PHASES:
                    run[phase], seen = phase_run(url, pid, script, seconds, queries, sequence, seen)
                    load.append(os.getloadavg()[0])
                size["servers"][name]["runs"].append(run)
    return size


def _mix(trig: Path, seed: int) -> tuple[list[zipf_mix.Query], int]:
    """The mix, generated from the data in this process (the store is dropped before serving)."""
    from kg.store.oxigraph import open_store

    log(f"generate the mix from {trig}")
    store = open_store(trig)
    try:
        return zipf_mix.generate(store, seed), len(store)
    finally:
        del store


@contextmanager
def started(name: str, trig: Path, work: Path) -> Iterator[tuple[str, int, str, float]]:
    """A freshly started server: its query URL, process id, command line and startup time."""
    if name.startswith("kg serve"):
        settings = {**KG_ENV, **({"KG_RESPONSE_CACHE_MB": "0"} if name == UNCACHED else {})}
        serving = _serve(ROOT, trig, settings)
        with serving as url:
            env = " ".join(f"{k}={v}" for k, v in settings.items())
            yield (url, serving.server.process.pid, f"{env} kg serve --data {trig} "
                   f"--threads {THREADS}", serving.server.startup)
        return
    if name == "oxigraph serve":
        t0 = time.perf_counter()
        server, url, command = start_server(name, trig, work, timeout_s=None)  # see its doc
        startup = time.perf_counter() - t0  # with the load over HTTP and the union update
    else:
        port = free_port()
        server = Server(name, [sys.executable, "-m", "bench.ceiling", "--port", str(port),
                               "--threads", THREADS], f"http://127.0.0.1:{port}/sparql", cwd=ROOT)
        url, command = f"http://127.0.0.1:{port}/sparql", f"python -m bench.ceiling --threads {THREADS}"
        startup = server.startup
    try:
        yield url, server.process.pid, command, startup
    finally:
        server.stop()


def phase_run(url: str, pid: int, script: Path, seconds: float, queries: list, sequence: list[int],
              seen: set[int]) -> tuple[dict, set[int]]:
    """One wrk run of the mix from its start; wrk's figures, the server's CPU time per request
    (its main process, and with its workers), and which queries were asked."""
    before = cpu_seconds([pid]), tree_cpu(pid)
    command = ["wrk", f"-t{WRK_THREADS}", f"-c{CONNECTIONS}", f"-d{seconds:g}s", "--timeout", "60s",
               "--latency", "-s", str(script), url]
    done = subprocess.run(command, capture_output=True, text=True)
    after = cpu_seconds([pid]), tree_cpu(pid)
    output = done.stdout
    found = parse_wrk(output)
    if done.returncode:  # wrk could not connect: the server is gone
        found["failed"] = f"wrk: {done.stderr.strip()[-200:]}"
        log(found["failed"])
    asked = [sequence[i] for i in zipf_mix.sent(output, WRK_THREADS, len(sequence))]
    repeats, seen = zipf_mix.repeat_rate(asked, seen)
    requests = max(1.0, found["requests"])
    by_kind = {kind: sum(queries[i].kind == kind for i in asked) / max(1, len(asked))
               for kind in sorted({q.kind for q in queries})}
    return {**found, "main_cpu_ms": (after[0] - before[0]) / requests * 1000,
            "tree_cpu_ms": (after[1] - before[1]) / requests * 1000, "repeat_rate": repeats,
            "distinct_asked": len(set(asked)), "asked_by_kind": by_kind}, seen


def tree_cpu(pid: int) -> float:
    """CPU seconds of ``pid``, of its live descendants and of its children that have exited (the
    query pool replaces a worker after 1,000 queries: its time stays counted)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    reaped = (int(fields[13]) + int(fields[14])) / os.sysconf("SC_CLK_TCK")  # cutime, cstime
    return cpu_seconds(descendants(pid)) + reaped


def medians(runs: list[dict], phase: str) -> dict:
    """Each figure of ``phase``: the median over the rounds (errors: the sum)."""
    cells = [run[phase] for run in runs]
    out = {key: statistics.median(c[key] for c in cells) for key in
           ("requests_per_s", "p50", "p99", "main_cpu_ms", "tree_cpu_ms", "repeat_rate")}
    return {**out, "errors": sum(c["errors"] for c in cells),
            "rates": [c["requests_per_s"] for c in cells],
            "failed": [c["failed"] for c in cells if c.get("failed")]}


if __name__ == "__main__":
    sys.exit(main())
