"""Any text at all: the draft never crashes, and every quote it writes is in the text verbatim
(at the occurrence it names), so the seeds loader can locate it."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.extract import Options, extract_text
from kg.extract.article import ArticleText

from .conftest import MINI

WORDS = ["said", "dijo", "según", "according to", "two sources", "dos fuentes", "Rodríguez",
         "Delcy Rodríguez", "Havana", "La Habana", "“", "”", "«", "»", "—", "\n", ". ", ", ",
         "January 3", "el pasado martes", "last week", "32 Cubans were killed", "he", "she",
         "the White House official", "Un funcionario", "denied", "negó", "Maduro's capture", "¹",
         "Cuba’s communist government", "(DIM)", "Image by © X / @MinfarC -", "He added,",
         "the week after the U.S. attack", "Under these accords,", "allegations that", "known as",
         "el canciller", "These individuals", "the country", "Cuban instructors", "now"]
TEXT = st.lists(st.one_of(st.sampled_from(WORDS), st.text(min_size=1, max_size=12)), min_size=1,
                max_size=40).map(" ".join)


def quotes(data, found=None):
    found = [] if found is None else found
    if isinstance(data, dict):
        if "quote" in data:
            found.append((data["quote"], data.get("occurrence")))
        for value in data.values():
            quotes(value, found)
    elif isinstance(data, list):
        for value in data:
            quotes(value, found)
    return found


def occurrences(text: str, quote: str) -> int:
    n, at = 0, text.find(quote)
    while at != -1:
        n, at = n + 1, text.find(quote, at + 1)
    return n


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXT, lang=st.sampled_from(["en", "es"]))
def test_every_quote_of_a_draft_is_in_the_text(text, lang):
    if not text.strip():
        return
    draft = extract_text(ArticleText(text), Options(date(2026, 2, 24), MINI, lang, "prop"))
    for quote, occurrence in quotes(draft.annotation):
        count = occurrences(text, quote)
        assert quote and count >= 1, quote
        assert (occurrence is None) == (count == 1) and (occurrence or 1) <= count, (quote, occurrence)
    for spec in (c.get("stated") for c in draft.annotation.get("claims", [])):
        assert spec is None or spec["text"] in text


@settings(max_examples=30, deadline=None)
@given(text=st.text(min_size=1, max_size=200))
def test_arbitrary_unicode_never_crashes(text):
    if not text.strip():
        return
    draft = extract_text(ArticleText(text), Options(date(2026, 2, 24), MINI, None, "prop"))
    assert draft.meta["language"] in ("en", "es")
