"""Who speaks: the claimant of a reporting cue.

English: the cue's subject in the parse (a passive cue's agents; a relative "which" is the noun
it follows), else by position. Spanish (no parser): the cue before its subject after a quotation
or a dash ("…», dijo el canciller"; "—…—dijo Rodríguez"), the subject before the cue otherwise
("Un funcionario … dijo que …"). A pronoun speaker is the last named speaker of the sentences
just before ("He added" after Frank Mora's quotation), else the last subject; a country that
speaks is its government.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .mentions import Link
from .nlp import Sentence
from .proposals import slug
from .quotes import inside
from .sources import SourceGroup, _unique


@dataclass(frozen=True)
class Actor:
    kind: str  # entity, source
    id: str
    start: int
    end: int
    via_pronoun: bool = False


RECENT = 600
"""Characters back within which a pronoun speaker takes the last named speaker."""


class Speakers:
    """The speaker half of :class:`kg.extract.claims.Attributor` (it holds the state)."""

    def _speakers(self, sent: Sentence, cue: re.Match) -> list[Actor]:
        if self.parsed:
            found = self._parsed_speakers(sent, cue)
            if found is not None:
                return found
        after = self._actor_after(cue.end(), sent.end, words=4)
        before = self._actor_before(sent, cue.start())
        if self.rules.language == "es":
            says_that = re.match(r"\s*(?:que\b|:)", self.text[cue.end():sent.end])
            if before is not None and (says_that or not self._is_inverted(cue)):
                return [before]
            return [after] if after else ([before] if before else [])
        if after is not None and self._is_inverted(cue):
            return [after]
        return [before] if before else ([after] if after else [])

    def _is_inverted(self, cue: re.Match) -> bool:
        """The speaker follows the cue after a quotation or a dash ("…,” said X", "—dijo X")."""
        return bool(re.search(r"[”\"’»—],?\s*$", self.text[max(0, cue.start() - 4):cue.start()]))

    def _parsed_speakers(self, sent: Sentence, cue: re.Match) -> list[Actor] | None:
        """The cue's subject (or a passive cue's agents); ``None`` if the parse gives none."""
        token = self._token(cue.start(), cue.end())
        if token is None:
            return None
        verb = token
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")]
        while not subjects and verb.dep_ in ("conj", "xcomp") and verb.head != verb:
            verb = verb.head
            subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        agents = [w for c in token.children if c.dep_ == "agent" for w in c.children if w.dep_ == "pobj"]
        if agents and token.text.lower() in self.passive:
            heads = [a for agent in agents for a in (agent, *agent.conjuncts)]
            return [a for a in (self._actor_for(h) for h in heads) if a]
        if any(s.dep_ == "nsubjpass" for s in subjects):
            return []
        if not subjects:
            return None
        return [a for a in (self._actor_for(s) for s in subjects[:1]) if a]

    def _actor_for(self, head) -> Actor | None:
        """The actor a subject or agent token names: a mention, a source, a pronoun's referent,
        or a new unnamed source group."""
        low = head.text.lower()
        if low in self.pronouns.get("person", ()) or low in self.pronouns.get("organization", ()):
            return self._pronoun(head.idx, head.idx + len(head), low)
        if low in ("which", "who", "that") and head.head.dep_ == "relcl":
            head = head.head.head
        first, last = head.left_edge.idx, head.right_edge.idx + len(head.right_edge)
        actor = self._actor_in(head.idx, head.idx + len(head)) or \
            self._actor_in(first, head.idx + len(head), loose=True)
        if actor is not None:
            return actor
        if low in {w.lower() for w in self.rules.words("report_nouns")} and self.outlet:
            return Actor("entity", self.outlet, head.idx, head.idx + len(head))
        if low in {w.lower() for w in self.rules.words("source_nouns")}:
            return self._new_source(first, last)
        return None

    # --- speakers by position (Spanish; English fallback) ------------------------------------

    def _actor_in(self, start: int, end: int, loose: bool = False) -> Actor | None:
        """The actor a span names: a source first, then the widest mention that starts first
        ("the administration of President Donald Trump", not "Donald Trump" inside it)."""
        hits = [a for a in self.actors if a.start < end and start < a.end]
        if loose:
            hits = [a for a in hits if a.start >= start]
        hits.sort(key=lambda a: (a.kind != "source", a.start, -a.end))
        return self._as_claimant(hits[0]) if hits else None

    def _actor_after(self, at: int, limit: int, words: int) -> Actor | None:
        window = re.match(rf"\s*(?:[\w’'.-]+\s+){{0,{words}}}", self.text[at:limit])
        end = at + (window.end() if window else 0)
        hits = [a for a in self.actors if at <= a.start < end and not inside(self.quotations, a.start, a.end)]
        pronoun = re.match(r"\s+(\w+)", self.text[at:limit])
        if not hits and pronoun and pronoun.group(1).lower() in self.pronouns.get("person", ()):
            return self._pronoun(at + pronoun.start(1), at + pronoun.end(1), pronoun.group(1).lower())
        hits.sort(key=lambda a: (a.start, -a.end))
        return self._as_claimant(hits[0]) if hits else None

    def _actor_before(self, sent: Sentence, at: int) -> Actor | None:
        clause = self._clause_start(sent, at)
        hits = [a for a in self.actors if clause <= a.start and a.end <= at
                and not inside(self.quotations, a.start, a.end)]
        if hits:
            hits.sort(key=lambda a: (a.start, -a.end))
            return self._as_claimant(hits[0])
        pronoun = re.search(r"(?<!\w)(\w+)\s*$", self.text[clause:at])
        if pronoun and pronoun.group(1).lower() in self.pronouns.get("person", ()):
            return self._pronoun(clause + pronoun.start(1), clause + pronoun.end(1), pronoun.group(1).lower())
        return None

    def _clause_start(self, sent: Sentence, at: int) -> int:
        start = sent.start
        for brk in self.rules.words("clause_breaks"):
            i = self.text.rfind(brk, sent.start, at)
            if i >= 0:
                start = max(start, i + len(brk))
        closing = max((q.end for q in self.quotations if sent.start <= q.end <= at), default=start)
        return max(start, closing)

    def _as_claimant(self, actor: Actor) -> Actor:
        """A country that speaks is its government ("Cuba has said")."""
        entity = self.known.entities.get(actor.id)
        if actor.kind == "entity" and entity is not None and entity.type == "Country":
            government = self.known.government_of(actor.id)
            if government:
                return Actor("entity", government, actor.start, actor.end, actor.via_pronoun)
        return actor

    def _pronoun(self, start: int, end: int, word: str) -> Actor | None:
        """A pronoun: the nearest person (or organization) before it that spoke or was a
        sentence's subject ("He added" after Frank Mora's quotation; "she said" after "Delcy
        Rodriguez spoke by phone")."""
        wanted = "person" if word in self.pronouns.get("person", ()) else "organization"
        spoke = [c.speaker for c in self.claims if c.speaker is not None and c.claimant != "author"
                 and c.speaker.kind == "entity" and start - c.end < RECENT and c.end <= start]
        for actor in sorted([*spoke, *self.subjects], key=lambda a: a.start, reverse=True):
            entity = self.known.entities.get(actor.id)
            if actor.kind == "entity" and entity is not None and entity.is_person == (wanted == "person"):
                if not any(t.start == start for t in self.pronoun_links):
                    self.pronoun_links.append(Link(start, end, actor.id, "pronoun", 0.6))
                return Actor("entity", actor.id, start, end, via_pronoun=True)
        return None

    def _new_source(self, start: int, end: int) -> Actor:
        label = re.split(r"\s(?:for|para|over|about|sobre)\s", self.text[start:end])[0].strip(" ,")
        end = start + len(label)
        existing = next((g for g in self.groups if g.start == start), None)
        if existing is None:
            sid = _unique(slug(" ".join(label.split()[:6])), {g.id for g in self.groups})
            existing = SourceGroup(sid, label, start, end, label.split()[-1].lower(), confidence=0.6)
            self.groups.append(existing)
            self.actors.append(Actor("source", sid, start, end))
        return Actor("source", existing.id, start, end)

    def _remember_subject(self, sent: Sentence) -> None:
        """The sentence's subject, for the pronouns of the sentences after it (a subject inside
        a quotation is the speaker's, not the article's)."""
        subject = self._parsed_subject(sent) if self.parsed else None
        if subject is None and not self.parsed:  # Spanish: the first actor outside quotations
            first = next((a for a in self.actors if sent.start <= a.start < sent.end
                          and not inside(self.quotations, a.start, a.end)), None)
            subject = self._as_claimant(first) if first else None
        if subject is not None and subject.kind == "entity":
            self.subjects.append(subject)

    def _parsed_subject(self, sent: Sentence) -> Actor | None:
        span = self.doc.char_span(sent.start, sent.end, alignment_mode="expand")
        root = next((t for t in span if t.dep_ == "ROOT"), None) if span is not None else None
        subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None) if root else None
        if subj is None or subj.text.lower() in self.pronouns.get("person", ()) \
                or inside(self.quotations, subj.idx, subj.idx + len(subj)):
            return None
        return self._actor_in(subj.idx, subj.idx + len(subj))  # not a possessor ("Maduro’s …")
