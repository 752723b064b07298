"""Dates and quantities as an article words them, and what they bound.

A date phrase says something about when a thing *began* and when it *ended*, not always both:
"In 2019" holds it within a year, "since 2008" dates only its beginning, "no later than early
January" only bounds it from one side, and "now" says it is still going on when the article is
published. :func:`resolve` turns a :class:`DateSpec` into SEM's four time stamps
(:class:`Bounds`): earliest and latest begin, earliest and latest end, each ``None`` when the
text leaves that side open.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH = re.compile(r"^\d{4}-\d{2}$")
_YEAR = re.compile(r"^\d{4}$")
PRECISIONS = ("Day", "Month", "Year", "Approximate")
BOUNDS = ("within", "since", "by", "after")
"""How a phrase bounds what it dates: it happened within it, began in it (open end), happened or
began no later than it, or happened after it (and before the article reports it)."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DateSpec(_Model):
    """A date as the article gives it: the verbatim phrase plus what it can be resolved to.

    ``value`` is ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` and sets the precision; a vaguer phrase
    ("mid-December", "the late 2000s") gives ``earliest``/``latest`` days and ``approximate``.
    ``since``, ``by`` and ``after`` say which side of the thing the phrase dates (see
    :data:`BOUNDS`); ``ongoing`` says it is still true when the article is published.
    """

    text: str = Field(min_length=1)
    value: str | None = None
    earliest: str | None = None
    latest: str | None = None
    approximate: bool = False
    inferred: bool = False
    since: bool = False
    by: bool = False
    after: bool = False
    ongoing: bool = False

    @field_validator("value", mode="before")
    @classmethod
    def _year_as_text(cls, v: object) -> object:
        return str(v) if isinstance(v, int) and not isinstance(v, bool) else v  # `value: 2019`

    @field_validator("value")
    @classmethod
    def _value_form(cls, v: str | None) -> str | None:
        if v is not None and not (_DAY.match(v) or _MONTH.match(v) or _YEAR.match(v)):
            raise ValueError("must be YYYY-MM-DD, YYYY-MM or YYYY")
        if v is not None and _DAY.match(v):
            date.fromisoformat(v)
        return v

    @field_validator("earliest", "latest", mode="before")
    @classmethod
    def _day_as_text(cls, v: object) -> object:
        return v.isoformat() if isinstance(v, date) else v

    @field_validator("earliest", "latest")
    @classmethod
    def _day_form(cls, v: str | None) -> str | None:
        if v is not None:
            if not _DAY.match(v):
                raise ValueError("must be a day, YYYY-MM-DD")
            date.fromisoformat(v)
        return v

    @model_validator(mode="after")
    def _resolvable(self) -> DateSpec:
        if sum((self.since, self.by, self.after)) > 1:
            raise ValueError("since, by and after exclude each other")
        if self.ongoing and (self.by or self.after):
            raise ValueError("an ongoing date dates a beginning: not with by or after")
        if self.earliest and self.latest and self.earliest > self.latest:
            raise ValueError("earliest is after latest")
        if self.value is None and not self._open_enough():
            raise ValueError("give a value, or both earliest and latest")
        return self

    def _open_enough(self) -> bool:
        if self.ongoing:
            return True  # "now": still true at publication, beginning unknown
        if self.by:
            return self.latest is not None
        if self.after:
            return self.earliest is not None
        return self.earliest is not None and self.latest is not None

    @property
    def bound(self) -> str:
        return "since" if self.since or self.ongoing else "by" if self.by else \
            "after" if self.after else "within"

    @property
    def relative(self) -> bool:
        """Whether resolving it needs the article's publication date."""
        return self.inferred or self.ongoing or self.after


@dataclass(frozen=True)
class Bounds:
    """SEM's four time stamps as ISO days; ``None`` where the text leaves that side open."""

    earliest_begin: str | None = None
    latest_begin: str | None = None
    earliest_end: str | None = None
    latest_end: str | None = None

    def completed(self) -> Bounds:
        """The same constraints with what follows from them filled in: a thing cannot end before
        it begins, so a begin bound also bounds the end and the other way round."""
        eb, lb, ee, le = self.earliest_begin, self.latest_begin, self.earliest_end, self.latest_end
        return Bounds(eb, _min(lb, le), _max(ee, eb), le)

    def meet(self, other: Bounds) -> Bounds | None:
        """What both datings allow together, or ``None`` if they contradict each other.

        >>> a = Bounds("2008-01-01", "2008-12-31")                  # since 2008
        >>> a.meet(Bounds("2006-01-01", "2009-12-31")) is not None  # began in the late 2000s
        True
        >>> a.meet(Bounds("2000-01-01", None, None, "2003-12-31")) is None   # in 2000-2003
        True
        """
        x, y = self.completed(), other.completed()
        met = Bounds(_max(x.earliest_begin, y.earliest_begin), _min(x.latest_begin, y.latest_begin),
                     _max(x.earliest_end, y.earliest_end), _min(x.latest_end, y.latest_end)).completed()
        for low, high in ((met.earliest_begin, met.latest_begin), (met.earliest_end, met.latest_end),
                          (met.earliest_begin, met.latest_end)):
            if low and high and low > high:
                return None
        return met

    @property
    def sort_key(self) -> str:
        """The earliest day it may have begun, else the latest; ``""`` if neither is known."""
        return self.earliest_begin or self.latest_begin or ""


def _min(a: str | None, b: str | None) -> str | None:
    return min(a, b) if a and b else a or b


def _max(a: str | None, b: str | None) -> str | None:
    return max(a, b) if a and b else a or b


@dataclass(frozen=True)
class ResolvedDate:
    """What a :class:`DateSpec` means: an IRI key, its precision, how it bounds and its stamps."""

    key: str
    precision: str
    bound: str  # one of BOUNDS
    value: str | None  # the exact value, when the phrase has one
    bounds: Bounds
    ongoing: bool


def resolve(spec: DateSpec, published: str | None = None) -> ResolvedDate:
    """Resolve a curated date against the publication day of its article (``YYYY-MM-DD``).

    >>> d = resolve(DateSpec(text="May 2008", value="2008-05"))
    >>> d.precision, d.bounds.earliest_begin, d.bounds.latest_end
    ('Month', '2008-05-01', '2008-05-31')
    >>> resolve(DateSpec(text="mid-December", earliest="2025-12-11", latest="2025-12-20",
    ...                  approximate=True)).key
    'approx-2025-12-11-2025-12-20'
    >>> s = resolve(DateSpec(text="since 2008", value="2008", since=True, ongoing=True), "2026-02-21")
    >>> s.key, s.bounds
    ('since-2008-ongoing', Bounds(earliest_begin='2008-01-01', latest_begin='2008-12-31', \
earliest_end='2026-02-21', latest_end=None))
    """
    if spec.relative and published is None:
        raise ValueError(f"{spec.text!r} needs the article's publication date")
    first, last = _bounds(spec.value) if spec.value else (None, None)
    first, last = spec.earliest or first, spec.latest or last
    precision = "Approximate" if spec.approximate or spec.value is None else _precision(spec.value)
    stamps = _stamps(spec.bound, first, last, spec.ongoing, published)
    return ResolvedDate(_key(spec, precision, first, last), precision, spec.bound,
                        spec.value if precision != "Approximate" else None, stamps, spec.ongoing)


def _stamps(bound: str, first: str | None, last: str | None, ongoing: bool,
            published: str | None) -> Bounds:
    if bound == "within":
        return Bounds(first, None, None, last)
    if bound == "by":
        return Bounds(first, last, None, None)
    if bound == "after":
        return Bounds(first, None, None, published)  # over by the time the article reports it
    if ongoing:
        return Bounds(first, _min(last, published), published, None)
    return Bounds(first, last, None, None)


def _key(spec: DateSpec, precision: str, first: str | None, last: str | None) -> str:
    if precision != "Approximate":  # bounds given beside the value narrow it: part of the key
        core = (spec.value or "") + (f"-{first}-{last}" if spec.earliest or spec.latest else "")
    elif first or last:
        core = f"approx-{first or 'open'}-{last or 'open'}"
    else:
        core = "open"
    prefix = {"within": "", "since": "since-", "by": "by-", "after": "after-"}[spec.bound]
    return prefix + core + ("-ongoing" if spec.ongoing else "")


def _precision(value: str) -> str:
    return {10: "Day", 7: "Month", 4: "Year"}[len(value)]


def _bounds(value: str) -> tuple[str, str]:
    if _YEAR.match(value):
        return f"{value}-01-01", f"{value}-12-31"
    if _MONTH.match(value):
        year, month = map(int, value.split("-"))
        return f"{value}-01", f"{value}-{calendar.monthrange(year, month)[1]:02d}"
    return value, value


class Quantity(_Model):
    """An amount as the article words it ("thousands", "over a decade"), with what it bounds.

    Counts have no ``unit``; durations give one (``year``, ``month``, ``week``, ``day``).
    """

    text: str = Field(min_length=1)
    value: float | None = None
    min: float | None = None
    max: float | None = None
    unit: Literal["year", "month", "week", "day"] | None = None
    approximate: bool = False

    @model_validator(mode="after")
    def _some_amount(self) -> Quantity:
        if self.value is None and self.min is None and self.max is None:
            raise ValueError("give a value, or a min and/or a max")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("min is more than max")
        return self
