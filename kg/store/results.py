"""Query results held in memory, capped at a row limit, and written in any format of the table.

Results are always collected in full (up to the cap) before a single byte is written, so a query
that times out or fails can never turn into a truncated ``200`` response.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.formats import Format

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


@dataclass
class Result:
    """A SELECT table, an ASK boolean or a CONSTRUCT/DESCRIBE graph; ``truncated`` if capped."""

    kind: str  # "solutions" | "boolean" | "graph"
    variables: tuple[str, ...] = ()
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)
    boolean: bool = False
    triples: list[ox.Triple] = field(default_factory=list)
    truncated: bool = False

    @property
    def family(self) -> str:
        """The format family this result is written in: ``results`` or ``graph``."""
        return "graph" if self.kind == "graph" else "results"

    def __len__(self) -> int:
        return len(self.triples) if self.kind == "graph" else len(self.rows)

    def serialize(self, fmt: Format, prefixes: dict[str, str] | None = None) -> bytes:
        """The result as bytes in ``fmt``, which must belong to :attr:`family`."""
        if self.family not in fmt.families:
            raise ValueError(f"{fmt.label or fmt.name} cannot hold {self.kind} results")
        if self.kind == "graph":
            return ox.serialize(self.triples, format=fmt.serializer,
                                prefixes=used_prefixes(prefixes or {}, self.triples))
        if fmt.serializer == ox.QueryResultsFormat.JSON:
            return _dumps(self.to_json())
        # pyoxigraph writes XML/CSV/TSV, but only from its own result objects: round-trip via JSON.
        plain = {k: v for k, v in self.to_json().items() if k != "truncated"}
        parsed = ox.parse_query_results(_dumps(plain), ox.QueryResultsFormat.JSON)
        return parsed.serialize(format=fmt.serializer)

    def to_table(self, prefixes: dict[str, str] | None = None) -> str:
        """Aligned text columns for a terminal; IRIs shortened with ``prefixes``."""
        if self.kind == "boolean":
            return "true" if self.boolean else "false"
        header, rows = (("subject", "predicate", "object"), self.triples) if self.kind == "graph" \
            else (self.variables, self.rows)
        cells = [[shorten(term, prefixes or {}) for term in row] for row in rows]
        widths = [max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(header)]
        lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
                 for row in [list(header), ["-" * w for w in widths], *cells]]
        noun = "triple" if self.kind == "graph" else "row"
        lines.append(f"{len(self)} {noun}{'s' * (len(self) != 1)}"
                     + (" (truncated by the row limit)" if self.truncated else ""))
        return "\n".join(lines)

    def to_json(self) -> dict:
        """SPARQL 1.1 JSON results; a top-level ``"truncated": true`` when the row cap cut them."""
        if self.kind == "boolean":
            return {"head": {}, "boolean": self.boolean}
        bindings = [{var: term_json(term) for var, term in zip(self.variables, row, strict=True)
                     if term is not None} for row in self.rows]
        body = {"head": {"vars": list(self.variables)}, "results": {"bindings": bindings}}
        # First key: pyoxigraph's streaming JSON reader rejects unknown keys after "results".
        return {"truncated": True, **body} if self.truncated else body


def collect(results: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples,
            max_rows: int) -> Result:
    """Read up to ``max_rows`` rows (or triples) from a pyoxigraph result."""
    if isinstance(results, ox.QueryBoolean):
        return Result("boolean", boolean=bool(results))
    if isinstance(results, ox.QueryTriples):
        triples, truncated = _take(results, max_rows)
        return Result("graph", triples=triples, truncated=truncated)
    variables = tuple(v.value for v in results.variables)
    rows, truncated = _take((tuple(solution) for solution in results), max_rows)
    return Result("solutions", variables, rows, truncated=truncated)


def _take(items: Iterable, limit: int) -> tuple[list, bool]:
    taken = []
    for item in items:
        if len(taken) == limit:
            return taken, True
        taken.append(item)
    return taken, False


def term_json(term: Term) -> dict:
    """One RDF term in the SPARQL JSON results shape."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        parts = zip(("subject", "predicate", "object"), term, strict=True)
        return {"type": "triple", "value": {k: term_json(t) for k, t in parts}}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
        if term.direction:
            out["its:dir"] = str(term.direction)
    elif term.datatype.value != XSD_STRING:
        out["datatype"] = term.datatype.value
    return out


def used_prefixes(prefixes: dict[str, str], triples: list[ox.Triple]) -> dict[str, str]:
    """The prefixes some IRI of ``triples`` starts with (pyoxigraph declares all it is given)."""
    iris = {t.value for triple in triples for t in triple if isinstance(t, ox.NamedNode)}
    return {p: ns for p, ns in prefixes.items() if any(iri.startswith(ns) for iri in iris)}


def shorten(term: Term | None, prefixes: dict[str, str]) -> str:
    """A compact, readable spelling, language tags kept (an English and a Spanish label are
    two rows that would otherwise look the same).

    >>> nk = {"nk": "https://w3id.org/newskg/ontology#"}
    >>> shorten(ox.NamedNode("https://w3id.org/newskg/ontology#Claim"), nk)
    'nk:Claim'
    >>> shorten(ox.Literal("Nicolás  Maduro", language="es"), nk)
    'Nicolás Maduro@es'
    >>> shorten(ox.Literal("3", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")), nk)
    '3'
    """
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for prefix, ns in prefixes.items():
            if term.value.startswith(ns) and len(term.value) > len(ns):
                return f"{prefix}:{term.value[len(ns):]}"
        return f"<{term.value}>"
    if isinstance(term, ox.Literal):
        text = " ".join(term.value.split())
        return f"{text}@{term.language}" if term.language else text
    return str(term)


def _dumps(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
