"""The pitfall checks over data (see :mod:`kg.validate.pitfalls`): how the graph uses the ontology.

Read closed-world, as a curator means the axioms: a value outside a property's declared domain or
range is an error here, where RDFS would quietly infer a new type for it (which the validation
with RDFS inference then catches through the shapes).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from kg.namespaces import ONTOLOGY_IRI
from kg.resources import ONTOLOGY_FILE

from .pitfalls import Pitfall, Vocabulary, foreign_terms, ontology_pitfalls, short, terms_in

# The least value of each integer type the data may write (Oxigraph keeps only xsd:integer).
INTEGERS = {XSD.integer: None, XSD.nonNegativeInteger: 0, XSD.positiveInteger: 1}


def check_vocabulary(data: Dataset | Graph | None = None, ontology: Path = ONTOLOGY_FILE) -> list[Pitfall]:
    """The pitfalls of the ontology file and, given ``data``, of the data's use of it (the data's
    own copy of the ontology, its graph ``<ONTOLOGY_IRI>``, is left out of the data)."""
    graph = Graph().parse(ontology, format="turtle")
    found = ontology_pitfalls(graph)
    return found if data is None else found + data_pitfalls(graph, without_ontology(data))


def without_ontology(data: Dataset | Graph) -> Graph:
    """Every triple of ``data`` but those of its ontology graph."""
    if not isinstance(data, Dataset):
        return data
    graph = Graph()
    graph.addN((s, p, o, graph) for s, p, o, g in data.quads((None, None, None, None))
               if str(getattr(g, "identifier", g)) != ONTOLOGY_IRI)
    return graph


def data_pitfalls(ontology: Graph, data: Graph) -> list[Pitfall]:
    """Every pitfall of ``data`` (without the ontology's own triples) against ``ontology``."""
    v = Vocabulary(ontology)
    types: dict[Node, set[Node]] = defaultdict(set)
    for graph in (ontology, data):
        for s, o in graph.subject_objects(RDF.type):
            types[s].add(o)
    found = [*undeclared(v, data), *unused(v, data), *outside_domain_or_range(v, data, types),
             *disjoint_individuals(v, types), *disjoint_properties(v, data), *foreign_terms(v, data)]
    return sorted(found)


def undeclared(v: Vocabulary, data: Graph) -> Iterator[Pitfall]:
    """Own IRIs the data uses that the ontology does not declare (a typo, or a missing term)."""
    for term in sorted(set(terms_in(data, v)) - v.terms):
        yield Pitfall("undeclared", short(term), "used in the data, not declared in the ontology")


def unused(v: Vocabulary, data: Graph) -> Iterator[Pitfall]:
    """Declared terms nothing uses: not the data, not a subterm, not the ontology's own statements.
    A concept counts as used when another concept of its scheme is: a controlled vocabulary is
    offered whole to the curators."""
    used = set(terms_in(data, v)) | {p for p in v.graph.predicates() if v.own(p)}
    used |= {t for term in list(used) for t in v.graph.objects(term, RDF.type)}
    schemes = {s for term in used for s in v.graph.objects(term, SKOS.inScheme)}
    used |= schemes | {c for s in schemes for c in v.graph.subjects(SKOS.inScheme, s)}
    used |= {a for term in list(used) for a in v.ancestors(term)}
    for term in sorted(v.terms - used):
        yield Pitfall("unused", short(term), "declared, but the data never uses it")


def outside_domain_or_range(v: Vocabulary, data: Graph, types: dict[Node, set[Node]]) -> Iterator[Pitfall]:
    """Subjects outside a property's domain, values outside its range (its super-properties'
    too), one finding per property, axiom and kind of node."""
    seen: Counter[tuple[str, str, str]] = Counter()
    example: dict[tuple[str, str, str], str] = {}
    for s, p, o in data:
        for prop in (a for a in v.ancestors(p) if a in v.properties):
            for axiom, node in (("domain", s), ("range", o)):
                expected = v.graph.value(prop, RDFS[axiom])
                if expected is not None and not _fits(v, node, expected, types):
                    key = (short(prop), axiom, _kind(node, types))
                    seen[key] += 1
                    example.setdefault(key, f"{short(expected)}; e.g. <{s}> {short(p)} {o.n3()}")
    for (prop, axiom, kind), count in sorted(seen.items()):
        text = f"{count} node(s) {kind} outside its rdfs:{axiom} {example[(prop, axiom, kind)]}"
        yield Pitfall(axiom, prop, text)


def _fits(v: Vocabulary, node: Node, expected: Node, types: dict[Node, set[Node]]) -> bool:
    if isinstance(node, Literal):
        return fits_datatype(node, expected)
    if expected in (RDFS.Literal, RDF.langString, RDF.PlainLiteral) or str(expected).startswith(str(XSD)):
        return False
    wanted = v.members(expected)
    return any(wanted & v.ancestors(t) for t in types.get(node, ()))


def fits_datatype(value: Literal, expected: Node) -> bool:
    """Whether ``value`` is in the value space of the datatype ``expected``.

    >>> fits_datatype(Literal(11), XSD.positiveInteger), fits_datatype(Literal(0), XSD.positiveInteger)
    (True, False)
    >>> fits_datatype(Literal("x", lang="en"), XSD.string)
    False
    """
    if expected in (RDFS.Literal, None):
        return True
    if expected == RDF.langString:
        return bool(value.language)
    if expected == XSD.string:
        return value.language is None and value.datatype in (None, XSD.string)
    if expected in INTEGERS:
        least = INTEGERS[expected]
        whole = value.datatype in INTEGERS and isinstance(value.value, int)
        return whole and (least is None or value.value >= least)
    return value.datatype == expected and not value.ill_typed


def _kind(node: Node, types: dict[Node, set[Node]]) -> str:
    if isinstance(node, Literal):
        return f"typed {short(node.datatype) if node.datatype else 'as plain text'}"
    found = sorted(short(t) for t in types.get(node, ()))
    return "of type " + ", ".join(found) if found else "without a type"


def disjoint_individuals(v: Vocabulary, types: dict[Node, set[Node]]) -> Iterator[Pitfall]:
    """Nodes that are instances of two disjoint classes (asserted, or through superclasses)."""
    pairs = v.disjoint_pairs()
    nodes: dict[frozenset[Node], list[Node]] = defaultdict(list)
    for node, asserted in types.items():
        nodes[frozenset(asserted)].append(node)
    for asserted, members in sorted(nodes.items(), key=lambda item: sorted(map(str, item[0]))):
        closure = set().union(*(v.ancestors(t) for t in asserted))
        for pair in sorted(pairs, key=lambda pair: sorted(map(str, pair))):
            if pair <= closure:
                a, b = sorted(map(short, pair))
                yield Pitfall("disjoint", str(min(members, key=str)),
                              f"{len(members)} node(s) both {a} and {b}, declared disjoint")


def disjoint_properties(v: Vocabulary, data: Graph) -> Iterator[Pitfall]:
    """Two nodes linked by two properties declared disjoint (owl:propertyDisjointWith)."""
    for p, q in sorted(v.graph.subject_objects(OWL.propertyDisjointWith)):
        for s, o in sorted(data.subject_objects(p)):
            if isinstance(o, URIRef) and (s, q, o) in data:
                yield Pitfall("disjoint", f"<{s}> <{o}>", f"linked by both {short(p)} and {short(q)}")
