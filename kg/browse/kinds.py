"""What sort of node an IRI names (from the minting scheme), and the neighbourhood picture of an
entity page, which ranks and hides nodes by their kind."""

from __future__ import annotations

import pyoxigraph as ox

from kg.namespaces import base_iri

from .labels import RDF

GRAPH_NEIGHBOURS = 40
# Who and what first in the picture; claims (often many) fill the remaining places.
GRAPH_ORDER = ("entity", "event", "agreement", "post", "source", "article", "proposition",
               "provision", "holding", "claim")
# Nodes left out of the neighbourhood picture: they are parts of the evidence, not actors.
HIDDEN_KINDS = {"evidence", "mention", "time", "holding", "statement", "quantity"}
KINDS = {"claim", "event", "agreement", "article", "source", "post", "holding", "time",
         "evidence", "mention", "proposition", "provision", "statement", "inference", "origin",
         "quantity"}
_GRAPH_RANK = {kind: rank for rank, kind in enumerate(GRAPH_ORDER)}
_HIDDEN = HIDDEN_KINDS | {"term"}


def kind_of(iri: str, id_base: str | None = None) -> str:
    """What sort of node an IRI names, from the minting scheme: ``claim``, ``event`` … ``entity``.
    ``id_base`` (``<base>id/``) saves looking the base up for each of many IRIs.

    >>> kind_of("https://newskg.example.org/id/claim/000_a/c01")
    'claim'
    """
    rest = iri.removeprefix(id_base or base_iri() + "id/")
    head = rest.split("/", 1)[0] if rest != iri else ""
    return head if head in KINDS else ("entity" if rest != iri else "term")



def neighbourhood(this: str, out: list[dict], inc: list[tuple], names: dict[str, str]) -> dict:
    """Nodes and edges around ``this`` for the graph view (actors, claims, events …); ``out``
    are OUT's rows, ``inc`` (subject, property IRI) pairs."""
    edges = [(this, r["p"].value, r["o"].value) for r in out if isinstance(r["o"], ox.NamedNode)]
    edges += [(s.value, p, this) for s, p in inc]
    id_base, rdf_type = base_iri() + "id/", RDF + "type"
    kinds = {n: kind_of(n, id_base) for n in {this, *(s for s, _, _ in edges),
                                              *(o for _, _, o in edges)}}
    edges = [e for e in edges if e[1] != rdf_type and kinds[e[0]] not in _HIDDEN
             and kinds[e[2]] not in _HIDDEN]
    others = list(dict.fromkeys(n for s, _, o in edges for n in (s, o) if n != this))
    # Rank, then IRI: which neighbours are kept must not follow the engine's row order.
    others.sort(key=lambda n: (_GRAPH_RANK.get(kinds[n], 99), n))
    kept = {this, *others[:GRAPH_NEIGHBOURS]}
    return {
        "nodes": [{"id": n, "label": names.get(n, n), "kind": kinds[n], "center": n == this}
                  for n in [this, *others[:GRAPH_NEIGHBOURS]]],
        "edges": [{"source": s, "target": o, "label": names[p]}
                  for s, p, o in sorted(set(edges)) if s in kept and o in kept],
        "hidden": max(0, len(others) - GRAPH_NEIGHBOURS),
    }

