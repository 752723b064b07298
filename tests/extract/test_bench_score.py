"""The extraction benchmark's scorer is fair to right links and still counts wrong ones: a
pronoun before a curated claim's cue is a mention of its claimant (right only if it is that
claimant); a registry name inside a longer curated span is not judged; anything else that
disagrees with the curated file is a wrong link."""

from __future__ import annotations

import shutil

import pytest
import yaml

from bench.extraction_score import score
from kg.seeds.annotations import load_corpus

from .conftest import SEEDS

ARTICLE = "002_aca773533d52a18d"


def occurrence_of(text: str, quote: str, context: str) -> int:
    """The 1-based occurrence of ``quote`` that starts ``context`` in ``text``."""
    at, n, target = text.find(quote), 1, text.find(context)
    while at != target:
        at, n = text.find(quote, at + 1), n + 1
    return n


@pytest.fixture(scope="module")
def scored(tmp_path_factory):
    """The curated 002 against itself plus three links: a wrong pronoun, a nested registry name,
    and a description linked to the wrong group."""
    folder = shutil.copytree(SEEDS, tmp_path_factory.mktemp("draft") / "seeds")
    path = folder / f"{ARTICLE}.ann.yaml"
    text = (folder / f"{ARTICLE}.txt").read_text(encoding="utf-8")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["mentions"] += [
        {"entity": "delcy-rodriguez", "quote": "He", "occurrence": occurrence_of(text, "He", "He added")},
        {"entity": "venezuela", "quote": "Venezuela",
         "occurrence": occurrence_of(text, "Venezuela", "Venezuela’s military")},
        {"entity": "cuban-advisers", "quote": "nurses"},
    ]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    gold, draft = load_corpus(SEEDS), load_corpus(folder)
    article = [next(a for a in c.articles if a.meta.id == ARTICLE) for c in (gold, draft)]
    return score(article[0], gold, article[1], draft)


def test_a_nested_registry_name_is_not_judged(scored):
    assert scored.counts["nested names, not judged"][0] == 1


def test_a_wrong_pronoun_and_a_wrong_description_are_wrong_links(scored):
    right, judged = scored.counts["entity links, precision"]
    assert judged - right == 2
    wrong = " ".join(scored.misses["wrong entity links"])
    assert "'He' → delcy-rodriguez (curated: frank-mora)" in wrong
    assert "'nurses' → cuban-advisers (curated: cuban-medical-workers)" in wrong


def test_speaker_pronouns_are_curated_links_to_find(scored):
    """The curated file itself does not write them: it misses exactly those six."""
    found, total = scored.counts["entity links, recall"]
    assert total - found == 6 and "frank-mora ('He')" in scored.misses["entity links"]
    assert all(miss.split("'")[1].lower() in ("he", "she", "it") for miss in scored.misses["entity links"])
