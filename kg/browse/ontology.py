"""The ontology's terms, the SHACL shapes with their messages and the validation report of the
served graph (pyLODE's reference documentation is :mod:`kg.browse.reference`).

Terms come from the ontology graph of the store (SPARQL, like every page). The shapes file is read
into a small store of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from kg.namespaces import NK, ONTOLOGY_IRI
from kg.resources import ONTOLOGY_FILE, SHAPES_FILE
from kg.store.oxigraph import OxigraphStore, Store
from kg.validate.shacl import Report, validate_graph

from .labels import local_name
from .sparql import Inline, construct, select

TERMS = """SELECT ?term ?kind ?label ?es ?comment ?parent WHERE {
  GRAPH %(ontology)s {
    ?term a ?kind FILTER (?kind IN (owl:Class, owl:ObjectProperty, owl:DatatypeProperty,
                                    skos:ConceptScheme) && STRSTARTS(STR(?term), %(namespace)s))
    OPTIONAL { ?term rdfs:label ?label FILTER (LANG(?label) IN ("en", "")) }
    OPTIONAL { ?term rdfs:comment ?comment FILTER (LANG(?comment) IN ("en", "")) }
    OPTIONAL { ?term rdfs:label ?es FILTER (LANG(?es) = "es") }
    OPTIONAL { ?term rdfs:subClassOf|rdfs:subPropertyOf ?parent }
  } } ORDER BY ?kind ?term ?parent"""
CONCEPTS = """SELECT ?scheme ?term ?label ?es ?comment WHERE { GRAPH %(ontology)s {
  ?term skos:inScheme ?scheme ; rdfs:label ?label FILTER (LANG(?label) IN ("en", ""))
  OPTIONAL { ?term rdfs:label ?es FILTER (LANG(?es) = "es") }
  OPTIONAL { ?term rdfs:comment ?comment FILTER (LANG(?comment) IN ("en", "")) } }
} ORDER BY ?scheme ?label"""
SHAPES = """PREFIX sh: <http://www.w3.org/ns/shacl#>
SELECT ?shape ?label ?target ?path ?inverse ?message WHERE {
  ?shape a sh:NodeShape . OPTIONAL { ?shape rdfs:label ?label FILTER (LANG(?label) IN ("en", "")) }
  OPTIONAL { ?shape sh:targetClass|sh:targetNode|sh:targetSubjectsOf|sh:targetObjectsOf ?target }
  { ?shape sh:property ?c . ?c sh:message ?message
    OPTIONAL { ?c sh:path ?path FILTER isIRI(?path) }
    OPTIONAL { ?c sh:path/sh:inversePath ?inverse } }
  UNION { ?shape sh:sparql ?c . ?c sh:message ?message }
} ORDER BY ?shape ?path ?inverse ?message"""  # not by blank node: they change with every load
SECTIONS = {"Class": "Classes", "ObjectProperty": "Object properties",
            "DatatypeProperty": "Datatype properties", "ConceptScheme": "Vocabularies"}


@dataclass
class Term:
    iri: str
    name: str  # the local name, also the anchor on /ontology
    label: str
    comment: str = ""
    label_es: str = ""
    parents: list[str] = field(default_factory=list)
    # concepts: name, label, Spanish label, comment
    members: list[tuple[str, str, str, str]] = field(default_factory=list)


@dataclass
class Shape:
    name: str
    label: str
    targets: list[str] = field(default_factory=list)
    messages: list[tuple[str, str]] = field(default_factory=list)  # (path, message)


def terms(store: Store) -> dict[str, list[Term]]:
    """The ontology's classes, properties and concept schemes, by section, as the store has them."""
    ontology = Inline(ox.NamedNode(ONTOLOGY_IRI))
    rows = select(store, TERMS, ontology=ontology, namespace=Inline(ox.Literal(str(NK))))
    found: dict[str, Term] = {}
    sections: dict[str, list[Term]] = {title: [] for title in SECTIONS.values()}
    for row in rows:
        iri = row["term"].value
        if iri not in found:
            found[iri] = Term(iri, local_name(iri), _text(row, "label") or local_name(iri),
                              _text(row, "comment"), _text(row, "es"))
            sections[SECTIONS[local_name(row["kind"].value)]].append(found[iri])
        if "parent" in row and row["parent"].value not in found[iri].parents:
            found[iri].parents.append(row["parent"].value)
    for row in select(store, CONCEPTS, ontology=ontology):
        if row["scheme"].value in found:
            found[row["scheme"].value].members.append(
                (local_name(row["term"].value), row["label"].value, _text(row, "es"), _text(row, "comment")))
    return sections


def _text(row: dict, name: str) -> str:
    return row[name].value if name in row else ""


def ontology_triples(path: Path = ONTOLOGY_FILE) -> list[ox.Triple]:
    """The triples of an ontology file, blank nodes and all: what ``/ontology`` and the version
    IRIs serve to RDF clients (the store holds the same ontology with skolem IRIs)."""
    return list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))


def shapes(path: Path = SHAPES_FILE) -> list[Shape]:
    """The node shapes of the shapes file with what they target and the messages they give."""
    store = OxigraphStore()
    store.load(path)
    rows = select(store, SHAPES)
    found: dict[str, Shape] = {}
    for row in rows:
        iri = row["shape"].value
        shape = found.setdefault(iri, Shape(local_name(iri), _text(row, "label") or local_name(iri)))
        target = local_name(row["target"].value) if "target" in row else ""
        if target and target not in shape.targets:
            shape.targets.append(target)
        path_name = _path(row)
        if (path_name, row["message"].value) not in shape.messages:
            shape.messages.append((path_name, row["message"].value))
    for shape in found.values():
        shape.targets.sort()
    return list(found.values())


def _path(row: dict) -> str:
    if "inverse" in row:
        return "^" + local_name(row["inverse"].value)
    return local_name(row["path"].value) if "path" in row else "(SPARQL)"


def validation_report(store: Store) -> Report:
    """Validate the served graph (all triples, read by SPARQL) against the SHACL shapes."""
    triples = construct(store, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    return validate_graph(Graph().parse(data=data, format="nt"))

