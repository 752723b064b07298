"""A :class:`kg.store.Store` that remembers answers: the pages ask the same queries again and again.

An answer is kept as bytes — SPARQL JSON for SELECT/ASK, N-Triples for graphs, both written by
Oxigraph — and parsed back into a fresh pyoxigraph result on every hit, because a result is an
iterator that can be read only once. Entries are keyed by the query, its protocol dataset and the
store's data version (``store.version()``; a remote store changes it every ``cache_ttl``), and
evicted least-recently-used beyond ``max_bytes``. Answers larger than ``max_entry`` bytes are not
kept: caching them would push out many small page answers.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence

import pyoxigraph as ox

from .oxigraph import QueryResults, Store
from .remote import triples_result

JSON = ox.QueryResultsFormat.JSON


class CachedStore:
    """``store`` with a cache of query answers; everything else is passed through."""

    def __init__(self, store: Store, *, max_bytes: int = 64 << 20, max_entry: int = 4 << 20):
        self.inner, self.max_bytes, self.max_entry = store, max_bytes, max_entry
        self._entries: OrderedDict[tuple, tuple[str, bytes]] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def query(self, sparql: str, *, default_graph_uris: Sequence[str] = (),
              named_graph_uris: Sequence[str] = ()) -> QueryResults:
        version = getattr(self.inner, "version", lambda: "")()
        key = (version, sparql, tuple(default_graph_uris), tuple(named_graph_uris))
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
                self.hits += 1
        if entry is None:
            entry = freeze(self.inner.query(sparql, default_graph_uris=default_graph_uris,
                                            named_graph_uris=named_graph_uris))
            self._keep(key, entry)
        return thaw(entry)

    def _keep(self, key: tuple, entry: tuple[str, bytes]) -> None:
        with self._lock:
            self.misses += 1
            if len(entry[1]) > self.max_entry or key in self._entries:
                return
            self._entries[key] = entry
            self._size += len(entry[1])
            while self._size > self.max_bytes:
                _, (_, body) = self._entries.popitem(last=False)
                self._size -= len(body)

    def dump(self, format: str, graph: str | None = None) -> bytes:
        return self.inner.dump(format, graph)

    def named_graphs(self) -> list[str]:
        return self.inner.named_graphs()

    def __len__(self) -> int:
        return len(self.inner)

    def version(self) -> str:
        return getattr(self.inner, "version", lambda: "")()

    @property
    def needs_network(self) -> bool:
        return getattr(self.inner, "needs_network", False)

    def for_worker(self) -> Store:
        """Query workers get the store itself: user queries are not cached (each is new)."""
        inner = self.inner
        return inner.for_worker() if hasattr(inner, "for_worker") else inner


def freeze(results: QueryResults) -> tuple[str, bytes]:
    """A result as ``(kind, bytes)``, every row read."""
    if isinstance(results, ox.QueryTriples):
        return "graph", ox.serialize(results, format=ox.RdfFormat.N_TRIPLES)
    if isinstance(results, ox.QueryBoolean):
        return "boolean", b'{"head":{},"boolean":%s}' % (b"true" if results else b"false")
    return "solutions", results.serialize(format=JSON)


def thaw(entry: tuple[str, bytes]) -> QueryResults:
    """A fresh pyoxigraph result from :func:`freeze`'s bytes."""
    kind, body = entry
    if kind == "graph":
        return triples_result(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
    return ox.parse_query_results(body, format=JSON)
