"""``kg load``: copy the built dataset into a SPARQL server, one named graph at a time.

Two ways in, both standard: the SPARQL 1.1 Graph Store HTTP Protocol (``PUT <gsp>?graph=<g>``
with the graph as N-Triples; replaces the graph) or SPARQL 1.1 Update through SPARQLWrapper
(``DROP SILENT GRAPH <g>`` then ``INSERT DATA`` in chunks). Each graph is replaced whole, so a
repeated load converges on the built file; graphs that no longer exist locally are left alone.
:func:`store_union` then stores the union of the named graphs as the default graph, for servers
whose own union is a bag (see docs/deployment.md).
"""

from __future__ import annotations

import base64
import urllib.error
import urllib.parse
import urllib.request
import warnings
from dataclasses import dataclass
from pathlib import Path

from SPARQLWrapper import POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from kg.parallel import Progress, no_progress

from .oxigraph import StoreError, open_store

CHUNK = 20_000  # triples per INSERT DATA: servers cap request sizes (Virtuoso's default ~10 MB)


@dataclass(frozen=True)
class Pushed:
    graphs: int
    quads: int


def push(data: Path, endpoint: str, *, protocol: str = "gsp", user: str | None = None,
         password: str | None = None, timeout: float = 300.0,
         progress: Progress = no_progress) -> Pushed:
    """Send every named graph of ``data`` to ``endpoint`` (a GSP service or an Update URL).

    :raise StoreError: the server refused a graph (the message has its status and answer).
    """
    store = open_store(data)
    send = _put if protocol == "gsp" else _update
    graphs, quads = store.named_graphs(), 0
    with progress("loading", len(graphs)) as update:
        for graph in graphs:
            body = store.dump("nt", graph)
            send(endpoint, graph, body, _auth(user, password), timeout)
            quads += body.count(b"\n")
            update(1)
    return Pushed(len(graphs), quads)


STORE_UNION = ("DROP SILENT DEFAULT",
               "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
"""Make the default graph the *set* union of the named graphs, as the embedded store keeps it."""


def store_union(update_endpoint: str, *, user: str | None = None, password: str | None = None,
                timeout: float = 300.0) -> None:
    """Replace the server's default graph with the distinct union of its named graphs, for servers
    whose union default graph is a bag or absent (``oxigraph serve``; Fuseki's
    ``unionDefaultGraph`` and Virtuoso's default graph are sets already). Repeatable.

    :raise StoreError: the server refused the update.
    """
    for update in STORE_UNION:
        _post_update(update_endpoint, update, _auth(user, password), timeout)


def _auth(user: str | None, password: str | None) -> dict[str, str]:
    if not user:
        return {}
    token = base64.b64encode(f"{user}:{password or ''}".encode()).decode("ascii")
    return {"Authorization": f"Basic {token}"}


def _put(endpoint: str, graph: str, body: bytes, headers: dict, timeout: float) -> None:
    separator = "&" if "?" in endpoint else "?"
    url = f"{endpoint}{separator}graph={urllib.parse.quote(graph, safe='')}"
    request = urllib.request.Request(url, data=body, method="PUT", headers={
        "Content-Type": "application/n-triples", **headers})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode("utf-8", "replace").strip()[:300]
        raise StoreError(f"{url}: HTTP {exc.code}: {detail}") from None
    except OSError as exc:
        raise StoreError(f"{endpoint}: {exc}") from None


def _update(endpoint: str, graph: str, body: bytes, headers: dict, timeout: float) -> None:
    lines = body.decode("utf-8").splitlines()
    updates = [f"DROP SILENT GRAPH <{graph}>"]
    for start in range(0, len(lines), CHUNK):
        triples = "\n".join(lines[start:start + CHUNK])
        updates.append(f"INSERT DATA {{ GRAPH <{graph}> {{\n{triples}\n}} }}")
    for update in updates:
        _post_update(endpoint, update, headers, timeout)


def _post_update(endpoint: str, update: str, headers: dict, timeout: float) -> None:
    client = SPARQLWrapper(endpoint, updateEndpoint=endpoint)
    client.setMethod(POST)
    client.setTimeout(int(timeout))
    for name, value in headers.items():
        client.addCustomHttpHeader(name, value)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        client.setQuery(update)
        try:
            client.query().response.read()
        except SPARQLWrapperException as exc:
            raise StoreError(f"{endpoint}: update refused: {exc.response!r:.300}") from None
        except (urllib.error.URLError, OSError) as exc:
            raise StoreError(f"{endpoint}: {exc}") from None
