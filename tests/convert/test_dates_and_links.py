"""What dates and derived links mean, tested on their own (issue 19): before this, only the golden
snapshot caught a wrong year bound or a missing contradiction.

Dates, as the ontology documents them: ``nk:precision`` day, month or year means the date is that
whole day, month or year — its OWL-Time value (``time:inXSDDate`` / ``inXSDgYearMonth`` /
``inXSDgYear``) — so ``sem:hasEarliestBeginTimeStamp`` is the period's first day and
``sem:hasLatestEndTimeStamp``, when there is one, its last; the earliest day never follows the
latest. Links, as ``kg/convert/links.py`` documents them: two claims of one proposition
corroborate each other when their stances agree (unless one source repeats itself) and contradict
each other when one asserts what the other denies; uncertainty and speculation take no side.
"""

from __future__ import annotations

import datetime as dt
from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, TIME, XSD

from kg.convert.article import STANCE, add_time
from kg.convert.mint import Minter
from kg.namespaces import NK, SEM
from kg.seeds.schema import DateSpec

EARLIEST, LATEST = SEM.hasEarliestBeginTimeStamp, SEM.hasLatestEndTimeStamp
VALUE = {NK.Day: TIME.inXSDDate, NK.Month: TIME.inXSDgYearMonth, NK.Year: TIME.inXSDgYear}
# The stances' sides, written out here rather than taken from kg/convert/links.py.
SIDE = {**dict.fromkeys(("assertion", "acknowledgement", "confirmation", "allegation", "criticism",
                         "commitment"), True), "denial": False, "refusal": False}


def period(value: str) -> tuple[dt.date, dt.date]:
    """The first and last day a ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` value covers."""
    parts = [int(p) for p in value.split("-")]
    first = dt.date(parts[0], *(parts[1:] + [1, 1])[:2])
    if len(parts) == 3:
        return first, first
    after = dt.date(first.year + 1, 1, 1) if len(parts) == 1 or first.month == 12 else \
        dt.date(first.year, first.month + 1, 1)
    return first, after - dt.timedelta(days=1)


def bounds(graph: Graph, node: URIRef) -> tuple[dt.date, dt.date | None]:
    latest = graph.value(node, LATEST)
    return graph.value(node, EARLIEST).toPython(), latest.toPython() if latest is not None else None


def check_time_spec(graph: Graph, node: URIRef) -> None:
    earliest, latest = bounds(graph, node)
    assert latest is None or earliest <= latest, node
    precision = graph.value(node, NK.precision)
    value = graph.value(node, VALUE[precision]) if precision in VALUE else None
    if value is not None:
        first, last = period(str(value))
        assert earliest == first and latest in (None, last), (node, value, earliest, latest)
        assert graph.value(node, EARLIEST).datatype == XSD.date


days = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))
values = st.one_of(days.map(lambda d: d.isoformat()), days.map(lambda d: d.isoformat()[:7]),
                   days.map(lambda d: d.isoformat()[:4]))


@settings(max_examples=200, deadline=None)
@given(values)
def test_a_date_of_any_precision_spans_its_whole_period(value):
    g = Graph()
    node = add_time(g, Minter(), DateSpec(text=f"in {value}", value=value), None)
    precision = {10: NK.Day, 7: NK.Month, 4: NK.Year}[len(value)]
    assert g.value(node, NK.precision) == precision
    assert str(g.value(node, VALUE[precision])) == value
    assert bounds(g, node) == period(value)
    check_time_spec(g, node)


@pytest.mark.parametrize(("value", "last"), [
    ("2024-02", "2024-02-29"), ("2023-02", "2023-02-28"), ("2025-12", "2025-12-31"),
    ("2000", "2000-12-31"), ("2026-01-03", "2026-01-03"),
])
def test_month_and_year_ends(value, last):
    g = Graph()
    node = add_time(g, Minter(), DateSpec(text=value, value=value), None)
    assert g.value(node, LATEST) == Literal(last, datatype=XSD.date)


def test_an_approximate_date_keeps_its_stated_bounds_and_no_exact_value():
    g = Graph()
    spec = DateSpec(text="mid-December", earliest="2025-12-11", latest="2025-12-20", approximate=True)
    node = add_time(g, Minter(), spec, None)
    assert g.value(node, NK.precision) == NK.Approximate
    assert bounds(g, node) == (dt.date(2025, 12, 11), dt.date(2025, 12, 20))
    assert not any((node, prop, None) in g for prop in VALUE.values())


def test_every_date_of_the_built_graph_agrees_with_its_precision(union):
    specs = sorted(union.subjects(RDF.type, NK.TimeSpec))
    assert specs
    for node in specs:
        check_time_spec(union, node)


# --- derived links ------------------------------------------------------------------------------


def claims(union: Graph) -> dict[URIRef, tuple[URIRef, bool | None, tuple]]:
    """Each claim with a proposition: (proposition, side, source = (article, claimant))."""
    names = {iri: name for name, iri in STANCE.items()}
    found = {}
    for claim, proposition in union.subject_objects(NK.proposition):
        stance = names[union.value(claim, NK.stance)]
        source = (union.value(claim, NK.reportedIn), union.value(claim, NK.claimant))
        found[claim] = (proposition, SIDE.get(stance), source)
    return found


def expected_links(found) -> tuple[set, set]:
    corroborates, contradicts = set(), set()
    for (a, (pa, sa, oa)), (b, (pb, sb, ob)) in combinations(sorted(found.items()), 2):
        if pa != pb or sa is None or sb is None or (sa == sb and oa == ob):
            continue
        (corroborates if sa == sb else contradicts).update({(a, b), (b, a)})
    return corroborates, contradicts


def test_derived_links_are_exactly_what_shared_propositions_imply(built_dataset, union):
    links = built_dataset.graph(URIRef("https://newskg.example.org/graph/links"))
    corroborates, contradicts = expected_links(claims(union))
    assert contradicts, "the seeds hold a denial and an acknowledgement of one proposition"
    assert set(links.subject_objects(NK.corroborates)) == corroborates
    assert set(links.subject_objects(NK.contradicts)) == contradicts


def test_derived_links_are_symmetric_and_never_reflexive(built_dataset):
    links = built_dataset.graph(URIRef("https://newskg.example.org/graph/links"))
    for prop in (NK.corroborates, NK.contradicts):
        pairs = set(links.subject_objects(prop))
        assert pairs == {(b, a) for a, b in pairs} and not any(a == b for a, b in pairs)
    assert not set(links.subject_objects(NK.corroborates)) & set(links.subject_objects(NK.contradicts))
