"""SHACL shape tests, data-driven as in pySHACL's own suite (style.md item 10).

``tests/shapes/invalid/<Shape>.ttl`` and ``<Shape>--<what>.ttl`` are minimal graphs that each
violate exactly the node shape ``nksh:<Shape>`` and no other; ``tests/shapes/valid/*.ttl`` conform.
The case files hold data only: the ontology is merged in here, because the shapes target
subclasses through rdfs:subClassOf (ontology-notes.md §6).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph, Literal, Node, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH

from kg.namespaces import NKSH
from kg.resources import SHAPES_FILE
from kg.validate.shacl import HOISTED_FROM, Report, load_shapes, owning_shape, validate_graph

CASES = Path(__file__).parent.parent / "shapes"
INVALID = sorted((CASES / "invalid").glob("*.ttl"))
VALID = sorted((CASES / "valid").glob("*.ttl"))
TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
# Untargeted shapes used only through sh:node by a property shape that carries the message; their
# own results reach the report only as sh:detail, so they need no message of their own.
HELPERS = {NKSH[name] for name in (
    "ByAnonymousSourceShape", "AnonymousTypeShape", "RenamedNamesShape")}


def local(iri: URIRef) -> str:
    return str(iri).rsplit("#", 1)[-1]


def shape_of(case: Path) -> str:
    """``EvidenceShape--offset-type.ttl`` → ``EvidenceShape``."""
    return case.stem.split("--", 1)[0]


def targeted(shapes: Graph) -> set[str]:
    """The named shapes with targets (hoisted property shapes are blank nodes: their node shape)."""
    return {local(s) for target in TARGETS for s in shapes.subjects(target, None) if isinstance(s, URIRef)}


def check(case: Path, ontology: Graph, shapes: Graph) -> Report:
    data = Graph().parse(case, format="turtle")
    assert (None, RDFS.subClassOf, None) not in data, f"{case.name}: leave the ontology out, the test adds it"
    data += ontology
    return validate_graph(data, shapes)


@pytest.mark.parametrize("case", INVALID, ids=lambda case: case.stem)
def test_invalid_graph_violates_exactly_its_shape(case, ontology, shapes):
    report = check(case, ontology, shapes)
    # Top-level results only: what a shape reached through sh:node finds is only their sh:detail.
    # A result may be a warning (two death tolls), so the test asks for results, not for failure.
    results = list(report.graph.objects(None, SH.result))
    assert results, f"{case.name} conforms; it should violate {shape_of(case)}"
    responsible = {local(owning_shape(shapes, report.graph.value(r, SH.sourceShape))) for r in results}
    assert responsible == {shape_of(case)}, f"{case.name}:\n{report.text}"


@pytest.mark.parametrize("case", VALID, ids=lambda case: case.stem)
def test_valid_graph_conforms(case, ontology, shapes):
    report = check(case, ontology, shapes)
    assert report.conforms, f"{case.name}:\n{report.text}"


@pytest.mark.parametrize("case", INVALID + VALID, ids=lambda case: case.stem)
def test_hoisted_property_shapes_report_what_the_authored_shapes_report(case, ontology, shapes):
    authored = Graph().parse(SHAPES_FILE, format="turtle")
    assert (None, SH.property, None) in authored and (None, HOISTED_FROM, None) in shapes
    data = Graph().parse(case, format="turtle") + ontology
    assert validate_graph(data, shapes).text == validate_graph(data, authored).text


def test_every_targeted_shape_has_an_invalid_graph(shapes):
    tested = {shape_of(case) for case in INVALID}
    missing = sorted(targeted(shapes) - tested)
    assert not missing, f"add tests/shapes/invalid/<Shape>.ttl for {missing}"
    unknown = sorted(tested - targeted(shapes))
    assert not unknown, f"invalid cases named after no targeted shape: {unknown}"


def test_shapes_pass_meta_shacl():
    data = Graph().parse(data="<urn:x:a> <urn:x:p> <urn:x:b> .", format="turtle")
    # pySHACL raises ReportableRuntimeError, with the meta report, if the shapes are malformed.
    conforms, _, text = validate(data, shacl_graph=load_shapes(), meta_shacl=True)
    assert conforms, text


def readable(message: object) -> bool:
    """A sentence for the curator: no IRIs, ends with a full stop."""
    text = str(message).strip() if isinstance(message, Literal) else ""
    return len(text) >= 20 and text.endswith(".") and "://" not in text


def path_of(shapes: Graph, constraint: Node) -> str:
    """``nk:stance``, ``(oa:hasSelector oa:start)``, ``^nk:claimant``, or ``sh:sparql``."""
    path = shapes.value(constraint, SH.path)
    if path is None:
        return "sh:sparql"
    if isinstance(path, URIRef):
        return shapes.qname(path)
    if (inverse := shapes.value(path, SH.inversePath)) is not None:
        return "^" + shapes.qname(inverse)
    return "(" + " ".join(shapes.qname(step) for step in Collection(shapes, path)) + ")"


def test_every_constraint_has_a_curator_message(shapes):
    unreadable = []
    for shape in sorted(set(shapes.subjects(RDF.type, SH.NodeShape)) - HELPERS):
        for constraint in [*shapes.objects(shape, SH.property), *shapes.objects(shape, SH.sparql)]:
            if not readable(shapes.value(constraint, SH.message)):
                unreadable.append(f"{local(shape)} {path_of(shapes, constraint)}")
    assert not unreadable, f"constraints without a readable sh:message: {unreadable}"


def test_helper_shapes_are_reached_only_through_a_message(shapes):
    for helper in sorted(HELPERS):
        users = list(shapes.subjects(SH.node, helper))
        assert users, f"{local(helper)} is unused; drop it from HELPERS"
        assert all(readable(shapes.value(user, SH.message)) for user in users), local(helper)
        assert not any((helper, target, None) in shapes for target in TARGETS), local(helper)


@pytest.mark.parametrize("case", INVALID[:8], ids=lambda case: case.stem)
def test_focus_limits_validation_to_the_given_nodes(case, ontology, shapes):
    data = Graph().parse(case, format="turtle") + ontology
    whole = validate_graph(data, shapes)
    failing = {f for f in whole.graph.objects(None, SH.focusNode) if isinstance(f, URIRef)}
    assert validate_graph(data, shapes, focus=failing).text == whole.text
    assert validate_graph(data, shapes, focus={URIRef("urn:x:elsewhere")}).conforms
