"""One generated negative case per SHACL constraint, made from the shapes graph itself.

For every constraint (a parameter such as ``sh:minCount 1`` on the property shape of
``nk:claimant``) the generator takes a conforming graph from ``tests/shapes/valid/``, finds a focus
node of the constraint's shape there and breaks exactly what the constraint requires: it removes
the values a ``sh:minCount`` needs, adds one more than ``sh:maxCount`` allows, puts an untyped node
where ``sh:class`` wants a type, a value of another datatype where ``sh:datatype`` wants one… A
``sh:node`` constraint gets one case per constraint of the shape it points to, broken on the value.

Each case is a copy of its graph with the data IRIs moved under ``…/id/case-<n>/``, so all cases
fit in one graph and one pySHACL run. The expected result names the focus node, the path, the
constraint component, the shape that holds the constraint and its severity.

SHACL-SPARQL constraints cannot be broken generically: ``tests/shapes/invalid/`` holds a case for
each, and the batch runs those too. So does a constraint of a kind without a mutation here, or of
a shape with no focus node in the valid graphs: it must then be triggered by a hand-written case,
so a new kind of constraint cannot go untested.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.paths import AlternativePath, InvPath, SequencePath
from rdflib.paths import Path as RdfPath
from rdflib.term import Node

from kg.validate.pitfalls import short as _short
from kg.validate.shacl import owning_shape

DATA = "https://newskg.example.org/id/"
TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
PARAMETERS = (SH.minCount, SH.maxCount, SH["class"], SH.datatype, SH.nodeKind, SH["in"], SH.hasValue,
              SH.pattern, SH.minLength, SH.maxLength, SH.minInclusive, SH.maxInclusive,
              SH.minExclusive, SH.maxExclusive, SH.uniqueLang, SH.equals, SH.disjoint, SH.lessThan,
              SH.lessThanOrEquals, SH.node, SH["or"], SH["and"], SH["not"], SH.xone,
              SH.qualifiedValueShape, SH.closed, SH.sparql)
COMPONENT = {SH.sparql: SH.SPARQLConstraintComponent,
             SH.qualifiedValueShape: SH.QualifiedMinCountConstraintComponent}
# Values of other datatypes than a shape asks for: the first that fits none of its datatypes.
OTHER_LITERALS = (Literal("x", lang="en"), Literal("x"), Literal("1.5", datatype=XSD.decimal))


class NoMutation(Exception):
    """The generator has no way yet to break this kind of constraint."""


@dataclass(frozen=True)
class Constraint:
    """One parameter of one shape. ``via`` is the ``sh:node`` constraint it is reached through."""

    shape: Node
    parameter: URIRef
    value: Node
    key: str
    via: Constraint | None = None


@dataclass
class Case:
    """A graph that breaks ``constraint`` and the result the report must then hold."""

    constraint: Constraint
    name: str  # the case's data IRIs are all under …/id/<name>/
    graph: Graph
    focus: Node
    path: str
    component: URIRef
    source: Node  # the shape that must report it: the top-level one, for a nested constraint
    severity: URIRef
    value: Node | None = None  # the expected sh:value, when the focus is shared by all cases
    notes: list[str] = field(default_factory=list)


# --- naming -------------------------------------------------------------------------------------


def short(term: Node) -> str:
    """``sh:minCount``, ``nk:claimant``: a CURIE where the namespace is known."""
    text = str(term)
    return "sh:" + text[len(str(SH)):] if text.startswith(str(SH)) else _short(term)


def path_key(shapes: Graph, path: Node | None) -> str:
    """``nk:stance``, ``^nk:claimant``, ``oa:hasSelector/oa:exact``, ``(nk:agent|nk:target)``."""
    if path is None:
        return "-"
    if isinstance(path, URIRef):
        return short(path)
    if (inverse := shapes.value(path, SH.inversePath)) is not None:
        return "^" + path_key(shapes, inverse)
    if (alternatives := shapes.value(path, SH.alternativePath)) is not None:
        return "(" + "|".join(path_key(shapes, p) for p in Collection(shapes, alternatives)) + ")"
    return "/".join(path_key(shapes, step) for step in Collection(shapes, path))


def value_key(shapes: Graph, parameter: URIRef, value: Node) -> str:
    if parameter == SH.sparql:
        return '"' + str(shapes.value(value, SH.message)) + '"'
    if parameter in (SH["in"], SH["or"], SH["and"], SH.xone):
        return "(" + " ".join(value_key(shapes, SH.node, v) for v in Collection(shapes, value)) + ")"
    if isinstance(value, URIRef):
        return short(value)
    if isinstance(value, Literal):
        return str(value)
    described = sorted(f"{short(p)} {value_key(shapes, p, o)}" for p, o in shapes.predicate_objects(value))
    return "[" + " ; ".join(described) + "]"


def constraints(shapes: Graph) -> list[Constraint]:
    """Every constraint reachable from a targeted shape, with its inventory key."""
    found: list[Constraint] = []
    for shape in sorted({s for t in TARGETS for s in shapes.subjects(t, None)}, key=str):
        found.extend(_constraints_of(shapes, shape, prefix=_owner(shapes, shape)))
    return sorted(found, key=lambda c: c.key)


def _owner(shapes: Graph, shape: Node) -> str:
    return str(owning_shape(shapes, shape)).rsplit("#", 1)[-1]


def _constraints_of(shapes: Graph, shape: Node, prefix: str,
                    via: Constraint | None = None) -> Iterator[Constraint]:
    path = path_key(shapes, shapes.value(shape, SH.path))
    for parameter in PARAMETERS:
        for value in shapes.objects(shape, parameter):
            key = f"{prefix} {path} {short(parameter)} {value_key(shapes, parameter, value)}"
            constraint = Constraint(shape, parameter, value, key, via)
            if parameter == SH.node:
                for inner in [value, *shapes.objects(value, SH.property)]:
                    yield from _constraints_of(shapes, inner, f"{key} >", constraint)
            else:
                yield constraint


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
    found = site.values() or [_sample(site)]
    for i in range(int(n) + 1 - len(site.values())):
        add_value(site.graph, site.focus, site.path, variant(site.graph, found[0], i + 1))


def _sample(site: Site) -> Node:
    for datatype in site.shapes.objects(site.shape, SH.datatype):
        return Literal("x") if datatype == XSD.string else Literal("1", datatype=datatype)
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


# --- cases --------------------------------------------------------------------------------------


def component(parameter: URIRef) -> URIRef:
    """``sh:minCount`` → ``sh:MinCountConstraintComponent``."""
    name = str(parameter).rsplit("#", 1)[-1]
    return COMPONENT.get(parameter, SH[name[0].upper() + name[1:] + "ConstraintComponent"])


def rename(graph: Graph, case: str) -> Graph:
    """A copy of ``graph`` with every data IRI moved under ``…/id/<case>/``."""
    def move(term: Node) -> Node:
        text = str(term)
        if isinstance(term, URIRef) and text.startswith(DATA):
            return URIRef(DATA + case + "/" + text[len(DATA):])
        return term

    copy = Graph()
    copy.addN((move(s), move(p), move(o), copy) for s, p, o in graph)
    return copy


def focus_nodes(shapes: Graph, shape: Node, graph: Graph, ontology: Graph) -> list[Node]:
    """The focus nodes of ``shape`` in ``graph`` (subclasses through the ontology), sorted."""
    found: set[Node] = set(shapes.objects(shape, SH.targetNode))
    for cls in shapes.objects(shape, SH.targetClass):
        for sub in ontology.transitive_subjects(RDFS.subClassOf, cls):
            found.update(graph.subjects(RDF.type, sub))
            found.update(ontology.subjects(RDF.type, sub))
    for prop in shapes.objects(shape, SH.targetSubjectsOf):
        found.update(graph.subjects(prop, None))
    for prop in shapes.objects(shape, SH.targetObjectsOf):
        found.update(graph.objects(None, prop))
    return sorted(found, key=str)


def clone(graph: Graph, ontology: Graph, node: Node, case: str) -> Node:
    """A copy, in the case's graph, of an ontology individual (a concept) to break freely."""
    copy = URIRef(f"{DATA}{case}/clone-{str(node).rsplit('#', 1)[-1]}")
    for p, o in ontology.predicate_objects(node):
        graph.add((copy, p, o))
    return copy


def make_case(constraint: Constraint, number: int, shapes: Graph, ontology: Graph,
              documents: dict[str, Graph]) -> Case:
    """The case for ``constraint``: the first valid graph and focus node where it can be broken."""
    top = constraint.via or constraint
    top_shape = top.shape
    for name, document in sorted(documents.items()):
        case = f"case-{number}"
        graph = rename(document, case)
        for focus in focus_nodes(shapes, top_shape, graph, ontology):
            built = _try(constraint, case, graph, focus, shapes, ontology)
            if built is not None:
                built.notes.append(f"from {name}")
                return built
            graph = rename(document, case)
    raise NoMutation(f"no focus node in tests/shapes/valid/ lets {constraint.key} be broken")


def _try(constraint: Constraint, case: str, graph: Graph, focus: Node, shapes: Graph,
         ontology: Graph) -> Case | None:
    top = constraint.via or constraint
    if not str(focus).startswith(DATA) and (focus, RDF.type, None) in ontology and top.shape not in \
            {s for s in shapes.subjects(SH.targetNode, focus)}:
        focus = clone(graph, ontology, focus, case)
    path_node = shapes.value(top.shape, SH.path)
    site = Site(graph, case, shapes, top.shape, focus, rdflib_path(shapes, path_node) if path_node else None)
    expected_value = None
    if constraint.via is not None:  # break the value the sh:node constraint checks
        found = [v for v in site.values() if str(v).startswith(DATA + case)]
        if not found:
            return None
        expected_value = found[0]
        inner_path = shapes.value(constraint.shape, SH.path)
        site = Site(graph, case, shapes, constraint.shape, found[0],
                    rdflib_path(shapes, inner_path) if inner_path else None)
    if not _ready(constraint, site):
        return None
    mutate = MUTATIONS.get(constraint.parameter)
    if mutate is None:
        raise NoMutation(f"no mutation for {short(constraint.parameter)} ({constraint.key})")
    mutate(site, constraint.value)
    severity = shapes.value(top.shape, SH.severity) or SH.Violation
    if not str(focus).startswith(DATA) and expected_value is None:
        expected_value = next((v for v in site.values() if str(v).startswith(DATA + case)), None)
    return Case(constraint, case, graph, focus, path_key(shapes, path_node), component(top.parameter),
                top.shape, severity, expected_value)


def _ready(constraint: Constraint, site: Site) -> bool:
    if constraint.parameter in NEEDS_VALUES and site.path is not None and not site.values():
        return False
    if constraint.parameter in NEEDS_OTHER:
        return bool(values(site.graph, site.focus, constraint.value))
    return True


def generate(shapes: Graph, ontology: Graph, valid: Path) -> dict[str, Case | str]:
    """Per constraint key, its case, or why none could be made (a SHACL-SPARQL constraint, a kind
    of constraint without a mutation, no focus node in the valid graphs): such a constraint needs
    a hand-written case in ``tests/shapes/invalid/``."""
    documents = {p.name: Graph().parse(p, format="turtle") for p in sorted(valid.glob("*.ttl"))}
    found: dict[str, Case | str] = {}
    for i, constraint in enumerate(constraints(shapes)):
        if constraint.parameter == SH.sparql:
            found[constraint.key] = "a SHACL-SPARQL constraint"
            continue
        try:
            found[constraint.key] = make_case(constraint, i, shapes, ontology, documents)
        except NoMutation as why:
            found[constraint.key] = str(why)
    return found
