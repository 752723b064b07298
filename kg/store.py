"""The read-only store the query layer and the web app talk to.

:class:`Store` is the whole interface, so the web layer does not know which backend it talks to:
:class:`OxigraphStore` (pyoxigraph in memory, or on disk in a directory, loaded from one RDF file)
or :class:`kg.remote.RemoteStore` (any SPARQL 1.1 endpoint). Queries see the union of all graphs as
their default graph unless the request names a dataset (protocol parameters or FROM / FROM NAMED).
:class:`kg.cache_store.CachedStore` wraps either with a cache of answers (the pages' queries).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

import pyoxigraph as ox

from . import formats, namespaces
from .errors import KGError
from .namespaces import PREFIXES

QueryResults = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples
LOADABLE = (".trig", ".nq", ".ttl", ".nt")


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
        # bulk_load is the fast path for RocksDB; in memory, plain load needs less RAM (engines.md).
        _load_file(self._ox.load if self.path is None else self._ox.bulk_load, Path(file))
        self._merge_named_graphs()
        if self.path is not None:
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
            self._ox.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
        self._quads, self._own_default = named + own, own > 0

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
        """One graph (``graph`` IRI) or everything; graph formats get the (merged) default graph."""
        fmt = formats.find(format, formats.family("dataset"))
        if fmt is None:
            raise StoreError(f"cannot dump as {format!r}")
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
    rdf_format = ox.RdfFormat.from_extension(file.suffix.lstrip("."))
    if rdf_format is None:
        raise StoreError(f"{file}: unknown RDF format (use one of {', '.join(LOADABLE)})")
    if not file.is_file():
        raise StoreError(f"{file}: no such data file (run `kg build` first, or pass --data)")
    try:
        loader(path=str(file), format=rdf_format, base_iri=file.resolve().as_uri())
    except SyntaxError as exc:
        raise StoreError(f"{file}: {exc}") from None


STAMP = "kg-source.json"  # inside an on-disk store: which data file it was loaded from


def open_store(file: str | Path, *, directory: str | Path | None = None) -> OxigraphStore:
    """Load an RDF dataset file (TriG, N-Quads, Turtle, N-Triples) into a new store.

    ``directory`` keeps the store on disk (RocksDB) and across restarts: it is reused as it is
    when it was loaded from this very file (same path, size and modification time) or when the
    file is gone, and emptied and reloaded from ``file`` otherwise.
    """
    file = Path(file)
    if directory is not None and _loaded_from(Path(directory), file):
        return OxigraphStore(directory, read_only=True)
    if not file.is_file():
        raise StoreError(f"{file}: no such data file (run `kg build` first, or pass --data)")
    if directory is None:
        store = OxigraphStore()
        store.load(file)
        return store
    stamp = Path(directory) / STAMP
    stamp.unlink(missing_ok=True)  # a crash while loading must not leave a valid-looking store
    writer = OxigraphStore(directory)
    writer._ox.clear()
    writer.load(file)
    del writer  # closes RocksDB: from now on only read-only handles, which may be many
    stamp.write_text(_stamp(file), encoding="utf-8")
    return OxigraphStore(directory, read_only=True)


def _stamp(file: Path) -> str:
    info = file.stat()
    return json.dumps({"file": str(file.resolve()), "size": info.st_size,
                       "mtime_ns": info.st_mtime_ns})


def _loaded_from(directory: Path, file: Path) -> bool:
    """Whether ``directory`` holds a complete store of ``file`` (or of anything, if it is gone)."""
    stamp = directory / STAMP
    if not stamp.is_file():
        return False
    return not file.is_file() or stamp.read_text(encoding="utf-8") == _stamp(file)
