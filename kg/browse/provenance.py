"""Where a node's statements come from, and the node's identifiers elsewhere.

Every statement sits in a named graph: an article's graph (what that article states), the curated
entity registry, or the links derived from both. A node page shows each statement with its
source, and the node's Wikidata item and other codes apart from its statements.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import pyoxigraph as ox

from kg.namespaces import SCHEMA, WD
from kg.store.oxigraph import Store

from .labels import DCTERMS, SKOS, local_name
from .sparql import Ref, select

# Where each statement about the node comes from: the named graph that holds it. The direction is
# a string, not a boolean: Virtuoso answers a bound boolean as 1 or 0.
SOURCES = """SELECT DISTINCT ?p ?o ?g ?way WHERE {
  %(this)s
  { GRAPH ?g { ?this ?p ?o } BIND ("out" AS ?way) } UNION { GRAPH ?g { ?o ?p ?this } BIND ("in" AS ?way) }
} LIMIT %(limit)s"""
GRAPHS = """SELECT ?g ?label ?article ?publisher ?published WHERE {
  %(g)s
  OPTIONAL { ?g rdfs:label ?label }
  OPTIONAL { ?g prov:wasDerivedFrom ?article . ?article a nk:NewsArticle .
             OPTIONAL { ?article schema:publisher/rdfs:label ?publisher }
             OPTIONAL { ?article schema:datePublished ?published } }
}"""
# Links to the same thing elsewhere, and its codes: the page lists them as identifiers.
IDENTIFIERS = {str(SCHEMA.sameAs), SKOS + "exactMatch", "http://www.w3.org/2002/07/owl#sameAs",
               DCTERMS + "identifier", SKOS + "notation"}

@dataclass(frozen=True)
class Identifier:
    """The node elsewhere: ``scheme`` (Wikidata…), the ``code`` there, and a link if any."""

    scheme: str
    code: str
    url: str | None = None


def sources(store: Store, this: ox.NamedNode, limit: int = 10_000) -> dict[tuple, tuple[Ref, ...]]:
    """Where each statement of ``this`` comes from, by (inverse, property IRI, other term as
    N-Triples): the article it was read from (named by publisher and date), or the curated or
    derived graph that holds it. Statements outside any named graph have none."""
    rows = select(store, SOURCES, this=this, limit=limit)
    graphs = _graph_refs(store, {row["g"] for row in rows})
    found: dict[tuple, list[Ref]] = {}
    for row in rows:
        key = (row["way"].value == "in", row["p"].value, str(row["o"]))
        found.setdefault(key, []).append(graphs[row["g"].value])
    return {key: tuple(sorted(set(refs), key=lambda r: r.label)) for key, refs in found.items()}


def _graph_refs(store: Store, graphs: set) -> dict[str, Ref]:
    """A reader's name for each graph: ``CubaHeadlines, 2026-02-21`` (linking to the article)
    for an article's graph, else the graph's label (no link: a graph has no page)."""
    rows = select(store, GRAPHS, g=sorted(graphs, key=str)) if graphs else []
    found: dict[str, Ref] = {}
    for row in rows:
        graph, article = row["g"].value, row.get("article")
        if article is not None:
            words = [row[k].value for k in ("publisher", "published") if k in row]
            name = ", ".join(words[:1] + [w[:10] for w in words[1:]]) or "article"
            found.setdefault(graph, Ref(article.value, name))
        elif "label" in row:
            found.setdefault(graph, Ref("", row["label"].value))
    return {g.value: found.get(g.value, Ref("", local_name(g.value))) for g in graphs}


def identifiers(rows: list[dict]) -> list[Identifier]:
    """The node's identifiers elsewhere: Wikidata items as ``Q…`` with their page, other http(s)
    IRIs as links (named by their host), other IRIs and literal codes as they are."""
    found = set()
    for row in rows:
        term = row["o"]
        if isinstance(term, ox.NamedNode) and term.value.startswith(str(WD)):
            code = term.value[len(str(WD)):]
            found.add(Identifier("Wikidata", code, "https://www.wikidata.org/wiki/" + code))
        elif isinstance(term, ox.NamedNode) and urlsplit(term.value).scheme in ("http", "https"):
            found.add(Identifier(urlsplit(term.value).netloc, term.value, term.value))
        elif isinstance(term, ox.NamedNode):  # urn:…, or worse: shown, never a link
            found.add(Identifier("IRI", term.value))
        else:
            found.add(Identifier("identifier", term.value))
    return sorted(found, key=lambda i: (i.scheme != "Wikidata", i.scheme, i.code))
