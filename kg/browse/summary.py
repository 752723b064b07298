"""One line about a node, for places that have room for no more: graph nodes and search hits.

A claim reads ``denial by Bruno Rodríguez, 2019`` (stance, claimant, the year it was made, or
else the year of the article that reports it); other nodes give their ``schema:description``,
an event its type and date, an article its publisher and date. Each kind is one query over all
the nodes asked about (a VALUES list of escaped IRIs).
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from kg.namespaces import base_iri
from kg.store.oxigraph import Store

from .kinds import kind_of
from .labels import best, labels
from .sparql import iris, select

CLAIMS = """SELECT ?node ?stance ?claimant ?when ?published WHERE {
  %(node)s
  ?node nk:stance ?stance ; nk:claimant ?claimant .
  OPTIONAL { ?node nk:statedAt/sem:hasEarliestBeginTimeStamp ?when }
  OPTIONAL { ?node nk:reportedIn/schema:datePublished ?published }
}"""
EVENTS = """SELECT ?node ?type ?earliest ?latest WHERE {
  %(node)s
  OPTIONAL { ?node nk:eventType ?type }
  OPTIONAL { ?node nk:hasTime ?t . ?t sem:hasEarliestBeginTimeStamp ?earliest ;
             sem:hasLatestEndTimeStamp ?latest }
} ORDER BY ?earliest"""
ARTICLES = """SELECT ?node ?publisher ?published WHERE {
  %(node)s
  OPTIONAL { ?node schema:publisher ?publisher }
  OPTIONAL { ?node schema:datePublished ?published }
}"""
DESCRIPTIONS = "SELECT ?node ?text WHERE { %(node)s ?node schema:description ?text }"


def summaries(store: Store, nodes: Iterable[str]) -> dict[str, str]:
    """A one-line summary of each node that has one (see the module docstring)."""
    id_base = base_iri() + "id/"
    by_kind: dict[str, list[ox.NamedNode]] = {}
    for iri in sorted(set(nodes)):
        by_kind.setdefault(kind_of(iri, id_base), []).append(ox.NamedNode(iri))
    found = _descriptions(store, [n for nodes in by_kind.values() for n in nodes])
    found.update({iri: line for iri, (_, line) in claims(store, by_kind.get("claim", [])).items()})
    found.update(_events(store, by_kind.get("event", []) + by_kind.get("agreement", [])))
    found.update(_articles(store, by_kind.get("article", [])))
    return found


def claim_line(stance: str, claimant: str, year: str | None) -> str:
    """How a claim is named where there is room for one line.

    >>> claim_line("denial", "Bruno Rodríguez", "2019")
    'denial by Bruno Rodríguez, 2019'
    """
    return f"{stance} by {claimant}" + (f", {year}" if year else "")


def claims(store: Store, nodes: list[ox.NamedNode]) -> dict[str, tuple[str, str]]:
    """The stance of each claim and its line (``denial by Bruno Rodríguez, 2019``)."""
    rows = select(store, CLAIMS, node=nodes) if nodes else []
    names = labels(store, iris(rows, "stance", "claimant"))
    found: dict[str, tuple[str, str]] = {}
    for row in sorted(rows, key=lambda r: (_value(r, "when"), _value(r, "published"))):
        year = (_value(row, "when") or _value(row, "published"))[:4] or None
        stance = names[row["stance"].value]
        found.setdefault(row["node"].value, (stance, claim_line(
            stance, names[row["claimant"].value], year)))
    return found


def label_graph(store: Store, graph: dict) -> dict:
    """The neighbourhood graph of :func:`.entity.neighbourhood` with each node's one-line
    ``summary`` and its ``group``: its kind, or for a claim its stance (claims are many)."""
    stances = claims(store, [ox.NamedNode(n["id"]) for n in graph["nodes"] if n["kind"] == "claim"])
    lines = summaries(store, [n["id"] for n in graph["nodes"] if n["id"] not in stances])
    lines.update({iri: line for iri, (_, line) in stances.items()})
    for node in graph["nodes"]:
        node["summary"] = lines.get(node["id"], "")
        node["group"] = stances[node["id"]][0] if node["id"] in stances else node["kind"]
    return graph


def _events(store: Store, nodes: list[ox.NamedNode]) -> dict[str, str]:
    rows = select(store, EVENTS, node=nodes) if nodes else []
    names = labels(store, iris(rows, "type"))
    found: dict[str, str] = {}
    for row in rows:
        parts = [names[row["type"].value] if "type" in row else "",
                 span(_value(row, "earliest"), _value(row, "latest"))]
        line = ", ".join(part for part in parts if part)
        if line:
            found.setdefault(row["node"].value, line)
    return found


def span(earliest: str, latest: str) -> str:
    """The days from ``earliest`` to ``latest`` as briefly as they allow.

    >>> span("2026-01-08", "2026-01-08"), span("2026-01-01", "2026-01-31"), span("2019-01-01", "2019-12-31")
    ('2026-01-08', '2026-01', '2019')
    >>> span("2018-03-01", "2019-02-28")
    '2018–2019'
    """
    earliest, latest = earliest[:10], latest[:10]
    for size in (10, 7, 4):
        if earliest[:size] == latest[:size]:
            return earliest[:size]
    return f"{earliest[:4]}–{latest[:4]}" if earliest and latest else earliest or latest


def _articles(store: Store, nodes: list[ox.NamedNode]) -> dict[str, str]:
    rows = select(store, ARTICLES, node=nodes) if nodes else []
    names = labels(store, iris(rows, "publisher"))
    found: dict[str, str] = {}
    for row in rows:
        publisher = names[row["publisher"].value] if "publisher" in row else ""
        line = ", ".join(p for p in ("news article", publisher, _value(row, "published")[:10]) if p)
        found.setdefault(row["node"].value, line)
    return found


def _descriptions(store: Store, nodes: list[ox.NamedNode]) -> dict[str, str]:
    rows = select(store, DESCRIPTIONS, node=nodes) if nodes else []
    texts: dict[str, list[ox.Literal]] = {}
    for row in rows:
        texts.setdefault(row["node"].value, []).append(row["text"])
    return {iri: best(found) or "" for iri, found in texts.items()}


def _value(row: dict, name: str) -> str:
    term = row.get(name)
    return term.value if term is not None else ""
