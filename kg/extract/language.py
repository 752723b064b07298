"""Which language an article is in: English or Spanish, by their function words (rules data)."""

from __future__ import annotations

import re

from .rules import LANGUAGES, load_rules

_WORD = re.compile(r"\w+")


def detect_language(text: str) -> str:
    """``en`` or ``es``: the language whose stop words cover more of the text's words.

    >>> detect_language("El canciller dijo que la relación es de hermandad.")
    'es'
    >>> detect_language("The minister said that the relationship is close.")
    'en'
    """
    words = [w.lower() for w in _WORD.findall(text)]
    scores = {lang: sum(w in set(load_rules(lang).words("stopwords")) for w in words)
              for lang in LANGUAGES}
    return max(LANGUAGES, key=lambda lang: (scores[lang], lang == "en"))
