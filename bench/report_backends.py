"""The backends section of ``docs/benchmarks.md``: embedded, ``oxigraph serve`` and Virtuoso.

``python -m bench.run --backends`` writes this section alone into the existing report
(:func:`splice`), leaving every other section as it was measured.
"""

from __future__ import annotations

import re

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

Measured by `python -m bench.run --backends` on {b['started']} ({b['minutes']:.0f} minutes, one
run, the engines one after the other): the corpus of {b['articles']} articles (density
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
harness gave figures ±50% apart from run to run. What held in every run: Virtuoso right after a
large load plans worse than after a restart (here the entity page 6.5× slower), so
docs/deployment.md restarts it after loading; it is far faster than the embedded store on the
queries its optimizer reorders (`delcy-rodriguez`, `replacements`) and 1–3.5× slower on the long
joins (`facts-reported-by-both-articles`, `timeline`). A server's load time includes `kg load`
reading `kg.trig` (about the embedded figure) and sending the union graph besides the named graphs.
"""


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


def splice(document: str, text: str) -> str:
    """``document`` with its backends section replaced by ``text`` (or ``text`` added before the
    targets, where the comparison sections end)."""
    found = re.search(rf"^{re.escape(TITLE)}.*?(?=^## |\Z)", document, re.M | re.S)
    if found:
        return document[:found.start()] + text.strip() + "\n\n" + document[found.end():]
    anchor = document.find("\n## Targets")
    if anchor < 0:
        return document.rstrip() + "\n\n" + text.strip() + "\n"
    return document[:anchor + 1] + text.strip() + "\n\n" + document[anchor + 1:]
