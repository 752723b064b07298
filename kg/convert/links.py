"""Links derived across articles from shared propositions, and how independent they are.

A *cross-article link* joins two claims reported in different articles that state the same
proposition: the same stance family ``nk:corroborates``, opposite ones ``nk:contradicts``.
Claims of one article are never linked here: whether two of its sources confirm each other is
what the article says, so the curator states it (``corroborates`` in the annotation). Claims of
uncertainty or speculation commit to neither side and are linked to nothing.

Corroboration is only as strong as its independent origins (:mod:`kg.convert.origins`): a
corroboration between claims with different originators is also
``nk:independentlyCorroborates``, and each proposition gets how many articles assert it and
how many independent origins (``nk:independentOrigin``, by originator) those claims have.
A machine draft that no curator has reviewed (``reviewed: false``) is linked by ``nk:corroborates``
or ``nk:contradicts`` (its page says it is a draft) but never counts as independent: its
proposition is the extractor's guess, and one guess must not make a fact independently corroborated.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from kg.namespaces import NK
from kg.seeds.corpus import Corpus

from .mint import Minter
from .origins import Actor, ClaimOrigin, claim_origins

POSITIVE = {"assertion", "acknowledgement", "confirmation", "allegation", "criticism", "commitment"}
NEGATIVE = {"denial", "refusal"}
Origins = dict[tuple[str, str], ClaimOrigin]
"""(article id, claim id) → the claim's origin."""


def all_origins(corpus: Corpus) -> Origins:
    return {(a.meta.id, claim): origin for a in corpus.articles
            for claim, origin in claim_origins(corpus, a).items()}


def derive_links(corpus: Corpus, mint: Minter, g: Graph, origins: Origins | None = None) -> None:
    """Add the cross-article links between ``corpus``'s claims of a proposition, and each
    proposition's count of articles and independent origins. ``origins`` defaults to those of
    ``corpus`` (pass the whole corpus's when ``corpus`` holds only some of its claims)."""
    origins = all_origins(corpus) if origins is None else origins
    g.add((g.identifier, RDF.type, NK.DerivedGraph))
    g.add((g.identifier, RDFS.label, Literal("Links derived from shared propositions", lang="en")))
    stated = _stated_propositions(corpus, mint, origins)
    for a, b in combinations(stated, 2):
        if a.proposition != b.proposition or a.polarity is None or b.polarity is None:
            continue
        if a.article == b.article:
            continue  # not a cross-article link (see the module's docstring)
        links = [NK.corroborates] if a.polarity == b.polarity else [NK.contradicts]
        if a.polarity == b.polarity and a.originator != b.originator and a.reviewed and b.reviewed:
            links.append(NK.independentlyCorroborates)
        for link in links:
            g.add((a.claim, link, b.claim))
            g.add((b.claim, link, a.claim))
    _summaries(stated, mint, g)
    for article in corpus.articles:
        g.add((g.identifier, PROV.wasDerivedFrom, mint.graph("article", article.meta.id)))


def _summaries(stated: list[_Stated], mint: Minter, g: Graph) -> None:
    asserted: dict[str, list[_Stated]] = {}
    for s in stated:
        if s.polarity and s.reviewed:
            asserted.setdefault(s.proposition, []).append(s)
    for proposition, claims in asserted.items():
        node = mint.proposition(proposition)
        originators = {s.originator for s in claims}
        articles = len({s.article for s in claims})
        g.add((node, NK.articleCount, Literal(articles, datatype=XSD.integer)))
        g.add((node, NK.independentOriginCount,
               Literal(len(originators), datatype=XSD.integer)))
        for who in originators:
            g.add((node, NK.independentOrigin, actor_iri(mint, who)))


def actor_iri(mint: Minter, who: Actor) -> URIRef:
    article, slug = who
    return mint.source(article, slug) if article else mint.entity(slug)


@dataclass(frozen=True)
class _Stated:
    proposition: str
    polarity: bool | None
    article: str
    originator: Actor
    claim: URIRef
    reviewed: bool


def _polarity(stance: str) -> bool | None:
    return True if stance in POSITIVE else False if stance in NEGATIVE else None


def _stated_propositions(corpus: Corpus, mint: Minter, origins: Origins) -> list[_Stated]:
    return [
        _Stated(c.proposition, _polarity(c.stance), a.meta.id,
                origins[(a.meta.id, c.id)].originator, mint.claim(a.meta.id, c.id), c.reviewed)
        for a in corpus.articles
        for c in a.annotation.claims
        if c.proposition
    ]
