"""Point a SHACL result at the file and line a curator must fix (``seeds/x.ann.yaml:412``).

The converter mints every IRI from curated ids (:class:`kg.convert.mint.Minter`), so the IRI of a focus
node says which item of which file it came from; what cannot be traced (a date, a mention) points
at the file of the graph that owns it.
"""

from __future__ import annotations

from pathlib import Path

from kg.convert.mint import Minter
from kg.resources import ONTOLOGY_FILE
from kg.seeds.corpus import Article, Corpus

# evidence keys start with the section of what they support
# (kg.convert.article.ArticleConverter.evidence calls)
_EVIDENCE = {"claim": "claims", "source": "sources", "event": "events", "agreement": "agreements"}


def where(focus: str, graph: str, corpus: Corpus, mint: Minter) -> str:
    """``file:line`` for a focus node IRI (``<…>`` or bare) found in the unit of ``graph``."""
    iri = focus.strip("<>")
    articles = {a.meta.id: a for a in corpus.articles}
    parts = iri[len(mint.id):].split("/") if iri.startswith(mint.id) else []
    kind = parts[0] if len(parts) > 1 else "entity"
    if parts and kind in ("claim", "source", "evidence", "provision") and parts[1] in articles:
        return _in_article(articles[parts[1]], kind, parts[2:])
    if parts and kind in ("event", "agreement"):
        return _defined(corpus, kind + "s", parts[1], _graph_article(graph, articles, mint))
    if parts and kind in ("entity", "post", "proposition"):
        section = {"entity": "entities", "post": "posts", "proposition": "propositions"}[kind]
        return _in_registry(corpus, section, parts[-1])
    if parts and kind in ("statement", "inference"):  # a registry fact's support, an inference
        section = "entities" if kind == "statement" else "inferences"
        return _in_registry(corpus, section, parts[1])
    if parts and kind == "origin" and parts[1] in articles and parts[-1].isdigit():
        return articles[parts[1]].file.where(("origins", int(parts[-1]) - 1))
    if kind == "article" and len(parts) > 1 and parts[1] in articles:
        return articles[parts[1]].meta_file.where(())
    return _graph_file(graph, corpus, articles, mint)


def _in_article(article: Article, kind: str, rest: list[str]) -> str:
    ann = article.annotation
    if kind == "provision" and len(rest) == 2:
        i = _index(ann.agreements, rest[0])
        if i is not None and rest[1].isdigit():
            return article.file.where(("agreements", i, "provisions", int(rest[1]) - 1))
    if kind == "evidence" and rest:
        kind, _, slug = rest[0].partition("-")
        rest = [slug]
    section = _EVIDENCE.get(kind)
    i = _index(getattr(ann, section), rest[0]) if section and rest else None
    return article.file.where((section, i, "id") if i is not None else ())


def _defined(corpus: Corpus, section: str, slug: str, first: Article | None) -> str:
    candidates = ([first] if first else []) + corpus.articles
    for article in candidates:
        i = _index(getattr(article.annotation, section), slug)
        if i is not None:
            return article.file.where((section, i, "id"))
    return f"{corpus.registry_file.path}:1"


def _in_registry(corpus: Corpus, section: str, slug: str) -> str:
    i = _index(getattr(corpus.registry, section), slug)
    return corpus.registry_file.where((section, i, "id") if i is not None else ())


def _graph_article(graph: str, articles: dict[str, Article], mint: Minter) -> Article | None:
    prefix = str(mint.graph("article", ""))
    return articles.get(graph[len(prefix):]) if graph.startswith(prefix) else None


def _graph_file(graph: str, corpus: Corpus, articles: dict[str, Article], mint: Minter) -> str:
    article = _graph_article(graph, articles, mint)
    if article is not None:
        return article.file.where(())
    if graph == str(mint.graph("registry")):
        return f"{corpus.registry_file.path}:1"
    if graph == str(mint.graph("links")):
        return "(links derived from shared propositions):1"
    return f"{_relative(ONTOLOGY_FILE)}:1"


def _index(items, slug: str) -> int | None:
    return next((i for i, item in enumerate(items) if getattr(item, "id", None) == slug), None)


def _relative(path: Path) -> Path:
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path
