"""What one ``make bench`` run measures: the sections in order, their sizes and phase lengths.

The whole default run has to fit in about an hour on the project's 2-core machine, so each
section's settings are a budget decision, written down here once and quoted by the report's
header (:func:`describe`), so the file says what the run did. ``--quick`` is the same plan with
tiny sizes and one-second phases: it exercises every section in a few minutes.
"""

from __future__ import annotations

from dataclasses import dataclass

BRIEF = 0.01  # kg synth's smallest density: a news brief (5 claims, one event, ~650 quads)
# The entity page is timed early, before the sections that load the machine with wrk: after the
# Zipf mix its p50 read 21.5 ms (load 4.4) where a quiet machine gave 17 ms.
SECTIONS = ("build", "latency", "entity_page", "serving", "compare", "backends", "request_path",
            "zipf", "abuse")


@dataclass(frozen=True)
class Plan:
    # (articles, density) built cold, warm and after one edit by this code; the same corpora
    # are then queried and served, so each is built once
    builds: tuple[tuple[int, float], ...]
    variants_at: tuple[int, float]  # the before-#17 and --engine pyshacl builds: one size only
    repeats: dict[int, int]  # warm and one-edit runs per size (the median is reported)
    served: tuple[tuple[int, float], ...]  # in-process latency and serving memory
    million: tuple[int, float]  # ~1M quads: the 1M targets, the backends, the Zipf mix, the page
    compare_at: tuple[int, float]  # the 3-server comparison (rdflib-endpoint is slow)
    seconds: int  # each wrk throughput run of the comparison
    # rdflib-endpoint takes minutes for some competency queries even at a few articles: past
    # this its answer is reported as too slow (it keeps computing; it is stopped after its turn),
    # and a query's runs stop after this long
    compare_timeout_s: float
    backend_runs: int
    path_seconds: float  # request path: each wrk round
    path_rounds: int
    zipf_seconds: float  # each cold or warm phase
    zipf_rounds: int
    zipf_million: bool  # the Zipf mix at 1M quads too, not only the seeds' graph
    page_rounds: int  # entity page before/after: rounds of `page_per` renders per side
    page_per: int
    abuse_seconds: float
    abuse_pairs: int  # fair-client pairs at nice 19 (and 3/5 as many, at least 1, at normal priority)
    abuse_rounds: int  # cheap-query throughput rounds per server
    flood_s: float  # the one-connection flood: how long to wait for its first 429
    before_build: str = "ba39b26"  # the project before issue #17 (the build variants)
    before_path: str = "a823d4d"  # main before issue #17's serving branches (request path)
    before_page: str = "0d9fb76"  # the entity page before its last two passes


DEFAULT = Plan(
    builds=((10, 1.0), (170, 1.0), (1000, BRIEF), (10_000, BRIEF)),
    variants_at=(1000, BRIEF), repeats={10_000: 1}, served=((10, 1.0), (170, 1.0), (1000, BRIEF)),
    million=(170, 1.0), compare_at=(10, 1.0), seconds=15, compare_timeout_s=30, backend_runs=3,
    path_seconds=8, path_rounds=5, zipf_seconds=10, zipf_rounds=3, zipf_million=True,
    page_rounds=40, page_per=3, abuse_seconds=5, abuse_pairs=3, abuse_rounds=3, flood_s=60,
)
QUICK = Plan(
    builds=((3, 1.0), (10, BRIEF)), variants_at=(10, BRIEF), repeats={3: 1, 10: 1},
    served=((3, 1.0), (10, BRIEF)), million=(3, 1.0), compare_at=(3, 1.0), seconds=2,
    compare_timeout_s=5,
    backend_runs=2, path_seconds=1, path_rounds=1, zipf_seconds=1, zipf_rounds=1,
    zipf_million=False, page_rounds=2, page_per=1, abuse_seconds=1, abuse_pairs=1,
    abuse_rounds=1, flood_s=2,
)
REPEATS = 3  # warm and one-edit runs where ``Plan.repeats`` names no other count


def repeats(plan: Plan, articles: int) -> int:
    return plan.repeats.get(articles, REPEATS)


def size_name(size: tuple[int, float]) -> str:
    articles, density = size
    return f"{articles:,} {'briefs' if density < 1 else 'articles'}"


def describe(plan: Plan) -> str:
    """The plan as the report's header states it: one line per section, with why it is so."""
    builds = ", ".join(size_name(s) for s in plan.builds)
    lines = [
        f"build: this code at {builds}, cold, then {REPEATS} warm runs and {REPEATS} one-edit runs "
        f"each ({', '.join(f'{n} at {a:,}' for a, n in plan.repeats.items())}: the cold build is "
        f"the target there); the code before #17 (`{plan.before_build}`) and `--engine pyshacl` "
        f"at {size_name(plan.variants_at)} only (they show the speed-up and both SHACL engines' "
        "speed; at 1M quads each would add minutes the hour does not have)",
        f"competency queries in-process, entity page and serving memory: "
        f"{', '.join(size_name(s) for s in plan.served)} (the builds above, reused)",
        f"`/sparql` (with and without its response cache) against `oxigraph serve` and "
        f"rdflib-endpoint: {size_name(plan.compare_at)}, "
        f"wrk {plan.seconds} s at 8 and at 32 connections; a query's latency runs stop after "
        f"{plan.compare_timeout_s:g} s, and a request is given up after as long",
        f"backends (embedded, `oxigraph serve`, Virtuoso): {size_name(plan.million)}, "
        f"{plan.backend_runs} runs a query",
        f"request path before (`{plan.before_path}`) and after: {plan.path_rounds} rounds of "
        f"{plan.path_seconds:g} s per case",
        "Zipf serving mix: the seeds' graph"
        + (f" and {size_name(plan.million)}" if plan.zipf_million else "")
        + f", {plan.zipf_rounds} rounds of {plan.zipf_seconds:g} s phases (cold, warm) per server",
        f"entity page before (`{plan.before_page}`) and after at {size_name(plan.million)}: "
        f"{plan.page_rounds} rounds of {plan.page_per} renders per side",
        f"abuse before and after #15: {plan.abuse_seconds:g} s phases, {plan.abuse_pairs} fair-client "
        f"pairs, {plan.abuse_rounds} throughput rounds, the flood watched for {plan.flood_s:g} s",
    ]
    return "\n".join(f"- {line}" for line in lines)


def provenance(r: dict, alone: str) -> str:
    """Where a section's figures come from: this ``make bench`` run (``r["run"]``, set by the
    whole report), or ``alone``, the sub-command that measured just that section."""
    minutes = f"{r['minutes']:.1f}" if r.get("minutes", 0) < 1 else f"{r['minutes']:.0f}"
    if r.get("run"):
        return (f"Measured in this run of `make bench` (this section from {r['started']}, "
                f"{minutes} minutes; alone: `{alone}`)")
    return (f"Measured by `{alone}` on {r['started']}, in one run of {minutes} minutes, apart from "
            "the `make bench` run the header names")
