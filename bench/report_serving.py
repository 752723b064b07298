"""The serving section of ``docs/benchmarks.md``: ``kg serve`` in memory and on disk, per process."""

from __future__ import annotations

MEMORY, DISK = "in memory", "on disk, reused"


def serving(size: dict) -> dict:
    """The serving runs of one size; a run from before the on-disk rows has one in-memory total."""
    if "serving" in size:
        return size["serving"]
    old = size["serve_mb"]
    return {MEMORY: {"startup_s": old["startup_s"], "after_mb": [old["pss_mb"]]}}


def section(r: dict, million: dict) -> str:
    rows = [_row(s, label, run) for s in r["sizes"] for label, run in serving(s).items()]
    return f"""## Serving memory: in memory and on disk

`kg serve --data kg.trig` (in memory) and `kg serve --data kg.trig --store DIR` (on disk, RocksDB:
the first start loads DIR, a restart reuses it), each with its query workers (one per core, at least two) and
the time limit raised to 60 s (`KG_QUERY_TIMEOUT`) so that every query gets a time. PSS of the
process tree right after startup and after the competency queries over HTTP (each a warm-up run,
then up to five timed runs within 30 s), then the share of the server process and of each worker.

| articles | quads | store | startup s | PSS MB at start | PSS MB after queries | server / workers MB |
|---|---|---|---|---|---|---|
{chr(10).join(rows)}

{_p50(million)}"""


def _row(size: dict, label: str, run: dict) -> str:
    start = f"{sum(run['start_mb']):,.0f}" if "start_mb" in run else "–"
    each = " / ".join(f"{mb:,.0f}" for mb in run["after_mb"]) if "start_mb" in run else "–"
    return (f"| {size['articles']:,} | {size['quads']:,} | {label} | {run['startup_s']:.1f} | "
            f"{start} | {sum(run['after_mb']):,.0f} | {each} |")


def _p50(million: dict) -> str:
    runs = serving(million)
    if DISK not in runs:
        return ""
    slugs = list(runs[MEMORY]["p50_ms"])
    rows = "\n".join(f"| {slug} | {_ms(runs[MEMORY]['p50_ms'][slug])} | "
                     f"{_ms(runs[DISK]['p50_ms'].get(slug, '–'))} |" for slug in slugs)
    return f"""Query p50 over HTTP at {million['quads']:,} quads, ms (the same runs):

| query | in memory | on disk |
|---|---|---|
{rows}"""


def memory_verdict(million: dict) -> tuple[str, float]:
    """What the 1M-triple memory target reads (measured text) and the PSS it is judged on: the
    on-disk store where it was measured, the documented route below 1 GB."""
    runs = serving(million)
    memory = sum(runs[MEMORY]["after_mb"])
    if DISK not in runs:
        return f"{memory:,.0f} MB ({million['quads']:,} quads)", memory
    disk = sum(runs[DISK]["after_mb"])
    first = sum(runs["on disk, first start"]["after_mb"])
    return (f"{disk:,.0f} MB on disk (`--store DIR`; {first:,.0f} MB after the start that loads "
            f"it), {memory:,.0f} MB in memory ({million['quads']:,} quads)"), disk


def disk_slowdown(million: dict) -> str:
    """How much slower the competency queries are on disk than in memory (p50 over HTTP), as a
    range: ``1.06–5.4×``; ``?`` where the on-disk runs were not measured."""
    runs = serving(million)
    if DISK not in runs:
        return "?"
    ratios = [runs[DISK]["p50_ms"][slug] / ms for slug, ms in runs[MEMORY]["p50_ms"].items()
              if isinstance(ms, float | int) and isinstance(runs[DISK]["p50_ms"].get(slug), float | int)]
    return f"{min(ratios):.2f}–{max(ratios):.1f}×"


def _ms(value) -> str:
    return value if isinstance(value, str) else f"{value:,.1f}"
