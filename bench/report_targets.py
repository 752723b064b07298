"""The Targets table and the Notes of ``docs/benchmarks.md``, read from one run's results.

Every figure here is formatted from the results; the explanations that do not depend on a run
(why a cost is what it is) quote no number, so a new run can never leave a stale one behind.
"""

from __future__ import annotations

import statistics

from . import report_build, report_zipf
from .report_serving import disk_slowdown, memory_verdict
from .sections import UNCACHED

WHY = {
    "build": "A news brief is about {brief_quads} quads (every statement carries its evidence "
             "span){ten_k_quads}. {variant_speedup} Peak memory is the one-pass "
             "merge of every quad in Oxigraph plus the validating workers.",
    "linear": "Per-article work is independent and the corpus-wide steps read cached per-graph "
              "summaries instead of every quad. Briefs cost more per quad than seed-dense articles "
              "for their fixed per-article costs (YAML and pydantic loading, cache files).",
    "rebuild": "Only the edited article is loaded, converted and validated again (cache column); "
               "the others come from the cache, their line numbers and quote spans left pickled "
               "until read, and the process frees its heap at exit without collecting it. A build "
               "with nothing changed takes {warm} at that size (the warm column): what every run "
               "pays (Python imports, reading the cached summaries, writing the merged outputs), and "
               "it grows with the corpus. Much less needs a light per-article index for the "
               "cross-file checks and validation-unit keys kept from one build to the next.",
    "page": "Each statement's sources come with the statements (no third query over the same "
            "neighbourhood); what a claim card may lack is one query of UNION branches instead of "
            "OPTIONALs, which Oxigraph plans at a fixed cost each. Oxigraph evaluates an OPTIONAL "
            "or a UNION branch on its own before joining it, so each one names the node or the "
            "claims it is about, or it reads the whole corpus; a claim list leaves out the stance "
            "and source patterns it does not filter on. The page is CPU-bound, so a loaded machine "
            "stretches it: compare side by side.",
    "memory": "Met on disk, not in memory. In memory the store holds the named graphs and the "
              "union default graph (stored as a set for correct joins: docs/endpoint.md), and the "
              "forked query workers do not keep sharing it: pyoxigraph's in-memory store writes to "
              "every index node a query walks (reference counts), so each worker ends up with a "
              "private copy of the pages its queries read (the workers' share in the serving table). "
              "`kg serve --data FILE --store DIR` (RocksDB) is the route below 1 GB: its workers hold "
              "mostly RocksDB's caches, heavy queries are {disk_slowdown} slower (the HTTP p50 "
              "table), and its files are read through the OS page cache (shared, not in PSS).",
    "vs-oxigraph": "Both engines answer the same union (a stored set: `oxigraph serve` gets the same "
                   "merge update after loading). Each of our queries crosses a process boundary "
                   "(the killable worker pool that enforces the time limit) and its rows are "
                   "written by Python; `oxigraph serve` is one Rust process.",
    "vs-rdflib": "rdflib's engine is {rdflib_slower} slower than Oxigraph's on the queries both "
                 "answer (p50, the latency table){rdflib_errors}.",
    "path": "The response cache answers a repeat before Flask routing; an uncached request runs "
            "the guard once and the leaner hooks (the request path section).",
    "zipf": "Most requests of a Zipf mix repeat a recent query, which the response cache answers "
            "without Flask or a worker (the serving-mix section).",
}


def million(sized: list[dict]) -> dict:
    """The served size the 1M-triple targets are read at."""
    return min(sized, key=lambda s: abs(s["quads"] - 1e6)) if sized else {}


def targets(r: dict, sized: list[dict]) -> str:
    rows = [f"| {target} | {measured} | {verdict} | {WHY.get(key, '').format(**_facts(r, sized))} |"
            for key, target, measured, verdict in _verdicts(r, sized)]
    return f"""## Targets

| target | measured | met? | why |
|---|---|---|---|
{chr(10).join(rows)}"""


def _verdicts(r: dict, sized: list[dict]):
    done = r.get("done", [])
    if "build" in done:
        built = report_build.targets(r["build"])
        yield built[0]
        yield _linear(r["build"])
        yield built[1]
    if "entity_page" in done:
        yield _page(r["entity_page"])
    if sized and "serving" in done:
        measured, memory = memory_verdict(million(sized))
        yield ("memory", "serving 1M triples in < 1 GB", measured, verdict(memory < 1024, memory / 1024))
    if "compare" in done:
        yield from _server_verdicts(r["compare"])
    if "request_path" in done:
        yield from _path(r["request_path"])
    if "zipf" in done:
        yield _zipf(r["zipf"])


def _linear(b: dict):
    """Seconds per million quads within each density, from 100 articles up."""
    runs = [s["runs"][-1] for s in b["sizes"] if s["articles"] >= 100]
    per = {}
    for run in runs:
        per.setdefault(run["density"], []).append((run["articles"], run["cold_s"] / run["quads"] * 1e6))
    told = "; ".join(f"density {d:g}: " + ", ".join(f"{p:.0f} ({a:,})" for a, p in v) for d, v in per.items())
    worst = max((max(p for _, p in v) / min(p for _, p in v) for v in per.values() if len(v) > 1),
                default=None)
    return ("linear", "linear growth (cold s per M quads, within a density)", told or "–",
            "–" if worst is None else verdict(worst < 1.5, worst))


def _page(e: dict):
    after, before = (statistics.median(e["sides"][n]["wall"]) for n in ("after", "before"))
    return ("page", "entity page p50 < 20 ms uncached at 1M quads",
            f"{after:.1f} ms (`{e['ready']['path']}`, {e['ready']['quads']:,} quads; before its last "
            f"two passes, side by side: {before:.1f} ms)", verdict(after < 20, after / 20))


def _server_verdicts(c: dict):
    """Judged on `kg serve` without its response cache where the run has it (the query path:
    the stricter reading), with the cached server's figure beside it."""
    servers = [s for s in c["servers"] if not s.get("missing")]
    judged = UNCACHED if any(s["name"] == UNCACHED for s in servers) else "kg serve"
    for connections in ("8", "32"):
        ours, ox = _rps(servers, judged, connections), _rps(servers, "oxigraph serve", connections)
        cached = _rps(servers, "kg serve", connections)
        rdf = _rps(servers, "rdflib-endpoint", connections)
        ratio = ours / ox if ox else 0.0
        beside = f" (with the response cache: {cached / ox:.2f}×)" if judged != "kg serve" and ox else ""
        yield ("vs-oxigraph", f"≥ 0.5× `oxigraph serve` ({connections} clients)",
               f"{ratio:.2f}× without the response cache{beside}" if beside else f"{ratio:.2f}×",
               verdict(ratio >= 0.5, 0.5 / ratio if ratio else 0))
        if rdf:
            yield ("vs-rdflib", f"≥ 30× rdflib-endpoint ({connections} clients)", f"{ours / rdf:,.1f}×",
                   verdict(ours / rdf >= 30, 30 * rdf / ours if ours else 0))
    errors = sum(t["errors"] for s in servers if s["name"].startswith("kg serve")
                 for t in s["throughput"].values())
    yield ("errors", "0 errors under load", f"{errors} errors", verdict(errors == 0, errors))


def _rps(servers: list[dict], name: str, connections: str) -> float:
    found = next((s for s in servers if s["name"] == name), None)
    return found["throughput"][connections]["requests_per_s"] if found else 0.0


def _path(p: dict):
    cases = {c["name"]: statistics.median(c["after"]) / statistics.median(c["before"]) for c in p["cases"]}
    for case, floor, target in (
            ("ASK {} repeated", 5, "repeated trivial query ≥ 5× the req/s before #17"),
            ("ASK {} uncached", 1.5, "uncached trivial query ≥ 1.5× the req/s before #17")):
        if case in cases:
            yield "path", target, f"{cases[case]:.2f}× (`{p['before']}` → `{p['after']}`)", verdict(
                cases[case] >= floor, floor / cases[case])


def _zipf(z: dict):
    found = report_zipf.target_ratios(z)
    told = ", ".join(f"{phase} {ratio:.2f}×" for phase, ratio in found) or "no graph of 1M quads in the run"
    worst = min((ratio for _, ratio in found), default=0)
    return ("zipf", "Zipf mix at 1M quads ≥ 1.0× `oxigraph serve`, warm and cold", told,
            verdict(worst >= 1, 1 / worst if worst else 0) if found else "–")


def verdict(met: bool, ratio: float) -> str:
    return "met" if met else f"**missed** (×{ratio:,.1f})"


def _facts(r: dict, sized: list[dict]) -> dict:
    build = {(s["articles"], s["density"]): s["runs"] for s in r.get("build", {}).get("sizes", [])}
    brief = next((runs[-1] for (a, d), runs in build.items() if d < 1), None)
    ten_k = next((runs[-1] for (a, _), runs in build.items() if a == report_build.TEN_K), None)
    top = million(sized)
    return {"brief_quads": f"{brief['quads'] / brief['articles']:,.0f}" if brief else "?",
            "ten_k_quads": f", so 10,000 briefs are {ten_k['quads'] / 1e6:.1f}M quads" if ten_k else "",
            "variant_speedup": _speedup(build), "disk_slowdown": disk_slowdown(top) if top else "?",
            "warm": f"{top['warm_s']:.1f} s" if top else "?", **_rdflib(r.get("compare"))}


def _speedup(build: dict) -> str:
    """The default build against the other variants at the size they were all built."""
    for (articles, density), runs in build.items():
        if len(runs) > 1:
            ours = runs[-1]["cold_s"] / runs[-1]["quads"]  # per quad: the corpora may differ
            faster = ", ".join(f"{run['cold_s'] / run['quads'] / ours:.1f}× faster per quad than "
                               f"{run['variant']}" for run in runs[:-1])
            kind = "briefs" if density < 1 else "articles"
            return f"Cold, at {articles:,} {kind}, the default build is {faster} (the build table)."
    return ""


def _rdflib(c: dict | None) -> dict:
    servers = {s["name"]: s for s in (c or {}).get("servers", []) if not s.get("missing")}
    if "rdflib-endpoint" not in servers or "oxigraph serve" not in servers:
        return {"rdflib_slower": "(not measured)", "rdflib_errors": ""}
    rdf, ox = servers["rdflib-endpoint"]["latency"], servers["oxigraph serve"]["latency"]
    ratios = [p50(rdf[q]) / p50(ox[q]) for q in rdf if p50(rdf[q]) and p50(ox.get(q))]
    failed = [q for q, v in rdf.items() if isinstance(v, str)]
    return {"rdflib_slower": f"{min(ratios):.1f}–{max(ratios):,.0f}×" if ratios else "(no common query)",
            "rdflib_errors": (f"; it answered {', '.join(failed)} with an error, left out of every "
                              "server's mix") if failed else ""}


def p50(value) -> float | None:
    """A latency's p50 ms, however it was stored (a Spread, a [p50, p95] pair); None if it failed."""
    if isinstance(value, dict):
        return value["p50_ms"]
    return value[0] if isinstance(value, list | tuple) else None
