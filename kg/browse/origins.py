"""Provenance as a reader sees it (issue #18): where a claim comes from, who is behind it and
how independent the corroboration of what it says is ("reported by 2 articles, 1 independent
origin (Reuters)": one report two articles relay counts once); and what supports each registry
fact about a node, background knowledge shown as such."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.store.oxigraph import Store

from .labels import labels
from .sparql import Fixed, Ref, Seen, iris, py, select

# One row per independent origin of each claim's proposition.
INDEPENDENCE = """SELECT ?claim ?articles ?origins ?originator WHERE {
  %(claim)s
  ?claim nk:proposition ?p . ?p nk:articleCount ?articles ; nk:independentOriginCount ?origins ;
         nk:independentOrigin ?originator .
}"""
ORIGIN_STATUS = {"https://w3id.org/newskg/ontology#OriginNamed": "named by the article",
                 "https://w3id.org/newskg/ontology#OriginSuspected": "suspected by the curator",
                 "https://w3id.org/newskg/ontology#OwnReporting": "the article's own reporting"}


@dataclass(frozen=True)
class Corroboration:
    """How many articles assert a claim's proposition and how many independent origins they have."""

    articles: int
    origins: list[Ref]

    @property
    def text(self) -> str:
        """``reported by 2 articles, 1 independent origin (Reuters)``."""
        names = ", ".join(o.label for o in self.origins)
        return (f"reported by {_count(self.articles, 'article')}, "
                f"{_count(len(self.origins), 'independent origin')} ({names})")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def corroborations(rows: list[dict], names: dict[str, str]) -> dict[str, Corroboration]:
    """Each claim's :class:`Corroboration`, from :data:`INDEPENDENCE`'s rows."""
    origins: dict[str, set[str]] = {}
    articles: dict[str, int] = {}
    for row in rows:
        claim = row["claim"].value
        origins.setdefault(claim, set()).add(row["originator"].value)
        articles[claim] = py(row["articles"])
    return {claim: Corroboration(articles[claim], sorted((Ref(o, names[o]) for o in found),
                                                         key=lambda r: r.label))
            for claim, found in origins.items()}


# The support of each registry fact about a node: article spans, or a curator's reference. The
# node is written into each OPTIONAL too: Oxigraph evaluates an OPTIONAL's patterns on their own
# before joining, and without it they read every quoted evidence (~130 ms of a 1M-quad entity
# page, against ~3 ms) and every curator's reference (~0.8 ms) of the corpus. The BIND comes
# last: before the OPTIONALs, Virtuoso 7 bound ?ref and ?note to 0 ("0 (0)" on the page).
FACT_SOURCES = """SELECT ?p ?o ?background ?ref ?note ?article ?exact WHERE {
  ?st rdf:subject %(this)s ; a nk:SourcedStatement ; rdf:predicate ?p ; rdf:object ?o .
  OPTIONAL { ?st rdf:subject %(this)s ; nk:curatorSource ?ref ; nk:curatorNote ?note }
  OPTIONAL { ?st rdf:subject %(this)s ; nk:evidence ?ev .
             ?ev oa:hasSource ?article ; oa:hasSelector/oa:exact ?exact }
  BIND (EXISTS { ?st a nk:BackgroundStatement } AS ?background)
}"""
RDF_SUBJECT = "http://www.w3.org/1999/02/22-rdf-syntax-ns#subject"


@dataclass
class FactSource:
    """One registry fact about a node and what supports it; ``background`` when no article
    states it and only the curator's reference (``ref``, with ``note``) does."""

    prop: Ref
    value: str
    background: bool
    ref: str | None = None
    note: str | None = None
    quotes: list[tuple[Ref, str]] = field(default_factory=list)  # (article, exact words)


def fact_sources(store: Store, this: ox.NamedNode, seen: Seen | None = None) -> list[FactSource]:
    """The sources of the registry facts about ``this``, background knowledge marked as such."""
    if seen and seen.lacks(RDF_SUBJECT, inverse=True):
        return []
    rows = select(store, FACT_SOURCES, this=Fixed("this", this))
    names = labels(store, iris(rows, "p", "o", "article"))
    found: dict[tuple[str, str], FactSource] = {}
    for row in rows:
        value = names[row["o"].value] if isinstance(row["o"], ox.NamedNode) else row["o"].value
        item = found.setdefault((row["p"].value, value), FactSource(
            Ref(row["p"].value, names[row["p"].value]), value, py(row["background"])))
        if "ref" in row:
            item.ref, item.note = row["ref"].value, row["note"].value
        if "article" in row:
            item.quotes.append((Ref(row["article"].value, names[row["article"].value]), row["exact"].value))
    return sorted(found.values(), key=lambda f: (f.background, f.prop.label, f.value))
