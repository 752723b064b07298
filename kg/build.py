"""``kg build``: seeds → convert → validate → write ``kg.trig`` atomically (or nothing at all)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .annotations import load_corpus
from .convert import convert_corpus
from .errors import ValidationFailed
from .export import serialize, to_store, write_atomically
from .mint import Minter
from .validate import validate_graph

OUTPUT_NAME = "kg.trig"
COUNT_CLASSES = """
PREFIX nk: <https://newskg.example.org/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {
  GRAPH ?g { ?s a ?class }
  FILTER (?g != <https://newskg.example.org/ontology>)
} GROUP BY ?class ORDER BY DESC(?n) ?class
"""


@dataclass(frozen=True)
class BuildResult:
    path: Path
    quads: int
    graphs: int
    counts: dict[str, int]


def build(seeds: Path, out_dir: Path, base: str | None = None) -> BuildResult:
    """Convert and validate the seeds; write ``out_dir/kg.trig`` only if the graph conforms.

    :raise AnnotationError: a seed file is malformed (message names file:line).
    :raise ValidationFailed: the graph violates the shapes; the previous output is left intact.
    """
    corpus = load_corpus(seeds)
    dataset = convert_corpus(corpus, base)
    report = validate_graph(dataset)
    if not report.conforms:
        raise ValidationFailed(f"{report.violations} SHACL violations; nothing written", report.text)
    store = to_store(dataset)
    path = out_dir / OUTPUT_NAME
    write_atomically(path, serialize(store, "trig", id_base=Minter(base).id))
    graphs = sum(1 for _ in store.named_graphs())
    return BuildResult(path, len(store), graphs, class_counts(store))


def class_counts(store: ox.Store) -> dict[str, int]:
    """Instances per class (outside the ontology graph), largest first."""
    rows = store.query(COUNT_CLASSES)
    return {_short(row["class"].value): int(row["n"].value) for row in rows}


def _short(iri: str) -> str:
    for prefix, ns in (("nk:", "https://newskg.example.org/ontology#"),
                       ("oa:", "http://www.w3.org/ns/oa#")):
        if iri.startswith(ns):
            return prefix + iri[len(ns):]
    return iri
