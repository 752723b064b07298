"""Inspect a SPARQL request before any engine sees it: refuse updates and federated queries.

Why a tokenizer and not a parser: rdflib's parser hits ``RecursionError`` on an ordinary 8 KB
basic graph pattern and costs ~25 ms per query, and pyoxigraph has no parse-only API (it would run
SERVICE while evaluating). So we split the text along the SPARQL 1.1 terminals that can hide code —
comments, the four string forms and IRIREFs, with the same escapes as the grammar — and look at what
is left. ``SERVICE`` can only be a keyword in that code part; a keyword glued to a neighbour
(``SERVICE:x``, ``SERVICESILENT``) is refused too, because a PEG parser may split it.

The spec expands ``\\uXXXX`` escapes before parsing, Oxigraph does not: the code part of *both*
readings is checked, so a spelling like ``\\u0053ERVICE`` is refused whichever reading an engine
takes (reliability.md, w3c-cg/sparql-dev#77).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.errors import QueryError


class QueryRefused(QueryError):
    """The query asks for something the endpoint never does (federation, outbound requests)."""


class UpdateRefused(QueryError):
    """The text is a SPARQL Update: the endpoint is read-only."""


class QueryTooLarge(QueryError):
    """The query text is longer than the configured limit."""


_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_HIDDEN = re.compile(
    r"""\#[^\r\n]*
    | '''(?:'{0,2}(?:[^'\\]|\\.))*''' | \"\"\"(?:"{0,2}(?:[^"\\]|\\.))*\"\"\"
    | '(?:[^'\\\r\n]|\\.)*' | "(?:[^"\\\r\n]|\\.)*"
    | <[^<>"{}|^`\\\x00-\x20]*>""",
    re.X | re.S,
)
# Runs of plain code; a backslash escape stays with its run (``ex:a\#b`` is not a comment).
_CODE = re.compile(r"""(?:[^#'"<\\]|\\.)+|[\s\S]""", re.S)
_WORD_START = r"(?<![\w?$:\-])"
_SERVICE = re.compile(_WORD_START + r"SERVICE", re.I)
_FROM = re.compile(_WORD_START + r"FROM(?![\w:\-])", re.I)
_PROLOGUE = re.compile(r"(?:\s*(?:BASE|VERSION|PREFIX\s*[^\s:]*:)(?![\w\-]))*\s*([A-Za-z]*)", re.I)
QUERY_FORMS = frozenset({"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"})
UPDATE_FORMS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"})


@dataclass(frozen=True)
class QueryShape:
    """What the guard learnt: the query form (``SELECT``…, or ``""`` if unknown)."""

    form: str

    @property
    def family(self) -> str:
        """``results`` for SELECT/ASK, ``graph`` for CONSTRUCT/DESCRIBE, ``""`` if unknown."""
        return {"SELECT": "results", "ASK": "results"}.get(
            self.form, "graph" if self.form in ("CONSTRUCT", "DESCRIBE") else "")


def expand_escapes(text: str) -> str:
    r"""Replace ``\uXXXX``/``\UXXXXXXXX`` as SPARQL 1.1 §19.2 does before parsing.

    >>> expand_escapes(r"\u0053ERVICE")
    'SERVICE'
    """
    def char(m: re.Match) -> str:
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"

    return _ESCAPE.sub(char, text)


def code_part(text: str) -> str:
    """``text`` with comments, strings and IRIs blanked out; offsets and newlines are kept.

    >>> code_part('SELECT * { ?s ?p "SERVICE" } # SERVICE')
    'SELECT * { ?s ?p           }          '
    """
    out, pos = [], 0
    while pos < len(text):
        hidden = _HIDDEN.match(text, pos)
        if hidden:
            out.append(re.sub(r"[^\r\n]", " ", hidden.group()))
        else:
            hidden = _CODE.match(text, pos)
            out.append(hidden.group())
        pos = hidden.end()
    return "".join(out)


def inspect(text: str, *, max_bytes: int | None = None) -> QueryShape:
    """Refuse what must never run and describe the rest; the engine still checks the syntax.

    :raise QueryTooLarge: more than ``max_bytes`` UTF-8 bytes.
    :raise QueryRefused: SERVICE in any spelling.
    :raise UpdateRefused: an update operation (INSERT, LOAD, CLEAR…).
    """
    if max_bytes is not None and len(text.encode("utf-8", "surrogatepass")) > max_bytes:
        raise QueryTooLarge(f"the query is longer than the limit of {max_bytes} bytes")
    readings = {code_part(text), code_part(expand_escapes(text))}
    for code in readings:
        _refuse_service(code)
    forms = {_PROLOGUE.match(code).group(1).upper() for code in readings}
    if forms & UPDATE_FORMS:
        raise UpdateRefused("this endpoint is read-only: SPARQL Update is not accepted")
    return QueryShape(next(iter(forms)) if len(forms) == 1 and forms <= QUERY_FORMS else "")


def has_dataset_clause(text: str) -> bool:
    """Whether the query names its own dataset (FROM / FROM NAMED).

    >>> has_dataset_clause("ASK FROM <http://g> {}"), has_dataset_clause("ASK { ?from ?p 'FROM' }")
    (True, False)
    """
    return any(_FROM.search(code_part(t)) for t in {text, expand_escapes(text)})


def _refuse_service(code: str) -> None:
    match = _SERVICE.search(code)
    if match:
        line = code.count("\n", 0, match.start()) + 1
        column = match.start() - (code.rfind("\n", 0, match.start()) + 1) + 1
        raise QueryRefused(f"SERVICE (federated query) is not allowed on this endpoint "
                           f"(line {line}, column {column})")
