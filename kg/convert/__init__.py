"""Stage 2 — RDF from the seeds: IRIs, the registry graph, one graph per article, derived links."""

from .corpus import convert_corpus, fold

__all__ = ["convert_corpus", "fold"]
