"""Which graphs on a SPARQL server are ours, and how a query is confined to them.

The embedded store answers from our named graphs only, and its default graph holds each of their
triples once. A server may hold more (Virtuoso's default graph is every graph it has, its system
graphs too; a Fuseki dataset may hold other data), and its default graph may be a bag (Oxigraph's
``--union-default-graph``, Virtuoso's). So ``kg load`` writes, beside our named graphs, their
*union graph* ``<base>graph/union``: each distinct triple once. When the server has it, a query
that names no dataset of its own is sent with

- ``default-graph-uri=<union graph>`` (SPARQL 1.1 Protocol): patterns outside ``GRAPH`` see our
  triples, each once;
- if it has a ``GRAPH`` pattern, ``named-graph-uri=`` each of our graphs, or only those it names
  when every ``GRAPH`` names an IRI (``GRAPH <…/ontology>``: one graph, whatever the number of
  articles). Virtuoso needs both lists: given only ``default-graph-uri`` it lets ``GRAPH ?g`` range
  over every graph it has; its ``define input:named-graph-exclude`` pragma also empties the
  default graph and ``GRAPH <iri>``, and graph groups are refused in ``FROM NAMED``. Each listed
  graph costs Virtuoso ~0.06 ms a query and comes back as a response header, so ``GRAPH ?g`` over
  more than ~1,000 graphs outgrows httpx's 100 KB header limit (docs/deployment.md).

Ours are the graphs ``kg build`` names: under ``<base>graph/``, and the ontology's. Without a union
graph the server's own default graph is trusted (``oxigraph serve --union-default-graph``,
Fuseki's ``unionDefaultGraph``); ``kg serve`` checks it and warns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.namespaces import ONTOLOGY_IRI, graph_ns

from .guard import code_part, expand_escapes

_GRAPH = re.compile(r"(?<![\w?$:\-])GRAPH(?![\w:\-])", re.I)
_IRI = re.compile(r"\s*<([A-Za-z][A-Za-z0-9+.-]*:[^<>\s]*)>")
EVERY = None  # graph_targets(): a GRAPH with a variable, a prefixed name or a relative IRI


def union_graph(base: str | None = None) -> str:
    """The IRI of the graph ``kg load`` writes the union of the named graphs to."""
    return str(graph_ns(base)["union"])


def no_graph(base: str | None = None) -> str:
    """A graph IRI nothing is ever written to: the protocol's way to name no graph at all."""
    return str(graph_ns(base)["none"])


def is_ours(graph: str, base: str | None = None) -> bool:
    """Whether ``graph`` is one ``kg build`` names (not the union graph).

    >>> is_ours("https://newskg.example.org/graph/registry"), is_ours("http://example.org/g")
    (True, False)
    """
    if graph == ONTOLOGY_IRI:
        return True
    return graph.startswith(str(graph_ns(base))) and graph not in (union_graph(base), no_graph(base))


def graph_targets(text: str) -> frozenset[str] | None:
    """The absolute IRIs the query's ``GRAPH`` patterns name: empty if it has none, ``None``
    (:data:`EVERY`) if some ``GRAPH`` takes a variable or anything but an absolute IRI.

    >>> sorted(graph_targets("SELECT * { GRAPH <http://g> { ?s ?p 'GRAPH ?x' } }"))
    ['http://g']
    >>> graph_targets("ASK { GRAPH ?g {} }") is EVERY, graph_targets("ASK {}")
    (True, frozenset())
    """
    if expand_escapes(text) != text:  # an engine may read the escapes: take the safe answer
        return EVERY if _GRAPH.search(code_part(expand_escapes(text))) else frozenset()
    found = set()
    for keyword in _GRAPH.finditer(code_part(text)):
        iri = _IRI.match(text, keyword.end())
        if iri is None:
            return EVERY
        found.add(iri[1])
    return frozenset(found)


@dataclass(frozen=True)
class Scope:
    """The dataset a query without its own is sent with; no ``union`` means none at all."""

    union: str | None = None
    named: tuple[str, ...] = ()  # our named graphs, sorted
    nothing: str = ""  # :func:`no_graph`

    def dataset(self, text: str) -> tuple[list[str], list[str]]:
        """The ``default-graph-uri`` and ``named-graph-uri`` lists for ``text``."""
        if self.union is None:
            return [], []
        targets = graph_targets(text)
        if targets is EVERY:
            return [self.union], list(self.named)
        if not targets:
            return [self.union], []
        return [self.union], [g for g in self.named if g in targets] or [self.nothing]

    def describe(self) -> str:
        """How queries are scoped, for ``kg serve``'s start-up line."""
        if self.union is None:
            return "the server's default graph"
        return f"the union graph <{self.union}> and {len(self.named)} named graphs"
