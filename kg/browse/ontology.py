"""The ontology's terms, the SHACL shapes with their messages, pyLODE's reference documentation
and the validation report of the served graph.

Terms come from the ontology graph of the store (SPARQL, like every page). The shapes file is read
into a small store of its own; pyLODE renders ``ontology/newskg.ttl`` offline, in memory.
"""

from __future__ import annotations

import logging
import sys
import types
import warnings
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from kg.namespaces import ONTOLOGY_IRI
from kg.resources import ONTOLOGY_FILE, SHAPES_FILE
from kg.store.oxigraph import OxigraphStore, Store
from kg.validate.shacl import Report, validate_graph

from .labels import local_name
from .sparql import Inline, construct, select

TERMS = """SELECT ?term ?kind ?label ?comment ?parent WHERE {
  GRAPH %(ontology)s {
    ?term a ?kind FILTER (?kind IN (owl:Class, owl:ObjectProperty, owl:DatatypeProperty,
                                    skos:ConceptScheme))
    OPTIONAL { ?term rdfs:label ?label FILTER (LANG(?label) IN ("en", "")) }
    OPTIONAL { ?term rdfs:comment ?comment FILTER (LANG(?comment) IN ("en", "")) }
    OPTIONAL { ?term rdfs:subClassOf|rdfs:subPropertyOf ?parent }
  } } ORDER BY ?kind ?term ?parent"""
CONCEPTS = """SELECT ?scheme ?term ?label ?comment WHERE { GRAPH %(ontology)s {
  ?term skos:inScheme ?scheme ; rdfs:label ?label . OPTIONAL { ?term rdfs:comment ?comment } }
} ORDER BY ?scheme ?label"""
ONTOLOGY_GRAPH = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH %(ontology)s { ?s ?p ?o } }"
SHAPES = """PREFIX sh: <http://www.w3.org/ns/shacl#>
SELECT ?shape ?label ?target ?path ?inverse ?message WHERE {
  ?shape a sh:NodeShape . OPTIONAL { ?shape rdfs:label ?label }
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
    parents: list[str] = field(default_factory=list)
    members: list[tuple[str, str, str]] = field(default_factory=list)  # concept: name, label, comment


@dataclass
class Shape:
    name: str
    label: str
    targets: list[str] = field(default_factory=list)
    messages: list[tuple[str, str]] = field(default_factory=list)  # (path, message)


def terms(store: Store) -> dict[str, list[Term]]:
    """The ontology's classes, properties and concept schemes, by section, as the store has them."""
    ontology = Inline(ox.NamedNode(ONTOLOGY_IRI))
    rows = select(store, TERMS, ontology=ontology)
    found: dict[str, Term] = {}
    sections: dict[str, list[Term]] = {title: [] for title in SECTIONS.values()}
    for row in rows:
        iri = row["term"].value
        if iri not in found:
            found[iri] = Term(iri, local_name(iri), _text(row, "label") or local_name(iri),
                              _text(row, "comment"))
            sections[SECTIONS[local_name(row["kind"].value)]].append(found[iri])
        if "parent" in row and row["parent"].value not in found[iri].parents:
            found[iri].parents.append(row["parent"].value)
    for row in select(store, CONCEPTS, ontology=ontology):
        if row["scheme"].value in found:
            found[row["scheme"].value].members.append(
                (local_name(row["term"].value), row["label"].value, _text(row, "comment")))
    return sections


def _text(row: dict, name: str) -> str:
    return row[name].value if name in row else ""


def ontology_triples(store: Store) -> list[ox.Triple]:
    """The ontology graph as the store serves it (``/ontology`` for RDF clients)."""
    return construct(store, ONTOLOGY_GRAPH, ontology=Inline(ox.NamedNode(ONTOLOGY_IRI)))


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


def reference_html(path: Path = ONTOLOGY_FILE) -> str:
    """pyLODE's HTML documentation of the ontology file, rendered offline."""
    with warnings.catch_warnings(), _root_logger_guard():
        # pyLODE leaves its CSS file for the garbage collector to close.
        warnings.simplefilter("ignore", ResourceWarning)
        return _import_pylode().OntPub(ontology=str(path)).make_html()


@contextmanager
def _root_logger_guard():
    # pyLODE calls logging.basicConfig(level=DEBUG) on import and logging.info() while rendering;
    # either would configure the root logger of the whole server. With a handler on the root
    # logger meanwhile, both leave it alone.
    root, guard = logging.getLogger(), logging.NullHandler()
    root.addHandler(guard)
    try:
        yield
    finally:
        root.removeHandler(guard)


def _import_pylode():
    # pyLODE 3.4.1's pylode/version.py reads ../pyproject.toml, which the wheel does not install,
    # so `import pylode` fails: give it the version from the installed metadata instead.
    if "pylode.version" not in sys.modules:
        module = types.ModuleType("pylode.version")
        module.__version__ = version("pylode")
        sys.modules["pylode.version"] = module
    import pylode

    return pylode


def validation_report(store: Store) -> Report:
    """Validate the served graph (all triples, read by SPARQL) against the SHACL shapes."""
    triples = construct(store, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    return validate_graph(Graph().parse(data=data, format="nt"))

