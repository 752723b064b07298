"""Entity links: every mention of a registry entity, whatever the spelling or language.

In order: registry names (labels in every language and aliases, matched without regard to
accents), the language's extra spellings and role phrases (rules data, and the roles the corpus
records: "interim president" → its holder), capitals acting as their government ("Havana
acknowledged"), and bare surnames resolved to the person the article last named with that
surname — never to a person the article has not named when two share it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .knowledge import Knowledge, fold
from .rules import Rules


@dataclass(frozen=True)
class Link:
    start: int
    end: int
    entity: str
    kind: str  # name, alias, role, metonym, surname, pronoun, new
    confidence: float


@dataclass(frozen=True)
class Name:
    text: str
    entity: str
    kind: str
    ignore_case: bool = False


def gazetteer(known: Knowledge, rules: Rules) -> list[Name]:
    """Every name a mention can have, longest first."""
    names = []  # on equal length the earlier kind wins: metonyms, roles, aliases, names
    for text, country in rules.table("metonyms").items():
        place = next((e.id for e in known.entities.values() if e.type == "City"
                      and fold(text) in map(fold, e.names)), None)
        names.append(Name(text, place or f"@{country}", "metonym"))
    names += _role_names(known, rules)
    names += [Name(text, target, "alias") for text, target in rules.table("aliases").items()
              if target in known.entities]
    names += [Name(n, e.id, "name") for e in known.entities.values() for n in e.names]
    return sorted(names, key=lambda n: -len(n.text))


def _role_names(known: Knowledge, rules: Rules) -> list[Name]:
    """Role phrases whose holder is unambiguous: the corpus's own, then the language's."""
    names = [Name(role, next(iter(ids)), "role", True) for role, ids in known.holders.items()
             if len(ids) == 1 and len(role.split()) > 1]
    for phrase, role in rules.table("roles").items():
        ids = known.holders.get(role.lower(), set())
        if len(ids) == 1:
            names.append(Name(phrase, next(iter(ids)), "role", True))
    return names


def link_names(text: str, names: list[Name]) -> list[Link]:
    """Non-overlapping matches of ``names`` in ``text``, longest name first."""
    folded = fold(text)
    taken: list[Link] = []
    for name in names:
        flags = re.IGNORECASE if name.ignore_case else 0
        for m in re.finditer(rf"(?<!\w){re.escape(fold(name.text))}(?!\w)", folded, flags):
            if not any(t.start < m.end() and m.start() < t.end for t in taken):
                taken.append(Link(m.start(), m.end(), name.entity, name.kind, _CONFIDENCE[name.kind]))
    return sorted(taken, key=lambda link: link.start)


_CONFIDENCE = {"name": 0.95, "alias": 0.9, "role": 0.8, "metonym": 0.8, "surname": 0.75,
               "pronoun": 0.6, "new": 0.5}


def resolve_metonyms(text: str, links: list[Link], known: Knowledge, rules: Rules) -> list[Link]:
    """A capital acts as its government unless a place preposition keeps it a place."""
    places = {w.lower() for w in rules.words("place_prepositions")}
    movers = {w.lower() for w in rules.words("movement_verbs")}
    countries = {fold(k): v for k, v in rules.table("metonyms").items()}
    out = []
    for link in links:
        if link.kind != "metonym":
            out.append(link)
            continue
        before = re.findall(r"\w+", text[max(0, link.start - 40):link.start].lower())[-2:]
        is_place = bool(before) and (before[-1] in places or
                                     (before[-1] in ("from", "de", "desde") and
                                      len(before) > 1 and before[0] in movers))
        country = countries.get(fold(text[link.start:link.end]), "")
        government = known.government_of(country) if country else None
        if is_place and not link.entity.startswith("@"):
            out.append(Link(link.start, link.end, link.entity, "name", 0.85))
        elif not is_place:  # "@country" when the registry has no government of it by country
            out.append(Link(link.start, link.end, government or f"@{country}", "metonym", 0.75))
    return out


def surnames(known: Knowledge) -> dict[str, set[str]]:
    """Folded surname → the persons who have it (last word; a middle word of three-word names,
    for Spanish double surnames)."""
    table: dict[str, set[str]] = {}
    for e in known.entities.values():
        if not e.is_person:
            continue
        for name in e.names:
            words = name.replace("“", " ").replace("”", " ").split()
            picks = words[-1:] + (words[1:2] if len(words) >= 3 else []) if len(words) > 1 else []
            for word in picks:
                table.setdefault(fold(word), set()).add(e.id)
    return table


def resolve_surnames(text: str, links: list[Link], known: Knowledge) -> list[Link]:
    """Bare surnames: of the persons with that surname the article has named so far, the one it
    named most often (on a tie, the one it named first); before any is named, the first named
    after; with none named, the registry's only person of that surname, if only one. A surname
    two named persons share is drafted with a lower confidence, for the curator to check."""
    table, out = surnames(known), list(links)
    for surname, persons in table.items():
        for m in re.finditer(rf"(?<![\w-]){re.escape(surname)}(?![\w-])", fold(text)):
            if any(t.start < m.end() and m.start() < t.end for t in out):
                continue
            person = _antecedent(out, persons, m.start())
            if person is None and len(persons) == 1:
                person = next(iter(persons))
            named = {t.entity for t in out if t.entity in persons}
            if person is not None:
                out.append(Link(m.start(), m.end(), person, "surname", 0.5 if len(named) > 1 else 0.75))
    return sorted(out, key=lambda link: link.start)


def _antecedent(links: list[Link], persons: set[str], at: int) -> str | None:
    before = sorted((t for t in links if t.entity in persons and t.end <= at), key=lambda t: t.start)
    if before:
        counts = {p: sum(t.entity == p for t in before) for p in persons}
        first = {p: next((i for i, t in enumerate(before) if t.entity == p), len(before)) for p in persons}
        return max(persons, key=lambda p: (counts[p], -first[p]))
    after = [t for t in links if t.entity in persons]
    return min(after, key=lambda t: t.start).entity if after else None
