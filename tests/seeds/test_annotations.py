"""Loading the seeds: every malformed input is reported as ``file:line: field: message``."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.errors import AnnotationError
from kg.seeds.annotations import load_corpus
from kg.seeds.evidence import locate
from tests.conftest import SEEDS

A000 = "000_cff27210c16c26bb.ann.yaml"
A002 = "002_aca773533d52a18d.ann.yaml"
META = "002_aca773533d52a18d.meta.yaml"


@pytest.fixture
def seeds(tmp_path) -> Path:
    """A private copy of seeds/ that a test may break."""
    return Path(shutil.copytree(SEEDS, tmp_path / "seeds"))


def break_file(seeds: Path, name: str, old: str, new: str, field: str = "") -> int:
    """Replace the first ``old`` by ``new`` in ``name``; return the line of ``field:`` in it."""
    path = seeds / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not in {name}"
    at = text.index(old)
    changed = text[:at] + new + text[at + len(old):]
    path.write_text(changed, encoding="utf-8")
    return changed.count("\n", 0, changed.index(f"{field}:", at) if field else at) + 1


CASES = [
    # (file, old, new, field, message fragment)
    (A000, "    stance: assertion", "    stance: asserted", "stance", "Input should be"),
    (A000, "    stance: assertion", "    stance: assertion\n    stnace: denial", "stnace",
     "Extra inputs are not permitted"),
    (A000, "    claimant: author", "    claimant: nobody-known", "claimant", "unknown claimant"),
    (A002, "    type: MilitaryOperation", "    type: Bombardment", "type", "Input should be"),
    (A002, "    quote: \"Eleven sources familiar with the situation\"",
     "    quote: \"Twelve sources familiar with the situation\"", "quote", "is not in the article"),
    (A002, "    quote: \"Eleven sources familiar with the situation\"",
     "    quote: \"Rodriguez\"", "quote", "occurs 13 times; add occurrence"),
    (A002, "    count: 11", "    count: -3", "count", "greater than or equal to 1"),
    (A002, "    subsetOf: eleven-sources", "    subsetOf: twelve-sources", "subsetOf", "unknown source"),
    (META, "published: \"2026-02-23T14:24:00\"", "published: \"23 Feb 2026\"", "published",
     "must be an ISO date"),
    (META, "outlet: myind", "outlet: myindd", "outlet", "unknown entity"),
    ("registry.yaml", "  - id: frank-mora\n    type: Expert",
     "  - id: frank-mora\n    type: Pundit", "type", "Input should be"),
    ("registry.yaml", "    postIn: nyu\n", "    postIn: nyu-university\n", "postIn", "unknown entity"),
]


@pytest.mark.parametrize("name,old,new,field,fragment", CASES,
                         ids=[f"{c[0].split('.')[0][:3]}-{c[3]}-{i}" for i, c in enumerate(CASES)])
def test_bad_input_names_file_line_and_field(seeds, name, old, new, field, fragment):
    line = break_file(seeds, name, old, new, field)
    with pytest.raises(AnnotationError) as info:
        load_corpus(seeds)
    message = str(info.value)
    expected = f"{seeds / name}:{line}: {field}: "
    assert expected in message, message
    assert fragment in message, message


def test_date_text_must_occur_in_the_article(seeds):
    line = break_file(seeds, A002, 'text: "Since mid-December"', 'text: "Since late December"')
    with pytest.raises(AnnotationError, match=rf"{A002}:{line}: text: 'Since late December' is not"):
        load_corpus(seeds)


def test_date_value_must_be_a_real_day(seeds):
    old = "value: 2026-01-03"
    line = break_file(seeds, A002, old, "value: 2026-02-30")
    with pytest.raises(AnnotationError, match=rf"{A002}:{line}: value: "):
        load_corpus(seeds)


def error_of(seeds: Path) -> str:
    with pytest.raises(AnnotationError) as info:
        load_corpus(seeds)
    return str(info.value)


def test_yaml_syntax_error_names_the_line(seeds):
    line = break_file(seeds, A000, "sources:", "sources: [unclosed")
    assert error_of(seeds).startswith(f"{seeds / A000}:{line}: yaml: this [ list is never closed (")


def test_an_unclosed_quote_is_reported_where_it_opens(seeds):
    line = break_file(seeds, A000, 'quote: "', 'quote: "', "quote")
    text = (seeds / A000).read_text(encoding="utf-8")
    at = text.index('quote: "')
    closing = text.index('"', at + len('quote: "'))
    (seeds / A000).write_text(text[:closing] + text[closing + 1:], encoding="utf-8")
    runs_on = re.fullmatch(rf"{re.escape(str(seeds / A000))}:{line}: yaml: this quoted string runs on to "
                           r"line (\d+): is its closing quote missing\?", error_of(seeds))
    assert runs_on and int(runs_on[1]) > line, error_of(seeds)


def test_a_misindented_key_is_reported_on_its_own_line(seeds):
    line = break_file(seeds, A000, "    stance: assertion", "   stance: assertion")
    assert error_of(seeds).startswith(f"{seeds / A000}:{line}: yaml: ")


def test_a_quote_not_in_the_text_suggests_the_nearest_span(seeds):
    line = break_file(seeds, A002, '    quote: "Eleven sources familiar with the situation"',
                      '    quote: "Eleven source familiar with the situaton"', "quote")
    assert error_of(seeds) == (
        f"{seeds / A002}:{line}: quote: 'Eleven source familiar with the situaton' is not in the "
        "article text; did you mean 'Eleven sources familiar with the situation'?")


def test_duplicate_claim_id_is_reported(seeds):
    break_file(seeds, A000, "  - id: c02\n", "  - id: c01\n")
    with pytest.raises(AnnotationError, match=r"id: 'c01' is defined 2 times"):
        load_corpus(seeds)


def test_event_told_twice_must_keep_its_type(seeds):
    text = (seeds / A002).read_text(encoding="utf-8")
    at = text.index("  - id: capture-of-maduro")
    typed = text.index("    type: Capture", at)
    (seeds / A002).write_text(text[:typed] + "    type: Withdrawal" + text[typed + 17:], "utf-8")
    with pytest.raises(AnnotationError, match=r"'capture-of-maduro' is a Capture at .*, not Withdrawal"):
        load_corpus(seeds)


def test_all_errors_of_a_file_are_reported_together(seeds):
    break_file(seeds, A000, "    stance: assertion", "    stance: asserted")
    break_file(seeds, A000, "    stance: denial", "    stance: denied")
    with pytest.raises(AnnotationError) as info:
        load_corpus(seeds)
    assert len(str(info.value).splitlines()) == 2


def test_missing_registry_is_a_clear_error(seeds):
    (seeds / "registry.yaml").unlink()
    with pytest.raises(AnnotationError, match=r"registry.yaml:1: registry: file not found"):
        load_corpus(seeds)


def test_seeds_load(corpus):
    assert [a.meta.id for a in corpus.articles] == ["000_cff27210c16c26bb", "002_aca773533d52a18d"]
    assert all(a.text == (SEEDS / a.meta.file).read_bytes().decode() for a in corpus.articles)


# The SHA-256 of each seed article as it was received (recorded when it was copied in): offsets
# are computed against these bytes, so a changed byte moves every span after it.
RECEIVED = {
    "000_cff27210c16c26bb.txt": "417ca5dd1f5a078e0d13bce4829789ad96ecbb15c5d29c21b24b32e269ab3ccb",
    "002_aca773533d52a18d.txt": "9b684634bdbc0943f7dc008f547b98eef31ec17022292b548bf77731219f43bc",
}


@pytest.mark.parametrize("name", RECEIVED)
def test_article_text_is_the_received_seed_byte_for_byte(name):
    assert hashlib.sha256((SEEDS / name).read_bytes()).hexdigest() == RECEIVED[name]


@given(st.text(min_size=1, max_size=200), st.data())
def test_locate_returns_offsets_of_the_quote(text, data):
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    quote = text[start:end]
    starts = [m.start() for m in re.finditer(f"(?={re.escape(quote)})", text)]
    occurrence = starts.index(start) + 1
    span = locate(text, quote, occurrence)
    assert (span.start, span.end) == (start, end)
    assert text[span.start:span.end] == quote
    assert text[:span.start].endswith(span.prefix) and text[span.end:].startswith(span.suffix)


@given(st.text(max_size=50), st.text(min_size=1, max_size=10))
def test_locate_never_invents_a_span(text, quote):
    if quote in text:
        return
    with pytest.raises(ValueError, match="is not in the article text"):
        locate(text, quote)
