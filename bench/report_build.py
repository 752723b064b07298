"""The build section of ``docs/benchmarks.md`` from a ``--build-only`` run (``WORK/build.json``):
each size built by each variant side by side, with the speed-up over the first variant, and the
build targets; spliced into the existing file so the other sections stay as they were measured."""

from __future__ import annotations

import re

from .notes import NOTES, TARGET_WHY

TEN_K = 10_000
TITLE = "## Build + validate (`kg build`)"
COLUMNS = ("articles", "density", "quads", "cold s", "ms / art.", "quads / s", "peak MB", "warm s",
           "one edit s", "variant", "cold CPU s", "one edit CPU s", "speed-up", "cache (edit)")


def section(r: dict) -> str:
    rows = []
    for size in r["sizes"]:
        base = size["runs"][0]
        for run in size["runs"]:
            rows.append(_row(run, base))
    return f"""{TITLE}

Measured on {r['started']} by `{r['command']}`, in one run of {r['minutes']:.0f} minutes, side by
side on the same corpora: each variant builds into an empty OUT (cold: every article loaded,
converted and validated, the cache filled), then {r['repeats']} times with nothing changed (warm),
then {r['repeats']} times after rewording one claim label of one article, a different article each
time (one edit); warm and one-edit columns are medians. The variants:

{chr(10).join(f'- **{name}**: {what}' for name, what in r['variants'].items())}

Above 2M quads `--engine pyshacl` is not run (it would take over 20 minutes at 10,000 briefs; the
first variant shows that cost).

Speed-up: the first variant's figure divided by this one's, for cold wall time; one-edit wall
time; cold CPU time; one-edit CPU time. CPU time (user + system, every process of the build) is
the steadier figure on this machine, which other jobs share: its load average stayed near
{r.get('load', '7')} on 2 cores during the run, so a wall time is two to three times its
CPU time divided by the cores in use. Cache column: hits/lookups of the first edit run per stage
(`article` = load, `graph` = convert, `check` = validate).

| {' | '.join(COLUMNS)} |
|{'---|' * len(COLUMNS)}
{chr(10).join(rows)}"""


def _row(run: dict, base: dict) -> str:
    speed = "1×"
    if run is not base:
        speed = "; ".join(f"{base[k] / run[k]:.1f}×" for k in ("cold_s", "one_edit_s", "cold_cpu_s",
                                                                 "edit_cpu_s"))
    return (f"| {run['articles']:,} | {run['density']:g} | {run['quads']:,} | {run['cold_s']:.1f} | "
            f"{run['cold_s'] / run['articles'] * 1000:.0f} | {run['quads'] / run['cold_s']:,.0f} | "
            f"{run['cold_peak_mb']:,.0f} | {run['warm_s']:.1f} | {run['one_edit_s']:.1f} | "
            f"{run['variant']} | {run['cold_cpu_s']:.1f} | {run['edit_cpu_s']:.1f} | {speed} | "
            f"{run['edit_cache']} |")


def targets(r: dict) -> list[str]:
    """The two build rows of the Targets table, read from the default variant (the last)."""
    last = {size["runs"][-1]["articles"]: size["runs"][-1] for size in r["sizes"]}
    ten_k = last.get(TEN_K)
    million = min(last.values(), key=lambda run: abs(run["quads"] - 1e6))
    cold = (f"{ten_k['cold_s'] / 60:.1f} min ({ten_k['quads']:,} quads, {ten_k['cold_peak_mb'] / 1000:.1f} "
            f"GB peak)" if ten_k else "not measured")
    rows = [("10,000 articles built + validated in < 5 min", cold,
             _verdict(ten_k is not None and ten_k["cold_s"] <= 300, (ten_k or {"cold_s": 0})["cold_s"] / 300),
             TARGET_WHY["build"])]
    edits = ", ".join(f"{run['one_edit_s']:.1f} s at {run['quads'] / 1e6:.2f}M quads ({run['articles']:,})"
                      for run in last.values())
    rows.append(("one-article rebuild < 2 s", edits,
                 _verdict(million["one_edit_s"] < 2, million["one_edit_s"] / 2), TARGET_WHY["rebuild"]))
    return [f"| {target} | {measured} | {verdict} | {why} |" for target, measured, verdict, why in rows]


def _verdict(met: bool, ratio: float) -> str:
    return "met" if met else f"**missed** (×{ratio:.1f})"


def splice(doc: str, r: dict) -> str:
    """``doc`` with its build section, build target rows and notes replaced, and a line in the
    head saying when the build section was measured."""
    start = doc.index(TITLE)
    end = doc.index("\n## ", start + len(TITLE))
    doc = doc[:start] + section(r) + "\n" + doc[end:]
    new_rows = targets(r)
    for prefix, row in zip(("| 10,000 articles built", "| one-article rebuild"), new_rows, strict=True):
        doc = re.sub(rf"^{re.escape(prefix)}.*$", lambda _, row=row: row, doc, count=1, flags=re.M)
    doc = doc[:doc.index("## Notes")] + NOTES.strip() + "\n"
    note = (f" The build section was measured again on {r['started']} (`{r['command']}`), with "
            f"the code of issue #17, on the same machine.")
    doc = re.sub(r", except the build rows marked otherwise \([^)]*\)", "", doc, count=1)
    if "The build section was measured again" not in doc:
        doc = doc.replace("every number below comes from that run.", "every number below comes from "
                          "that run." + note, 1)
    return doc
