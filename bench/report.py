"""``docs/benchmarks.md`` from the measured results (``WORK/results.json``)."""

from __future__ import annotations

from .notes import NOTES, TARGET_WHY
from .report_backends import section as backends_section
from .report_serving import disk_slowdown, memory_verdict
from .report_serving import section as serving_section

TEN_K = 10_000


def render(r: dict) -> str:
    parts = [_head(r), _build(r), _queries(r), _pages(r), serving_section(r, _million(r)),
             _compare(r), backends_section(r), _targets(r), NOTES]
    return "\n\n".join(p.strip() for p in parts if p) + "\n"


def _head(r: dict) -> str:
    rows = "\n".join(f"| {k} | {v} |" for k, v in r["machine"].items())
    quick = ("\n\n**This is a `--quick` run (tiny sizes) that only checks the harness; its numbers "
             "say nothing about scale.**") if r.get("quick") else ""
    again = (f" The serving section alone was measured again on {r['serving_measured']} "
             "(`python -m bench.run --serving-only`), on the same corpora and machine."
             ) if r.get("serving_measured") else ""
    return f"""# Benchmarks

Measured by `make bench` (`python -m bench.run`) on {r['started']}, in one run of
{r.get('minutes', 0):.0f} minutes; every number below comes from that run{_except(r)}.{again}{quick}

| machine | |
|---|---|
{rows}

Reproduce: `apt-get install -y wrk`; `python3 -m venv /tmp/rdflib-endpoint-venv &&
/tmp/rdflib-endpoint-venv/bin/pip install rdflib-endpoint==0.6.3 uvicorn==0.54.0` (only for the
comparison; never a project dependency); then `make bench`. The corpora are written by
`kg synth --articles N --out DIR --seed 1 --density D`: density 1 has as many claims, events,
sources and mentions per article as the seed articles (~6,300 quads an article); density 0.01, the
smallest, writes news briefs (five claims, one event, one agreement, ~650 quads: most of them the
evidence and mention spans that tie every statement to its sentence). Times are wall-clock;
memory is the proportional set size (PSS) of the whole process tree, sampled every 0.1 s, so
forked workers' shared pages count once."""


def _except(r: dict) -> str:
    """Name the rows measured apart (the 10,000-article build), so the head does not contradict them."""
    apart = [f"{s['articles']:,} articles" for s in r.get("build_only", [])]
    return f", except the build rows marked otherwise ({', '.join(apart)})" if apart else ""


def _build(r: dict) -> str:
    rows = []
    for s in r["sizes"]:
        rate = s["quads"] / s["cold_s"]
        rows.append(f"| {s['articles']:,} | {s.get('density', 1):g} | {s['quads']:,} | {s['cold_s']:.1f} | "
                    f"{s['cold_s'] / s['articles'] * 1000:.0f} | {rate:,.0f} | "
                    f"{s['cold_peak_mb']:,.0f} | {s['warm_s']:.1f} | {s['one_edit_s']:.1f} | "
                    f"{s['edit_cache']} |")
    for s in r.get("build_only", []):  # measured cold only (see the notes)
        rows.append(f"| **{s['articles']:,}** ({s.get('label', 'cold only')}) | {s['density']:g} | "
                    f"{s['quads']:,} | "
                    f"{s['cold_s']:.1f} | {s['cold_s'] / s['articles'] * 1000:.0f} | "
                    f"{s['quads'] / s['cold_s']:,.0f} | {s['cold_peak_mb']:,.0f} | | | |")
    last = r["sizes"][-1]
    per_article = last["cold_s"] / last["articles"]
    quads_per_article = last["quads"] / last["articles"]
    measured = {s["articles"] for s in r["sizes"]} | {s["articles"] for s in r.get("build_only", [])}
    extrapolated = [n for n in (1_000, TEN_K) if n > last["articles"] and n not in measured]
    for n in extrapolated:
        rows.append(f"| **{n:,}** (*extrapolated*) | {last.get('density', 1):g} | "
                    f"*~{quads_per_article * n:,.0f}* | *~{per_article * n:,.0f}* | "
                    f"*{per_article * 1000:.0f}* | | | | | |")
    return f"""## Build + validate (`kg build`)

Command: `kg build --seeds DIR --out OUT` into an empty OUT (cold: every article loaded,
converted and validated, the cache filled), again with nothing changed (warm), and again after
rewording one claim label of one article (one edit). Cache column: hits/lookups of the edit run
per stage (`article` = load, `graph` = convert, `check` = validate).

| articles | density | quads | cold s | ms / art. | quads / s | peak MB | warm s | one edit s | cache (edit) |
|---|---|---|---|---|---|---|---|---|---|
{chr(10).join(rows)}{_extrapolated_note(extrapolated)}"""


def _extrapolated_note(extrapolated: list[int]) -> str:
    return ("\n\nRows marked *extrapolated* are the per-article cost of the last measured size × N, "
            "not measured: see the notes below for why.") if extrapolated else ""


def _queries(r: dict) -> str:
    sizes = r["sizes"]
    slugs = list(sizes[0]["queries"])
    head = " | ".join(f"{s['articles']:,} {'briefs' if s.get('density', 1) < 1 else 'art.'} "
                      f"({s['quads'] / 1e6:.2f} M)" for s in sizes)
    rows = [f"| {slug} | " + " | ".join(_latency(s["queries"][slug]) for s in sizes) + " |"
            for slug in slugs]
    return f"""## Competency queries, in-process (`kg/queries/*.rq` on the embedded store)

p50 / p95 in ms over 15 runs after a warm-up (5 at 1,000 articles; 3 for a query slower than
1 s), through
`kg.store.query.run` (guard, evaluation, every row read). "> 20 s": the query did not finish within
20 s in a killable worker, so it was not timed (see the notes).

| query | {head} |
|---|{'---|' * len(sizes)}
{chr(10).join(rows)}"""


def _pages(r: dict) -> str:
    rows = []
    for s in r["sizes"]:
        pages = s["pages"]
        rows.append(f"| {s['articles']:,} | {s['quads']:,} | `{s['page_path']}` | "
                    f"{_spread(pages['entity page'])} | {_spread(pages['entity page, cached'])} |")
    return f"""## Entity page

The page of the person who makes the most claims, through the Flask app (test client, no
network): without the answer cache (`KG_CACHE_MB=0`) and with it (repeat visits).

| articles | quads | page | p50 / p95 ms | cached p50 / p95 ms |
|---|---|---|---|---|
{chr(10).join(rows)}"""


def _compare(r: dict) -> str:
    c = r.get("compare")
    if not c:
        return ""
    servers = [s for s in c["servers"] if not s.get("missing")]
    names = " | ".join(s["name"] for s in servers)
    slugs = list(servers[0]["latency"])
    rows = [f"| {slug} | " + " | ".join(_latency(s["latency"][slug]) for s in servers) + " |"
            for slug in slugs]
    return f"""## Our `/sparql` against `oxigraph serve` and rdflib-endpoint ({c['articles']} articles)

Same data (the built `kg.trig`), same queries, same client. Commands:

{chr(10).join(f"- {s['name']}: `{s['command']}` (started in {s['startup_s']:.1f} s, "
              f"{s['memory_mb']:,.0f} MB PSS after the latency run)" for s in servers)}

Latency: p50 / p95 ms, one query at a time (Python `http.client`, keep-alive, POST form,
JSON results), up to 10 runs or 60 s per query after a warm-up.

| query | {names} |
|---|{'---|' * len(servers)}
{chr(10).join(rows)}

{_throughput(servers, c.get('excluded', []))}"""


def _throughput(servers: list[dict], excluded: list[str]) -> str:
    rows = []
    reference = {c: _rps(servers, "oxigraph serve", c) for c in ("8", "32")}
    rdflib = {c: _rps(servers, "rdflib-endpoint", c) for c in ("8", "32")}
    for s in servers:
        for c, t in s["throughput"].items():
            vs_ox = t["requests_per_s"] / reference[c] if reference[c] else float("nan")
            vs_rdf = t["requests_per_s"] / rdflib[c] if rdflib[c] else float("nan")
            if not t["requests"]:
                rows.append(f"| {s['name']} | {c} | 0 (no answer within the {60} s run) | 0 | "
                            f"{t['errors']} | | | | |")
                continue
            rows.append(f"| {s['name']} | {c} | {t['requests_per_s']:,.1f} | {t['requests']:,.0f} | "
                        f"{t['errors']} | {t['p50']:,.1f} | {t['p99']:,.1f} | {vs_ox:.2f}× | "
                        f"{vs_rdf:,.1f}× |")
    mix = ", ".join(servers[-1].get("mix", []))
    excluded = ", ".join(excluded) or "none"
    return f"""Throughput: `wrk -t2 -cN -dSECONDS --timeout 60s` on 127.0.0.1 cycling through the queries
every server answers ({mix}; too slow in-process and left out: {excluded}); wrk shares the two
cores with the server. Errors: non-2xx answers
plus socket errors and timeouts.

| server | connections | req/s | requests | errors | p50 ms | p99 ms | vs oxigraph | vs rdflib-endpoint |
|---|---|---|---|---|---|---|---|---|
{chr(10).join(rows)}

wrk commands: {"; ".join(f"`{t['command']}`" for t in servers[0]["throughput"].values())}
(the URL per server as above)."""


def _rps(servers: list[dict], name: str, connections: str) -> float:
    found = next((s for s in servers if s["name"] == name), None)
    return found["throughput"][connections]["requests_per_s"] if found else 0.0


def _targets(r: dict) -> str:
    facts = {"disk_slowdown": disk_slowdown(_million(r))}
    rows = [f"| {target} | {measured} | {verdict} | {TARGET_WHY.get(key, '').format(**facts)} |"
            for key, target, measured, verdict in _verdicts(r)]
    return f"""## Targets

| target | measured | met? | why |
|---|---|---|---|
{chr(10).join(rows)}"""


def _million(r: dict) -> dict:
    """The size the 1M-triple targets are read at."""
    return min(r["sizes"], key=lambda s: abs(s["quads"] - 1e6))


def _verdicts(r: dict):
    sizes = r["sizes"]
    million = _million(r)
    yield ("build", "10,000 articles built + validated in < 5 min", *_ten_k(r, million))
    # Growth is read within one density: briefs cost more per quad than dense articles at any size.
    dense = [s for s in sizes if s.get("density", 1) == 1 and s["articles"] >= 100]
    per = [s["cold_s"] / s["quads"] * 1e6 for s in dense]
    linear = max(per) / min(per) if per else 1
    yield ("linear", "linear growth", "s per M quads, seed-dense, from 100 articles up: "
           + ", ".join(f"{p:.0f} ({s['articles']})" for p, s in zip(per, dense, strict=True)),
           _verdict(linear < 1.5, linear))
    worst = max(s["one_edit_s"] for s in sizes)
    yield ("rebuild", "one-article rebuild < 2 s", ", ".join(
        f"{s['one_edit_s']:.1f} s at {s['articles']:,}" for s in sizes), _verdict(worst < 2, worst / 2))
    page = million["pages"]["entity page"]["p50_ms"]
    yield ("page", "entity page p50 < 20 ms at 1M triples", f"{page:.1f} ms uncached, "
           f"{million['pages']['entity page, cached']['p50_ms']:.1f} ms cached "
           f"({million['quads']:,} quads)", _verdict(page < 20, page / 20))
    measured, memory = memory_verdict(million)
    yield ("memory", "serving 1M triples in < 1 GB", measured, _verdict(memory < 1024, memory / 1024))
    yield from _server_verdicts(r.get("compare"))


def _ten_k(r: dict, million: dict) -> tuple[str, str]:
    """The 10,000-article build: measured if the run has it, else extrapolated from the last size."""
    at_million = f"1M quads ({million['articles']} articles): {million['cold_s'] / 60:.1f} min"
    found = next((s for s in r.get("build_only", []) if s["articles"] == TEN_K), None)
    if found:
        seconds = found["cold_s"]
        told = (f"{seconds / 60:.1f} min measured ({found.get('label', 'cold')}; {found['quads']:,} quads, "
                f"{found['cold_peak_mb'] / 1000:.1f} GB peak); {at_million}")  # MB → GB as the notes
    else:
        last = r["sizes"][-1]
        seconds = last["cold_s"] / last["articles"] * TEN_K
        told = (f"~{seconds / 60:,.0f} min extrapolated ({last['articles']:,} measured: "
                f"{last['cold_s'] / 60:.1f} min); {at_million}")
    return told, _verdict(seconds <= 300, seconds / 300)


def _server_verdicts(c: dict | None):
    if not c:
        return
    servers = [s for s in c["servers"] if not s.get("missing")]
    for connections in ("8", "32"):
        ours, ox = _rps(servers, "kg serve", connections), _rps(servers, "oxigraph serve", connections)
        rdf = _rps(servers, "rdflib-endpoint", connections)
        ratio = ours / ox if ox else 0.0
        yield ("vs-oxigraph", f"≥ 0.5× `oxigraph serve` ({connections} clients)",
               f"{ratio:.2f}×", _verdict(ratio >= 0.5, 0.5 / ratio if ratio else 0))
        if rdf:
            yield ("vs-rdflib", f"≥ 30× rdflib-endpoint ({connections} clients)", f"{ours / rdf:,.1f}×",
                   _verdict(ours / rdf >= 30, 30 * rdf / ours if ours else 0))
    errors = sum(t["errors"] for s in servers if s["name"] == "kg serve" for t in s["throughput"].values())
    yield ("errors", "0 errors under load", f"{errors} errors", _verdict(errors == 0, errors))


def _verdict(met: bool, ratio: float) -> str:
    return "met" if met else f"**missed** (×{ratio:,.1f})"


def _spread(s: dict) -> str:
    return f"{s['p50_ms']:.1f} / {s['p95_ms']:.1f}"


def _latency(value) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return _spread(value)
    return f"{value[0]:.1f} / {value[1]:.1f}"
