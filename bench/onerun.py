"""One ``make bench`` run: every section in order, timed, saved after each, then the whole report.

The results of the run go to ``WORK/results.json`` after each section (and after each size within
the sized ones), so ``--report-only`` can write the file again and ``--resume`` can continue after
a crash without measuring a finished section again. A resumed run must be of the same code: the
file says every figure comes from one run of one commit.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from . import report
from .abuse import _head as code_version
from .plan import SECTIONS, Plan, describe
from .proc import machine
from .sections import MEASURE, Run, log


def measure(plan: Plan, work: Path, quick: bool, resume: bool, only: list[str]) -> dict:
    """Measure the sections of ``plan`` (``only`` these, if given) into ``WORK/results.json``."""
    results_file = work / "results.json"
    results = _start(plan, quick, results_file if (resume or only) else None)
    if resume:
        results["resumed"] = time.strftime("%Y-%m-%d %H:%M")
    run = Run(plan, work, quick, results, lambda: _save(results_file, results))
    for name in only or SECTIONS:
        if name in results["done"] and not only:
            log(f"{name}: done in the run being resumed")
            continue
        if only:  # measured again apart from the run: the report says so
            results["done"] = [n for n in results["done"] if n != name]
            results.pop(name, None)
        _section(run, name, apart=bool(only))
    return results


def _start(plan: Plan, quick: bool, previous: Path | None) -> dict:
    code = code_version()
    if previous and previous.exists():
        results = json.loads(previous.read_text(encoding="utf-8"))
        if results.get("code") != code:
            raise SystemExit(f"{previous} was measured with code {results.get('code')}, this is "
                             f"{code}: start a new run (without --resume or --only)")
        return results
    return {"started": time.strftime("%Y-%m-%d %H:%M"), "code": code, "machine": machine(),
            "quick": quick, "plan": describe(plan), "done": [], "minutes": {}}


def _section(run: Run, name: str, apart: bool) -> None:
    started = time.time()
    log(f"section {name}: start")
    found = MEASURE[name](run)
    found["started"] = time.strftime("%Y-%m-%d %H:%M", time.localtime(started))
    found["minutes"] = (time.time() - started) / 60  # a resumed section: since the resumption
    if apart:
        found["apart"] = f"python -m bench.run --only {name}"
    run.results[name] = found
    run.results["minutes"][name] = found["minutes"]
    run.results["done"].append(name)
    run.save()
    log(f"section {name}: {found['minutes']:.1f} minutes")


def _save(path: Path, results: dict) -> None:
    """Write atomically: a crash while saving must not lose the sections already measured."""
    partial = path.with_suffix(".json.part")
    partial.write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    partial.replace(path)


def write(results: dict, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(report.render(results), encoding="utf-8")
    log(f"wrote {out}")
