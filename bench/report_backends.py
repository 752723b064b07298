"""The backends section of ``docs/benchmarks.md``: embedded, ``oxigraph serve`` and Virtuoso.

``python -m bench.run --only backends`` measures this section again into the last run's results;
the report then says it was measured apart.
"""

from __future__ import annotations

from .plan import provenance

TITLE = "## Backends: embedded, `oxigraph serve` and Virtuoso"


def section(r: dict) -> str:
    b = r.get("backends")
    if not b:
        return ""
    engines = b["engines"]
    first = engines[0]
    commands = "\n".join(f"- {e['name']}: {e['command']}" for e in engines)
    names = " | ".join(e["name"] for e in engines)
    ratios = " | ".join(f"{e['name']} / embedded" for e in engines[1:])
    return f"""{TITLE}

{provenance(b, "python -m bench.run --only backends")}, the engines
one after the other: the corpus of {b['articles']} articles (density
{b['density']:g}, {b['quads']:,} quads), loaded as docs/deployment.md tells, then the competency
queries through `kg.store.query.run` and the entity page of the busiest person (`{b['page_path']}`,
Flask test client, answer cache off) on each; p50 / p95 ms over {b['runs']} runs after a warm-up
(3 runs for a query slower than 1 s; the page after 3 more requests, so every backend is
measured with warm caches). A server's queries include the HTTP round trip on loopback and the
parsing of its answer. Load: the embedded store's start; for a server, `kg load` (which reads
`kg.trig` into memory first, as the embedded start does, then sends every graph and the union
graph). Virtuoso is measured right after loading and again after a restart on the same database.
Ratios are against the embedded store, medians to medians.

{commands}

| backend | load s | load peak MB | server PSS MB after | entity page p50 / p95 ms | page vs embedded |
|---|---|---|---|---|---|
{chr(10).join(_backend_row(e, first) for e in engines)}

| query | {names} | {ratios} |
|---|{'---|' * (2 * len(engines) - 1)}
{chr(10).join(_query_row(slug, engines) for slug in first['queries'])}

Read the ratios, not single figures: the two cores were shared with other jobs, and the same
harness gave figures far apart from run to run. Virtuoso right after a large load plans worse than
after a restart{_restart(engines)}, so docs/deployment.md restarts it after loading. A server's load
time includes `kg load` reading `kg.trig` (about the embedded figure) and sending the union graph
besides the named graphs.
"""


def _restart(engines: list[dict]) -> str:
    """How much slower Virtuoso's entity page was right after loading than after a restart."""
    by_name = {e["name"]: e for e in engines}
    loaded, restarted = by_name.get("Virtuoso"), by_name.get("Virtuoso, restarted")
    if not (loaded and restarted):
        return ""
    ratio = loaded["page"]["p50_ms"] / restarted["page"]["p50_ms"]
    return f" (in this run its entity page p50 was {ratio:.1f}× the restarted one's)"


def _backend_row(e: dict, first: dict) -> str:
    server = f"{e['server_mb']:,.0f}" if e.get("server_mb") else "(in the app)"
    peak = f"{e['load_peak_mb']:,.0f}" if e["load_peak_mb"] else "–"
    ratio = _ratio(e["page"]["p50_ms"] / first["page"]["p50_ms"])
    load = f"{e['load_s']:.1f}" if e["load_peak_mb"] or e is first else f"(restart {e['load_s']:.1f})"
    return (f"| {e['name']} | {load} | {peak} | {server} | "
            f"{e['page']['p50_ms']:.1f} / {e['page']['p95_ms']:.1f} | {ratio} |")


def _ratio(value: float) -> str:
    return f"{value:.2f}×" if value < 10 else f"{value:.0f}×"


def _query_row(slug: str, engines: list[dict]) -> str:
    cells = [_cell(e["queries"].get(slug, "–")) for e in engines]
    base = engines[0]["queries"].get(slug)
    ratios = []
    for e in engines[1:]:
        value = e["queries"].get(slug)
        both = isinstance(value, dict) and isinstance(base, dict)
        ratios.append(_ratio(value["p50_ms"] / base["p50_ms"]) if both else "–")
    return f"| {slug} | {' | '.join(cells)} | {' | '.join(ratios)} |"


def _cell(value) -> str:
    if isinstance(value, dict):
        return f"{value['p50_ms']:.1f} / {value['p95_ms']:.1f}"
    return str(value)
