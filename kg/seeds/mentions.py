"""Entity mentions: explicit ones from the annotation, plus every registry alias in the text.

Explicit mentions win (they resolve what aliases cannot: a bare "Rodriguez", "Havana" meaning
the government); then longer aliases win over shorter ones, and spans never overlap.
"""

from __future__ import annotations

import re
from collections import defaultdict

from .annotations import Article
from .evidence import Span, span_at
from .schema import Registry


def find_mentions(article: Article, registry: Registry) -> list[tuple[str, Span]]:
    """Every (entity or source id, span) mentioned in ``article``, in reading order."""
    taken: list[tuple[str, Span]] = []
    for i, mention in enumerate(article.annotation.mentions):
        taken.append((mention.entity, article.spans[("mentions", i)]))
    for i, source in enumerate(article.annotation.sources):
        _take(taken, source.id, article.spans[("sources", i)])
    for pattern, slug in _aliases(registry).present_in(article.text):
        for match in pattern.finditer(article.text):
            _take(taken, slug, span_at(article.text, match.start(), match.end()))
    return sorted(taken, key=lambda item: item[1].start)


class Aliases:
    """The registry's (alias, entity id) pairs, longest alias first so "Delcy Rodríguez" beats
    "Rodríguez", each with its compiled whole-word pattern.

    Trying every alias on every article costs articles × registry (quadratic: the registry grows
    with the corpus). An alias can only match where its first word is a whole word of the text,
    so :meth:`present_in` tries just the aliases whose first word the text has.
    """

    def __init__(self, registry: Registry):
        pairs = sorted({(name, e.id) for e in registry.entities
                        for name in [*e.aliases, *e.label.values()]},
                       key=lambda pair: (-len(pair[0]), pair))
        self.patterns = [(re.compile(rf"(?<!\w){re.escape(alias)}(?!\w)"), slug)
                         for alias, slug in pairs]
        self.by_word: dict[str, list[int]] = defaultdict(list)
        self.always: list[int] = []  # aliases that do not start with a word character
        for i, (alias, _) in enumerate(pairs):
            first = _WORD.match(alias)
            (self.by_word[first.group()] if first else self.always).append(i)

    def present_in(self, text: str) -> list[tuple[re.Pattern, str]]:
        found = set(self.always)
        for word in set(_WORD.findall(text)):
            found.update(self.by_word.get(word, ()))
        return [self.patterns[i] for i in sorted(found)]


_WORD = re.compile(r"\w+")
_LAST: list[tuple[Registry, Aliases]] = []


def _aliases(registry: Registry) -> Aliases:
    """The registry's aliases, built once per registry object: a build has one registry, so
    only the last one is kept (forked workers inherit it)."""
    if not _LAST or _LAST[0][0] is not registry:
        _LAST[:] = [(registry, Aliases(registry))]
    return _LAST[0][1]


def _take(taken: list[tuple[str, Span]], slug: str, span: Span) -> None:
    if not any(s.start < span.end and span.start < s.end for _, s in taken):
        taken.append((slug, span))

