"""Text with annotated spans for ``kg synth``: sentences are written piece by piece, and every
annotated item remembers exactly where its quote lies, so quotes are in the text by construction.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class Mark:
    section: str
    item: dict
    start: int
    end: int


@dataclass
class Draft:
    """The article text so far and its marks; :meth:`annotate` turns marks into quotes."""

    text: str = ""
    marks: list[Mark] = field(default_factory=list)
    _open: int = -1  # start of the current sentence, or -1

    def write(self, piece: str) -> Draft:
        if self._open == len(self.text) and piece:
            piece = piece[:1].upper() + piece[1:]  # a sentence starts with a capital
        self.text += piece
        return self

    @contextmanager
    def span(self, section: str, item: dict) -> Iterator[None]:
        """Everything written inside the block is the quote of ``item`` (in ``section``)."""
        start = len(self.text)
        yield
        self.marks.append(Mark(section, item, start, len(self.text)))

    @contextmanager
    def sentence(self, end: str = ". ") -> Iterator[None]:
        self._open = len(self.text)
        yield
        self._open = -1
        self.text += end

    def paragraph(self) -> None:
        self.text = self.text.rstrip(" ") + "\n\n"

    def annotate(self) -> dict[str, list[dict]]:
        """Each item with its ``quote`` (and ``occurrence`` when the quote is not unique)."""
        sections: dict[str, list[dict]] = {}
        for mark in sorted(self.marks, key=lambda m: (m.start, -m.end)):
            quote = self.text[mark.start:mark.end]
            starts = all_starts(self.text, quote)
            mark.item["quote"] = quote
            if len(starts) > 1:
                mark.item["occurrence"] = starts.index(mark.start) + 1
            if mark.section:
                sections.setdefault(mark.section, []).append(mark.item)
        return sections


def all_starts(text: str, quote: str) -> list[int]:
    """Every start of ``quote`` in ``text``, overlapping ones too (as kg.seeds.evidence counts them)."""
    starts, at = [], text.find(quote)
    while at != -1:
        starts.append(at)
        at = text.find(quote, at + 1)
    return starts


NUMBERS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
           "eleven", "twelve")
# (phrase with {n} {adj} {city} {org}, descriptor for later references, count or None)
SOURCES = (
    ("{n} officials familiar with the matter", "the officials", "n"),
    ("{n} diplomats based in {city}", "the diplomats", "n"),
    ("a senior {adj} official", "the senior official", 1),
    ("people close to {org}", "the same people", None),
    ("a former intelligence officer", "the former officer", 1),
    ("{n} residents of {city}", "the residents", "n"),
    ("two analysts who study the region", "the analysts", 2),
    ("an adviser to the {adj} government", "the adviser", 1),
    ("{n} military officers who asked not to be named", "the officers", "n"),
)
DESCRIPTORS = {"Country": "the country", "GovernmentBody": "the government",
               "Ministry": "the ministry", "ArmedForce": "the armed forces",
               "IntelligenceAgency": "the agency", "PoliticalParty": "the party",
               "InternationalOrganization": "the organisation", "Group": "the group",
               "City": "the city"}
CUES = {"assertion": ("said", "stated", "noted", "argued", "explained", "indicated", "reported"),
        "denial": ("denied",), "acknowledgement": ("acknowledged", "admitted"),
        "confirmation": ("confirmed",), "allegation": ("alleged", "claimed"),
        "criticism": ("criticised the fact",), "uncertainty": ("said it was unclear whether",),
        "commitment": ("promised",), "refusal": ("refused to confirm",),
        "speculation": ("suggested",)}
STANCE_WEIGHTS = {"assertion": 70, "denial": 5, "acknowledgement": 3, "confirmation": 3,
                  "allegation": 3, "criticism": 3, "uncertainty": 2, "commitment": 3,
                  "refusal": 3, "speculation": 5}
TAILS = ("", "", " in recent weeks", " this year", " since the start of the year",
         " according to documents seen by reporters")
HEADINGS = ("What the documents show", "Reactions abroad", "A shifting alliance",
            "What comes next", "The background", "Pressure from outside", "Inside the ministries")
