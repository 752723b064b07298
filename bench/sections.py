"""Each section of ``make bench``: a function of the run that measures it and returns its results.

The sections share the run's corpora: the build section builds each size once (bench/build.py,
into ``WORK/build-NAME``), and the later sections query and serve those builds, so a size is
never synthesised or built twice. The sub-benches measure as they do alone; the plan
(bench/plan.py) only shortens their phases.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import statistics
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

from . import abuse, backends, build, entity_page, http, latency, request_path, zipf
from .plan import Plan, repeats, size_name
from .proc import run_timed


@dataclass
class Run:
    plan: Plan
    work: Path
    quick: bool
    results: dict
    save: object = field(default=lambda: None)  # called after each size: a crash loses little

    def trig(self, size: tuple[int, float]) -> Path:
        """The build section's output for ``size``: what the later sections serve (built here,
        untimed, when a section is measured apart from the build: ``--only``)."""
        name = build.corpus_name(*size)
        trig = self.work / f"build-{name}" / "kg.trig"
        if not trig.exists():
            log(f"build {size_name(size)} (untimed: the build section did not run)")
            seeds = build.synth(size[0], self.work / f"corpus-{name}", 1, size[1])
            run_timed([*build.KG, "build", "--seeds", str(seeds), "--out", str(trig.parent)])
        return trig

    def partial(self, name: str, head: dict) -> dict:
        """This section's results so far (kept by ``--resume``), or a fresh ``head``."""
        return self.results.setdefault(name, head)


def measure_build(run: Run) -> dict:
    """Every build size by this code; ``plan.variants_at`` also before #17 and with pySHACL."""
    plan, loads = run.plan, []
    variants = [build.before_variant(plan.before_build, run.work), build.engine_variant("pyshacl"),
                build.CURRENT]
    out = run.partial("build", {"sizes": [], "variants_at": size_name(plan.variants_at),
                                "variants": {v.name: _what(v) for v in variants}})
    done = {(s["articles"], s["density"]) for s in out["sizes"]}
    for size in [s for s in plan.builds if s not in done]:
        runs = []
        for variant in variants if size == plan.variants_at else [build.CURRENT]:
            log(f"build {size_name(size)}: {variant.name}")
            loads.append(os.getloadavg()[0])
            runs.append(plain(build.measure(size[0], run.work, size[1], variant=variant,
                                            repeats=repeats(plan, size[0]))))
        out["sizes"].append({"articles": size[0], "density": size[1], "runs": runs})
        out["load"] = f"{statistics.mean(loads + [os.getloadavg()[0]]):.1f}"
        run.save()
    return out


def _what(variant: build.Variant) -> str:
    if variant.env.get("PYTHONPATH"):
        return ("the project before issue #17 (converted through rdflib's store, validated by "
                "pySHACL), run from `git archive` of that commit put first on PYTHONPATH; it builds "
                "the corpus its own `kg synth` writes with the same seed, size and density (the "
                "seed files' format has grown since, so it cannot read today's): the quads "
                "column shows how close the two corpora are")
    if variant.args:
        return ("this code, validated by pySHACL, the validator of record "
                f"(`kg build {' '.join(variant.args)}`)")
    return "this code as `kg build` runs it: the N-Quads collector and the `shacl` engine"


def measure_latency(run: Run) -> dict:
    """The competency queries in-process and the busiest entity page, at each served size."""
    out = run.partial("latency", {"sizes": []})
    done = {(s["articles"], s["density"]) for s in out["sizes"]}
    for size in [s for s in run.plan.served if s not in done]:
        log(f"latency {size_name(size)}")
        runs = 2 if run.quick else 5 if size[0] >= 1000 else 15
        queries, pages, path = latency.measure(run.trig(size), runs)
        out["sizes"].append({"articles": size[0], "density": size[1], "runs": runs,
                             "queries": plain(queries), "pages": plain(pages), "page_path": path})
        run.save()
    return out


SERVING = (("in memory", "kg serve"), ("on disk, first start", http.KG_DISK),
           ("on disk, reused", http.KG_DISK))  # the first --store start loads the directory
SERVING_ENV = {"KG_QUERY_TIMEOUT": "60"}  # the heaviest query takes ~7 s on disk at 1M quads: near
# the default 10 s limit on a busy machine, and a timed-out query has no latency to report


def measure_serving(run: Run) -> dict:
    """``kg serve`` in memory and on disk at each served size: PSS per process, startup, p50s."""
    out = run.partial("serving", {"sizes": []})
    done = {(s["articles"], s["density"]) for s in out["sizes"]}
    for size in [s for s in run.plan.served if s not in done]:
        log(f"serving memory {size_name(size)}")
        trig = run.trig(size)
        shutil.rmtree(http.store_dir(trig, run.work), ignore_errors=True)
        out["sizes"].append({"articles": size[0], "density": size[1], "serving": {
            label: _serving(name, trig, run.work) for label, name in SERVING}})
        run.save()
    return out


def _serving(name: str, trig: Path, work: Path) -> dict:
    from .proc import pss_each_mb

    server, url, command = http.start(name, trig, work, SERVING_ENV)
    try:
        start_mb = pss_each_mb(server.process.pid)
        answered = http.latency(url, 5, 30)
        return {"command": command, "startup_s": server.startup, "start_mb": start_mb,
                "after_mb": pss_each_mb(server.process.pid),
                "p50_ms": {slug: v if isinstance(v, str) else v[0] for slug, v in answered.items()}}
    finally:
        server.stop()


UNCACHED = "kg serve, no response cache"
# wrk is one client: `kg serve`'s per-client limits (issue #15) would cap it at its share, which
# the other servers do not have; here they are out of reach, and the abuse section measures them.
# (label, server, environment): the mix shrinks to what all answer. `kg serve` answers the repeats
# of wrk's cycle from its response cache; without it, the query path is what is compared.
COMPARED = (("rdflib-endpoint", "rdflib-endpoint", {}), ("oxigraph serve", "oxigraph serve", {}),
            ("kg serve", "kg serve", abuse.ONE_CLIENT),
            (UNCACHED, "kg serve", {**abuse.ONE_CLIENT, "KG_RESPONSE_CACHE_MB": "0"}))


def measure_compare(run: Run) -> dict:
    """The three servers on the same data; queries too slow in-process are left out of all."""
    size = run.plan.compare_at
    timed = next((s for s in run.results.get("latency", {}).get("sizes", [])
                  if (s["articles"], s["density"]) == size), {"queries": {}})
    slow = [slug for slug, q in timed["queries"].items() if isinstance(q, str)]  # none timed
    runs = 3 if run.quick else 10
    out: dict = {"articles": size[0], "servers": [], "excluded": slow, "seconds": run.plan.seconds,
                 "latency_runs": runs, "latency_cap_s": run.plan.compare_timeout_s}
    answered = None
    for name, kind, env in COMPARED:
        if kind == "rdflib-endpoint" and not http.RDFLIB_ENDPOINT.exists():
            out["servers"].append({"name": name, "missing": True})
            continue
        log(f"compare {name}")
        server, url, command = http.start(kind, run.trig(size), run.work, env)
        command = "".join(f"{k}={v} " for k, v in env.items()) + command
        try:
            limit = run.plan.compare_timeout_s  # per query: its runs, and one request
            lat = http.latency(url, runs, limit, slow, limit)
            memory = server.memory_mb()
            answered = [s for s, v in lat.items() if not isinstance(v, str)
                        and (answered is None or s in answered)]
            tput = {c: http.throughput(url, run.work, c, run.plan.seconds, answered) for c in (8, 32)}
            out["servers"].append({"name": name, "command": command, "startup_s": server.startup,
                                   "memory_mb": memory, "latency": lat, "throughput": tput,
                                   "mix": answered})
        finally:
            server.stop()
    return out


def measure_backends(run: Run) -> dict:
    """The app on the embedded store, oxigraph serve and Virtuoso, on the 1M-quad build."""
    from kg.store.oxigraph import open_store

    trig, (articles, density) = run.trig(run.plan.million), run.plan.million
    store = open_store(trig)
    path, quads = latency.busiest_page(store), len(store)
    del store  # the embedded backend loads its own, timed
    log(f"backends at {size_name(run.plan.million)}: {', '.join(backends.ENGINES)}")
    found = backends.measure(trig, run.work, run.plan.backend_runs, path)
    return {"articles": articles, "density": density, "quads": quads,
            "runs": run.plan.backend_runs, "page_path": path, "engines": backends.plain(found)}


def measure_request_path(run: Run) -> dict:
    args = SimpleNamespace(work=run.work, before=run.plan.before_path,
                           seconds=run.plan.path_seconds, rounds=run.plan.path_rounds)
    return request_path.measure(args)


def measure_zipf(run: Run) -> dict:
    data = [abuse._build(run.work)] + ([run.trig(run.plan.million)] if run.plan.zipf_million else [])
    command = f"python -m bench.zipf --seconds {run.plan.zipf_seconds:g} --rounds {run.plan.zipf_rounds}"
    return zipf.measure(data, run.work, run.plan.zipf_seconds, run.plan.zipf_rounds, 1, command)


def measure_entity_page(run: Run) -> dict:
    args = SimpleNamespace(data=run.trig(run.plan.million), before=run.plan.before_page,
                           rounds=run.plan.page_rounds, per=run.plan.page_per,
                           work=run.work / "entity")
    return entity_page.measure(args)


def measure_abuse(run: Run) -> dict:
    args = SimpleNamespace(before=None, seconds=run.plan.abuse_seconds, work=run.work,
                           pairs=run.plan.abuse_pairs, rounds=run.plan.abuse_rounds,
                           flood_s=run.plan.flood_s)
    return abuse.measure(args)


MEASURE = {"build": measure_build, "latency": measure_latency, "serving": measure_serving,
           "compare": measure_compare, "backends": measure_backends,
           "request_path": measure_request_path, "zipf": measure_zipf,
           "entity_page": measure_entity_page, "abuse": measure_abuse}


def plain(value):
    if dataclasses.is_dataclass(value):
        return {k: plain(v) for k, v in dataclasses.asdict(value).items()}
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return str(value) if isinstance(value, Path) else value


def log(message: str) -> None:
    abuse.log(message)
