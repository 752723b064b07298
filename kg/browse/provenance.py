"""Where a node's statements come from, and the node's identifiers elsewhere.

Every statement sits in a named graph: an article's graph (what that article states), the curated
entity registry, or the links derived from both. A node page shows each statement with its
source, and the node's Wikidata item and other codes apart from its statements.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import urlsplit

import pyoxigraph as ox

from kg.namespaces import SCHEMA, WD
from kg.store.oxigraph import Store

from .labels import DCTERMS, SKOS, local_name
from .sparql import Ref, select

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

K = TypeVar("K")


@dataclass(frozen=True)
class Identifier:
    """The node elsewhere: ``scheme`` (Wikidata…), the ``code`` there, and a link if any."""

    scheme: str
    code: str
    url: str | None = None


def sources(store: Store, held: Mapping[K, Iterable[str]]) -> dict[K, tuple[Ref, ...]]:
    """Where each statement comes from, given the named graphs that hold it (``held``, by any
    key): the article it was read from (named by publisher and date), or the curated or derived
    graph that holds it. Statements outside any named graph have none."""
    graphs = _graph_refs(store, set().union(*held.values()))
    return {key: tuple(sorted({graphs[g] for g in found}, key=lambda r: r.label))
            for key, found in held.items()}


def _graph_refs(store: Store, graphs: set[str]) -> dict[str, Ref]:
    """A reader's name for each graph IRI: ``CubaHeadlines, 2026-02-21`` (linking to the
    article) for an article's graph, else the graph's label (no link: a graph has no page)."""
    rows = select(store, GRAPHS, g=[ox.NamedNode(g) for g in sorted(graphs)]) if graphs else []
    found: dict[str, Ref] = {}
    for row in rows:
        graph, article = row["g"].value, row.get("article")
        if article is not None:
            words = [row[k].value for k in ("publisher", "published") if k in row]
            name = ", ".join(words[:1] + [w[:10] for w in words[1:]]) or "article"
            found.setdefault(graph, Ref(article.value, name))
        elif "label" in row:
            found.setdefault(graph, Ref("", row["label"].value))
    return {g: found.get(g, Ref("", local_name(g))) for g in graphs}


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
