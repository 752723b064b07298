"""The SHACL engines ``kg build`` and ``kg validate`` can run, chosen by name.

- ``shacl`` (default): the Rust engine of the ``shacl`` package (pwin/SHACL_Engine, MIT/Apache,
  pinned in pyproject.toml). It compiles the authored shapes once per process and validates
  N-Triples text; 8–15× faster than pySHACL here and a fraction of its memory.
- ``pyshacl``: pySHACL, the project's validator of record (the shape tests are written against
  it), with the build's speed-ups: hoisted property shapes, focus nodes as a set, SHACL-SPARQL
  constraints answered by Oxigraph (:mod:`kg.validate.shacl_sparql`).

Both give :class:`~kg.validate.results.Result` objects, so they write the same curator lines.
``tests/validate/test_engines.py`` runs both on every shape test case and on broken corpora and
requires the same focus nodes, paths, constraint components, severities and messages: the
default is the fast engine only while that test passes. ``KG_SHACL_ENGINE`` (or ``--engine``)
picks one.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Sequence
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef

from kg.errors import KGError
from kg.resources import SHAPES_FILE

from .results import Result, local
from .shacl import Report, load_shapes, report_of, union_graph, validate_graph

ENGINES = ("shacl", "pyshacl")
DEFAULT_ENGINE = "shacl"
ENV = "KG_SHACL_ENGINE"


class Engine(Protocol):
    name: str
    batch_triples: int
    """Triples per run in the build: each run has a fixed cost, but the ``shacl`` engine's
    SHACL-SPARQL constraints cost (articles × evidence) within a run, so its runs are smaller."""

    def validate(self, lines: Sequence[str], focus: Collection[str] | None = None) -> list[Result]:
        """The top-level results of N-Triples ``lines``; with ``focus`` (N-Triples IRIs), only
        those about these nodes: as the focus node, or (``shacl`` only) as the value, which is
        how a shape with an inverse path from an ontology individual (``nk:Day``) reaches them."""

    def fingerprint(self) -> str:
        """The engine and its version: part of the build's cache keys."""


def engine_name(name: str | None = None) -> str:
    """``name``, else ``KG_SHACL_ENGINE``, else the default; an unknown name is a one-line error."""
    name = name or os.environ.get(ENV) or DEFAULT_ENGINE
    if name not in ENGINES:
        raise KGError(f"{ENV} / --engine: unknown SHACL engine {name!r} (choose from {', '.join(ENGINES)})")
    return name


def get_engine(name: str | None = None) -> Engine:
    """The engine called ``name`` (see :func:`engine_name`), its shapes loaded once per process."""
    return _engine(engine_name(name))


@cache
def _engine(name: str) -> Engine:
    return RustShacl(SHAPES_FILE) if name == "shacl" else PyShacl(load_shapes())


class RustShacl:
    """The ``shacl`` package's engine on the authored shapes file (not hoisted: it needs no such
    help, and its result's ``root_shape`` is then the node shape the curator knows)."""

    name = "shacl"
    batch_triples = 15_000

    def __init__(self, shapes: Path):
        import shacl

        self.shapes = shacl.Shapes.from_file(str(shapes))
        self.version = version("shacl")

    def fingerprint(self) -> str:
        return f"{self.name} {self.version}"

    def validate(self, lines: Sequence[str], focus: Collection[str] | None = None) -> list[Result]:
        report = self.shapes.validate_text("\n".join(lines), format="ntriples", allow_warnings=True)
        keep = None if focus is None else set(focus)
        return _once(r for r in report.results if keep is None or r.focus_node in keep or r.value in keep)

    def report(self, lines: Sequence[str]) -> Report:
        report = self.shapes.validate_text("\n".join(lines), format="ntriples", allow_warnings=True)
        graph = Graph().parse(data=report.serialize("ntriples"), format="nt")
        return report_of(_once(report.results), graph)


def _once(found) -> list[Result]:
    """Each result once, in the engine's order. A SHACL-SPARQL constraint gives one per row of its
    query, and two rows can say the same thing (a day with two latest days, each unlike its
    first): pySHACL reports that once, and the curator needs to read it once."""
    return list(dict.fromkeys(map(_result, found)))


def _result(found) -> Result:
    """A ``shacl.Result`` as a :class:`Result` (its path is already in SPARQL syntax)."""
    shown = None if found.value is None or found.value.startswith("_:") else found.value_plain
    return Result(found.focus_node, found.path, found.component_iri, found.severity_iri,
                  (found.root_shape or "").strip("<>"), found.message or _default_message(found),
                  found.value, shown)


def _default_message(found) -> str:
    """Every constraint of the shapes has a message (tests/validate/test_shapes.py); a shape added
    without one still gets a line that names what failed."""
    return f"{local(found.component_iri).removesuffix('ConstraintComponent')} constraint not met."


class PyShacl:
    """pySHACL on the hoisted shapes, as :func:`kg.validate.shacl.validate_graph` runs it, with
    the SHACL-SPARQL constraints answered by Oxigraph."""

    name = "pyshacl"
    batch_triples = 60_000

    def __init__(self, shapes: Graph):
        self.shapes = shapes
        self.version = version("pyshacl")

    def fingerprint(self) -> str:
        return f"{self.name} {self.version}"

    def validate(self, lines: Sequence[str], focus: Collection[str] | None = None) -> list[Result]:
        from .shacl_sparql import fast_sparql  # rdflib's SPARQL parser: only pySHACL needs it

        if focus is not None and not focus:
            return []
        graph, mirror = to_graph(lines)
        nodes = None if focus is None else {URIRef(iri[1:-1]) for iri in focus}
        with fast_sparql(graph, mirror):
            return list(validate_graph(graph, self.shapes, focus=nodes).results)

    def report(self, lines: Sequence[str]) -> Report:
        return validate_graph(to_graph(lines)[0], self.shapes)


def to_graph(lines: Sequence[str]) -> tuple[Graph, ox.Store]:
    """An rdflib graph of N-Triples lines, parsed by Oxigraph (rdflib's own parser is ~2× slower),
    and the same triples in an Oxigraph store (see :mod:`kg.validate.shacl_sparql`)."""
    from .shacl_sparql import from_oxigraph

    graph, mirror = Graph(), ox.Store()
    triples = list(ox.parse("\n".join(lines).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))
    graph.addN((from_oxigraph(t.subject), from_oxigraph(t.predicate), from_oxigraph(t.object), graph)
               for t in triples)
    mirror.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    return graph, mirror


def validate_data(data: Dataset | Graph, name: str | None = None) -> Report:
    """Validate a whole dataset (``kg validate``) with the engine called ``name``."""
    engine = get_engine(name)
    if isinstance(engine, PyShacl):
        return validate_graph(data, engine.shapes)
    text = union_graph(data).serialize(format="nt", encoding="utf-8").decode("utf-8")
    return engine.report([line for line in text.split("\n") if line])


__all__ = ["DEFAULT_ENGINE", "ENGINES", "Engine", "engine_name", "get_engine", "to_graph", "validate_data"]
