"""Human-readable names for nodes and properties, looked up in one query per page.

Labels come from ``rdfs:label`` (the ontology labels its own terms); English wins, then untagged,
then any other language. Terms of other vocabularies that the ontology does not label get a short
name from :data:`COMMON`, and anything else falls back to its local name.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import pyoxigraph as ox

from kg.namespaces import OA, ORG, SCHEMA
from kg.store.oxigraph import Store

from .sparql import select

LABELS = "SELECT ?n ?l WHERE { %(n)s ?n rdfs:label ?l }"
LANGUAGES = ("en", "")
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
SEM = "http://semanticweb.cs.vu.nl/2009/11/sem/"
TIME = "http://www.w3.org/2006/time#"

# The external terms the converter writes, named as a reader would (the ontology labels only nk:).
COMMON = {
    RDF + "type": "type", RDFS + "label": "label", RDFS + "comment": "comment",
    SKOS + "prefLabel": "preferred label", SKOS + "altLabel": "also known as",
    SKOS + "hiddenLabel": "search key", DCTERMS + "identifier": "identifier",
    DCTERMS + "source": "source file", PROV + "wasDerivedFrom": "derived from",
    str(SCHEMA.description): "description", str(SCHEMA.sameAs): "same as",
    str(SCHEMA.location): "location", str(SCHEMA.roleName): "role as stated",
    str(SCHEMA.headline): "headline",
    str(SCHEMA.publisher): "publisher", str(SCHEMA.author): "author",
    str(SCHEMA.datePublished): "published", str(SCHEMA.inLanguage): "language",
    str(SCHEMA.text): "text", str(SCHEMA.articleSection): "section",
    str(SCHEMA.isBasedOn): "based on", str(ORG.holds): "holds post",
    str(ORG.postIn): "post in", str(ORG.subOrganizationOf): "part of",
    str(OA.hasBody): "identifies", str(OA.hasTarget): "target", str(OA.hasSource): "in article",
    str(OA.hasSelector): "selector", str(OA.motivatedBy): "motivation", str(OA.exact): "quote",
    str(OA.prefix): "text before", str(OA.suffix): "text after", str(OA.start): "start offset",
    str(OA.end): "end offset", SEM + "hasEarliestBeginTimeStamp": "earliest",
    SEM + "hasLatestEndTimeStamp": "latest", TIME + "inXSDDate": "date",
    TIME + "inXSDgYearMonth": "month", TIME + "inXSDgYear": "year",
}


def best(literals: Sequence[ox.Literal]) -> str | None:
    """The label to show: English first, then untagged, then the alphabetically first language.

    >>> best([ox.Literal("Habana", language="es"), ox.Literal("Havana", language="en")])
    'Havana'
    """
    if len(literals) == 1:  # the common case, without the ranking
        return literals[0].value
    first = min(literals, key=lambda lit: (_rank(lit.language or ""), lit.language or "",
                                            lit.value), default=None)
    return first.value if first is not None else None


def _rank(language: str) -> int:
    return LANGUAGES.index(language) if language in LANGUAGES else len(LANGUAGES)


def local_name(iri: str) -> str:
    """The last part of an IRI, made readable.

    >>> local_name("https://x.org/id/delcy-rodriguez")
    'delcy rodriguez'
    >>> local_name("https://w3id.org/newskg/ontology#AuthorVoice")
    'AuthorVoice'
    """
    tail = iri.rsplit("#", 1)[-1] if "#" in iri else iri.rstrip("/").rsplit("/", 1)[-1]
    return tail.replace("-", " ").replace("_", " ") if tail else iri


def labels(store: Store, iris: Iterable[str]) -> dict[str, str]:
    """A label for every IRI in ``iris`` (from the graph, :data:`COMMON` or its local name)."""
    wanted = sorted(set(iris))
    rows = select(store, LABELS, n=[ox.NamedNode(iri) for iri in wanted]) if wanted else []
    found = _literals(rows, "n", "l")
    return {iri: _label(iri, found.get(iri, [])) for iri in wanted}


def label_rows(rows: Iterable[Mapping], node: str, label: str) -> dict[str, str]:
    """A label for every IRI bound to ``node`` in ``rows``, from the ``label`` values beside it
    (for a query that fetched its nodes' labels with them)."""
    return {iri: _label(iri, found) for iri, found in _literals(rows, node, label).items()}


def _literals(rows: Iterable[Mapping], node: str, label: str) -> dict[str, list[ox.Literal]]:
    """The ``label`` literals of each IRI bound to ``node`` (an empty list if it has none)."""
    found: dict[str, list[ox.Literal]] = {}
    for row in rows:
        term, text = row.get(node), row.get(label)
        if isinstance(term, ox.NamedNode):
            literals = found.setdefault(term.value, [])
            if isinstance(text, ox.Literal):
                literals.append(text)
    return found


def _label(iri: str, literals: list[ox.Literal]) -> str:
    return best(literals) or COMMON.get(iri) or local_name(iri)

