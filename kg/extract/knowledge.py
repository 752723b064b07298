"""What a draft links against: the registry and the curated corpus of a seeds folder.

Read as files — ``registry.yaml``, ``*.registry.yaml``, ``*.ann.yaml`` — because the file format
is the interface between the stages (this stage is upstream of :mod:`kg.seeds`).
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kg.errors import KGError

PERSON_TYPES = ("Person", "Expert")


class _StringDates(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml: ~10x faster
    """Dates stay text (``2026-01-03``), as the seeds loader keeps them."""


_StringDates.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_yaml(path: Path) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_StringDates)  # noqa: S506
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise KGError(f"{path}:1: cannot read: {str(exc).splitlines()[0]}") from None


def fold(text: str) -> str:
    """Accents stripped, one character per character (offsets into folded text stay valid).

    >>> fold("Rodríguez"), len(fold("Díaz-Canel")) == len("Díaz-Canel")
    ('Rodriguez', True)
    """
    return "".join(unicodedata.normalize("NFKD", c)[:1] or c for c in text)


@dataclass(frozen=True)
class Entity:
    id: str
    type: str
    names: tuple[str, ...]  # labels in every language, then aliases
    country: str | None = None
    part_of: tuple[str, ...] = ()
    size: int | None = None

    @property
    def is_person(self) -> bool:
        return self.type in PERSON_TYPES


@dataclass(frozen=True)
class KnownEvent:
    id: str
    type: str
    day: str | None  # YYYY-MM-DD when the curated date is a day
    participants: frozenset[str]


@dataclass(frozen=True)
class KnownClaim:
    text: str
    proposition: str
    stance: str
    about: frozenset[str]


@dataclass
class Knowledge:
    """The registry's entities and what the curated articles already say."""

    entities: dict[str, Entity] = field(default_factory=dict)
    holders: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # role → ids
    posts: dict[str, str] = field(default_factory=dict)  # role name → the post it names
    events: list[KnownEvent] = field(default_factory=list)
    claims: list[KnownClaim] = field(default_factory=list)
    articles: set[str] = field(default_factory=set)
    post_ids: set[str] = field(default_factory=set)

    def government_of(self, country: str) -> str | None:
        """The registry's government of ``country``: its top government body."""
        for e in self.entities.values():
            if e.type == "GovernmentBody" and e.country == country and not e.part_of:
                return e.id
        return None

    @property
    def event_ids(self) -> set[str]:
        return {e.id for e in self.events}


def load_knowledge(seeds: Path, skip_article: str | None = None) -> Knowledge:
    """Read ``seeds``: every registry file and annotation except ``skip_article``'s own (an
    article drafted again is linked against the rest of the corpus, not its earlier draft)."""
    main = seeds / "registry.yaml"
    if not main.is_file():
        raise KGError(f"--seeds: {main} not found (the registry the draft links against)")
    known = Knowledge()
    drafted = sorted(p for p in seeds.glob("*.registry.yaml")
                     if p != main and p.name != f"{skip_article}.registry.yaml")
    for path in [main, *drafted]:
        data = read_yaml(path) or {}
        for entry in data.get("entities") or []:
            _add_entity(known, entry)
        known.post_ids.update(p["id"] for p in data.get("posts") or [])
    for path in sorted(seeds.glob("*.ann.yaml")):
        article = path.name.removesuffix(".ann.yaml")
        if article != skip_article:
            _add_annotation(known, article, read_yaml(path) or {})
    return known


def _add_entity(known: Knowledge, entry: dict) -> None:
    label = entry.get("label") or {}
    labels = [label] if isinstance(label, str) else list(label.values())
    names = tuple(dict.fromkeys([*labels, *(entry.get("aliases") or [])]))
    size = entry.get("size")
    known.entities[entry["id"]] = Entity(entry["id"], entry.get("type", "Organization"), names,
                                         entry.get("country"), tuple(entry.get("partOf") or ()),
                                         size if isinstance(size, int) else None)


def _add_annotation(known: Knowledge, article: str, ann: dict) -> None:
    known.articles.add(article)
    for role in ann.get("roles") or []:
        known.holders[role["roleName"].lower()].add(role["holder"])
        if role["post"] in known.post_ids:
            known.posts[role["roleName"].lower()] = role["post"]
    for event in ann.get("events") or []:
        date = event.get("date") or {}
        value = str(date.get("value") or "")
        participants = frozenset(p["actor"] for p in event.get("participants") or [])
        known.events.append(KnownEvent(event["id"], event["type"], value if len(value) == 10 else None,
                                       participants))
    for claim in ann.get("claims") or []:
        if claim.get("proposition"):
            known.claims.append(KnownClaim(claim["quote"], claim["proposition"], claim["stance"],
                                           frozenset(claim.get("about") or ())))
