"""``kg synth``: synthetic corpora load, convert and validate like the seeds, deterministically."""

from __future__ import annotations

import statistics

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Dataset, URIRef

from kg.build.dataset import build
from kg.cli import cli
from kg.convert.corpus import convert_corpus
from kg.namespaces import NK
from kg.seeds.annotations import load_corpus
from kg.seeds.evidence import locate
from kg.synth.corpus import synth
from tests.conftest import SEEDS


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory):
    return synth(8, tmp_path_factory.mktemp("synth"), seed=3, density=0.15).out


@pytest.fixture(scope="module")
def built_corpus(corpus_dir, tmp_path_factory):
    result = build(corpus_dir, tmp_path_factory.mktemp("synth-build"))
    dataset = Dataset()
    dataset.parse(result.path, format="trig")
    return result, dataset


def files(folder) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_a_corpus_converts_and_validates(built_corpus):
    result, _ = built_corpus
    assert result.graphs == 8 + 3  # articles, registry, links, ontology
    assert result.counts["nk:Claim"] > 8 * 8


def test_shared_propositions_give_corroborations_and_contradictions(tmp_path):
    corpus = load_corpus(synth(12, tmp_path, seed=5, density=0.3).out)
    links = convert_corpus(corpus).graph(URIRef("https://newskg.example.org/graph/links"))
    assert len(set(links.triples((None, NK.corroborates, None)))) > 10
    assert len(set(links.triples((None, NK.contradicts, None)))) > 0


def test_events_and_actors_recur_across_articles(corpus_dir):
    corpus = load_corpus(corpus_dir)
    tellings = [e.id for a in corpus.articles for e in a.annotation.events]
    claimants = [{c.claimant for c in a.annotation.claims} for a in corpus.articles]
    assert len(tellings) > len(set(tellings))  # one event, told by several articles
    assert set.intersection(*claimants[:4]) - {"author"}  # a story's actors speak in each


def test_every_quote_and_date_is_in_its_text(corpus_dir):
    for article in load_corpus(corpus_dir).articles:
        for claim in article.annotation.claims:
            assert locate(article.text, claim.quote, claim.occurrence).exact == claim.quote
        for event in article.annotation.events:
            assert event.date is None or event.date.text in article.text


def test_the_same_seed_writes_the_same_bytes(tmp_path):
    first = files(synth(3, tmp_path / "a", seed=9, density=0.2).out)
    assert files(synth(3, tmp_path / "b", seed=9, density=0.2).out) == first
    assert files(synth(3, tmp_path / "c", seed=10, density=0.2).out) != first


def test_density_one_is_as_dense_as_the_seeds(tmp_path):
    made = load_corpus(synth(2, tmp_path, seed=1).out).articles
    seeds = load_corpus(SEEDS).articles
    for section in ("claims", "events", "sources", "roles", "mentions"):
        ours = statistics.mean(len(getattr(a.annotation, section)) for a in made)
        theirs = statistics.mean(len(getattr(a.annotation, section)) for a in seeds)
        assert theirs / 2.5 <= ours <= theirs * 2.5, section


def test_every_name_is_invented(corpus_dir):
    real = {label for e in load_corpus(SEEDS).registry.entities for label in e.label.values()}
    made = {label for e in load_corpus(corpus_dir).registry.entities for label in e.label.values()}
    assert not real & made


def test_cli_writes_a_corpus(runner, tmp_path):
    result = runner.invoke(cli, ["synth", "--articles", "2", "--out", str(tmp_path), "--seed", "4",
                                 "--density", "0.1"])
    assert result.exit_code == 0, result.output
    assert len(list(tmp_path.glob("*.ann.yaml"))) == 2


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32), articles=st.integers(1, 4),
       density=st.floats(0.02, 0.5))
def test_any_corpus_passes_every_check(tmp_path_factory, seed, articles, density):
    folder = synth(articles, tmp_path_factory.mktemp("any"), seed=seed, density=density).out
    corpus = load_corpus(folder)  # schema, every quote located, every reference resolved
    assert len(corpus.articles) == articles


def test_a_corroboration_cites_a_claim_of_the_same_stance(tmp_path):
    """A refusal citing an assertion of the same proposition would corroborate and contradict it
    at once (ClaimShape refuses it: 116–148 such violations at 170 articles before)."""
    corpus = load_corpus(synth(60, tmp_path, seed=1, density=1.0).out)
    stance = {(a.meta.id, c.id): c.stance for a in corpus.articles for c in a.annotation.claims}
    cited = [(stance[(a.meta.id, c.id)], stance[tuple(ref.split("/"))])
             for a in corpus.articles for c in a.annotation.claims for ref in c.corroborates]
    assert cited and all(mine == theirs for mine, theirs in cited)
