"""Dates of any precision → OWL-Time / SEM terms with sortable earliest and latest days."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from kg.seeds.schema import DateSpec

PRECISIONS = ("Day", "Month", "Year", "Approximate")


@dataclass(frozen=True)
class ResolvedDate:
    """What a :class:`DateSpec` means: a key for its IRI, its precision and its bounds."""

    key: str
    precision: str
    earliest: str
    latest: str
    value: str | None


def resolve(spec: DateSpec) -> ResolvedDate:
    """Resolve a curated date to its bounds.

    >>> d = resolve(DateSpec(text="May 2008", value="2008-05"))
    >>> d.precision, d.earliest, d.latest
    ('Month', '2008-05-01', '2008-05-31')
    >>> resolve(DateSpec(text="mid-December", earliest="2025-12-11", latest="2025-12-20",
    ...                  approximate=True)).key
    'approx-2025-12-11-2025-12-20'
    """
    if spec.value is not None:
        earliest, latest = _bounds(spec.value)
        precision = _precision(spec.value)
    else:
        earliest, latest, precision = spec.earliest, spec.latest, "Approximate"
    earliest, latest = spec.earliest or earliest, spec.latest or latest
    if spec.approximate:
        precision = "Approximate"
    key = spec.value if precision != "Approximate" else f"approx-{earliest}-{latest}"
    return ResolvedDate(key, precision, earliest, latest, spec.value)


def _precision(value: str) -> str:
    return {10: "Day", 7: "Month", 4: "Year"}[len(value)]


def _bounds(value: str) -> tuple[str, str]:
    if re.fullmatch(r"\d{4}", value):
        return f"{value}-01-01", f"{value}-12-31"
    if re.fullmatch(r"\d{4}-\d{2}", value):
        year, month = map(int, value.split("-"))
        return f"{value}-01", f"{value}-{calendar.monthrange(year, month)[1]:02d}"
    return value, value
