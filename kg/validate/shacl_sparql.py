"""pySHACL's SPARQL-based constraints, answered fast.

pySHACL hands rdflib the *text* of each SPARQL constraint, once per focus node, on the data graph.
rdflib parses the text every time (~0.1 s a query) and evaluates property paths in Python: the
evidence-offsets check alone was half of validating one article. Within :func:`fast_sparql`:

- a query on ``graph`` is answered by Oxigraph from ``mirror`` (the same triples), with
  pySHACL's pre-bound variables (``$this``) passed as SEP-0007 substitutions, which is what
  rdflib's ``initBindings`` mean;
- any other query, or one Oxigraph cannot parse, goes to rdflib, each text parsed once per process.

``tests/validate/test_shacl_sparql.py`` checks that every shape test case reports the same either way.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.processor import SPARQLProcessor
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Node

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@contextmanager
def fast_sparql(graph: Graph | None = None, mirror: ox.Store | None = None) -> Iterator[None]:
    """Answer SPARQL on ``graph`` from ``mirror``; parse other query texts once (see module)."""
    original = SPARQLProcessor.query

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):
        if mirror is not None and self.graph is graph and isinstance(strOrQuery, str):
            answer = on_oxigraph(mirror, strOrQuery, initBindings or {}, base)
            if answer is not None:
                return answer
        if isinstance(strOrQuery, str):
            namespaces = tuple(sorted((k, str(v)) for k, v in (initNs or {}).items()))
            strOrQuery = _prepared(strOrQuery, base, namespaces)
        return original(self, strOrQuery, initBindings, initNs, base, DEBUG)

    SPARQLProcessor.query = query
    try:
        yield
    finally:
        SPARQLProcessor.query = original


def on_oxigraph(store: ox.Store, text: str, bindings: Mapping[str, Node],
                base: str | None = None) -> dict[str, Any] | None:
    """rdflib's answer dict (what ``SPARQLProcessor.query`` returns) for a SELECT or ASK query,
    evaluated by Oxigraph; ``None`` if Oxigraph cannot parse it or it is another form."""
    substitutions = {ox.Variable(name): to_oxigraph(value) for name, value in bindings.items()}
    try:
        answer = store.query(text, base_iri=base, substitutions=substitutions)
    except (SyntaxError, RuntimeError):
        # RuntimeError: a substituted variable is not projected. rdflib reports its bindings in
        # every row anyway; Oxigraph refuses, so such a query is left to rdflib.
        return None
    if isinstance(answer, ox.QueryBoolean):
        return {"type_": "ASK", "askAnswer": bool(answer)}
    if not isinstance(answer, ox.QuerySolutions):
        return None
    names = [v.value for v in answer.variables]
    rows = []
    for solution in answer:
        rows.append({Variable(name): from_oxigraph(value)
                     for name, value in zip(names, solution, strict=True) if value is not None})
    return {"type_": "SELECT", "vars_": [Variable(name) for name in names], "bindings": rows}


@lru_cache(maxsize=256)
def _prepared(text: str, base: str | None, namespaces: tuple) -> Query:
    return translateQuery(parseQuery(text), base, dict(namespaces))


def to_oxigraph(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or XSD_STRING)))
    raise TypeError(f"cannot pass {term!r} to Oxigraph")


@lru_cache(maxsize=65536)
def _iri(value: str) -> URIRef:
    return URIRef(value)


def from_oxigraph(term) -> Node:
    """The rdflib term for an Oxigraph one; plain strings stay without a datatype, as rdflib
    parses them (so ``==`` with the data graph's literals holds)."""
    if isinstance(term, ox.NamedNode):
        return _iri(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return Literal(term.value) if datatype == XSD_STRING else Literal(term.value, datatype=_iri(datatype))
