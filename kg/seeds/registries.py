"""The registry: ``registry.yaml`` plus every ``<name>.registry.yaml`` beside it, merged.

A drafted article brings its proposed entities in its own ``<article>.registry.yaml`` (written by
``kg extract``), so the curated ``registry.yaml`` is never rewritten by a program. The files are
merged in name order after ``registry.yaml``; an id defined twice, in one file or two, is an
error at each place (:mod:`.references`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kg.errors import AnnotationError

from .corpus import SECTIONS, RegistryFiles, Source
from .schema import Registry

MAIN = "registry.yaml"
DRAFTED = "*.registry.yaml"


def registry_paths(seeds: Path) -> list[Path]:
    """``registry.yaml`` first, then every ``*.registry.yaml`` in name order.

    :raise AnnotationError: the folder or its registry is missing (said as such).
    """
    if not seeds.is_dir():
        what = "is a file, not a folder" if seeds.exists() else "does not exist"
        raise AnnotationError(f"{seeds}: the seeds folder {what}")
    main = seeds / MAIN
    if not main.exists():
        raise AnnotationError(f"{main}:1: registry: file not found (every seeds folder has one)")
    return [main, *sorted(p for p in seeds.glob(DRAFTED) if p.name != MAIN)]


Loader = Callable[[Path], tuple[Registry, Source]]


def load_registries(paths: list[Path], load: Loader) -> tuple[Registry, RegistryFiles]:
    """Load and merge the registry files; raise with every duplicate id as ``file:line``."""
    merged: dict[str, list] = {name: [] for name in SECTIONS}
    parts, drafted, extractions, errors = [], {}, {}, []
    for path in paths:
        registry, source = load(path)
        parts.append((source, {name: len(merged[name]) for name in SECTIONS}))
        errors += _unprovenanced(registry, source, path)
        article = path.name.removesuffix(".registry.yaml")
        if registry.extraction is not None:
            extractions[article] = registry.extraction
        drafted.update((e.id, article) for e in registry.entities if not e.reviewed)
        for name in SECTIONS:
            merged[name].extend(getattr(registry, name))
    if errors:
        raise AnnotationError("\n".join(errors))
    return Registry(**merged), RegistryFiles(tuple(parts), drafted, extractions)


def _unprovenanced(registry: Registry, source: Source, path: Path) -> list[str]:
    """A machine draft must say which program drafted it: only a drafted file has a header."""
    if registry.extraction is not None and path.name != MAIN:
        return []
    return [f"{source.where(('entities', i, 'reviewed'))}: reviewed: an unreviewed entity belongs "
            f"in a drafted <article>.registry.yaml with an extraction header"
            for i, e in enumerate(registry.entities) if not e.reviewed]

