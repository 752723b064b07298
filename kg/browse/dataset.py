"""Statistics of the served dataset and its VoID description, counted by SPARQL.

Counting through :meth:`Store.query` (not the engine's own counters) keeps them right on a remote
endpoint too. VoID is built from pyoxigraph terms, never from text, like ``web.description``.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from kg.namespaces import NK, ONTOLOGY_IRI, base_iri
from kg.store.oxigraph import Store

from .labels import labels
from .sparql import Inline, py, select

QUADS = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
TRIPLES = """SELECT (COUNT(*) AS ?n) (COUNT(DISTINCT ?s) AS ?subjects)
  (COUNT(DISTINCT ?p) AS ?properties) (COUNT(DISTINCT ?o) AS ?objects)
  WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"""
ENTITIES = """SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o FILTER (STRSTARTS(STR(?s), %(space)s)) }"""
GRAPHS = """SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"""
CLASSES = """SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {
  GRAPH ?g { ?s a ?class } FILTER (?g != %(ontology)s) } GROUP BY ?class ORDER BY DESC(?n) ?class"""
CLAIMS_BY = """SELECT ?value (COUNT(DISTINCT ?claim) AS ?n) WHERE {
  ?claim a nk:Claim ; %(prop)s ?value } GROUP BY ?value ORDER BY DESC(?n) ?value"""
VOID = "http://rdfs.org/ns/void#"
DCT = "http://purl.org/dc/terms/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
DUMPS = ("trig", "nq", "ttl", "nt", "jsonld")
FORMAT_IRIS = {"ttl": "Turtle", "nt": "N-Triples", "jsonld": "JSON-LD", "rdf": "RDF_XML",
               "trig": "TriG", "nq": "N-Quads"}


@dataclass(frozen=True)
class Count:
    iri: str | None
    label: str
    n: int


@dataclass(frozen=True)
class Stats:
    quads: int
    triples: int
    subjects: int
    properties: int
    objects: int
    entities: int  # distinct subjects minted under <base>id/
    graphs: list[Count]
    classes: list[Count]
    stances: list[Count]
    source_types: list[Count]
    articles: list[Count]


def dataset_stats(store: Store) -> Stats:
    """Counts for the statistics page and VoID: quads, distinct triples, per graph, per class."""
    totals = select(store, TRIPLES)[0]
    graphs = select(store, GRAPHS)
    classes = select(store, CLASSES, ontology=Inline(ox.NamedNode(ONTOLOGY_IRI)))
    by = {name: select(store, CLAIMS_BY, prop=Inline(ox.NamedNode(str(NK[name]))))
          for name in ("stance", "sourceType", "reportedIn")}
    names = labels(store, {r[k].value for rows in (graphs, classes, *by.values()) for r in rows
                           for k in ("g", "class", "value") if k in r})
    return Stats(
        py(select(store, QUADS)[0]["n"]), py(totals["n"]), py(totals["subjects"]),
        py(totals["properties"]), py(totals["objects"]),
        py(select(store, ENTITIES, space=Inline(ox.Literal(base_iri() + "id/")))[0]["n"]),
        _counts(graphs, "g", names), _counts(classes, "class", names), _counts(by["stance"], "value", names),
        _counts(by["sourceType"], "value", names), _counts(by["reportedIn"], "value", names))


def _counts(rows: list[dict], name: str, names: dict[str, str]) -> list[Count]:
    return [Count(r[name].value, names[r[name].value], py(r["n"])) for r in rows]


def void_triples(stats: Stats, site: str) -> list[ox.Triple]:
    """The VoID description of the dataset served at ``site`` (an absolute URL ending in ``/``).

    :raise ValueError: ``site`` does not make valid IRIs (a hostile Host header, say).
    """
    dataset = ox.NamedNode(site + ".well-known/void#dataset")
    triples = [ox.Triple(dataset, RDF_TYPE, _v("Dataset")),
               ox.Triple(dataset, ox.NamedNode(DCT + "title"),
                         ox.Literal("Cuba–Venezuela news knowledge graph", language="en")),
               ox.Triple(dataset, _v("sparqlEndpoint"), ox.NamedNode(site + "sparql")),
               ox.Triple(dataset, _v("uriSpace"), ox.Literal(base_iri() + "id/")),
               ox.Triple(dataset, _v("vocabulary"), ox.NamedNode(ONTOLOGY_IRI))]
    for name, value in (("triples", stats.triples), ("entities", stats.entities),
                        ("distinctSubjects", stats.subjects), ("properties", stats.properties),
                        ("distinctObjects", stats.objects)):
        triples.append(ox.Triple(dataset, _v(name), ox.Literal(str(value), datatype=_INTEGER)))
    for ext in DUMPS:
        triples.append(ox.Triple(dataset, _v("dataDump"), ox.NamedNode(f"{site}export/kg.{ext}")))
        triples.append(ox.Triple(dataset, _v("feature"), ox.NamedNode(
            "http://www.w3.org/ns/formats/" + FORMAT_IRIS[ext])))
    return triples + _partitions(dataset, stats)


def _partitions(dataset: ox.NamedNode, stats: Stats) -> list[ox.Triple]:
    triples = []
    for count in stats.classes:
        part = ox.BlankNode()
        triples += [ox.Triple(dataset, _v("classPartition"), part),
                    ox.Triple(part, _v("class"), ox.NamedNode(count.iri)),
                    ox.Triple(part, _v("entities"), ox.Literal(str(count.n), datatype=_INTEGER))]
    for count in stats.graphs:
        graph = ox.NamedNode(count.iri)
        triples += [ox.Triple(dataset, _v("subset"), graph),
                    ox.Triple(graph, RDF_TYPE, _v("Dataset")),
                    ox.Triple(graph, _v("triples"), ox.Literal(str(count.n), datatype=_INTEGER))]
    return triples


_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")


def _v(name: str) -> ox.NamedNode:
    return ox.NamedNode(VOID + name)


MENTIONED = """SELECT ?entity (COUNT(DISTINCT ?mention) AS ?n) WHERE {
  ?mention oa:hasBody ?entity . FILTER (STRSTARTS(STR(?entity), %(space)s))
} GROUP BY ?entity ORDER BY DESC(?n) ?entity LIMIT %(limit)s"""


def most_mentioned(store: Store, limit: int = 12) -> list[Count]:
    """The entities the articles name most often (entry points on the home page)."""
    rows = select(store, MENTIONED, space=Inline(ox.Literal(base_iri() + "id/")), limit=limit)
    return _counts(rows, "entity", labels(store, {r["entity"].value for r in rows}))
