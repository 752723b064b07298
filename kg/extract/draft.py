"""Draft one article: run every stage over its text and gather what they found."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .claims import Attributor, DraftClaim, Skip
from .dates import DateMention, find_dates
from .events import DraftEvent, find_events
from .furniture import furniture
from .governments import government_links
from .knowledge import Knowledge
from .mentions import Link, gazetteer, link_names, resolve_metonyms, resolve_surnames
from .names import other_names
from .nlp import Sentence, pipeline, sentences
from .nominals import Nominals
from .proposals import Proposal, candidates, propose
from .quotes import find_quotations
from .rules import load_rules
from .sources import SourceFinder, SourceGroup, SourceRef
from .storydates import story_dates


@dataclass
class Found:
    """Everything drafted from one text, with character offsets (the writer turns them into
    quotes)."""

    text: str
    language: str
    sentences: list[Sentence]
    links: list[Link]
    proposals: list[Proposal]
    sources: list[SourceGroup]
    claims: list[DraftClaim]
    events: list[DraftEvent]
    dates: list[DateMention]
    skips: list[Skip]
    pronoun_links: list[Link] = field(default_factory=list)
    source_refs: list[SourceRef] = field(default_factory=list)  # re-mentions ("the official")


def find_all(text: str, language: str, article: str, published: date, headline: str,
             known: Knowledge) -> Found:
    """Run the stages in order: sentences, entity links, new names, sources, dates, claims,
    events."""
    rules = load_rules(language)
    doc = pipeline(language)(text)
    sents = sentences(doc, text)
    links = link_names(text, gazetteer(known, rules))
    links = resolve_surnames(text, resolve_metonyms(text, links, known, rules), known)
    skips = furniture(sents, headline, rules)
    titles = [(s.start, s.end) for s in sents if s.start in skips or s.text == headline.strip()]
    names = [c for c in candidates(doc, text, sents, rules)  # Title Case lines name nothing
             if not any(a <= c[0] < b for a, b in titles)]
    names = sorted(names + other_names(text, rules))  # acronyms, credits, groups: anywhere
    proposals, new_links = propose(names, text, links, known, rules)
    links = sorted(links + new_links, key=lambda link: link.start)
    known = _with(known, proposals)
    links = resolve_surnames(text, links, known)
    quotations = find_quotations(text)
    links = government_links(text, doc, links, known, rules)
    links = sorted(links + Nominals(text, doc, links, known, rules).run(), key=lambda t: t.start)
    groups, refs = SourceFinder(rules, set(known.entities)).find(text, links)
    links = [t for t in links if not any(r.start <= t.start and t.end <= r.end and t.kind == "new"
                                         for r in refs)]
    dates = find_dates(text, published, rules)
    attributor = Attributor(text, doc, rules, known, links, groups, refs, quotations)
    claims = attributor.run(sents, skips)
    told = [s for s in sents if s.start not in skips]
    events = find_events(text, article, told, links, dates, known, rules)
    dates = sorted(dates + story_dates(text, events, dates, published, rules), key=lambda d: d.start)
    events = find_events(text, article, told, links, dates, known, rules)
    again = [r for r in refs if not any(g.start == r.start and g.end == r.end for g in groups)]
    return Found(text, language, sents, links, proposals, groups, claims, events, dates,
                 list(skips.values()), attributor.pronoun_links, again)


def _with(known: Knowledge, proposals: list[Proposal]) -> Knowledge:
    """``known`` plus the proposed entities (so their surnames and types resolve too)."""
    from .knowledge import Entity

    if not proposals:
        return known
    extended = Knowledge(dict(known.entities), known.holders, known.posts, known.events, known.claims,
                         known.articles, known.post_ids)
    for p in proposals:
        extended.entities.setdefault(p.id, Entity(p.id, p.type, (p.label,)))
    return extended


_ID = re.compile(r"[^A-Za-z0-9_-]+")


def article_id(stem: str) -> str:
    """A valid article id from a file name: ``"Reuters story (1)"`` → ``Reuters_story_1``."""
    cleaned = _ID.sub("_", stem).strip("_-")
    return cleaned if cleaned and cleaned[0].isalnum() else f"a{cleaned}"
