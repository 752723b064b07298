"""Stage 1 — the curated seed files: their format, loading, cross-checks and coverage.

``load_corpus(folder)`` reads the articles, their metadata and annotations and the registry,
checks every quote against the text and every reference against the registry, and raises
:class:`kg.errors.AnnotationError` with ``file:line: field: message`` lines.
"""

from .annotations import load_corpus
from .corpus import Article, Corpus

__all__ = ["Article", "Corpus", "load_corpus"]
