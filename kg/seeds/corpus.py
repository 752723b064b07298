"""The loaded seeds: a corpus of articles with their registry, and where each came from.

Plain containers, shared by the loader (:mod:`.annotations`) and the cross-file checks
(:mod:`.references`), so neither needs the other's internals.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from .evidence import Span, locate
from .schema import Annotation, Extraction, Metadata, Registry
from .yamlfile import Loc, line_of

SECTIONS = ("entities", "posts", "propositions", "inferences")
"""The sections of a registry file."""

AUTHOR = "author"
"""Claimant keyword: the article's own voice (its author)."""


class Pickled(Mapping):
    """A mapping kept pickled until it is first read. A rebuild unpickles every cached article but
    reads the line numbers and quote spans of the edited ones only: kept as one blob each, the
    others cost a bytes object instead of thousands of tuples (0.7 of 2 ms per article)."""

    __slots__ = ("_blob", "_items")

    def __init__(self, blob: bytes):
        self._blob, self._items = blob, None

    @classmethod
    def of(cls, mapping: Mapping) -> Pickled:
        if isinstance(mapping, Pickled):
            return mapping
        return cls(pickle.dumps(dict(mapping), protocol=pickle.HIGHEST_PROTOCOL))

    def _read(self) -> dict:
        if self._items is None:
            self._items = pickle.loads(self._blob)
        return self._items

    def __getitem__(self, key: Any) -> Any:
        return self._read()[key]

    def __iter__(self) -> Iterator:
        return iter(self._read())

    def __len__(self) -> int:
        return len(self._read())

    def __reduce__(self):
        return Pickled, (self._blob,)


@dataclass(frozen=True)
class Source:
    """A parsed YAML file: its path and the line of every node, for error messages."""

    path: Path
    lines: Mapping[Loc, int]

    def where(self, loc: Loc) -> str:
        return f"{self.path}:{line_of(self.lines, loc)}"

    def __reduce__(self):
        return Source, (self.path, Pickled.of(self.lines))


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
    spans: Mapping[Loc, Span] = field(default_factory=dict, compare=False)
    """Where each located item's quote sits in ``text``, keyed by its location in the file."""

    def __reduce__(self):
        return Article, (self.meta, self.text, self.annotation, self.meta_file, self.file,
                         Pickled.of(self.spans))


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
