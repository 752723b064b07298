"""``docs/benchmarks.md``, the whole file, from one run's results (``WORK/results.json``)."""

from __future__ import annotations

from . import entity_page, report_abuse, report_build, report_zipf, request_path
from .notes import notes
from .report_backends import section as backends_section
from .report_serving import section as serving_section
from .report_targets import million, targets


def render(r: dict) -> str:
    """The file. A section the results lack (a partial run) says so instead of old figures."""
    sized = sizes(r)
    parts = [_head(r), _part(r, "build", report_build.section),
             _part(r, "latency", lambda _: _queries(sized) + "\n\n" + _pages(sized)),
             _part(r, "serving", lambda _: serving_section({"sizes": sized}, million(sized))),
             _part(r, "compare", _compare), _part(r, "backends", lambda b: backends_section({"backends": b})),
             _part(r, "request_path", request_path.render), _part(r, "zipf", report_zipf.render),
             _part(r, "entity_page", entity_page.render), targets(r, sized), notes(r, sized),
             _part(r, "abuse", _abuse)]
    return "\n\n".join(p.strip() for p in parts if p) + "\n"


def _part(r: dict, name: str, render_section) -> str:
    if name not in r.get("done", []):
        return f"<!-- {name}: not measured in this run -->"
    return render_section({**r[name], "run": "apart" not in r[name]})


def _abuse(a: dict) -> str:
    return f"{report_abuse.START}\n{report_abuse.render(a).strip()}\n{report_abuse.END}"


def sizes(r: dict) -> list[dict]:
    """One row per served size: its build (this code), its in-process latency, its serving."""
    built = {(s["articles"], s["density"]): s["runs"][-1] for s in r.get("build", {}).get("sizes", [])}
    timed = {(s["articles"], s["density"]): s for s in r.get("latency", {}).get("sizes", [])}
    served = {(s["articles"], s["density"]): s for s in r.get("serving", {}).get("sizes", [])}
    return [{**built[key], **timed[key], **served.get(key, {})} for key in timed if key in built]


def _head(r: dict) -> str:
    rows = "\n".join(f"| {k} | {v} |" for k, v in r["machine"].items())
    quick = ("\n\n**This is a `--quick` run (tiny sizes, one-second phases) that only checks the "
             "harness; its numbers say nothing about scale.**") if r.get("quick") else ""
    minutes = r.get("minutes", {})
    each = "; ".join(f"{name.replace('_', ' ')} {m:.1f}" for name, m in minutes.items())
    apart = [n for n in r.get("done", []) if "apart" in r.get(n, {})]
    told = (f" Measured apart from the run, as their sections say: {', '.join(apart)}." if apart else "")
    resumed = f" The run was resumed on {r['resumed']} after a stop." if r.get("resumed") else ""
    return f"""# Benchmarks

Written by `make bench` (`python -m bench.run`) from one run started on {r['started']} with the
code `{r['code']}`, on the machine below; it took {sum(minutes.values()):.0f} minutes in all
(per section, minutes: {each}). Every figure in this file comes from that run; each section names
the sub-command that measures it alone, and a section measured again apart from the run (by that
sub-command, which splices it in) says so in its first line.{told}{resumed}{quick}

| machine | |
|---|---|
{rows}

What the run measures (bench/plan.py; sizes and phases chosen so the whole run takes about an
hour on two cores):

{r['plan']}

Reproduce: `apt-get install -y wrk`; `python3 -m venv /tmp/rdflib-endpoint-venv &&
/tmp/rdflib-endpoint-venv/bin/pip install rdflib-endpoint==0.6.3 uvicorn==0.54.0` (only for the
comparison; never a project dependency); Virtuoso (`virtuoso-t`) for the backends section; then
`make bench`. The corpora are written by `kg synth --articles N --out DIR --seed 1 --density D`:
density 1 has as many claims, events, sources and mentions per article as the seed articles;
density 0.01, the smallest, writes news briefs (five claims, one event, one agreement: most of
their quads are the evidence and mention spans that tie every statement to its sentence). Times
are wall-clock; memory is the proportional set size (PSS) of the whole process tree, sampled every
0.1 s, so forked workers' shared pages count once. The two cores are shared with wrk and with
the servers' workers: read ratios measured side by side, not single figures."""


def _queries(sizes: list[dict]) -> str:
    slugs = list(sizes[0]["queries"])
    head = " | ".join(f"{s['articles']:,} {'briefs' if s.get('density', 1) < 1 else 'art.'} "
                      f"({s['quads'] / 1e6:.2f} M)" for s in sizes)
    rows = [f"| {slug} | " + " | ".join(_latency(s["queries"][slug]) for s in sizes) + " |"
            for slug in slugs]
    return f"""## Competency queries, in-process (`kg/queries/*.rq` on the embedded store)

p50 / p95 in ms after a warm-up, over {_runs(sizes)} (3 for a query slower than 1 s), through
`kg.store.query.run` (guard, evaluation, every row read). "> 20 s": the query did not finish within
20 s in a killable worker, so it was not timed (see the notes).

| query | {head} |
|---|{'---|' * len(sizes)}
{chr(10).join(rows)}"""


def _runs(sizes: list[dict]) -> str:
    return ", ".join(f"{s['runs']} runs at {s['articles']:,}" for s in sizes)


def _pages(sizes: list[dict]) -> str:
    rows = []
    for s in sizes:
        pages = s["pages"]
        rows.append(f"| {s['articles']:,} | {s['quads']:,} | `{s['page_path']}` | "
                    f"{_spread(pages['entity page'])} | {_spread(pages['entity page, cached'])} |")
    return f"""## Entity page

The page of the person who makes the most claims, through the Flask app (test client, no
network): without the answer cache (`KG_CACHE_MB=0`) and with it (repeat visits); the same runs
as the queries above. The page before and after its last two passes, side by side, is in its own
section below.

| articles | quads | page | p50 / p95 ms | cached p50 / p95 ms |
|---|---|---|---|---|
{chr(10).join(rows)}"""


def _compare(c: dict) -> str:
    servers = [s for s in c["servers"] if not s.get("missing")]
    names = " | ".join(s["name"] for s in servers)
    slugs = list(servers[0]["latency"])
    rows = [f"| {slug} | " + " | ".join(_latency(s["latency"][slug]) for s in servers) + " |"
            for slug in slugs]
    seconds = c["seconds"]
    return f"""## Our `/sparql` against `oxigraph serve` and rdflib-endpoint ({c['articles']} articles)

Same data (the built `kg.trig`), same queries, same client; `kg serve` with its per-client
limits out of reach (wrk is one client; the abuse section measures the limits). Commands:

{chr(10).join(f"- {s['name']}: `{s['command']}` (started in {s['startup_s']:.1f} s, "
              f"{s['memory_mb']:,.0f} MB PSS after the latency run)" for s in servers)}

Latency: p50 / p95 ms, one query at a time (Python `http.client`, keep-alive, POST form,
JSON results), up to {c['latency_runs']} runs or {c.get('latency_cap_s', 60):g} s per query after a
warm-up; a request unanswered after {c.get('latency_cap_s', 120):g} s is given up ("> N s").

| query | {names} |
|---|{'---|' * len(servers)}
{chr(10).join(rows)}

{_throughput(servers, c.get('excluded', []), seconds)}"""


def _throughput(servers: list[dict], excluded: list[str], seconds: int) -> str:
    rows = []
    reference = {c: _rps(servers, "oxigraph serve", c) for c in ("8", "32")}
    rdflib = {c: _rps(servers, "rdflib-endpoint", c) for c in ("8", "32")}
    for s in servers:
        for c, t in s["throughput"].items():
            vs_ox = t["requests_per_s"] / reference[c] if reference[c] else float("nan")
            vs_rdf = t["requests_per_s"] / rdflib[c] if rdflib[c] else float("nan")
            if not t["requests"]:
                rows.append(f"| {s['name']} | {c} | 0 (no answer within the {seconds} s run) | 0 | "
                            f"{t['errors']} | | | | |")
                continue
            rows.append(f"| {s['name']} | {c} | {t['requests_per_s']:,.1f} | {t['requests']:,.0f} | "
                        f"{t['errors']} | {t['p50']:,.1f} | {t['p99']:,.1f} | {_times(vs_ox, '.2f')} | "
                        f"{_times(vs_rdf, ',.1f')} |")
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


def _times(ratio: float, spec: str) -> str:
    """A ratio, or a dash where the other side answered nothing (no ratio to give)."""
    return "–" if ratio != ratio else f"{ratio:{spec}}×"


def _rps(servers: list[dict], name: str, connections: str) -> float:
    found = next((s for s in servers if s["name"] == name), None)
    return found["throughput"][connections]["requests_per_s"] if found else 0.0


def _spread(s: dict) -> str:
    return f"{s['p50_ms']:.1f} / {s['p95_ms']:.1f}"


def _latency(value) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return _spread(value)
    return f"{value[0]:.1f} / {value[1]:.1f}"
