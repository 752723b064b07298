"""``kg check`` for provenance: every registry fact has a source, every curator inference and
suspected origin its evidence, and every quote they cite is in the article they name."""

from __future__ import annotations

from collections.abc import Container, Iterator

from .corpus import Article, Source
from .evidence import locate
from .schema import Entity, Registry
from .sourcing import REGISTRY_FIELDS, ArticleQuote


def check_provenance(registry: Registry, src: Source, articles: list[Article],
                     events: Container[str], agreements: Container[str]) -> list[str]:
    """Unsourced registry facts, dangling inferences and origins, as ``file:line: field: msg``."""
    by_id = {a.meta.id: a for a in articles}
    errors: list[str] = []
    for i, entity in enumerate(registry.entities):
        errors += [f"{src.where(loc)}: {loc[-1]}: {msg}" for loc, msg in _sources(entity, i, by_id)]
    entities = {e.id for e in registry.entities}
    for i, inference in enumerate(registry.inferences):
        loc = ("inferences", i)
        for name in ("subject", "object"):
            slug = getattr(inference, name)
            if slug not in events and slug not in agreements and slug not in entities:
                errors.append(f"{src.where((*loc, name))}: {name}: unknown event, agreement or "
                              f"entity {slug!r}")
        for j, quote in enumerate(inference.evidence):
            if (problem := _unquoted(quote, by_id)) is not None:
                errors.append(f"{src.where((*loc, 'evidence', j, 'quote'))}: quote: {problem}")
    for article in articles:
        errors += _origins(article, events, by_id)
    return errors


def stated_facts(entity: Entity) -> set[str]:
    """The ``field`` / ``field:value`` keys of what the entity's record states."""
    facts = {name for name in ("description", "country", "location", "size")
             if getattr(entity, name) not in (None, {}, [])}
    facts |= {f"partOf:{v}" for v in entity.partOf} | {f"memberOf:{v}" for v in entity.memberOf}
    return facts | {f"holds:{h.post}" for h in entity.holds}


def covers(about: str, fact: str) -> bool:
    """``memberOf`` covers ``memberOf:psuv``; ``memberOf:psuv`` covers only itself."""
    return fact == about or fact.startswith(about + ":")


def _sources(entity: Entity, i: int, by_id: dict[str, Article]) -> Iterator[tuple[tuple, str]]:
    facts = stated_facts(entity)
    for j, source in enumerate(entity.sources):
        for about in source.about:
            if about.split(":", 1)[0] not in REGISTRY_FIELDS:
                yield ("entities", i, "sources", j, "about"), \
                    f"{about!r} is not a fact field ({', '.join(REGISTRY_FIELDS)})"
            elif not any(covers(about, fact) for fact in facts):
                yield ("entities", i, "sources", j, "about"), f"the entity states no {about!r}"
        if source.article is not None and source.quote is not None:
            problem = _unquoted(ArticleQuote(article=source.article, quote=source.quote,
                                             occurrence=source.occurrence), by_id)
            if problem:
                yield ("entities", i, "sources", j, "quote"), problem
    for fact in sorted(facts):
        if not any(covers(about, fact) for s in entity.sources for about in s.about):
            field = fact.split(":", 1)[0]
            yield ("entities", i, field), (
                f"{fact!r} has no source: cite the article quote that states it, or give "
                "ref + note as background knowledge (sources)")


def _unquoted(quote: ArticleQuote, by_id: dict[str, Article]) -> str | None:
    article = by_id.get(quote.article)
    if article is None:
        return f"no article {quote.article!r}"
    try:
        locate(article.text, quote.quote, quote.occurrence)
    except ValueError as exc:
        return f"{exc} (article {quote.article})"
    return None


def _origins(article: Article, events: Container[str], by_id: dict[str, Article]) -> list[str]:
    ann, src = article.annotation, article.file
    claims = {c.id for c in ann.claims}
    claimed: dict[str, int] = {}
    errors = []
    for i, origin in enumerate(ann.origins):
        if origin.report not in events:
            errors.append(f"{src.where(('origins', i, 'report'))}: report: unknown event {origin.report!r}")
        for j, slug in enumerate([] if origin.claims == "all" else origin.claims):
            where = src.where(("origins", i, "claims", j))
            if slug not in claims:
                errors.append(f"{where}: claims: unknown claim {slug!r}")
            elif claimed.setdefault(slug, i) != i:
                errors.append(f"{where}: claims: {slug} already traces to origin {claimed[slug] + 1}")
        for j, evidence in enumerate(origin.evidence):
            for k, ref in enumerate(evidence.matches):
                other, _, claim = ref.partition("/")
                if other not in by_id or claim not in {c.id for c in by_id[other].annotation.claims}:
                    where = src.where(("origins", i, "evidence", j, "matches", k))
                    errors.append(f"{where}: matches: unknown claim {ref!r} (<article>/<claim>)")
    alls = [i for i, o in enumerate(ann.origins) if o.claims == "all"]
    if len(alls) > 1:
        errors.append(f"{src.where(('origins', alls[1], 'claims'))}: claims: only one origin may "
                      "cover all claims")
    return errors
