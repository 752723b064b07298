"""A SHACL result as every engine reports it, and the line a curator reads for it.

pySHACL gives a report *graph*; the ``shacl`` engine gives result objects with terms as
N-Triples strings. Both become :class:`Result`: the focus node and value in N-Triples, the path
in SPARQL property-path syntax, the constraint component and severity as IRIs, the named shape it
belongs to, and the message. The curator's line (:attr:`Result.text`) is made from those fields
alone, so two engines that agree on them write the same lines, and ``kg build`` blames the same
``file:line`` whichever engine ran.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

VIOLATION = str(SH.Violation)
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
PATH_KINDS = {SH.zeroOrMorePath: "*", SH.oneOrMorePath: "+", SH.zeroOrOnePath: "?"}
SHOWN_VALUE = 120  # longer values (an article's text) are left out of the line
_STEPS = re.compile(r"\(?(\^?<[^<>]*>(?:/\^?<[^<>]*>)*)\)?")
_STEP = re.compile(r"(\^?)<([^<>]*)>")


@dataclass(frozen=True)
class Result:
    """One SHACL validation result, whichever engine found it."""

    focus: str  # N-Triples: <iri> (or _:label)
    path: str | None  # SPARQL property path: <p>, ^<p>, (<a>/<b>); None for node constraints
    component: str  # the constraint component's IRI
    severity: str  # sh:Violation, sh:Warning or sh:Info, as an IRI
    shape: str  # the named shape the constraint belongs to (an IRI), or "" if there is none
    message: str
    value: str | None = None  # N-Triples
    shown: str | None = None  # the value as the line shows it: a literal's text, an IRI

    @property
    def violation(self) -> bool:
        return self.severity == VIOLATION

    @property
    def key(self) -> tuple[str, str | None, str, str]:
        """What two engines must agree on: focus node, path, constraint component, severity."""
        return self.focus, self.path, self.component, self.severity

    @property
    def text(self) -> str:
        """``Violation: <focus> path [Shape]: message (value: …)``, the curator's line."""
        severity = self.severity.rsplit("#", 1)[-1]
        shape = self.shape.rsplit("#", 1)[-1] if self.shape.startswith("http") else "shape"
        shown = f" (value: {self.shown})" if self.shown is not None and len(self.shown) < SHOWN_VALUE else ""
        return (f"{severity}: <{self.focus.strip('<>')}> {path_text(self.path) or '-'} [{shape}]: "
                f"{self.message}{shown}")


def path_text(path: str | None) -> str:
    """A path in the shorthand of the report lines: ``label``, ``^claimant``, ``hasSelector/exact``
    (local names); ``(path)`` for alternatives and repetitions.

    >>> path_text("(<http://www.w3.org/ns/oa#hasSelector>/<http://www.w3.org/ns/oa#exact>)")
    'hasSelector/exact'
    >>> path_text("^<https://w3id.org/newskg/ontology#claimant>"), path_text("(<urn:a>|<urn:b>)")
    ('^claimant', '(path)')
    """
    if not path:
        return ""
    steps = _STEPS.fullmatch(path)
    if steps is None:
        return "(path)"
    return "/".join(inverse + local(iri) for inverse, iri in _STEP.findall(steps.group(1)))


def local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def sparql_path(graph: Graph, path: Node | None) -> str | None:
    """A SHACL path node of ``graph`` in SPARQL syntax, written as the ``shacl`` engine writes
    it: a sequence or alternative in parentheses, ``(…)*`` for repetitions."""
    if path is None:
        return None
    if isinstance(path, URIRef):
        return f"<{path}>"
    if graph.value(path, RDF.first) is not None:
        return "(" + "/".join(sparql_path(graph, step) for step in graph.items(path)) + ")"
    inverse = graph.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + sparql_path(graph, inverse)
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(sparql_path(graph, step) for step in graph.items(alternatives)) + ")"
    for kind, mark in PATH_KINDS.items():
        inner = graph.value(path, kind)
        if inner is not None:
            return f"({sparql_path(graph, inner)}){mark}"
    return "(path)"


def n_triples(term: Node) -> str:
    """A term in N-Triples as Oxigraph writes it, the ``shacl`` engine's spelling (rdflib's
    ``n3()`` writes a multi-line literal in triple quotes).

    >>> print(n_triples(Literal("two\\nlines", lang="en")), n_triples(URIRef("urn:x")))
    "two\\nlines"@en <urn:x>
    """
    if isinstance(term, Literal):
        if term.language:
            return str(ox.Literal(str(term), language=term.language))
        return str(ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or XSD_STRING))))
    return f"<{term}>" if isinstance(term, URIRef) else term.n3()


def shown(term: Node | None) -> str | None:
    """What a line shows of a value: a literal's text or an IRI; nothing of a blank node."""
    return str(term) if isinstance(term, (Literal, URIRef)) else None
