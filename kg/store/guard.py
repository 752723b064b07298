"""Inspect a SPARQL request before any engine sees it: refuse what must never run.

Refused: ``SERVICE`` (federation: an outbound request), updates (``LOAD`` fetches a URL), ``FROM``
/ ``FROM NAMED`` naming a graph that is not in the dataset (an engine that dereferences it would
fetch it), queries nested deeper than a limit (deep recursion crashes engines) and texts over a
size limit. The check reads the query's terminals as the SPARQL 1.1 grammar does
(:mod:`kg.store.lexer`), so ``SERVICE`` glued to a number, a boolean or a bracket is found, and
the word in a string, an IRI, a comment, a variable or a prefixed name's local part is not.

Why not a parser: rdflib's hits ``RecursionError`` on an ordinary 8 KB pattern and costs ~25 ms a
query, and pyoxigraph has no parse-only API. Where a parser might read a text differently from
the grammar, the check errs towards refusing: any bare word containing ``SERVICE`` is refused (no
other keyword contains it; Oxigraph reads ``trueSERVICE`` as two keywords), and so is a prefix
containing it (Oxigraph reads ``SERVICEex:g`` as ``SERVICE ex:g``).

The spec expands ``\\uXXXX`` escapes before parsing, Oxigraph does not: a text with escapes is
checked in *both* readings, so ``\\u0053ERVICE`` is refused whichever reading an engine takes
(reliability.md, w3c-cg/sparql-dev#77). One reading costs one pass of the lexer: the web process
and the query worker each make it once per query.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from urllib.parse import urljoin

from kg.errors import QueryError

from .lexer import code_part, expand_escapes, has_escapes, tokens

__all__ = ["Policy", "QueryShape", "QueryRefused", "QueryTooDeep", "QueryTooLarge",
           "UpdateRefused", "code_part", "expand_escapes", "inspect"]

MAX_DEPTH = 64  # brackets; Oxigraph's worker crashed at ~4,000 levels with the default stack


class QueryRefused(QueryError):
    """The query asks for something the endpoint never does (federation, outbound requests)."""


class UpdateRefused(QueryError):
    """The text is a SPARQL Update: the endpoint is read-only."""


class QueryTooLarge(QueryError):
    """The query text is longer than the configured limit."""


class QueryTooDeep(QueryError):
    """The query nests brackets deeper than the configured limit."""


QUERY_FORMS = frozenset({"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"})
UPDATE_FORMS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"})
_FORMS = sorted(QUERY_FORMS | UPDATE_FORMS, key=len, reverse=True)
_PROLOGUE = frozenset({"BASE", "PREFIX", "VERSION"})


@dataclass(frozen=True)
class Policy:
    """What the guard enforces. ``graphs``: the dataset's named graphs, which ``FROM`` must name
    (None: not checked); ``prefixes`` and ``base`` resolve a ``FROM ex:g`` or ``FROM <g>`` as
    the engine will."""

    max_bytes: int | None = None
    max_depth: int | None = MAX_DEPTH
    graphs: Collection[str] | None = None
    prefixes: Mapping[str, str] = field(default_factory=dict)
    base: str | None = None


@dataclass(frozen=True)
class QueryShape:
    """What the guard learnt: the query form (``SELECT``…, or ``""`` if unknown), the deepest
    bracket nesting, the graphs its ``FROM`` clauses name, and whether it may read data.

    A query reads no data when each of its group patterns (every ``{…}``) is empty and its form
    is not DESCRIBE: patterns are the only way a query reaches the data, so such a query (``ASK
    {}``, ``SELECT (1 + 1 AS ?two) {}``) evaluates over one empty solution, and its cost is
    bounded by its own length."""

    form: str
    depth: int = 0
    graphs: tuple[str, ...] = ()
    reads_data: bool = True

    @property
    def family(self) -> str:
        """``results`` for SELECT/ASK, ``graph`` for CONSTRUCT/DESCRIBE, ``""`` if unknown."""
        return {"SELECT": "results", "ASK": "results"}.get(
            self.form, "graph" if self.form in ("CONSTRUCT", "DESCRIBE") else "")


def inspect(text: str, policy: Policy | None = None, *, max_bytes: int | None = None
            ) -> QueryShape:
    """Refuse what must never run and describe the rest; the engine still checks the syntax.

    :raise QueryTooLarge: more than ``max_bytes`` UTF-8 bytes.
    :raise QueryTooDeep: brackets nested deeper than ``policy.max_depth``.
    :raise QueryRefused: SERVICE in any spelling, or FROM a graph outside the dataset.
    :raise UpdateRefused: an update operation (INSERT, LOAD, CLEAR…).
    """
    policy = policy or Policy()
    limit = max_bytes if max_bytes is not None else policy.max_bytes
    if limit is not None and len(text.encode("utf-8", "surrogatepass")) > limit:
        raise QueryTooLarge(f"the query is longer than the limit of {limit} bytes")
    shape = _Reader(text, policy).read()
    if has_escapes(text):
        _Reader(expand_escapes(text), policy).read()
        shape = replace(shape, reads_data=True)  # whichever reading an engine takes
    return shape


def has_dataset_clause(text: str) -> bool:
    """Whether the query names its own dataset (FROM / FROM NAMED).

    >>> has_dataset_clause("ASK FROM <http://g> {}"), has_dataset_clause("ASK { ?from ?p 'FROM' }")
    (True, False)
    """
    return any(t.kind == "word" and text[t.start:t.end].upper().startswith("FROM")
               for reading in {text, expand_escapes(text)} for t in tokens(reading))


class _Reader:
    """One pass over one reading of a query."""

    def __init__(self, text: str, policy: Policy):
        self.text, self.policy = text, policy
        self.prefixes, self.base = policy.prefixes, policy.base  # copied on a PREFIX declaration
        self.form: str | None = None
        self.graphs: list[str] = []
        self.pending = ""  # the keyword waiting for its IRI: BASE, PREFIX, FROM
        self.declared = ""  # the prefix a PREFIX declaration is naming

    def read(self) -> QueryShape:
        depth = deepest = braces = 0
        limit = self.policy.max_depth
        patterns = False  # anything but white space inside a {…}: the query may read data
        last = 0  # where the previous token ended (the lexer skips numbers and operators)
        for token in tokens(self.text):
            kind = token.kind
            brace = self.text[token.start] in "{}"
            if braces and not patterns and (
                    (not brace and kind != "comment") or self.text[last:token.start].strip()):
                patterns = True
            if brace:
                braces += 1 if kind == "open" else -1
            last = token.end
            if kind == "open":
                depth += 1
                if depth > deepest:
                    deepest = depth
                    if limit and depth > limit:
                        raise QueryTooDeep(f"the query nests brackets deeper than the limit of "
                                           f"{limit} ({self._where(token.start)})")
            elif kind == "close":
                depth -= 1
            elif kind == "word":
                self._word(token)
            elif kind == "pname":
                self._pname(token)
            elif kind == "iri":
                self._iri(self.text[token.start + 1:token.end - 1])
            elif kind not in ("comment", "string"):
                self.pending = ""
        form = self.form or ""
        return QueryShape(form, deepest, tuple(self.graphs),
                          patterns or form not in ("SELECT", "ASK", "CONSTRUCT"))

    def _word(self, token) -> None:
        word = self.text[token.start:token.end].upper()
        if "SERVICE" in word:
            self._refuse_service(token.start + word.index("SERVICE"))
        if self.form is None and word not in _PROLOGUE:
            self.form = next((form for form in _FORMS if word.startswith(form)), "")
            if self.form in UPDATE_FORMS:
                raise UpdateRefused("this endpoint is read-only: SPARQL Update is not accepted")
        if word.startswith("FROM"):
            self.pending = "FROM"
        elif word in ("BASE", "PREFIX") or (word == "NAMED" and self.pending == "FROM"):
            self.pending = self.pending if word == "NAMED" else word
        else:
            self.pending = ""

    def _pname(self, token) -> None:
        name = self.text[token.start:token.end]
        prefix, _, local = name.partition(":")
        if "SERVICE" in prefix.upper():
            self._refuse_service(token.start + prefix.upper().index("SERVICE"))
        if self.pending == "PREFIX":
            self.declared, self.pending = prefix, "PREFIX:"
        elif self.pending == "FROM":
            if prefix in self.prefixes:  # else the engine reports the unknown prefix
                self._from(self.prefixes[prefix] + _unescape_local(local))
            self.pending = ""
        else:
            self.pending = ""

    def _iri(self, iri: str) -> None:
        resolved = urljoin(self.base or "", expand_escapes(iri))
        if self.pending == "BASE":
            self.base = resolved
        elif self.pending == "PREFIX:":
            self.prefixes = {**self.prefixes, self.declared: resolved}
        elif self.pending == "FROM":
            self._from(resolved)
        self.pending = ""

    def _from(self, iri: str) -> None:
        graphs = self.policy.graphs
        if graphs is not None and iri not in graphs:
            raise QueryRefused(f"FROM <{iri}>: no graph of this dataset has that name (this "
                               "endpoint never fetches data; GRAPH ?g lists its graphs)")
        self.graphs.append(iri)

    def _refuse_service(self, pos: int) -> None:
        raise QueryRefused(f"SERVICE (federated query) is not allowed on this endpoint "
                           f"({self._where(pos)})")

    def _where(self, pos: int) -> str:
        line = self.text.count("\n", 0, pos) + 1
        return f"line {line}, column {pos - (self.text.rfind(chr(10), 0, pos) + 1) + 1}"


def _unescape_local(local: str) -> str:
    """A prefixed name's local part as the IRI holds it: ``\\.`` is ``.``; ``%20`` stays."""
    return local.replace("\\", "") if "\\" in local else local
