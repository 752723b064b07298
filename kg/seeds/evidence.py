"""Locate a verbatim quote in an article and describe it the way W3C Web Annotation does."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

CONTEXT = 32
"""Characters of prefix and suffix kept around a quote (oa:prefix / oa:suffix)."""


@dataclass(frozen=True)
class Span:
    """``text[start:end] == exact``: offsets are Python ``str`` indices (Unicode code points)."""

    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


def locate(text: str, quote: str, occurrence: int | None = None) -> Span:
    """Find ``quote`` in ``text``: it must be unique unless ``occurrence`` (1-based) picks one.

    >>> locate("a cat and a cat", "cat", 2).start
    12
    >>> locate("a cat", "a ca")
    Span(start=0, end=4, exact='a ca', prefix='', suffix='t')
    """
    starts = _all_starts(text, quote)
    if not starts:
        guess = nearest_span(text, quote)
        hint = f"; did you mean {_short(guess)}?" if guess else ""
        raise ValueError(f"{_short(quote)} is not in the article text{hint}")
    if occurrence is None and len(starts) > 1:
        raise ValueError(f"{_short(quote)} occurs {len(starts)} times; add occurrence: N")
    if occurrence is not None and occurrence > len(starts):
        raise ValueError(f"{_short(quote)} occurs only {len(starts)} times, not {occurrence}")
    start = starts[(occurrence or 1) - 1]
    return span_at(text, start, start + len(quote))


def span_at(text: str, start: int, end: int) -> Span:
    """The span ``text[start:end]`` with up to :data:`CONTEXT` characters either side."""
    return Span(start, end, text[start:end], text[max(0, start - CONTEXT) : start],
                text[end : end + CONTEXT])


def nearest_span(text: str, quote: str) -> str | None:
    """The run of whole words of ``text`` most like ``quote`` (difflib), if any is close.

    Candidates are the runs of as many words as the quote has, one fewer or one more, so a
    mistyped word, a straight quote for a curly one or a dropped word are all found.

    >>> nearest_span("Eleven sources familiar with it said so.", "Twelve sources familiar with it")
    'Eleven sources familiar with it'
    >>> nearest_span("Havana’s influence is waning", "Havana's influence")
    'Havana’s influence'
    >>> nearest_span("nothing like it here", "completely different words") is None
    True
    """
    words = [m.span() for m in re.finditer(r"\S+", text)]
    size = len(quote.split())
    spans = {text[words[i][0]:words[i + n - 1][1]]
             for n in range(max(1, size - 1), size + 2) for i in range(len(words) - n + 1)}
    close = difflib.get_close_matches(quote, spans, n=1, cutoff=0.75)
    return close[0] if close else None


def _all_starts(text: str, quote: str) -> list[int]:
    starts, at = [], text.find(quote)
    while at != -1:
        starts.append(at)
        at = text.find(quote, at + 1)
    return starts


def _short(quote: str) -> str:
    return repr(quote if len(quote) <= 60 else quote[:57] + "...")
