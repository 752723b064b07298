"""A remote SPARQL 1.1 endpoint behind the :class:`kg.store.Store` interface (httpx).

Answers come back as the very pyoxigraph objects the embedded store returns (SELECT and ASK as
``QuerySolutions``/``QueryBoolean``, CONSTRUCT and DESCRIBE as ``QueryTriples``; see
:mod:`kg.store.answers` for the formats asked and how terms are converted), so ``kg.store.query``, the
pages and the dumps run unchanged on either backend. Tested on ``oxigraph serve`` and Virtuoso.

What the embedded store adds to a query is added here as text: the ontology prefixes and the data
base IRI, on the query's first line (error positions stay right). A query's own ``FROM <iri>``
clauses are sent as protocol parameters instead, which every endpoint honours (``oxigraph serve
--union-default-graph`` ignores FROM in the text). A query without a dataset of its own is
confined to our graphs as :mod:`kg.store.scope` explains.

A server that cuts an answer short must not pass for a complete one: Virtuoso marks a SELECT cut
at its ``ResultSetMaxRows`` (``X-SPARQL-MaxRows``) and an answer cut at its time limit
(``X-SQL-State``); a dump checks each graph's triples against the graph's count.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence

import httpx
import pyoxigraph as ox

from kg import formats, namespaces
from kg.errors import QueryError
from kg.namespaces import PREFIXES

from .answers import ACCEPT, UnexpectedAnswer, parse_answer, triples_result
from .dialect import for_virtuoso, refuse_extensions
from .endpoint import Client, make_auth, refusal, server_message
from .guard import code_part, inspect
from .query import QuerySyntaxError, QueryTimeout
from .scope import Scope, is_ours, no_graph, union_graph

__all__ = ["RemoteStore", "RemoteTruncated", "RemoteUnavailable", "lift_dataset", "triples_result"]
COUNTS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
# Every caller reads at most this many rows (the pages 20,000, /sparql 10,000): a server that cut
# an answer above it cut nothing anyone reads.
ENOUGH_ROWS = 20_001
_DECLARED = re.compile(r"PREFIX\s*([A-Za-z][\w.-]*)?\s*:", re.I)
_BASE = re.compile(r"(?<![\w?$:])BASE(?![\w:-])", re.I)
_FROM = re.compile(r"(?<![\w?$:\-])FROM(?![\w:\-])", re.I)
_FROM_IRI = re.compile(r"\s+(NAMED\s+)?<([^<>\s]*)>", re.I)
_OX_AT = re.compile(r"error at (\d+):(\d+)")
_VIRTUOSO_LINE = re.compile(r"SPARQL compiler, line (\d+): (.*)")
# Virtuoso: SR171 "Transaction timed out"; S1T00 the timeout state; the cost estimate refusal;
# SR203 "Async statement killed by SQLCancel" (HY008): an "anytime" query its time limit cancelled
# instead of cutting (it happens on a busy server).
_TIMED_OUT = re.compile(r"\bS1T00\b|\bSR171\b|\bSR203\b|estimated execution time", re.I)


class RemoteUnavailable(QueryError):
    """The remote endpoint did not answer, or answered with a server error."""


class RemoteTruncated(RemoteUnavailable):
    """The server sent part of an answer (its row limit cut it)."""


class RemoteStore:
    """Queries go to ``endpoint`` (its SPARQL query URL); nothing is ever written to it."""

    needs_network = True  # query workers must keep their network (kg.store.pool cuts it otherwise)

    def __init__(self, endpoint: str, *, timeout: float = 60.0, cache_ttl: float = 60.0,
                 prefixes: dict[str, str] | None = None, base_iri: str | None = None,
                 user: str | None = None, password: str | None = None, auth: str = "basic"):
        self.endpoint, self.timeout, self.cache_ttl = endpoint, timeout, cache_ttl
        self.prefixes = {k: str(v) for k, v in (PREFIXES if prefixes is None else prefixes).items()}
        self.base_iri = base_iri or namespaces.base_iri()
        self.engine = ""  # "virtuoso" once its Server header said so
        self._http = Client(timeout=timeout, auth=make_auth(user, password, auth))
        self._memo: dict[str, tuple[str, object]] = {}

    def query(self, sparql: str, *, default_graph_uris: Sequence[str] = (),
              named_graph_uris: Sequence[str] = ()):
        """Evaluate remotely; raise ``SyntaxError`` (with line:column) as pyoxigraph does, or
        :class:`QuerySyntaxError` with the line where the server gives no column."""
        text, defaults, named = lift_dataset(sparql)
        if default_graph_uris or named_graph_uris:  # the protocol dataset wins over FROM
            defaults, named = list(default_graph_uris), list(named_graph_uris)
        if not defaults and not named:
            defaults, named = self.scope().dataset(text)
        return self._evaluate(text, defaults, named)

    def dump(self, format: str, graph: str | None = None) -> bytes:
        """One graph, or the whole dataset, fetched graph by graph and written by Oxigraph.

        :raise RemoteTruncated: the server sent fewer triples of a graph than it holds.
        """
        fmt = formats.find(format, formats.family("dataset"))
        if fmt is None:
            raise QueryError(f"cannot dump as {format!r}")
        counts = self._counts()
        copy = ox.Store()
        for name in [graph] if graph is not None else self.named_graphs():
            node = ox.NamedNode(name)
            copy.extend(ox.Quad(*t, node) for t in self._graph(name, counts.get(name, 0)))
        if graph is not None:
            if fmt.name in formats.DATASET_FORMATS:  # TriG, N-Quads: keep the graph's name
                return copy.dump(format=fmt.serializer, prefixes=self.prefixes)
            return copy.dump(format=fmt.serializer, from_graph=ox.NamedNode(graph),
                             prefixes=self.prefixes)
        if fmt.name in formats.DATASET_FORMATS:
            return copy.dump(format=fmt.serializer, prefixes=self.prefixes)
        union = ox.Store()  # a set: a triple two graphs state is written once
        union.extend(ox.Quad(q.subject, q.predicate, q.object) for q in copy)
        return union.dump(format=fmt.serializer, from_graph=ox.DefaultGraph(),
                          prefixes=self.prefixes)

    def named_graphs(self) -> list[str]:
        return sorted(self._counts())

    def __len__(self) -> int:
        return sum(self._counts().values())

    def version(self) -> str:
        """What cached answers are keyed by: the remote data may change at any time, so a cached
        answer lives at most ``cache_ttl`` seconds."""
        return f"ttl-{int(time.monotonic() // max(self.cache_ttl, 0.001))}"

    def scope(self) -> Scope:
        """How queries are confined to our graphs (found again every ``cache_ttl`` seconds)."""
        return self._survey()[0]

    def check_union_default_graph(self) -> bool:
        """Whether the default graph queries see holds the named graphs' triples (it should)."""
        if self.scope().union is not None:
            return True
        probe = "ASK { GRAPH ?g { ?s ?p ?o } FILTER NOT EXISTS { ?s ?p ?o } }"
        return not bool(self.query(probe)) and len(self) > 0

    def _survey(self) -> tuple[Scope, dict[str, int]]:
        return self._cached("survey", self._find_scope)

    def _find_scope(self) -> tuple[Scope, dict[str, int]]:
        """The scope, and the quads of each graph it lets queries see. One query counts the
        quads of every graph on the server: engines answer it from their indexes (Virtuoso: 0.07 s
        at 1M quads, where listing the graphs with SELECT DISTINCT took 10 s)."""
        rows = self._select(COUNTS)
        counts = {r["g"].value: int(r["n"].value) for r in rows if isinstance(r["g"], ox.NamedNode)}
        union = union_graph(self.base_iri)
        if union not in counts:
            return Scope(), counts
        ours = {g: n for g, n in counts.items() if is_ours(g, self.base_iri)}
        return Scope(union, tuple(sorted(ours)), no_graph(self.base_iri)), ours

    def _counts(self) -> dict[str, int]:
        return self._survey()[1]

    def _graph(self, name: str, expected: int) -> list[ox.Triple]:
        node = ox.NamedNode(name)
        query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {node} {{ ?s ?p ?o }} }}"
        triples = list(self._evaluate(query, [], [name]))
        if len(set(triples)) < expected:
            raise RemoteTruncated(
                f"{self.endpoint} sent {len(set(triples))} of the {expected} triples of {node}: "
                "its result limit cut the answer (Virtuoso: raise ResultSetMaxRows)")
        return triples

    def _select(self, text: str) -> list:
        return list(self._evaluate(text, [], []))

    def _cached(self, name: str, compute):
        version = self.version()
        found = self._memo.get(name)
        if found is None or found[0] != version:
            found = (version, compute())
            self._memo[name] = found
        return found[1]

    def _evaluate(self, text: str, defaults: list[str], named: list[str]):
        shape = inspect(text)
        refuse_extensions(text)
        sent = for_virtuoso(text) if self.engine == "virtuoso" else text
        response = self._post(self._prologue(text) + sent, defaults, named, ACCEPT[shape.family])
        try:
            return parse_answer(response.content, response.headers.get("Content-Type", ""),
                                shape.form)
        except UnexpectedAnswer as exc:
            raise RemoteUnavailable(f"{self.endpoint} sent {exc}") from None

    def _prologue(self, text: str) -> str:
        """Our prefixes the query does not declare, and our base unless it has one; one line."""
        code = code_part(text)
        declared = {m.group(1) or "" for m in _DECLARED.finditer(code)}
        parts = [] if _BASE.search(code) else [f"BASE <{self.base_iri}>"]
        parts += [f"PREFIX {p}: <{ns}>" for p, ns in self.prefixes.items() if p not in declared]
        return " ".join(parts) + "\n"

    def _post(self, text: str, defaults: list[str], named: list[str], accept: str) -> httpx.Response:
        form = {"query": text, "default-graph-uri": defaults, "named-graph-uri": named}
        try:
            response = self._http.get().post(self.endpoint, data=form, headers={"Accept": accept})
        except httpx.TimeoutException:
            raise QueryTimeout(f"{self.endpoint} did not answer within {self.timeout:g} s") from None
        except httpx.HTTPError as exc:
            raise RemoteUnavailable(f"{self.endpoint}: {exc}") from None
        if "virtuoso" in response.headers.get("Server", "").lower():
            self.engine = "virtuoso"
        if response.status_code >= 400:
            raise self._refused(response)
        self._check_complete(response)
        return response

    def _refused(self, response: httpx.Response) -> Exception:
        message = server_message(response, limit=500)
        if _TIMED_OUT.search(message):
            return QueryTimeout(f"the server stopped the query: {message}")
        if response.status_code != 400:
            return RemoteUnavailable(f"{self.endpoint} answered {refusal(response)}")
        return _syntax_error(message)

    def _check_complete(self, response: httpx.Response) -> None:
        if "X-SQL-State" in response.headers:  # Virtuoso's "anytime" answer: partial
            raise QueryTimeout("the server stopped the query at its time limit and sent a partial "
                               f"answer: {response.headers.get('X-SQL-Message', '')}".strip())
        cut = response.headers.get("X-SPARQL-MaxRows")
        if cut and cut.isdigit() and int(cut) < ENOUGH_ROWS:
            raise RemoteTruncated(f"{self.endpoint} cut the answer at its limit of {cut} rows "
                                  f"(Virtuoso: raise ResultSetMaxRows to at least {ENOUGH_ROWS})")


def _syntax_error(message: str) -> Exception:
    """The server's syntax error, its position moved back over our one-line prologue."""
    if _OX_AT.search(message):
        return SyntaxError(_OX_AT.sub(lambda m: f"error at {int(m[1]) - 1}:{m[2]}", message))
    found = _VIRTUOSO_LINE.search(message)
    if found:
        line = max(1, int(found[1]) - 1)
        detail = re.sub(r"^syntax error\s*", "", found[2])
        return QuerySyntaxError(f"syntax error at line {line}: {detail}", line)
    return SyntaxError(message)


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
