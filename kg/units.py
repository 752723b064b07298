"""Split the dataset into validation units that together check exactly what one whole run checks.

SHACL checks a focus node against the triples *about* it and the types of the nodes it points
at. So every subject gets one **owner** graph — the ontology, else the registry, else the first
article graph that describes it, else the links graph — and the unit of a graph holds:

- every triple, from *any* graph, whose subject it owns (a shared event told by two articles is
  checked once, with both tellings; a claim with its derived links; an entity with the posts
  articles say it holds), so cardinality conflicts across articles are still caught;
- the ``rdf:type`` triples of the nodes those triples point at (for ``sh:class``), plus the
  ontology's class hierarchy (added by the validator), as *stubs*;

and a unit reports only the results whose focus node or value it owns: a stub, which has only
its type here, is checked in its owner's unit. This matches a whole-graph run as long as a shape
reaches further than one hop only through nodes minted for the same article (quote selectors, the
sources of a ``subsetOf``), and inverse paths only from nodes of the same article (claimants);
``tests/test_build_incremental.py`` checks that both runs report the same results.

A unit's key hashes its triples, so editing one article re-validates that article and the few
units that own something it describes (a shared event, a date), not the whole corpus.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

from .cache import digest

RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
SUBCLASS_OF = "<http://www.w3.org/2000/01/rdf-schema#subClassOf>"


@dataclass(frozen=True)
class Unit:
    """What one validation job checks: its triples (N-Triples lines) and the subjects it owns."""

    graph: str
    owned: frozenset[str]
    triples: tuple[str, ...]

    @cached_property
    def key(self) -> str:
        return digest(self.graph, "\n".join(sorted(self.owned)), "\n".join(self.triples))


def split_quad(line: str) -> tuple[str, str, str, str]:
    """``<s> <p> o <g> .`` → (s, p, o, triple line). Terms as written; no blank nodes expected.

    >>> split_quad('<a> <p> "x y" <g> .')
    ('<a>', '<p>', '"x y"', '<a> <p> "x y" .')
    """
    s, p, rest = line.split(" ", 2)
    end = rest.rindex(" <")  # the graph label is the last IRI on the line
    return s, p, rest[:end], f"{s} {p} {rest[:end]} ."


class Index:
    """Every quad of the dataset by subject, with each subject's owner graph."""

    def __init__(self, graphs: dict[str, Sequence[str]], order: Iterable[str]):
        self.by_subject: dict[str, list[tuple[str, str, str]]] = {}  # s → [(graph, p, o)]
        self.owner: dict[str, str] = {}
        for graph in order:
            for line in graphs[graph]:
                s, p, o, _ = split_quad(line)
                self.by_subject.setdefault(s, []).append((graph, p, o))
                self.owner.setdefault(s, graph)
        self.subclass = sorted({f"{s} {SUBCLASS_OF} {o} ." for s, facts in self.by_subject.items()
                                for _, p, o in facts if p == SUBCLASS_OF})

    def unit(self, graph: str, subjects: Iterable[str]) -> Unit:
        """The unit of ``graph``: the owned subjects among ``subjects`` (its own), with stubs."""
        owned = frozenset(s for s in subjects if self.owner.get(s) == graph)
        triples, pointed = set(), set()
        for s in owned:
            for _, p, o in self.by_subject[s]:
                triples.add(f"{s} {p} {o} .")
                if o.startswith("<") and self.owner.get(o) != graph:
                    pointed.add(o)
        for o in pointed:
            triples.update(f"{o} {RDF_TYPE} {t} ." for _, p, t in self.by_subject.get(o, ())
                           if p == RDF_TYPE)
        return Unit(graph, owned, tuple(sorted(triples)))


def units(graphs: dict[str, Sequence[str]], order: Sequence[str]) -> tuple[list[Unit], list[str]]:
    """One unit per graph, in ``order`` (which also decides ownership: first describer wins), and
    the ``rdfs:subClassOf`` triples every unit needs (to know that an Expert is an Agent)."""
    index = Index(graphs, order)
    subjects = {g: {line.split(" ", 1)[0] for line in graphs[g]} for g in order}
    return [index.unit(g, subjects[g]) for g in order], index.subclass
