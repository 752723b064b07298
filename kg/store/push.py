"""``kg load``: copy the built dataset into a SPARQL server, one named graph at a time.

Two ways in, both standard, both over httpx with basic or digest authentication (Virtuoso's
``/sparql-graph-crud-auth`` and ``/sparql-auth`` want digest):

- the SPARQL 1.1 Graph Store HTTP Protocol: ``PUT <gsp>?graph=<g>`` with the graph as N-Triples
  (replaces it), then ``POST`` for the rest of a graph larger than one request;
- SPARQL 1.1 Update: ``DROP SILENT GRAPH <g>``, then ``INSERT DATA`` in chunks of
  :data:`UPDATE_CHUNK` triples (Virtuoso's SPARQL parser runs out of stack near 5,000).

Each graph is replaced whole, so a repeated load converges on the built file; graphs that no longer
exist locally are left alone. Then, unless told not to, the *union graph* (:mod:`kg.store.scope`):
each distinct triple of the named graphs once, which ``kg serve --endpoint`` uses as the default
graph. :func:`store_union` instead stores that union as the server's own default graph through
SPARQL Update (for ``oxigraph serve`` without ``--union-default-graph``).

Every failure is one :class:`StoreError` line naming the graph, the URL and the server's answer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pyoxigraph as ox

from kg.parallel import Progress, no_progress

from .endpoint import make_auth, refusal
from .oxigraph import StoreError, open_store
from .scope import union_graph

GSP_CHUNK = 100_000  # triples per Graph Store request (~15 MB): within any server's body limit
UPDATE_CHUNK = 1_000  # triples per INSERT DATA; Virtuoso 7.2 fails at ~4,990 ("memory exhausted")
NT = "application/n-triples"


@dataclass(frozen=True)
class Pushed:
    graphs: int
    quads: int
    union: int = 0  # triples in the union graph (0: not written)


def push(data: Path, endpoint: str, *, protocol: str = "gsp", user: str | None = None,
         password: str | None = None, auth: str = "basic", timeout: float = 300.0,
         union: bool = True, progress: Progress = no_progress) -> Pushed:
    """Send every named graph of ``data`` to ``endpoint`` (a GSP service or an Update URL), then
    their union graph if ``union``.

    :raise StoreError: the server refused a graph (the message has its status and answer).
    """
    store = open_store(data)
    graphs, quads, merged = store.named_graphs(), 0, 0
    with httpx.Client(auth=make_auth(user, password, auth), timeout=timeout,
                      trust_env=False) as client:
        send = _gsp if protocol == "gsp" else _update
        with progress("loading", len(graphs) + union) as update:
            for graph in graphs:
                quads += send(client, endpoint, graph, store.dump("nt", graph))
                update(1)
            if union:  # the store's default graph: the merge of the named graphs, a set
                merged = send(client, endpoint, union_graph(), store.dump("nt"))
                update(1)
    return Pushed(len(graphs), quads, merged)


STORE_UNION = ("DROP SILENT DEFAULT",
               "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
"""Make the default graph the *set* union of the named graphs, as the embedded store keeps it."""


def store_union(update_endpoint: str, *, user: str | None = None, password: str | None = None,
                auth: str = "basic", timeout: float = 300.0) -> None:
    """Replace the server's default graph with the distinct union of its named graphs, for
    ``oxigraph serve`` without ``--union-default-graph`` (whose default graph starts empty).
    Repeatable.

    :raise StoreError: the server refused the update.
    """
    with httpx.Client(auth=make_auth(user, password, auth), timeout=timeout,
                      trust_env=False) as client:
        for update in STORE_UNION:
            _post(client, update_endpoint, "the default graph", update)


def _gsp(client: httpx.Client, endpoint: str, graph: str, body: bytes) -> int:
    """PUT the first chunk (replacing the graph), POST the others (adding to it)."""
    sent = 0
    for number, chunk in enumerate(_chunks(body, GSP_CHUNK)):
        method = client.put if number == 0 else client.post
        _check(lambda m=method, c=chunk: m(endpoint, params={"graph": graph}, content=c,
                                           headers={"Content-Type": NT}), graph, endpoint)
        sent += chunk.count(b"\n")
    return sent


def _update(client: httpx.Client, endpoint: str, graph: str, body: bytes) -> int:
    node = ox.NamedNode(graph)
    _post(client, endpoint, graph, f"DROP SILENT GRAPH {node}")
    sent = 0
    for chunk in _chunks(body, UPDATE_CHUNK):
        text = chunk.decode("utf-8")
        _post(client, endpoint, graph, f"INSERT DATA {{ GRAPH {node} {{\n{text}}} }}")
        sent += chunk.count(b"\n")
    return sent


def _post(client: httpx.Client, endpoint: str, graph: str, update: str) -> None:
    _check(lambda: client.post(endpoint, data={"update": update}), graph, endpoint)


def _check(send: Callable[[], httpx.Response], graph: str, endpoint: str) -> None:
    """Send; a refusal or a failure becomes one line naming the graph and the server's answer."""
    try:
        response = send()
    except httpx.HTTPError as exc:
        raise StoreError(f"{graph}: cannot reach {endpoint}: {exc}") from None
    if response.status_code >= 300:
        raise StoreError(f"{graph}: {endpoint} answered {refusal(response)}")


def _chunks(body: bytes, size: int) -> Iterator[bytes]:
    """``body`` (N-Triples, one triple a line) in pieces of at most ``size`` lines; one empty
    piece for an empty graph, so that it is still replaced."""
    lines = body.splitlines(keepends=True)
    for start in range(0, max(len(lines), 1), size):
        yield b"".join(lines[start:start + size])
