"""Descriptions that refer to registry entities: a light coreference from the registry and the
article's own earlier mentions (no coreference model ships its weights on a registry).

- descriptions the rules list ("the island", "the South American nation");
- "the country" → the country the article has named most so far;
- "These individuals", "the losses", "the 32 personnel" → the group named last (of that size);
- "the Cubans" → the Cuban group the article has named most;
- "the agency", "the report" → the entity of that type named last;
- appositions: "…(DGCIM), an agency notorious for …", "…, known as UNES";
- a role said again: "el canciller" after "El canciller cubano, Bruno Rodríguez Parrilla";
- a registry group by part of its name: "Cuban advisors and security forces" → "elite Cuban
  security forces"; "military advisors" after "Cuban advisors".

Every phrase and word list is rules data. A description never takes a span a name already has.
"""

from __future__ import annotations

import re
from collections import Counter

from .knowledge import Knowledge, fold
from .mentions import Link
from .rules import Rules, phrase_pattern

CONFIDENCE = 0.55
_DESCRIBED = re.compile(r"(?:^|[,;:(]\s*|\b(?:at|in|of|to|en|de|a)\s+)"
                        r"((?:the|el|la|los|las)\s[^,;:()]+?),\s*$")
"""The description a "known as NAME" follows: "… at the state university for police, known as"."""


class Nominals:
    def __init__(self, text: str, doc, links: list[Link], known: Knowledge, rules: Rules):
        self.text, self.doc, self.known, self.rules = text, doc, known, rules
        self.links = sorted(links, key=lambda t: t.start)
        self.found: list[Link] = []

    def run(self) -> list[Link]:
        """The description links, in the order that lets later ones count earlier ones."""
        for step in (self._descriptions, self._countries, self._appositions, self._roles,
                     self._groups, self._group_anaphors, self._demonym_people, self._type_anaphors):
            step()
        return self.found

    # --- helpers ------------------------------------------------------------------------------

    def _type(self, entity: str) -> str:
        e = self.known.entities.get(entity)
        return e.type if e else ""

    def _all(self) -> list[Link]:
        return sorted(self.links + self.found, key=lambda t: t.start)

    def _free(self, start: int, end: int) -> bool:
        return not any(t.start < end and start < t.end for t in self._all())

    def _add(self, start: int, end: int, entity: str | None, confidence: float = CONFIDENCE) -> None:
        if entity and entity in self.known.entities and self._free(start, end):
            self.found.append(Link(start, end, entity, "description", confidence))

    def _before(self, at: int, kinds: tuple[str, ...]) -> list[Link]:
        return [t for t in self._all() if t.end <= at and self._type(t.entity) in kinds]

    def _matches(self, key: str):
        pattern = phrase_pattern(self.rules.words(key))
        return pattern.finditer(self.text) if pattern else iter(())

    # --- the steps ----------------------------------------------------------------------------

    def _descriptions(self) -> None:
        table = {k.lower(): v for k, v in self.rules.table("descriptions").items()}
        pattern = phrase_pattern(list(table))
        for m in pattern.finditer(self.text) if pattern else ():
            self._add(m.start(), m.end(), table[m.group().lower()], 0.7)

    def _countries(self) -> None:
        """"the country", "el país": the country the article has named most so far."""
        for m in self._matches("country_anaphors"):
            counts = Counter(t.entity for t in self._before(m.start(), ("Country",)))
            if counts:
                self._add(m.start(), m.end(), counts.most_common(1)[0][0], 0.5)

    def _appositions(self) -> None:
        """"NAME (ABBR), an agency …" and "…, known as NAME" name the same entity."""
        nouns = "|".join(map(re.escape, self.rules.words("appositive_nouns")))
        for link in self._all():
            after = re.match(rf"(?:\s*\([^)]*\))?,\s+((?:an?|una?)\s+(?:[a-z]+\s+)?(?:{nouns}))(?!\w)",
                             self.text[link.end:link.end + 60]) if nouns else None
            if after:
                self._add(link.end + after.start(1), link.end + after.end(1), link.entity)
        known_as = phrase_pattern(self.rules.words("known_as"))
        for m in known_as.finditer(self.text) if known_as else ():
            name = next((t for t in self._all() if 0 <= t.start - m.end() <= 1), None)
            window = max(0, m.start() - 120)
            phrase = _DESCRIBED.search(self.text[window:m.start()])
            if name and phrase:
                self._add(window + phrase.start(1), window + phrase.end(1), name.entity)

    def _roles(self) -> None:
        """A role said again with its head word: "el canciller", "the foreign minister"."""
        first = self.rules.language == "es"
        heads: dict[str, set[str]] = {}
        for link in (t for t in self.links if t.kind == "role"):
            words = self.text[link.start:link.end].split()
            words = [w for w in words if w.lower() not in ("the", "el", "la")]
            if words:
                heads.setdefault((words[0] if first else words[-1]).lower(), set()).add(link.entity)
        for head, holders in heads.items():
            if len(holders) != 1:
                continue
            since = min(t.end for t in self.links if t.kind == "role" and t.entity in holders)
            for m in re.finditer(rf"(?<!\w)(?:the|The|el|El|la|La)\s+(?:[a-z]+\s+)?{re.escape(head)}(?!\w)",
                                 self.text[since:], re.IGNORECASE):
                self._add(since + m.start(), since + m.end(), next(iter(holders)))

    def _groups(self) -> None:
        """Noun phrases whose words are all in a registry group's name, with the same head: with
        the group's demonym ("Cuban medical workers"), or, once the article has named the group,
        without it if no other group's name ends in that head ("advisors", "military advisors";
        a later item of a list, or a bare noun narrowed by a clause, is not the group)."""
        if not self.doc.has_annotation("DEP"):
            return
        groups = _group_names(self.known, self.rules)
        owners: dict[str, set[str]] = {}  # head word → the groups a name of which ends in it
        for group, names in groups.items():
            for name in names:
                owners.setdefault(name[-1], set()).add(group)
        demonyms = {fold(k).lower(): v for k, v in self.rules.table("demonyms").items()}
        people = {f"{d}s" for d in demonyms}  # "Cubans": see _demonym_people
        for chunk in self.doc.noun_chunks:
            tokens = [t for t in chunk if t.pos_ not in ("DET", "NUM", "PRON", "PUNCT")]
            words = _words(tokens, self.rules)
            if not words or words[-1] in people or not self._free(chunk.start_char, chunk.end_char):
                continue
            narrowed = any(c.dep_ in ("acl", "relcl") for c in chunk.root.children)
            bare = not any(w in demonyms for w in words)
            if bare and (chunk.root.dep_ == "conj" or (len(words) == 1 and narrowed)):
                continue  # "soldiers, officers, and commanders", "officers accused of …": not the group
            country = next((demonyms[w] for w in words if w in demonyms), None)
            named = {t.entity for t in self._all() if t.end <= chunk.start_char}
            distinctive = len(owners.get(words[-1], ())) == 1
            fits = {g for g, names in groups.items() if any(_fits(words, n, demonyms) for n in names)
                    and (self.known.entities[g].country == country if country
                         else distinctive and g in named)}
            if len(fits) == 1:
                self._add(tokens[0].idx, chunk.end_char, fits.pop())

    def _group_anaphors(self) -> None:
        """"These individuals", "the 32 personnel": the group named last (of that number)."""
        table = self.rules.table("group_anaphors")
        dets, nouns = table.get("determiners") or [], table.get("nouns") or []
        if not dets or not nouns:
            return
        pattern = re.compile(rf"(?<!\w)(?:{'|'.join(map(re.escape, dets))})\s+(?:(\d+)\s+)?"
                             rf"(?:{'|'.join(map(re.escape, nouns))})(?!\w)", re.IGNORECASE)
        for m in pattern.finditer(self.text):
            recent = [t for t in self._before(m.start(), ("Group",)) if m.start() - t.end < 400]
            if m.group(1):
                sized = [t for t in recent if _size(self.known, t.entity) == int(m.group(1))]
                recent = sized or [t for t in self._before(m.start(), ("Group",))
                                   if _size(self.known, t.entity) == int(m.group(1))]
            if recent:
                self._add(m.start(), m.end(), recent[-1].entity)

    def _demonym_people(self) -> None:
        """"the Cubans", "los cubanos": the group of that country the article has named most."""
        dets = "|".join(map(re.escape, self.rules.words("people_determiners")))
        plural = "s" if self.rules.language == "en" else ""
        for word, country in self.rules.table("demonyms").items() if dets else ():
            for m in re.finditer(rf"(?<!\w)(?:{dets})\s+{re.escape(word)}{plural}(?!\w)", self.text):
                counts = Counter(t.entity for t in self._before(m.start(), ("Group",))
                                 if self.known.entities[t.entity].country == country)
                if counts:
                    self._add(m.start(), m.end(), counts.most_common(1)[0][0], 0.5)

    def _type_anaphors(self) -> None:
        """"the agency", "its counterintelligence agency", "the report": the last of that type."""
        for noun, kinds in self.rules.table("type_anaphors").items():
            pattern = rf"(?<!\w)(?:the|its|el|la|su)\s+(?:[a-z]+\s+){{0,2}}{re.escape(noun)}(?!\w)"
            for m in re.finditer(pattern, self.text, re.IGNORECASE):
                before = self._before(m.start(), tuple(kinds))
                if before:
                    self._add(m.start(), m.end(), before[-1].entity)


def _size(known: Knowledge, entity: str) -> int | None:
    return known.entities[entity].size if entity in known.entities else None


def _group_names(known: Knowledge, rules: Rules) -> dict[str, list[list[str]]]:
    """Each registry group's names as lists of folded words, spellings unified."""
    spell = {k.lower(): v.lower() for k, v in rules.table("spellings").items()}
    return {e.id: [[spell.get(w, w) for w in re.findall(r"[\w-]+", fold(n).lower())] for n in e.names]
            for e in known.entities.values() if e.type == "Group"}


def _words(tokens, rules: Rules) -> list[str]:
    """Folded words, spellings unified."""
    spell = {k.lower(): v.lower() for k, v in rules.table("spellings").items()}
    return [spell.get(w, w) for w in (fold(t.text).lower() for t in tokens)]


def _demonym_of(token, demonyms: dict[str, str]) -> str | None:
    return next((demonyms[fold(c.text).lower()] for c in token.children
                 if fold(c.text).lower() in demonyms), None)


def _fits(words: list[str], name: list[str], demonyms: dict[str, str]) -> bool:
    """The phrase's head is the name's head and its other words are in the name."""
    return bool(name) and words[-1] == name[-1] and all(w in name for w in words[:-1] if w not in demonyms)
