"""How the page queries run: user terms go in only as escaped RDF terms, rows come out as dicts.

Every page reads the graph through :meth:`kg.store.Store.query` alone, so the pages work the same
on a remote SPARQL endpoint. Queries are fixed text with ``%(name)s`` slots; a slot is filled with
a ``VALUES ?name { … }`` clause written from pyoxigraph terms, whose ``str()`` is the escaped
N-Triples form. A slug from a URL must match the minting rule before it becomes an IRI.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

import pyoxigraph as ox

from kg.namespaces import PREFIXES, base_iri
from kg.store.oxigraph import Store
from kg.store.results import collect

_DECLARE = {prefix: f"PREFIX {prefix}: <{ns}>\n" for prefix, ns in PREFIXES.items()}
MAX_ROWS = 20_000  # a page never needs more; a bigger answer is cut, not streamed
# kg.convert.mint's rule for every IRI segment it writes; dots alone ("." "..") are path tricks, not slugs.
_SEGMENT = re.compile(r"^(?!\.+$)[A-Za-z0-9._-]+$")
Term = ox.NamedNode | ox.Literal


@dataclass(frozen=True)
class Inline:
    """A term written in place (``REGEX(?x, %(pattern)s)``) rather than as a VALUES clause:
    engines compile a constant regular expression once, a bound one for every row."""

    term: Term


@dataclass(frozen=True)
class Fixed:
    """A term written in place in a triple pattern, or the variable ``?name`` if there is none:
    a constant lets the engine start from its index, a VALUES clause is joined later."""

    name: str
    term: Term | None


@dataclass(frozen=True)
class Clause:
    """A fixed pattern around one term (``"?claim nk:about %s ."``), or nothing if there is none."""

    pattern: str
    term: Term | None


Slot = Term | Iterable[Term] | Inline | Fixed | Clause | int | None
XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {XSD + t for t in ("integer", "nonNegativeInteger", "positiveInteger", "int", "long")}


def node(path: str, base: str | None = None) -> ox.NamedNode:
    """The IRI ``<base>id/<path>``, if every segment of ``path`` is one kg.convert.mint could write.

    >>> node("claim/000_a/c01", "https://x.org/").value
    'https://x.org/id/claim/000_a/c01'

    :raise ValueError: a segment is empty, ``..``, or has other characters than ``A-Za-z0-9._-``.
    """
    parts = path.split("/")
    if not all(_SEGMENT.match(part) for part in parts):
        raise ValueError(f"not an identifier of this graph: {path!r}")
    return ox.NamedNode((base or base_iri()) + "id/" + path)


def values(name: str, terms: Slot) -> str:
    """``VALUES ?name { … }`` for one term or several; ``""`` (no restriction) for ``None``.

    >>> values("q", ox.Literal('say "hi"'))
    'VALUES ?q { "say \\\\"hi\\\\"" }'
    """
    if terms is None:
        return ""
    if isinstance(terms, (ox.NamedNode, ox.Literal)):
        terms = [terms]
    return f"VALUES ?{name} {{ {' '.join(_escaped(t) for t in terms)} }}"


def _escaped(term: Term) -> str:
    if not isinstance(term, (ox.NamedNode, ox.Literal)):
        raise TypeError(f"only IRIs and literals go into a query, not {type(term).__name__}")
    return str(term)


def prepare(query: str, **slots: Slot) -> str:
    """The full query text: the prefixes it uses, then :func:`fill`'s text."""
    patterns = (s.pattern for s in slots.values() if isinstance(s, Clause) and s.term is not None)
    used = _prefixes(query).union(*map(_prefixes, patterns))
    return "".join(_DECLARE[p] for p in PREFIXES if p in used) + fill(query, **slots)


def fill(query: str, **slots: Slot) -> str:
    """``query`` with each slot as a VALUES clause (no prefixes declared).

    A slot given a Python ``int`` is written as that number (``LIMIT %(limit)s``), an
    :class:`Inline` term as that term.
    """
    return query % {name: _slot(name, terms) for name, terms in slots.items()}


@lru_cache(maxsize=256)
def _prefixes(text: str) -> frozenset[str]:
    """The prefixes ``text`` (a fixed query or pattern) may use: declaring all of them cost the
    engine ~0.05 ms a query, ~1 ms an entity page. Slots add escaped terms, never prefixed names."""
    return frozenset(p for p in PREFIXES if p + ":" in text)


def _slot(name: str, terms: Slot) -> str:
    if isinstance(terms, int) and not isinstance(terms, bool):
        return str(terms)
    if isinstance(terms, Inline):
        return _escaped(terms.term)
    if isinstance(terms, Fixed):
        return f"?{terms.name}" if terms.term is None else _escaped(terms.term)
    if isinstance(terms, Clause):
        return "" if terms.term is None else terms.pattern % _escaped(terms.term)
    return values(name, terms)


def select(store: Store, query: str, max_rows: int = MAX_ROWS,
           **slots: Slot) -> list[dict[str, ox.NamedNode | ox.Literal]]:
    """Run a SELECT; each row maps a bound variable's name to its term. At most ``max_rows``."""
    result = collect(store.query(prepare(query, **slots)), max_rows)
    return [{name: term for name, term in zip(result.variables, row, strict=True)
             if term is not None} for row in result.rows]


def construct(store: Store, query: str, **slots: Slot) -> list[ox.Triple]:
    """Run a CONSTRUCT and return its triples."""
    return collect(store.query(prepare(query, **slots)), MAX_ROWS).triples


def ask(store: Store, query: str, **slots: Slot) -> bool:
    return collect(store.query(prepare(query, **slots)), 1).boolean


def py(term: ox.NamedNode | ox.Literal | None):
    """A term as a Python value: IRIs and most literals as ``str``, integers as ``int``."""
    if term is None:
        return None
    if isinstance(term, ox.Literal) and term.datatype.value in _INTEGERS:
        return int(term.value)
    if isinstance(term, ox.Literal) and term.datatype.value == XSD + "boolean":
        return term.value in ("true", "1")
    return term.value


def iris(rows: Iterable[Mapping], *names: str) -> set[str]:
    """The IRIs bound to ``names`` in ``rows`` (to look their labels up in one query)."""
    return {row[n].value for row in rows for n in names if isinstance(row.get(n), ox.NamedNode)}


@dataclass(frozen=True)
class Ref:
    """A node to link to: its IRI and the label a reader sees."""

    iri: str
    label: str


@dataclass(frozen=True)
class Seen:
    """The properties of a node's statements, out and in, as its page read them: a section whose
    query needs one of them can answer "nothing" without asking (~0.5 ms a query at 1M quads).
    Not ``complete`` if a read was cut at its LIMIT: then nothing is ruled out."""

    out: frozenset[str]
    into: frozenset[str]
    complete: bool

    def lacks(self, *props: str, inverse: bool = False) -> bool:
        """Whether the node surely has no statement with one of ``props`` (to it if ``inverse``)."""
        return self.complete and (self.into if inverse else self.out).isdisjoint(props)
