"""The serving-mix benchmark (bench/zipf.py) cannot rot: its mix is 1,000 distinct, valid,
deterministic queries of each kind over the real graph, its sequence is Zipf, and a tiny run
(three servers, one second a phase) writes its section with every request answered."""

from __future__ import annotations

import shutil
from collections import Counter

import pytest

from bench import report_zipf, zipf, zipf_mix
from bench.http import OXIGRAPH
from kg.store.oxigraph import open_store

KINDS = {"describe", "label search", "competency"}


@pytest.fixture(scope="module")
def mix(built):
    store = open_store(built.path)
    return store, zipf_mix.generate(store, seed=7)


def test_the_mix_is_1000_distinct_queries_of_each_kind(mix):
    store, queries = mix
    assert len({q.text for q in queries}) == 1000
    assert {q.kind for q in queries} == KINDS
    assert zipf_mix.generate(store, seed=7) == queries  # deterministic
    assert zipf_mix.generate(store, seed=8) != queries
    asked = [q.text for q in queries if q.kind == "competency"]
    assert any("<https://newskg.example.org/id/delcy-rodriguez>" not in q and "VALUES ?person" in q
               for q in asked), "the person of query 09 is varied"


def test_the_engine_answers_every_query(mix):
    store, queries = mix
    answered = Counter(q.kind for q in queries if list(store.query(q.text)))
    assert set(answered) == KINDS  # every query parses; of each kind some find something


@pytest.mark.parametrize("word", ['say "no"', "back\\slash", 'x" } } DROP ALL { "', "línea\nnueva"])
def test_a_searched_word_stays_one_literal(tmp_path, word):
    """Whatever a label holds, the search for it is one literal that finds that label."""
    data = tmp_path / "labels.ttl"
    label = zipf_mix.Literal(f"before {word} after").n3()
    data.write_text(f"<https://x.org/a> <{zipf_mix.RDFS_LABEL}> {label} .\n", encoding="utf-8")
    query = zipf_mix.LABEL_SEARCH.format(word=zipf_mix.Literal(word.lower()).n3(), limit=5)
    assert [row["s"].value for row in open_store(data).query(query)] == ["https://x.org/a"]


def test_an_iri_that_would_break_out_is_refused():
    with pytest.raises(Exception, match="valid URI"):
        zipf_mix.URIRef("https://x.org/a> } DROP ALL {").n3()


def test_the_sequence_is_zipf():
    sequence = zipf_mix.zipf_sequence(1000, length=50_000, seed=3)
    counts = Counter(sequence)
    harmonic = sum(k ** -1.1 for k in range(1, 1001))
    assert counts[0] / len(sequence) == pytest.approx(1 / harmonic, rel=0.05)
    assert counts[0] > counts[1] > counts[9] > counts[99]
    assert zipf_mix.zipf_sequence(1000, length=100, seed=3) == sequence[:100]


def test_what_wrk_sent_and_what_repeated():
    output = "thread 0 sent 3\nthread 1 sent 2\n"
    assert zipf_mix.sent(output, threads=2, length=4) == [0, 0, 1, 2, 3]  # thread 0 wrapped
    rate, seen = zipf_mix.repeat_rate([5, 6, 5, 5], before={6})
    assert rate == 0.75 and seen == {5, 6}


@pytest.mark.skipif(shutil.which("wrk") is None, reason="needs wrk (apt)")
@pytest.mark.skipif(not OXIGRAPH.exists(),
                    reason="the oxigraph CLI is not installed")
def test_a_tiny_run_writes_its_section(built, tmp_path):
    servers = tuple(s for s in zipf.SERVERS if s != zipf.UNCACHED)  # the same code, another setting
    results = zipf.measure([built.path], tmp_path, 1, 1, 1, "python -m bench.zipf --quick", servers)
    size = results["sizes"][0]
    for name in servers:
        for phase in zipf.PHASES:
            run = size["servers"][name]["runs"][0][phase]
            assert run["requests"] > 0 and run["errors"] == 0, (name, phase, run)
    ours = size["servers"]["kg serve"]["runs"][0]
    assert ours["warm"]["repeat_rate"] > ours["cold"]["repeat_rate"]  # warm asks again what cold did
    out = tmp_path / "benchmarks.md"
    out.write_text("# Benchmarks\n\n## A\n\ntext\n\n## Notes\n\nnotes\n", encoding="utf-8")
    report_zipf.write(out, results)
    report_zipf.write(out, results)  # replaced, not added twice
    text = out.read_text(encoding="utf-8")
    assert text.count(report_zipf.TITLE) == 1 and text.index(report_zipf.TITLE) < text.index("## Notes")
    assert "| kg serve | warm |" in text and "not measured in this run" in text
