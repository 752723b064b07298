"""The build's first two stages, article by article and cached: load + check, then convert.

Each article is loaded (YAML parsed, quotes located) and converted to its named graph on its own,
in parallel; both results are cached by the hash of what they depend on. The cross-checks that
need the whole corpus (ids, shared events) run every time, on the cached articles. The output of
this module is N-Quads lines per named graph — the same lines the whole-corpus converter writes
(``kg.convert.convert_corpus``), so the merged file is byte-identical to a full build. The article,
registry and links graphs are written by the converters into :class:`kg.convert.quads.GraphLines`,
which keeps those lines without building an rdflib store.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from rdflib import URIRef

from kg.cache import Cache, digest, file_digest
from kg.convert.article import ArticleConverter
from kg.convert.corpus import add_ontology, convert_registry, new_dataset
from kg.convert.links import all_origins, derive_links
from kg.convert.mint import Minter
from kg.convert.quads import GraphLines
from kg.errors import AnnotationError
from kg.namespaces import ONTOLOGY_IRI
from kg.parallel import SHARED, Progress, no_progress, pmap, share
from kg.resources import ONTOLOGY_FILE
from kg.seeds.annotations import load_article, load_model
from kg.seeds.corpus import Article, Corpus
from kg.seeds.references import check_references
from kg.seeds.registries import load_registries, registry_paths
from kg.seeds.schema import Registry

Graphs = Mapping[str, list[str]]
"""Named graph IRI → its quads as N-Quads lines."""


@dataclass(frozen=True)
class Loaded:
    corpus: Corpus
    digests: dict[str, str]  # article id → hash of its three files
    registry_digest: str
    slugs: dict[str, frozenset[str]]  # article id → every string of its annotation (see _article_key)


def load_corpus_cached(seeds: Path, cache: Cache, *, workers: int | None = None,
                       progress: Progress = no_progress) -> Loaded:
    """What :func:`kg.seeds.annotations.load_corpus` returns (same checks, same errors), from the cache
    for every article whose files did not change; the others are loaded in parallel.

    :raise AnnotationError: every problem of every file, as ``file:line: field: message``.
    """
    paths = registry_paths(seeds)
    registry, registry_file = load_registries(paths, lambda path: _load_registry(path, cache))
    metas = sorted(seeds.glob("*.meta.yaml"))
    keys = [cache.key("article", str(path), *_own_files(path)) for path in metas]
    outcomes = [_still_valid(cache.get("article", key), key, path)
                for key, path in zip(keys, metas, strict=True)]
    todo = [i for i, outcome in enumerate(outcomes) if outcome is None]
    fresh = pmap(_load_one, [(metas[i], keys[i]) for i in todo], workers=workers,
                 label="loading", progress=progress)
    for i, outcome in zip(todo, fresh, strict=True):
        if not isinstance(outcome, str):  # errors are not cached: they are cheap and rare
            cache.put("article", keys[i], outcome)
        outcomes[i] = outcome
    return _checked(seeds, registry, registry_file, paths, outcomes, cache)


def _checked(seeds, registry, registry_file, paths, outcomes, cache: Cache) -> Loaded:
    articles = [o for o in outcomes if not isinstance(o, str)]
    errors = [o for o in outcomes if isinstance(o, str)]
    if not articles and not errors:
        errors.append(f"{seeds}:1: articles: no *.meta.yaml file found")
    if not errors:
        digests, registry_digest = {a.meta.id: d for a, d, _ in articles}, _registry_digest(paths)

        def own(article: Article, ids: str, check):  # an article's own problems, cached
            key = cache.key("references", str(article.meta_file.path), str(article.file.path),
                            digests[article.meta.id], registry_digest, ids)
            return cache.get_or_make("references", key, check)

        errors.extend(check_references(registry, registry_file, [a for a, _, _ in articles], own))
    if errors:
        raise AnnotationError("\n".join(errors))
    corpus = Corpus(registry, registry_file, [a for a, _, _ in articles])
    return Loaded(corpus, digests, registry_digest, {a.meta.id: slugs for a, _, slugs in articles})


def _registry_digest(paths: list[Path]) -> str:
    return digest(*(f"{path.name} {file_digest(path)}" for path in paths))


def _load_registry(path: Path, cache: Cache):
    key = cache.key("registry", str(path), path.read_bytes())
    entry = cache.get("registry", key)
    if entry is None:
        entry = load_model(path, Registry)
        cache.put("registry", key, entry)
    return entry


def _own_files(meta_path: Path) -> tuple[bytes, bytes]:
    """The bytes of an article's meta and annotation files (b"" if missing: load reports it)."""
    ann = meta_path.parent / (meta_path.name.removesuffix(".meta.yaml") + ".ann.yaml")
    return meta_path.read_bytes(), ann.read_bytes() if ann.is_file() else b""


def _text_digest(meta_path: Path, text_name: str) -> str:
    text = meta_path.parent / text_name
    return file_digest(text) if text.is_file() else ""


def _still_valid(entry, key: str, meta_path: Path):
    """A cached article, if its text file (named in its meta) is unchanged too (its meta and
    annotation files are in ``key``)."""
    if entry is None:
        return None
    article, stored, _ = entry
    return entry if _files_digest(key, meta_path, article.meta.file) == stored else None


def _files_digest(key: str, meta_path: Path, text_name: str) -> str:
    """A hash of an article's three files: its cache key (which hashes the meta and annotation
    files: not hashed twice) and its text file."""
    return digest(key, _text_digest(meta_path, text_name))


def _load_one(job: tuple[Path, str]) -> tuple[Article, str, frozenset[str]] | str:
    """One article, the hash of its three files and the strings of its annotation (walking the
    annotation costs more than unpickling it, so it is cached too), or its errors as one string."""
    meta_path, key = job
    try:
        article = load_article(meta_path)
    except AnnotationError as exc:
        return str(exc)
    return (article, _files_digest(key, meta_path, article.meta.file),
            frozenset(_strings(article.annotation.model_dump())))


# --- convert ------------------------------------------------------------------------------------


def convert_graphs(loaded: Loaded, mint: Minter, cache: Cache, *, workers: int | None = None,
                   progress: Progress = no_progress) -> tuple[Graphs, dict[str, str]]:
    """Every named graph of the dataset as N-Quads lines (ontology, registry, articles, links),
    and each graph's fingerprint: the cache key it was made under (its lines are a function of
    it), so later stages can key on a graph without hashing its lines. Cached lines are read
    when first used (:class:`CachedGraphs`)."""
    corpus, registry, links = loaded.corpus, str(mint.graph("registry")), str(mint.graph("links"))
    names = [str(mint.graph("article", a.meta.id)) for a in corpus.articles]
    keys = {ONTOLOGY_IRI: cache.key("ontology", ONTOLOGY_FILE.read_bytes()),
            registry: cache.key("registry-graph", mint.base, loaded.registry_digest)}
    keys.update((name, _article_key(loaded, a, mint, cache, corpus.event_ids, corpus.agreement_ids))
                for name, a in zip(names, corpus.articles, strict=True))
    keys[links] = _links_key(corpus, mint, cache)
    sources = {ONTOLOGY_IRI: ("ontology", _ontology_lines),
               registry: ("registry-graph", lambda: _registry_lines(corpus, mint)),
               **{name: ("graph", partial(_convert, corpus, mint, i)) for i, name in enumerate(names)},
               links: ("links", lambda: _links_lines(corpus, mint))}
    graphs = CachedGraphs({name: (kind, keys[name], make) for name, (kind, make) in sources.items()},
                          cache)
    todo = [i for i, name in enumerate(names) if not cache.has("graph", keys[name])]
    share(corpus=corpus, mint=mint)
    fresh = pmap(_convert_one, todo, workers=workers, label="converting", progress=progress)
    for i, lines in zip(todo, fresh, strict=True):
        graphs.made(names[i], lines)
    for name in (ONTOLOGY_IRI, registry, links):
        if not cache.has(sources[name][0], keys[name]):
            graphs.made(name, sources[name][1]())
    return graphs, keys


class CachedGraphs(Mapping[str, list[str]]):
    """Graph IRI → its N-Quads lines; cached lines are read when first asked for: a rebuild after
    one edit needs few graphs' lines (the changed graphs' summaries, units and TriG blocks), and
    reading every graph's cached lines was a fifth of it. A damaged entry is made again (and
    counted as a miss)."""

    def __init__(self, sources: dict[str, tuple[str, str, Callable[[], list[str]]]], cache: Cache):
        self._sources, self._cache = sources, cache  # name → (cache kind, key, how to make it)
        self._lines: dict[str, list[str]] = {}

    def made(self, name: str, lines: list[str]) -> None:
        """Keep (and cache) lines made in this build."""
        kind, key, _ = self._sources[name]
        self._cache.put(kind, key, lines)
        self._lines[name] = lines

    def __getitem__(self, name: str) -> list[str]:
        lines = self._lines.get(name)
        if lines is None:
            kind, key, make = self._sources[name]  # KeyError: not a graph of this dataset
            lines = self._cache.read(kind, key)
            if lines is None:
                self._cache.recount(kind)
                lines = make()
                self._cache.put(kind, key, lines)
            self._lines[name] = lines
        return lines

    def __iter__(self) -> Iterator[str]:
        return iter(self._sources)

    def __len__(self) -> int:
        return len(self._sources)


def _article_key(loaded: Loaded, article: Article, mint: Minter, cache: Cache,
                 events: frozenset[str], agreements: frozenset[str]) -> str:
    # A slug in one article may name an event or agreement defined in another: the resolution of
    # those slugs is part of the input (adding an event elsewhere can change this graph).
    slugs = loaded.slugs[article.meta.id]
    resolved = sorted(slugs & events) + ["|"] + sorted(slugs & agreements)
    return cache.key("graph", mint.base, loaded.digests[article.meta.id], loaded.registry_digest,
                     "\n".join(resolved))


def _strings(value) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


def _convert_one(index: int) -> list[str]:
    return _convert(SHARED["corpus"], SHARED["mint"], index)


def _convert(corpus: Corpus, mint: Minter, index: int) -> list[str]:
    article = corpus.articles[index]
    graph = GraphLines(mint.graph("article", article.meta.id))
    ArticleConverter(article, corpus, mint, graph).convert()
    return graph.lines()


def nquads(ds) -> list[str]:
    """The dataset's quads as N-Quads lines, as :func:`kg.build.export.to_store` writes them
    (split at newlines only: a literal may hold other line breaks, such as U+2028)."""
    text = ds.serialize(format="nquads", encoding="utf-8").decode("utf-8")
    return [line for line in text.split("\n") if line]


def _ontology_lines() -> list[str]:
    ds = new_dataset()
    add_ontology(ds.graph(URIRef(ONTOLOGY_IRI)), ONTOLOGY_FILE)
    return nquads(ds)


def _registry_lines(corpus: Corpus, mint: Minter) -> list[str]:
    graph = GraphLines(mint.graph("registry"))
    convert_registry(corpus.registry, mint, graph, corpus.registry_file)
    return graph.lines()


def _links_key(corpus: Corpus, mint: Minter, cache: Cache) -> str:
    """The links graph's inputs: each article's id and its claims that state a proposition, with
    their origins (which depend on statement events and origin entries anywhere in the corpus) and
    whether a curator has reviewed them (a machine draft is never independent corroboration)."""
    origins = all_origins(corpus)
    stated = [(a.meta.id, [(c.id, c.proposition, c.stance, origins[(a.meta.id, c.id)].originator,
                            c.reviewed)
                           for c in a.annotation.claims if c.proposition]) for a in corpus.articles]
    return cache.key("links", mint.base, repr(stated))


def _links_lines(corpus: Corpus, mint: Minter) -> list[str]:
    """The links graph. ``derive_links`` compares every pair of claims in the corpus it is given
    (quadratic in the corpus); given one proposition's claims at a time it compares only the
    pairs that can link, and the graph is the same."""
    graph = GraphLines(mint.graph("links"))
    groups: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for i, article in enumerate(corpus.articles):
        for j, claim in enumerate(article.annotation.claims):
            if claim.proposition:
                groups[claim.proposition].append((i, j))
    origins = all_origins(corpus)
    for members in groups.values():  # one claim still gets its proposition's counts
        derive_links(_only(corpus, members), mint, graph, origins)
    derive_links(_only(corpus, []), mint, graph, origins)  # the graph's description, every article
    return graph.lines()


def _only(corpus: Corpus, members: list[tuple[int, int]]) -> Corpus:
    """``corpus`` keeping only the claims ``members`` names; with none, every article, no claims."""
    keep: dict[int, list[int]] = defaultdict(list)
    for i, j in members:
        keep[i].append(j)
    indices = sorted(keep) if members else range(len(corpus.articles))
    articles = []
    for i in indices:
        article = corpus.articles[i]
        claims = [article.annotation.claims[j] for j in keep.get(i, [])]
        annotation = article.annotation.model_copy(update={"claims": claims})
        articles.append(replace(article, annotation=annotation))
    return replace(corpus, articles=articles)
