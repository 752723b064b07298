"""Validate the dataset against the SHACL shapes (pySHACL) and describe the result readably."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pyshacl import validate
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import SH

from .errors import KGError

SHAPES_FILE = Path(__file__).resolve().parent.parent / "shapes" / "newskg-shapes.ttl"


@dataclass(frozen=True)
class Report:
    """The outcome of a validation, as pySHACL returns it plus a curator-readable text."""

    conforms: bool
    graph: Graph
    text: str
    violations: int


def load_shapes(path: Path = SHAPES_FILE) -> Graph:
    return Graph().parse(path, format="turtle")


def union_graph(data: Dataset | Graph) -> Graph:
    """One graph of every triple: SHACL sees what the articles state together."""
    if not isinstance(data, Dataset):
        return data
    union = Graph()
    for s, p, o, _ in data.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


def validate_graph(data: Dataset | Graph, shapes: Graph | None = None) -> Report:
    """Validate ``data`` (the ontology must be inside it, for subclass targets) with the shapes."""
    shapes = shapes if shapes is not None else load_shapes()
    conforms, results, _ = validate(
        union_graph(data), shacl_graph=shapes,
        inference="none", advanced=True, allow_warnings=True, inplace=True,
    )
    # Only top-level results: those under sh:detail repeat a sh:node failure's reasons.
    top = set(results.objects(None, SH.result))
    lines = sorted(_describe(results, shapes, r) for r in top)
    violations = sum(1 for r in top if (r, SH.resultSeverity, SH.Violation) in results)
    text = "\n".join(lines) if lines else "Conforms: no violations."
    return Report(bool(conforms), results, text, violations)


def owning_shape(shapes: Graph, shape: URIRef) -> URIRef:
    """The named node shape a (blank) property shape belongs to, for messages and tests."""
    while not isinstance(shape, URIRef):
        parent = shapes.value(predicate=SH.property, object=shape)
        if parent is None:
            return shape
        shape = parent
    return shape


def _describe(results: Graph, shapes: Graph, result: URIRef) -> str:
    def value(prop: URIRef) -> str:
        found = results.value(result, prop)
        return "" if found is None else str(found)

    severity = value(SH.resultSeverity).rsplit("#", 1)[-1]
    path = value(SH.resultPath).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    shape = str(owning_shape(shapes, results.value(result, SH.sourceShape)))
    shape = shape.rsplit("#", 1)[-1] if shape.startswith("http") else "shape"
    message = value(SH.resultMessage)
    bad = results.value(result, SH.value)
    shown = f" (value: {bad})" if isinstance(bad, (Literal, URIRef)) and len(str(bad)) < 120 else ""
    return f"{severity}: <{value(SH.focusNode)}> {path or '-'} [{shape}]: {message}{shown}"


def load_data(file: Path | None, seeds: Path) -> Dataset:
    """The dataset to validate: ``file`` parsed by rdflib, or a fresh conversion of ``seeds``.

    A file without the ontology gets it added, because shapes target subclasses through it.
    """
    from .annotations import load_corpus
    from .convert import ONTOLOGY_FILE, convert_corpus

    if file is None:
        return convert_corpus(load_corpus(seeds))
    ds = Dataset()
    fmt = {".trig": "trig", ".nq": "nquads", ".nt": "nt", ".ttl": "turtle"}.get(file.suffix)
    if fmt is None:
        raise KGError(f"{file}: unknown RDF format (use .trig, .nq, .nt or .ttl)")
    try:
        ds.parse(file, format=fmt)
    except Exception as exc:  # rdflib raises many parser-specific types
        raise KGError(f"{file}: cannot parse as {fmt}: {str(exc).splitlines()[0]}") from None
    if (URIRef("https://newskg.example.org/ontology#Claim"), None, None) not in ds:
        ds.graph(URIRef("https://newskg.example.org/ontology")).parse(ONTOLOGY_FILE)
    return ds
