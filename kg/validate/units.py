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
``tests/build/test_build_incremental.py`` checks that both runs report the same results.

Editing one article must not cost a pass over every quad of the corpus, so each graph is read
once into a :class:`Summary` (cached by its lines): per subject, a digest of its triples there,
its types and the IRIs it points at. A :class:`Plan` decides ownership and every unit's key from
the summaries alone; only the units whose key changed are assembled from lines and validated.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain
from sys import intern

from kg.cache import digest

RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
SUBCLASS_OF = "<http://www.w3.org/2000/01/rdf-schema#subClassOf>"


@dataclass(frozen=True)
class Unit:
    """What one validation job checks: its triples (N-Triples lines) and the subjects it owns."""

    graph: str
    owned: frozenset[str]
    triples: tuple[str, ...]


@dataclass(frozen=True)
class Summary:
    """One graph as validation planning needs it, without its lines."""

    facts: dict[str, bytes]  # subject → digest of its triples in this graph
    points: dict[str, tuple[str, ...]]  # subject → the IRIs its triples here point at
    types: dict[str, tuple[str, ...]]  # subject → its rdf:type objects here
    outward: frozenset[str]  # the IRIs pointed at that are not subjects here
    classes: dict[str, int]  # class IRI → how many subjects here have it
    subclass: tuple[str, ...]  # the rdfs:subClassOf triples, as N-Triples lines
    quads: int  # distinct quads


def split_quad(line: str) -> tuple[str, str, str, str]:
    """``<s> <p> o <g> .`` → (s, p, o, triple line). Terms as written; no blank nodes expected.

    >>> split_quad('<a> <p> "x y" <g> .')
    ('<a>', '<p>', '"x y"', '<a> <p> "x y" .')
    """
    s, p, rest = line.split(" ", 2)
    end = rest.rindex(" <")  # the graph label is the last IRI on the line
    return s, p, rest[:end], f"{s} {p} {rest[:end]} ."


def summarise(lines: Iterable[str]) -> Summary:
    """Read a graph's N-Quads lines once."""
    triples: dict[str, set[str]] = {}
    points: dict[str, set[str]] = {}
    types: dict[str, set[str]] = {}
    subclass: set[str] = set()
    for line in lines:
        s, p, o, triple = split_quad(line)
        # One object per IRI: the pickled summary then stores each IRI once, not once per
        # triple (half the size, half the load time of a rebuild's 173 summaries)
        s, o = intern(s), intern(o) if o[0] == "<" else o
        triples.setdefault(s, set()).add(triple)
        if o[0] == "<":
            points.setdefault(s, set()).add(o)
        if p == RDF_TYPE:
            types.setdefault(s, set()).add(o)
        elif p == SUBCLASS_OF:
            subclass.add(triple)
    outward = frozenset().union(*points.values()) - triples.keys()
    return Summary({s: _fingerprint(found) for s, found in triples.items()},
                   {s: tuple(sorted(found)) for s, found in points.items()},
                   {s: tuple(sorted(found)) for s, found in types.items()}, outward,
                   dict(Counter(chain.from_iterable(types.values()))),
                   tuple(sorted(subclass)), sum(map(len, triples.values())))


def _fingerprint(triples: set[str]) -> bytes:
    return hashlib.blake2b("\n".join(sorted(triples)).encode("utf-8"), digest_size=16).digest()


class Plan:
    """The units of a dataset, decided from its graphs' summaries: who owns what, each unit's key
    (a hash of everything its content is made of), and the content of the units asked for.

    Most subjects are described by one graph only; the per-subject work here is done for the
    *shared* ones (a few percent), so planning an unchanged corpus costs little more than
    reading the summaries."""

    def __init__(self, summaries: Mapping[str, Summary], order: Sequence[str],
                 fingerprints: Mapping[str, str]):
        self.summaries, self.order, self.fingerprints = summaries, list(order), fingerprints
        self.owner: dict[str, str] = {}
        for graph in reversed(self.order):  # earlier graphs overwrite: the first describer owns
            self.owner.update(dict.fromkeys(summaries[graph].facts, graph))
        seen = Counter(chain.from_iterable(summaries[g].facts for g in self.order))
        self.shared: dict[str, list[str]] = {s: [] for s, n in seen.items() if n > 1}
        self.shared_in: dict[str, set[str]] = {}  # graph → its subjects other graphs describe too
        for graph in self.order:
            self.shared_in[graph] = summaries[graph].facts.keys() & self.shared.keys()
            for s in self.shared_in[graph]:
                self.shared[s].append(graph)
        self.subclass = sorted({t for g in self.order for t in summaries[g].subclass})
        self._types_memo: dict[str, str] = {}

    def holders(self, s: str) -> list[str]:
        """The graphs describing ``s``, in order."""
        return self.shared.get(s) or ([self.owner[s]] if s in self.owner else [])

    def owned(self, graph: str) -> list[str]:
        foreign = {s for s in self.shared_in[graph] if self.owner[s] != graph}
        return sorted(self.summaries[graph].facts.keys() - foreign)

    def key(self, graph: str) -> str:
        """A hash of the unit's inputs: this graph's lines, which of its subjects others own, the
        other graphs' facts about subjects it owns, and the types of everything it may point at
        (a superset of what its unit points at: a key may change needlessly, never stay stale)."""
        mine = self.shared_in[graph]
        foreign = sorted(s for s in mine if self.owner[s] != graph)
        parts = [graph, self.fingerprints[graph], "\n".join(foreign)]
        reach = set(self.summaries[graph].outward) | set(foreign)
        for s in sorted(mine - set(foreign)):
            for h in self.shared[s]:
                if h != graph:
                    parts += [s, h, self.summaries[h].facts[s]]
                    reach.update(o for o in self.summaries[h].points.get(s, ())
                                 if self.owner.get(o) != graph)
        parts.append("\n".join(f"{o} {self._types(o)}" for o in sorted(reach)))
        return digest(*parts)

    def _types(self, o: str) -> str:
        """``o``'s types in every graph, as one string (memoised: most units point at the same
        registry entities and classes)."""
        found = self._types_memo.get(o)
        if found is None:
            found = self._types_memo[o] = " ".join(
                t for h in self.holders(o) for t in self.summaries[h].types.get(o, ()))
        return found

    def stubs(self, graph: str, owned: Sequence[str]) -> list[str]:
        """The type triples of what the owned subjects point at, outside this unit."""
        pointed = {o for s in owned for h in self.holders(s) for o in self.summaries[h].points.get(s, ())}
        pointed -= set(owned)
        return sorted({f"{o} {RDF_TYPE} {t} ." for o in pointed for h in self.holders(o)
                       for t in self.summaries[h].types.get(o, ())})

    def units(self, graphs: Iterable[str], lines: Mapping[str, Sequence[str]]) -> list[Unit]:
        """The units of ``graphs``, read from the lines of the graphs that describe their subjects
        (each read once, however many of the units it feeds)."""
        owned = {g: self.owned(g) for g in graphs}
        found = {g: set(self.stubs(g, subjects)) for g, subjects in owned.items()}
        sources = set(found).union(*(self.shared[s] for g in found for s in self.shared_in[g]
                                     if self.owner[s] == g))
        owner = self.owner
        for source in (h for h in self.order if h in sources):
            for line in lines[source]:
                target = found.get(owner[line[:line.index(" ")]])
                if target is not None:  # the triple of split_quad(line), made the fast way
                    target.add(line[:line.rindex(" <")] + " .")
        return [Unit(g, frozenset(subjects), tuple(sorted(found[g]))) for g, subjects in owned.items()]

    def class_counts(self, outside: str) -> dict[str, int]:
        """Distinct subjects per class in every graph but ``outside`` (a subject typed in two
        graphs counts once)."""
        counts: Counter[str] = Counter()
        for graph in self.order:
            if graph != outside:
                counts.update(self.summaries[graph].classes)
        for s, holders in self.shared.items():
            told = [t for h in holders if h != outside for t in self.summaries[h].types.get(s, ())]
            if len(told) > len(set(told)):  # typed alike in two graphs (most shared subjects are
                counts.subtract(Counter(told) - Counter(set(told)))  # typed in one): count once
        return dict(counts)
