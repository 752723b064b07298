"""The SPARQL 1.1 Service Description returned by ``GET /sparql`` without a query.

Built from pyoxigraph terms, never from text, so a hostile ``Host`` header cannot inject Turtle.
"""

from __future__ import annotations

import pyoxigraph as ox

from kg.formats import family
from kg.store.oxigraph import Store

SD = "http://www.w3.org/ns/sparql-service-description#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def _sd(name: str) -> ox.NamedNode:
    return ox.NamedNode(SD + name)


def describe(endpoint: str, store: Store) -> list[ox.Triple]:
    """The description of the endpoint at ``endpoint`` serving ``store``.

    :raise ValueError: ``endpoint`` is not an IRI.
    """
    service, dataset, default = ox.NamedNode(endpoint), ox.BlankNode(), ox.BlankNode()
    formats = [f.serializer for name in ("results", "graph") for f in family(name)]
    triples = [
        ox.Triple(service, RDF_TYPE, _sd("Service")),
        ox.Triple(service, _sd("endpoint"), service),
        ox.Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Query")),
        ox.Triple(service, _sd("feature"), _sd("UnionDefaultGraph")),
        *(ox.Triple(service, _sd("resultFormat"), ox.NamedNode(f.iri)) for f in formats),
        ox.Triple(service, _sd("defaultDataset"), dataset),
        ox.Triple(dataset, RDF_TYPE, _sd("Dataset")),
        ox.Triple(dataset, _sd("defaultGraph"), default),
        ox.Triple(default, RDF_TYPE, _sd("Graph")),
    ]
    for iri in store.named_graphs():
        named = ox.BlankNode()
        triples += [ox.Triple(dataset, _sd("namedGraph"), named),
                    ox.Triple(named, RDF_TYPE, _sd("NamedGraph")),
                    ox.Triple(named, _sd("name"), ox.NamedNode(iri))]
    return triples
