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
each, and the batch runs those too. So does a constraint of a kind without a mutation (in
:mod:`mutations`), or of a shape with no focus node in the valid graphs: it must then be triggered
by a hand-written case, so a new kind of constraint cannot go untested.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from kg.validate.pitfalls import short as _short
from kg.validate.shacl import owning_shape

from .mutations import DATA, MUTATIONS, NEEDS_OTHER, NEEDS_VALUES, NoMutation, Site, rdflib_path, values

TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
PARAMETERS = (SH.minCount, SH.maxCount, SH["class"], SH.datatype, SH.nodeKind, SH["in"], SH.hasValue,
              SH.pattern, SH.minLength, SH.maxLength, SH.minInclusive, SH.maxInclusive,
              SH.minExclusive, SH.maxExclusive, SH.uniqueLang, SH.equals, SH.disjoint, SH.lessThan,
              SH.lessThanOrEquals, SH.node, SH["or"], SH["and"], SH["not"], SH.xone,
              SH.qualifiedValueShape, SH.closed, SH.sparql)
COMPONENT = {SH.sparql: SH.SPARQLConstraintComponent,
             SH.qualifiedValueShape: SH.QualifiedMinCountConstraintComponent}


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
