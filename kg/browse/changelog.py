"""The ontology's versions and what changed between them, computed from the files themselves.

Every published version stays in ``ontology/`` as ``newskg-<version>.ttl`` beside the current
``newskg.ttl``, so its version IRI (``https://w3id.org/newskg/ontology/<version>``) can be served
and the changelog is a diff of the graphs, term by term: it cannot drift from what was published.
The header's ``skos:historyNote`` says why; this says what.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, VANN
from rdflib.term import Node

from kg.namespaces import NK, ONTOLOGY_IRI, PREFIXES
from kg.resources import ONTOLOGY_FILE

VERSION = re.compile(r"newskg-(\d+\.\d+\.\d+)\.ttl")


@dataclass(frozen=True)
class Change:
    """One term's change: ``added``, ``removed`` or ``changed`` (with what changed)."""

    term: str
    kind: str
    details: tuple[str, ...] = ()


def version_of(graph: Graph) -> str:
    return str(graph.value(URIRef(ONTOLOGY_IRI), OWL.versionInfo) or "")


@lru_cache(maxsize=1)
def versions(current: Path = ONTOLOGY_FILE) -> dict[str, Path]:
    """Version → file, oldest first; the current file under its own ``owl:versionInfo``."""
    found = {m[1]: path for path in current.parent.glob("newskg-*.ttl")
             if (m := VERSION.fullmatch(path.name))}
    found[version_of(Graph().parse(current, format="turtle"))] = current
    return dict(sorted(found.items(), key=lambda item: tuple(map(int, item[0].split(".")))))


def curie(term: Node) -> str:
    text = str(term)
    for prefix, namespace in {**PREFIXES, "vann": VANN}.items():
        if text.startswith(str(namespace)) and len(text) > len(str(namespace)):
            return f"{prefix}:{text[len(str(namespace)):]}"
    return f"<{text}>"


def shown(graph: Graph, value: Node) -> str:
    """A value as a reader wants it: ``nk:Event``, ``(nk:Claim or nk:Event)``, ``"text"@en``."""
    if isinstance(value, BNode):
        union = graph.value(value, OWL.unionOf)
        if union is not None:
            return "(" + " or ".join(shown(graph, m) for m in Collection(graph, union)) + ")"
        return "[…]"
    if isinstance(value, Literal):
        return f"@{value.language}" if value.language else f'"{value}"'
    return curie(value)


def description(graph: Graph, term: Node) -> dict[str, set[str]]:
    """A term's statements as {property: shown values}; literals by language only (their text
    goes in a "changed" entry when the language stays)."""
    found: dict[str, set[str]] = {}
    for p, o in graph.predicate_objects(term):
        found.setdefault(curie(p), set()).add(shown(graph, o))
    return found


def texts(graph: Graph, term: Node) -> dict[tuple[str, str], str]:
    return {(curie(p), o.language or ""): str(o) for p, o in graph.predicate_objects(term)
            if isinstance(o, Literal)}


def changes(old: Graph, new: Graph) -> list[Change]:
    """The own terms added, removed and changed from ``old`` to ``new``, sorted by term."""
    def terms(g: Graph) -> set[Node]:
        return {s for s in g.subjects() if isinstance(s, URIRef)
                and (str(s).startswith(str(NK)) or str(s) == ONTOLOGY_IRI)}

    before, after = terms(old), terms(new)
    found = [Change(curie(t), "added") for t in after - before]
    found += [Change(curie(t), "removed") for t in before - after]
    for term in before & after:
        details = _details(old, new, term)
        if details:
            found.append(Change(curie(term), "changed", details))
    return sorted(found, key=lambda c: (c.term.casefold(), c.term))


def _details(old: Graph, new: Graph, term: Node) -> tuple[str, ...]:
    a, b = description(old, term), description(new, term)
    lines = []
    for prop in sorted(a.keys() | b.keys()):
        before, after = a.get(prop, set()), b.get(prop, set())
        gone, came = sorted(before - after), sorted(after - before)
        if gone or came:
            lines.append(f"{prop}: " + ", ".join([f"− {v}" for v in gone] + [f"+ {v}" for v in came]))
    ta, tb = texts(old, term), texts(new, term)
    for prop, lang in sorted(ta.keys() & tb.keys()):
        if lang and ta[(prop, lang)] != tb[(prop, lang)]:  # untagged values are compared above
            where = f"{prop}@{lang}" if lang else prop
            old, new = ta[(prop, lang)], tb[(prop, lang)]
            lines.append(f'{where}: "{old}" → "{new}"' if len(old) + len(new) < 80 else f"{where} reworded")
    return tuple(lines)


@dataclass(frozen=True)
class Release:
    version: str
    previous: str | None
    changes: tuple[Change, ...]
    common: tuple[str, ...] = ()  # changes made to many terms, listed once rather than per term


COMMON = 3
"""A change made to a third or more of the changed terms is listed once, with the count."""


def factor(changes: list[Change]) -> tuple[tuple[Change, ...], tuple[str, ...]]:
    """Pull out the details many terms share (a label language added to all …)."""
    counts: dict[str, int] = {}
    for change in changes:
        for detail in change.details:
            counts[detail] = counts.get(detail, 0) + 1
    changed = sum(1 for c in changes if c.kind == "changed")
    shared = {d for d, n in counts.items() if n > 1 and n * COMMON >= changed}
    common = tuple(f"{d} ({counts[d]} terms)" for d in sorted(shared))
    kept = [Change(c.term, c.kind, tuple(d for d in c.details if d not in shared)) for c in changes]
    return tuple(c for c in kept if c.kind != "changed" or c.details), common


@lru_cache(maxsize=4)
def releases(current: Path = ONTOLOGY_FILE) -> tuple[Release, ...]:
    """Each version with its changes from the one before, newest first."""
    graphs = {v: Graph().parse(path, format="turtle") for v, path in versions(current).items()}
    order = list(graphs)
    found = [Release(order[0], None, ())]
    for prev, version in zip(order, order[1:], strict=False):
        found.append(Release(version, prev, *factor(changes(graphs[prev], graphs[version]))))
    return tuple(reversed(found))


def markdown(release: Release) -> str:
    """A release's changes as a Markdown list (pyLODE renders the ontology's notes as Markdown)."""
    if release.previous is None:
        return f"**{release.version}**: first published version."
    lines = [f"**Changes from {release.previous} to {release.version}** (computed from the two files):", ""]
    lines += [f"- {detail}" for detail in release.common]
    for change in release.changes:
        lines.append(f"- `{change.term}` {change.kind}" + (":" if change.details else ""))
        lines += [f"    - {detail}" for detail in change.details]
    return "\n".join(lines)
