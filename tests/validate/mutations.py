"""The graph surgery behind :mod:`constraint_cases`: following a SHACL path in a data graph,
removing, adding and replacing the values at its end, and one mutation per kind of constraint
that breaks exactly what the constraint requires."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH, XSD
from rdflib.paths import AlternativePath, InvPath, SequencePath
from rdflib.paths import Path as RdfPath
from rdflib.term import Node

DATA = "https://newskg.example.org/id/"
# Values of other datatypes than a shape asks for: the first that fits none of its datatypes.
OTHER_LITERALS = (Literal("x", lang="en"), Literal("x"), Literal("1.5", datatype=XSD.decimal))


class NoMutation(Exception):
    """The generator has no way yet to break this kind of constraint."""



# --- graphs -------------------------------------------------------------------------------------


def rdflib_path(shapes: Graph, path: Node) -> URIRef | RdfPath:
    if isinstance(path, URIRef):
        return path
    if (inverse := shapes.value(path, SH.inversePath)) is not None:
        return InvPath(rdflib_path(shapes, inverse))
    if (alternatives := shapes.value(path, SH.alternativePath)) is not None:
        return AlternativePath(*[rdflib_path(shapes, p) for p in Collection(shapes, alternatives)])
    return SequencePath(*[rdflib_path(shapes, step) for step in Collection(shapes, path)])


def anchors(graph: Graph, focus: Node, path) -> list[tuple[Node, URIRef | InvPath]]:
    """Where a path's last step starts: (node, step) pairs whose values are the path's values."""
    if isinstance(path, SequencePath):
        *head, last = path.args
        start = SequencePath(*head) if len(head) > 1 else head[0]
        return [(node, last) for node in sorted(graph.objects(focus, start), key=str)]
    if isinstance(path, AlternativePath):
        return [pair for step in path.args for pair in anchors(graph, focus, step)]
    return [(focus, path)]


def values(graph: Graph, focus: Node, path) -> list[Node]:
    return sorted(set(graph.objects(focus, path)), key=str)


def remove_values(graph: Graph, focus: Node, path) -> None:
    for node, step in anchors(graph, focus, path):
        if isinstance(step, InvPath):
            graph.remove((None, step.arg, node))
        else:
            graph.remove((node, step, None))


def add_value(graph: Graph, focus: Node, path, value: Node) -> None:
    node, step = anchors(graph, focus, path)[0]
    graph.add((value, step.arg, node) if isinstance(step, InvPath) else (node, step, value))


def set_value(graph: Graph, focus: Node, path, value: Node) -> None:
    remove_values(graph, focus, path)
    add_value(graph, focus, path, value)


def variant(graph: Graph, value: Node, n: int = 1) -> Node:
    """Another value like ``value``: same datatype and language, or a node with the same types."""
    if isinstance(value, URIRef):
        other = URIRef(f"{value}-other-{n}")
        for t in graph.objects(value, RDF.type):
            graph.add((other, RDF.type, t))
        return other
    python = value.toPython()
    if isinstance(python, bool):
        return Literal(not python)
    if isinstance(python, (int, dt.date)):
        step = dt.timedelta(days=n) if isinstance(python, dt.date) else n
        return Literal(python + step, datatype=value.datatype)
    return Literal(f"{value} ({n})", lang=value.language, datatype=value.datatype)


def fresh(case: str, name: str) -> URIRef:
    """A node nothing describes: it has no type and no label."""
    return URIRef(f"{DATA}{case}/untyped-{name}")


# --- mutations ----------------------------------------------------------------------------------


@dataclass
class Site:
    """Where a case is built: the graph, the case's name, the shapes, the focus and its path."""

    graph: Graph
    case: str
    shapes: Graph
    shape: Node
    focus: Node
    path: object  # rdflib path, or None for a node-level constraint

    def values(self) -> list[Node]:
        return values(self.graph, self.focus, self.path) if self.path is not None else [self.focus]


Mutation = Callable[[Site, Node], None]


def _min_count(site: Site, n: Node) -> None:
    remove_values(site.graph, site.focus, site.path)


def _max_count(site: Site, n: Node) -> None:
    if not site.values():  # the sample itself counts: a boolean has only one other value
        add_value(site.graph, site.focus, site.path, _sample(site))
    found = site.values()
    for i in range(int(n) + 1 - len(found)):
        add_value(site.graph, site.focus, site.path, variant(site.graph, found[0], i + 1))


# A well-formed value of each datatype, so that a case adding one breaks only the count: an
# ill-typed one ("1"^^xsd:date) would break sh:datatype too, and pySHACL cannot compare it
# (sh:lessThanOrEquals raises on it and stops the whole batch).
SAMPLES = {XSD.string: "x", XSD.date: "2000-01-01", XSD.dateTime: "2000-01-01T00:00:00",
           XSD.gYear: "2000", XSD.gYearMonth: "2000-01", XSD.boolean: "true", XSD.decimal: "0.5"}


def _sample(site: Site) -> Node:
    for datatype in site.shapes.objects(site.shape, SH.datatype):
        return Literal("x") if datatype == XSD.string else \
            Literal(SAMPLES.get(datatype, "1"), datatype=datatype)
    return Literal("1", datatype=XSD.integer)


def _replace(make: Callable[[Site, Node], Node]) -> Mutation:
    return lambda site, v: set_value(site.graph, site.focus, site.path, make(site, v))


def _other_literal(site: Site, datatypes: set[Node]) -> Literal:
    for literal in OTHER_LITERALS:
        if (RDF.langString if literal.language else literal.datatype or XSD.string) not in datatypes:
            return literal
    raise NoMutation(f"no literal outside {datatypes}")


def _or(site: Site, members: Node) -> Node:
    shapes = [dict(site.shapes.predicate_objects(m)) for m in Collection(site.shapes, members)]
    if all(set(s) == {SH.datatype} for s in shapes):
        return _other_literal(site, {s[SH.datatype] for s in shapes})
    if all(set(s) == {SH["class"]} for s in shapes):
        return fresh(site.case, "or")
    raise NoMutation("sh:or of other than datatypes or classes")


def _pattern(site: Site, pattern: Node) -> Literal:
    flags = re.IGNORECASE if "i" in str(site.shapes.value(site.shape, SH.flags) or "") else 0
    for text in ("", "x", "0", "no match here"):
        if not re.search(str(pattern), text, flags):
            return Literal(text)
    raise NoMutation(f"every sample matches {pattern}")


def _node_kind(site: Site, kind: Node) -> Node:
    return Literal("x") if kind in (SH.IRI, SH.BlankNode, SH.BlankNodeOrIRI) else fresh(site.case, "kind")


def _bound(delta: int) -> Callable[[Site, Node], Node]:
    return lambda site, bound: Literal(bound.toPython() + delta, datatype=bound.datatype)


def _unique_lang(site: Site, flag: Node) -> None:
    tagged = [v for v in site.values() if isinstance(v, Literal) and v.language] or [Literal("x", lang="en")]
    for i in range(2):
        add_value(site.graph, site.focus, site.path, Literal(f"{tagged[0]} ({i})", lang=tagged[0].language))


def _compare(after: int) -> Mutation:
    """``sh:lessThan`` (0) / ``sh:lessThanOrEquals`` (1): a value later than the other property's."""

    def mutate(site: Site, other: Node) -> None:
        (theirs, *_) = values(site.graph, site.focus, other)
        set_value(site.graph, site.focus, site.path, variant(site.graph, theirs, after) if after else theirs)

    return mutate


def _equals(site: Site, other: Node) -> None:
    (theirs, *_) = values(site.graph, site.focus, other)
    set_value(site.graph, site.focus, site.path, variant(site.graph, theirs, 7))


def _disjoint(site: Site, other: Node) -> None:
    theirs = values(site.graph, site.focus, other)
    shared = theirs[0] if theirs else fresh(site.case, "shared")
    site.graph.add((site.focus, other, shared))
    add_value(site.graph, site.focus, site.path, shared)


MUTATIONS: dict[URIRef, Mutation] = {
    SH.minCount: _min_count,
    SH.maxCount: _max_count,
    SH["class"]: _replace(lambda site, c: fresh(site.case, "class")),
    SH.datatype: _replace(lambda site, d: _other_literal(site, {d})),
    SH.nodeKind: _replace(_node_kind),
    SH["in"]: _replace(lambda site, members: fresh(site.case, "in")),
    SH.hasValue: _replace(lambda site, v: fresh(site.case, "value")),
    SH.pattern: _replace(_pattern),
    SH.minLength: _replace(lambda site, n: Literal("x" * (int(n) - 1))),
    SH.maxLength: _replace(lambda site, n: Literal("x" * (int(n) + 1))),
    SH.minInclusive: _replace(_bound(-1)),
    SH.maxInclusive: _replace(_bound(1)),
    SH.minExclusive: _replace(_bound(0)),
    SH.maxExclusive: _replace(_bound(0)),
    SH.uniqueLang: _unique_lang,
    SH.lessThan: _compare(0),
    SH.lessThanOrEquals: _compare(1),
    SH.equals: _equals,
    SH.disjoint: _disjoint,
    SH["or"]: _replace(_or),
}
# What a focus node must have for the mutation to work on it (values to remove, compare, enter).
NEEDS_VALUES = {SH.minCount, SH.node}
NEEDS_OTHER = {SH.lessThan, SH.lessThanOrEquals, SH.equals}
