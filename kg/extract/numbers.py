"""Counts as the article writes them: digits or number words (rules data), e.g. the dead of a
killing ("32 Cubans were killed", "the death of 32 Cuban personnel", "murieron 32 cubanos")."""

from __future__ import annotations

import re

from .rules import Rules


def number_value(word: str, rules: Rules) -> int | None:
    if word.isdecimal():
        return int(word)
    return {k.lower(): v for k, v in rules.table("numbers").items()}.get(word.lower())


def count_before(text: str, start: int, end: int, rules: Rules) -> int | None:
    """The number next to a fatality word in ``text[start:end]`` (within three words)."""
    deaths = "|".join(map(re.escape, rules.words("fatality_words")))
    span = text[start:end]
    for m in re.finditer(rf"(?<!\w)({deaths})(?!\w)", span, re.IGNORECASE):
        near = re.findall(r"[\w]+", span[max(0, m.start() - 40):m.start()])[-4:]
        near += re.findall(r"[\w]+", span[m.end():m.end() + 30])[:4]
        for word in near:
            value = number_value(word, rules)
            if value is not None and value > 1:
                return value
    return None
