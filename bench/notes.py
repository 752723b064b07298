"""The Notes of ``docs/benchmarks.md``: what the tables do not say. Figures in them are read from
the run's results; the rest quotes no number, so no rerun leaves a stale one behind."""

from __future__ import annotations

from .plan import size_name
from .report_targets import million, p50


def notes(r: dict, sized: list[dict]) -> str:
    items = [_densities(r, sized), UNION, _comparison(r), _spread(r, sized), INCREMENTAL,
             _not_measured(r)]
    return "## Notes\n\n" + "\n".join(f"- {item}" for item in items if item)


UNION = ("**Union default graph.** The embedded store stores the merge of the named graphs as a "
         "set, so queries that join shared triples (a shared event told by many articles) do not "
         "multiply rows. The cost is memory (serving section) and a longer start in memory (load "
         "plus the merge update: the startup column).")
INCREMENTAL = ("**Incremental and parallel build.** Each article is loaded, converted and cached on "
               "its own (a pool of forked processes, one per core), keyed by the hash of its files, "
               "the registry, the ontology, the shapes and the `kg` code. Validation units "
               "(kg/validate/units.py) keep every cross-article check and are validated in "
               "size-balanced batches; tests/build/test_build_incremental.py checks that any "
               "batching reports exactly what one whole-graph run reports and that the output is "
               "byte-identical.")


def _densities(r: dict, sized: list[dict]) -> str:
    per = {}
    for size in r.get("build", {}).get("sizes", []):
        run = size["runs"][-1]
        per.setdefault(run["density"] < 1, []).append(run["quads"] / run["articles"])
    if not per or not sized:
        return ""
    dense, briefs = (f"about {sum(v) / len(v):,.0f} quads each" if v else "not built"
                     for v in (per.get(False), per.get(True)))
    top = million(sized)
    return (f"**Two densities.** Seed-dense articles (`--density 1`: every sentence annotated like "
            f"the seeds; {dense} in this run) and news briefs (`--density 0.01`; {briefs}). The "
            f"1M-triple targets are read at {top['articles']:,} seed-dense articles "
            f"({top['quads']:,} quads).")


def _comparison(r: dict) -> str:
    c = r.get("compare")
    servers = {s["name"]: s for s in (c or {}).get("servers", []) if not s.get("missing")}
    if "rdflib-endpoint" not in servers:
        return ""
    latency = servers["rdflib-endpoint"]["latency"]
    slowest, query = max((p50(v), q) for q, v in latency.items() if p50(v))
    gave_up = [f"`{q}` ({v})" for q, v in latency.items() if isinstance(v, str) and v.startswith(">")]
    also = f", and did not answer {', '.join(gave_up)}" if gave_up else ""
    return (f"**Comparison size.** The servers are compared at {c['articles']} articles only: "
            f"there rdflib-endpoint already takes {slowest / 1000:,.1f} s (p50) for `{query}`{also}; "
            "its engine's time grows with the data. At this size per-request overhead weighs most: "
            "the unfavourable case for our endpoint (worker IPC and the Python result writer).")


def _spread(r: dict, sized: list[dict]) -> str:
    top = million(sized)
    warm = top.get("warm_runs") or []
    if len(warm) < 2:
        return ""
    return (f"**Shared machine.** The same unchanged build of {top['articles']:,} articles took "
            f"{min(warm):.2f}–{max(warm):.2f} s over its {len(warm)} warm runs in this run "
            f"({(max(warm) / min(warm) - 1):.0%} apart): single figures move; ratios measured "
            "side by side are the figure.")


def _not_measured(r: dict) -> str:
    served = {(s["articles"], s["density"]) for s in r.get("latency", {}).get("sizes", [])}
    built_only = [size_name((s["articles"], s["density"])) for s in r.get("build", {}).get("sizes", [])
                  if (s["articles"], s["density"]) not in served]
    apart = (f"queries and serving at {', '.join(built_only)} (built only: the hour's budget); "
             if built_only else "")
    return (f"**Not measured.** {apart}rdflib-endpoint above the comparison size (its engine is "
            "too slow there); a long soak; memory under concurrent load (in memory, a worker's "
            "copy grows with what its queries read).")
