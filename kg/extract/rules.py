"""The rules of extraction as data: one YAML file per language in ``kg/extract/rules/``.

A curator extends a lexicon by editing ``rules/<lang>.yaml``; nothing here needs to change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from kg.errors import KGError

RULES_DIR = Path(__file__).parent / "rules"
LANGUAGES = ("en", "es")


@dataclass(frozen=True)
class Rules:
    """One language's rules, with the lexicons turned into lookups the stages use."""

    language: str
    data: dict[str, Any]
    cue_stance: dict[str, str]  # folded cue phrase → stance

    def words(self, key: str) -> list[str]:
        words = list(self.data.get(key) or [])
        odd = next((w for w in words if not isinstance(w, str)), None)
        if odd is not None:  # YAML reads a bare on/no/yes as a boolean: quote it
            raise KGError(f"{RULES_DIR / self.language}.yaml: {key}: {odd!r} is not a word (quote it)")
        return words

    def table(self, key: str) -> dict[str, Any]:
        return dict(self.data.get(key) or {})

    def phrase_pattern(self, key: str) -> re.Pattern | None:
        """A whole-word, case-insensitive alternation of a list of phrases (longest first)."""
        return phrase_pattern(self.words(key))


def phrase_pattern(phrases: list[str]) -> re.Pattern | None:
    if not phrases:
        return None
    alternation = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)", re.IGNORECASE)


@cache
def load_rules(language: str) -> Rules:
    """The rules of ``language`` (``en`` or ``es``)."""
    if language not in LANGUAGES:
        raise KGError(f"--lang: {language!r} is not supported (use one of {', '.join(LANGUAGES)})")
    data = yaml.safe_load((RULES_DIR / f"{language}.yaml").read_text(encoding="utf-8"))
    cues = {phrase.lower(): stance for stance, phrases in data["cues"].items() for phrase in phrases}
    return Rules(language, data, cues)
