"""What dates and derived links mean, tested on their own (issue 19): before this, only the golden
snapshot caught a wrong year bound or a missing contradiction.

Dates, as the ontology and ``kg/convert/dates.py`` document them (the time model of issue 18): a
``nk:TimeSpec`` says which side of the dated thing its phrase bounds (``nk:dateBound``) and
carries SEM's stamps for those sides only:

- within (``nk:Within``, "in 2019"): it began no earlier than the period's first day
  (``sem:hasEarliestBeginTimeStamp``) and ended no later than its last
  (``sem:hasLatestEndTimeStamp``);
- since (``nk:Since``, "since 2008"): it began within the period (earliest and latest begin) and
  has no latest end; still going on at its article's publication (``nk:ongoingAt``), it ends no
  earlier than that day (``sem:hasEarliestEndTimeStamp``) and began no later;
- no later than (``nk:NoLaterThan``): a latest begin, and no end;
- no earlier than (``nk:NoEarlierThan``): an earliest begin, and, being over when its article
  reports it (``nk:beforePublicationOf``), the publication day as its latest end.

``nk:precision`` day, month or year means the phrase names that whole day, month or year: the
sides it pins to it (the beginning within or since, the ending within) are ``time:Instant`` s
with that OWL-Time value (``time:inXSDDate`` / ``inXSDgYearMonth`` / ``inXSDgYear``) and the same
precision; the date itself has no calendar value. An approximate date has no instant. The
earliest day never follows the latest.

Links, as ``kg/convert/links.py`` documents them: two claims of one proposition reported in
*different* articles corroborate each other when their stances agree and contradict each other
when one asserts what the other denies; uncertainty and speculation take no side; claims of one
article are never linked there. A corroboration between claims of different originators is also
an independent one, and each asserted proposition counts its articles and independent origins.
"""

from __future__ import annotations

import datetime as dt
from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, TIME, XSD

from kg.convert.article import STANCE
from kg.convert.dates import add_time
from kg.convert.mint import Minter
from kg.namespaces import NK, SCHEMA, SEM
from kg.seeds.schema import DateSpec

STAMPS = {"eb": SEM.hasEarliestBeginTimeStamp, "lb": SEM.hasLatestBeginTimeStamp,
          "ee": SEM.hasEarliestEndTimeStamp, "le": SEM.hasLatestEndTimeStamp}
VALUE = {NK.Day: TIME.inXSDDate, NK.Month: TIME.inXSDgYearMonth, NK.Year: TIME.inXSDgYear}
PRECISION = {10: NK.Day, 7: NK.Month, 4: NK.Year}
BOUNDS = (NK.Within, NK.Since, NK.NoLaterThan, NK.NoEarlierThan)
ARTICLE = URIRef("https://newskg.example.org/id/article/a1")
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


def stamps(graph: Graph, node: URIRef) -> dict[str, dt.date | None]:
    found = {}
    for name, prop in STAMPS.items():
        values = list(graph.objects(node, prop))
        assert len(values) <= 1 and all(v.datatype == XSD.date for v in values), (node, name)
        found[name] = values[0].toPython() if values else None
    return found


def published(graph: Graph, article: URIRef) -> dt.date:
    return dt.date.fromisoformat(str(graph.value(article, SCHEMA.datePublished))[:10])


def instant(graph: Graph, node: URIRef, side: URIRef, precision: URIRef) -> str | None:
    """The calendar value of the date's beginning or ending instant, checked to be one."""
    found = list(graph.objects(node, side))
    if not found:
        return None
    (point,) = found
    assert (point, RDF.type, TIME.Instant) in graph and graph.value(point, NK.precision) == precision
    (value,) = [o for p in VALUE.values() for o in graph.objects(point, p)]
    assert PRECISION[len(str(value))] == precision and (point, VALUE[precision], value) in graph
    return str(value)


def check_time_spec(graph: Graph, node: URIRef) -> None:
    """What the date's stamps and instants must be, by the side it bounds (the module's doc)."""
    s = stamps(graph, node)
    (bound,) = graph.objects(node, NK.dateBound)
    precision = graph.value(node, NK.precision)
    assert bound in BOUNDS and not any((node, p, None) in graph for p in VALUE.values()), node
    assert s["eb"] or s["lb"], f"{node}: no begin bound"
    for low, high in (("eb", "lb"), ("eb", "le"), ("lb", "le"), ("ee", "le")):
        assert not (s[low] and s[high]) or s[low] <= s[high], (node, low, high, s)
    begin, end = (instant(graph, node, side, precision) for side in (NK.beginning, NK.ending))
    pinned = precision in VALUE and bound in (NK.Within, NK.Since)
    assert (begin is not None) == pinned and (end is not None) == (pinned and bound == NK.Within), node
    ongoing, over = graph.value(node, NK.ongoingAt), graph.value(node, NK.beforePublicationOf)
    if bound == NK.Within:
        assert s["le"] and not (s["lb"] or s["ee"] or ongoing or over), (node, s)
        if pinned:
            assert begin == end and (s["eb"], s["le"]) == period(begin), (node, begin, s)
    elif bound == NK.Since:
        assert s["le"] is None and not over, (node, s)
        if ongoing is not None:
            day = published(graph, ongoing)
            assert s["ee"] == day and s["lb"] and s["lb"] <= day, (node, s, day)
        else:
            assert s["ee"] is None, (node, s)
        if pinned:
            first, last = period(begin)
            assert s["eb"] == first and s["lb"] == (min(last, s["ee"]) if ongoing else last), (node, s)
    elif bound == NK.NoLaterThan:
        assert s["lb"] and not (s["ee"] or s["le"] or ongoing or over), (node, s)
    else:  # NoEarlierThan: after its date, over by the article's publication
        assert over is not None and s["eb"] and s["le"] == published(graph, over), (node, s)
        assert not (s["lb"] or s["ee"] or ongoing), (node, s)


days = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))
values = st.one_of(days.map(lambda d: d.isoformat()), days.map(lambda d: d.isoformat()[:7]),
                   days.map(lambda d: d.isoformat()[:4]))
KINDS = {"within": {}, "since": {"since": True}, "ongoing": {"since": True, "ongoing": True},
         "by": {"by": True}, "after": {"after": True}}


def dated(spec: DateSpec, day: dt.date) -> tuple[Graph, URIRef]:
    """The date converted for an article published on ``day``."""
    g = Graph()
    g.add((ARTICLE, SCHEMA.datePublished, Literal(day.isoformat(), datatype=XSD.date)))
    return g, add_time(g, Minter(), spec, ARTICLE, day.isoformat())


@settings(max_examples=300, deadline=None)
@given(values, st.sampled_from(sorted(KINDS)), st.integers(min_value=0, max_value=20000))
def test_a_date_of_any_precision_and_bound_means_what_the_model_says(value, kind, later):
    day = period(value)[0] + dt.timedelta(days=later)  # published on or after the period began
    g, node = dated(DateSpec(text=f"in {value}", value=value, **KINDS[kind]), day)
    assert g.value(node, NK.precision) == PRECISION[len(value)]
    check_time_spec(g, node)


@settings(max_examples=200, deadline=None)
@given(values)
def test_a_date_within_a_period_spans_its_whole_period(value):
    g, node = dated(DateSpec(text=f"in {value}", value=value), period(value)[1])
    s = stamps(g, node)
    assert (s["eb"], s["le"]) == period(value)
    begin = g.value(node, NK.beginning)
    assert str(g.value(begin, VALUE[PRECISION[len(value)]])) == value


@pytest.mark.parametrize(("value", "last"), [
    ("2024-02", "2024-02-29"), ("2023-02", "2023-02-28"), ("2025-12", "2025-12-31"),
    ("2000", "2000-12-31"), ("2026-01-03", "2026-01-03"),
])
def test_month_and_year_ends(value, last):
    g = Graph()
    node = add_time(g, Minter(), DateSpec(text=value, value=value), None)
    assert g.value(node, SEM.hasLatestEndTimeStamp) == Literal(last, datatype=XSD.date)


def test_since_a_year_still_going_on_has_no_end_before_publication():
    """Issue 18's "since 2008": it began in 2008 and had not ended on 21 February 2026."""
    g, node = dated(DateSpec(text="since 2008", value="2008", since=True, ongoing=True),
                    dt.date(2026, 2, 21))
    assert stamps(g, node) == {"eb": dt.date(2008, 1, 1), "lb": dt.date(2008, 12, 31),
                               "ee": dt.date(2026, 2, 21), "le": None}
    assert instant(g, node, NK.beginning, NK.Year) == "2008" and g.value(node, NK.ending) is None


def test_an_approximate_date_keeps_its_stated_bounds_and_no_exact_value():
    g = Graph()
    spec = DateSpec(text="mid-December", earliest="2025-12-11", latest="2025-12-20", approximate=True)
    node = add_time(g, Minter(), spec, None)
    assert g.value(node, NK.precision) == NK.Approximate
    s = stamps(g, node)
    assert (s["eb"], s["le"]) == (dt.date(2025, 12, 11), dt.date(2025, 12, 20))
    assert not any((node, prop, None) in g for prop in (*VALUE.values(), NK.beginning, NK.ending))


def test_every_date_of_the_built_graph_agrees_with_its_precision_and_bound(union):
    specs = sorted(union.subjects(RDF.type, NK.TimeSpec))
    assert {union.value(s, NK.dateBound) for s in specs} == set(BOUNDS)  # every kind is in use
    for node in specs:
        check_time_spec(union, node)


# --- derived links ------------------------------------------------------------------------------


def claims(union: Graph) -> dict[URIRef, tuple[URIRef, bool | None, URIRef, URIRef]]:
    """Each claim with a proposition: (proposition, side, article, originator)."""
    names = {iri: name for name, iri in STANCE.items()}
    found = {}
    for claim, proposition in union.subject_objects(NK.proposition):
        stance = names[union.value(claim, NK.stance)]
        found[claim] = (proposition, SIDE.get(stance), union.value(claim, NK.reportedIn),
                        union.value(claim, NK.originator))
    return found


def expected_links(found) -> tuple[set, set, set]:
    corroborates, contradicts, independent = set(), set(), set()
    for (a, (pa, sa, aa, oa)), (b, (pb, sb, ab, ob)) in combinations(sorted(found.items()), 2):
        if pa != pb or sa is None or sb is None or aa == ab:
            continue
        (corroborates if sa == sb else contradicts).update({(a, b), (b, a)})
        if sa == sb and oa != ob:
            independent.update({(a, b), (b, a)})
    return corroborates, contradicts, independent


@pytest.fixture(scope="module")
def links(built_dataset) -> Graph:
    return built_dataset.graph(URIRef("https://newskg.example.org/graph/links"))


def test_derived_links_are_exactly_what_shared_propositions_imply(links, union):
    corroborates, contradicts, independent = expected_links(claims(union))
    assert contradicts, "the seeds hold a denial and an acknowledgement of one proposition"
    assert independent and independent < corroborates, "one report relayed twice is not independent"
    assert set(links.subject_objects(NK.corroborates)) == corroborates
    assert set(links.subject_objects(NK.contradicts)) == contradicts
    assert set(links.subject_objects(NK.independentlyCorroborates)) == independent


def test_derived_links_are_symmetric_and_never_reflexive(links):
    for prop in (NK.corroborates, NK.contradicts, NK.independentlyCorroborates):
        pairs = set(links.subject_objects(prop))
        assert pairs == {(b, a) for a, b in pairs} and not any(a == b for a, b in pairs)
    assert not set(links.subject_objects(NK.corroborates)) & set(links.subject_objects(NK.contradicts))


def test_each_asserted_proposition_counts_its_articles_and_independent_origins(links, union):
    asserting: dict[URIRef, list[tuple[URIRef, URIRef]]] = {}
    for proposition, side, article, originator in claims(union).values():
        if side:
            asserting.setdefault(proposition, []).append((article, originator))
    assert set(links.subjects(NK.articleCount, None)) == set(asserting)
    for proposition, found in asserting.items():
        origins = {o for _, o in found}
        assert links.value(proposition, NK.articleCount).toPython() == len({a for a, _ in found})
        assert links.value(proposition, NK.independentOriginCount).toPython() == len(origins)
        assert set(links.objects(proposition, NK.independentOrigin)) == origins


def test_a_machine_draft_is_linked_but_never_counted_as_independent(built_with_draft, union):
    """A drafted claim's proposition is the extractor's guess: it may corroborate (its page says it
    is a draft) but it never makes a fact independently corroborated, nor adds to a count."""
    from rdflib import Dataset

    from kg.validate.shacl import union_graph

    graph = union_graph(Dataset().parse(built_with_draft.path, format="trig"))
    drafts = set(graph.subjects(NK.reviewStatus, NK.MachineDraft))
    linked = {a for a, _ in graph.subject_objects(NK.corroborates)} & drafts
    independent = {a for pair in graph.subject_objects(NK.independentlyCorroborates) for a in pair}

    def counts(g: Graph) -> set:
        return {(p, c, n) for c in (NK.articleCount, NK.independentOriginCount)
                for p, n in g.subject_objects(c)}

    assert (bool(linked), independent & drafts, counts(graph)) == (True, set(), counts(union))
