"""Validate the dataset against the SHACL shapes (pySHACL) and describe the result readably."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from kg.errors import KGError
from kg.resources import SHAPES_FILE

from .shacl_sparql import fast_sparql


@dataclass(frozen=True)
class Report:
    """The outcome of a validation, as pySHACL returns it plus a curator-readable text."""

    conforms: bool
    graph: Graph
    text: str
    violations: int


HOISTED_FROM = URIRef("https://w3id.org/newskg/shapes#hoistedFrom")
TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)


def load_shapes(path: Path = SHAPES_FILE) -> Graph:
    """The shapes of ``path``, ready to validate with (see :func:`hoist_property_shapes`)."""
    return hoist_property_shapes(Graph().parse(path, format="turtle"))


def hoist_property_shapes(shapes: Graph) -> Graph:
    """Give the property shapes of every targeted node shape that node shape's targets, in place.

    pySHACL checks a node shape's property shapes once per focus node, at ~0.2 ms of overhead
    each: most of a build's validation time. A property shape with targets of its own is checked
    once for all its focus nodes, with the same results, 2–3× faster. Shapes reached through
    ``sh:node`` (and the other shape-valued parameters) are left alone: they have no targets.
    ``nksh:hoistedFrom`` keeps the link :func:`owning_shape` reports.
    """
    nested = set(shapes.objects(None, SH.node)) | set(shapes.objects(None, SH["not"])) \
        | set(shapes.objects(None, SH.qualifiedValueShape))
    for logical in (SH["and"], SH["or"], SH.xone):
        for members in shapes.objects(None, logical):
            nested.update(shapes.items(members))
    for node in set(shapes.subjects(RDF.type, SH.NodeShape)) - nested:
        targets = [(p, o) for p in TARGETS for o in shapes.objects(node, p)]
        if not targets or (node, SH.closed, Literal(True)) in shapes:
            continue
        for prop in list(shapes.objects(node, SH.property)):
            shapes.remove((node, SH.property, prop))
            shapes.add((prop, RDF.type, SH.PropertyShape))
            shapes.add((prop, HOISTED_FROM, node))
            for p, o in targets:
                shapes.add((prop, p, o))
    return shapes


def union_graph(data: Dataset | Graph) -> Graph:
    """One graph of every triple: SHACL sees what the articles state together."""
    if not isinstance(data, Dataset):
        return data
    union = Graph()
    for s, p, o, _ in data.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


OPTIONS = {"inference": "none", "advanced": True, "allow_warnings": True, "inplace": True}
# With RDFS inference the entailed triples go into a copy: the caller's graph stays as it was.
RDFS_OPTIONS = {**OPTIONS, "inference": "rdfs", "inplace": False}


def validate_graph(data: Dataset | Graph, shapes: Graph | None = None,
                   focus: Collection[URIRef] | None = None, *, rdfs: bool = False) -> Report:
    """Validate ``data`` (the ontology must be inside it, for subclass targets) with the shapes;
    with ``focus``, only those of the targeted nodes (what they point at is still read). With
    ``rdfs``, after RDFS inference over the ontology in ``data``: a subject outside a property's
    domain then gets the domain's class, and that class's shape fails (issue 19's nk:party)."""
    # Imported here: `kg serve` needs this module's shapes but validates only on request, and
    # pySHACL costs ~20 MB in the server (and the forked query workers) otherwise.
    from pyshacl import validate

    shapes = shapes if shapes is not None else load_shapes()
    if focus and not rdfs:  # the build's units, whose caller answers SPARQL from Oxigraph
        conforms, results, _ = _run_focused(union_graph(data), shapes, focus)
    else:
        # Each SHACL-SPARQL query text parsed once, not once per focus node (10× on many events).
        with fast_sparql(), rdflib_conversions_kept():
            options = RDFS_OPTIONS if rdfs else OPTIONS
            conforms, results, _ = validate(union_graph(data), shacl_graph=shapes, **options)
    # Only top-level results: those under sh:detail repeat a sh:node failure's reasons.
    top = set(results.objects(None, SH.result))
    lines = sorted(describe_result(results, shapes, r) for r in top)
    violations = sum(1 for r in top if (r, SH.resultSeverity, SH.Violation) in results)
    text = "\n".join(lines) if lines else "Conforms: no violations."
    return Report(bool(conforms), results, text, violations)


@contextmanager
def rdflib_conversions_kept() -> Iterator[None]:
    """Undo what an inference run does to rdflib's literal conversions: owlrl installs its own for
    the whole process and puts back only rdflib's defaults, after which a valid
    ``"--05"^^xsd:gMonth`` counts as ill-typed (ontology-notes.md §6)."""
    from rdflib import term

    saved = dict(term._toPythonMapping)
    try:
        yield
    finally:
        term._toPythonMapping.clear()
        term._toPythonMapping.update(saved)


def _run_focused(data: Graph, shapes: Graph, focus: Collection[URIRef]):
    """pySHACL's run with its ``focus_nodes`` option, held as a set: pySHACL tests every target
    node for membership in the option's list, quadratic for a batch's ~60k nodes."""
    from pyshacl import Validator
    from pyshacl.graph_abstraction import DataGraph
    from pyshacl.monkey import apply_patches

    apply_patches()  # what pyshacl.validate does first
    validator = Validator(DataGraph.from_rdflib(data), shacl_graph=shapes,
                          options={**OPTIONS, "focus_nodes": list(focus)})
    make_executor = validator.make_executor

    def with_a_set():
        executor = make_executor()
        executor.focus_nodes = frozenset(executor.focus_nodes)
        return executor

    validator.make_executor = with_a_set
    return validator.run()


def owning_shape(shapes: Graph, shape: URIRef) -> URIRef:
    """The named node shape a (blank) property shape belongs to, for messages and tests."""
    while not isinstance(shape, URIRef):
        parent = shapes.value(predicate=SH.property, object=shape) or shapes.value(shape, HOISTED_FROM)
        if parent is None:
            return shape
        shape = parent
    return shape


def describe_result(results: Graph, shapes: Graph, result: URIRef) -> str:
    """One line for a SHACL result: ``Violation: <focus> path [Shape]: message (value: …)``."""

    def value(prop: URIRef) -> str:
        found = results.value(result, prop)
        return "" if found is None else str(found)

    severity = value(SH.resultSeverity).rsplit("#", 1)[-1]
    path = path_text(results, results.value(result, SH.resultPath))
    shape = str(owning_shape(shapes, results.value(result, SH.sourceShape)))
    shape = shape.rsplit("#", 1)[-1] if shape.startswith("http") else "shape"
    message = value(SH.resultMessage)
    bad = results.value(result, SH.value)
    shown = f" (value: {bad})" if isinstance(bad, (Literal, URIRef)) and len(str(bad)) < 120 else ""
    return f"{severity}: <{value(SH.focusNode)}> {path or '-'} [{shape}]: {message}{shown}"


def path_text(graph: Graph, path: Node | None) -> str:
    """A SHACL path in SPARQL-like shorthand: ``label``, ``^claimant``, ``hasSelector/exact``."""
    if path is None:
        return ""
    if isinstance(path, URIRef):
        return str(path).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    inverse = graph.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + path_text(graph, inverse)
    if graph.value(path, RDF.first) is not None:
        return "/".join(path_text(graph, step) for step in graph.items(path))
    return "(path)"


def load_data(file: Path | None, seeds: Path) -> Dataset:
    """The dataset to validate: ``file`` parsed by rdflib, or a fresh conversion of ``seeds``.

    A file without the ontology gets it added, because shapes target subclasses through it.
    """
    from kg.convert.corpus import ONTOLOGY_FILE, add_ontology, convert_corpus
    from kg.seeds.annotations import load_corpus

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
    if (URIRef("https://w3id.org/newskg/ontology#Claim"), None, None) not in ds:
        add_ontology(ds.graph(URIRef("https://w3id.org/newskg/ontology")), ONTOLOGY_FILE)
    return ds
