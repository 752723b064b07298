"""kg.store: loading dataset files, the union default graph, dataset overrides, dumps."""

from __future__ import annotations

import ctypes
import subprocess
import sys

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg.store.oxigraph import OxigraphStore, Store, StoreError, open_store
from kg.store.results import collect
from tests.conftest import MINI

G = "https://newskg.example.org/graph/"
REGISTRY, ONTOLOGY, A1 = G + "registry", G + "ontology", G + "article/a1"
ARTICLE_TYPE = "ASK { ?s a <http://schema.org/NewsArticle> }"


def assert_isomorphic(expected: Graph, actual: Graph) -> None:
    """Compare RDF as graphs, with the difference in the failure message."""
    if not isomorphic(expected, actual):
        _, only_expected, only_actual = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
        pytest.fail("graphs differ\nonly expected:\n" + only_expected.serialize(format="nt")
                    + "\nonly actual:\n" + only_actual.serialize(format="nt"))


def reference() -> Dataset:
    dataset = Dataset()
    dataset.parse(MINI, format="trig")
    return dataset


def assert_behaves_as_a_store(store: Store, expected: Dataset) -> None:
    """The Store protocol as the app uses it, not only its method names (``isinstance`` of a
    runtime-checkable Protocol looks at nothing else): checked against rdflib's reading."""
    assert isinstance(store, Store)
    graphs = sorted(str(g.identifier) for g in expected.graphs() if len(g))
    assert store.named_graphs() == graphs
    assert len(store) == sum(len(expected.graph(URIRef(g))) for g in graphs)
    one = expected.graph(URIRef(graphs[0]))
    count = store.query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", default_graph_uris=[graphs[0]])
    assert int(collect(count, 1).rows[0][0].value) == len(one)
    dumped = Dataset().parse(data=store.dump("nq"), format="nquads")
    assert {(s, p, o, str(g)) for s, p, o, g in dumped.quads()} == {
        (s, p, o, str(g)) for s, p, o, g in expected.quads()}
    assert_isomorphic(one, Graph().parse(data=store.dump("ttl", graphs[0]), format="turtle"))


def ask(store: Store, text: str, **kwargs) -> bool:
    return collect(store.query(text, **kwargs), 10).boolean


def test_open_store_loads_every_named_graph(store):
    assert store.named_graphs() == [G + "article/a1", G + "article/a2", ONTOLOGY, REGISTRY]


def test_len_counts_quads(store):
    assert len(store) == 30


def test_oxigraph_store_satisfies_the_store_protocol(store):
    assert_behaves_as_a_store(store, reference())


@pytest.mark.parametrize("fmt", ["nq", "ttl", "nt"])
def test_open_store_reads_the_format_from_the_extension(store, tmp_path, fmt):
    path = tmp_path / f"data.{fmt}"
    path.write_bytes(store.dump(fmt))
    assert len(open_store(path)) == 30


def test_unknown_extension_is_a_store_error(tmp_path):
    path = tmp_path / "data.xyz"
    path.write_text("")
    with pytest.raises(StoreError, match="unknown RDF format"):
        open_store(path)


def test_missing_file_is_a_store_error(tmp_path):
    with pytest.raises(StoreError, match="no such data file"):
        open_store(tmp_path / "absent.trig")


def test_malformed_file_error_names_the_file_and_line(tmp_path):
    path = tmp_path / "bad.ttl"
    path.write_text("<a> <b> .\n")
    with pytest.raises(StoreError, match=r"bad\.ttl.*line 1"):
        open_store(path)


def test_default_graph_is_the_union_of_all_graphs(store):
    assert ask(store, ARTICLE_TYPE)


def test_from_replaces_the_union_default_graph(store):
    assert not ask(store, f"ASK FROM <{REGISTRY}> {{ ?s a <http://schema.org/NewsArticle> }}")


def test_protocol_default_graph_overrides_from(store):
    text = f"ASK FROM <{REGISTRY}> {{ ?s a <http://schema.org/NewsArticle> }}"
    assert ask(store, text, default_graph_uris=[A1])


def test_protocol_named_graphs_limit_graph_patterns(store):
    results = store.query("SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } }", named_graph_uris=[A1])
    assert [row[0].value for row in collect(results, 10).rows] == [A1]


def test_unknown_graph_iri_is_an_empty_graph(store):
    assert not ask(store, "ASK { ?s ?p ?o }", default_graph_uris=["http://example.org/none"])


def test_dump_of_one_graph_is_that_graph(store):
    actual = Graph().parse(data=store.dump("ttl", REGISTRY), format="turtle")
    assert_isomorphic(reference().graph(URIRef(REGISTRY)), actual)


def test_dump_as_trig_keeps_every_graph(store):
    actual = Dataset()
    actual.parse(data=store.dump("trig"), format="trig")
    for name in store.named_graphs():
        assert_isomorphic(reference().graph(URIRef(name)), actual.graph(URIRef(name)))


def test_dump_in_an_unknown_format_is_a_store_error(store):
    with pytest.raises(StoreError, match="cannot dump"):
        store.dump("csv")


def test_store_can_live_in_a_directory(tmp_path):
    on_disk = open_store(MINI, directory=tmp_path / "db")
    assert len(on_disk.for_worker()) == 30


def test_in_memory_store_is_shared_with_forked_workers(store):
    assert store.for_worker() is store


def test_prefixes_default_to_the_ontology_prefixes():
    assert OxigraphStore().prefixes["nk"] == "https://w3id.org/newskg/ontology#"


def test_queries_may_use_the_ontology_prefixes_undeclared(store):
    assert ask(store, "ASK { ?c a nk:Claim }")


# Run in a fresh interpreter: the settings are process-wide. glibc's mallinfo2() counts the bytes
# held in mmapped blocks (hblkhd) and the resident heap (arena - fordblks is in use; statm reads
# what is resident).
HEAP_PROBE = """
import ctypes, sys
from kg.store.heap import map_large_blocks, release_free_memory

class Info(ctypes.Structure):
    _fields_ = [(n, ctypes.c_size_t) for n in ("arena ordblks smblks hblks hblkhd usmblks "
                                               "fsmblks uordblks fordblks keepcost").split()]

libc = ctypes.CDLL(None)
libc.mallinfo2.restype = Info
def resident():
    return int(open("/proc/self/statm").read().split()[1]) * 4096

if sys.argv[1] == "large":
    if sys.argv[2] == "fixed":
        map_large_blocks()
    freed = bytearray(4 << 20)
    del freed  # freeing a mapped 4 MB block raises glibc's own threshold past it
    block = bytearray(2 << 20)
    print(libc.mallinfo2().hblkhd >= 2 << 20)  # is the 2 MB block a mapping of its own?
else:
    blocks = [b"x" * 65536 for _ in range(1600)]  # 100 MB of small blocks on the heap
    del blocks[:-1]  # the last one pins the top of the heap: nothing goes back by itself
    before = resident()
    release_free_memory()
    print(before - resident() > 50 << 20)
"""


@pytest.mark.skipif(not hasattr(ctypes.CDLL(None), "mallinfo2"), reason="needs glibc >= 2.33")
@pytest.mark.parametrize(("args", "expected"), [
    (("large", "default"), "False"), (("large", "fixed"), "True"), (("release",), "True")])
def test_the_heap_settings_do_what_they_say(args, expected):
    """map_large_blocks: a large block stays a mapping of its own (given back when freed) even
    after glibc would have raised its threshold; release_free_memory: freed pages leave."""
    done = subprocess.run([sys.executable, "-c", HEAP_PROBE, *args], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == expected, done.stderr
