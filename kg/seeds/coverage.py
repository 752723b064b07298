"""Completeness check: every sentence of an article is annotated or deliberately skipped.

The annotation guide asks curators to read the article paragraph by paragraph next to the
annotation; this makes that check mechanical, so a forgotten sentence fails the test suite.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .annotations import Article

_BOUNDARY = re.compile(r"(?<![A-Z]\.[A-Z]\.)(?<=[.!?”\"])\s+(?=[A-Z“\"'‘(])")
COVERING_SECTIONS = ("roles", "events", "agreements", "claims", "skipped")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


def sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences (one per line at least), keeping their offsets.

    >>> [s.text for s in sentences("The U.S. Naval Academy said no. Cuba said yes.\\nTitle")]
    ['The U.S. Naval Academy said no.', 'Cuba said yes.', 'Title']
    """
    out = []
    offset = 0
    for line in text.split("\n"):
        start = 0
        for match in _BOUNDARY.finditer(line):
            out.append(_sentence(line, offset, start, match.start()))
            start = match.end()
        out.append(_sentence(line, offset, start, len(line)))
        offset += len(line) + 1
    return [s for s in out if s.text.strip()]


def _sentence(line: str, offset: int, start: int, end: int) -> Sentence:
    return Sentence(offset + start, offset + end, line[start:end])


def uncovered(article: Article) -> list[Sentence]:
    """Sentences of ``article`` that no claim, event, agreement, role or skip overlaps."""
    spans = [
        span for loc, span in article.spans.items() if loc[0] in COVERING_SECTIONS
    ]
    return [
        s for s in sentences(article.text)
        if not any(span.start < s.end and s.start < span.end for span in spans)
    ]
