"""``kg build``: seeds → load + check → convert → validate → write ``kg.trig`` atomically (or nothing).

Every stage works article by article, in parallel across cores, and caches its results under
``OUT/.cache`` keyed by the content hash of what they depend on (:mod:`kg.build.pipeline`,
:mod:`kg.validate.checks`): rebuilding after editing one article loads, converts and validates that
article again, not the corpus. The written file is byte-identical to the whole-corpus build,
cache or not: the prefix lines, then one TriG block per named graph in a fixed order, each its
sorted N-Quads loaded into Oxigraph and dumped (:func:`kg.build.export.dataset_trig`); blocks are cached
by their lines, so an edit re-serialises one graph, not the dataset, and the file is written by
copying the unchanged blocks' bytes from the previous one (:mod:`kg.build.splice`; its index is
``OUT/.cache/kg.trig.index``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.cache import Cache
from kg.convert.mint import Minter
from kg.errors import ValidationFailed
from kg.namespaces import ONTOLOGY_IRI
from kg.parallel import Progress, collector_paused, no_progress, share
from kg.validate.checks import Checked, check_graphs, summarise_graphs
from kg.validate.engines import engine_name
from kg.validate.units import Plan

from .blame import where
from .export import graph_block, trig_header
from .pipeline import Graphs, Loaded, convert_graphs, load_corpus_cached
from .splice import Piece, write_pieces

OUTPUT_NAME = "kg.trig"
CACHE_NAME = ".cache"
INDEX_NAME = "kg.trig.index"  # in CACHE_NAME: where each block of the output is (kg.build.splice)
COUNT_CLASSES = """
PREFIX nk: <https://w3id.org/newskg/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {
  GRAPH ?g { ?s a ?class }
  FILTER (?g != <https://w3id.org/newskg/ontology>)
} GROUP BY ?class ORDER BY DESC(?n) ?class
"""


@dataclass(frozen=True)
class BuildResult:
    path: Path
    quads: int
    graphs: int
    counts: dict[str, int]
    cache: dict[str, tuple[int, int]] = field(default_factory=dict)
    """(hits, misses) per stage: ``article`` (load), ``graph`` (convert), ``check`` (validate)."""
    warnings: tuple[str, ...] = ()
    """SHACL warnings, ``file:line: Warning: …``: worth a look, but they do not stop a build."""


def build(seeds: Path, out_dir: Path, base: str | None = None, *, cache: bool = True,
          workers: int | None = None, progress: Progress = no_progress,
          engine: str | None = None) -> BuildResult:
    """Convert and validate the seeds; write ``out_dir/kg.trig`` only if the graph conforms.

    ``cache=False`` ignores and keeps no ``out_dir/.cache``; ``workers`` defaults to the cores;
    ``engine`` names the SHACL engine (:mod:`kg.validate.engines`; default ``KG_SHACL_ENGINE``,
    else the fast one).

    :raise AnnotationError: a seed file is malformed (message names file:line).
    :raise ValidationFailed: the graph violates the shapes; the previous output is left intact.
    """
    mint, engine = Minter(base), engine_name(engine)  # a wrong engine name fails before any work
    with collector_paused():
        try:
            return _build(seeds, out_dir, mint, engine, cache, workers, progress)
        finally:
            share()  # what the workers were given is garbage now: freed here, not walked later


def _build(seeds: Path, out_dir: Path, mint: Minter, engine: str, cache: bool,
           workers: int | None, progress: Progress) -> BuildResult:
    store = Cache(out_dir / CACHE_NAME if cache else None)
    loaded = load_corpus_cached(seeds, store, workers=workers, progress=progress)
    graphs, fingerprints = convert_graphs(loaded, mint, store, workers=workers, progress=progress)
    order = graph_order(graphs, mint)
    summaries = summarise_graphs(graphs, fingerprints, store, workers=workers, progress=progress)
    plan = Plan(summaries, order, fingerprints)
    checked = check_graphs(graphs, plan, store, workers=workers, progress=progress, engine=engine)
    if not checked.conforms:
        raise ValidationFailed(f"{checked.violations} SHACL violations; nothing written",
                               report_text(checked, loaded, mint))
    path = out_dir / OUTPUT_NAME
    write_pieces(path, _pieces(graphs, order, fingerprints, store, mint),
                 out_dir / CACHE_NAME / INDEX_NAME if cache else None)
    store.prune()
    stats = {kind: store.counts(kind) for kind in ("article", "graph", "check")}
    quads = sum(summary.quads for summary in summaries.values())
    warnings = report_text(checked, loaded, mint, violations=False)
    return BuildResult(path, quads, len(graphs), counts_of(plan), stats,
                       tuple(warnings.splitlines()))


def _pieces(graphs: Graphs, order: list[str], fingerprints: dict[str, str], cache: Cache,
            mint: Minter) -> list[Piece]:
    """``kg.trig`` as :func:`~kg.build.export.dataset_trig` makes it: the prefix lines, then each
    graph's TriG block, keyed by what makes its bytes. A block the previous output holds is
    copied from it; the others come from the cache, else from the graph's lines (read only
    then). The cached blocks of copied pieces are kept: a lost index means a full write."""
    def block(key: str, graph: str) -> Callable[[], bytes]:
        return lambda: cache.get_or_make("trig", key, lambda: graph_block(graphs[graph], mint.id))

    keys = {graph: cache.key("trig", mint.id, fingerprints[graph]) for graph in order}
    pieces = [(cache.key("trig-header", mint.id), lambda: trig_header(mint.id))]
    for key in keys.values():
        cache.keep("trig", key)
    return pieces + [(keys[graph], block(keys[graph], graph)) for graph in order]


def counts_of(plan: Plan) -> dict[str, int]:
    """What :func:`class_counts` finds in a store, from the graphs' summaries: instances per class
    outside the ontology graph, largest first (no store of the whole dataset is built)."""
    ranked = sorted(plan.class_counts(outside=ONTOLOGY_IRI).items(), key=lambda item: (-item[1], item[0]))
    return {_short(cls[1:-1]): n for cls, n in ranked if n}


def graph_order(graphs: Graphs, mint: Minter) -> list[str]:
    """Ontology, registry, articles (sorted), links: the order in which graphs own subjects."""
    first = [ONTOLOGY_IRI, str(mint.graph("registry"))]
    last = [str(mint.graph("links"))]
    return first + sorted(g for g in graphs if g not in first + last) + last


def report_text(checked: Checked, loaded: Loaded, mint: Minter, violations: bool | None = None) -> str:
    """One line per result, ``file:line: Violation: <node> path [shape]: message``; only the
    violations, or only the other results, if ``violations`` says which."""
    return "\n".join(f"{where(f.focus, graph, loaded.corpus, mint)}: {f.text}"
                     for graph, f in checked.findings if violations in (None, f.violation))


def class_counts(store: ox.Store) -> dict[str, int]:
    """Instances per class (outside the ontology graph), largest first."""
    rows = store.query(COUNT_CLASSES)
    return {_short(row["class"].value): int(row["n"].value) for row in rows}


def _short(iri: str) -> str:
    for prefix, ns in (("nk:", "https://w3id.org/newskg/ontology#"),
                       ("oa:", "http://www.w3.org/ns/oa#")):
        if iri.startswith(ns):
            return prefix + iri[len(ns):]
    return iri
