"""Validate the dataset unit by unit (see :mod:`kg.units`), in parallel, with cached results."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.processor import SPARQLProcessor
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Node

from .cache import Cache, digest
from .parallel import SHARED, Progress, no_progress, pmap, share
from .units import Unit, units
from .validate import SHAPES_FILE, load_shapes, validate_graph
from .validate import _describe as describe_result

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@dataclass(frozen=True)
class Finding:
    """One SHACL result a unit reports: its focus node (N-Triples form) and readable text."""

    focus: str
    violation: bool
    text: str


@dataclass(frozen=True)
class Checked:
    """The results of every unit, deduplicated (a shared node may be seen by two units)."""

    findings: tuple[tuple[str, Finding], ...]  # (graph IRI of the unit, finding)

    @property
    def violations(self) -> int:
        return len({f.text for _, f in self.findings if f.violation})

    @property
    def conforms(self) -> bool:
        return self.violations == 0


def check_graphs(graphs: dict[str, Sequence[str]], order: Sequence[str], cache: Cache, *,
                 workers: int | None = None, progress: Progress = no_progress) -> Checked:
    """Validate every graph's unit against the shapes; reuse cached results of unchanged units."""
    all_units, subclass = units(graphs, order)
    salt = digest(SHAPES_FILE.read_bytes(), "\n".join(subclass))
    keys = [cache.key("check", salt, unit.key) for unit in all_units]
    results = [cache.get("check", key) for key in keys]
    todo = [i for i, found in enumerate(results) if found is None]
    if todo:
        share(units=all_units, subclass=subclass, shapes=load_shapes())
    fresh = pmap(_check_one, todo, workers=workers, label="validating", progress=progress)
    for i, found in zip(todo, fresh, strict=True):
        cache.put("check", keys[i], found)
        results[i] = found
    seen: dict[str, tuple[str, Finding]] = {}
    for unit, found in zip(all_units, results, strict=True):
        for finding in found:
            seen.setdefault(finding.text, (unit.graph, finding))
    return Checked(tuple(sorted(seen.values(), key=lambda pair: pair[1].text)))


def _check_one(index: int) -> tuple[Finding, ...]:
    unit: Unit = SHARED["units"][index]
    return check_unit(unit, SHARED["subclass"], SHARED["shapes"])


def check_unit(unit: Unit, subclass: Sequence[str], shapes: Graph) -> tuple[Finding, ...]:
    """The results about nodes ``unit`` owns (see :mod:`kg.units` for why only those)."""
    with parsed_once():
        report = validate_graph(to_graph([*unit.triples, *subclass]), shapes)
    results = report.graph
    findings = set()
    for result in set(results.objects(None, SH.result)):  # top level, as validate_graph counts
        focus, value = results.value(result, SH.focusNode), results.value(result, SH.value)
        if n3(focus) in unit.owned or n3(value) in unit.owned:
            violation = results.value(result, SH.resultSeverity) == SH.Violation
            text = describe_result(results, shapes, result)
            findings.add(Finding(n3(focus), violation, text))
    return tuple(sorted(findings, key=lambda f: f.text))


@contextmanager
def parsed_once() -> Iterator[None]:
    """pySHACL hands rdflib the *text* of each SPARQL constraint on every run, and rdflib's parser
    takes ~0.1 s per query: a third of validating a small unit. Within this block each text is
    parsed once per process and the parsed query reused, as rdflib's own ``prepareQuery`` does."""
    original = SPARQLProcessor.query

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):
        if isinstance(strOrQuery, str):
            namespaces = tuple(sorted((k, str(v)) for k, v in (initNs or {}).items()))
            strOrQuery = _prepared(strOrQuery, base, namespaces)
        return original(self, strOrQuery, initBindings, initNs, base, DEBUG)

    SPARQLProcessor.query = query
    try:
        yield
    finally:
        SPARQLProcessor.query = original


@lru_cache(maxsize=256)
def _prepared(text: str, base: str | None, namespaces: tuple) -> Query:
    return translateQuery(parseQuery(text), base, dict(namespaces))


def to_graph(lines: Sequence[str]) -> Graph:
    """An rdflib graph of N-Triples lines, parsed by Oxigraph (rdflib's own parser is ~2× slower)."""
    graph = Graph()
    data = "\n".join(lines).encode("utf-8")
    graph.addN((_term(t.subject), _term(t.predicate), _term(t.object), graph)
               for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
    return graph


def n3(term: Node | None) -> str:
    """The N-Triples spelling kg.units uses for subjects (only IRIs can be owned)."""
    return f"<{term}>" if isinstance(term, URIRef) else ""


@lru_cache(maxsize=65536)
def _iri(value: str) -> URIRef:
    return URIRef(value)


def _term(term) -> Node:
    if isinstance(term, ox.NamedNode):
        return _iri(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    # rdflib keeps plain literals without a datatype, as the converter wrote them.
    return Literal(term.value) if datatype == XSD_STRING else Literal(term.value, datatype=_iri(datatype))
