"""Dates the story gives relative to its own events: "the week after the U.S. attack", "After
the U.S. military action", "tras el ataque", and "now" (from the last dated event told before it
to the publication date). Each resolves against an event of that type the draft already dated
to the day (the 3 January operation); the phrases are rules data (``event_relative``,
``present``)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from .dates import DateMention, _alt, _range
from .events import DraftEvent
from .rules import Rules


def story_dates(text: str, events: list[DraftEvent], dates: list[DateMention], published: date,
                rules: Rules) -> list[DateMention]:
    """The relative phrases of ``text`` resolved against ``events``; never over another date."""
    found = [*_after_events(text, events, published, rules), *_present(text, events, published, rules)]
    taken = list(dates)
    out = []
    for mention in sorted(found, key=lambda d: (d.start, -d.end)):
        if not any(d.start < mention.end and mention.start < d.end for d in taken):
            taken.append(mention)
            out.append(mention)
    return out


def _day(event: DraftEvent) -> date | None:
    value = (event.date or {}).get("value") or ""
    return date.fromisoformat(value) if len(value) == 10 else None


def _anchor(events: list[DraftEvent], etype: str | None, before: int) -> date | None:
    """The day of the last event (of ``etype``) told before ``before``."""
    dated = [(e.start, _day(e)) for e in events if _day(e) and e.start < before
             and (etype is None or e.type == etype)]
    return max(dated)[1] if dated else None


def _after_events(text: str, events: list[DraftEvent], published: date, rules: Rules):
    phrases = rules.table("event_relative")
    triggers = {w.lower(): t for t, words in rules.table("events").items() for w in words}
    if not phrases or not triggers:
        return
    pattern = re.compile(rf"(?<!\w)(?P<rel>{_alt(phrases)})\s+(?:(?:the|el|la|los|las)\s+)?"
                         rf"(?:[\w.’'-]+\s+){{0,3}}?(?P<trigger>{_alt(triggers)})(?!\w)", re.IGNORECASE)
    for m in pattern.finditer(text):
        day = _anchor(events, triggers[m["trigger"].lower()], m.start())
        rule = next(v for k, v in phrases.items() if k.lower() == m["rel"].lower())
        if day is None or day > published:
            continue
        if "day" in rule:
            spec = {"value": (day + timedelta(days=rule["day"])).isoformat(), "inferred": True}
        elif "range" in rule:
            first, last = rule["range"]
            spec = _range(day + timedelta(days=first), day + timedelta(days=last), True)
        else:
            spec = _range(day, published, True)
        yield DateMention(m.start(), m.end(), {"text": m.group(0), **spec})


def _present(text: str, events: list[DraftEvent], published: date, rules: Rules):
    words = rules.words("present")
    for m in re.finditer(rf"(?<!\w)(?:{_alt(words)})(?!\w)", text, re.IGNORECASE) if words else ():
        day = _anchor(events, None, m.start())
        if day is not None and day <= published:
            yield DateMention(m.start(), m.end(), {"text": m.group(0), **_range(day, published, True)})
