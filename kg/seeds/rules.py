"""Attribution rules ``kg check`` enforces on every article (seeds/README.md, "Attribution").

- A claim's claimant must be named in the paragraph of its quote; a passive or unattributed
  sentence ("cooperation was described as…", "is said to have…") is the author's voice.
- A non-response ("did not respond to requests for comment") is the reporter's statement about
  the subject, so its claimant is the author, never the subject.
- A hedge in the quote (seems, reportedly, might…) sets the stance (speculation, uncertainty)
  or is recorded as the claim's ``hedge``; a recorded hedge occurs in the quote.
- One statement repeated is one claim: two claims of one claimant, stance and proposition made
  in the same statement event are an error (the repeat is an ``alsoQuote`` of the first).

A machine draft (``reviewed: false``) is not held to the attribution rules until a curator
reviews it: ``kg extract``'s draft must pass ``kg check`` with no edits (issue #12), it is marked
as a draft in the graph and never counts as independent corroboration, and deleting its flag
brings every rule to bear on it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .corpus import AUTHOR, Article
from .schema import Claim, Registry

HEDGES = ("seems", "seem", "appears", "appear", "apparently", "reportedly", "allegedly",
          "is said to", "are said to", "might", "could", "possibly", "potential", "potentially",
          "likely", "perhaps", "probably")
HEDGED_STANCES = {"speculation", "uncertainty"}
_HEDGE = re.compile(r"\b(" + "|".join(re.escape(h) for h in HEDGES) + r")\b", re.IGNORECASE)
_NO_RESPONSE = re.compile(r"\b(respond\w*|repl(?:y|ied)|requests? for comment)\b", re.IGNORECASE)
_NEGATION = re.compile(r"\b(not|neither|nor|no|never)\b|n[’']t\b", re.IGNORECASE)


def check_rules(article: Article, registry: Registry) -> list[str]:
    """Every attribution rule the article's claims break, as ``file:line: field: message``."""
    names = _Names(article, registry)
    errors: list[str] = []
    for i, claim in enumerate(article.annotation.claims):
        if not claim.reviewed:
            continue
        where = article.file.where
        errors += [f"{where(('claims', i, field))}: {field}: {message}"
                   for field, message in _claim_problems(article, i, claim, names)]
    return errors + _repeats(article)


def _claim_problems(article: Article, i: int, claim: Claim, names: _Names) -> Iterator[tuple[str, str]]:
    span = article.spans[("claims", i)]
    quotes = [span.exact] + [q.quote for q in claim.alsoQuote]
    if claim.claimant != AUTHOR and not names.named_near(claim.claimant, span.start):
        yield "claimant", (f"{claim.claimant!r} is not named in the paragraph of the quote: a passive "
                           "or unattributed sentence is the author's voice (claimant: author)")
    if claim.claimant != AUTHOR and _is_non_response(span.exact):
        yield "claimant", ("a non-response is the reporter's statement about the subject: "
                           "claimant: author (and a NonResponse event for who did not answer)")
    hedges = {m.group(1).lower() for q in quotes for m in _HEDGE.finditer(q)}
    if hedges and claim.stance not in HEDGED_STANCES and claim.hedge is None:
        yield "stance", (f"the quote is hedged ({', '.join(sorted(hedges))}): make the stance "
                         "speculation or uncertainty, or record it as `hedge`")
    if claim.hedge is not None and not any(claim.hedge.lower() in q.lower() for q in quotes):
        yield "hedge", f"{claim.hedge!r} is not in the quote"


def _is_non_response(quote: str) -> bool:
    return bool(_NO_RESPONSE.search(quote) and _NEGATION.search(quote))


def _repeats(article: Article) -> list[str]:
    first: dict[tuple, str] = {}
    errors = []
    for i, c in enumerate(article.annotation.claims):
        if not (c.proposition and c.statedIn):
            continue
        key = (c.claimant, c.stance, c.proposition, c.statedIn)
        if key in first:
            errors.append(f"{article.file.where(('claims', i, 'id'))}: id: {c.id} repeats "
                          f"{first[key]} (same claimant, stance, proposition and statement): one "
                          f"statement is one claim; add this quote to {first[key]}'s alsoQuote")
        first.setdefault(key, c.id)
    return errors


_LAST: list[tuple[Registry, dict[str, tuple[str, ...]]]] = []


def _names(registry: Registry) -> dict[str, tuple[str, ...]]:
    """Each entity's labels and aliases, built once per registry object (one per build)."""
    if not _LAST or _LAST[0][0] is not registry:
        _LAST[:] = [(registry, {e.id: (*e.aliases, *e.label.values()) for e in registry.entities})]
    return _LAST[0][1]


class _Names:
    """Where the article names each actor: explicit mentions, its sources' own quotes, and every
    whole-word occurrence of a registry label or alias."""

    def __init__(self, article: Article, registry: Registry):
        self.article, self.text = article, article.text
        self.spans: dict[str, list[int]] = {}
        for i, mention in enumerate(article.annotation.mentions):
            self.spans.setdefault(mention.entity, []).append(article.spans[("mentions", i)].start)
        for i, source in enumerate(article.annotation.sources):
            self.spans.setdefault(source.id, []).append(article.spans[("sources", i)].start)
        self.names = _names(registry)

    def named_near(self, slug: str, at: int) -> bool:
        start = self.text.rfind("\n", 0, at) + 1
        end = self.text.find("\n", at)
        end = len(self.text) if end == -1 else end
        if any(start <= s < end for s in self.spans.get(slug, ())):
            return True
        paragraph = self.text[start:end]
        return any(re.search(rf"(?<!\w){re.escape(name)}(?!\w)", paragraph)
                   for name in self.names.get(slug, ()))
