"""The loaded seeds: a corpus of articles with their registry, and where each came from.

Plain containers, shared by the loader (:mod:`.annotations`) and the cross-file checks
(:mod:`.references`), so neither needs the other's internals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .evidence import Span, locate
from .schema import Annotation, Extraction, Metadata, Registry
from .yamlfile import Loc, line_of

SECTIONS = ("entities", "posts", "propositions", "inferences")
"""The sections of a registry file."""

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
class RegistryFiles:
    """Where each item of the merged registry was written: ``where`` maps a location in the
    merged registry (``("entities", 70, "id")``) to ``file:line`` in the file that holds it."""

    parts: tuple[tuple[Source, dict[str, int]], ...]  # each file with its sections' offsets
    drafted: dict[str, str] = field(default_factory=dict)
    """Entity id → the article whose extraction proposed it (unreviewed entities only)."""
    extractions: dict[str, Extraction] = field(default_factory=dict)
    """Article id → the extraction header of its drafted registry file."""

    @property
    def path(self) -> Path:
        return self.parts[0][0].path

    def where(self, loc: Loc) -> str:
        if not loc or loc[0] not in SECTIONS or len(loc) < 2 or not isinstance(loc[1], int):
            return self.parts[0][0].where(loc)
        section, index = loc[0], loc[1]
        for source, offsets in reversed(self.parts):
            if index >= offsets[section]:
                return source.where((section, index - offsets[section], *loc[2:]))
        return self.parts[0][0].where(loc)


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
    registry_file: RegistryFiles
    articles: list[Article]

    @cached_property
    def event_ids(self) -> frozenset[str]:
        """Every event id of every article (a claim may be about another article's event)."""
        return frozenset(e.id for a in self.articles for e in a.annotation.events)

    @cached_property
    def agreement_ids(self) -> frozenset[str]:
        return frozenset(g.id for a in self.articles for g in a.annotation.agreements)

    @cached_property
    def by_id(self) -> dict[str, Article]:
        return {a.meta.id: a for a in self.articles}

    def quoted(self, article_id: str, quote: str, occurrence: int | None = None) -> Span:
        """Where a registry item's quote sits in the article it names (checked by ``kg check``).

        :raise ValueError: no such article, or the quote is not in it as ``occurrence`` says.
        """
        if article_id not in self.by_id:
            raise ValueError(f"no article {article_id!r}")
        return locate(self.by_id[article_id].text, quote, occurrence)
