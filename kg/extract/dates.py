"""Dates as the article words them, resolved against the publication date.

Absolute ("January 3rd", "3 de enero", "May 2008", "2019"), parts of months ("mid-December",
"a mediados de diciembre"), decades ("the late 2000s"), weekdays ("el pasado martes") and
relative phrases ("last week", "hace dos semanas", "in recent weeks") — the phrases come from
the language's rules. Each becomes the seeds' date form: ``value`` (day, month or year) or an
approximate ``earliest``/``latest``, with ``inferred`` when the year came from the publication
date.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from .rules import Rules


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    spec: dict  # the seeds' DateSpec fields


def _alt(words) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


def find_dates(text: str, published: date, rules: Rules) -> list[DateMention]:
    """Every date phrase of ``text``, longest first, never overlapping."""
    found: list[DateMention] = []
    for pattern, resolve in _patterns(rules):
        for m in re.finditer(pattern, text, re.IGNORECASE):
            if any(d.start < m.end() and m.start() < d.end for d in found):
                continue
            spec = resolve(m, published)
            if spec is not None:
                found.append(DateMention(m.start(), m.end(), {"text": m.group(0), **spec}))
    return sorted(found, key=lambda d: d.start)


def _patterns(rules: Rules):
    months, weekdays = rules.table("months"), rules.table("weekdays")
    month = rf"(?P<month>{_alt(months)})(?!\w)\.?"
    parts = rules.table("month_parts")
    es = rules.language == "es"
    day_month = (rf"(?P<day>\d{{1,2}}) de {month}(?: de (?P<year>\d{{4}}))?" if es else
                 rf"{month} (?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,? (?P<year>\d{{4}}))?(?!\d)")
    month_year = rf"{month} (?:de |del )?(?P<year>\d{{4}})"
    part_month = rf"(?P<part>{_alt(parts)})[- ]?(?:{month})"
    decade = (rf"(?P<part>{_alt(rules.table('decade_parts'))}) de los (?:años )?(?P<decade>\d{{3}})0" if es
              else rf"the (?P<part>{_alt(rules.table('decade_parts'))}) (?P<decade>\d{{3}})0s")
    in_month = rf"(?P<later>later in|earlier in|en|in) {month}(?! \d)"
    weekday = "|".join(p.replace("{weekday}", f"(?P<wd{i}>{_alt(weekdays)})")
                       for i, p in enumerate(rules.words("weekday_phrases")))
    relative = rules.table("relative")
    return [
        (rf"(?<!\w){day_month}", lambda m, p: _day(m, p, months)),
        (rf"(?<!\w){part_month}(?! \d)", lambda m, p: _part(m, p, months, parts)),
        (rf"(?<!\w){month_year}", lambda m, p: {"value": f"{m['year']}-{months[m['month'].lower()]:02d}"}),
        (rf"(?<!\w){decade}", lambda m, p: _decade(m, rules.table("decade_parts"))),
        (rf"(?<!\w)(?:{_alt(relative)})(?!\w)", lambda m, p: _relative(relative[_key(relative, m[0])], p)),
        (rf"(?<!\w)(?:{weekday})(?!\w)", lambda m, p: _weekday(m, p, weekdays)),
        (rf"(?<!\w){in_month}", lambda m, p: _month(m, p, months)),
        (r"(?<![\w-])(?:19|20)\d{2}(?![\w-])", lambda m, p: {"value": m[0]}),
    ]


def _key(table: dict, phrase: str) -> str:
    return next(k for k in table if k.lower() == phrase.lower())


def _year_for(month: int, published: date) -> int:
    """The year of a month named without one: the latest not after the publication date."""
    return published.year if month <= published.month else published.year - 1


def _day(m: re.Match, published: date, months: dict) -> dict | None:
    month = months[m["month"].lower()]
    year = int(m["year"]) if m["year"] else _year_for(month, published)
    try:
        value = date(year, month, int(m["day"]))
    except ValueError:
        return None
    if not m["year"] and value > published:
        value = value.replace(year=year - 1)
    return {"value": value.isoformat(), **({} if m["year"] else {"inferred": True})}


def _part(m: re.Match, published: date, months: dict, parts: dict) -> dict:
    month = months[m["month"].lower()]
    year = _year_for(month, published)
    first, last = parts[_key(parts, m["part"])]
    last = min(last, calendar.monthrange(year, month)[1])
    return _range(date(year, month, first), date(year, month, last), inferred=True)


def _month(m: re.Match, published: date, months: dict) -> dict:
    month = months[m["month"].lower()]
    year = _year_for(month, published)
    if m["later"].lower() in ("later in", "earlier in"):
        end = calendar.monthrange(year, month)[1]
        first, last = (11, end) if m["later"].lower() == "later in" else (1, 20)
        return _range(date(year, month, first), date(year, month, last), inferred=True)
    return {"value": f"{year}-{month:02d}", "inferred": True}


def _decade(m: re.Match, parts: dict) -> dict:
    first, last = parts[_key(parts, m["part"])]
    decade = int(m["decade"]) * 10
    return _range(date(decade + first, 1, 1), date(decade + last, 12, 31), inferred=False)


def _relative(rule: dict, published: date) -> dict:
    if "day" in rule:
        return {"value": (published + timedelta(days=rule["day"])).isoformat(), "inferred": True}
    if "range" in rule:
        first, last = rule["range"]
        return _range(published + timedelta(days=first), published + timedelta(days=last), True)
    if "month" in rule:
        year, month = divmod(published.year * 12 + published.month - 1 + rule["month"], 12)
        return {"value": f"{year}-{month + 1:02d}", "inferred": True}
    if rule.get("month_to_date"):
        return _range(published.replace(day=1), published, True)
    return _range(published.replace(month=1, day=1), published, True)


def _weekday(m: re.Match, published: date, weekdays: dict) -> dict:
    name = next(v for k, v in m.groupdict().items() if k.startswith("wd") and v)
    strictly = any(w in m[0].lower() for w in ("last", "pasado"))
    back = (published.weekday() - weekdays[name.lower()]) % 7 or (7 if strictly else 0)
    return {"value": (published - timedelta(days=back)).isoformat(), "inferred": True}


def _range(first: date, last: date, inferred: bool) -> dict:
    spec = {"earliest": first.isoformat(), "latest": last.isoformat(), "approximate": True}
    return {**spec, "inferred": True} if inferred else spec
