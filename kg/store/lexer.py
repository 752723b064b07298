"""The SPARQL 1.1 terminals (§19.8) that matter for safety, found as the grammar finds them.

One left-to-right pass finds, at each position, the terminal the grammar's longest match finds
there: comments, the four string forms, IRIREFs, variables, blank node labels, prefixed names and
language tags, each taken whole with the grammar's own character classes, so a keyword can never
hide inside one of them, nor one be cut in two. What the pattern does not name (white space,
numbers, punctuation, operators) is skipped by the search, so a keyword glued to a number
(``1SERVICE``), a bracket or a string is still found. Bare words are runs of name characters
starting with a letter: SPARQL's keywords and function names, which a parser may read as several
keywords in a row (``trueSERVICE`` is ``true`` then ``SERVICE``; Oxigraph does so).

Strings are ended by hand rather than by the pattern, so the scan stays linear in the length of
the text whatever it holds: a pattern that fails to find a closing quote would be tried again
from every later quote (quadratic: seconds for 16 KB of ``"\\"\\"…``). A long string without a
closing triple quote is, as in the grammar, an empty string ``''`` followed by more text; a
quote that opens no string is skipped like any other character.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from typing import NamedTuple

# §19.8, productions [164]–[173], as character classes.
PN_CHARS_BASE = ("A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff"
                 "\u200c-\u200d\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd"
                 "\U00010000-\U000effff")
PN_CHARS_U = PN_CHARS_BASE + "_"
PN_CHARS = PN_CHARS_U + r"\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_VARNAME = f"[{PN_CHARS_U}0-9][{PN_CHARS_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PN_LOCAL = (f"(?:[{PN_CHARS_U}:0-9]|{_PLX})"
             f"(?:(?:[{PN_CHARS}.:]|{_PLX})*(?:[{PN_CHARS}:]|{_PLX}))?")

# Characters that start no terminal the guard looks at (white space, digits, operators…): skipped
# in runs before each token, inside the regular expression engine.
_SKIP = r"[^#'\"<?$_:@{}()\[\]A-Za-z\u00c0-\U000effff]*+"
_TOKEN = re.compile(_SKIP + "(?:" + "|".join((
    # A bare word, or a prefixed name if a colon follows: one match for both, so the text after a
    # word is never scanned twice (``a.a.a.…`` would be quadratic).
    rf"(?P<word>[{PN_CHARS_BASE}](?:[{PN_CHARS}.]*[{PN_CHARS}])?)(?P<pname>:(?:{_PN_LOCAL})?)?",
    rf"(?P<var>[?$]{_VARNAME})",
    r"(?P<open>[{(\[])|(?P<close>[})\]])",
    r'(?P<iri><(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>)',
    r"(?P<quote>'''|\"\"\"|'|\")",  # a string starts here: ended by _Closers
    rf"(?P<local>:(?:{_PN_LOCAL})?)",  # a prefixed name with the empty prefix
    r"(?P<comment>\#[^\r\n]*)",
    rf"(?P<bnode>_:[{PN_CHARS_U}0-9](?:[{PN_CHARS}.]*[{PN_CHARS}])?)",
    r"(?P<langtag>@[A-Za-z]+(?:-{1,2}[A-Za-z0-9]+)*)",
    # Anything else, one character at a time, and the end: every search succeeds where it
    # starts, so a long run of skipped characters is never scanned again from each position.
    r"(?P<junk>[\s\S]|\Z)",
)) + ")")
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
HIDDEN = frozenset({"comment", "string", "iri"})  # text that is never code


class Token(NamedTuple):
    kind: str  # word, pname, var, open, close, iri, string, comment, bnode, langtag
    start: int
    end: int


def tokens(text: str) -> Iterator[Token]:
    """The terminals of ``text`` that the guard looks at, in order. A prefixed name's prefix is
    ``text[start:text.index(":", start)]``."""
    closers = _Closers(text)
    pos = 0
    while True:
        for match in _TOKEN.finditer(text, pos):
            kind = match.lastgroup
            if kind == "quote":
                end = closers.string_end(match.group(kind), match.end())
                if end is None:  # a quote that opens nothing: no parser accepts the text,
                    continue  # so reading on from the next character is safe (and cautious)
                yield Token("string", match.start(kind), end)
                pos = end
                break  # go on after the string
            if kind == "junk":
                continue
            if kind == "pname":
                yield Token(kind, match.start("word"), match.end())
            else:
                yield Token("pname" if kind == "local" else kind, match.start(kind), match.end())
        else:
            return


class _Closers:
    """Where strings may end, found once per text: each quote (or triple quote) that no
    backslash escapes, and each line end. A string ends at the first such quote after it opens;
    a short one must end on its line."""

    def __init__(self, text: str):
        self.text = text
        self.found: dict[str, list[int]] = {}

    def string_end(self, quote: str, start: int) -> int | None:
        """Where the string opened by ``quote`` (content from ``start``) ends; None if it does
        not. A long string that does not end is, as in the grammar, an empty short string."""
        end = self._next(quote, start)
        if len(quote) == 3:
            return start - 1 if end is None else end + 3
        line_end = self._next("\n", start)
        if end is None or (line_end is not None and line_end < end):
            return None
        return end + 1

    def _next(self, what: str, start: int) -> int | None:
        positions = self.found.get(what)
        if positions is None:
            positions = self.found[what] = self._positions(what)
        index = bisect.bisect_left(positions, start)
        return positions[index] if index < len(positions) else None

    def _positions(self, what: str) -> list[int]:
        if what == "\n":
            return [m.start() for m in re.finditer(r"[\r\n]", self.text)]
        return [m.start() for m in re.finditer(f"(?={what})", self.text)
                if _unescaped(self.text, m.start())]


def _unescaped(text: str, pos: int) -> bool:
    """Whether the character at ``pos`` follows an even run of backslashes."""
    run = pos
    while run and text[run - 1] == "\\":
        run -= 1
    return (pos - run) % 2 == 0


def has_escapes(text: str) -> bool:
    r"""Whether ``text`` has ``\u``/``\U`` escapes, which SPARQL 1.1 §19.2 expands before
    parsing (so the text has a second reading)."""
    return "\\u" in text or "\\U" in text


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
    for token in tokens(text):
        if token.kind in HIDDEN:
            out += [text[pos:token.start], _blank(text[token.start:token.end])]
            pos = token.end
    out.append(text[pos:])
    return "".join(out)


def _blank(hidden: str) -> str:
    return re.sub(r"[^\r\n]", " ", hidden)
