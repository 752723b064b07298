"""One named graph as N-Quads lines, written straight from the converters' ``add`` calls.

The converters (:mod:`kg.convert.article`, :func:`kg.convert.corpus.convert_registry`,
:func:`kg.convert.links.derive_links`) only ever call ``g.add((s, p, o))`` and read
``g.identifier``. Adding to an rdflib ``Dataset`` and serialising it as N-Quads afterwards cost a
quarter of a cold build (its Memory store indexes every triple three ways, and the serialiser
walks them again); :class:`GraphLines` takes the same calls and keeps the lines rdflib's N-Quads
serialiser would write, once each, in the order they were first added.

The lines are the same bytes as rdflib's: ``tests/convert/test_quads.py`` compares them term by
term with rdflib's serialiser (hypothesis-generated IRIs and literals), and the build's byte tests
compare whole datasets with the rdflib conversion (``kg.convert.convert_corpus``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from rdflib import Literal, URIRef
from rdflib.term import Node

# What rdflib's URIRef.n3 refuses to write, plus the control characters N-Quads' IRIREF excludes
# (rdflib writes those as they are, which breaks the line).
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|\\^`]')


def iri(term: str) -> str:
    """``<term>``; an IRI rdflib could not serialise is refused the same way.

    >>> iri("https://x.org/a")
    '<https://x.org/a>'
    """
    if _NOT_IN_IRI.search(term):
        raise ValueError(f"{term!r} is not a valid IRI: it cannot be written as N-Quads")
    return f"<{term}>"


def literal(term: Literal) -> str:
    """A literal as rdflib's N-Triples/N-Quads serialiser writes it (``_quoteLiteral``).

    >>> print(literal(Literal('say "hi"', lang="en")), literal(Literal(3)))
    "say \\"hi\\""@en "3"^^<http://www.w3.org/2001/XMLSchema#integer>
    """
    text = '"' + str.replace(term, "\\", "\\\\").replace("\n", "\\n").replace('"', '\\"') \
        .replace("\r", "\\r") + '"'
    if term.language:
        return f"{text}@{term.language}"
    return f"{text}^^<{term.datatype}>" if term.datatype else text


def n3(term: Node) -> str:
    """Any rdflib term in N-Quads syntax."""
    kind = type(term)
    if kind is URIRef:
        return iri(term)
    if kind is Literal:
        return literal(term)
    if not isinstance(term, Node):
        raise TypeError(f"{term!r} is not an RDF term")
    return literal(term) if isinstance(term, Literal) else term.n3()


class GraphLines:
    """The graph ``identifier`` being written: ``add`` as on an rdflib ``Graph``, N-Quads out.

    >>> g = GraphLines(URIRef("urn:x:g"))
    >>> _ = g.add((URIRef("urn:x:s"), URIRef("urn:x:p"), Literal("o", lang="EN")))
    >>> _ = g.add((URIRef("urn:x:s"), URIRef("urn:x:p"), Literal("o", lang="en")))  # equal in RDF
    >>> g.lines()
    ['<urn:x:s> <urn:x:p> "o"@EN <urn:x:g> .']
    """

    def __init__(self, identifier: URIRef):
        self.identifier = identifier
        self._tail = f" {iri(identifier)} ."
        self._lines: dict[str, str] = {}

    def add(self, triple: tuple[Node, Node, Node]) -> GraphLines:
        s, p, o = triple
        line = f"{n3(s)} {n3(p)} {n3(o)}{self._tail}"
        # rdflib compares language tags without case: "x"@EN and "x"@en are one triple (the first)
        lang = o.language if type(o) is Literal else None
        key = line if not lang else line[:len(line) - len(self._tail) - len(lang)] + lang.lower()
        self._lines.setdefault(key, line)
        return self

    def addN(self, quads: Iterable[tuple[Node, Node, Node, object]]) -> GraphLines:  # noqa: N802
        for s, p, o, _ in quads:
            self.add((s, p, o))
        return self

    def __len__(self) -> int:
        return len(self._lines)

    def __iter__(self) -> Iterator[str]:
        return iter(self._lines.values())

    def lines(self) -> list[str]:
        """The lines, as ``kg.build`` caches them. Text rdflib would write with ``replace``
        (a lone surrogate) is replaced the same way."""
        lines = list(self._lines.values())
        try:
            "".join(lines).encode("utf-8")
        except UnicodeEncodeError:
            lines = [line.encode("utf-8", "replace").decode("utf-8") for line in lines]
        return lines
