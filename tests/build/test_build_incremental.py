"""``kg build`` article by article: cached, parallel, and byte-identical to a whole build."""

from __future__ import annotations

import re
import shutil

import pytest
from rdflib import Dataset
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg.build.dataset import CACHE_NAME, INDEX_NAME, build, graph_order
from kg.build.export import dataset_trig, graphs_of, write_all
from kg.build.pipeline import convert_graphs, load_corpus_cached
from kg.cache import Cache
from kg.convert.corpus import convert_corpus
from kg.convert.mint import Minter
from kg.errors import ValidationFailed
from kg.seeds.annotations import load_corpus
from kg.synth.corpus import synth
from kg.validate.checks import check_graphs, plan_batches
from kg.validate.shacl import validate_graph
from kg.validate.units import Plan, summarise
from tests.conftest import SEEDS


@pytest.fixture(scope="module")
def corpus_template(tmp_path_factory):
    return synth(3, tmp_path_factory.mktemp("template"), seed=11, density=0.1).out


@pytest.fixture
def corpus(corpus_template, tmp_path):
    return shutil.copytree(corpus_template, tmp_path / "corpus")


@pytest.fixture
def seeds(tmp_path):
    return shutil.copytree(SEEDS, tmp_path / "seeds")


def whole_build(folder) -> bytes:
    """The reference: the whole corpus converted at once, serialised as kg.build writes it."""
    graphs, mint = graphs_of(convert_corpus(load_corpus(folder))), Minter()
    return dataset_trig(graphs, graph_order(graphs, mint), mint.id)


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def first_ann(folder):
    return sorted(folder.glob("*.ann.yaml"))[0]


def test_the_seeds_build_is_byte_identical_to_a_whole_build(built):
    assert built.path.read_bytes() == whole_build(SEEDS)


def test_cached_parallel_and_serial_builds_write_the_same_bytes(corpus, tmp_path):
    cold = build(corpus, tmp_path / "a", workers=2).path.read_bytes()
    warm = build(corpus, tmp_path / "a", workers=2)
    serial = build(corpus, tmp_path / "b", cache=False, workers=1).path.read_bytes()
    assert cold == warm.path.read_bytes() == serial == whole_build(corpus)
    assert warm.cache == {"article": (3, 0), "graph": (3, 0), "check": (6, 0)}
    assert not (tmp_path / "b" / CACHE_NAME).exists()


def test_editing_one_article_redoes_that_article_only(corpus, tmp_path):
    build(corpus, tmp_path / "out")
    edit(first_ann(corpus), "label: ", "label: Edited ")
    result = build(corpus, tmp_path / "out")
    assert result.cache["article"] == (2, 1)
    assert result.cache["graph"] == (2, 1)
    assert result.cache["check"][1] == 1
    assert result.path.read_bytes() == whole_build(corpus)


def assert_same_dataset(actual: bytes, expected: bytes) -> None:
    """The same quads in the same named graphs (then the same bytes), with the difference shown."""
    got, want = Dataset(), Dataset()
    got.parse(data=actual, format="trig")
    want.parse(data=expected, format="trig")
    names = {g.identifier for g in got.graphs()} | {g.identifier for g in want.graphs()}
    for name in sorted(names):
        a, b = got.graph(name), want.graph(name)
        if not isomorphic(a, b):
            _, only_actual, only_expected = graph_diff(to_isomorphic(a), to_isomorphic(b))
            pytest.fail(f"graph {name} differs; only in the rebuild:\n"
                        f"{only_actual.serialize(format='nt')}\nonly in the cold build:\n"
                        f"{only_expected.serialize(format='nt')}")
    assert actual == expected


def test_an_edit_then_rebuild_writes_what_a_cold_build_of_the_edited_corpus_writes(corpus, tmp_path):
    build(corpus, tmp_path / "out")
    edit(first_ann(corpus), "label: ", "label: Reworded ")
    rebuilt = build(corpus, tmp_path / "out").path.read_bytes()
    cold = build(corpus, tmp_path / "cold", cache=False).path.read_bytes()
    assert_same_dataset(rebuilt, cold)
    assert rebuilt == whole_build(corpus)


def written_blocks(monkeypatch) -> list[bytes]:
    """What the build writes to kg.trig from now on, rather than copies (not the index)."""
    blocks: list[bytes] = []

    def write(fd, data):
        if not data.startswith(b'{"format"'):
            blocks.append(data)
        write_all(fd, data)

    monkeypatch.setattr("kg.build.splice.write_all", write)
    return blocks


def stale(out, other):
    (out / "kg.trig").write_bytes((out / "kg.trig").read_bytes())  # rewritten: another inode


def from_another_corpus(out, other):
    shutil.copy(other / CACHE_NAME / INDEX_NAME, out / CACHE_NAME / INDEX_NAME)


def truncated(out, other):
    index = out / CACHE_NAME / INDEX_NAME
    index.write_bytes(index.read_bytes()[: index.stat().st_size // 2])


@pytest.mark.parametrize("damage", [stale, from_another_corpus, truncated])
def test_an_index_that_does_not_match_the_output_means_a_full_write(corpus, tmp_path, damage,
                                                                     monkeypatch):
    other = shutil.copytree(corpus, tmp_path / "other")
    edit(first_ann(other), "label: ", "label: Other ")
    build(other, tmp_path / "other-out")
    build(corpus, tmp_path / "out")
    damage(tmp_path / "out", tmp_path / "other-out")
    edit(first_ann(corpus), "label: ", "label: Reworded ")
    blocks = written_blocks(monkeypatch)
    rebuilt = build(corpus, tmp_path / "out").path.read_bytes()
    assert len(blocks) == 7  # the prefix lines and six graphs: nothing copied
    assert_same_dataset(rebuilt, whole_build(corpus))


def test_a_rebuild_copies_the_unchanged_blocks(corpus, tmp_path, monkeypatch):
    build(corpus, tmp_path / "out")
    edit(first_ann(corpus), "label: ", "label: Reworded ")
    blocks = written_blocks(monkeypatch)
    rebuilt = build(corpus, tmp_path / "out").path.read_bytes()
    assert len(blocks) == 1 and b"Reworded" in blocks[0]  # only the edited article's block
    assert rebuilt == whole_build(corpus)


def test_a_failing_article_keeps_the_previous_output(corpus, tmp_path):
    first = build(corpus, tmp_path / "out").path.read_bytes()
    ann = next(p for p in sorted(corpus.glob("*.ann.yaml")) if "subsetOf:" in p.read_text("utf-8"))
    text = ann.read_text(encoding="utf-8")
    # a subset of sources that counts more people than the group it is part of
    ann.write_text(re.sub(r"count: \d+(\n  countText: \w+\n  subsetOf:)", r"count: 99\1", text),
                   encoding="utf-8")
    with pytest.raises(ValidationFailed) as failed:
        build(corpus, tmp_path / "out")
    assert (tmp_path / "out" / "kg.trig").read_bytes() == first
    assert "SourceSubsetShape" in failed.value.report_text
    assert f"{ann}:" in failed.value.report_text  # file:line of what to fix


def test_a_cross_article_conflict_is_caught_with_the_other_article_cached(seeds, tmp_path):
    build(seeds, tmp_path / "out")
    # both seeds tell the killing of the 32 Cubans; only one of them changes. Two death tolls are
    # a SHACL warning (issue 19): the build goes on and names the file:line to look at.
    edit(seeds / "002_aca773533d52a18d.ann.yaml", "fatalities: 32", "fatalities: 33")
    result = build(seeds, tmp_path / "out")
    assert result.cache["graph"][1] == 1  # only the edited article was converted again
    assert [w for w in result.warnings if "fatalities" in w and ".ann.yaml:" in w and "Warning" in w]


def test_units_report_what_a_whole_validation_reports(seeds):
    edit(seeds / "000_cff27210c16c26bb.ann.yaml", "fatalities: 32", "fatalities: 33")
    edit(seeds / "registry.yaml", "    postIn: nyu\n", "    postIn: felix-ortiz\n")
    edit(seeds / "002_aca773533d52a18d.ann.yaml", "stance: assertion\n",
         "stance: assertion\n    corroborates: [000_cff27210c16c26bb/c999]\n")
    whole = validate_graph(convert_corpus(load_corpus(seeds)))
    cache, mint = Cache(None), Minter()
    graphs, fingerprints = convert_graphs(load_corpus_cached(seeds, cache, workers=1), mint, cache,
                                          workers=1)
    order = graph_order(graphs, mint)
    plan = Plan({graph: summarise(lines) for graph, lines in graphs.items()}, order, fingerprints)
    for batch_triples in (1, 6_000, 10**6):  # every unit alone, a few together, all in one run
        checked = check_graphs(graphs, plan, cache, workers=1, batch_triples=batch_triples)
        assert {f.text for _, f in checked.findings} == set(whole.text.splitlines()), batch_triples
        assert checked.violations == whole.violations == 2  # the two death tolls: a warning
        assert any("fatalities" in f.text and not f.violation for _, f in checked.findings)


@pytest.mark.parametrize(("sizes", "limit", "workers", "expected"), [
    ({}, 100, 2, []),
    ({0: 10, 1: 10, 2: 10}, 1000, 2, [[0, 1, 2]]),  # too little work to fork for
    ({0: 600, 1: 300, 2: 200, 3: 100}, 1000, 2, [[0], [1, 2, 3]]),  # one per worker, balanced
    ({0: 600, 1: 600, 2: 600, 3: 600}, 1000, 1, [[0, 3], [1], [2]]),  # total / limit runs
    ({0: 5000, 1: 1}, 1000, 4, [[0], [1]]),  # a unit larger than the limit is still one unit
])
def test_units_are_batched_by_size(sizes, limit, workers, expected):
    assert plan_batches(sizes, limit, workers, minimum=100) == expected


def test_a_damaged_cache_entry_is_recomputed(corpus, tmp_path):
    expected = build(corpus, tmp_path / "out").path.read_bytes()
    for entry in (tmp_path / "out" / CACHE_NAME).glob("*/*/*"):
        entry.write_bytes(b"not a pickle")
    (tmp_path / "out" / CACHE_NAME / INDEX_NAME).unlink()  # the output is written in full
    result = build(corpus, tmp_path / "out")
    # a graph's entry is found, and found damaged when its lines are needed (for its summary)
    assert result.cache["graph"] == (0, 3)
    assert result.path.read_bytes() == expected


def test_stale_entries_are_pruned(corpus, tmp_path):
    build(corpus, tmp_path / "out")
    entries = cache_files(tmp_path / "out")
    edit(first_ann(corpus), "label: ", "label: Edited ")
    build(corpus, tmp_path / "out")
    assert len(cache_files(tmp_path / "out")) == len(entries)


def cache_files(out) -> list:
    return [p for p in (out / CACHE_NAME).rglob("*") if p.is_file()]


def test_progress_is_reported_per_stage(corpus, tmp_path):
    seen = {}

    def progress(label, total):
        seen[label] = total
        return __import__("contextlib").nullcontext(lambda n: None)

    build(corpus, tmp_path / "out", progress=progress, workers=1)
    # six units (ontology, registry, three articles, links), small enough for one pySHACL run
    assert seen == {"loading": 3, "converting": 3, "indexing": 6, "validating": 1}


def test_reviewing_a_drafted_claim_rebuilds_the_links_it_may_now_count_in(drafted_seeds, tmp_path):
    """A curator reviews a draft by deleting ``reviewed: false``; only then does it count as
    independent corroboration (kg.convert.links), so the cached links graph must be made again."""
    seeds = shutil.copytree(drafted_seeds, tmp_path / "seeds")
    before = build(seeds, tmp_path / "out").path.read_text(encoding="utf-8")
    ann = seeds / "wire_en.ann.yaml"
    head, claims = ann.read_text(encoding="utf-8").split("\nclaims:", 1)
    ann.write_text(head + "\nclaims:" + claims.replace("  reviewed: false\n", ""), encoding="utf-8")
    after = build(seeds, tmp_path / "out").path.read_bytes()

    def independent(trig: str) -> list[str]:
        return [line for line in trig.splitlines()
                if "wire_en" in line and "independentlyCorroborates" in line]

    assert after == whole_build(seeds)
    assert (independent(before), bool(independent(after.decode("utf-8")))) == ([], True)
