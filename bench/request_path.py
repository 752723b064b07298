"""``make bench-request-path`` = ``python -m bench.request_path``: what a request costs above the
engine, before and after issue #17, side by side in one run; writes its section of
``docs/benchmarks.md`` (``make bench`` measures it too, with the plan's shorter rounds).

Both servers serve the graph built from seeds/ (2 query workers, 8 request threads) with the
per-client limits of issue #15 raised out of reach: wrk is one client, and these rounds measure the
request path, not the limits. "Before" is the code of ``--before`` (default: the merge base of
issue #17's branches), unpacked with ``git archive``. Each case is wrk, 2 threads, 8 connections,
one URL repeated; the servers take turns, round after round, so a busy spell of this shared
machine falls on both. Cases:

- ``ASK {}`` repeated: "after" answers it from its response cache;
- a competency query repeated (query 05, ~1.2 KB of SPARQL in the URL), the same;
- ``ASK {}`` uncached: "after" with its response cache switched off (``KG_RESPONSE_CACHE_MB=0``).
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
import urllib.parse
from pathlib import Path

from .abuse import ONE_CLIENT, ROOT, _build, _head, _rev, _serve, _unpack, log
from .http import parse_wrk
from .plan import provenance
from .proc import machine

BEFORE = "a823d4d"  # main before issue #17's branches (perfserve, perfbuild) were merged
QUERY = next((ROOT / "kg" / "queries").glob("05-*.rq")).read_text(encoding="utf-8")
CASES = (  # name, query, environment of "after"
    ("ASK {} repeated", "ASK {}", {}),
    ("competency query 05 repeated", QUERY, {}),
    ("ASK {} uncached", "ASK {}", {"KG_RESPONSE_CACHE_MB": "0"}),
)
SETTINGS = {**ONE_CLIENT, "KG_WORKERS": "2"}
ROUNDS = 3
SECTION = "## Request path: before and after issue #17"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", default=BEFORE, help="git revision to compare with")
    parser.add_argument("--seconds", type=float, default=10, help="each wrk round's duration")
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "kg-request-path")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    results = measure(args)
    (args.work / "request_path.json").write_text(json.dumps(results, indent=1), "utf-8")
    text = args.out.read_text(encoding="utf-8")
    args.out.write_text(splice(text, render(results)), encoding="utf-8")
    log(f"wrote its section of {args.out}")


def measure(args) -> dict:
    trig = _build(args.work)
    before = _unpack(args.before, args.work / "before")
    started, load = time.time(), [os.getloadavg()[0]]
    cases = []
    for name, query, after_env in CASES:
        rounds: dict[str, list] = {"before": [], "after": [], "errors": 0}
        for _ in range(args.rounds):
            for side, code, env in (("before", before, {}), ("after", ROOT, after_env)):
                with _serve(code, trig, {**SETTINGS, **env}) as url:
                    log(f"{name}: {side}")
                    wrk(url, query, 1)  # warm-up: the first answer fills the cache
                    answer = wrk(url, query, args.seconds)
                    rounds[side].append(answer["requests_per_s"])
                    rounds["errors"] += answer["errors"]
        cases.append({"name": name, **rounds})
        load.append(os.getloadavg()[0])
    return {"machine": machine(), "started": time.strftime("%Y-%m-%d %H:%M", time.localtime(started)),
            "minutes": (time.time() - started) / 60, "before": _rev(args.before), "after": _head(),
            "seconds": args.seconds, "rounds": args.rounds, "cases": cases, "load": load}


def wrk(url: str, query: str, seconds: float) -> dict:
    target = f"{url}?query={urllib.parse.quote(query)}"
    command = ["wrk", "-t2", "-c8", f"-d{seconds:g}s", "--timeout", "10s", "--latency", target]
    return parse_wrk(subprocess.run(command, capture_output=True, text=True, check=True).stdout)


def render(r: dict) -> str:
    rows = []
    for case in r["cases"]:
        before, after = statistics.median(case["before"]), statistics.median(case["after"])
        rows.append(f"| {case['name']} | {_list(case['before'])} | {_list(case['after'])} | "
                    f"{before:,.0f} | {after:,.0f} | {after / before:.2f}× | {case['errors']} |")
    return f"""{SECTION}

{provenance(r, _command(r))},
on {r['machine']['CPU']}. Before:
`{r['before']}`; after: `{r['after']}`. `wrk -t2 -c8 -d{r['seconds']:g}s` on one URL repeated, the
servers taking turns round after round; the graph built from seeds/, 2 query workers, 8 threads, the
per-client limits out of reach (one client). Medians of the rounds; the ratio is after / before.
The machine's load average (1 min) at the start and after each case: {_loads(r)}
(2 cores; wrk and other jobs share them, so absolute rates are low and the ratios are the figure).

| case | before: req/s, rounds | after: req/s, rounds | before | after | after / before | non-2xx |
|---|---|---|---|---|---|---|
{chr(10).join(rows)}
"""


def _command(r: dict) -> str:
    return f"python -m bench.request_path --seconds {r['seconds']:g} --rounds {r.get('rounds', ROUNDS)}"


def _loads(r: dict) -> str:
    return ", ".join(f"{x:.1f}" for x in r.get("load", []))


def _list(values: list[float]) -> str:
    return ", ".join(f"{v:,.0f}" for v in values)


def splice(text: str, section: str, heading: str = SECTION) -> str:
    """``text`` with its section under ``heading`` replaced (or added before the Notes)."""
    if heading in text:
        start = text.index(heading)
        end = text.find("\n## ", start + len(heading))
        return text[:start] + section + (text[end:] if end != -1 else "")
    notes = text.find("\n## Notes")
    return text + "\n" + section if notes == -1 else text[:notes + 1] + section + "\n" + text[notes + 1:]


if __name__ == "__main__":
    sys.exit(main())
