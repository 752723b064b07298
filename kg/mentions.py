"""Entity mentions: explicit ones from the annotation, plus every registry alias in the text.

Explicit mentions win (they resolve what aliases cannot: a bare "Rodriguez", "Havana" meaning
the government); then longer aliases win over shorter ones, and spans never overlap.
"""

from __future__ import annotations

import re

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
    for alias, slug in _aliases(registry):
        for match in re.finditer(rf"(?<!\w){re.escape(alias)}(?!\w)", article.text):
            _take(taken, slug, span_at(article.text, match.start(), match.end()))
    return sorted(taken, key=lambda item: item[1].start)


def _aliases(registry: Registry) -> list[tuple[str, str]]:
    """(alias, entity id) pairs, longest alias first so "Delcy Rodríguez" beats "Rodríguez"."""
    pairs = {
        (name, e.id) for e in registry.entities for name in [*e.aliases, *e.label.values()]
    }
    return sorted(pairs, key=lambda pair: (-len(pair[0]), pair))


def _take(taken: list[tuple[str, Span]], slug: str, span: Span) -> None:
    if not any(s.start < span.end and span.start < s.end for _, s in taken):
        taken.append((slug, span))

