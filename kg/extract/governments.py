"""Who acts for a country: its government, its armed force, its ruling party.

A country that acts is its government ("Cuba has said", "Cuba retira asesores", "Cuba’s
commitment", "talking to Cuba"), as the annotation guide has it for capitals ("Havana
acknowledged"). Phrases name a government, an armed force or a ruling party by their country or
leader ("Cuba’s communist government", "the leaders of Venezuela", "the Venezuelan nor the Cuban
governments", "Rodriguez’s government", "el Gobierno de Delcy Rodríguez", "Venezuela’s
military", "Venezuela’s ruling party"). The phrase patterns are rules data (``country_phrases``);
the entity they name is found in the registry by its type and country.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .knowledge import Knowledge, fold
from .mentions import Link
from .rules import Rules

TARGETS = {"government": "GovernmentBody", "armed_force": "ArmedForce", "party": "PoliticalParty",
           "country": "Country"}


def _alt(words) -> str:
    alternation = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True) if w)
    return f"(?:{alternation or '(?!)'})"


@dataclass
class Countries:
    """The countries of the registry and the rules: their names, demonyms, capitals and bodies."""

    known: Knowledge
    rules: Rules

    def __post_init__(self) -> None:
        names = {n: e.id for e in self.known.entities.values() if e.type == "Country" for n in e.names}
        for country, more in self.rules.table("country_names").items():
            names.update({n: country for n in more})
        self.names = names
        self.demonyms = self.rules.table("demonyms")
        self.capitals = self.rules.table("metonyms")

    def of_text(self, text: str) -> str | None:
        """The country a phrase names by a country name, a demonym or a capital."""
        for table in (self.names, self.demonyms, self.capitals):
            for word in sorted(table, key=len, reverse=True):
                if re.search(rf"(?<!\w){re.escape(fold(word))}(?!\w)", fold(text)):
                    return table[word]
        return None

    def body(self, country: str, kind: str) -> str | None:
        """The registry's top entity of ``kind`` (GovernmentBody, ArmedForce…) for ``country``.
        A government is also found by its name when the registry lacks the country itself."""
        if kind == "GovernmentBody":
            return self.known.government_of(country) or self._government_named(country)
        tops = [e for e in self.known.entities.values() if e.type == kind and e.country == country
                and not any(self.known.entities[p].type == kind for p in e.part_of
                            if p in self.known.entities)]
        if len(tops) > 1 and kind == "ArmedForce":
            # A unit may stand in the registry on its own (the presidential guard, with no sourced
            # partOf): "Venezuela's military" is the force named by a military noun.
            nouns = [fold(n).lower() for n in self.rules.words("military_nouns")]
            tops = [e for e in tops if any(n in fold(name).lower() for name in e.names for n in nouns)]
        return tops[0].id if len(tops) == 1 else None

    def _government_named(self, country: str) -> str | None:
        names = [fold(n).lower() for n, c in self.names.items() if c == country]
        named = [e.id for e in self.known.entities.values() if e.type == "GovernmentBody"
                 and not e.part_of and any(n in fold(name).lower() for name in e.names for n in names)]
        return named[0] if len(named) == 1 else None


def government_links(text: str, doc, links: list[Link], known: Knowledge, rules: Rules) -> list[Link]:
    """``links`` with acting countries made their government, plus the phrases that name a
    government, armed force or party by its country or leader (these may contain a name link)."""
    countries = Countries(known, rules)
    phrases = _phrases(text, links, countries, known, rules)
    acting = _acting(text, doc, links, known, rules)
    out = []
    for link in links:
        country = link.entity[1:] if link.entity.startswith("@") else link.entity
        acts = link in acting or link.entity.startswith("@")  # "@": a capital acting
        named = any(p.start <= link.start and link.end <= p.end for p in phrases)  # "Cuba’s … government"
        government = countries.body(country, "GovernmentBody") if acts and not named else None
        out.append(Link(link.start, link.end, government, "metonym", 0.7) if government else link)
    return sorted(out + phrases, key=lambda t: (t.start, -t.end))


def _phrases(text: str, links: list[Link], countries: Countries, known: Knowledge,
             rules: Rules) -> list[Link]:
    persons = [text[t.start:t.end] for t in links
               if t.entity in known.entities and known.entities[t.entity].is_person]
    slots = {"country": _alt(countries.names), "demonym": _alt(countries.demonyms),
             "capital": _alt(countries.capitals), "person": _alt(persons),
             "government": _alt(rules.words("government_nouns")),
             "military": _alt(rules.words("military_nouns")), "s": "(?:’s|'s|’|')",
             "adj": r"(?:[a-z]+ )?"}
    found: list[Link] = []
    for target, templates in rules.table("country_phrases").items():
        for template in templates:
            pattern = re.compile(rf"(?<!\w){template.format(**slots)}(?!\w)")
            for m in pattern.finditer(text):
                start, end = m.span("link") if "link" in m.groupdict() else m.span()
                entity = _named(text[start:end], start, end, target, links, countries, known)
                if entity and not any(t.start < end and start < t.end and t.entity == entity
                                      for t in found + links):
                    found.append(Link(start, end, entity, "government", 0.7))
    return found


def _named(phrase: str, start: int, end: int, target: str, links: list[Link],
           countries: Countries, known: Knowledge) -> str | None:
    """The body a phrase names: by the country it names, else by the leader it names."""
    country = countries.of_text(phrase)
    if country is None:
        leader = next((known.entities[t.entity] for t in links if start <= t.start and t.end <= end
                       and t.entity in known.entities and known.entities[t.entity].is_person), None)
        country = leader.country if leader else None
    if country and target == "country":  # "the brave Venezuelan people"
        return country if country in known.entities else None
    return countries.body(country, TARGETS[target]) if country else None


def _acting(text: str, doc, links: list[Link], known: Knowledge, rules: Rules) -> set[Link]:
    """The country links that act: a subject, the possessor of a government's attribute, the
    addressee of talks."""
    countries = [t for t in links if t.entity in known.entities
                 and known.entities[t.entity].type == "Country"]
    if doc.has_annotation("DEP"):
        return {t for t in countries if _acts_parsed(doc, t, rules)}
    return {t for t in countries if _acts_unparsed(text, t, rules)}


def _acts_parsed(doc, link: Link, rules: Rules) -> bool:
    span = doc.char_span(link.start, link.end, alignment_mode="expand")
    if span is None:
        return False
    head = span.root
    possessions = {w.lower() for w in rules.words("government_possessions")}
    addressed = {w.lower() for w in rules.words("addressee_verbs")}
    if head.dep_ in ("nsubj", "nsubjpass") and head.head.pos_ == "VERB":
        return True
    if head.dep_ == "poss" and head.head.text.lower() in possessions:
        return True
    verb = head.head.head if head.dep_ == "pobj" and head.head.text.lower() in ("to", "with") else head.head
    return head.dep_ in ("dobj", "pobj") and verb.text.lower() in addressed


def _acts_unparsed(text: str, link: Link, rules: Rules) -> bool:
    """Without a parser: the country opens a clause and a verb follows ("Cuba retira", "Cuba ha
    comenzado"), not a preposition or conjunction."""
    before = text[max(0, link.start - 4):link.start]
    opens = link.start == 0 or bool(re.search(r"(?:^|\n|[-–—«“\"]\s*|[.;:]\s+)$", before))
    after = re.match(r"\s+(\w+)", text[link.end:])
    function = {w.lower() for w in rules.words("function_words")}
    return opens and after is not None and after.group(1).islower() and after.group(1) not in function
