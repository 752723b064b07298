"""The programmable checks of the OOPS! pitfall catalogue and the FOOPS! metadata checks, over
the ontology and over the data that uses it.

OOPS! (https://oops.linkeddata.es/catalogue.jsp) numbers its pitfalls; the checks keep its codes:
P06 cycles in the class hierarchy, P08 missing annotations, P10 missing disjointness, P11 missing
domain or range, P19 several domains or ranges (read as their intersection), P22 names that
differ only by case, P32 several terms with one label, P34/P35 untyped classes and properties,
P40 terms a vocabulary does not define. FAIR is FOOPS!'s header: version IRI, creator, publisher,
issue date, licence, the vann prefix and namespace. Over data: own terms used but never declared,
declared but never used, values outside a property's domain or range (read closed-world, as a
curator means them), and individuals of two disjoint classes.

One deliberate exception to P22: a property named after the class of its values (``nk:evidence``
→ ``nk:Evidence``), PROV-O's and schema.org's convention (``prov:agent`` → ``prov:Agent``). The
pair must then really be that: the class is the property's range.

Every check reads the graphs only, so terms that other parts of the project add are checked the
same way. :mod:`kg.validate.usage` holds the checks over data.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import (
    DCTERMS,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SDO,
    SKOS,
    TIME,
    VANN,
    VOID,
    XSD,
    DefinedNamespace,
)
from rdflib.term import Node

from kg.namespaces import NK, ONTOLOGY_IRI, PREFIXES

TERM_KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
              SKOS.ConceptScheme)
PROPERTY_KINDS = (OWL.ObjectProperty, OWL.DatatypeProperty)
HEADER = {
    OWL.versionIRI: "owl:versionIRI", OWL.versionInfo: "owl:versionInfo", DCTERMS.title: "dcterms:title",
    RDFS.comment: "a description (rdfs:comment)", DCTERMS.creator: "dcterms:creator",
    DCTERMS.publisher: "dcterms:publisher", DCTERMS.issued: "dcterms:issued",
    DCTERMS.license: "dcterms:license", VANN.preferredNamespacePrefix: "vann:preferredNamespacePrefix",
    VANN.preferredNamespaceUri: "vann:preferredNamespaceUri",
}
LANGUAGES = ("en", "es")
# Vocabularies whose complete term lists rdflib ships (schema.org under its http:// namespace);
# OA, SEM and NIF have none offline, so P40 cannot check them.
CLOSED: dict[str, type[DefinedNamespace]] = {
    str(ns): ns for ns in (PROV, SKOS, ORG, TIME, DCTERMS, OWL, RDF, RDFS, XSD, VANN, VOID)
} | {"http://schema.org/": SDO}


@dataclass(frozen=True, order=True)
class Pitfall:
    """One finding: its OOPS! code (or FAIR), the term or terms concerned, what is wrong."""

    code: str
    term: str
    text: str

    def __str__(self) -> str:
        return f"{self.code} {self.term}: {self.text}"


def short(term: Node) -> str:
    """``nk:Claim``, ``prov:Agent``: a term in a known namespace as a CURIE, else its IRI."""
    text = str(term)
    for prefix, namespace in PREFIXES.items():
        if text.startswith(str(namespace)) and len(text) > len(str(namespace)):
            return f"{prefix}:{text[len(str(namespace)):]}"
    return text


class Vocabulary:
    """The ontology graph with the look-ups the checks share."""

    def __init__(self, graph: Graph, namespace: str = str(NK)):
        self.graph, self.namespace = graph, namespace

    def own(self, term: Node) -> bool:
        return isinstance(term, URIRef) and str(term).startswith(self.namespace)

    @cached_property
    def terms(self) -> set[URIRef]:
        """Own terms the ontology declares: its classes, properties, schemes and individuals."""
        return {s for s in self.graph.subjects(RDF.type, None) if self.own(s)}

    def of_kind(self, *kinds: URIRef) -> set[URIRef]:
        return {t for t in self.terms if any((t, RDF.type, k) in self.graph for k in kinds)}

    @cached_property
    def classes(self) -> set[URIRef]:
        return self.of_kind(OWL.Class)

    @cached_property
    def properties(self) -> set[URIRef]:
        return self.of_kind(*PROPERTY_KINDS)

    @cached_property
    def parents(self) -> dict[Node, set[Node]]:
        """Every class's (and property's) superclasses, transitively, itself included."""
        direct: dict[Node, set[Node]] = defaultdict(set)
        for p in (RDFS.subClassOf, RDFS.subPropertyOf):
            for s, o in self.graph.subject_objects(p):
                direct[s].add(o)
        return {node: _closure(node, direct) for node in list(direct)}

    def ancestors(self, node: Node) -> set[Node]:
        return self.parents.get(node, {node})

    def members(self, expression: Node) -> set[Node]:
        """The named classes a domain or range stands for (the members of an owl:unionOf)."""
        union = self.graph.value(expression, OWL.unionOf)
        return set(Collection(self.graph, union)) if union is not None else {expression}

    def disjoint_pairs(self) -> set[frozenset[Node]]:
        pairs = {frozenset(pair) for pair in self.graph.subject_objects(OWL.disjointWith)}
        for axiom in self.graph.subjects(RDF.type, OWL.AllDisjointClasses):
            members = list(Collection(self.graph, self.graph.value(axiom, OWL.members)))
            pairs.update(frozenset((a, b)) for i, a in enumerate(members) for b in members[i + 1:])
        return pairs


def _closure(node: Node, direct: dict[Node, set[Node]]) -> set[Node]:
    seen, todo = {node}, [node]
    while todo:
        for parent in direct.get(todo.pop(), ()):
            if parent not in seen:
                seen.add(parent)
                todo.append(parent)
    return seen


def ontology_pitfalls(graph: Graph) -> list[Pitfall]:
    """Every pitfall of the ontology ``graph`` itself, sorted."""
    v = Vocabulary(graph)
    checks = (header, annotations, missing_domain_or_range, several_domains_or_ranges, cycles,
              case_clashes, label_clashes, missing_disjointness, untyped_terms, foreign_terms)
    return sorted(p for check in checks for p in check(v))


def header(v: Vocabulary) -> Iterator[Pitfall]:
    """FAIR: the ontology header FOOPS! asks for, naming the namespace its terms use."""
    ontology = URIRef(ONTOLOGY_IRI)
    if (ontology, RDF.type, OWL.Ontology) not in v.graph:
        yield Pitfall("P38", ONTOLOGY_IRI, "no owl:Ontology declaration")
        return
    for prop, name in HEADER.items():
        if v.graph.value(ontology, prop) is None:
            yield Pitfall("FAIR", ONTOLOGY_IRI, f"no {name}")
    uri = v.graph.value(ontology, VANN.preferredNamespaceUri)
    if uri is not None and str(uri) != v.namespace:
        yield Pitfall("P39", ONTOLOGY_IRI, f"vann:preferredNamespaceUri {uri} is not {v.namespace}")
    version = v.graph.value(ontology, OWL.versionIRI)
    if version is not None and not str(version).startswith(ONTOLOGY_IRI + "/"):
        yield Pitfall("FAIR", ONTOLOGY_IRI, f"owl:versionIRI {version} is not under {ONTOLOGY_IRI}/")


def annotations(v: Vocabulary) -> Iterator[Pitfall]:
    """P08: a label in every language, an English comment, and rdfs:isDefinedBy the ontology."""
    for term in sorted(v.terms):
        labels = {lit.language for lit in v.graph.objects(term, RDFS.label) if isinstance(lit, Literal)}
        for language in LANGUAGES:
            if language not in labels:
                yield Pitfall("P08", short(term), f"no rdfs:label in @{language}")
        if not any(getattr(c, "language", None) == "en" for c in v.graph.objects(term, RDFS.comment)):
            yield Pitfall("P08", short(term), "no rdfs:comment in @en")
        if (term, RDFS.isDefinedBy, URIRef(ONTOLOGY_IRI)) not in v.graph:
            yield Pitfall("FAIR", short(term), f"no rdfs:isDefinedBy <{ONTOLOGY_IRI}>")


def missing_domain_or_range(v: Vocabulary) -> Iterator[Pitfall]:
    """P11: every object and datatype property states its domain and its range."""
    for prop in sorted(v.properties):
        for axiom, name in ((RDFS.domain, "domain"), (RDFS.range, "range")):
            if v.graph.value(prop, axiom) is None:
                yield Pitfall("P11", short(prop), f"no rdfs:{name}")


def several_domains_or_ranges(v: Vocabulary) -> Iterator[Pitfall]:
    """P19: two domains (or ranges) mean their intersection, rarely what was meant."""
    for prop in sorted(v.properties):
        for axiom in (RDFS.domain, RDFS.range):
            if len(set(v.graph.objects(prop, axiom))) > 1:
                yield Pitfall("P19", short(prop), f"several {short(axiom)}: a value must be all of them")


def cycles(v: Vocabulary) -> Iterator[Pitfall]:
    """P06: no class (or property) is its own strict superclass."""
    for term in sorted(v.terms):
        direct = set(v.graph.objects(term, RDFS.subClassOf)) | set(v.graph.objects(term, RDFS.subPropertyOf))
        if any(term in v.ancestors(parent) for parent in direct):
            yield Pitfall("P06", short(term), "is its own ancestor")


def case_clashes(v: Vocabulary) -> Iterator[Pitfall]:
    """P22: IRIs that differ only by case, unless a property is named after its range class."""
    by_case: dict[str, list[URIRef]] = defaultdict(list)
    for term in v.terms:
        by_case[str(term).casefold()].append(term)
    for same in by_case.values():
        if len(same) > 1 and not _named_after_range(v, same):
            yield Pitfall("P22", " ".join(sorted(map(short, same))), "IRIs differ only by case")


def _named_after_range(v: Vocabulary, pair: list[URIRef]) -> bool:
    classes = [t for t in pair if t in v.classes]
    props = [t for t in pair if t in v.properties]
    return len(pair) == 2 and len(classes) == len(props) == 1 and \
        classes[0] in v.members(v.graph.value(props[0], RDFS.range))


def label_clashes(v: Vocabulary) -> Iterator[Pitfall]:
    """P32: two terms with the same label (case-insensitively) in one language."""
    owners: dict[tuple[str, str], set[URIRef]] = defaultdict(set)
    for term in v.terms:
        for prop in (RDFS.label, SKOS.prefLabel):
            for label in v.graph.objects(term, prop):
                owners[(str(label).casefold(), getattr(label, "language", None) or "")].add(term)
    for (label, language), terms in sorted(owners.items()):
        if len(terms) > 1:
            yield Pitfall("P32", " ".join(sorted(map(short, terms))), f'share the label "{label}"@{language}')


def missing_disjointness(v: Vocabulary) -> Iterator[Pitfall]:
    """P10: each top-level class (no own superclass) is declared disjoint with the others."""
    covered = {c for pair in v.disjoint_pairs() for c in pair}
    for cls in sorted(v.classes):
        if not any(v.own(p) for p in v.graph.objects(cls, RDFS.subClassOf)) and cls not in covered:
            yield Pitfall("P10", short(cls), "a top-level class in no disjointness axiom")


def untyped_terms(v: Vocabulary) -> Iterator[Pitfall]:
    """P34/P35: own terms the ontology uses as classes or properties without declaring them."""
    for term, code in _used_in_axioms(v):
        if v.own(term) and term not in v.terms:
            yield Pitfall(code, short(term), "used in an axiom but never declared")


def _used_in_axioms(v: Vocabulary) -> Iterator[tuple[Node, str]]:
    for prop, code in ((RDFS.subClassOf, "P34"), (RDFS.subPropertyOf, "P35")):
        for s, o in v.graph.subject_objects(prop):
            yield from ((s, code), (o, code))
    for axiom in (RDFS.domain, RDFS.range):
        for o in v.graph.objects(None, axiom):
            yield from ((m, "P34") for m in v.members(o))
    for p in set(v.graph.predicates()):
        yield p, "P35"


def foreign_terms(v: Vocabulary, graph: Graph | None = None) -> Iterator[Pitfall]:
    """P40: terms of another vocabulary that it does not define (a typo, or an invented term)."""
    graph = v.graph if graph is None else graph
    used = set(graph.predicates()) | set(graph.objects(None, RDF.type))
    for axiom in (RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range):
        used.update(o for o in graph.objects(None, axiom) if isinstance(o, URIRef))
    for term in sorted(used):
        namespace, name = _split(term)
        if namespace in CLOSED and name not in CLOSED[namespace]:
            yield Pitfall("P40", str(term), f"{namespace} defines no term {name!r}")


def _split(term: URIRef) -> tuple[str, str]:
    text = str(term)
    cut = max(text.rfind("#"), text.rfind("/")) + 1
    return text[:cut], text[cut:]


def terms_in(graph: Graph, v: Vocabulary) -> Iterable[URIRef]:
    """The own IRIs ``graph`` mentions anywhere."""
    for triple in graph:
        yield from (t for t in triple if v.own(t))
