"""Lines that are page furniture, not statements: headings, bylines, repeated headlines,
question lines of a Q&A, copyright lines. They are drafted as ``skipped`` with the reason."""

from __future__ import annotations

import re

from .claims import Skip
from .nlp import Sentence
from .rules import Rules


def furniture(sents: list[Sentence], headline: str, rules: Rules) -> dict[int, Skip]:
    """Skips by the start of their sentence. The headline's first line is a statement."""
    patterns = [(re.compile(r["pattern"]), r["reason"]) for r in rules.data.get("skip_lines") or []]
    limit = int(rules.data.get("heading_words", 12))
    lines = _whole_lines(sents)
    skips: dict[int, Skip] = {}
    seen_headline = False
    for sent in sents:
        reason = next((why for rx, why in patterns if rx.search(sent.text)), None)
        if reason is None and sent.text.strip() == headline.strip():
            reason = "repeated headline" if seen_headline else None
            seen_headline = True
        elif reason is None and sent.start in lines and _heading(sent.text, limit):
            reason = "question line (Q&A)" if sent.text.endswith("?") else "section heading"
        if reason is not None:
            skips[sent.start] = Skip(sent.start, sent.end, reason)
    return skips


def _whole_lines(sents: list[Sentence]) -> set[int]:
    """Starts of the sentences that are a whole line."""
    by_line: dict[int, list[Sentence]] = {}
    for sent in sents:
        by_line.setdefault(sent.line, []).append(sent)
    return {group[0].start for group in by_line.values() if len(group) == 1}


def _heading(text: str, limit: int) -> bool:
    return text.endswith("?") or (not re.search(r"[.!”\"»:]$", text) and len(text.split()) <= limit)
