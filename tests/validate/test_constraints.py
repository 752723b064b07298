"""SHACL tested per constraint, not per shape (issue 19).

``constraint_cases`` breaks every constraint of the shapes in its own copy of a valid graph; all
the copies, and the hand-written invalid cases (the only ones for SHACL-SPARQL constraints), are
validated in one pySHACL run. Each constraint must then be reported on its focus node and path, by
its shape, with its severity. ``tests/shapes/constraints.txt`` lists the constraints the shapes
must keep: dropping one (say ``sh:minCount 1`` on ``nk:claimant``) fails here, adding one asks for
its line.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import SH

from kg.validate.shacl import validate_graph

from .constraint_cases import DATA, Case, constraints, generate, path_key, rename

SHAPES_CASES = Path(__file__).parent.parent / "shapes"
INVENTORY = SHAPES_CASES / "constraints.txt"


def inventory() -> list[str]:
    return [line for line in INVENTORY.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]


@pytest.fixture(scope="module")
def cases(shapes, ontology) -> list[Case]:
    return generate(shapes, ontology, SHAPES_CASES / "valid")


@pytest.fixture(scope="module")
def batch(cases, shapes, ontology):
    """One validation of every case (generated and hand-written), results by focus node."""
    data = Graph()
    data += ontology
    for case in cases:
        data += case.graph
    for i, path in enumerate(sorted((SHAPES_CASES / "invalid").glob("*.ttl"))):
        data += rename(Graph().parse(path, format="turtle"), f"invalid-{i}")
    report = validate_graph(data, shapes)
    found = defaultdict(list)
    for result in report.graph.objects(None, SH.result):
        found[report.graph.value(result, SH.focusNode)].append(result)
    return report.graph, found


def reported(case: Case, report: Graph, found) -> bool:
    for result in found[case.focus]:
        value = report.value(result, SH.value)
        if (report.value(result, SH.sourceShape) == case.source
                and report.value(result, SH.sourceConstraintComponent) == case.component
                and path_key(report, report.value(result, SH.resultPath)) == case.path
                and report.value(result, SH.resultSeverity) == case.severity
                and (case.value is None or value == case.value)):
            return True
    return False


@pytest.mark.parametrize("key", inventory())
def test_each_constraint_is_reported_where_it_is_broken(key, cases, batch, shapes):
    report, found = batch
    case = next((c for c in cases if c.constraint.key == key), None)
    if case is None:  # a SHACL-SPARQL constraint: a hand-written case must trigger it
        (constraint,) = [c for c in constraints(shapes) if c.key == key]
        mine = f"{DATA}invalid-"  # hand-written cases only, not one that trips it by the way
        sources = {report.value(r, SH.sourceConstraint) for focus, results in found.items() for r in results
                   if str(focus).startswith(mine) or str(report.value(r, SH.value)).startswith(mine)}
        assert constraint.value in sources, f"no case in tests/shapes/invalid/ triggers {key}"
        return
    assert reported(case, report, found), (
        f"{key}: broken in {case.notes} at {case.focus}, but no {case.severity.n3()} result of "
        f"{case.component.n3()} on path {case.path}")


def test_the_inventory_lists_every_constraint(shapes):
    keys = {c.key for c in constraints(shapes)}
    listed = set(inventory())
    gone, new = sorted(listed - keys), sorted(keys - listed)
    assert not gone, f"constraints gone from the shapes (restore them, or drop their lines): {gone}"
    assert not new, "new constraints: add to tests/shapes/constraints.txt:\n" + "\n".join(new)


def test_every_case_breaks_a_copy_of_its_own(cases):
    """The cases share one graph: each touches only its own copy (and the shared vocabulary)."""
    for case in cases:
        data = {t for triple in case.graph for t in triple if str(t).startswith(DATA)}
        assert all(str(t).startswith(f"{DATA}{case.name}/") for t in data), case.constraint.key


def test_dropping_the_claimants_min_count_is_caught(cases, shapes, ontology):
    """The issue's example: without ``sh:minCount 1`` on nk:claimant the suite must fail."""
    (case,) = [c for c in cases if c.constraint.key == "ClaimShape nk:claimant sh:minCount 1"]
    weakened = Graph()
    weakened += shapes
    weakened.remove((case.constraint.shape, SH.minCount, None))
    data = Graph()
    data += ontology
    data += case.graph
    assert reported(case, *_index(validate_graph(data, shapes).graph))
    assert not reported(case, *_index(validate_graph(data, weakened).graph))


def _index(report: Graph):
    found = defaultdict(list)
    for result in report.objects(None, SH.result):
        found[report.value(result, SH.focusNode)].append(result)
    return report, found
