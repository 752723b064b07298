"""Validate the dataset unit by unit (see :mod:`kg.validate.units`), in parallel, with cached results,
with the engine ``KG_SHACL_ENGINE`` names (:mod:`kg.validate.engines`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kg.cache import Cache, digest
from kg.parallel import SHARED, Progress, default_workers, no_progress, pmap, share
from kg.resources import SHAPES_FILE

from .engines import Engine, get_engine
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
                 batch_triples: int | None = None, engine: str | None = None) -> Checked:
    """Validate every graph's unit against the shapes with ``engine`` (a name from
    :mod:`kg.validate.engines`; ``KG_SHACL_ENGINE`` or the default if None); reuse cached results
    of unchanged units (a unit is assembled from lines only when its key is not in the cache).

    Units are validated together, up to about ``batch_triples`` per run (the engine's size by
    default): each run pays a fixed cost (for pySHACL, shapes and SPARQL parsing: ~0.3 s), so a
    few large runs beat many small ones. The cache still keeps one entry per unit, so an edit
    re-validates only the units it changed (in one run). Each batch's units are assembled from
    the lines by the worker that validates them, so that too runs on every core; batches are
    balanced by the size of the units' graphs."""
    order, validator = plan.order, get_engine(engine)
    salt = digest(SHAPES_FILE.read_bytes(), "\n".join(plan.subclass), validator.fingerprint())
    keys = [cache.key("check", salt, plan.key(graph)) for graph in order]
    results = [cache.get("check", key) for key in keys]
    todo = [i for i, found in enumerate(results) if found is None]
    batches = plan_batches({i: plan.summaries[order[i]].quads for i in todo},
                           batch_triples or validator.batch_triples, workers or default_workers())
    if todo:
        share(batches=[[order[i] for i in batch] for batch in batches], graphs=graphs, plan=plan,
              engine=validator)
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
    plan = SHARED["plan"]
    units = plan.units(SHARED["batches"][index], SHARED["graphs"])
    return check_units(units, plan.subclass, SHARED["engine"])


def check_units(batch: Sequence[Unit], subclass: Sequence[str], engine: Engine) -> list[tuple[Finding, ...]]:
    """Validate ``batch`` in one run; per unit, the results about nodes it owns (see
    :mod:`kg.validate.units` for why only those). A result about two units' nodes goes to its focus's."""
    triples = {t for unit in batch for t in unit.triples}
    owner = {s: i for i, unit in enumerate(batch) for s in unit.owned}
    # Only owned nodes are focus nodes: a stub (a node with just its type here) would fail its
    # shape's other constraints. pySHACL is told so (making those results to drop them was a
    # third of its run); the shacl engine checks stubs too, and their results are dropped unless
    # their value is owned (nk:Day's ^precision reaches the time nodes of this unit).
    found: list[set[Finding]] = [set() for _ in batch]
    for result in engine.validate([*triples, *subclass], focus=owner.keys()):
        i = owner.get(result.focus, owner.get(result.value or ""))
        if i is not None:
            found[i].add(Finding(result.focus, result.violation, result.text))
    return [tuple(sorted(f, key=lambda f: f.text)) for f in found]
