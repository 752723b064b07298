"""``make bench-abuse`` = ``python -m bench.abuse``: the endpoint under abuse, before and after
issue #15, side by side in one run; writes its section of ``docs/benchmarks.md``.

Both servers serve the graph built from seeds/ with the issue's settings (2 query workers,
8 request threads, ``KG_QUERY_TIMEOUT=3``); "before" is the code of ``--before`` (a git revision,
unpacked with ``git archive``). Clients are told apart by source address (127.0.0.0/8 all reaches
the server); each phase speaks from fresh addresses, so the per-client budgets, which refill over a
minute, do not enter these short phases (the budget has its own phase). Phases:

- cheap ``ASK {}``, two keep-alive client threads: alone, then while another client keeps two
  runaway queries (a cartesian product with ORDER BY) in flight; the same with a cheap query that
  reads data and is new each time (``ASK { ?s ?p ?o } #n``), which no cache answers: it needs a
  worker while the runaways hold theirs;
- one fair client (one connection, as fast as it goes): alone, then while a greedy one hammers
  with wrk (16 connections); five such pairs, each measured back to back, with the greedy wrk at
  ``nice 19`` (it stands for a client on another machine: on this one it shares the server's two
  cores, and at the same priority it takes the CPU the fair client needs to send its next request,
  which is no fault of the server's), then three pairs with wrk at normal priority, for reference;
- a new client's first answer while 150 half-open connections are held;
- (after only) how long a client flooding one keep-alive connection lasts before its first 429;
- cheap-query throughput (wrk, 8 connections) before and after, alternately, five times each; the
  "after" servers for this run with the per-client limits raised out of reach, so that they
  measure the request path (the bookkeeping still runs), not the limits, and with the defaults.
"""

from __future__ import annotations

import argparse
import json
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from .abuse_clients import Load, first_429, half_open_answer, hammer, wrk_rps
from .proc import Server, cpu_seconds, descendants, free_port, machine
from .report_abuse import write_section

ROOT = Path(__file__).resolve().parent.parent
RUNAWAY = "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l } ORDER BY ?c ?f ?i ?l"
SETTINGS = {"KG_QUERY_TIMEOUT": "3", "KG_WORKERS": "2"}
# The per-client limits out of reach, one client's requests admitted 4 at a time (as many as the
# pool of 2 workers takes: one running and one next per worker) or all 8 of wrk's at once (then 4
# wait for the pool in the scheduler, a second wait per query).
UNLIMITED = {"KG_CLIENT_BUDGET": "1000000", "KG_CLIENT_QUERIES": "8", "KG_CLIENT_WORKERS": "8"}
# One client (wrk) with the limits out of reach and its requests admitted 8 at once.
ONE_CLIENT = {**UNLIMITED, "KG_CLIENT_REQUESTS": "8"}
THROUGHPUT = (("after, limits out of reach, 4 at once", {**UNLIMITED, "KG_CLIENT_REQUESTS": "4"}),
              ("after, limits out of reach, 8 at once", ONE_CLIENT),
              ("after, defaults", {}))
THREADS = "8"
PAIRS = 5  # fair-client pairs (alone, then with a greedy client) per server
NICE = 19  # the greedy load generator's priority (see the module docstring)
ROUNDS = 5  # cheap-query throughput rounds per server


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", default=None,
                        help="git revision of the code to compare with (default: the commit "
                             "before the hardening of issue #15, which added kg/store/lexer.py)")
    parser.add_argument("--seconds", type=float, default=10, help="each phase's duration")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "kg-abuse")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        sys.exit("wrk is needed: apt-get install -y wrk")
    args.work.mkdir(parents=True, exist_ok=True)
    results = measure(args)
    (args.work / "abuse.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    write_section(args.out, results)
    print(f"wrote {args.out} (section 'Abuse'); raw figures in {args.work / 'abuse.json'}",
          file=sys.stderr)


def measure(args) -> dict:
    started = time.time()
    before = args.before or _revision_before_hardening()
    trig = _build(args.work)
    old = _unpack(before, args.work / "before")
    results = {"machine": machine(), "before_rev": before, "after_rev": _head(),
               "seconds": args.seconds, "load_before": _load_average(),
               "started": time.strftime("%Y-%m-%d %H:%M"), "settings": SETTINGS,
               "unlimited": UNLIMITED, "threads": THREADS}
    for label, code in (("before", old), ("after", ROOT)):
        log(f"{label}: abuse phases")
        with _serve(code, trig, SETTINGS) as url:
            results[label] = phases(url, args.seconds, label == "after",
                                    getattr(args, "pairs", PAIRS), getattr(args, "flood_s", 180))
    servers = (("before", old, {}), *((label, ROOT, extra) for label, extra in THROUGHPUT))
    results["throughput"] = {label: [] for label, _, _ in servers}
    for round_ in range(getattr(args, "rounds", ROUNDS)):  # bench.run's plan sets fewer
        for label, code, extra in servers:
            log(f"throughput round {round_ + 1}: {label}")
            serving = _serve(code, trig, {**SETTINGS, **extra})
            with serving as url:
                results["throughput"][label].append(costed(serving.server.process.pid, url,
                                                           args.seconds))
    results["minutes"] = (time.time() - started) / 60
    results["load_after"] = _load_average()
    return results


def _load_average() -> str:
    """The machine's 1, 5 and 15 minute load averages: how busy the shared cores were."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def phases(url: str, seconds: float, budget: bool, pairs: int = PAIRS, flood_s: float = 180) -> dict:
    out = {"ask_alone": Load(url, "127.0.0.2", threads=2).run(seconds),
           "distinct_alone": Load(url, "127.0.0.5", threads=2, distinct=True).run(seconds)}
    stop = threading.Event()
    runaways = [threading.Thread(target=hammer, args=(url, RUNAWAY, "127.0.0.3", stop))
                for _ in range(2)]
    for thread in runaways:
        thread.start()
    time.sleep(1.0)  # both runaways are in
    out["ask_with_runaways"] = Load(url, "127.0.0.4", threads=2).run(seconds)
    out["distinct_with_runaways"] = Load(url, "127.0.0.6", threads=2, distinct=True).run(seconds)
    stop.set()
    for thread in runaways:
        thread.join()
    out["fairness"] = [fair_pair(url, seconds, f"127.0.1.{i}", NICE) for i in range(pairs)]
    out["fairness_same_priority"] = [fair_pair(url, seconds, f"127.0.1.{i + 10}", 0)
                                     for i in range(max(1, pairs * 3 // 5))]
    out["half_open_ms"] = half_open_answer(url, 150, "127.0.0.7", "127.0.0.8")
    if budget:
        out["first_429"] = first_429(url, "127.0.0.9", limit_s=flood_s)
    return out


def costed(pid: int, url: str, seconds: float) -> dict:
    """wrk's figures, and the CPU time the server spent per request: in the web process
    (the request path) and in all its processes (the workers too)."""
    before = cpu_seconds([pid]), cpu_seconds(descendants(pid))
    found = wrk_rps(url, 8, seconds)
    after = cpu_seconds([pid]), cpu_seconds(descendants(pid))
    requests = max(1.0, found["requests"])
    return {**found, "web_us": (after[0] - before[0]) / requests * 1e6,
            "tree_us": (after[1] - before[1]) / requests * 1e6}


def fair_pair(url: str, seconds: float, source: str, nice: int) -> dict:
    """One fair client's throughput alone, then while a greedy client hammers (wrk, 16
    connections, at ``nice``): a pair measured back to back, so that both see the same machine."""
    alone = Load(url, source, threads=1).run(seconds)
    greedy: dict = {}
    hammering = threading.Thread(
        target=lambda: greedy.update(wrk_rps(url, 16, seconds + 2, nice)))
    hammering.start()
    time.sleep(1.0)
    loaded = Load(url, source.replace("127.0.1.", "127.0.2."), threads=1).run(seconds)
    hammering.join()
    return {"alone": alone, "loaded": loaded, "greedy": greedy,
            "share": loaded["per_s"] / alone["per_s"]}


class _serve:
    """``kg serve`` from the code in ``code`` on a free port; the URL of its /sparql."""

    def __init__(self, code: Path, trig: Path, env: dict):
        self.code, self.trig, self.env = code, trig, env

    def __enter__(self) -> str:
        port = free_port()
        args = [sys.executable, "-m", "kg", "serve", "--data", str(self.trig), "--port", str(port),
                "--threads", THREADS]
        env = {**self.env, "PYTHONPATH": str(self.code)}
        self.server = Server("kg serve", args, f"http://127.0.0.1:{port}/sparql?query=ASK%7B%7D",
                             env, cwd=self.code)
        return f"http://127.0.0.1:{port}/sparql"

    def __exit__(self, *exc) -> None:
        self.server.stop()


def _build(work: Path) -> Path:
    from kg.build.dataset import build

    out = work / "build"
    if not (out / "kg.trig").exists():
        log("build the graph from seeds/")
        build(ROOT / "seeds", out)
    return out / "kg.trig"


def _unpack(revision: str, folder: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", revision], check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def _revision_before_hardening() -> str:
    added = subprocess.run(["git", "-C", str(ROOT), "log", "--diff-filter=A", "--format=%H",
                            "--", "kg/store/lexer.py"], capture_output=True, text=True, check=True)
    first = added.stdout.split()[-1] if added.stdout.split() else "HEAD"
    return _rev(f"{first}^")


def _head() -> str:
    dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--", "kg", "web"],
                           capture_output=True, text=True).stdout.strip()
    return _rev("HEAD") + (" + uncommitted changes" if dirty else "")


def _rev(name: str) -> str:
    return subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", name],
                          capture_output=True, text=True, check=True).stdout.strip()


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    socket.setdefaulttimeout(60)
    main()
