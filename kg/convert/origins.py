"""Each claim's chain of origin: article → relay → report or statement, and who is behind it.

The origin of a claim is the earliest point of its chain the seeds know, the first of:

1. the statement event it was made in (``statedIn``: a speech, post, report): stated;
2. the report an ``origins`` entry of its article traces it to: stated when the article names
   the report ("as reported by Reuters"), suspected when only the curator infers it;
3. the relay the article names (``via``), when no report is known: stated, no origin node;
4. the article itself (own reporting): the claimant it quotes, or, in the author's voice, the
   outlet.

The *originator* is the agent behind the origin (a report's author, a statement's speaker, the
relay, the quoted source, the outlet). Corroboration counts independent origins: distinct
originators. Two articles relaying one Reuters report are two articles and one origin.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.seeds.corpus import AUTHOR, Article, Corpus

STATED, SUSPECTED, OWN = "OriginNamed", "OriginSuspected", "OwnReporting"  # nk: concepts
SPEAKING_ROLES = ("speaker", "agent")


@dataclass(frozen=True)
class ClaimOrigin:
    """Where one claim comes from (slugs: an event id, or None; an actor or source id)."""

    event: str | None  # the report or statement, if one is known
    status: str  # STATED, SUSPECTED or OWN
    originator: Actor  # who is behind it
    entry: int | None  # the article's ``origins`` entry it follows, if any


Actor = tuple[str | None, str]
"""(article id, slug) of an anonymous source of that article; (None, slug) of a registry actor."""


def claim_origins(corpus: Corpus, article: Article) -> dict[str, ClaimOrigin]:
    """The origin of every claim of ``article``, by claim id."""
    speakers = _speakers(corpus)
    listed, fallback = _entries(article)
    found = {}
    for claim in article.annotation.claims:
        entry = listed.get(claim.id, fallback)
        own = actor(article, claim.claimant)
        if claim.statedIn:
            found[claim.id] = ClaimOrigin(claim.statedIn, STATED,
                                          speakers.get(claim.statedIn, own), None)
        elif entry is not None:
            origin = article.annotation.origins[entry]
            found[claim.id] = ClaimOrigin(origin.report, STATED if origin.stated else SUSPECTED,
                                          speakers.get(origin.report, own), entry)
        elif claim.via:
            found[claim.id] = ClaimOrigin(None, STATED, actor(article, claim.via), None)
        else:
            who = (None, article.meta.outlet) if claim.claimant == AUTHOR else own
            found[claim.id] = ClaimOrigin(None, OWN, who, None)
    return found


def actor(article: Article, slug: str) -> Actor:
    """``slug`` as this article uses it: one of its sources, or a registry actor."""
    if slug == AUTHOR:
        return None, article.meta.author
    return (article.meta.id, slug) if any(s.id == slug for s in article.annotation.sources) \
        else (None, slug)


def _entries(article: Article) -> tuple[dict[str, int], int | None]:
    listed: dict[str, int] = {}
    fallback = None
    for i, origin in enumerate(article.annotation.origins):
        if origin.claims == "all":
            fallback = i
        else:
            listed.update((slug, i) for slug in origin.claims)
    return listed, fallback


_LAST: list[tuple[Corpus, dict[str, Actor]]] = []


def _speakers(corpus: Corpus) -> dict[str, Actor]:
    """Who is behind each event that can be an origin: its first speaker, else its first agent
    (in the first article that tells it). Built once per corpus object: one per build."""
    if _LAST and _LAST[0][0] is corpus:
        return _LAST[0][1]
    found: dict[str, Actor] = {}
    for role in SPEAKING_ROLES:
        for article in corpus.articles:
            for event in article.annotation.events:
                who = next((p.actor for p in event.participants if p.role == role), None)
                if who is not None:
                    found.setdefault(event.id, actor(article, who))
    _LAST[:] = [(corpus, found)]
    return found
