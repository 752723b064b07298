"""Cross-article links: a drafted claim whose content matches a curated claim that states a
shared proposition is suggested that proposition, with its score. Whether the two corroborate
or contradict each other stays the converter's decision (by their stances)."""

from __future__ import annotations

from rapidfuzz import fuzz

from .knowledge import Knowledge, fold

THRESHOLD = 0.72
"""Score (0–1) from which a proposition is suggested; below it the claim gets none."""


def suggest(content: str, known: Knowledge) -> tuple[str, float] | None:
    """The best matching proposition and its score, if it reaches :data:`THRESHOLD`."""
    text = fold(content).lower()
    best: tuple[str, float] | None = None
    for claim in known.claims:
        other = fold(claim.text).lower()
        score = (fuzz.token_set_ratio(text, other) + fuzz.token_sort_ratio(text, other)) / 200
        if len(claim.text.split()) < 4 or len(content.split()) < 4:
            continue
        if best is None or score > best[1]:
            best = (claim.proposition, score)
    return best if best and best[1] >= THRESHOLD else None
