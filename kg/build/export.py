"""Serialise a dataset deterministically: the same inputs always give the same bytes."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset

from kg import formats
from kg.errors import KGError
from kg.namespaces import PREFIXES


def to_store(ds: Dataset) -> ox.Store:
    """Copy an rdflib dataset into pyoxigraph, quads in sorted order (see :func:`store_from_nquads`)."""
    nquads = ds.serialize(format="nquads", encoding="utf-8").decode("utf-8")
    return store_from_nquads(line for line in nquads.split("\n") if line)


def store_from_nquads(lines: Iterable[str]) -> ox.Store:
    """Load N-Quads lines into a new pyoxigraph store, deduplicated and in sorted order.

    rdflib's iteration order depends on the hash seed; loading sorted N-Quads (the dataset has no
    blank nodes) makes pyoxigraph's output order, and so the written file, reproducible — and the
    same whether the lines come from one whole dataset or graph by graph (``kg build``'s cache).
    The store keeps literals as values: integer subtypes (xsd:nonNegativeInteger…) come back as
    xsd:integer, which is why the converter writes every count and offset as xsd:integer.
    """
    ordered = sorted(set(lines))
    store = ox.Store()
    # load, not bulk_load: in memory it is faster (1M quads: 5.6 s against 6.7 s), same order
    store.load(("\n".join(ordered) + "\n").encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    return store


def dataset_trig(graphs: Mapping[str, Iterable[str]], order: Sequence[str],
                 id_base: str | None = None,
                 block: Callable[[str, Iterable[str]], bytes] | None = None) -> bytes:
    """The dataset as ``kg build`` writes it: the prefix lines, then one TriG block per named
    graph in ``order``. Blocks are independent, so a rebuild re-serialises only the graphs that
    changed (``block`` may serve them from a cache); the same lines always give the same bytes."""
    block = block or (lambda graph, lines: graph_block(lines, id_base))
    return trig_header(id_base) + b"".join(block(graph, graphs[graph]) for graph in order)


def graph_block(lines: Iterable[str], id_base: str | None = None) -> bytes:
    """One graph's N-Quads lines as its TriG block ``<g> { … }``, without the prefix lines."""
    return _split_header(serialize(store_from_nquads(lines), "trig", id_base=id_base))[1]


def trig_header(id_base: str | None = None) -> bytes:
    """The ``@prefix`` lines Oxigraph writes at the top of every TriG dump (all of them, used or
    not, in its own fixed order), from a one-quad dump."""
    probe = ox.Store()
    probe.add(ox.Quad(ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"), ox.NamedNode("urn:x:o"),
                      ox.NamedNode("urn:x:g")))
    return _split_header(serialize(probe, "trig", id_base=id_base))[0]


def _split_header(text: bytes) -> tuple[bytes, bytes]:
    end = 0
    while text.startswith(b"@prefix ", end):
        end = text.index(b"\n", end) + 1
    return text[:end], text[end:]


def graphs_of(ds: Dataset) -> dict[str, list[str]]:
    """An rdflib dataset's N-Quads lines by graph IRI (what ``kg build`` caches per graph)."""
    nquads = ds.serialize(format="nquads", encoding="utf-8").decode("utf-8")
    graphs: dict[str, list[str]] = {}
    for line in nquads.split("\n"):  # not splitlines(): a literal may hold U+2028
        if line:
            graphs.setdefault(line[line.rindex(" <") + 2:line.rindex(">")], []).append(line)
    return graphs


def serialize(store: ox.Store, fmt: str = "trig", graph: str | None = None,
              id_base: str | None = None) -> bytes:
    """Serialise the whole store (or one named ``graph``) as ``fmt`` (a name from kg.formats)."""
    found = formats.find(fmt, formats.family("dataset"))
    if found is None:
        names = ", ".join(f.name for f in formats.family("dataset"))
        raise KGError(f"--format: unknown format {fmt!r} (choose from {names})")
    prefixes = {k: str(v) for k, v in PREFIXES.items()}
    if id_base:
        prefixes["id"] = id_base
    if graph is not None and found.name in formats.DATASET_FORMATS:  # keep the graph's name
        quads = store.quads_for_pattern(None, None, None, ox.NamedNode(graph))
        return ox.serialize(quads, format=found.serializer, prefixes=prefixes)
    if graph is not None:
        return store.dump(format=found.serializer, from_graph=ox.NamedNode(graph), prefixes=prefixes)
    if found.name in formats.DATASET_FORMATS:
        return store.dump(format=found.serializer, prefixes=prefixes)
    union = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
    return ox.serialize(union, format=found.serializer, prefixes=prefixes)


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half."""
    with atomic_fd(path) as fd:
        write_all(fd, data)


@contextmanager
def atomic_fd(path: Path, *, sync: bool = True) -> Iterator[int]:
    """A descriptor open on a new temporary file beside ``path``; once the block ends, the file
    is synced to disk (``sync``) and renamed over ``path``; if it raises, the file is removed
    and ``path`` is left as it was.

    The file gets the mode any new file gets (0644 under the usual umask 022), not mkstemp's
    0600: a built dataset is meant to be read by the web server and by other users.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.parent / f".{path.name}.{secrets.token_hex(8)}.tmp"
    # O_EXCL: the name is never an existing file; mode 0o666 lets the kernel apply the umask.
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        try:
            yield fd
            if sync:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def write_all(fd: int, data: bytes) -> None:
    """``os.write`` until all of ``data`` is written (a write may take only part of it)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
