"""The read-only store the query layer and the web app talk to.

:class:`Store` is the whole interface, so the web layer does not know which backend it talks to:
:class:`OxigraphStore` (pyoxigraph in memory, or on disk in a directory, loaded from one RDF file)
or :class:`kg.store.remote.RemoteStore` (any SPARQL 1.1 endpoint). Queries see the union of all graphs as
their default graph unless the request names a dataset (protocol parameters or FROM / FROM NAMED).
:class:`kg.store.cached.CachedStore` wraps either with a cache of answers (the pages' queries).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from itertools import chain, islice
from pathlib import Path
from typing import Protocol, runtime_checkable

import pyoxigraph as ox

from kg import formats, namespaces
from kg.errors import KGError
from kg.namespaces import PREFIXES

from .heap import release_free_memory

QueryResults = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples
LOADABLE = (".trig", ".nq", ".ttl", ".nt")
MERGE = "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
# Quads per RocksDB bulk load: the loader buffers a whole batch (all of a 1M-quad file peaks at
# ~1 GB, the merge update after it at 1.4 GB); 100k quads keep the load under ~150 MB.
DISK_BATCH = 100_000


class StoreError(KGError):
    """The data file cannot be loaded, or a store operation was given bad arguments."""


@runtime_checkable
class Store(Protocol):
    """What the query layer and the web app may ask of a store; nothing here writes."""

    def query(self, sparql: str, *, default_graph_uris: Sequence[str] = (),
              named_graph_uris: Sequence[str] = ()) -> QueryResults:
        """Evaluate one SPARQL query; protocol graph IRIs replace the query's FROM clauses."""

    def dump(self, format: str, graph: str | None = None) -> bytes:
        """Serialise one named graph, or the whole dataset, as ``format`` (``ttl``, ``trig``…)."""

    def named_graphs(self) -> list[str]:
        """The IRIs of the named graphs, sorted."""

    def __len__(self) -> int:
        """The number of quads."""


class OxigraphStore:
    """A pyoxigraph store; ``path`` is a directory for an on-disk store, else it lives in memory.

    Queries may use ``prefixes`` without declaring them, and relative IRIs resolve against
    ``base_iri`` (default: the data namespace base, so ``<id/claim/x>`` names an entity).
    """

    def __init__(self, path: str | Path | None = None, *, prefixes: dict[str, str] | None = None,
                 base_iri: str | None = None, read_only: bool = False):
        self.path = Path(path) if path is not None else None
        self.prefixes = {k: str(v) for k, v in (PREFIXES if prefixes is None else prefixes).items()}
        self.base_iri = base_iri or namespaces.base_iri()
        self._loads = 0
        self._quads: int | None = None
        self._own_default = False
        if path is None:
            self._ox = ox.Store()
        else:
            self._ox = ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))

    def load(self, file: str | Path) -> None:
        """Add the quads of an RDF file (the format comes from the extension: .trig, .nq…), and
        every triple of its named graphs to the default graph, once."""
        self._loads += 1
        if self.path is None:
            # Plain load: in memory it needs less RAM than bulk_load does.
            _load_file(self._ox.load, Path(file))
            self._merge_named_graphs()
        else:
            self._load_on_disk(Path(file))
            self._ox.flush()
            self._ox.optimize()

    def _merge_named_graphs(self) -> None:
        """Materialise the union default graph as a *set*. Oxigraph's own union (the
        ``use_default_graph_as_union`` flag) is a bag: a triple two articles state comes back
        twice, and a query joining k such patterns multiplies rows by up to n^k (the timeline went
        from milliseconds to minutes on a synthetic corpus). Fuseki's and GraphDB's union default
        graphs are sets; so is this one. A file's own default-graph triples stay part of it."""
        named = self._count_named()
        own = len(self._ox) - named
        if named:
            self._ox.update(MERGE)
        self._quads, self._own_default = named + own, own > 0

    def _load_on_disk(self, file: Path) -> None:
        """The same union as :meth:`_merge_named_graphs`, written in one pass over the file: each
        named-graph quad with its default-graph copy (the store is a set, so a triple stated in
        two graphs is stored once there), bulk loaded in batches. Both copies come from the same
        parse, so they share their blank nodes. At 1M quads: 35 s and ~150 MB, where a bulk load
        then the merge update took 64 s and 1.4 GB (and left a store twice the size on disk)."""
        own = [0]
        quads = _with_union_copies(_parse(file), own)
        try:
            while (first := next(quads, None)) is not None:
                self._ox.bulk_extend(chain((first,), islice(quads, DISK_BATCH - 1)))
        except SyntaxError as exc:
            raise StoreError(f"{file}: {exc}") from None
        self._quads, self._own_default = self._count_named() + own[0], own[0] > 0

    def _count_named(self) -> int:
        """Quads in named graphs, counted by the engine (not a Python pass over every quad)."""
        rows = self._ox.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(next(iter(rows))["n"].value)

    def _named_quads(self):
        return (q for q in self._ox.quads_for_pattern(None, None, None)
                if not isinstance(q.graph_name, ox.DefaultGraph))

    def query(self, sparql: str, *, default_graph_uris: Sequence[str] = (),
              named_graph_uris: Sequence[str] = ()) -> QueryResults:
        """Evaluate a query; raise ``SyntaxError`` (pyoxigraph's, with line:column) if malformed."""
        options: dict = {"prefixes": self.prefixes, "base_iri": self.base_iri}
        if default_graph_uris or named_graph_uris:
            # The protocol dataset replaces the query's FROM / FROM NAMED entirely (§2.1.4).
            options["default_graph"] = [ox.NamedNode(iri) for iri in default_graph_uris]
            options["named_graphs"] = [ox.NamedNode(iri) for iri in named_graph_uris]
        return self._ox.query(sparql, **options)

    def dump(self, format: str, graph: str | None = None) -> bytes:
        """One graph (``graph`` IRI) or everything; graph formats get the (merged) default graph,
        dataset formats (TriG, N-Quads) keep the graph names, one graph's too."""
        fmt = formats.find(format, formats.family("dataset"))
        if fmt is None:
            raise StoreError(f"cannot dump as {format!r}")
        if graph is not None and fmt.name in formats.DATASET_FORMATS:
            quads = self._ox.quads_for_pattern(None, None, None, ox.NamedNode(graph))
            return ox.serialize(quads, format=fmt.serializer, prefixes=self.prefixes)
        if graph is not None:
            return self._ox.dump(format=fmt.serializer, from_graph=ox.NamedNode(graph),
                                 prefixes=self.prefixes)
        if fmt.name in formats.DATASET_FORMATS:  # the named graphs, not their merge as well
            quads = self._ox if self._own_default else self._named_quads()
            return ox.serialize(quads, format=fmt.serializer, prefixes=self.prefixes)
        return self._ox.dump(format=fmt.serializer, from_graph=ox.DefaultGraph(),
                             prefixes=self.prefixes)

    def named_graphs(self) -> list[str]:
        return sorted(g.value for g in self._ox.named_graphs() if isinstance(g, ox.NamedNode))

    def version(self) -> str:
        """What cached answers are keyed by: the data changes only through :meth:`load`."""
        return f"load-{self._loads}"

    def __len__(self) -> int:
        """The quads loaded (the merged default graph repeats them: not counted)."""
        if self._quads is None:  # a store reopened from disk: its named graphs, if it has any
            self._quads = self._count_named() or len(self._ox)
        return self._quads

    def for_worker(self) -> OxigraphStore:
        """A handle safe to use in a forked worker: memory is inherited, RocksDB is re-opened."""
        if self.path is None:
            return self
        return OxigraphStore(self.path, prefixes=self.prefixes, base_iri=self.base_iri,
                             read_only=True)


def read_dataset(file: str | Path) -> ox.Store:
    """The quads of an RDF file exactly as they are, without the merged default graph that
    :class:`OxigraphStore` adds: what exports and counts read."""
    store = ox.Store()
    _load_file(store.load, Path(file))
    return store


def _load_file(loader, file: Path) -> None:
    try:
        loader(path=str(file), format=_format(file), base_iri=file.resolve().as_uri())
    except SyntaxError as exc:
        raise StoreError(f"{file}: {exc}") from None


def _parse(file: Path) -> Iterator[ox.Quad]:
    """The quads of ``file``, parsed lazily (a syntax error surfaces while iterating)."""
    return ox.parse(path=str(file), format=_format(file), base_iri=file.resolve().as_uri())


def _format(file: Path) -> ox.RdfFormat:
    rdf_format = ox.RdfFormat.from_extension(file.suffix.lstrip("."))
    if rdf_format is None:
        raise StoreError(f"{file}: unknown RDF format (use one of {', '.join(LOADABLE)})")
    if not file.is_file():
        raise StoreError(f"{file}: no such data file (run `kg build` first, or pass --data)")
    return rdf_format


def _with_union_copies(quads: Iterator[ox.Quad], own: list[int]) -> Iterator[ox.Quad]:
    """Each quad, followed by its copy in the default graph if it is in a named graph; counts the
    file's own default-graph quads in ``own[0]``."""
    default = ox.DefaultGraph()
    for quad in quads:
        yield quad
        if isinstance(quad.graph_name, ox.DefaultGraph):
            own[0] += 1
        else:
            yield ox.Quad(quad.subject, quad.predicate, quad.object, default)


STAMP = "kg-source.json"  # inside an on-disk store: which data file it was loaded from


def open_store(file: str | Path, *, directory: str | Path | None = None) -> OxigraphStore:
    """Load an RDF dataset file (TriG, N-Quads, Turtle, N-Triples) into a new store.

    ``directory`` keeps the store on disk (RocksDB) and across restarts: it is reused as it is
    when it was loaded from this very file (same path, size and modification time) or when the
    file is gone, and emptied and reloaded from ``file`` otherwise.
    """
    file = Path(file)
    stamp = _valid_stamp(Path(directory), file) if directory is not None else None
    if stamp is None:
        if not file.is_file():
            raise StoreError(f"{file}: no such data file (run `kg build` first, or pass --data)")
        if directory is None:
            store = OxigraphStore()
            store.load(file)
            return store
        stamp = _load_into(Path(directory), file)
    return _reopen(directory, stamp)


def _load_into(directory: Path, file: Path) -> dict:
    """Empty the on-disk store in ``directory``, load ``file`` into it; its new stamp."""
    # No stamp while loading: a crash must not leave a valid-looking store.
    (directory / STAMP).unlink(missing_ok=True)
    writer = OxigraphStore(directory)
    writer._ox.clear()
    writer.load(file)
    stamp = {**_identity(file), "quads": writer._quads, "own_default": writer._own_default}
    del writer  # closes RocksDB: from now on only read-only handles, which may be many
    release_free_memory()
    (directory / STAMP).write_text(json.dumps(stamp), encoding="utf-8")
    return stamp


def _reopen(directory: str | Path, stamp: dict) -> OxigraphStore:
    """A read-only handle; its counts come from the stamp (counting 1M quads takes seconds)."""
    store = OxigraphStore(directory, read_only=True)
    store._quads, store._own_default = stamp.get("quads"), stamp.get("own_default", False)
    return store


def _identity(file: Path) -> dict:
    info = file.stat()
    return {"file": str(file.resolve()), "size": info.st_size, "mtime_ns": info.st_mtime_ns}


def _valid_stamp(directory: Path, file: Path) -> dict | None:
    """The stamp of ``directory`` if it holds a complete store of ``file`` (or of anything, if
    ``file`` is gone), else ``None``."""
    try:
        stamp = json.loads((directory / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if file.is_file() and {k: stamp.get(k) for k in ("file", "size", "mtime_ns")} != _identity(file):
        return None
    return stamp
