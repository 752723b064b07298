"""Events in time order, for ``/timeline`` and the small timeline of an entity page.

Dates keep what the article said: the phrase as written, its precision, the earliest/latest days
it allows (the sort key), whether it is only approximate and whether its year was inferred.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.store.oxigraph import Store

from .labels import labels
from .sparql import Ref, Seen, iris, py, select

EVENTS = """SELECT ?event ?type ?t ?when ?earliest ?latest ?precision ?inferred WHERE {
  %(event)s
  ?event a nk:Event .
  OPTIONAL { ?event nk:eventType ?type }
  OPTIONAL { ?event nk:hasTime ?t . ?t nk:dateText ?when ; sem:hasEarliestBeginTimeStamp ?earliest ;
             sem:hasLatestEndTimeStamp ?latest ; nk:precision ?precision .
             OPTIONAL { ?t nk:yearInferredFrom ?inferred } }
} ORDER BY ?earliest ?latest ?event"""
TOOK_PART = """SELECT DISTINCT ?event ?role WHERE {
  %(this)s ?event nk:participant ?this .
  OPTIONAL { ?event ?role ?this . ?role rdfs:subPropertyOf nk:participant }
}"""
APPROXIMATE = "https://w3id.org/newskg/ontology#Approximate"
PARTICIPANT = "https://w3id.org/newskg/ontology#participant"


@dataclass(frozen=True)
class When:
    """One date of an event, as written, with the range of days it allows."""

    text: str
    earliest: str
    latest: str
    precision: str  # day, month, year or approximate (the ontology's labels)
    approximate: bool
    inferred: bool  # the year was taken from the article's publication date


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
        return min((d.earliest for d in self.dates), default="")

    @property
    def year(self) -> str:
        return self.earliest[:4]


def timeline(store: Store, events: list[ox.NamedNode] | None = None) -> list[Happening]:
    """Events (all, or ``events``) ordered by the earliest day their date allows; undated last."""
    rows = select(store, EVENTS, event=events)
    names = labels(store, iris(rows, "event", "type", "precision"))
    found: dict[str, Happening] = {}
    for row in rows:
        iri = row["event"].value
        item = found.setdefault(iri, Happening(Ref(iri, names[iri]), _ref(row, "type", names)))
        if "t" in row and not any(d.text == row["when"].value for d in item.dates):
            item.dates.append(_when(row, names))
    for item in found.values():  # dates with the same range: by text, not by row order
        item.dates.sort(key=lambda d: (d.earliest, d.latest, d.text))
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


def _when(row: dict, names: dict[str, str]) -> When:
    precision = row["precision"].value
    return When(row["when"].value, py(row["earliest"]), py(row["latest"]), names[precision],
                precision == APPROXIMATE, "inferred" in row)
