"""Validate the dataset unit by unit (see :mod:`kg.validate.units`), in parallel, with cached results."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from kg.cache import Cache, digest
from kg.parallel import SHARED, Progress, default_workers, no_progress, pmap, share
from kg.resources import SHAPES_FILE

from .shacl import describe_result, load_shapes, validate_graph
from .shacl_sparql import fast_sparql, from_oxigraph
from .units import Plan, Summary, Unit, summarise


@dataclass(frozen=True)
class Finding:
    """One SHACL result a unit reports: its focus node (N-Triples form) and readable text."""

    focus: str
    violation: bool
    text: str


@dataclass(frozen=True)
class Checked:
    """The results of every unit, deduplicated (a shared node may be seen by two units)."""

    findings: tuple[tuple[str, Finding], ...]  # (graph IRI of the unit, finding)

    @property
    def violations(self) -> int:
        return len({f.text for _, f in self.findings if f.violation})

    @property
    def conforms(self) -> bool:
        return self.violations == 0


BATCH_TRIPLES = 60_000
"""Units are validated together, up to about this many triples per pySHACL run: each run pays a
fixed cost (shapes, SPARQL parsing: ~0.3 s here) and whole-graph validation is linear, so a few
large runs beat many small ones. The cache still keeps one entry per unit, so an edit re-validates
only the units it changed (in one run)."""
MIN_BATCH_TRIPLES = 5_000
"""Below this a batch costs less than forking a worker for it: small work stays in one run."""


def summarise_graphs(graphs: Mapping[str, Sequence[str]], fingerprints: Mapping[str, str],
                     cache: Cache, *, workers: int | None = None,
                     progress: Progress = no_progress) -> dict[str, Summary]:
    """Each graph's :class:`~kg.validate.units.Summary`, cached by ``fingerprints`` (a digest of its lines);
    the missing ones are read in parallel."""
    keys = {g: cache.key("summary", fingerprints[g]) for g in graphs}
    found = {g: cache.get("summary", key) for g, key in keys.items()}
    todo = [g for g, summary in found.items() if summary is None]
    share(lines=[graphs[g] for g in todo])
    fresh = pmap(_summarise, range(len(todo)), workers=workers, label="indexing", progress=progress)
    for graph, summary in zip(todo, fresh, strict=True):
        cache.put("summary", keys[graph], summary)
        found[graph] = summary
    return found


def _summarise(index: int) -> Summary:
    return summarise(SHARED["lines"][index])


def check_graphs(graphs: Mapping[str, Sequence[str]], plan: Plan, cache: Cache, *,
                 workers: int | None = None, progress: Progress = no_progress,
                 batch_triples: int = BATCH_TRIPLES) -> Checked:
    """Validate every graph's unit against the shapes; reuse cached results of unchanged units
    (a unit is assembled from lines only when its key is not in the cache)."""
    order = plan.order
    salt = digest(SHAPES_FILE.read_bytes(), "\n".join(plan.subclass))
    keys = [cache.key("check", salt, plan.key(graph)) for graph in order]
    results = [cache.get("check", key) for key in keys]
    todo = [i for i, found in enumerate(results) if found is None]
    todo_units = dict(zip(todo, plan.units([order[i] for i in todo], graphs), strict=True))
    batches = plan_batches({i: len(unit.triples) for i, unit in todo_units.items()}, batch_triples,
                           workers or default_workers())
    if todo:
        share(units=[[todo_units[i] for i in batch] for batch in batches],
              subclass=plan.subclass, shapes=load_shapes())
    fresh = pmap(_check_batch, range(len(batches)), workers=workers, label="validating",
                 progress=progress)
    for batch, found_per_unit in zip(batches, fresh, strict=True):
        for i, found in zip(batch, found_per_unit, strict=True):
            cache.put("check", keys[i], found)
            results[i] = found
    seen: dict[str, tuple[str, Finding]] = {}
    for graph, found in zip(order, results, strict=True):
        for finding in found:
            seen.setdefault(finding.text, (graph, finding))
    return Checked(tuple(sorted(seen.values(), key=lambda pair: pair[1].text)))


def plan_batches(sizes: dict[int, int], limit: int, workers: int,
                 minimum: int = MIN_BATCH_TRIPLES) -> list[list[int]]:
    """Group the units ``sizes`` lists (index → triples) into ``total / limit`` batches, or one per
    worker if each still gets ``minimum`` triples, balanced largest unit first.

    >>> plan_batches({0: 10, 1: 10, 2: 10}, limit=1000, workers=2, minimum=100)
    [[0, 1, 2]]
    >>> plan_batches({0: 600, 1: 300, 2: 200, 3: 100}, limit=1000, workers=2, minimum=100)
    [[0], [1, 2, 3]]
    """
    total = sum(sizes.values())
    count = max(-(-total // limit), min(workers, total // max(minimum, 1)), 1 if sizes else 0)
    batches: list[list[int]] = [[] for _ in range(count)]
    loads = [0] * count
    for i in sorted(sizes, key=lambda i: (-sizes[i], i)):
        lightest = loads.index(min(loads))
        batches[lightest].append(i)
        loads[lightest] += sizes[i]
    return [sorted(batch) for batch in batches if batch]


def _check_batch(index: int) -> list[tuple[Finding, ...]]:
    return check_units(SHARED["units"][index], SHARED["subclass"], SHARED["shapes"])


def check_units(batch: Sequence[Unit], subclass: Sequence[str], shapes: Graph) -> list[tuple[Finding, ...]]:
    """Validate ``batch`` in one run; per unit, the results about nodes it owns (see
    :mod:`kg.validate.units` for why only those). A result about two units' nodes goes to its focus's."""
    triples = {t for unit in batch for t in unit.triples}
    graph, mirror = to_graph([*sorted(triples), *subclass])
    owner = {s: i for i, unit in enumerate(batch) for s in unit.owned}
    # Only owned nodes are focus nodes: a stub (a node with just its type here) would fail its
    # shape's other constraints, and making those results to drop them was a third of the run.
    with fast_sparql(graph, mirror):
        report = validate_graph(graph, shapes, focus={URIRef(s[1:-1]) for s in owner})
    results = report.graph
    found: list[set[Finding]] = [set() for _ in batch]
    for result in set(results.objects(None, SH.result)):  # top level, as validate_graph counts
        focus, value = n3(results.value(result, SH.focusNode)), n3(results.value(result, SH.value))
        i = owner.get(focus, owner.get(value))
        if i is not None:
            violation = results.value(result, SH.resultSeverity) == SH.Violation
            found[i].add(Finding(focus, violation, describe_result(results, shapes, result)))
    return [tuple(sorted(f, key=lambda f: f.text)) for f in found]


def to_graph(lines: Sequence[str]) -> tuple[Graph, ox.Store]:
    """An rdflib graph of N-Triples lines, parsed by Oxigraph (rdflib's own parser is ~2× slower),
    and the same triples in an Oxigraph store (see :mod:`kg.validate.shacl_sparql`)."""
    graph, mirror = Graph(), ox.Store()
    triples = list(ox.parse("\n".join(lines).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))
    graph.addN((from_oxigraph(t.subject), from_oxigraph(t.predicate), from_oxigraph(t.object), graph)
               for t in triples)
    mirror.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    return graph, mirror


def n3(term: Node | None) -> str:
    """The N-Triples spelling kg.validate.units uses for subjects (only IRIs can be owned)."""
    return f"<{term}>" if isinstance(term, URIRef) else ""
