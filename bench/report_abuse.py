"""The "Abuse" section of ``docs/benchmarks.md`` from ``bench.abuse``'s results.

The section sits between two markers, so ``make bench-abuse`` can replace only it in the file
``make bench`` writes whole.
"""

from __future__ import annotations

import statistics
from pathlib import Path

from .plan import provenance

START = "<!-- bench-abuse: `make bench` writes this section; `make bench-abuse` rewrites it alone -->"
END = "<!-- /bench-abuse -->"


def write_section(out: Path, results: dict) -> None:
    """Put the section in ``out``, replacing the one there (or appending it)."""
    text = out.read_text(encoding="utf-8") if out.exists() else ""
    section = f"{START}\n{render(results).strip()}\n{END}\n"
    if START in text and END in text:
        head, _, rest = text.partition(START)
        text = head + section + rest.partition(END)[2].lstrip("\n")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    out.write_text(text, encoding="utf-8")


def render(r: dict) -> str:
    return "\n\n".join([_head(r), _table(r["before"], r["after"]), _throughput(r), _targets(r)])


def _head(r: dict) -> str:
    env = " ".join(f"{k}={v}" for k, v in r["settings"].items())
    return f"""## Abuse: one client against the others (issue #15)

{provenance(r, f"python -m bench.abuse --seconds {r['seconds']:g}")},
on {r['machine']['CPU']}. Before:
`{r['before_rev']}` (the code before the hardening); after: `{r['after_rev']}`. Both serve the graph built
from seeds/ with `{env} kg serve --threads {r['threads']}`, the setting of the review that found
the defects. Clients are told apart by source address (127.0.0.x); each phase speaks from fresh
addresses, so the per-client budgets (which refill over a minute) stay out of the short phases and
are measured on their own. Latency: a small keep-alive client (raw sockets; `GET /sparql?query=ASK
{{}}`); the load generators share the two cores with the server (the greedy client's wrk at
`nice 19` where the table says so: it stands for a client on another machine), and the machine was shared with
other work: load average {r['load_before']} at the start, {r['load_after']} at the end (1, 5,
15 minutes)."""


def _table(b: dict, a: dict) -> str:
    rows = [
        ("cheap ASK alone (2 threads): p50 / p95 ms, req/s", _lat(b["ask_alone"]),
         _lat(a["ask_alone"]), ""),
        ("… while one client keeps 2 runaways in flight", _lat(b["ask_with_runaways"]),
         _lat(a["ask_with_runaways"]), "p95 ≤ 3× alone and < 300 ms"),
        ("p95 under load / p95 alone", _ratio(b, "ask_with_runaways", "ask_alone", "p95_ms"),
         _ratio(a, "ask_with_runaways", "ask_alone", "p95_ms"), "≤ 3×"),
        ("a cheap query that reads data, new each time (`ASK { ?s ?p ?o } #n`: needs a worker) "
         "alone", _lat_of(b, "distinct_alone"), _lat_of(a, "distinct_alone"), ""),
        ("… while one client keeps 2 runaways in flight", _lat_of(b, "distinct_with_runaways"),
         _lat_of(a, "distinct_with_runaways"), "p95 < 300 ms"),
        ("fair client (1 connection) alone, then while a greedy client hammers (wrk, 16 "
         "connections, at nice 19): req/s per pair", _pairs(b), _pairs(a), ""),
        ("fair client's share of its solo throughput: median of the pairs", _share(b),
         _share(a), "≥ 50%"),
        ("greedy client: req/s per pair (non-2xx)", _greedy(b), _greedy(a), ""),
        ("for reference, the greedy wrk at normal priority (same cores as the server and the "
         "fair client): the fair client's share, median of the pairs",
         _share(b, "fairness_same_priority"), _share(a, "fairness_same_priority"), ""),
        ("new client's answer, 150 half-open connections held", _half(b), _half(a), "< 1 s"),
        ("one keep-alive connection flooding: until its first 429", "never (no limit)",
         _first(a.get("first_429")), ""),
    ]
    lines = ["| | before | after | target |", "|---|---|---|---|"]
    lines += [f"| {name} | {x} | {y} | {t} |" for name, x, y, t in rows]
    return "\n".join(lines)


def _lat(s: dict) -> str:
    bad = {k: v for k, v in s["statuses"].items() if k != "200"}
    extra = f"; not 200: {', '.join(f'{v}× {k}' for k, v in bad.items())}" if bad else ""
    return f"{s['p50_ms']:.1f} / {s['p95_ms']:.1f}, {s['per_s']:,.0f}{extra}"


def _distinct_check(a: dict) -> list[tuple[str, bool]]:
    if "distinct_with_runaways" not in a:
        return []
    load, alone = a["distinct_with_runaways"]["p95_ms"], a["distinct_alone"]["p95_ms"]
    return [(f"a cheap query that needs a worker, p95 under load ≤ 3× alone and < 300 ms: "
             f"{load:.1f} ms, {load / alone:.1f}×", load <= 3 * alone and load < 300)]


def _lat_of(s: dict, phase: str) -> str:
    return _lat(s[phase]) if phase in s else "not measured"


def _ratio(s: dict, loaded: str, alone: str, key: str) -> str:
    return f"{s[loaded][key] / s[alone][key]:.1f}×"


def _pairs(s: dict) -> str:
    return "; ".join(f"{p['alone']['per_s']:,.0f} → {p['loaded']['per_s']:,.0f}"
                     for p in s["fairness"])


def share(s: dict, phase: str = "fairness") -> float:
    return statistics.median(p["share"] for p in s[phase])


def _share(s: dict, phase: str = "fairness") -> str:
    if phase not in s:
        return "not measured"
    each = ", ".join(f"{p['share']:.0%}" for p in s[phase])
    return f"{share(s, phase):.0%} ({each})"


def _greedy(s: dict) -> str:
    return "; ".join(f"{p['greedy']['requests_per_s']:,.0f} ({p['greedy']['errors']:,})"
                     for p in s["fairness"])


def _half(s: dict) -> str:
    ms = s["half_open_ms"]
    return "no answer within 10 s" if ms is None else f"{ms:,.0f} ms"


def _first(found: dict | None) -> str:
    if not found:
        return "not measured"
    if found.get("retry_after") is None:  # each request a cached answer, charged 0.2 ms: the
        # 30 s budget drains only as fast as the requests cost more than its 0.5 s/s refill
        return (f"no 429 within {found['seconds']:.0f} s: {found['requests']:,} requests "
                f"({found['requests'] / found['seconds']:,.0f}/s), all answered from the "
                "response cache, each charged 0.2 ms")
    return (f"{found['requests']:,} requests in {found['seconds']:.0f} s, then 429 with "
            f"Retry-After: {found['retry_after']}")


def _throughput(r: dict) -> str:
    runs = r["throughput"]
    base = statistics.median(x["requests_per_s"] for x in runs["before"])
    base_us = statistics.median(x["web_us"] for x in runs["before"])
    rows = []
    for label, found in runs.items():
        rates = [x["requests_per_s"] for x in found]
        web = statistics.median(x["web_us"] for x in found)
        tree = statistics.median(x["tree_us"] for x in found)
        errors = sum(x["errors"] for x in found)
        rows.append(f"| {label} | {', '.join(f'{x:,.0f}' for x in rates)} | "
                    f"{statistics.median(rates):,.0f} | {statistics.median(rates) / base:.2f}× | "
                    f"{web:,.0f} ({web / base_us:.2f}×) | {tree:,.0f} | {errors:,} |")
    limits = " ".join(f"{k}={v}" for k, v in r["unlimited"].items())
    rounds = len(runs["before"])
    return f"""Cheap-query throughput, the request path before and after:
`wrk -t2 -c8 -d{r['seconds']:g}s` on `ASK {{}}` (one client, eight connections), the servers
started in turn, {rounds} rounds. "Limits out of reach" is `{limits}` with the client's requests
admitted 4 at a time (what the pool of two workers takes: one running and one next per worker)
or all 8 at once (then 4 wait for the pool in the scheduler: a second wait per query); the
bookkeeping runs either way. "Defaults" is what one such client gets by default: 2 requests at
once, one worker.
CPU per request is the server's own CPU time (from /proc) over the requests of a round, median of
the rounds: the web process (the request path), and all its processes (workers too). It does not
depend on how busy the shared machine is, which the request rate does.

| server | req/s per round | median | vs before | CPU µs/request, web (vs before) | CPU µs/request, all \
| errors |
|---|---|---|---|---|---|---|
""" + "\n".join(rows)


def _targets(r: dict) -> str:
    a = r["after"]
    load, alone = a["ask_with_runaways"]["p95_ms"], a["ask_alone"]["p95_ms"]
    fair = share(a)
    runs = r["throughput"]
    path_run = runs[next(label for label in runs if label.startswith("after"))]
    path = (statistics.median(x["requests_per_s"] for x in path_run)
            / statistics.median(x["requests_per_s"] for x in runs["before"]))
    cost = (statistics.median(x["web_us"] for x in path_run)
            / statistics.median(x["web_us"] for x in runs["before"]))
    half = a["half_open_ms"]
    checks = [
        (f"cheap ASK p95 under load ≤ 3× alone and < 300 ms: {load:.1f} ms, {load / alone:.1f}×",
         load <= 3 * alone and load < 300),
        *_distinct_check(a),
        (f"fair client ≥ 50% of its solo throughput: {fair:.0%} (median of the pairs)",
         fair >= 0.5),
        (f"new client answered in < 1 s with 150 half-open connections: "
         f"{'none' if half is None else f'{half:,.0f} ms'}", half is not None and half < 1000),
        (f"request path costs no more than before: {cost:.2f}× the CPU per request in the web "
         "process (limits out of reach, 4 at once)", cost <= 1.05),
        (f"cheap-query throughput no lower than before: {path:.2f}× (same server; the shared "
         "machine's load moves this)", path >= 0.95),
    ]
    return "Targets (after):\n\n" + "\n".join(
        f"- {'met' if ok else '**missed**'}: {text}" for text, ok in checks)
