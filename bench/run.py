"""``make bench`` = ``python -m bench.run``: one run that measures every section, then writes
the whole of ``docs/benchmarks.md`` from it.

The sections, their sizes and phase lengths are the plan (bench/plan.py): about an hour on two
cores. Never part of ``make test``. ``--quick`` runs the same sections at tiny sizes with
one-second phases, to check the harness (a few minutes; the report says so). The results go to
``WORK/results.json`` after each section: ``--report-only`` writes the file again from them,
``--resume`` continues a stopped run without measuring its finished sections again, and
``--only`` measures some sections again (the report then says they were measured apart).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import shutil
import sys
from pathlib import Path

from . import onerun
from .plan import DEFAULT, QUICK, SECTIONS


def main(argv: list[str] | None = None) -> None:
    args = _parser().parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    only = [name.strip() for name in args.only.split(",")] if args.only else []
    unknown = sorted(set(only) - set(SECTIONS))
    if unknown:
        sys.exit(f"--only: no section {', '.join(unknown)} (sections: {', '.join(SECTIONS)})")
    if not args.report_only:
        if shutil.which("wrk") is None:
            sys.exit("wrk is needed for the load tests: apt-get install -y wrk")
        plan = QUICK if args.quick else DEFAULT
        if args.seconds:
            plan = dataclasses.replace(plan, seconds=args.seconds)
        onerun.measure(plan, args.work, args.quick, args.resume, only)
    results = json.loads((args.work / "results.json").read_text(encoding="utf-8"))
    onerun.write(results, args.out)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, default=Path("/tmp/kg-bench"),
                        help="corpora, builds and results.json (default: /tmp/kg-bench)")
    parser.add_argument("--out", type=Path, default=Path("docs/benchmarks.md"))
    parser.add_argument("--quick", action="store_true", help="tiny sizes: test the harness")
    parser.add_argument("--report-only", action="store_true",
                        help="write OUT again from WORK/results.json, measuring nothing")
    parser.add_argument("--resume", action="store_true",
                        help="continue the run in WORK/results.json: skip its finished sections")
    parser.add_argument("--only", metavar="SECTIONS",
                        help=f"measure only these sections again (comma-separated: {', '.join(SECTIONS)}); "
                             "the others are kept from WORK/results.json")
    parser.add_argument("--seconds", type=int,
                        help="each wrk run of the server comparison (default: the plan's)")
    return parser


if __name__ == "__main__":
    main()
