"""The on-disk store (``kg serve --store DIR``) and the answer cache in front of any store."""

from __future__ import annotations

import os
import shutil

import pyoxigraph as ox
import pytest
from rdflib import Dataset

from kg.store.cached import CachedStore
from kg.store.oxigraph import STAMP, OxigraphStore, StoreError, open_store
from kg.store.query import Job, evaluate
from kg.store.results import collect
from tests.conftest import MINI
from tests.store.test_store import assert_isomorphic

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def count(store) -> int:
    return int(collect(store.query(COUNT), 1).rows[0][0].value)


@pytest.fixture
def data(tmp_path):
    return shutil.copy(MINI, tmp_path / "kg.trig")


def test_disk_store_answers_as_the_memory_store(data, tmp_path):
    disk, memory = open_store(data, directory=tmp_path / "db"), open_store(data)
    assert (len(disk), disk.named_graphs(), count(disk)) == (
        len(memory), memory.named_graphs(), count(memory))
    for graph in memory.named_graphs():
        expected, actual = Dataset(), Dataset()
        expected.parse(data=memory.dump("nq", graph), format="nquads")
        actual.parse(data=disk.dump("nq", graph), format="nquads")
        assert_isomorphic(expected.graph(graph), actual.graph(graph))


def test_the_store_survives_a_restart_without_its_file(data, tmp_path):
    first = open_store(data, directory=tmp_path / "db")
    size = len(first)
    del first
    os.unlink(data)
    assert len(open_store(data, directory=tmp_path / "db")) == size


def test_an_unchanged_file_is_not_loaded_again(data, tmp_path, monkeypatch):
    open_store(data, directory=tmp_path / "db")
    monkeypatch.setattr(OxigraphStore, "load", lambda *a: pytest.fail("reloaded"))
    assert len(open_store(data, directory=tmp_path / "db")) > 0


def test_a_changed_file_is_loaded_again(data, tmp_path):
    before = len(open_store(data, directory=tmp_path / "db"))
    with open(data, "a", encoding="utf-8") as file:
        file.write("\n<https://x.org/g> { <https://x.org/s> <https://x.org/p> <https://x.org/o> . }\n")
    assert len(open_store(data, directory=tmp_path / "db")) == before + 1


def test_an_interrupted_load_is_redone(data, tmp_path):
    open_store(data, directory=tmp_path / "db")
    (tmp_path / "db" / STAMP).unlink()  # what a crash during loading leaves: no stamp
    os.unlink(data)
    with pytest.raises(Exception, match="no such data file"):
        open_store(data, directory=tmp_path / "db")


def test_worker_handles_read_the_same_data(data, tmp_path):
    disk = open_store(data, directory=tmp_path / "db")
    answer = evaluate(disk.for_worker(), Job(COUNT))
    assert answer.count == 1 and str(len(disk)).encode() in answer.body


SHARED = """@prefix x: <https://x.org/> .
x:g1 { x:s x:p x:o . x:s x:q [ x:r x:t ] . }
x:g2 { x:s x:p x:o . }
"""
IN_DEFAULT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(params=["memory", "disk"])
def shared(request, tmp_path):
    """A store of SHARED, in memory or on disk."""
    (tmp_path / "shared.trig").write_text(SHARED, encoding="utf-8")
    directory = tmp_path / "db" if request.param == "disk" else None
    return open_store(tmp_path / "shared.trig", directory=directory)


def test_the_union_default_graph_is_a_set(shared):
    assert (len(shared), count(shared)) == (4, 4)
    assert int(collect(shared.query(IN_DEFAULT), 1).rows[0][0].value) == 3  # x:s x:p x:o once


def test_the_union_shares_the_blank_nodes_of_the_graphs(shared):
    text = "ASK { GRAPH ?g { ?s <https://x.org/q> ?b } ?b <https://x.org/r> ?t }"
    assert collect(shared.query(text), 1).boolean


def test_a_load_in_many_batches_is_the_same_store(data, tmp_path, monkeypatch):
    monkeypatch.setattr("kg.store.oxigraph.DISK_BATCH", 7)
    disk, memory = open_store(data, directory=tmp_path / "db"), open_store(data)
    assert (len(disk), count(disk), int(collect(disk.query(IN_DEFAULT), 1).rows[0][0].value)) == (
        len(memory), count(memory), int(collect(memory.query(IN_DEFAULT), 1).rows[0][0].value))


def test_a_reused_store_is_not_counted_again(data, tmp_path, monkeypatch):
    size = len(open_store(data, directory=tmp_path / "db"))
    monkeypatch.setattr(OxigraphStore, "_count_named", lambda self: pytest.fail("counted"))
    assert len(open_store(data, directory=tmp_path / "db")) == size


def test_a_malformed_file_on_disk_is_a_store_error(tmp_path):
    (tmp_path / "bad.trig").write_text("<https://x.org/g> { <a> <b> . }\n", encoding="utf-8")
    with pytest.raises(StoreError, match=r"bad\.trig.*line 1"):
        open_store(tmp_path / "bad.trig", directory=tmp_path / "db")


# --- the answer cache ----------------------------------------------------------------------


@pytest.fixture
def cached(store):
    return CachedStore(store)


@pytest.mark.parametrize("query", [COUNT, "ASK { ?s ?p ?o }",
                                   "CONSTRUCT { ?s a ?o } WHERE { ?s a ?o }"])
def test_a_cached_answer_is_the_answer(cached, store, query):
    first, second = collect(cached.query(query), 100), collect(cached.query(query), 100)
    direct = collect(store.query(query), 100)
    assert (cached.hits, cached.misses) == (1, 1)
    assert type(cached.query(query)) is type(store.query(query))
    for result in (first, second):
        assert (result.kind, result.rows, result.boolean, set(result.triples)) == (
            direct.kind, direct.rows, direct.boolean, set(direct.triples))


def test_a_new_data_version_is_a_miss(cached, store, monkeypatch):
    cached.query(COUNT)
    monkeypatch.setattr(store, "version", lambda: "other", raising=False)
    cached.query(COUNT)
    assert (cached.hits, cached.misses) == (0, 2)


def test_the_cache_keeps_to_its_size(store):
    cached = CachedStore(store, max_bytes=400, max_entry=300)
    for limit in range(1, 8):
        cached.query(f"SELECT * {{ ?s ?p ?o }} LIMIT {limit}")
    assert cached._size <= 400
    cached.query("SELECT * { ?s ?p ?o }")  # larger than max_entry: answered, not kept
    assert all(len(body) <= 300 for _, body in cached._entries.values())


def test_errors_are_not_cached(cached):
    for _ in range(2):
        with pytest.raises(SyntaxError):
            cached.query("SELECT nonsense")
    assert cached.hits == 0


def test_query_workers_get_the_uncached_store(store):
    assert CachedStore(store).for_worker() is store.for_worker()
    assert isinstance(CachedStore(store).query("ASK {}"), ox.QueryBoolean)
