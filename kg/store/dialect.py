"""What a query needs to mean on Virtuoso 7.2 what it means in SPARQL 1.1 (and on Oxigraph).

Measured on Debian's virtuoso-opensource 7.2.5 (tests/store/test_virtuoso.py):

- ``GROUP_CONCAT`` without a separator fails (``SR183: Required argument delim not supplied``);
  SPARQL's default separator is a space, so ``; separator=" "`` is written in.
- ``REGEX(STR(?x), …)`` never matches a non-ASCII character (``STR`` hands the regex engine a
  narrow string, so ``"Díaz"`` or ``"d[iíì]az"`` find nothing), while ``REGEX(?x, …)`` does.
  Virtuoso's REGEX also takes IRIs and numbers, so the ``STR`` is dropped.

Only the text inside the call's parentheses changes, never a line break, so the line of a syntax
error stays where it was. Comments, strings and IRIs are left alone (:func:`code_part`).

And what must never reach Virtuoso, on any endpoint (:func:`refuse_extensions`): its own SPARQL
extensions. ``bif:http_get("http://…")`` makes the server fetch a URL and hand back the answer
(measured: any anonymous query could), other ``bif:``/``sql:`` functions read files or call
stored procedures, and ``define`` pragmas switch on fetching (``get:soft``) and much else. None
of it is SPARQL, the embedded store has none of it, and a proxy may hide that the server is
Virtuoso: they are refused whatever the engine.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .guard import QueryRefused, code_part, expand_escapes

_GROUP_CONCAT = re.compile(r"(?<![\w:])GROUP_CONCAT\s*\(", re.I)
_REGEX = re.compile(r"(?<![\w:])REGEX\s*\(", re.I)
_STR = re.compile(r"\s*STR\s*\(", re.I)
_DEFINE = re.compile(r"(?<![\w?$:\-])DEFINE(?![\w:\-])", re.I)
_EXTENSION = re.compile(r"(?<![\w.\-])(?:bif|sql):", re.I)  # a prefixed name in the code
_EXTENSION_IRI = re.compile(r"<\s*(?:bif|sql):", re.I)  # IRIs are blanked in the code part


def refuse_extensions(text: str) -> None:
    """Refuse Virtuoso's ``define`` pragmas and ``bif:``/``sql:`` functions (module docstring).

    :raise QueryRefused: the query uses one (in either reading of its ``\\u`` escapes).
    """
    for reading in {text, expand_escapes(text)}:
        code = code_part(reading)
        found = _DEFINE.search(code) or _EXTENSION.search(code) or _EXTENSION_IRI.search(reading)
        if found:
            line = reading.count("\n", 0, found.start()) + 1
            column = found.start() - (reading.rfind("\n", 0, found.start()) + 1) + 1
            raise QueryRefused("Virtuoso's extensions (define pragmas, bif: and sql: functions) "
                               f"are not allowed on this endpoint (line {line}, column {column})")


def for_virtuoso(text: str) -> str:
    """``text`` with Virtuoso's departures worked around (see the module docstring).

    >>> for_virtuoso('SELECT (GROUP_CONCAT(DISTINCT ?x) AS ?all) { ?s ?p ?x FILTER REGEX(STR(?x), "í") }')
    'SELECT (GROUP_CONCAT(DISTINCT ?x; separator=" ") AS ?all) { ?s ?p ?x FILTER REGEX(?x, "í") }'
    """
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement) in the text
    code = code_part(text)
    for start, end in _calls(code, _GROUP_CONCAT):
        if ";" not in _depth_one(code, start, end):
            edits.append((end, end, '; separator=" "'))
    for start, end in _calls(code, _REGEX):
        inner = _STR.match(code, start + 1)
        if inner:
            close = _close(code, inner.end() - 1)
            if close is not None and code[close + 1:end].lstrip().startswith(","):
                edits += [(start + 1, inner.end(), ""), (close, close + 1, "")]
    for begin, finish, replacement in sorted(edits, reverse=True):
        text = text[:begin] + replacement + text[finish:]
    return text


def _calls(code: str, name: re.Pattern) -> Iterator[tuple[int, int]]:
    """The positions of each call's opening and closing parenthesis."""
    for match in name.finditer(code):
        close = _close(code, match.end() - 1)
        if close is not None:
            yield match.end() - 1, close


def _close(code: str, opening: int) -> int | None:
    """The parenthesis that closes the one at ``opening``; ``None`` if it is never closed."""
    depth = 0
    for index in range(opening, len(code)):
        depth += {"(": 1, ")": -1}.get(code[index], 0)
        if depth == 0:
            return index
    return None


def _depth_one(code: str, opening: int, closing: int) -> str:
    """The characters directly inside a call, nested calls left out."""
    out, depth = [], 0
    for char in code[opening + 1:closing]:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0 and char not in "()":
            out.append(char)
    return "".join(out)
