"""The one table of serialisation formats: names, file extensions, media types, serialisers.

Every layer looks formats up here: the CLI (``kg query --format``), the store (``dump``), the
results writer and the web layer's content negotiation (``web.negotiate``). A format belongs to a
*family*: ``results`` (SELECT/ASK), ``graph`` (CONSTRUCT/DESCRIBE, entity pages), ``dataset``
(whole-store dumps) or ``page`` (HTML). The same short name can mean different things in different
families — ``xml`` is SPARQL XML for results and RDF/XML for graphs, as SPARQLWrapper sends it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from pyoxigraph import QueryResultsFormat, RdfFormat


@dataclass(frozen=True)
class Format:
    """One serialisation: ``name`` is also the file extension used in URLs (``x.ttl``)."""

    name: str
    media_type: str
    families: frozenset[str]
    serializer: RdfFormat | QueryResultsFormat | None
    aliases: tuple[str, ...] = ()  # other names/extensions accepted in ``?format=``
    media_aliases: tuple[str, ...] = ()  # other media types accepted in ``Accept``
    label: str = ""

    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases, self.media_type, *self.media_aliases)


def _f(name, media, families, serializer, aliases=(), media_aliases=(), label=""):
    return Format(name, media, frozenset(families.split()), serializer, tuple(aliases),
                  tuple(media_aliases), label)


R, G = "results", "graph dataset"
FORMATS: tuple[Format, ...] = (
    _f("json", "application/sparql-results+json", R, QueryResultsFormat.JSON, ("srj",),
       ("application/json",), "SPARQL JSON"),
    _f("xml", "application/sparql-results+xml", R, QueryResultsFormat.XML, ("srx",),
       ("application/xml", "text/xml"), "SPARQL XML"),
    _f("csv", "text/csv", R, QueryResultsFormat.CSV, label="CSV"),
    _f("tsv", "text/tab-separated-values", R, QueryResultsFormat.TSV, label="TSV"),
    _f("ttl", "text/turtle", G, RdfFormat.TURTLE, ("turtle", "n3"),
       ("application/x-turtle", "text/n3"), "Turtle"),
    _f("nt", "application/n-triples", G, RdfFormat.N_TRIPLES, ("ntriples", "n-triples"),
       label="N-Triples"),
    _f("jsonld", "application/ld+json", G, RdfFormat.JSON_LD, ("json-ld", "json"),
       ("application/json",), "JSON-LD"),
    _f("rdf", "application/rdf+xml", G, RdfFormat.RDF_XML, ("xml", "rdfxml", "rdf+xml", "owl"),
       ("application/xml", "text/xml"), "RDF/XML"),
    _f("trig", "application/trig", G, RdfFormat.TRIG, label="TriG"),
    _f("nq", "application/n-quads", G, RdfFormat.N_QUADS, ("nquads", "n-quads"),
       label="N-Quads"),
    _f("html", "text/html", "page", None, ("htm",), ("application/xhtml+xml",), "HTML"),
)

DATASET_FORMATS = frozenset({"trig", "nq"})


def family(name: str) -> tuple[Format, ...]:
    """The formats of one family, in the server's order of preference.

    >>> [f.name for f in family("results")]
    ['json', 'xml', 'csv', 'tsv']
    """
    return tuple(f for f in FORMATS if name in f.families)


def find(name: str, candidates: Iterable[Format] = FORMATS) -> Format | None:
    """The candidate called ``name`` (a name, extension or media type), case-insensitively.

    >>> find("xml", family("graph")).label
    'RDF/XML'
    >>> find("application/sparql-results+json").name
    'json'
    """
    key = name.strip().lower().split(";")[0].strip().lstrip(".")
    return next((f for f in candidates if key in f.names()), None)


# What a Turtle prefix name may hold; it must start with a letter and not end with ".".
_NOT_IN_PREFIX = re.compile(r"[^A-Za-z0-9_.-]")


def nested_prefixes(namespace: str, iris: Iterable[str], reserved: Iterable[str] = ()) -> dict[str, str]:
    """A prefix for each folder below ``namespace`` that holds some of ``iris``, so that a
    prefixed name never needs an escaped slash: ``claim/002_aca…/c02`` is written
    ``claim-002:c02`` rather than ``id:claim\\/002_aca…\\/c02`` (pyoxigraph uses the longest
    prefix that matches). A folder is named by the first word of each of its segments; if two
    folders would share a name, or it is ``reserved`` (prefixes already in use), a number tells
    them apart.

    >>> nested_prefixes("https://x.org/id/", ["https://x.org/id/claim/002_ab/c02",
    ...                                       "https://x.org/id/delcy"])
    {'claim-002': 'https://x.org/id/claim/002_ab/'}
    """
    folders = sorted({iri[len(namespace):].rpartition("/")[0] for iri in iris
                      if iri.startswith(namespace) and "/" in iri[len(namespace):]})
    taken, found = set(reserved), {}
    for folder in folders:
        name = _NOT_IN_PREFIX.sub("-", "-".join(part.split("_")[0] for part in folder.split("/")))
        name = (name if name[:1].isalpha() else "n" + name).rstrip(".")
        unique, n = name, 1
        while unique in taken:
            n += 1
            unique = f"{name}-{n}"
        taken.add(unique)
        found[unique] = namespace + folder + "/"
    return found
