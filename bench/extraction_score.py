"""Scoring a draft against a curated annotation (``python -m bench.extraction``).

Both are loaded by the seeds loader (so the draft is checked as ``kg check`` would) and compared
as data: claims by overlapping quotes and the same claimant, sources by overlapping quotes and
count, entity links by overlapping spans and the same entity, dates by phrase and value.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from kg.extract.knowledge import fold
from kg.extract.rules import load_rules
from kg.seeds.corpus import Article, Corpus
from kg.seeds.evidence import Span, span_at
from kg.seeds.mentions import find_mentions

PERSON = ("Person", "Expert")


@dataclass
class Score:
    counts: dict[str, tuple[int, int]] = field(default_factory=dict)  # measure → (hits, total)
    misses: dict[str, Counter] = field(default_factory=dict)
    merges: list[str] = field(default_factory=list)

    def ratio(self, name: str) -> float | None:
        hits, total = self.counts.get(name, (0, 0))
        return hits / total if total else None

    def add(self, other: Score) -> None:
        for name, (h, t) in other.counts.items():
            a, b = self.counts.get(name, (0, 0))
            self.counts[name] = (a + h, b + t)
        for kind, c in other.misses.items():
            self.misses.setdefault(kind, Counter()).update(c)
        self.merges += other.merges


def overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


class Mapping:
    """Draft ids → curated ids: sources by overlapping introductions, proposed entities by name."""

    def __init__(self, gold: Article, gold_corpus: Corpus, draft: Article, draft_corpus: Corpus):
        self.sources = {}
        for i, ds in enumerate(draft.annotation.sources):
            dspan = draft.spans[("sources", i)]
            for j, gs in enumerate(gold.annotation.sources):
                if overlaps(dspan, gold.spans[("sources", j)]):
                    self.sources[ds.id] = gs.id
        names = {fold(n).lower(): e.id for e in gold_corpus.registry.entities
                 for n in [*e.aliases, *e.label.values()]}
        gold_ids = {e.id for e in gold_corpus.registry.entities}
        self.entities = {}
        for e in draft_corpus.registry.entities:
            if e.id not in gold_ids:
                hit = next((names[fold(n).lower()] for n in [*e.label.values(), *e.aliases]
                            if fold(n).lower() in names), None)
                self.entities[e.id] = hit or f"new:{e.id}"

    def __call__(self, slug: str) -> str:
        return self.sources.get(slug) or self.entities.get(slug, slug)


def score(gold: Article, gold_corpus: Corpus, draft: Article, draft_corpus: Corpus) -> Score:
    result = Score()
    m = Mapping(gold, gold_corpus, draft, draft_corpus)
    _claims(result, gold, draft, m)
    _sources(result, gold, draft)
    _links(result, gold, gold_corpus, draft, draft_corpus, m)
    _dates(result, gold, draft)
    return result


def _claims(result: Score, gold: Article, draft: Article, m: Mapping) -> None:
    gold_claims = [(c, gold.spans[("claims", i)]) for i, c in enumerate(gold.annotation.claims)]
    draft_claims = [(c, draft.spans[("claims", i)]) for i, c in enumerate(draft.annotation.claims)]
    found, stance, misses = 0, 0, Counter()
    for g, gspan in gold_claims:
        near = [(d, dspan) for d, dspan in draft_claims if overlaps(gspan, dspan)]
        same = [(d, dspan) for d, dspan in near if m(d.claimant) == g.claimant]
        if same:
            found += 1
            best = max(same, key=lambda pair: min(pair[1].end, gspan.end) - max(pair[1].start, gspan.start))
            stance += best[0].stance == g.stance
        elif near:
            misses[f"claimant {g.claimant} drafted as {m(near[0][0].claimant)}"] += 1
        else:
            misses[f"no draft claim overlaps ({g.claimant})"] += 1
    right = sum(any(overlaps(dspan, gspan) and m(d.claimant) == g.claimant for g, gspan in gold_claims)
                for d, dspan in draft_claims)
    result.counts["claim recall"] = (found, len(gold_claims))
    result.counts["claim precision"] = (right, len(draft_claims))
    result.counts["stance accuracy"] = (stance, found)
    result.counts["claim recall, one-to-one"] = (_one_to_one(gold_claims, draft_claims, m), len(gold_claims))
    result.misses["claims"] = misses


def _one_to_one(gold_claims, draft_claims, m) -> int:
    """Each draft claim may match one curated claim only (greedy, in text order)."""
    used, hits = set(), 0
    for g, gspan in gold_claims:
        for k, (d, dspan) in enumerate(draft_claims):
            if k not in used and overlaps(gspan, dspan) and m(d.claimant) == g.claimant:
                used.add(k)
                hits += 1
                break
    return hits


def _sources(result: Score, gold: Article, draft: Article) -> None:
    right, misses = 0, Counter()
    for j, gs in enumerate(gold.annotation.sources):
        gspan = gold.spans[("sources", j)]
        hits = [ds for i, ds in enumerate(draft.annotation.sources)
                if overlaps(draft.spans[("sources", i)], gspan)]
        if any(ds.count == gs.count for ds in hits):
            right += 1
        else:
            why = f"count {hits[0].count} not {gs.count}" if hits else "not found"
            misses[f"{gs.label!r}: {why}"] += 1
    result.counts["anonymous sources, right count"] = (right, len(gold.annotation.sources))
    result.misses["sources"] = misses


def _entity_links(article: Article, corpus: Corpus) -> list[tuple[str, Span]]:
    sources = {s.id for s in article.annotation.sources}
    return [(e, span) for e, span in find_mentions(article, corpus.registry) if e not in sources]


def speaker_pronouns(article: Article, corpus: Corpus) -> list[tuple[str, Span]]:
    """Pronouns the curated claims resolve: "he said", "She added", "it has strongly criticised"
    right before the cue of a claim whose claimant is an entity are mentions of that claimant.

    The curated files write such mentions only now and then (the claim's claimant already says
    who spoke), so without these a draft's right pronoun link would count as a wrong link."""
    entities = {e.id for e in corpus.registry.entities}
    pronouns = [w for words in load_rules(article.meta.language).table("pronouns").values() for w in words]
    if not pronouns:
        return []
    words = "|".join(map(re.escape, pronouns))
    found: dict[int, tuple[str, Span]] = {}
    for i, claim in enumerate(article.annotation.claims):
        if claim.claimant not in entities or not claim.cue:
            continue
        span = article.spans[("claims", i)]
        line_start = article.text.rfind("\n", 0, span.start) + 1
        line_end = article.text.find("\n", span.end) % (len(article.text) + 1)
        pattern = rf"(?<!\w)({words})(?:\s+\w+){{0,2}}\s+{re.escape(claim.cue)}(?!\w)"
        for m in re.finditer(pattern, article.text[line_start:line_end], re.IGNORECASE):
            start = line_start + m.start(1)
            found.setdefault(start, (claim.claimant, span_at(article.text, start, line_start + m.end(1))))
    return list(found.values())


def nested_names(article: Article, corpus: Corpus, links: list[tuple[str, Span]],
                 gold: Article, gold_corpus: Corpus) -> set[int]:
    """The drafted links that are a registry name of their own entity, inside a longer curated
    span of another entity or source ("UNES" inside "professors linked to … (UNES)",
    "Venezuela" inside "Venezuela’s military"). The seeds loader drops a name inside a longer
    mention or name, so the curated file cannot say whether it is a mention: these are not
    judged."""
    names = {(n, e.id) for e in corpus.registry.entities for n in [*e.aliases, *e.label.values()]}
    outer = find_mentions(gold, gold_corpus.registry)  # mentions, sources and names
    nested = set()
    for k, (entity, span) in enumerate(links):
        if (span.exact, entity) not in names:
            continue
        if any(o != entity and os.start <= span.start and span.end <= os.end
               and len(os.exact.split()) > len(span.exact.split()) for o, os in outer):
            nested.add(k)
    return nested


def _links(result: Score, gold, gold_corpus, draft, draft_corpus, m: Mapping) -> None:
    curated = _entity_links(gold, gold_corpus)
    glinks = curated + [(e, s) for e, s in speaker_pronouns(gold, gold_corpus)
               if not any(overlaps(s, gs) for _, gs in curated)]
    dlinks = _entity_links(draft, draft_corpus)
    unjudged = nested_names(draft, draft_corpus, dlinks, gold, gold_corpus)
    judged = [(d, ds) for k, (d, ds) in enumerate(dlinks)
              if k not in unjudged or any(m(d) == g and overlaps(ds, gs) for g, gs in glinks)]
    correct = sum(any(m(d) == g and overlaps(ds, gs) for g, gs in glinks) for d, ds in judged)
    found, misses = 0, Counter()
    for g, gs in glinks:
        if any(m(d) == g and overlaps(ds, gs) for d, ds in dlinks):
            found += 1
        else:
            misses[f"{g} ({gs.exact!r})"] += 1
    wrong = Counter(_wrong(ds, m(d), glinks) for d, ds in judged
                    if not any(m(d) == g and overlaps(ds, gs) for g, gs in glinks))
    result.counts["entity links, precision"] = (correct, len(judged))
    result.counts["entity links, recall"] = (found, len(glinks))
    result.counts["nested names, not judged"] = (len(dlinks) - len(judged), len(dlinks))
    result.misses["entity links"] = misses
    result.misses["wrong entity links"] = wrong
    persons = {e.id for e in gold_corpus.registry.entities if e.type in PERSON}
    by_draft: dict[str, set[str]] = {}
    for d, ds in dlinks:
        for g, gs in curated:  # names the curator linked (a wrong pronoun is a wrong link)
            if g in persons and overlaps(ds, gs):
                by_draft.setdefault(m(d), set()).add(g)
    result.merges = [f"{d}: {sorted(gs)}" for d, gs in by_draft.items() if len(gs) > 1]
    result.counts["wrong merges of two people"] = (len(result.merges), 0)


def _wrong(span: Span, entity: str, glinks: list[tuple[str, Span]]) -> str:
    curated = ", ".join(sorted({g for g, gs in glinks if overlaps(span, gs)})) or "no link"
    return f"{span.exact!r} → {entity} (curated: {curated})"


def _date_specs(article: Article) -> set[tuple]:
    specs = set()
    for section in ("events", "claims", "roles", "agreements"):
        for item in getattr(article.annotation, section):
            for name in ("date", "stated", "start", "end", "signed", "revealedAt"):
                spec = getattr(item, name, None)
                if spec is not None:
                    specs.add((spec.text, spec.value, spec.earliest, spec.latest))
    return specs


def _dates(result: Score, gold: Article, draft: Article) -> None:
    drafted = _date_specs(draft)
    right, misses = 0, Counter()
    for g in sorted(_date_specs(gold), key=str):
        same_phrase = [d for d in drafted if g[0].lower() in d[0].lower() or d[0].lower() in g[0].lower()]
        if any(_same_date(g, d) for d in same_phrase):
            right += 1
        else:
            misses[f"{g[0]!r} " + ("wrong value" if same_phrase else "not drafted")] += 1
    result.counts["dates, right value and precision"] = (right, len(_date_specs(gold)))
    result.misses["dates"] = misses


def _same_date(g: tuple, d: tuple) -> bool:
    if g[1] is not None or d[1] is not None:
        return g[1] == d[1]
    if None in (g[2], g[3], d[2], d[3]):  # an open interval ("after the call"): same bounds
        return (g[2], g[3]) == (d[2], d[3])
    first, last = date.fromisoformat(g[2]), date.fromisoformat(g[3])
    dfirst, dlast = date.fromisoformat(d[2]), date.fromisoformat(d[3])
    inter = (min(last, dlast) - max(first, dfirst)).days + 1
    union = (max(last, dlast) - min(first, dfirst)).days + 1
    return inter > 0 and inter / union >= 0.5
