"""SHACL tested per constraint, not per shape (issue 19).

``constraint_cases`` breaks every constraint of the shapes in its own copy of a valid graph; all
the copies, and the hand-written invalid cases (which must cover SHACL-SPARQL constraints and any
the generator cannot break), are validated in one pySHACL run. Each constraint must then be
reported on its focus node and path, by its shape, with its severity.
``tests/shapes/constraints.txt`` lists the constraints the shapes must keep: dropping one (say
``sh:minCount 1`` on ``nk:claimant``) fails here, adding one asks for its line.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import SH

from kg.validate.shacl import validate_graph

from .constraint_cases import DATA, Case, Constraint, component, constraints, generate, path_key, rename

SHAPES_CASES = Path(__file__).parent.parent / "shapes"
INVENTORY = SHAPES_CASES / "constraints.txt"


def inventory() -> list[str]:
    return [line for line in INVENTORY.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]


@pytest.fixture(scope="module")
def generated(shapes, ontology) -> dict[str, Case | str]:
    return generate(shapes, ontology, SHAPES_CASES / "valid")


@pytest.fixture(scope="module")
def cases(generated) -> list[Case]:
    return [case for case in generated.values() if isinstance(case, Case)]


@pytest.fixture(scope="module")
def batch(cases, shapes, ontology):
    """One validation of every case (generated and hand-written), results by focus node."""
    data = Graph()
    data += ontology
    for case in cases:
        data += case.graph
    for i, path in enumerate(sorted((SHAPES_CASES / "invalid").glob("*.ttl"))):
        data += rename(Graph().parse(path, format="turtle"), f"invalid-{i}")
    return _index(validate_graph(data, shapes).graph)


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


def reported_by_hand(constraint: Constraint, report: Graph, found) -> bool:
    """A hand-written case (not one that trips it by the way) made the constraint's shape report
    its component (for SHACL-SPARQL, that very constraint)."""
    top = constraint.via or constraint
    mine = f"{DATA}invalid-"
    for focus, results in found.items():
        for r in results:
            if not (str(focus).startswith(mine) or str(report.value(r, SH.value)).startswith(mine)):
                continue
            if constraint.parameter == SH.sparql:
                if report.value(r, SH.sourceConstraint) == constraint.value:
                    return True
            elif (report.value(r, SH.sourceShape) == top.shape
                  and report.value(r, SH.sourceConstraintComponent) == component(top.parameter)):
                return True
    return False


@pytest.mark.parametrize("key", inventory())
def test_each_constraint_is_reported_where_it_is_broken(key, generated, batch, shapes):
    report, found = batch
    case = generated.get(key)
    if isinstance(case, Case):
        assert reported(case, report, found), (
            f"{key}: broken in {case.notes} at {case.focus}, but no {case.severity.n3()} result of "
            f"{case.component.n3()} on path {case.path}")
        return
    (constraint,) = [c for c in constraints(shapes) if c.key == key]
    assert reported_by_hand(constraint, report, found), (
        f"{key}: no generated case ({case}), and no case in tests/shapes/invalid/ triggers it")


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
