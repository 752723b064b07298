"""``kg check`` for dates across articles: a part cannot begin before what it is part of, and
the registry, which has no publication date, holds no date relative to one."""

from __future__ import annotations

from collections import defaultdict

from .corpus import Article, Source
from .dates import Bounds, resolve
from .schema import Registry


def check_timing(registry: Registry, src: Source, articles: list[Article]) -> list[str]:
    errors = []
    for i, entity in enumerate(registry.entities):
        for j, holding in enumerate(entity.holds):
            for name in ("start", "end"):
                spec = getattr(holding, name)
                if spec is not None and spec.relative:
                    errors.append(f"{src.where(('entities', i, 'holds', j, name))}: {name}: the "
                                  "registry has no publication date: no inferred, ongoing or after")
    return errors + _parts_before_wholes(articles)


def published_day(article: Article) -> str:
    return article.meta.published[:10]


def event_bounds(articles: list[Article]) -> dict[str, list[tuple[Article, Bounds]]]:
    """Every dating of every event, with the article that gives it."""
    found: dict[str, list[tuple[Article, Bounds]]] = defaultdict(list)
    for article in articles:
        for event in article.annotation.events:
            if event.date is not None:
                found[event.id].append((article, resolve(event.date, published_day(article)).bounds))
    return found


def _parts_before_wholes(articles: list[Article]) -> list[str]:
    dated = event_bounds(articles)
    errors = []
    for article in articles:
        for i, event in enumerate(article.annotation.events):
            for j, whole in enumerate(event.partOf):
                for part_article, part in dated.get(event.id, ()):
                    for whole_article, bounds in dated.get(whole, ()):
                        began = part.completed().latest_begin
                        start = bounds.completed().earliest_begin
                        if began and start and began < start:
                            where = article.file.where(("events", i, "partOf", j))
                            errors.append(
                                f"{where}: partOf: {event.id} began by {began} ({part_article.meta.id}) "
                                f"but {whole} not before {start} ({whole_article.meta.id}): a part "
                                "cannot begin before the whole; check both dates")
    return errors
