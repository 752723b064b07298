"""Events: the obvious ones (killings, captures, operations, replacements, withdrawals,
agreements signed …), found by trigger words (rules data), with the actors around the trigger,
the sentence's date and, for killings, the death toll. An event that matches one the corpus
already has (same type and day, or same type and two shared participants) takes its id: the
3 January operation told again is the same event."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .dates import DateMention
from .knowledge import Knowledge
from .mentions import Link
from .nlp import Sentence
from .numbers import count_before
from .proposals import slug
from .rules import Rules, phrase_pattern

PLACES = ("Country", "City", "Region")
VICTIMS = ("Killing", "Injury", "Capture", "Detention", "DeathInCustody")


@dataclass
class DraftEvent:
    id: str
    type: str
    start: int
    end: int
    label: str
    known: bool = False
    date: dict | None = None
    place: str | None = None
    participants: list[tuple[str, str]] = field(default_factory=list)
    fatalities: int | None = None
    confidence: float = 0.5
    trigger: tuple[int, int] = (0, 0)  # the trigger word's span


def find_events(text: str, article: str, sents: list[Sentence], links: list[Link],
                dates: list[DateMention], known: Knowledge, rules: Rules) -> list[DraftEvent]:
    triggers = {t: phrase_pattern(words) for t, words in rules.table("events").items()}
    # not a trigger: inside a date phrase (the event the date counts from, told again), an idiom
    blocked = [(d.start, d.end) for d in dates]
    blocked += [m.span() for m in _matches(phrase_pattern(rules.words("event_idioms")), text)]
    events: list[DraftEvent] = []
    for sent in sents:
        for etype, pattern in triggers.items():
            m = next((m for m in _matches(pattern, text, sent.start, sent.end)
                      if not any(a <= m.start() < b for a, b in blocked)), None)
            if m is not None and _told_again(text, sent, m, etype, events, rules):
                continue
            if m is not None and not any(e.trigger[0] <= m.start() < e.trigger[1] for e in events):
                event = _event(text, article, sent, m, etype, links, dates, known, rules, events)
                if all(e.id != event.id for e in events):  # told twice here: drafted once
                    events.append(event)
    return events


def _matches(pattern, text: str, start: int = 0, end: int | None = None):
    return pattern.finditer(text, start, len(text) if end is None else end) if pattern else iter(())


def _told_again(text: str, sent: Sentence, m: re.Match, etype: str, events: list[DraftEvent],
                rules: Rules) -> bool:
    """"the U.S. attack", "those killed": a definite mention of a type already told is that event
    again (it keeps its own date, not this sentence's)."""
    before = re.search(r"(?:^|\s)(?:the|those|these|el|la|los|las)\s+((?:[\w.’'-]+\s+){0,2})$",
                       text[sent.start:m.start()], re.IGNORECASE)
    stop = {w.lower() for w in rules.words("stopwords")}
    return before is not None and not stop & set(before.group(1).lower().split()) \
        and any(e.type == etype for e in events)


def _event(text, article, sent, m, etype, links, dates, known, rules, events) -> DraftEvent:
    start, end = _window(text, sent, m.start(), m.end())
    actors = [t for t in links if start <= t.start and t.end <= end and not t.entity.startswith("@")]
    place = next((t.entity for t in actors if _type(known, t.entity) in PLACES
                  and re.search(r"\b(in|en)\s+$", text[max(sent.start, t.start - 4):t.start])), None)
    participants = [(t.entity, _role(etype, _type(known, t.entity))) for t in actors
                    if _type(known, t.entity) not in PLACES]
    date = next((d.spec for d in sorted(dates, key=lambda d: abs(d.start - m.start()))
                 if sent.start <= d.start < sent.end and not _reported(text, d, m, rules)), None)
    fatalities = None
    if etype == "Killing":
        fatalities = count_before(text, sent.start, sent.end, rules)
    event = DraftEvent(f"{slug(article)}-{slug(etype)}-{_next(events)}", etype, start, end,
                       text[start:end], False, date, place, list(dict.fromkeys(participants)),
                       fatalities, trigger=m.span())
    return _linked(event, known)


def _reported(text: str, d: DateMention, m: re.Match, rules: Rules) -> bool:
    """"acknowledged in January that 32 Cubans were killed": the date is the report's (a cue
    just before it, "that" after it), not the event's."""
    if d.end > m.start() or not re.search(r"\b(?:that|que)\b", text[d.end:m.start()]):
        return False
    before = " ".join(re.findall(r"[\w’']+", text[max(0, d.start - 40):d.start])[-3:]).lower()
    return any(re.search(rf"(?<!\w){re.escape(cue)}(?!\w)", before) for cue in rules.cue_stance)


def _next(events: list[DraftEvent]) -> int:
    return len(events) + 1


def _window(text: str, sent: Sentence, start: int, end: int) -> tuple[int, int]:
    """The trigger with up to five words either side, within its clause."""
    left = re.search(r"(?:[^\s,;:—()]+\s+){0,5}$", text[sent.start:start])
    right = re.match(r"(?:\s*[^\s,;:—()]+){0,6}", text[end:sent.end])
    first = sent.start + (left.start() if left else len(text[sent.start:start]))
    last = end + (right.end() if right else 0)
    return first, last - (len(text[first:last]) - len(text[first:last].rstrip(" .")))


def _type(known: Knowledge, entity: str) -> str:
    e = known.entities.get(entity)
    return e.type if e else ""


def _role(etype: str, kind: str) -> str:
    if etype in VICTIMS:
        return "victim" if kind in ("Group", "Person", "Expert") else "perpetrator"
    return "participant"


def _linked(event: DraftEvent, known: Knowledge) -> DraftEvent:
    day = (event.date or {}).get("value")
    mine = {p for p, _ in event.participants}
    for other in known.events:
        if other.type != event.type:
            continue
        same_day = day is not None and len(day) == 10 and day == other.day
        undated = day is None and len(mine & other.participants) >= 2
        if same_day or undated:
            event.id, event.known, event.confidence = other.id, True, 0.7
            return event
    return event
