"""The serving-mix section of ``docs/benchmarks.md`` (``bench.zipf``): rendered from its results,
spliced in place of the old one (or before the Notes); ``make bench`` keeps it."""

from __future__ import annotations

from pathlib import Path

from .plan import provenance
from .request_path import splice as splice_section

TITLE = "## Serving mix: Zipf over 1,000 queries (issue #17)"
REFERENCE = "oxigraph serve"
HEADER = ("| quads | server | phase | req/s | rounds | p50 ms | p99 ms | non-2xx + socket errors "
          "| vs oxigraph serve | CPU ms/request | repeats |\n|" + "---|" * 11)
TARGET_QUADS = 900_000  # "at 1M quads": the target applies from this size up


def write(path: Path, results: dict) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    path.write_text(splice(text, render(results)), encoding="utf-8")


def splice(text: str, section: str) -> str:
    """``text`` with its serving-mix section replaced (or added before the Notes)."""
    return splice_section(text, section, TITLE)


def render(r: dict) -> str:
    from .zipf import medians

    rows, verdicts = [], []
    for size in r["sizes"]:
        servers = size["servers"]
        for phase in ("cold", "warm"):
            reference = medians(servers[REFERENCE]["runs"], phase)["requests_per_s"]
            for name, server in servers.items():
                m = medians(server["runs"], phase)
                ratio = m["requests_per_s"] / reference if reference else float("nan")
                rows.append(_row(size["quads"], name, phase, m, ratio))
                if name == "kg serve" and size["quads"] >= TARGET_QUADS:
                    verdicts.append(f"{phase} {ratio:.2f}×")
    return f"""{TITLE}

{provenance(r, r['command'])},
on {r['machine']['CPU']}; code `{r['code']}`. The mix
(bench/zipf_mix.py): 1,000 distinct queries generated from each graph (`DESCRIBE` of persons,
organizations, events and claims; label searches for words of real labels, `LIMIT` 10 or 25; the
competency queries, those naming an entity asked again of the other entities of its classes),
requested in a Zipf sequence (s = 1.1, rank = a fixed shuffled order), POSTed form-encoded by
`wrk -t{r['wrk_threads']} -c{r['connections']} -d{r['seconds']:g}s` (JSON results, N-Triples for
`DESCRIBE`). Each server is started fresh for each round: *cold* is the mix from its start on the new
server, *warm* the same mix again on the same server. {r['rounds']} round(s); medians of the rounds,
the rates of each round listed. Ratios are req/s against `oxigraph serve`, phase for phase.

{_servers(r)}

The machine's load average (1 min) at the start and after each phase: {_loads(r)} (2 cores, shared
with wrk and with other jobs: absolute rates are low and noisy; the ratios are the figure).
In a Zipf sequence most requests repeat a query asked seconds before (the head of the
distribution), so *cold* differs from *warm* only in the first seconds and in the tail's first
askings: the response cache of `kg serve` (web/response_cache.py) answers a repeat without Flask
or a worker; `oxigraph serve` evaluates every request. The row without the response cache shows
what the query path alone gives. *Repeats* is the share of the phase's requests whose query the
server had been asked before (in this phase or the cold one): the response cache's hit rate if it
evicted nothing and answered every repeat (answers over 4 MB are not kept). CPU is the server's
user + system time per request: its main process / with its query workers. Where `kg serve`'s
time goes on this mix (its cache's hits, a CPU profile of its request threads, the engine time by
kind of query): `python -m bench.zipf_profile --data kg.trig`.

{_kinds(r)}

{HEADER}
{chr(10).join(rows)}

Target "Zipf mix at 1M quads ≥ 1.0× `oxigraph serve`, warm and cold": {_verdict(verdicts)}.
"""


def _row(quads: int, name: str, phase: str, m: dict, ratio: float) -> str:
    rates = ", ".join(f"{x:,.1f}" for x in m["rates"])
    cpu = f"{m['main_cpu_ms']:.2f} / {m['tree_cpu_ms']:.2f}"
    return (f"| {quads:,} | {name} | {phase} | {m['requests_per_s']:,.1f} | {rates} | "
            f"{m['p50']:,.1f} | {m['p99']:,.1f} | {_errors(m)} | {ratio:.2f}× | {cpu} | "
            f"{m['repeat_rate']:.0%} |")


def _errors(m: dict) -> str:
    return f"{m['errors']:,}" + "".join(f"; {failed}" for failed in m["failed"])


def _servers(r: dict) -> str:
    lines = []
    for size in r["sizes"][:1]:
        for name, server in size["servers"].items():
            lines.append(f"- {name}: `{server['command']}`".replace(size["trig"], "kg.trig"))
    data = ", ".join(f"`{s['trig']}` ({s['quads']:,} quads)" for s in r["sizes"])
    return ("Servers (the same data in each; startup times in bench's zipf.json):\n\n"
            + "\n".join(lines) + f"\n\nData: {data}.")


def _kinds(r: dict) -> str:
    rows = [f"| {s['quads']:,} | " + " | ".join(f"{s['kinds'].get(k, 0):.0%}" for k in KINDS) + " |"
            for s in r["sizes"]]
    return ("Share of the requests by kind of query (over the whole sequence):\n\n| quads | "
            + " | ".join(KINDS) + " |\n|---|---|---|---|\n" + "\n".join(rows))


KINDS = ("describe", "label search", "competency")


def _loads(r: dict) -> str:
    return ", ".join(f"{x:.1f}" for x in r.get("load", []))


def target_ratios(r: dict) -> list[tuple[str, float]]:
    """``kg serve``'s req/s over ``oxigraph serve``'s per phase, at the sizes the target reads."""
    from .zipf import medians

    found = []
    for size in r["sizes"]:
        servers = size["servers"]
        if size["quads"] < TARGET_QUADS or "kg serve" not in servers or REFERENCE not in servers:
            continue
        for phase in ("cold", "warm"):
            reference = medians(servers[REFERENCE]["runs"], phase)["requests_per_s"]
            ours = medians(servers["kg serve"]["runs"], phase)["requests_per_s"]
            found.append((phase, ours / reference if reference else 0.0))
    return found


def _verdict(verdicts: list[str]) -> str:
    if not verdicts:
        return "not measured in this run (no graph of 1M quads)"
    ratios = [float(v.split()[1].rstrip("×")) for v in verdicts]
    return ("**met**" if min(ratios) >= 1.0 else "**missed**") + f" ({', '.join(verdicts)})"
