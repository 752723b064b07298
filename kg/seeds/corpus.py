"""The loaded seeds: a corpus of articles with their registry, and where each came from.

Plain containers, shared by the loader (:mod:`.annotations`) and the cross-file checks
(:mod:`.references`), so neither needs the other's internals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .evidence import Span
from .schema import Annotation, Metadata, Registry
from .yamlfile import Loc, line_of

AUTHOR = "author"
"""Claimant keyword: the article's own voice (its author)."""


@dataclass(frozen=True)
class Source:
    """A parsed YAML file: its path and the line of every node, for error messages."""

    path: Path
    lines: dict[Loc, int]

    def where(self, loc: Loc) -> str:
        return f"{self.path}:{line_of(self.lines, loc)}"


@dataclass(frozen=True)
class Article:
    meta: Metadata
    text: str
    annotation: Annotation
    meta_file: Source
    file: Source
    spans: dict[Loc, Span] = field(default_factory=dict, compare=False)
    """Where each located item's quote sits in ``text``, keyed by its location in the file."""


@dataclass(frozen=True)
class Corpus:
    registry: Registry
    registry_file: Source
    articles: list[Article]

    @cached_property
    def event_ids(self) -> frozenset[str]:
        """Every event id of every article (a claim may be about another article's event)."""
        return frozenset(e.id for a in self.articles for e in a.annotation.events)

    @cached_property
    def agreement_ids(self) -> frozenset[str]:
        return frozenset(g.id for a in self.articles for g in a.annotation.agreements)
