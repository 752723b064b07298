"""``python -m bench.entity_page --data kg.trig``: the busiest entity page, uncached, before and
after, side by side in one run; writes its section of ``docs/benchmarks.md``.

Each side is its own process (``bench.entity_worker``, the code of ``--before`` unpacked with
``git archive``, and this checkout) on the same data, through the Flask test client with both
caches off (``KG_CACHE_MB=0``, ``KG_RESPONSE_CACHE_MB=0``): what an uncached page costs the app.
The sides render in turn, ``--per`` pages at a time, for ``--rounds`` rounds, so a busy spell of a
shared machine falls on both; the pages must be byte-identical.
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
from pathlib import Path

from .abuse import ROOT, _head, _rev, _unpack, log
from .plan import provenance
from .proc import machine
from .request_path import splice

SECTION = "## Entity page at 1M quads: before and after (issue #17)"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="a built kg.trig")
    parser.add_argument("--before", default="0d9fb76", help="git revision to compare with")
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--per", type=int, default=3, help="pages per side per round")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "kg-entity")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args(argv)
    results = measure(args)
    text = args.out.read_text(encoding="utf-8")
    args.out.write_text(splice(text, render(results), SECTION), encoding="utf-8")
    log(f"wrote its section of {args.out}")


def measure(args) -> dict:
    sides = {"before": _unpack(args.before, args.work / "before"), "after": ROOT}
    load = [os.getloadavg()[0]]
    workers = {name: _start(code, args.data) for name, code in sides.items()}
    ready = {name: json.loads(p.stdout.readline()) for name, p in workers.items()}
    found: dict = {name: {"wall": [], "cpu": [], "bodies": set()} for name in workers}
    started = time.time()
    for _ in range(args.rounds):
        for name, process in workers.items():
            process.stdin.write(f"{args.per}\n")
            process.stdin.flush()
            got = json.loads(process.stdout.readline())
            found[name]["wall"] += got["wall"]
            found[name]["cpu"] += got["cpu"]
            found[name]["bodies"].add(got["body"])
    for process in workers.values():
        process.stdin.close()
        process.wait()
        process.stdout.close()
    load.append(os.getloadavg()[0])
    same = len(found["before"]["bodies"] | found["after"]["bodies"]) == 1
    return {"machine": machine(), "ready": ready["after"], "same": same, "load": load,
            "before": _rev(args.before), "after": _head(), "minutes": (time.time() - started) / 60,
            "rounds": args.rounds, "per": args.per,
            "started": time.strftime("%Y-%m-%d %H:%M", time.localtime(started)),
            "sides": {n: {"wall": v["wall"], "cpu": v["cpu"]} for n, v in found.items()}}


def _start(code: Path, data: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(code)}
    # This checkout's worker for both sides, run by path without putting bench/ first on the
    # path (its http.py would hide the standard library's); kg, web and bench.latency come
    # from PYTHONPATH: the side's own code.
    run = (f"import runpy, sys; sys.argv = ['entity_worker', {str(data.resolve())!r}]; "
           f"runpy.run_path({str(ROOT / 'bench' / 'entity_worker.py')!r}, run_name='__main__')")
    return subprocess.Popen([sys.executable, "-c", run],
                            cwd=code, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            text=True)


def render(r: dict) -> str:
    rows = [f"| {name} | {_ms(s['wall'], 0.5)} | {_ms(s['wall'], 0.95)} | {_ms(s['cpu'], 0.5)} | "
            f"{len(s['wall'])} |" for name, s in r["sides"].items()]
    ratio = statistics.median(r["sides"]["after"]["wall"]) / statistics.median(
        r["sides"]["before"]["wall"])
    p50 = statistics.median(r["sides"]["after"]["wall"])
    return f"""{SECTION}

{provenance(r, f"python -m bench.entity_page --data kg.trig --rounds {r['rounds']} --per {r['per']}")},
on {r['machine']['CPU']}: the page
`{r['ready']['path']}` at {r['ready']['quads']:,} quads, the
Flask test client, both caches off. Before: `{r['before']}`; after: `{r['after']}`; the two render
in turn. Load average (1 min) at the start and the end: {r['load'][0]:.1f}, {r['load'][-1]:.1f}.
The pages are {'byte-identical' if r['same'] else '**not** identical'}.

| code | p50 ms | p95 ms | CPU p50 ms | renders |
|---|---|---|---|---|
{chr(10).join(rows)}

After / before (p50): {ratio:.2f}×. Target "entity page p50 < 20 ms uncached at 1M quads":
{'met' if p50 < 20 else '**missed**'} ({p50:.1f} ms).
"""


def _ms(values: list[float], q: float) -> str:
    ordered = sorted(values)
    return f"{ordered[min(len(ordered) - 1, int(q * len(ordered)))]:.1f}"


if __name__ == "__main__":
    sys.exit(main())
