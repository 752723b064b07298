"""Run one SPARQL query safely: inspect it, evaluate it on a :class:`~kg.store.Store`, write it.

``run()`` is what the CLI uses in-process; ``evaluate()`` is what the web app's worker processes
run (see :mod:`kg.store.pool`), returning bytes ready to send. Whatever the engine raises while
evaluating (an unknown function, a type error it reports, an I/O error) becomes a
:class:`QueryFailed` with its message, never an unexplained crash. Example queries ship as
``kg/queries/NN-slug.rq`` and are listed by :func:`load_examples`.
"""

from __future__ import annotations

import re
import threading
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from kg import formats
from kg.errors import QueryError
from kg.namespaces import PREFIXES
from kg.resources import QUERIES

from . import guard
from .oxigraph import OxigraphStore, Store
from .results import Result, collect

MAX_ROWS = 10_000
MAX_QUERY_BYTES = 16_384
MAX_QUERY_DEPTH = guard.MAX_DEPTH
_OX_ERROR = re.compile(r"error at (\d+):(\d+): (.*)", re.S)


class QuerySyntaxError(QueryError):
    """The engine could not parse the query; ``line``/``column`` point at the problem."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.line, self.column = line, column

    def __reduce__(self):  # keep line/column when the error crosses a process boundary
        return type(self), (str(self), self.line, self.column)


class QueryTimeout(QueryError):
    """The query ran past the time limit and was stopped."""


class QueryFailed(QueryError):
    """The engine refused to evaluate the query (e.g. a function it does not know)."""


class NoAcceptableFormat(QueryError):
    """None of the formats the client accepts can hold this kind of result."""


@dataclass(frozen=True)
class Job:
    """One query request, as sent to a worker process (it must pickle)."""

    text: str
    default_graph_uris: tuple[str, ...] = ()
    named_graph_uris: tuple[str, ...] = ()
    formats: tuple[tuple[str, str | None], ...] = (("results", "json"), ("graph", "ttl"))
    max_rows: int = MAX_ROWS
    max_bytes: int = MAX_QUERY_BYTES
    max_depth: int | None = MAX_QUERY_DEPTH


@dataclass(frozen=True)
class Answer:
    """A finished query, serialised: what the web layer sends back."""

    kind: str
    format: str
    body: bytes
    truncated: bool
    count: int


class Example(NamedTuple):
    slug: str
    title: str
    description: str
    text: str


def run(store: Store, text: str, *, default_graph_uris: Sequence[str] = (),
        named_graph_uris: Sequence[str] = (), max_rows: int = MAX_ROWS,
        max_bytes: int | None = MAX_QUERY_BYTES, max_depth: int | None = MAX_QUERY_DEPTH,
        guard_query: bool = True) -> Result:
    """Inspect, evaluate and collect a query (at most ``max_rows`` rows).

    :raise QueryError: refused (update, SERVICE, too large, too deep, FROM a graph this store
        does not have), malformed, or failed while evaluating.
    """
    if guard_query:
        guard.inspect(text, policy(store, max_bytes=max_bytes, max_depth=max_depth))
    try:
        results = store.query(text, default_graph_uris=default_graph_uris,
                              named_graph_uris=named_graph_uris)
        return collect(results, max_rows)
    except QueryError:
        raise
    except SyntaxError as exc:
        raise syntax_error(str(exc), text) from None
    except (RuntimeError, ValueError, TypeError, OSError, NotImplementedError) as exc:
        raise QueryFailed(f"the query cannot be evaluated: {_first_line(exc)}") from None


def policy(store: Store, *, max_bytes: int | None = MAX_QUERY_BYTES,
           max_depth: int | None = MAX_QUERY_DEPTH) -> guard.Policy:
    """What the guard enforces for queries on ``store``: the limits, and FROM naming only its
    graphs (resolved with its predeclared prefixes and base)."""
    inner = getattr(store, "inner", store)
    return guard.Policy(max_bytes=max_bytes, max_depth=max_depth, graphs=local_graphs(store),
                        prefixes=getattr(inner, "prefixes", {}),
                        base=getattr(inner, "base_iri", None))


_GRAPHS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_GRAPHS_LOCK = threading.Lock()


def local_graphs(store: Store) -> frozenset[str]:
    """The store's named graphs, asked once per data version (a page of the guard's policy)."""
    version = getattr(store, "version", lambda: "")()
    with _GRAPHS_LOCK:
        found = _GRAPHS.get(store)
    if found is None or found[0] != version:
        found = (version, frozenset(store.named_graphs()))
        with _GRAPHS_LOCK:
            _GRAPHS[store] = found
    return found[1]


def evaluate(store: Store, job: Job, *, check: bool = True) -> Answer:
    """Run a :class:`Job` and serialise the result in the format chosen for its family."""
    result = run(store, job.text, default_graph_uris=job.default_graph_uris,
                 named_graph_uris=job.named_graph_uris, max_rows=job.max_rows,
                 max_bytes=job.max_bytes, max_depth=job.max_depth, guard_query=check)
    name = dict(job.formats).get(result.family)
    fmt = formats.find(name, formats.family(result.family)) if name else None
    if fmt is None:
        raise NoAcceptableFormat(f"no acceptable format for {result.kind} results; available: "
                                 + ", ".join(f.media_type for f in formats.family(result.family)))
    try:
        body = result.serialize(fmt, {k: str(v) for k, v in PREFIXES.items()})
    except (OSError, ValueError) as exc:  # e.g. RDF 1.2 triple terms have no JSON-LD form yet
        raise NoAcceptableFormat(f"cannot write this result as {fmt.label}: {exc}") from None
    return Answer(result.kind, fmt.name, body, result.truncated, len(result))


_EMPTY: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
# A longer query goes to a worker even if it reads no data: the engine's parser recurses on
# nested brackets and on chains of operators (the default 8 MB stack overflowed at ~4,000), and
# the web process, unlike a worker, must never crash. 1 KB holds at most ~500 of either.
NO_DATA_MAX_BYTES = 1024


def needs_no_worker(store: Store, shape: guard.QueryShape, text: str) -> bool:
    """Whether :func:`evaluate_without_data` may answer this query: it reads no data, is short,
    and ``store`` is embedded (a remote endpoint's engine answers its own queries: its functions
    and its refusals are not Oxigraph's)."""
    return (not shape.reads_data and len(text) <= NO_DATA_MAX_BYTES
            and isinstance(getattr(store, "inner", store), OxigraphStore))


def evaluate_without_data(store: Store, job: Job) -> Answer:
    """Evaluate a query that :func:`needs_no_worker` here, on an empty store with ``store``'s
    prefixes and base: its answer is the same as on the data, and its cost is bounded by its
    length, so it needs neither a worker nor a time limit. The caller has run the guard."""
    inner = getattr(store, "inner", store)
    with _GRAPHS_LOCK:
        empty = _EMPTY.get(store)
        if empty is None:
            empty = _EMPTY[store] = OxigraphStore(prefixes=getattr(inner, "prefixes", None),
                                                  base_iri=getattr(inner, "base_iri", None))
    return evaluate(empty, job, check=False)


def _first_line(exc: Exception) -> str:
    text = str(exc).strip().split("\n")[0]
    return text[:300] + "…" if len(text) > 300 else text


def render(result: Result, output: str, offered: Sequence[str] | None = None) -> str | bytes:
    """``result`` for a terminal: ``table`` (aligned columns) or any format of its family.

    :raise QueryError: ``output`` cannot hold this kind of result (e.g. CSV for CONSTRUCT); the
        message suggests the names among ``offered`` (default: every name) that can.
    """
    prefixes = {k: str(v) for k, v in PREFIXES.items()}
    if output == "table":
        return result.to_table(prefixes)
    fmt = formats.find(output, formats.family(result.family))
    if fmt is None:
        fitting = [f.name for f in formats.family(result.family)] if offered is None else \
            [n for n in offered if n != "table" and formats.find(n, formats.family(result.family))]
        raise QueryError(f"{output} cannot hold {result.kind} results; use "
                         + " or ".join([", ".join(["table", *fitting[:-1]]), fitting[-1]]))
    return result.serialize(fmt, prefixes)


def syntax_error(message: str, text: str | None = None) -> QuerySyntaxError:
    """Turn Oxigraph's ``error at L:C: expected one of …`` into a short message with position
    and, given the query ``text``, what was typed there (the engine's "expected" alone can
    mislead: ``SELEC broken`` is "expected CONSTRUCT").

    >>> str(syntax_error("error at 1:10: expected CONSTRUCT", "SELEC broken"))
    'syntax error at line 1, column 10, at "broken": expected CONSTRUCT'
    >>> str(syntax_error("error at 1:6: expected one of ASK, [_]", "SELEC"))
    'syntax error at line 1, column 6, at the end of the query: expected one of ASK'
    """
    match = _OX_ERROR.match(message)
    if not match:
        return QuerySyntaxError(f"syntax error: {message}")
    line, column, detail = int(match[1]), int(match[2]), match[3]
    detail = detail.split(", [")[0].split("\n")[0]  # drop the long character-class lists
    if len(detail) > 200:
        detail = detail[:200] + "…"
    where = f"line {line}, column {column}" + (f", {typed_at(text, line, column)}" if text else "")
    return QuerySyntaxError(f"syntax error at {where}: {detail}", line, column)


def typed_at(text: str, line: int, column: int) -> str:
    r"""What the query has at ``line``:``column`` (1-based): the word there (or the one just
    before, where the engine points at the space after it), or the end.

    >>> typed_at("SELECT *\nWHERE { ?s nk:foo bar }", 2, 22)
    'at "bar"'
    >>> typed_at("ASK { ?s }", 1, 10)
    'at "}"'
    """
    lines = text.split("\n")
    row = lines[line - 1] if 0 < line <= len(lines) else ""
    at = min(max(column - 1, 0), len(row))
    if not (row[at:] + "\n".join(lines[line:])).strip():
        return "at the end of the query"
    start = at
    while start > 0 and not row[start - 1].isspace():
        start -= 1
    word = (row[start:].split() or ["\u21b5"])[0]  # a newline right there: show it
    return f'at "{word if len(word) <= 40 else word[:39] + "…"}"'


def load_examples(folder: Path = QUERIES) -> list[Example]:
    """The example queries ``NN-slug.rq``, in file order.

    Each file starts with ``# title: <Title>`` and ``# <description>`` lines; that header is
    not part of the returned query text.
    """
    return [_read_example(path) for path in sorted(folder.glob("*.rq"))]


def _read_example(path: Path) -> Example:
    lines = path.read_text(encoding="utf-8").splitlines()
    header = []
    while lines and lines[0].startswith("#"):
        header.append(lines.pop(0).lstrip("#").strip())
    title = next((h.split(":", 1)[1].strip() for h in header if h.lower().startswith("title:")),
                 path.stem)
    description = " ".join(h for h in header if h and not h.lower().startswith("title:"))
    slug = re.sub(r"^\d+[-_]", "", path.stem)
    return Example(slug, title, description, "\n".join(lines).strip() + "\n")
