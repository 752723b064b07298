"""Counts that describe a built dataset (``kg stats``, the statistics page, VoID)."""

from __future__ import annotations

import pyoxigraph as ox

from kg.build.dataset import class_counts

_GRAPHS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
_BY = """PREFIX nk: <https://w3id.org/newskg/ontology#>
SELECT ?v (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a nk:Claim ; nk:%s ?v } GROUP BY ?v ORDER BY DESC(?n)"""


def dataset_stats(store: ox.Store) -> dict[str, dict[str, int]]:
    """Sections of name → count, in display order."""
    union = {"use_default_graph_as_union": True}
    return {
        "dataset": {"quads": len(store), "named graphs": sum(1 for _ in store.named_graphs())},
        "quads per graph": _pairs(store.query(_GRAPHS)),
        "instances per class": class_counts(store),
        "claims per stance": _pairs(store.query(_BY % "stance", **union)),
        "claims per source type": _pairs(store.query(_BY % "sourceType", **union)),
    }


def _pairs(rows) -> dict[str, int]:
    return {_local(row[0].value): int(row[1].value) for row in rows}


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1] if "#" in iri else iri
