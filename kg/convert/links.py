"""Links between claims derived from shared propositions: corroboration and contradiction.

Two claims that state the same proposition corroborate each other when their stances agree and
contradict each other when one asserts what the other denies. Claims of uncertainty or
speculation commit to neither side, so they are linked to nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS

from kg.namespaces import NK
from kg.seeds.corpus import Corpus

from .mint import Minter

POSITIVE = {"assertion", "acknowledgement", "confirmation", "allegation", "criticism", "commitment"}
NEGATIVE = {"denial", "refusal"}


def derive_links(corpus: Corpus, mint: Minter, g: Graph) -> None:
    """Add symmetric ``nk:corroborates`` / ``nk:contradicts`` between claims of a proposition."""
    g.add((g.identifier, RDF.type, NK.DerivedGraph))
    g.add((g.identifier, RDFS.label, Literal("Links derived from shared propositions", lang="en")))
    for a, b in combinations(_stated_propositions(corpus, mint), 2):
        if a.proposition != b.proposition or a.polarity is None or b.polarity is None:
            continue
        if a.polarity == b.polarity and a.source == b.source:
            continue  # one source repeating itself is not corroboration
        link = NK.corroborates if a.polarity == b.polarity else NK.contradicts
        g.add((a.claim, link, b.claim))
        g.add((b.claim, link, a.claim))
    for article in corpus.articles:
        g.add((g.identifier, PROV.wasDerivedFrom, mint.graph("article", article.meta.id)))


@dataclass(frozen=True)
class _Stated:
    proposition: str
    polarity: bool | None
    source: tuple[str, str]
    claim: URIRef


def _polarity(stance: str) -> bool | None:
    return True if stance in POSITIVE else False if stance in NEGATIVE else None


def _stated_propositions(corpus: Corpus, mint: Minter) -> list[_Stated]:
    return [
        _Stated(c.proposition, _polarity(c.stance), (a.meta.id, c.claimant),
                mint.claim(a.meta.id, c.id))
        for a in corpus.articles
        for c in a.annotation.claims
        if c.proposition
    ]
