"""Claims: every reported statement with its claimant, cue as written and stance.

A reporting cue (rules lexicon → stance) with its speaker (:mod:`.speakers`) and what was said:
the quotation next to it, else (English) the cue's clausal complement after it, else the clause
after "that"/"que". Then the patterns of :mod:`.patterns` ("according to X", impersonal
reporting, floating quotations, findings told over several sentences, colon quotations, nominal
cues, the article's own voice). Hedges: a modal makes a claim a speculation, an evidential
lowers its confidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .knowledge import Knowledge
from .mentions import Link
from .nlp import Sentence
from .patterns import Patterns
from .quotes import Quotation, inside
from .rules import Rules, phrase_pattern
from .sources import SourceGroup, SourceRef
from .speakers import Actor, Speakers

__all__ = ["Actor", "Attributor", "DraftClaim", "Skip"]


@dataclass
class DraftClaim:
    start: int
    end: int
    claimant: str  # entity id, source id or "author"
    stance: str
    confidence: float
    cue: str | None = None
    via: str | None = None
    hedge: str | None = None
    speaker: Actor | None = None
    sentence: Sentence | None = None
    about: list[str] = field(default_factory=list)
    cue_at: int | None = None  # where the cue is (a date between speaker and cue is not "stated")


@dataclass(frozen=True)
class Skip:
    start: int
    end: int
    reason: str


class Attributor(Speakers, Patterns):
    """Drafts the claims of one article, sentence by sentence."""

    def __init__(self, text: str, doc, rules: Rules, known: Knowledge, links: list[Link],
                 groups: list[SourceGroup], refs: list[SourceRef], quotations: list[Quotation]):
        self.text, self.doc, self.rules, self.known = text, doc, rules, known
        self.groups, self.quotations = groups, quotations
        self.parsed = doc.has_annotation("DEP")
        self.actors = sorted([Actor("source", r.source, r.start, r.end) for r in refs] +
                             [Actor("entity", t.entity, t.start, t.end) for t in links
                              if not t.entity.startswith("@")], key=lambda a: a.start)
        self.cues = phrase_pattern(list(rules.cue_stance))
        self.according = phrase_pattern(rules.words("according"))
        self.impersonal = phrase_pattern(rules.words("impersonal"))
        # case-sensitive: "may" hedges, "May 2008" does not
        self.modal = _exact(rules.table("hedges").get("modal", []))
        self.evidential = _exact(rules.table("hedges").get("evidential", []))
        self.passive = {w.lower() for w in rules.words("passive_cues")}
        self.pronouns = {k: {w.lower() for w in v} for k, v in rules.table("pronouns").items()}
        self.claims: list[DraftClaim] = []
        self.pronoun_links: list[Link] = []
        self.subjects: list[Actor] = []  # the subject of each sentence so far (for pronouns)
        self.outlet: str | None = None  # the media outlet the article last cited

    # --- the sentence loop ------------------------------------------------------------------

    def run(self, sents: list[Sentence], skips: dict[int, Skip]) -> list[DraftClaim]:
        for sent in sents:
            if sent.start not in skips:
                self.claims.extend(self._sentence(sent))
                self._remember_subject(sent)
        self._between()
        return self.claims

    def _sentence(self, sent: Sentence) -> list[DraftClaim]:
        made = self._attributed(sent)
        if made:
            made += self._lead_clause(sent, made)
        else:
            made = self._floating(sent) or self._continuation(sent) or self._colon_quote(sent)
        nominal = self._nominal(sent)
        return made + nominal if made else [*self._author(sent), *nominal]

    def _attributed(self, sent: Sentence) -> list[DraftClaim]:
        made, taken = self._according(sent)
        for cue in self._cues(sent):
            if not any(a <= cue.start() < b for a, b in taken):
                made += self._from_cue(sent, cue)
        if not made:
            made += self._impersonal(sent)
        return made

    # --- cues -------------------------------------------------------------------------------

    def _cues(self, sent: Sentence) -> list[re.Match]:
        impersonal = [(m.start(), m.end()) for m in
                      self.impersonal.finditer(self.text, sent.start, sent.end)] if self.impersonal else []
        found = []
        for m in self.cues.finditer(self.text, sent.start, sent.end) if self.cues else []:
            if inside(self.quotations, m.start(), m.end()) or not self._is_verb(m.start(), m.end()) \
                    or any(a <= m.start() < b for a, b in impersonal):
                continue
            found.append(m)
        return found

    def _is_verb(self, start: int, end: int) -> bool:
        """In English, a cue must be a finite verb, not a modifier ("officers accused of …");
        a relative clause counts when its subject is the relative ("… Trump—which has
        reiterated its intention …")."""
        if not self.parsed:
            return True
        token = self._token(start, end)
        if token is None:
            return False
        if token.dep_ == "relcl":
            return any(c.dep_ in ("nsubj", "nsubjpass") and c.text.lower() in ("which", "who")
                       for c in token.children)
        return token.dep_ not in ("acl", "amod", "compound")

    def _token(self, start: int, end: int | None = None):
        """The cue's verb (the first verb of a multi-word cue), else its first token."""
        span = self.doc.char_span(start, end or start + 1, alignment_mode="expand")
        if span is None or not len(span):
            return None
        return next((t for t in span if t.pos_ in ("VERB", "AUX")), span[0] if end is None else None)

    def _from_cue(self, sent: Sentence, cue: re.Match) -> list[DraftClaim]:
        stance = self.rules.cue_stance[cue.group(0).lower()]
        speakers = self._speakers(sent, cue)
        if not speakers:
            return []
        start, end = self._content(sent, cue, speakers[0])
        claims = [self._claim(sent, start, end, speaker, stance, cue.group(0)) for speaker in speakers]
        for claim in claims:
            claim.cue_at = cue.start()
        return claims

    # --- what was said ------------------------------------------------------------------------

    def _content(self, sent: Sentence, cue: re.Match, speaker: Actor) -> tuple[int, int]:
        if speaker.start >= cue.end() and cue.group(0).lower() in self.passive:
            return sent.start, sent.end  # "… was criticized by X for …": the sentence says it
        quote = self._adjacent_quotation(sent, cue, speaker)
        if quote is not None:
            return quote.start, quote.end
        if self.parsed:
            span = self._parsed_content(cue)
            if span is not None:
                return max(span[0], sent.start), min(span[1], sent.end)
        if speaker.end <= cue.start() or speaker.start >= cue.end():
            after = re.match(r"[^,.;:]{0,40}?\b(?:that|que)\s+", self.text[cue.end():sent.end])
            start = cue.end() + (after.end() if after else 0)
            if speaker.start >= cue.end() and not after:
                start = speaker.end
            return start, self._clause_end(sent, start)
        before = self.text[sent.start:cue.start()].rstrip(" ,—-")
        return (sent.start, sent.start + len(before)) if before.strip() else (sent.start, sent.end)

    def _adjacent_quotation(self, sent: Sentence, cue: re.Match, speaker: Actor) -> Quotation | None:
        """The quotation next to the cue and its speaker: before them ("“…,” he said"), or
        after them and a few words ("he wrote on Truth Social, “…”"), never after "that"."""
        near = [q for q in self.quotations if sent.start <= q.start and q.end <= sent.end + 2]
        lo, hi = min(cue.start(), speaker.start), max(cue.end(), speaker.end)
        for q in near:
            if q.end <= lo:  # "“…,” he said", "«…», afirmó", "—…—dijo": only punctuation between
                if re.fullmatch(r"[\s,.:;—–-]*", self.text[q.end:lo]):
                    return q
                continue
            between = self.text[hi:q.start]
            short = len(between) <= 12 or (len(between.split()) <= 5 and re.search(r"[,:]\s*$", between))
            if q.start >= hi and short and not re.search(r"\b(that|que)\b", between):
                return q
        return None

    def _parsed_content(self, cue: re.Match) -> tuple[int, int] | None:
        """The cue's complement, the one after it first ("While … remain, sources indicate
        that …": not the clause before)."""
        token = self._token(cue.start(), cue.end())
        if token is None:
            return None
        for dep in ("ccomp", "xcomp", "dobj", "advcl"):
            children = [c for c in token.children if c.dep_ == dep]
            child = next((c for c in children if c.i > token.i), children[0] if children else None)
            if child is not None:
                words = [w for w in child.subtree if w.dep_ != "mark" or w.i != child.left_edge.i]
                start = words[0].idx if dep in ("ccomp", "advcl") else cue.start()
                return start, _participle_end(token, words[-1].idx + len(words[-1]))
        return None

    def _clause_end(self, sent: Sentence, start: int) -> int:
        end = sent.end
        for brk in self.rules.words("clause_breaks"):
            i = self.text.find(brk, start, end)
            if i >= 0:
                end = min(end, i)
        return start + len(self.text[start:end].rstrip(" .,;"))

    # --- a claim ------------------------------------------------------------------------------

    def _new(self, start: int, end: int, claimant: str, stance: str, confidence: float,
             cue: str | None = None, via: str | None = None, sentence: Sentence | None = None,
             speaker: Actor | None = None) -> DraftClaim:
        start, end = _trim(self.text, start, end)
        return DraftClaim(start, end, claimant, stance, confidence, cue, via, speaker=speaker,
                          sentence=sentence)

    def _claim(self, sent: Sentence, start: int, end: int, speaker: Actor, stance: str,
               cue: str | None) -> DraftClaim:
        start, end = _trim(self.text, start, end)
        if end <= start:  # nothing after the cue ("…, two sources said."): the sentence says it
            start, end = sent.start, sent.end
        via = None
        if speaker.kind == "source":
            group = next((g for g in self.groups if g.id == speaker.id), None)
            outlet = re.search(r"\b(?:by|por)\s+(\w+)", group.label) if group else None
            via = self._outlet_named(outlet.group(1)) if outlet else None
        if speaker.kind == "entity" and self._is_outlet(speaker.id):
            self.outlet = speaker.id
        confidence = 0.8 if speaker.kind == "entity" and not speaker.via_pronoun else 0.65
        claim = self._new(start, end, speaker.id, stance, confidence, cue, via, sent, speaker)
        return self._hedged(claim, sent)

    def _outlet_named(self, word: str) -> str | None:
        return next((a.id for a in self.actors if a.kind == "entity" and self._is_outlet(a.id)
                     and self.text[a.start:a.end] == word), None)

    def _hedged(self, claim: DraftClaim, sent: Sentence) -> DraftClaim:
        span = self.text[claim.start:claim.end]
        modal = self.modal.search(span) if self.modal else None
        evidential = self.evidential.search(span) if self.evidential else None
        if modal and claim.stance == "assertion":
            claim.stance, claim.hedge = "speculation", modal.group(0)
        elif evidential:
            claim.hedge = evidential.group(0)
            claim.confidence = round(claim.confidence - 0.1, 2)
        return claim


def _participle_end(verb, end: int) -> int:
    """"Havana acknowledged the losses, honoring them as …", "uncovered two agreements …,
    granting Cuba …": a participial clause after the object goes on saying it."""
    for child in verb.children:
        if child.dep_ == "advcl" and child.tag_ == "VBG" and child.idx >= end:
            last = list(child.subtree)[-1]
            end = last.idx + len(last)
    return end


def _exact(words: list[str]) -> re.Pattern | None:
    return re.compile(phrase_pattern(words).pattern) if words else None


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Without surrounding spaces and a final comma."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;"):
        end -= 1
    return start, end
