"""Validate the dataset against the SHACL shapes with pySHACL, the validator of record, and
describe the result readably (the faster engine the build uses is in :mod:`kg.validate.engines`)."""

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

from .results import Result, n_triples, shown, sparql_path


@dataclass(frozen=True)
class Report:
    """The outcome of a validation: the SHACL report graph, its top-level results and the
    curator-readable text (one line per result)."""

    conforms: bool
    graph: Graph
    text: str
    violations: int
    results: tuple[Result, ...] = ()


def report_of(results: list[Result], graph: Graph) -> Report:
    """A :class:`Report` of top-level ``results``; it conforms if none is a violation."""
    lines = sorted(result.text for result in results)
    violations = sum(1 for result in results if result.violation)
    return Report(violations == 0, graph, "\n".join(lines) if lines else "Conforms: no violations.",
                  violations, tuple(results))


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
        _, graph, _ = _run_focused(union_graph(data), shapes, focus)
    else:
        # Each SHACL-SPARQL query text parsed once, not once per focus node (10× on many events).
        from .shacl_sparql import fast_sparql  # rdflib's SPARQL parser: only pySHACL needs it

        with fast_sparql(), rdflib_conversions_kept():
            options = RDFS_OPTIONS if rdfs else OPTIONS
            _, graph, _ = validate(union_graph(data), shacl_graph=shapes, **options)
    return report_of(results_of(graph, shapes), graph)


def results_of(report: Graph, shapes: Graph) -> list[Result]:
    """The top-level results of a pySHACL report graph (those under ``sh:detail`` repeat a
    ``sh:node`` failure's reasons)."""
    return [result_of(report, shapes, node) for node in set(report.objects(None, SH.result))]


def result_of(report: Graph, shapes: Graph, node: Node) -> Result:
    """One result node of a pySHACL report graph as a :class:`~kg.validate.results.Result`."""

    def value(prop: URIRef) -> str:
        found = report.value(node, prop)
        return "" if found is None else str(found)

    focus, bad = report.value(node, SH.focusNode), report.value(node, SH.value)
    return Result(n_triples(focus), sparql_path(report, report.value(node, SH.resultPath)),
                  value(SH.sourceConstraintComponent), value(SH.resultSeverity),
                  str(owning_shape(shapes, report.value(node, SH.sourceShape))), value(SH.resultMessage),
                  None if bad is None else n_triples(bad), shown(bad))


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
    return result_of(results, shapes, result).text


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
