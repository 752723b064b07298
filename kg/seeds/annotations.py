"""Load the seeds folder: registry, article texts, metadata and annotations, fully checked.

Every problem is reported as ``file:line: field: message``, and all problems of a run are
reported together, so a curator fixes a file in one pass.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from kg.errors import AnnotationError

from .corpus import Article, Corpus, Source
from .evidence import Span, locate
from .references import check_references
from .registries import load_registries, registry_paths
from .schema import Annotation, Metadata, Registry
from .yamlfile import Loc, load_yaml

M = TypeVar("M", bound=BaseModel)


def load_model(path: Path, model: type[M]) -> tuple[M, Source]:
    """Parse one YAML file into ``model``; raise with every error as ``file:line: field: msg``."""
    data, lines = load_yaml(path)
    source = Source(path, lines)
    try:
        return model.model_validate(data), source
    except ValidationError as exc:
        raise AnnotationError("\n".join(_format(source, err) for err in exc.errors())) from None


def _format(source: Source, err: Any) -> str:
    loc = tuple(err["loc"])
    names = [str(p) for p in loc if not isinstance(p, int)]
    fieldname = names[-1] if names else "(file)"
    return f"{source.where(loc)}: {fieldname}: {err['msg']}"


def load_corpus(seeds: Path) -> Corpus:
    """Load and cross-check every article in ``seeds`` (``*.meta.yaml`` + text + ``.ann.yaml``)."""
    paths = registry_paths(seeds)
    registry, registry_file = load_registries(paths, lambda path: load_model(path, Registry))
    errors: list[str] = []
    articles = []
    for meta_path in sorted(seeds.glob("*.meta.yaml")):
        try:
            articles.append(load_article(meta_path))
        except AnnotationError as exc:
            errors.append(str(exc))
    if not articles and not errors:
        errors.append(f"{seeds}:1: articles: no *.meta.yaml file found")
    if not errors:
        errors.extend(check_references(registry, registry_file, articles))
    if errors:
        raise AnnotationError("\n".join(errors))
    return Corpus(registry, registry_file, articles)


def load_article(meta_path: Path) -> Article:
    """Load one article's metadata, text and annotation, and locate every quote in the text."""
    meta, meta_file = load_model(meta_path, Metadata)
    stem = meta_path.name.removesuffix(".meta.yaml")
    if meta.id != stem:
        raise AnnotationError(f"{meta_file.where(('id',))}: id: must equal the file name ({stem})")
    text_path = meta_path.parent / meta.file
    if not text_path.exists():
        raise AnnotationError(f"{meta_file.where(('file',))}: file: {text_path} not found")
    text = text_path.read_bytes().decode("utf-8")
    ann_path = meta_path.parent / f"{stem}.ann.yaml"
    if not ann_path.exists():
        raise AnnotationError(f"{ann_path}:1: annotation: file not found")
    annotation, ann_file = load_model(ann_path, Annotation)
    if annotation.article != meta.id:
        where = ann_file.where(("article",))
        raise AnnotationError(f"{where}: article: must be {meta.id}")
    spans = locate_all(text, annotation, ann_file)
    _check_drafts(annotation, ann_file)
    return Article(meta, text, annotation, meta_file, ann_file, spans)


NESTED = ("provisions", "alsoQuote", "evidence")
"""Lists inside an item whose entries carry quotes of their own."""


def _check_drafts(annotation: Annotation, source: Source) -> None:
    """A machine draft must say which program drafted it: the file's ``extraction`` header."""
    if annotation.extraction is not None:
        return
    errors = [f"{source.where((*loc, 'reviewed'))}: reviewed: an unreviewed item needs the file's "
              f"extraction header (which program drafted it)"
              for loc, item in located_items(annotation) if not item.reviewed]
    if errors:
        raise AnnotationError("\n".join(errors))


def located_items(annotation: Annotation) -> Iterable[tuple[Loc, Any]]:
    """Every item of the annotation that carries a quote, with its location in the file."""
    for section in ("sources", "mentions", "roles", "events", "agreements", "claims", "origins",
                    "skipped"):
        for i, item in enumerate(getattr(annotation, section)):
            if hasattr(item, "quote"):
                yield (section, i), item
            for name in NESTED:
                for j, nested in enumerate(getattr(item, name, [])):
                    yield (section, i, name, j), nested


def locate_all(text: str, annotation: Annotation, source: Source) -> dict[Loc, Span]:
    spans: dict[Loc, Span] = {}
    errors = []
    for loc, item in located_items(annotation):
        try:
            spans[loc] = locate(text, item.quote, item.occurrence)
        except ValueError as exc:
            errors.append(f"{source.where((*loc, 'quote'))}: quote: {exc}")
    for loc, item in _dated_items(annotation):
        if item.text not in text:
            errors.append(f"{source.where((*loc, 'text'))}: text: {item.text!r} is not in the article")
    if errors:
        raise AnnotationError("\n".join(errors))
    return spans


WORDED = ("date", "signed", "revealedAt", "stated", "start", "end", "count", "duration")
"""Fields whose ``text`` is the article's own wording of a date or an amount."""


def _dated_items(annotation: Annotation) -> Iterable[tuple[Loc, Any]]:
    for loc, item in located_items(annotation):
        for name in WORDED:
            value = getattr(item, name, None)
            if hasattr(value, "text"):  # a source's `count` is a plain number
                yield (*loc, name), value
