"""Dates of any precision and either side → SEM time stamps and OWL-Time instants.

A :class:`nk:TimeSpec` is a date *as the article gives it* (a ``sem:Time``): the phrase, its
precision, which side of the dated thing it bounds (``nk:dateBound``), SEM's earliest/latest
begin/end stamps for the sides it bounds, and, where the phrase pins a side to a calendar
value, that side as a ``time:Instant`` with its own precision (``nk:beginning``/``nk:ending``).
A side the text leaves open has no stamp and no instant: "since 2008" has no end, and an
ongoing thing (``nk:ongoingAt`` its article) ends no earlier than the article's publication.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, TIME, XSD

from kg.namespaces import NK, SEM
from kg.seeds.dates import ResolvedDate, resolve
from kg.seeds.schema import DateSpec

from .mint import Minter

__all__ = ["add_time", "resolve"]

XSD_TIME = {10: (TIME.inXSDDate, XSD.date), 7: (TIME.inXSDgYearMonth, XSD.gYearMonth),
            4: (TIME.inXSDgYear, XSD.gYear)}
BOUND = {"within": NK.Within, "since": NK.Since, "by": NK.NoLaterThan, "after": NK.NoEarlierThan}
STAMPS = (("earliest_begin", SEM.hasEarliestBeginTimeStamp), ("latest_begin", SEM.hasLatestBeginTimeStamp),
          ("earliest_end", SEM.hasEarliestEndTimeStamp), ("latest_end", SEM.hasLatestEndTimeStamp))


def add_time(g: Graph, mint: Minter, spec: DateSpec, article: URIRef | None,
             published: str | None = None) -> URIRef:
    """Add a :class:`nk:TimeSpec` for ``spec`` and return its IRI. Dates that need the article
    (an inferred year, ongoing, after) are minted under it; others are shared by equal phrases."""
    resolved = resolve(spec, published)
    owner = str(article).rsplit("/", 1)[-1] if spec.relative and article is not None else None
    node = mint.time(resolved.key, spec.text, owner)
    g.add((node, RDF.type, NK.TimeSpec))
    g.add((node, RDFS.label, Literal(resolved.key)))
    g.add((node, NK.dateText, Literal(spec.text)))
    g.add((node, NK.precision, NK[resolved.precision]))
    g.add((node, NK.dateBound, BOUND[resolved.bound]))
    for name, prop in STAMPS:
        if (day := getattr(resolved.bounds, name)) is not None:
            g.add((node, prop, Literal(day, datatype=XSD.date)))
    _instants(g, node, resolved)
    if article is not None:
        for flag, prop in ((spec.inferred, NK.yearInferredFrom), (spec.ongoing, NK.ongoingAt),
                           (spec.after, NK.beforePublicationOf)):
            if flag:
                g.add((node, prop, article))
    return node


def _instants(g: Graph, node: URIRef, resolved: ResolvedDate) -> None:
    """The sides the phrase pins to a calendar value, each a ``time:Instant`` at that precision."""
    if resolved.value is None or resolved.bound not in ("within", "since"):
        return
    sides = [("begin", NK.beginning)] + ([("end", NK.ending)] if resolved.bound == "within" else [])
    prop, datatype = XSD_TIME[len(resolved.value)]
    for name, link in sides:
        instant = URIRef(f"{node}/{name}")
        g.add((node, link, instant))
        g.add((instant, RDF.type, TIME.Instant))
        g.add((instant, RDFS.label, Literal(resolved.value)))
        g.add((instant, prop, Literal(resolved.value, datatype=datatype)))
        g.add((instant, NK.precision, NK[resolved.precision]))
