"""Cross-file checks: every id a file names exists, ids are unique, shared events agree."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Container, Iterable
from functools import partial

from .corpus import AUTHOR, Article, RegistryFiles, Source
from .provenance import check_provenance
from .rules import check_rules
from .schema import Registry
from .timing import check_timing


class _Ids:
    """The ids each kind of reference may point at."""

    def __init__(self, registry: Registry, articles: list[Article]):
        self.entities = {e.id for e in registry.entities}
        self.posts = {p.id for p in registry.posts}
        self.propositions = {p.id for p in registry.propositions}
        self.events = {e.id for a in articles for e in a.annotation.events}
        self.agreements = {g.id for a in articles for g in a.annotation.agreements}


class _AnyOf:
    """Membership in any of several id sets, without copying them into one: the corpus-wide sets
    (events, agreements) grow with the corpus, and a union per article made the check quadratic."""

    def __init__(self, *sets: Container[str]):
        self.sets = sets

    def __contains__(self, value: object) -> bool:
        return any(value in s for s in self.sets)


Own = tuple[list[str], list[str]]
"""An article's own problems: its dangling or duplicated ids, and the attribution rules it breaks."""


def check_references(registry: Registry, registry_file: RegistryFiles, articles: list[Article],
                     own: Callable[[Article, str, Callable[[], Own]], Own] | None = None) -> list[str]:
    """Return every dangling or duplicated id as ``file:line: field: message``.

    An article's own problems depend on it, the registry and the corpus's event and agreement
    ids only: ``own(article, ids, check)`` may serve them from a cache (``ids`` is a hash of those
    ids), else it returns ``check()``."""
    ids = _Ids(registry, articles)
    errors = _check_registry(registry, registry_file, ids)
    shared = _digest(sorted(ids.events), sorted(ids.agreements)) if own else ""
    found = [(own or _unserved)(a, shared, partial(_own, a, ids, registry)) for a in articles]
    for refs, _ in found:
        errors += refs
    errors += _check_shared_events(articles)
    errors += check_provenance(registry, registry_file, articles, ids.events, ids.agreements)
    errors += check_timing(registry, registry_file, articles)
    for _, rules in found:
        errors += rules
    return errors


def _digest(*lists: list[str]) -> str:
    """One hash of the id lists (hashed once: each article's cache key holds it)."""
    return hashlib.sha256("\n|\n".join("\n".join(ids) for ids in lists).encode()).hexdigest()


def _unserved(article: Article, ids: str, check: Callable[[], Own]) -> Own:
    return check()


def _own(article: Article, ids: _Ids, registry: Registry) -> Own:
    return _check_meta(article, ids) + _check_article(article, ids), check_rules(article, registry)


def _missing(source: Source | RegistryFiles, loc: tuple, values: Iterable[str | None],
             allowed: Container[str], kind: str):
    for i, value in enumerate(values):
        if value is not None and value not in allowed:
            where = source.where((*loc, i)) if isinstance(values, list) else source.where(loc)
            yield f"{where}: {loc[-1]}: unknown {kind} {value!r}"


def _dupes(source: Source, section: str, items: list) -> list[str]:
    counts = Counter(item.id for item in items)
    return [
        f"{source.where((section, i, 'id'))}: id: {item.id!r} is defined {counts[item.id]} times"
        for i, item in enumerate(items)
        if counts[item.id] > 1
    ]


def _check_registry(registry: Registry, src: RegistryFiles, ids: _Ids) -> list[str]:
    errors = _dupes(src, "entities", registry.entities) + _dupes(src, "posts", registry.posts)
    errors += _dupes(src, "propositions", registry.propositions)
    for i, e in enumerate(registry.entities):
        loc = ("entities", i)
        errors += _missing(src, (*loc, "partOf"), e.partOf, ids.entities, "entity")
        errors += _missing(src, (*loc, "memberOf"), e.memberOf, ids.entities, "entity")
        errors += _missing(src, (*loc, "country"), (e.country,), ids.entities, "entity")
        errors += _missing(src, (*loc, "location"), (e.location,), ids.entities, "entity")
        posts = [h.post for h in e.holds]
        errors += _missing(src, (*loc, "holds"), posts, ids.posts, "post")
    for i, p in enumerate(registry.posts):
        errors += _missing(src, ("posts", i, "postIn"), (p.postIn,), ids.entities, "entity")
    about = _AnyOf(ids.entities, ids.events, ids.agreements)
    for i, p in enumerate(registry.propositions):
        errors += _missing(src, ("propositions", i, "about"), p.about, about, "entity or event")
    return errors


def _check_meta(article: Article, ids: _Ids) -> list[str]:
    src, meta = article.meta_file, article.meta
    errors = list(_missing(src, ("outlet",), (meta.outlet,), ids.entities, "entity"))
    errors += _missing(src, ("author",), (meta.author,), ids.entities, "entity")
    errors += _missing(src, ("basedOn",), meta.basedOn, ids.entities, "entity")
    return errors


def _check_article(article: Article, ids: _Ids) -> list[str]:
    ann, src = article.annotation, article.file
    sources = {s.id for s in ann.sources}
    agents = _AnyOf(ids.entities, sources)
    claimants = _AnyOf(ids.entities, sources, {AUTHOR})
    anything = _AnyOf(ids.entities, sources, ids.events, ids.agreements)
    claims = {c.id for c in ann.claims}
    errors = []
    for section in ("sources", "events", "agreements", "claims"):
        errors += _dupes(src, section, getattr(ann, section))
    for i, s in enumerate(ann.sources):
        errors += _missing(src, ("sources", i, "subsetOf"), (s.subsetOf,), sources, "source")
        errors += _missing(src, ("sources", i, "affiliation"), s.affiliation, ids.entities, "entity")
        errors += _missing(src, ("sources", i, "closeTo"), s.closeTo, ids.entities, "entity")
        if s.id in ids.entities:
            errors.append(f"{src.where(('sources', i, 'id'))}: id: {s.id!r} is a registry entity")
    for i, m in enumerate(ann.mentions):
        errors += _missing(src, ("mentions", i, "entity"), (m.entity,), agents, "entity")
    for i, r in enumerate(ann.roles):
        errors += _missing(src, ("roles", i, "holder"), (r.holder,), ids.entities, "entity")
        errors += _missing(src, ("roles", i, "post"), (r.post,), ids.posts, "post")
    for i, e in enumerate(ann.events):
        loc = ("events", i)
        errors += _missing(src, (*loc, "participants"), [p.actor for p in e.participants], agents, "actor")
        errors += _missing(src, (*loc, "place"), (e.place,), ids.entities, "place")
        for name in ("partOf", "causedBy", "followedBy"):
            errors += _missing(src, (*loc, name), getattr(e, name), ids.events, "event")
        for name in ("renamedFrom", "renamedTo"):
            errors += _missing(src, (*loc, name), (getattr(e, name),), ids.entities, "entity")
        errors += _missing(src, (*loc, "agreement"), (e.agreement,), ids.agreements, "agreement")
    for i, g in enumerate(ann.agreements):
        errors += _missing(src, ("agreements", i, "parties"), g.parties, ids.entities, "entity")
        errors += _missing(src, ("agreements", i, "revealedBy"), g.revealedBy, agents, "actor")
        errors += _missing(src, ("agreements", i, "partOf"), g.partOf, ids.agreements, "agreement")
    for i, c in enumerate(ann.claims):
        loc = ("claims", i)
        errors += _missing(src, (*loc, "claimant"), (c.claimant,), claimants, "claimant")
        errors += _missing(src, (*loc, "via"), (c.via,), agents, "actor")
        errors += _missing(src, (*loc, "about"), c.about, anything, "entity, event or agreement")
        errors += _missing(src, (*loc, "proposition"), (c.proposition,), ids.propositions, "proposition")
        errors += _missing(src, (*loc, "statedIn"), (c.statedIn,), ids.events, "event")
        for name in ("corroborates", "contradicts", "inTensionWith"):
            local = [ref for ref in getattr(c, name) if "/" not in ref]
            errors += _missing(src, (*loc, name), local, claims, "claim")
    return errors


def _check_shared_events(articles: list[Article]) -> list[str]:
    """An event told by two articles is one node: both must agree on what kind of event it is."""
    seen: dict[str, tuple[str, str]] = {}
    errors = []
    for article in articles:
        for i, e in enumerate(article.annotation.events):
            first = seen.setdefault(e.id, (e.type, article.file.where(("events", i))))
            if first[0] != e.type:
                where = article.file.where(("events", i, "type"))
                errors.append(f"{where}: type: {e.id!r} is a {first[0]} at {first[1]}, not {e.type}")
    return errors
