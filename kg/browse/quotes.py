"""An evidence quote inside its sentence: ``oa:start``/``oa:end`` cut the article text.

Sentences end at ``.``, ``!`` or ``?`` (and closing quotes) before a space and a capital, or at a
line break; initials such as "U.S." do not end one. Good enough to show a reader the context.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import pyoxigraph as ox

from kg.store.oxigraph import Store

from .sparql import select

_END = re.compile(r"""(?<![A-Z]\.[A-Z])(?<!\b[A-Z])(?<!\bMr)(?<!\bDr)(?<!\bSt)[.!?]["'”’)]*"""
                  r"""(?=\s+["'“‘(]?[A-Z0-9])|\n""")
TEXTS = "SELECT ?article ?text WHERE { %(article)s ?article schema:text ?text }"
MAX_CONTEXT = 300  # characters either side; longer sentences are cut with an ellipsis


@dataclass(frozen=True)
class Quote:
    """A quote and the rest of its sentence; ``start``/``end`` index the article text."""

    before: str
    exact: str
    after: str
    start: int
    end: int
    key: str  # the evidence key, which is also the element id in the article view


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The start and end of the sentence(s) that ``text[start:end]`` lies in.

    >>> text = "First one. The U.S. said no. Last."
    >>> text[slice(*sentence_bounds(text, 15, 19))]
    'The U.S. said no.'
    """
    ends = _sentence_ends(text)
    before = bisect_right(ends, start) - 1
    after = bisect_left(ends, end)
    begin = ends[before] if before >= 0 else 0
    finish = ends[after] if after < len(ends) else len(text)
    return _skip_space(text, begin), max(finish, end)


@lru_cache(maxsize=64)
def _sentence_ends(text: str) -> tuple[int, ...]:
    """Where each sentence of ``text`` ends (computed once per article text)."""
    return tuple(match.end() for match in _END.finditer(text))


def _skip_space(text: str, at: int) -> int:
    while at < len(text) and text[at].isspace():
        at += 1
    return at


def in_sentence(text: str, start: int, end: int, key: str) -> Quote:
    """The quote ``text[start:end]`` with the rest of its sentence before and after it."""
    begin, finish = sentence_bounds(text, start, end)
    before, after = text[begin:start], text[end:finish].rstrip()
    if len(before) > MAX_CONTEXT:
        before = "…" + before[-MAX_CONTEXT:]
    if len(after) > MAX_CONTEXT:
        after = after[:MAX_CONTEXT] + "…"
    return Quote(before, text[start:end], after, start, end, key)


def article_texts(store: Store, articles: Iterable[str]) -> dict[str, str]:
    """The full text of each article IRI in ``articles`` (what evidence offsets index)."""
    wanted = sorted(set(articles))
    if not wanted:
        return {}
    rows = select(store, TEXTS, article=[ox.NamedNode(a) for a in wanted])
    return {row["article"].value: row["text"].value for row in rows}
