"""Attribution patterns other than a reporting verb (rules data per language):

- "according to X" / "según X" (X a mention, a source, or a report of the outlet last cited);
- impersonal reporting ("is said to", "al parecer") relayed from the outlet last cited;
- a quotation with no cue of its own continues the speaker of the sentence before;
- a report's findings told over several sentences: a sentence that opens by pointing back
  ("Under these accords", "This prevented") continues the finding of the sentence before
  ("A special Reuters report … uncovered …");
- a quotation after a colon is said by the sentence's subject ("He ended his speech with …:
  “Hasta la victoria siempre.”");
- nominal cues: "official Cuban denials about …", "allegations that …" (unnamed accusers);
- a sentence between two statements of one speaker in one paragraph is that speaker's;
- a leading "While …," clause before an attributed statement is the article's own;
- every other sentence: the article's own voice (``author``).
"""

from __future__ import annotations

import re

from .nlp import Sentence
from .quotes import inside
from .rules import phrase_pattern
from .speakers import Actor


class Patterns:
    """The pattern half of :class:`kg.extract.claims.Attributor` (it holds the state)."""

    def _according(self, sent: Sentence):
        """Claims of "according to X"; and the spans the phrases take (no cue is sought there)."""
        out, taken = [], []
        for m in self.according.finditer(self.text, sent.start, sent.end) if self.according else []:
            if inside(self.quotations, m.start(), m.end()):
                continue
            speaker = self._according_speaker(sent, m)
            if speaker is not None:
                out.append(self._claim(sent, sent.start, sent.end, speaker, "assertion", m.group(0)))
                taken.append((m.start(), max(m.end(), speaker.end)))
        return out, taken

    def _according_speaker(self, sent: Sentence, m: re.Match) -> Actor | None:
        tail = re.match(r"\s*([^,.;]+)", self.text[m.end():sent.end])
        if tail is None:
            return None
        start, end = m.end() + tail.start(1), m.end() + tail.end(1)
        nouns = {n.lower() for n in self.rules.words("source_nouns")}
        words = tail.group(1).split()
        named = next((a for a in self.actors if a.kind == "source" and start <= a.start < end), None)
        if named is not None:  # "según el funcionario": the source named before
            return named
        if words and any(w.lower() in nouns for w in words[:3]):
            return self._new_source(start, end)
        actor = self._actor_in(start, end, loose=True)
        if actor is not None:
            if actor.kind == "entity" and self._is_outlet(actor.id):
                self.outlet = actor.id
            return actor
        head = words[-1].lower() if words else ""
        if head in {w.lower() for w in self.rules.words("report_nouns")} and self.outlet:
            return Actor("entity", self.outlet, start, end)
        if any(w.lower() in nouns for w in words):
            return self._new_source(start, end)
        return None

    def _is_outlet(self, entity: str) -> bool:
        known = self.known.entities.get(entity)
        return known is not None and known.type == "MediaOutlet"

    def _impersonal(self, sent: Sentence):
        m = self.impersonal.search(self.text, sent.start, sent.end) if self.impersonal else None
        if m is None or inside(self.quotations, m.start(), m.end()) or self.outlet is None:
            return []
        speaker = Actor("entity", self.outlet, m.start(), m.end())
        claim = self._claim(sent, sent.start, sent.end, speaker, "assertion", m.group(0))
        claim.confidence = 0.5
        return [claim]

    def _last(self, sent: Sentence, lines: int = 1):
        """The last claim, if it is another speaker's and from this or the previous paragraph."""
        last = self.claims[-1] if self.claims else None
        if last is None or last.claimant == "author" or last.sentence is None:
            return None
        return last if sent.line - last.sentence.line <= lines else None

    def _floating(self, sent: Sentence):
        """A quotation with no cue of its own continues the speaker of the sentence before."""
        last = self._last(sent)
        if not re.match(r"\s*[“«\"—]", sent.text) or last is None:
            return []
        return [self._continued(sent, sent.start, sent.end, last, 0.5)]

    def _continuation(self, sent: Sentence):
        """A sentence that points back ("Under these accords", "This prevented …") right after
        a finding ("A special Reuters report … uncovered …") goes on telling that finding."""
        last = self._last(sent)
        findings = {w.lower() for w in self.rules.words("finding_cues")}
        opener = phrase_pattern(self.rules.words("continuations"))
        if last is None or (last.cue or "").lower() not in findings or opener is None:
            return []
        if not opener.match(self.text, sent.start):
            return []
        return [self._continued(sent, sent.start, sent.end, last, 0.45)]

    def _continued(self, sent: Sentence, start: int, end: int, last, confidence: float):
        claim = self._new(start, end, last.claimant, "assertion", confidence, via=last.via,
                          sentence=sent, speaker=last.speaker)
        return self._hedged(claim, sent)

    def _colon_quote(self, sent: Sentence):
        """"He ended his speech with …: “Hasta la victoria siempre.”": the subject says it."""
        quote = next((q for q in self.quotations if sent.start < q.start < sent.end
                      and re.search(r":\s*$", self.text[sent.start:q.start])), None)
        if quote is None or not self.parsed:
            return []
        span = self.doc.char_span(sent.start, quote.start, alignment_mode="contract")
        root = next((t for t in span if t.dep_ == "ROOT"), None) if span is not None else None
        subject = next((c for c in root.children if c.dep_ == "nsubj"), None) if root else None
        speaker = self._actor_for(subject) if subject is not None else None
        if speaker is None:
            return []
        return [self._claim(sent, quote.start, quote.end, speaker, "assertion", None)]

    def _nominal(self, sent: Sentence):
        """"official Cuban denials about …", "denials of Cuban military presence", "allegations
        that …": a reporting noun whose speaker its modifiers or its complement name."""
        out = []
        for stance, nouns in self.rules.table("noun_cues").items():
            pattern = phrase_pattern(nouns)
            for m in pattern.finditer(self.text, sent.start, sent.end) if pattern else ():
                if inside(self.quotations, m.start(), m.end()):
                    continue
                end = self._clause_end(sent, m.end())
                owner = next((a for a in self.actors if a.kind == "entity"
                              and (0 <= m.start() - a.end <= 3 or a.start <= m.start() < a.end)), None)
                complement = self._actor_in(m.end(), min(end, m.end() + 60), loose=True)
                speaker = self._as_claimant(owner) if owner else None
                if speaker is None and stance == "denial" and complement is not None:
                    speaker = self._government_of(complement)
                if speaker is None and re.match(r"\s+(?:that|que)\b", self.text[m.end():end]):
                    speaker = self._new_source(m.start(), m.end())
                if speaker is not None:
                    start = owner.start if owner and owner.start < m.start() else m.start()
                    out.append(self._claim(sent, start, end, speaker, stance, m.group(0)))
        return out

    def _government_of(self, actor: Actor) -> Actor | None:
        """"denials of Cuban military presence": the government of the country named."""
        entity = self.known.entities.get(actor.id)
        country = entity.id if entity and entity.type == "Country" else (entity.country if entity else None)
        government = self.known.government_of(country) if country else None
        return Actor("entity", government, actor.start, actor.end) if government else None

    def _lead_clause(self, sent: Sentence, made: list):
        """"While some advisers remain, sources indicate …": the leading clause is the
        article's own statement when no attributed claim covers it."""
        opener = phrase_pattern(self.rules.words("author_clauses"))
        comma = self.text.find(",", sent.start, sent.end)
        if opener is None or comma < 0 or not opener.match(self.text, sent.start):
            return []
        if any(c.start < comma and sent.start < c.end for c in made):
            return []
        return [self._hedged(self._new(sent.start, comma, "author", "assertion", 0.5, sentence=sent), sent)]

    def _author(self, sent: Sentence):
        if len(sent.text.split()) < 4:
            return []
        claim = self._new(sent.start, sent.end, "author", "assertion", 0.5, sentence=sent)
        return [self._hedged(claim, sent)]

    def _between(self) -> None:
        """A sentence in the article's voice between two statements of one speaker, in one
        paragraph, is that speaker's ("…said the effects can still be seen. Maduro's loyal
        supporters remain in power. “The Cubans didn't manage …,” he said.")."""
        for before, claim, after in zip(self.claims, self.claims[1:], self.claims[2:], strict=False):
            sents = (before.sentence, claim.sentence, after.sentence)
            if claim.claimant != "author" or claim.cue or before.claimant != after.claimant \
                    or before.claimant == "author" or None in sents:
                continue
            if len({s.line for s in sents}) == 1 and claim.start == claim.sentence.start \
                    and before.sentence != after.sentence:
                claim.claimant, claim.via, claim.speaker = before.claimant, before.via, before.speaker
                claim.confidence = 0.45
