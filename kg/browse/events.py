"""Events in time order, for ``/timeline`` and the small timeline of an entity page.

Dates keep what the article said: the phrase as written, its precision, which side of the event
it bounds (within, since, no later than, no earlier than), the days it allows, whether it was
still going on at publication and whether its year was inferred. An open or ongoing interval has
no last day and is drawn as such. An event two articles date differently is flagged: its datings
either fit together (their reconciled range is shown) or contradict each other.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import reduce

import pyoxigraph as ox

from kg.seeds.dates import Bounds
from kg.store.oxigraph import Store

from .labels import labels
from .sparql import Ref, Seen, iris, py, select

EVENTS = """SELECT ?event ?type ?t ?g ?when ?eb ?lb ?ee ?le ?precision ?bound ?inferred ?ongoing WHERE {
  %(event)s
  ?event a nk:Event .
  OPTIONAL { ?event nk:eventType ?type }
  OPTIONAL { GRAPH ?g { ?event nk:hasTime ?t } ?t nk:dateText ?when ; nk:precision ?precision .
             OPTIONAL { ?t nk:dateBound ?bound }
             OPTIONAL { ?t sem:hasEarliestBeginTimeStamp ?eb } OPTIONAL { ?t sem:hasLatestBeginTimeStamp ?lb }
             OPTIONAL { ?t sem:hasEarliestEndTimeStamp ?ee } OPTIONAL { ?t sem:hasLatestEndTimeStamp ?le }
             OPTIONAL { ?t nk:yearInferredFrom ?inferred } OPTIONAL { ?t nk:ongoingAt ?ongoing } }
}"""
TOOK_PART = """SELECT DISTINCT ?event ?role WHERE {
  %(this)s ?event nk:participant ?this .
  OPTIONAL { ?event ?role ?this . ?role rdfs:subPropertyOf nk:participant }
}"""
NK = "https://w3id.org/newskg/ontology#"
APPROXIMATE = NK + "Approximate"
PARTICIPANT = NK + "participant"
BOUNDS = {NK + "Within": "within", NK + "Since": "since", NK + "NoLaterThan": "by",
          NK + "NoEarlierThan": "after"}


@dataclass(frozen=True)
class When:
    """One date of an event, as written, with the days it allows on either side."""

    text: str
    bounds: Bounds
    precision: str  # day, month, year or approximate (the ontology's labels)
    bound: str  # within, since, by (no later than), after (no earlier than)
    approximate: bool
    inferred: bool  # the year was taken from the article's publication date
    ongoing: bool  # still going on when the article was published
    articles: frozenset[str] = frozenset()  # the article graphs that give it

    @property
    def earliest(self) -> str:
        return self.bounds.sort_key

    @property
    def latest(self) -> str:
        """The last day it allows, or ``""`` for an open or ongoing interval."""
        return self.bounds.latest_end or ""

    @property
    def open(self) -> bool:
        return self.bound == "since" and not self.bounds.latest_end

    @property
    def span(self) -> str:
        """The days it allows, in words: "2008-01-01 – 2008-12-31, still going on on 2026-02-21".

        >>> When("since 2008", Bounds("2008-01-01", "2008-12-31", "2026-02-21"), "year", "since",
        ...      False, False, True).span
        'began 2008-01-01 – 2008-12-31, still going on on 2026-02-21'
        """
        return describe(self.bounds, self.bound, self.ongoing)


def describe(bounds: Bounds, bound: str = "within", ongoing: bool = False) -> str:
    """A date's bounds in words, for a reader (an open side is said to be open)."""
    eb, lb, ee, le = bounds.earliest_begin, bounds.latest_begin, bounds.earliest_end, bounds.latest_end
    if bound == "within" and eb and le:
        return eb if eb == le else f"{eb} – {le}"
    if bound == "by":
        return f"no later than {lb}" + (f", not before {eb}" if eb else "")
    if bound == "after":
        return f"no earlier than {eb}, by {le} (the article's date)"
    began = _range(eb, lb)
    start = f"began {began}" if began else "beginning unknown"
    if ongoing:
        return f"{start}, still going on on {ee}"
    return start + (f", ended by {le}" if le else ", end open")


def _range(first: str | None, last: str | None) -> str:
    if first and last:
        return first if first == last else f"{first} – {last}"
    return f"by {last}" if last else f"from {first}" if first else ""


@dataclass
class Happening:
    """An event with its dates (articles may word its date differently) and, on an entity
    page, the roles the entity had in it."""

    event: Ref
    type: Ref | None
    dates: list[When] = field(default_factory=list)
    roles: list[Ref] = field(default_factory=list)

    @property
    def earliest(self) -> str:
        return min((d.earliest for d in self.dates if d.earliest), default="")

    @property
    def year(self) -> str:
        return self.earliest[:4]

    @property
    def dated_by_articles(self) -> bool:
        """Whether more than one article dates it (so the datings can be compared)."""
        return len({a for d in self.dates for a in d.articles}) > 1 and len(self.dates) > 1

    @property
    def reconciled(self) -> Bounds | None:
        """What all its datings allow together; ``None`` if they contradict each other."""
        return reduce(lambda met, d: met and met.meet(d.bounds), self.dates[1:],
                      self.dates[0].bounds if self.dates else None)

    @property
    def disagreement(self) -> bool:
        return self.dated_by_articles and self.reconciled is None

    @property
    def reconciled_span(self) -> str:
        """What the articles' datings allow together, in words ("" if they disagree)."""
        met = self.reconciled
        if met is None:
            return ""
        ongoing = all(d.ongoing for d in self.dates)
        return describe(met, "since" if ongoing or met.latest_end is None else "within", ongoing)


def timeline(store: Store, events: list[ox.NamedNode] | None = None) -> list[Happening]:
    """Events (all, or ``events``) ordered by the earliest day their date allows; undated last.
    One date per phrase and bounds, with every article that gives it."""
    rows = select(store, EVENTS, event=events)
    names = labels(store, iris(rows, "event", "type", "precision"))
    found: dict[str, Happening] = {}
    dates: dict[str, dict[tuple, When]] = defaultdict(dict)
    for row in rows:
        iri = row["event"].value
        found.setdefault(iri, Happening(Ref(iri, names[iri]), _ref(row, "type", names)))
        if "t" in row:
            when = _when(row, names)
            key = (when.text, when.bounds)
            known = dates[iri].get(key, when)
            dates[iri][key] = replace(known, articles=known.articles | when.articles)
    for iri, item in found.items():
        item.dates = sorted(dates[iri].values(), key=lambda d: (d.earliest, d.latest, d.text))
    return sorted(found.values(), key=lambda h: (not h.dates, h.earliest, h.event.label))


def took_part(store: Store, this: ox.NamedNode, seen: Seen | None = None) -> list[Happening]:
    """The events ``this`` took part in, each with its roles, in time order."""
    if seen and seen.lacks(PARTICIPANT, inverse=True):
        return []
    rows = select(store, TOOK_PART, this=this)
    roles: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        roles[row["event"].value].update(iris([row], "role"))
    if not roles:
        return []
    happenings = timeline(store, [ox.NamedNode(iri) for iri in roles])
    names = labels(store, {role for found in roles.values() for role in found})
    for item in happenings:
        item.roles = [Ref(role, names[role]) for role in sorted(roles[item.event.iri])]
    return happenings


def _ref(row: dict, name: str, names: dict[str, str]) -> Ref | None:
    return Ref(row[name].value, names[row[name].value]) if name in row else None


def _bounds(row: dict) -> Bounds:
    return Bounds(*(py(row[n]) if n in row else None for n in ("eb", "lb", "ee", "le")))


def _when(row: dict, names: dict[str, str]) -> When:
    precision = row["precision"].value
    return When(row["when"].value, _bounds(row), names[precision],
                BOUNDS.get(row["bound"].value, "within") if "bound" in row else "within",
                precision == APPROXIMATE, "inferred" in row, "ongoing" in row,
                frozenset({row["g"].value.rsplit("/", 1)[-1]}))
