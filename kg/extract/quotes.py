"""Quotations: “curly”, «angular» and "straight" quotes, and Spanish dash dialogue
("—Es una decisión soberana —dijo el ministro."), as character spans of the text."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Quotation:
    start: int  # the opening mark
    end: int  # after the closing mark
    inner_start: int
    inner_end: int


_PAIRS = [("“", "”"), ("«", "»")]
_DASH = re.compile(r"^[ \t]*—(?P<inner>[^—\n]+?)[ \t]*—(?=\s*\w)", re.MULTILINE)


def find_quotations(text: str) -> list[Quotation]:
    found: list[Quotation] = []
    for open_, close in _PAIRS:
        for m in re.finditer(rf"{open_}([^{open_}{close}]*?)(?:{close}|\"(?=[\s,.]))", text):
            found.append(Quotation(m.start(), m.end(), m.start() + 1, m.end() - 1))
    for m in re.finditer(r'(?<![\w"])"([^"\n]+?)"(?!\w)', text):
        found.append(Quotation(m.start(), m.end(), m.start() + 1, m.end() - 1))
    for m in _DASH.finditer(text):
        found.append(Quotation(m.start("inner") - 1, m.end("inner"), m.start("inner"), m.end("inner")))
    found.sort(key=lambda q: (q.start, -q.end))
    outer: list[Quotation] = []
    for q in found:
        if not any(o.start <= q.start and q.end <= o.end for o in outer):
            outer.append(q)
    return outer


def inside(quotations: list[Quotation], start: int, end: int) -> bool:
    """Whether ``[start, end)`` lies within a quotation's marks."""
    return any(q.start <= start and end <= q.end for q in quotations)
