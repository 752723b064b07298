"""Claims: every reported statement with its claimant, cue as written and stance.

Patterns (rules data per language): subject + cue + complement ("X said that …", with the
English parse: the cue's subject and clausal complement); the cue before its subject ("dijo el
canciller"); "according to X" / "según X"; a passive cue with its agent ("criticized by the
United Nations"); impersonal reporting ("is said to", "al parecer") relayed from the outlet the
article last cited; quotations over several sentences, «» quotes and dash dialogue; quotations
with no cue of their own continue the last speaker; pronoun speakers resolve to the subject of
an earlier sentence. Every other sentence is drafted in the article's own voice (``author``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .knowledge import Knowledge
from .mentions import Link
from .nlp import Sentence
from .proposals import slug
from .quotes import Quotation, inside
from .rules import Rules, phrase_pattern
from .sources import SourceGroup, SourceRef, _unique


@dataclass(frozen=True)
class Actor:
    kind: str  # entity, source
    id: str
    start: int
    end: int
    via_pronoun: bool = False


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


@dataclass(frozen=True)
class Skip:
    start: int
    end: int
    reason: str


class Attributor:
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
            if sent.start in skips:
                continue
            made = self._attributed(sent) or self._floating(sent) or self._author(sent)
            self.claims.extend(made)
            self._remember_subject(sent)
        return self.claims

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
        """In English, a cue must be a finite verb, not a modifier ("officers accused of …")."""
        if not self.parsed:
            return True
        token = self._token(start, end)
        return token is not None and token.dep_ not in ("acl", "amod", "relcl", "compound")

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
        return [self._claim(sent, start, end, speaker, stance, cue.group(0)) for speaker in speakers]

    def _speakers(self, sent: Sentence, cue: re.Match) -> list[Actor]:
        if self.parsed:
            found = self._parsed_speakers(sent, cue)
            if found is not None:
                return found
        after = self._actor_after(cue.end(), sent.end, words=4)
        if after is not None and (self.rules.language == "es" or self._is_inverted(cue)):
            return [after]
        before = self._actor_before(sent, cue.start())
        return [before] if before else ([after] if after else [])

    def _is_inverted(self, cue: re.Match) -> bool:
        """English puts the speaker after the cue only after a quotation ("…,” said X)."""
        return bool(re.search(r"[”\"’],?\s*$", self.text[max(0, cue.start() - 4):cue.start()]))

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
        hits = [a for a in self.actors if a.start < end and start < a.end]
        if loose:
            hits = [a for a in hits if a.start >= start]
        hits.sort(key=lambda a: (a.kind != "source", a.start))
        return self._as_claimant(hits[0]) if hits else None

    def _actor_after(self, at: int, limit: int, words: int) -> Actor | None:
        window = re.match(rf"\s*(?:[\w’'.-]+\s+){{0,{words}}}", self.text[at:limit])
        end = at + (window.end() if window else 0)
        hits = [a for a in self.actors if at <= a.start < end and not inside(self.quotations, a.start, a.end)]
        pronoun = re.match(r"\s+(\w+)", self.text[at:limit])
        if not hits and pronoun and pronoun.group(1).lower() in self.pronouns.get("person", ()):
            return self._pronoun(at + pronoun.start(1), at + pronoun.end(1), pronoun.group(1).lower())
        return self._as_claimant(hits[0]) if hits else None

    def _actor_before(self, sent: Sentence, at: int) -> Actor | None:
        clause = self._clause_start(sent, at)
        hits = [a for a in self.actors if clause <= a.start and a.end <= at
                and not inside(self.quotations, a.start, a.end)]
        if hits:
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
        wanted = "person" if word in self.pronouns.get("person", ()) else "organization"
        for actor in reversed(self.subjects):
            entity = self.known.entities.get(actor.id)
            is_person = entity is not None and entity.is_person
            if actor.kind == "entity" and (is_person == (wanted == "person")):
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
        near = [q for q in self.quotations if sent.start <= q.start and q.end <= sent.end + 2]
        lo, hi = min(cue.start(), speaker.start), max(cue.end(), speaker.end)
        for q in near:
            between = self.text[q.end:lo] if q.end <= lo else self.text[hi:q.start]
            if len(between) <= 12 and not re.search(r"\b(that|que)\b", between):
                return q
        return None

    def _parsed_content(self, cue: re.Match) -> tuple[int, int] | None:
        token = self._token(cue.start(), cue.end())
        for dep in ("ccomp", "xcomp", "dobj", "advcl"):
            child = next((c for c in token.children if c.dep_ == dep), None) if token else None
            if child is not None:
                words = [w for w in child.subtree if w.dep_ != "mark" or w.i != child.left_edge.i]
                start = words[0].idx if dep in ("ccomp", "advcl") else cue.start()
                end = words[-1].idx + len(words[-1])
                return start, end
        return None

    def _clause_end(self, sent: Sentence, start: int) -> int:
        end = sent.end
        for brk in self.rules.words("clause_breaks"):
            i = self.text.find(brk, start, end)
            if i >= 0:
                end = min(end, i)
        return start + len(self.text[start:end].rstrip(" .,;"))

    # --- the other patterns ---------------------------------------------------------------------

    def _according(self, sent: Sentence) -> tuple[list[DraftClaim], list[tuple[int, int]]]:
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
        head = tail.group(1).split()[-1].lower() if tail.group(1).split() else ""
        if head in {w.lower() for w in self.rules.words("report_nouns")} and self.outlet:
            return Actor("entity", self.outlet, start, end)
        if any(w.lower() in nouns for w in tail.group(1).split()):
            return self._new_source(start, end)
        return None

    def _is_outlet(self, entity: str) -> bool:
        known = self.known.entities.get(entity)
        return known is not None and known.type == "MediaOutlet"

    def _impersonal(self, sent: Sentence) -> list[DraftClaim]:
        m = self.impersonal.search(self.text, sent.start, sent.end) if self.impersonal else None
        if m is None or inside(self.quotations, m.start(), m.end()):
            return []
        if self.outlet is None:
            return []
        speaker = Actor("entity", self.outlet, m.start(), m.end())
        claim = self._claim(sent, sent.start, sent.end, speaker, "assertion", m.group(0))
        claim.confidence = 0.5
        return [claim]

    def _floating(self, sent: Sentence) -> list[DraftClaim]:
        """A quotation with no cue of its own continues the speaker of the sentence before."""
        opens = re.match(r"\s*[“«\"—]", sent.text)
        last = self.claims[-1] if self.claims else None
        if not opens or last is None or last.claimant == "author" or last.sentence is None:
            return []
        if sent.line - last.sentence.line > 1:
            return []
        claim = DraftClaim(sent.start, sent.end, last.claimant, "assertion", 0.5, None, last.via,
                           sentence=sent, speaker=last.speaker)
        return [self._hedged(claim, sent)]

    def _author(self, sent: Sentence) -> list[DraftClaim]:
        if len(sent.text.split()) < 4:
            return []
        claim = DraftClaim(sent.start, sent.end, "author", "assertion", 0.5, sentence=sent)
        return [self._hedged(claim, sent)]

    def _claim(self, sent: Sentence, start: int, end: int, speaker: Actor, stance: str,
               cue: str) -> DraftClaim:
        start, end = _trim(self.text, start, end)
        if end <= start:  # nothing after the cue ("…, two sources said."): the sentence says it
            start, end = sent.start, sent.end
        claimant = speaker.id
        via = None
        if speaker.kind == "source":
            group = next((g for g in self.groups if g.id == speaker.id), None)
            outlet = re.search(r"\b(?:by|por)\s+(\w+)", group.label) if group else None
            via = self._outlet_named(outlet.group(1)) if outlet else None
        if speaker.kind == "entity" and self._is_outlet(speaker.id):
            self.outlet = speaker.id
        confidence = 0.8 if speaker.kind == "entity" and not speaker.via_pronoun else 0.65
        claim = DraftClaim(start, end, claimant, stance, confidence, cue, via, speaker=speaker,
                           sentence=sent)
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

    def _remember_subject(self, sent: Sentence) -> None:
        """The sentence's subject, for the pronouns of the sentences after it."""
        subject = self._parsed_subject(sent) if self.parsed else None
        if subject is None:
            first = next((a for a in self.actors if sent.start <= a.start < sent.end
                          and not inside(self.quotations, a.start, a.end)), None)
            subject = self._as_claimant(first) if first else None
        if subject is not None and subject.kind == "entity":
            self.subjects.append(subject)

    def _parsed_subject(self, sent: Sentence) -> Actor | None:
        span = self.doc.char_span(sent.start, sent.end, alignment_mode="expand")
        root = next((t for t in span if t.dep_ == "ROOT"), None) if span is not None else None
        subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None) if root else None
        if subj is None or subj.text.lower() in self.pronouns.get("person", ()):
            return None
        return self._actor_in(subj.idx, subj.idx + len(subj)) or \
            self._actor_in(subj.left_edge.idx, subj.idx + len(subj), loose=True)


def _exact(words: list[str]) -> re.Pattern | None:
    return re.compile(phrase_pattern(words).pattern) if words else None


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Without surrounding spaces and a final comma."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;"):
        end -= 1
    return start, end
