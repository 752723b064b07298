"""The build section of ``docs/benchmarks.md``: each size built by this code, and one size by
each variant side by side, with the speed-up over the first variant; and the build targets."""

from __future__ import annotations

from .plan import provenance

TEN_K = 10_000
TITLE = "## Build + validate (`kg build`)"
COLUMNS = ("articles", "density", "quads", "cold s", "ms / art.", "quads / s", "peak MB", "warm s",
           "one edit s", "variant", "cold CPU s", "one edit CPU s", "speed-up", "cache (edit)")


def section(r: dict) -> str:
    rows = [_row(run, size["runs"][0], len(size["runs"])) for size in r["sizes"] for run in size["runs"]]
    return f"""{TITLE}

{provenance(r, "python -m bench.run --only build")}, side by side on the same corpora: each
variant builds into an empty OUT (cold: every article loaded, converted and validated, the cache
filled), then again with nothing changed (warm), then after rewording one claim label of one
article, a different article each time (one edit); warm and one-edit columns are medians of
{_repeats(r)}. The variants:

{chr(10).join(f'- **{name}**: {what}' for name, what in r['variants'].items())}

The code before issue #17 and `--engine pyshacl` (pySHACL, the validator of record) are built at
{r['variants_at']} only, beside the default: they exist to show the speed-up and the two SHACL
engines' measured speed, and at 1M quads each costs minutes the one run does not have.
Speed-up: the first variant's figure divided by this one's, for cold wall time per quad; one-edit
wall time; cold CPU time per quad; one-edit CPU time (cold per quad, as the corpora differ). CPU
time (user + system, every process of the build) is the steadier figure on this machine, which
other jobs share: its load average (1 min) averaged
{r.get('load', '?')} on 2 cores during this section. Cache column: hits/lookups of the first edit
run per stage (`article` = load, `graph` = convert, `check` = validate).

| {' | '.join(COLUMNS)} |
|{'---|' * len(COLUMNS)}
{chr(10).join(rows)}"""


def _repeats(r: dict) -> str:
    counts = {}
    for size in r["sizes"]:
        counts.setdefault(len(size["runs"][-1]["warm_runs"]), []).append(f"{size['articles']:,}")
    return "; ".join(f"{n} runs at {', '.join(sizes)} articles" for n, sizes in counts.items())


def _row(run: dict, base: dict, variants: int) -> str:
    speed = "1×" if variants > 1 else "–"
    if run is not base:
        # cold figures per quad: the code before #17 builds its own synth's corpus, not this one
        per_quad = {"cold_s": True, "one_edit_s": False, "cold_cpu_s": True, "edit_cpu_s": False}
        speed = "; ".join(f"{base[k] / run[k] * (run['quads'] / base['quads'] if cold else 1):.1f}×"
                          for k, cold in per_quad.items())
    return (f"| {run['articles']:,} | {run['density']:g} | {run['quads']:,} | {run['cold_s']:.1f} | "
            f"{run['cold_s'] / run['articles'] * 1000:.0f} | {run['quads'] / run['cold_s']:,.0f} | "
            f"{run['cold_peak_mb']:,.0f} | {run['warm_s']:.1f} | {run['one_edit_s']:.1f} | "
            f"{run['variant']} | {run['cold_cpu_s']:.1f} | {run['edit_cpu_s']:.1f} | {speed} | "
            f"{run['edit_cache']} |")


def targets(r: dict) -> list[tuple[str, str, str, str]]:
    """The two build rows of the Targets table (key, target, measured, verdict), read from the
    default variant (the last of each size)."""
    last = {size["runs"][-1]["articles"]: size["runs"][-1] for size in r["sizes"]}
    ten_k = last.get(TEN_K)
    million = min(last.values(), key=lambda run: abs(run["quads"] - 1e6))
    cold = (f"{ten_k['cold_s'] / 60:.1f} min ({ten_k['cold_s']:.1f} s, {ten_k['quads']:,} quads, "
            f"{ten_k['cold_peak_mb'] / 1000:.1f} GB peak; CPU {ten_k['cold_cpu_s']:.1f} s)"
            if ten_k else "not measured")
    edit = million["one_edit_s"]
    return [("build", "10,000 news briefs built + validated cold in < 5 min", cold,
             _verdict(ten_k["cold_s"] <= 300, ten_k["cold_s"] / 300) if ten_k else "–"),
            ("rebuild", "one-article rebuild at 1M quads < 2 s",
             f"{edit:.1f} s wall, {million['edit_cpu_s']:.1f} s CPU at {million['quads']:,} quads "
             f"({million['articles']:,} articles; median of {len(million['edit_runs'])} edits)",
             _verdict(edit < 2, edit / 2))]


def _verdict(met: bool, ratio: float) -> str:
    return "met" if met else f"**missed** (×{ratio:.1f})"
