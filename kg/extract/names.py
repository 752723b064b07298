"""Names a text gives besides the model's named entities (rules data per language):

- an acronym in parentheses: "the military intelligence service (DIM)" (its type from the words
  before it: "intelligence" → IntelligenceAgency);
- social-media handles, web domains and the names of a credit line ("Image by © X / @MinfarC -
  presidencia.gob.ve");
- unnamed groups by nationality: "Cuban instructors", "Cuban-trained agents", "Cuban state media"
  (English; the nouns are rules data), and the unnamed groups the rules list ("human rights
  organizations").
"""

from __future__ import annotations

import re

from .rules import Rules, phrase_pattern

_ACRONYM = re.compile(r"\(([A-Z][A-Z0-9]{1,7})\)")
_HANDLE = re.compile(r"(?<![\w@])@\w{2,30}")
_DOMAIN = re.compile(r"(?<![\w.@/])[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|gov|gob|int|edu)"
                     r"(?:\.[a-z]{2})?(?![\w.])|(?<![\w.@/])[a-z0-9-]+\.(?:ve|cu|co|mx)(?![\w.])")


def other_names(text: str, rules: Rules) -> list[tuple[int, int, str]]:
    """(start, end, type) of acronyms, handles, domains and groups."""
    found = [(m.start(1), m.end(1), _typed(text[max(0, m.start() - 60):m.start()], rules))
             for m in _ACRONYM.finditer(text)]
    credits = (*_HANDLE.finditer(text), *_DOMAIN.finditer(text))
    found += [(m.start(), m.end(), "Organization") for m in credits]
    found += [(start, end, "Organization") for start, end in _credited(text, rules)]
    return found + groups(text, rules)


def _credited(text: str, rules: Rules):
    """The names of a credit line: after a credit mark ("Image by ©"), the items between "/"
    and " - " (short ones, that start with a capital)."""
    mark = phrase_pattern(rules.words("credit_marks"))
    for m in mark.finditer(text) if mark else ():
        line_end = text.find("\n", m.end())
        line = text[m.end():line_end if line_end >= 0 else len(text)]
        at = m.end()
        for item in re.split(r"(\s*/\s*|\s+-\s+)", line):
            name = re.sub(r"\s+(?:19|20)\d\d$", "", item.strip())  # "© CubaHeadlines 2026"
            if name and name[0].isupper() and len(name.split()) <= 4 and not re.fullmatch(r"[/\s-]+", item):
                start = at + item.index(name)
                yield start, start + len(name)
            at += len(item)


def _typed(description: str, rules: Rules) -> str:
    """The type the words before an acronym give it ("intelligence service" → IntelligenceAgency)."""
    words = description.lower().split()[-5:]
    for kind, keys in rules.table("entity_types").items():
        if any(k.lower() in words for k in keys):
            return kind
    return "Organization"


def groups(text: str, rules: Rules) -> list[tuple[int, int, str]]:
    """"Cuban instructors", "Cuban-trained agents", "Cuban state media": a nationality and a
    group noun (with up to two words between)."""
    table = rules.table("group_nouns")
    demonyms = [d for d in rules.table("demonyms") if d[:1].isupper()] or ["(?!)"]
    nationality = "|".join(map(re.escape, sorted(demonyms, key=len, reverse=True)))
    found = [(m.start(), m.end(), "Group") for m in _phrases(text, rules.words("unnamed_groups"))]
    for kind, nouns in table.items():
        noun = "|".join(map(re.escape, sorted(nouns, key=len, reverse=True)))
        pattern = re.compile(rf"(?<![\w-])(?:{nationality})(?:-[a-z]+)?(?: [a-z]+){{0,2}}? "
                             rf"(?:{noun})(?![\w-])")
        found += [(m.start(), m.end(), kind) for m in pattern.finditer(text)]
    return found


def _phrases(text: str, phrases: list[str]):
    pattern = phrase_pattern(phrases)
    return pattern.finditer(text) if pattern else iter(())
