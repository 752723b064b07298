"""Namespaces: the project's own (under one configurable base) and the vocabularies it aligns to.

Terms of the ontology live at ``https://w3id.org/newskg/ontology#`` whatever the data base is,
so queries written against the ontology keep working on any deployment.
"""

from __future__ import annotations

import os

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, TIME, VOID, XSD

DEFAULT_BASE = "https://newskg.example.org/"
ONTOLOGY_IRI = "https://w3id.org/newskg/ontology"
NK = Namespace(ONTOLOGY_IRI + "#")
NKSH = Namespace("https://w3id.org/newskg/shapes#")
SCHEMA = Namespace("http://schema.org/")  # rdflib's SDO is https://; the shared vocab is http://
OA = Namespace("http://www.w3.org/ns/oa#")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
ORG = Namespace("http://www.w3.org/ns/org#")
WD = Namespace("http://www.wikidata.org/entity/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")

PREFIXES = {
    "nk": NK, "nksh": NKSH, "schema": SCHEMA, "oa": OA, "sem": SEM, "org": ORG, "prov": PROV,
    "skos": SKOS, "time": TIME, "owl": OWL, "rdf": RDF, "rdfs": RDFS, "xsd": XSD, "wd": WD,
    "dcterms": DCTERMS, "void": VOID,
}


def base_iri() -> str:
    """The data namespace: ``KG_BASE`` from the environment, else :data:`DEFAULT_BASE`."""
    base = os.environ.get("KG_BASE", DEFAULT_BASE)
    return base if base.endswith("/") else base + "/"


def data_ns(base: str | None = None) -> Namespace:
    """Entities, claims, events… are minted as ``<base>id/<kind>/<slug>``."""
    return Namespace((base or base_iri()) + "id/")


def graph_ns(base: str | None = None) -> Namespace:
    """Named graphs: ``<base>graph/article/<id>``, ``<base>graph/registry`` …"""
    return Namespace((base or base_iri()) + "graph/")
