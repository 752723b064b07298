"""Conversion: golden output compared as graphs, determinism, evidence offsets, identity."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import RDF, XSD

from kg.convert.corpus import convert_corpus, fold
from kg.convert.mint import Minter
from kg.namespaces import NK, OA, SCHEMA
from kg.seeds.annotations import load_corpus

TESTS = Path(__file__).parent.parent
MINI = TESTS / "data" / "mini-seeds"
GOLDEN = TESTS / "golden" / "mini.trig"
BASE = "https://newskg.example.org/"
ONTOLOGY_GRAPH = URIRef("https://w3id.org/newskg/ontology")
D = Minter(BASE)


def assert_same_graph(actual: Graph, expected: Graph, what: str) -> None:
    if isomorphic(actual, expected):
        return
    _, only_actual, only_expected = graph_diff(to_isomorphic(actual), to_isomorphic(expected))
    missing = "\n".join(sorted(t.n3() if hasattr(t, "n3") else " ".join(x.n3() for x in t)
                               for t in only_expected))
    extra = "\n".join(sorted(" ".join(x.n3() for x in t) for t in only_actual))
    pytest.fail(f"{what} differs from the golden file\n--- missing:\n{missing}\n+++ extra:\n{extra}")


@pytest.fixture(scope="module")
def mini() -> Dataset:
    return convert_corpus(load_corpus(MINI), BASE)


@pytest.fixture(scope="module")
def full(corpus) -> Dataset:
    ds = convert_corpus(corpus, BASE)
    ds.default_union = True  # triple look-ups see every named graph
    return ds


def test_mini_corpus_matches_golden_graph_by_graph(mini):
    golden = Dataset()
    golden.parse(GOLDEN, format="trig")
    names = {g.identifier for g in golden.graphs() if len(g)}
    produced = {g.identifier for g in mini.graphs() if len(g)} - {ONTOLOGY_GRAPH}
    assert produced == names
    for name in sorted(names):
        assert_same_graph(mini.graph(name), golden.graph(name), str(name))


def test_output_is_byte_identical_across_hash_seeds(tmp_path):
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / seed
        subprocess.run([sys.executable, "-m", "kg", "build", "--out", str(out)], check=True,
                       env={"PYTHONHASHSEED": seed, "PATH": ""}, capture_output=True,
                       cwd=TESTS.parent)
        outputs.append((out / "kg.trig").read_bytes())
    assert outputs[0] == outputs[1]


def test_every_evidence_quote_is_the_text_at_its_offsets(full):
    texts = {s: str(o) for s, o in full.subject_objects(SCHEMA.text)}
    checked = 0
    for evidence in full.subjects(RDF.type, NK.Evidence):
        article = full.value(evidence, OA.hasSource)
        selectors = list(full.objects(evidence, OA.hasSelector))
        exact = next(full.value(s, OA.exact) for s in selectors if full.value(s, OA.exact) is not None)
        start = next(int(full.value(s, OA.start)) for s in selectors
                     if full.value(s, OA.start) is not None)
        end = next(int(full.value(s, OA.end)) for s in selectors if full.value(s, OA.end) is not None)
        assert texts[article][start:end] == str(exact), evidence
        checked += 1
    assert checked > 400


def test_claims_events_agreements_all_carry_evidence(full):
    for cls in (NK.Claim, NK.Event, NK.Agreement, NK.Provision, NK.PostHolding, NK.AnonymousSource):
        nodes = set(full.subjects(RDF.type, cls))
        assert nodes, cls
        assert all(full.value(n, NK.evidence) is not None for n in nodes), cls


def test_scale_of_the_graph(full):
    def count(cls):
        return len(set(full.subjects(RDF.type, cls)))

    actors = {s for s, o in full.subject_objects(RDF.type) if str(s).startswith(D.id)
              and (o, None, None) in full and o in _agent_classes(full)}
    assert count(NK.Claim) > 25 and count(NK.Event) > 12 and count(NK.Agreement) >= 2
    assert len(actors) > 25


def _agent_classes(ds: Dataset) -> set[URIRef]:
    from rdflib.namespace import RDFS

    classes = {NK.Agent}
    while True:
        more = {s for c in classes for s in ds.subjects(RDFS.subClassOf, c)} - classes
        if not more:
            return classes
        classes |= more


def test_all_iris_are_ascii_slash_iris_under_the_base(full):
    for s, _p, o, _ in full.quads((None, None, None, None)):
        for term in (s, o):
            if isinstance(term, URIRef) and str(term).startswith(D.id):
                assert str(term).isascii() and "#" not in str(term), term


def test_base_is_configurable(corpus):
    ds = convert_corpus(corpus, "http://example.com/kg/")
    subjects = {str(s) for s, _, _, _ in ds.quads((None, RDF.type, NK.Claim, None))}
    assert subjects and all(s.startswith("http://example.com/kg/id/claim/") for s in subjects)


def test_two_rodriguez_are_two_people(full):
    delcy, bruno = D.entity("delcy-rodriguez"), D.entity("bruno-rodriguez-parrilla")
    assert (delcy, RDF.type, NK.Person) in full and (bruno, RDF.type, NK.Person) in full
    article = D.article("002_aca773533d52a18d")
    text = str(full.value(article, SCHEMA.text))
    for mention in full.subjects(OA.hasBody, bruno):
        target = full.value(mention, OA.hasTarget)
        exact = next(str(o) for s in full.objects(target, OA.hasSelector)
                     for o in full.objects(s, OA.exact))
        assert exact.startswith("Bruno"), f"{exact!r} resolved to Bruno"
    bare = [m.start() for m in _finditer(text, "Rodriguez")
            if not text[:m.start()].endswith(("Bruno ", "Delcy "))]
    delcy_spans = {_start(full, m) for m in full.subjects(OA.hasBody, delcy)}
    assert bare and set(bare) <= delcy_spans


def _finditer(text, word):
    import re

    return re.finditer(rf"\b{word}\b", text)


def _start(ds, mention) -> int:
    target = ds.value(mention, OA.hasTarget)
    return next(int(o) for s in ds.objects(target, OA.hasSelector) for o in ds.objects(s, OA.start))


def test_shared_event_has_evidence_from_both_articles(full):
    event = D.event("killing-of-32-cubans")
    sources = {full.value(e, OA.hasSource) for e in full.objects(event, NK.evidence)}
    assert sources == {D.article("000_cff27210c16c26bb"), D.article("002_aca773533d52a18d")}
    assert set(full.objects(event, NK.fatalities)) == {Literal(32, datatype=XSD.integer)}


def test_denial_and_acknowledgement_are_linked_as_contradictions(full):
    denial = D.claim("000_cff27210c16c26bb", "c41")
    assert (denial, NK.stance, NK.Denial) in full
    contradicting = set(full.objects(denial, NK.contradicts))
    assert contradicting and all((c, NK.contradicts, denial) in full for c in contradicting)


def test_corroboration_crosses_articles(full):
    pairs = [(a, b) for a, b in full.subject_objects(NK.corroborates)
             if full.value(a, NK.reportedIn) != full.value(b, NK.reportedIn)]
    assert len(pairs) >= 10


def test_derived_links_are_cross_article_links_only(corpus):
    """issue #18: a cross-article link joins claims of two articles; links within one article are
    the curator's (``corroborates`` in its annotation), never derived."""
    ds = convert_corpus(corpus, BASE)
    links = ds.graph(D.graph("links"))
    article = {c: a for a, c in ((a, c) for g in ds.graphs() for c, a in g.subject_objects(NK.reportedIn))}
    derived = [(a, b) for prop in (NK.corroborates, NK.contradicts, NK.independentlyCorroborates)
               for a, b in links.subject_objects(prop)]
    assert len(derived) >= 20
    assert all(article[a] != article[b] for a, b in derived)
    independent = set(links.subject_objects(NK.independentlyCorroborates))
    assert independent and independent <= set(links.subject_objects(NK.corroborates))
    assert all((b, a) in independent for a, b in independent)  # symmetric


def test_ontology_has_no_blank_nodes_so_output_can_be_sorted(full):
    from rdflib import BNode

    assert not any(isinstance(t, BNode) for q in full.quads((None, None, None, None)) for t in q[:3])


@given(st.text(min_size=1, max_size=40))
@settings(max_examples=60, deadline=None)
def test_any_label_survives_a_turtle_round_trip(label):
    g = Graph()
    g.add((D.entity("x"), URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal(label)))
    back = Graph().parse(data=g.serialize(format="turtle"), format="turtle")
    assert isomorphic(g, back)


@given(st.text(max_size=40))
def test_fold_is_idempotent_and_accent_free(text):
    folded = fold(text)
    assert fold(folded) == folded
    assert folded == folded.casefold()


@given(st.from_regex(r"[a-z0-9][a-z0-9-]{0,20}", fullmatch=True))
def test_minting_is_deterministic(slug):
    assert Minter(BASE).entity(slug) == Minter(BASE).entity(slug) == URIRef(BASE + "id/" + slug)


def test_minting_refuses_unsafe_segments():
    with pytest.raises(ValueError, match="not a safe IRI segment"):
        Minter(BASE).entity("../etc")


def test_written_file_holds_exactly_the_converted_graph(built, corpus):
    """The store that writes kg.trig must not change a single term (datatypes, language tags)."""
    written = Dataset()
    written.parse(built.path, format="trig")
    converted = convert_corpus(corpus, BASE)
    for g in converted.graphs():
        if len(g):
            assert_same_graph(written.graph(g.identifier), g, str(g.identifier))
