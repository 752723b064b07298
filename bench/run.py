"""``make bench`` = ``python -m bench.run``: measure, then write ``docs/benchmarks.md``.

Never part of ``make test``: it takes about 40 minutes on two cores. ``--quick`` runs tiny sizes
to check the harness itself (a few minutes; the report says so). Results also go to
``WORK/results.json`` so the report can be rewritten without measuring again (``--report-only``).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

from . import (
    backends,
    build,
    http,
    latency,
    report,
    report_backends,
    report_build,
    report_zipf,
    request_path,
    zipf,
)
from .proc import machine, pss_each_mb, run_timed
from .report_abuse import keep_section

BRIEF = 0.01  # kg synth's smallest density: a news brief (5 claims, one event, ~650 quads)
SIZES = ((10, 1.0), (100, 1.0), (170, 1.0), (1000, BRIEF))  # (articles, density); 170 seed-dense
# articles hold about 1M quads, as do ~1,600 briefs
QUICK = ((3, 1.0), (10, 1.0))
COMPARE_AT = 10  # our /sparql against oxigraph serve and rdflib-endpoint: rdflib's engine needs
# more than 10 minutes for one competency query at 100 articles (630k quads), so 10 articles
SERVERS = ("rdflib-endpoint", "oxigraph serve", "kg serve")  # the mix shrinks to what all answer
BUILD_SIZES = ((170, 1.0), (1000, BRIEF), (10_000, BRIEF))  # --build-only: 1M quads, briefs
ENGINE_VARIANT_UP_TO = 2_000_000  # quads: above that --engine pyshacl is not run (a pySHACL build
# of 10,000 briefs takes over 20 minutes; "before" shows that cost already)
BACKENDS_AT = (170, 1.0)  # the app on each backend at ~1M quads (bench/backends.py)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--work", type=Path, default=Path("/tmp/kg-bench"))
    parser.add_argument("--out", type=Path, default=Path("docs/benchmarks.md"))
    parser.add_argument("--quick", action="store_true", help="tiny sizes: test the harness")
    parser.add_argument("--report-only", action="store_true")
    parser.add_argument("--resume", action="store_true",
                        help="keep the sizes already in WORK/results.json; compare first")
    parser.add_argument("--serving-only", action="store_true",
                        help="measure only the serving memory again, for the sizes in the results")
    parser.add_argument("--seconds", type=int, default=60, help="each load test's duration")
    parser.add_argument("--sizes", help="comma-separated article counts, each optionally with "
                        ":DENSITY (default: 10,100,170,1000:0.01; --build-only: 170,1000:0.01,10000:0.01)")
    parser.add_argument("--build-only", action="store_true",
                        help="measure only the build, side by side: this code with its default SHACL "
                             "engine, with --engine pyshacl, and (--before) an earlier commit; rewrite "
                             "only the build section and build targets of OUT")
    parser.add_argument("--before", metavar="REF", help="--build-only: also build with this commit")
    parser.add_argument("--backends", action="store_true",
                        help="only the app on the embedded store, oxigraph serve and Virtuoso at "
                        "--backend-size; writes that section of the report, nothing else")
    parser.add_argument("--backend-size", default=f"{BACKENDS_AT[0]}",
                        help="ARTICLES[:DENSITY] of the backends' corpus (default: 170, ~1M quads)")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    results_file = args.work / "results.json"
    if args.build_only:  # with --report-only: the section again from WORK/build.json
        compared = (json.loads((args.work / "build.json").read_text(encoding="utf-8"))
                    if args.report_only else measure_builds(args))
        (args.work / "build.json").write_text(json.dumps(compared, indent=1, default=str), "utf-8")
        args.out.write_text(report_build.splice(args.out.read_text(encoding="utf-8"), compared), "utf-8")
        print(f"wrote the build section of {args.out}", file=sys.stderr)
        return
    if args.backends:
        results = json.loads(results_file.read_text("utf-8")) if results_file.exists() else {}
        results["backends"] = measure_backends(args.work, _size(args.backend_size), args.quick)
        _save(args, results)
        text = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        args.out.write_text(report_backends.splice(text, report_backends.section(results)), "utf-8")
        print(f"wrote the backends section of {args.out}", file=sys.stderr)
        return
    if args.serving_only:
        remeasure_serving(args, json.loads(results_file.read_text(encoding="utf-8")))
    elif not args.report_only:
        _save(args, measure(args))
    results = json.loads(results_file.read_text(encoding="utf-8"))
    old = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
    text = keep_section(old, report.render(results))
    kept = request_path.section_of(old)  # measured by its own run (make bench-request-path)
    args.out.write_text(request_path.splice(text, kept) if kept else text, encoding="utf-8")
    if "zipf" in results:
        report_zipf.write(args.out, results["zipf"])
    print(f"wrote {args.out}", file=sys.stderr)


def measure(args) -> dict:
    sizes = QUICK if args.quick else SIZES
    if args.sizes:
        sizes = tuple(_size(item) for item in args.sizes.split(","))
    compare_at = sizes[-1][0] if args.quick else COMPARE_AT
    started = time.time()
    results: dict = {"machine": machine(), "quick": args.quick, "sizes": [],
                     "started": time.strftime("%Y-%m-%d %H:%M", time.localtime(started))}
    if args.resume and (args.work / "results.json").exists():
        results = json.loads((args.work / "results.json").read_text(encoding="utf-8"))
        started -= results.get("minutes", 0) * 60
    done = {(s["articles"], s["density"]) for s in results["sizes"]}
    if (compare_at, 1.0) in done and "compare" not in results:
        _compare(results, args, compare_at)
    for articles, density in [size for size in sizes if size not in done]:
        log(f"build {articles} (density {density})")
        run = build.measure(articles, args.work, density)
        log(f"latency {articles} ({run.quads} quads)")
        queries, pages, path = latency.measure(run.trig, 5 if articles >= 1000 else 15)
        serving = serving_memory(run.trig, args.work)
        results["sizes"].append({**_plain(run), "queries": _plain(queries), "pages": _plain(pages),
                                 "page_path": path, "serving": serving})
        results["minutes"] = (time.time() - started) / 60
        _save(args, results)  # a partial run can still be reported (--report-only)
        if articles == compare_at and density == 1:
            _compare(results, args, compare_at)
    if BACKENDS_AT in sizes and "backends" not in results:
        results["backends"] = measure_backends(args.work, BACKENDS_AT, args.quick)
    if "zipf" not in results and (args.quick or BACKENDS_AT in sizes):
        log("serving mix (bench/zipf.py)")
        large = args.work / f"build-{BACKENDS_AT[0]}" / "kg.trig"
        results["zipf"] = zipf.for_run(args.work, args.quick, large)
    results["minutes"] = (time.time() - started) / 60
    return results


def measure_builds(args) -> dict:
    """``--build-only``: every variant at every size, side by side (cold, warm, one edit)."""
    sizes = tuple(_size(item) for item in args.sizes.split(",")) if args.sizes else BUILD_SIZES
    variants = ([build.before_variant(args.before, args.work)] if args.before else []) + [
        build.engine_variant("pyshacl"), build.CURRENT]
    started = time.time()
    out: dict = {"machine": machine(), "started": time.strftime("%Y-%m-%d %H:%M"), "sizes": [],
                 "repeats": build.REPEATS, "command": "python -m bench.run --build-only"
                 + (f" --before {args.before}" if args.before else ""),
                 "variants": {v.name: _what(v) for v in variants}}
    loads = []
    for articles, density in sizes:
        runs = []
        for variant in variants:
            if variant.args and _quads(articles, density) > ENGINE_VARIANT_UP_TO:
                continue
            log(f"build {articles} (density {density}): {variant.name}")
            loads.append(os.getloadavg()[0])
            runs.append(_plain(build.measure(articles, args.work, density, variant=variant)))
            loads.append(os.getloadavg()[0])
            out["load"] = f"{statistics.mean(loads):.1f}"
        out["sizes"].append({"articles": articles, "density": density, "runs": runs})
        out["minutes"] = (time.time() - started) / 60
        (args.work / "build.json").write_text(json.dumps(out, indent=1, default=str), "utf-8")
    return out


def _quads(articles: int, density: float) -> int:
    """About how many quads ``kg synth`` writes: ~6,300 an article at density 1, ~630 a brief."""
    return round(articles * max(6_300 * density, 630))


def _what(variant: build.Variant) -> str:
    if variant.env.get("PYTHONPATH"):
        return ("the project before issue #17 (converted through rdflib's store, validated by "
                "pySHACL), run from `git archive` of that commit put first on PYTHONPATH")
    if variant.args:
        return ("this code, validated by pySHACL, the validator of record "
                f"(`kg build {' '.join(variant.args)}`)")
    return "this code as `kg build` runs it: the N-Quads collector and the `shacl` engine"


def measure_backends(work: Path, size: tuple[int, float], quick: bool = False) -> dict:
    """The app on the embedded store, oxigraph serve and Virtuoso, at one corpus size (its build
    reused if there is one)."""
    started = time.time()
    articles, density = size
    name = f"{articles}" if density == 1 else f"{articles}-d{density:g}"
    trig = work / f"build-{name}" / "kg.trig"
    if not trig.exists():
        log(f"backends: build {articles} (density {density})")
        seeds = build.synth(articles, work / f"corpus-{name}", 1, density)
        run_timed([*build.KG, "build", "--seeds", str(seeds), "--out", str(trig.parent)])
    runs = 3 if quick else 5
    from kg.store.oxigraph import open_store

    store = open_store(trig)
    path, quads = latency.busiest_page(store), len(store)
    del store  # the embedded backend loads its own, timed
    log(f"backends at {articles} articles: {', '.join(backends.ENGINES)}")
    found = backends.measure(trig, work, runs, path)
    return {"started": time.strftime("%Y-%m-%d %H:%M", time.localtime(started)),
            "articles": articles, "density": density, "quads": quads, "runs": runs,
            "page_path": path, "engines": backends.plain(found),
            "minutes": (time.time() - started) / 60}


def _compare(results: dict, args, compare_at: int) -> None:
    size = next(s for s in results["sizes"] if s["articles"] == compare_at and s["density"] == 1)
    slow = [slug for slug, q in size["queries"].items() if isinstance(q, str)]
    results["compare"] = compare(Path(size["trig"]), args, compare_at, slow)
    _save(args, results)


SERVING = (("in memory", "kg serve"), ("on disk, first start", http.KG_DISK),
           ("on disk, reused", http.KG_DISK))  # the first --store start loads the directory
SERVING_ENV = {"KG_QUERY_TIMEOUT": "60"}  # the heaviest query takes ~7 s on disk at 1M quads: near
# the default 10 s limit on a busy machine, and a timed-out query has no latency to report


def serving_memory(trig: Path, work: Path) -> dict:
    """``kg serve`` in memory and on disk (``--store DIR``) with its query workers forked: PSS
    per process (the server first, then its workers) after startup and after the competency
    queries over HTTP, their p50, and the startup time."""
    shutil.rmtree(http.store_dir(trig, work), ignore_errors=True)
    return {label: _serving(name, trig, work) for label, name in SERVING}


def _serving(name: str, trig: Path, work: Path) -> dict:
    server, url, command = http.start(name, trig, work, SERVING_ENV)
    try:
        start_mb = pss_each_mb(server.process.pid)
        answered = http.latency(url, 5, 30)
        return {"command": command, "startup_s": server.startup, "start_mb": start_mb,
                "after_mb": pss_each_mb(server.process.pid),
                "p50_ms": {slug: v if isinstance(v, str) else v[0] for slug, v in answered.items()}}
    finally:
        server.stop()


def remeasure_serving(args, results: dict) -> None:
    """``--serving-only``: measure the serving rows again for the sizes already in the results."""
    results["serving_measured"] = time.strftime("%Y-%m-%d %H:%M")
    for size in results["sizes"]:
        log(f"serving {size['articles']} ({size['quads']} quads)")
        size["serving"] = serving_memory(Path(size["trig"]), args.work)
        _save(args, results)


def _size(text: str) -> tuple[int, float]:
    """``1000:0.01`` → (1000, 0.01); ``100`` → (100, 1.0)."""
    articles, _, density = text.partition(":")
    return int(articles), float(density or 1)


def _save(args, results: dict) -> None:
    (args.work / "results.json").write_text(json.dumps(results, indent=1, default=str), "utf-8")


def compare(trig: Path, args, articles: int, slow: list[str]) -> dict:
    """The three servers on the same data; queries too slow in-process are left out of all."""
    out: dict = {"articles": articles, "servers": [], "excluded": slow}
    answered = None
    for name in SERVERS:
        if name == "rdflib-endpoint" and not http.RDFLIB_ENDPOINT.exists():
            out["servers"].append({"name": name, "missing": True})
            continue
        log(f"compare {name}")
        server, url, command = http.start(name, trig, args.work)
        try:
            lat = http.latency(url, 3 if args.quick else 10, 60, skip=slow)
            memory = server.memory_mb()
            answered = [s for s, v in lat.items() if not isinstance(v, str)
                        and (answered is None or s in answered)]
            tput = {c: http.throughput(url, args.work, c, args.seconds, answered) for c in (8, 32)}
            out["servers"].append({"name": name, "command": command, "startup_s": server.startup,
                                   "memory_mb": memory, "latency": lat, "throughput": tput,
                                   "mix": answered})
        finally:
            server.stop()
    return out


def _plain(value):
    if dataclasses.is_dataclass(value):
        return {k: _plain(v) for k, v in dataclasses.asdict(value).items()}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return str(value) if isinstance(value, Path) else value


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    if shutil.which("wrk") is None and "--backends" not in sys.argv:
        sys.exit("wrk is needed for the load tests: apt-get install -y wrk")
    main()
