"""A remote SPARQL 1.1 endpoint behind the :class:`kg.store.Store` interface (SPARQLWrapper).

Answers come back as the very pyoxigraph objects the embedded store returns — SELECT and ASK
parsed from SPARQL JSON by ``pyoxigraph.parse_query_results``, CONSTRUCT and DESCRIBE as
``QueryTriples`` — so ``kg.store.query``, the pages and the dumps run unchanged on either backend.

What the embedded store adds to a query is added here as text: the ontology prefixes and the
data base IRI, on the query's first line (error positions stay right). A query's own
``FROM <iri>`` clauses are sent as protocol parameters instead, which every endpoint honours
(``oxigraph serve --union-default-graph`` ignores FROM in the text). The server must make its
default graph the union of the named graphs, as the embedded store does: ``docs/deployment.md``.
"""

from __future__ import annotations

import ast
import re
import time
import warnings
from collections.abc import Sequence
from urllib.error import URLError

import pyoxigraph as ox
from SPARQLWrapper import POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from kg import formats, namespaces
from kg.errors import QueryError
from kg.namespaces import PREFIXES

from .guard import code_part

JSON_RESULTS = "application/sparql-results+json"
ACCEPT = f"{JSON_RESULTS}, application/n-triples;q=0.9, text/turtle;q=0.8"
_DECLARED = re.compile(r"PREFIX\s*([A-Za-z][\w.-]*)?\s*:", re.I)
_BASE = re.compile(r"(?<![\w?$:])BASE(?![\w:-])", re.I)
_FROM = re.compile(r"(?<![\w?$:\-])FROM(?![\w:\-])", re.I)
_FROM_IRI = re.compile(r"\s+(NAMED\s+)?<([^<>\s]*)>", re.I)
_ERROR_AT = re.compile(r"error at (\d+):(\d+)")


class RemoteUnavailable(QueryError):
    """The remote endpoint did not answer, or answered with a server error."""


class RemoteStore:
    """Queries go to ``endpoint`` (its SPARQL query URL); nothing is ever written to it."""

    needs_network = True  # query workers must keep their network (kg.store.pool cuts it otherwise)

    def __init__(self, endpoint: str, *, timeout: float = 60.0, cache_ttl: float = 60.0,
                 prefixes: dict[str, str] | None = None, base_iri: str | None = None,
                 user: str | None = None, password: str | None = None):
        self.endpoint, self.timeout, self.cache_ttl = endpoint, timeout, cache_ttl
        self.prefixes = {k: str(v) for k, v in (PREFIXES if prefixes is None else prefixes).items()}
        self.base_iri = base_iri or namespaces.base_iri()
        self.user, self.password = user, password
        self._memo: dict[str, tuple[str, object]] = {}

    def query(self, sparql: str, *, default_graph_uris: Sequence[str] = (),
              named_graph_uris: Sequence[str] = ()):
        """Evaluate remotely; raise ``SyntaxError`` (with line:column) as pyoxigraph does."""
        text, defaults, named = lift_dataset(sparql)
        if default_graph_uris or named_graph_uris:  # the protocol dataset wins over FROM
            defaults, named = list(default_graph_uris), list(named_graph_uris)
        body, content_type = self._post(self._prologue(text) + text, defaults, named)
        if content_type.startswith(JSON_RESULTS) or content_type.startswith("application/json"):
            return ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        fmt = formats.find(content_type, formats.family("graph"))
        if fmt is None:
            raise RemoteUnavailable(f"{self.endpoint} answered with unexpected {content_type!r}")
        return triples_result(ox.parse(body, format=fmt.serializer))

    def dump(self, format: str, graph: str | None = None) -> bytes:
        """One graph, or the whole dataset, fetched with a query and written by Oxigraph."""
        fmt = formats.find(format, formats.family("dataset"))
        if fmt is None:
            raise QueryError(f"cannot dump as {format!r}")
        copy = ox.Store()
        if graph is not None:
            pattern = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
            copy.extend(ox.Quad(*t, ox.NamedNode(graph)) for t in self.query(pattern))
            if fmt.name in formats.DATASET_FORMATS:  # TriG, N-Quads: keep the graph's name
                return copy.dump(format=fmt.serializer, prefixes=self.prefixes)
            return copy.dump(format=fmt.serializer, from_graph=ox.NamedNode(graph),
                             prefixes=self.prefixes)
        rows = self.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        copy.extend(ox.Quad(r["s"], r["p"], r["o"], r["g"]) for r in rows)
        if fmt.name in formats.DATASET_FORMATS:
            return copy.dump(format=fmt.serializer, prefixes=self.prefixes)
        union = copy.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
                           use_default_graph_as_union=True)
        return ox.serialize(union, format=fmt.serializer, prefixes=self.prefixes)

    def named_graphs(self) -> list[str]:
        rows = self._cached("graphs", "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(row["g"].value for row in rows if isinstance(row["g"], ox.NamedNode))

    def __len__(self) -> int:
        rows = self._cached("count", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(rows[0]["n"].value)

    def version(self) -> str:
        """What cached answers are keyed by: the remote data may change at any time, so a cached
        answer lives at most ``cache_ttl`` seconds."""
        return f"ttl-{int(time.monotonic() // max(self.cache_ttl, 0.001))}"

    def check_union_default_graph(self) -> bool:
        """Whether the endpoint's default graph holds the named graphs' triples (it should)."""
        probe = "ASK { GRAPH ?g { ?s ?p ?o } FILTER NOT EXISTS { ?s ?p ?o } }"
        return not bool(self.query(probe)) and len(self) > 0

    def _cached(self, name: str, sparql: str) -> list:
        version = self.version()
        found = self._memo.get(name)
        if found is None or found[0] != version:
            found = (version, list(self.query(sparql)))
            self._memo[name] = found
        return found[1]

    def _prologue(self, text: str) -> str:
        """Our prefixes the query does not declare, and our base unless it has one; one line."""
        code = code_part(text)
        declared = {m.group(1) or "" for m in _DECLARED.finditer(code)}
        parts = [] if _BASE.search(code) else [f"BASE <{self.base_iri}>"]
        parts += [f"PREFIX {p}: <{ns}>" for p, ns in self.prefixes.items() if p not in declared]
        return " ".join(parts) + "\n"

    def _post(self, text: str, defaults: list[str], named: list[str]) -> tuple[bytes, str]:
        client = SPARQLWrapper(self.endpoint)
        client.setMethod(POST)
        client.setOnlyConneg(True)  # no format=/output= parameters: the Accept header decides
        client.setTimeout(int(max(1, self.timeout)))
        client.addCustomHttpHeader("Accept", ACCEPT)
        if self.user:
            client.setCredentials(self.user, self.password or "")
        for iri in defaults:
            client.addParameter("default-graph-uri", iri)
        for iri in named:
            client.addParameter("named-graph-uri", iri)
        with warnings.catch_warnings():  # SPARQLWrapper warns about forms it cannot classify
            warnings.simplefilter("ignore", RuntimeWarning)
            client.setQuery(text)
            try:
                response = client.query().response
                return response.read(), response.headers.get("Content-Type", "")
            except SPARQLWrapperException as exc:
                raise _error(exc) from None
            except (URLError, OSError) as exc:
                raise RemoteUnavailable(f"{self.endpoint}: {exc}") from None


def _error(exc: SPARQLWrapperException) -> Exception:
    body = _response(exc)
    if type(exc).__name__ != "QueryBadFormed":
        return RemoteUnavailable(f"the remote endpoint failed: {body.strip()[:300]}")
    # our prologue is one extra first line: report positions in the caller's query
    return SyntaxError(_ERROR_AT.sub(lambda m: f"error at {int(m[1]) - 1}:{m[2]}", body.strip()))


def _response(exc: SPARQLWrapperException) -> str:
    """The server's answer: SPARQLWrapper keeps it only inside its message, as a bytes repr."""
    _, found, raw = str(exc).partition("Response:\n")
    try:
        body = ast.literal_eval(raw) if found else b""
    except (ValueError, SyntaxError):
        return raw
    return body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body)


def lift_dataset(text: str) -> tuple[str, list[str], list[str]]:
    """``FROM <iri>`` / ``FROM NAMED <iri>`` clauses taken out of the text (blanked, so positions
    keep) and returned as protocol graph lists. Prefixed-name FROMs are left to the server.

    >>> lift_dataset("SELECT * FROM <g1> FROM NAMED <g2> { ?s ?p ?o }")[1:]
    (['g1'], ['g2'])
    """
    code, out = code_part(text), list(text)
    defaults: list[str] = []
    named: list[str] = []
    for keyword in _FROM.finditer(code):  # the IRI is blanked in the code part: read the text
        clause = _FROM_IRI.match(text, keyword.end())
        if clause:
            (named if clause.group(1) else defaults).append(clause.group(2))
            out[keyword.start():clause.end()] = " " * (clause.end() - keyword.start())
    return "".join(out), defaults, named


def triples_result(triples) -> ox.QueryTriples:
    """A real ``QueryTriples`` holding ``triples`` (consumers check the result's type)."""
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    return store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")


