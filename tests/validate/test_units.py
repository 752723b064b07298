"""Validation units planned from graph summaries: same content as indexing every quad, keys that
change exactly when a unit's content does."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.cache import digest
from kg.validate.units import RDF_TYPE, Plan, split_quad, summarise

GRAPHS = ["<g0>", "<g1>", "<g2>", "<g3>"]
subjects = st.sampled_from([f"<s{i}>" for i in range(6)])
objects = st.one_of(subjects, st.sampled_from(['"x"', '"y y"', "<C1>", "<C2>"]))
predicates = st.sampled_from(["<p>", "<q>", RDF_TYPE])
quads = st.tuples(subjects, predicates, objects, st.sampled_from(GRAPHS))
datasets = st.lists(quads, max_size=30)


def lines_of(dataset) -> dict[str, list[str]]:
    graphs: dict[str, list[str]] = {g: [] for g in GRAPHS}
    for s, p, o, g in dataset:
        graphs[g].append(f"{s} {p} {o} {g} .")
    return graphs


def reference_units(graphs: dict[str, list[str]]) -> dict[str, tuple[frozenset, tuple]]:
    """The plain definition (kg.validate.units' docstring): index every quad, first describer owns."""
    by_subject: dict[str, list[tuple[str, str]]] = {}
    owner: dict[str, str] = {}
    for graph in GRAPHS:
        for line in graphs[graph]:
            s, p, o, _ = split_quad(line)
            by_subject.setdefault(s, []).append((p, o))
            owner.setdefault(s, graph)
    units = {}
    for graph in GRAPHS:
        owned = frozenset(s for s in by_subject if owner[s] == graph)
        triples = {f"{s} {p} {o} ." for s in owned for p, o in by_subject[s]}
        pointed = {o for s in owned for _, o in by_subject[s] if o[0] == "<" and owner.get(o) != graph}
        triples |= {f"{o} {RDF_TYPE} {t} ." for o in pointed
                    for p, t in by_subject.get(o, ()) if p == RDF_TYPE}
        units[graph] = (owned, tuple(sorted(triples)))
    return units


def plan_of(graphs: dict[str, list[str]]) -> Plan:
    fingerprints = {g: digest("\n".join(lines)) for g, lines in graphs.items()}
    return Plan({g: summarise(lines) for g, lines in graphs.items()}, GRAPHS, fingerprints)


@settings(max_examples=300, deadline=None)
@given(datasets)
def test_planned_units_hold_what_indexing_every_quad_gives(dataset):
    graphs = lines_of(dataset)
    planned = {u.graph: (u.owned, u.triples) for u in plan_of(graphs).units(GRAPHS, graphs)}
    assert planned == reference_units(graphs)


@settings(max_examples=300, deadline=None)
@given(datasets, datasets)
def test_a_unit_whose_content_changed_gets_a_new_key(before, after):
    """Equal keys imply equal units, so a cached result is never reused for new content."""
    old_plan, new_plan = plan_of(lines_of(before)), plan_of(lines_of(after))
    old_units, new_units = reference_units(lines_of(before)), reference_units(lines_of(after))
    for graph in GRAPHS:
        if old_plan.key(graph) == new_plan.key(graph):
            assert old_units[graph] == new_units[graph], graph


def test_editing_one_graph_keeps_the_keys_of_units_it_does_not_touch():
    before = [("<s0>", "<p>", "<s1>", "<g0>"), ("<s1>", RDF_TYPE, "<C1>", "<g1>"),
              ("<s2>", "<p>", '"x"', "<g2>"), ("<s3>", "<p>", "<s2>", "<g3>")]
    after = before[:2] + [("<s2>", "<p>", '"edited"', "<g2>")] + before[3:]
    old, new = plan_of(lines_of(before)), plan_of(lines_of(after))
    changed = [g for g in GRAPHS if old.key(g) != new.key(g)]
    assert changed == ["<g2>"]


@settings(max_examples=200, deadline=None)
@given(datasets)
def test_class_counts_count_each_subject_once_outside_the_skipped_graph(dataset):
    graphs = lines_of(dataset)
    members: dict[str, set[str]] = {}
    for s, p, o, g in dataset:
        if p == RDF_TYPE and g != GRAPHS[0]:
            members.setdefault(o, set()).add(s)
    counts = {c: n for c, n in plan_of(graphs).class_counts(outside=GRAPHS[0]).items() if n}
    assert counts == {c: len(found) for c, found in members.items()}


def test_a_summary_counts_distinct_quads_and_keeps_the_class_hierarchy():
    sub = "<http://www.w3.org/2000/01/rdf-schema#subClassOf>"
    summary = summarise([f"<a> {RDF_TYPE} <C> <g> .", f"<a> {RDF_TYPE} <C> <g> .",
                         f"<C> {sub} <D> <g> .", '<a> <p> "x" <g> .'])
    assert summary.quads == 3
    assert summary.types == {"<a>": ("<C>",)}
    assert summary.points == {"<a>": ("<C>",), "<C>": ("<D>",)}
    assert summary.subclass == (f"<C> {sub} <D> .",)


def test_only_the_units_asked_for_are_assembled():
    graphs = lines_of([("<s0>", "<p>", "<s1>", "<g0>"), ("<s1>", RDF_TYPE, "<C1>", "<g1>")])
    units = plan_of(graphs).units(["<g0>"], graphs)
    assert [(u.graph, u.owned, u.triples) for u in units] == [
        ("<g0>", frozenset({"<s0>"}), ("<s0> <p> <s1> .", f"<s1> {RDF_TYPE} <C1> ."))]


def test_a_summary_holds_one_object_per_iri_so_its_pickle_stores_each_once():
    lines = ["<a> <p> <b> <g> .", "<c> <p> <b> <g> .", f"<b> {RDF_TYPE} <T> <g> .",
             f"<a> {RDF_TYPE} <T> <g> ."]
    summary = summarise(lines)
    b_subject = next(s for s in summary.facts if s == "<b>")
    b_from_a = next(o for o in summary.points["<a>"] if o == "<b>")
    assert b_from_a is summary.points["<c>"][0] is b_subject
    assert summary.types["<a>"][0] is summary.types["<b>"][0]
