"""A draft is a valid part of the corpus: the seeds plus a drafted third article pass kg check
and kg build unedited, and the draft's actors are the graph's existing IRIs."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from rdflib import Dataset, URIRef
from rdflib.namespace import PROV

from kg.build.dataset import build
from kg.extract import Options, extract, write
from kg.namespaces import NK, OA
from kg.seeds.annotations import load_corpus

from .conftest import DATA, ENGLISH, SEEDS, SPANISH

ID = "https://newskg.example.org/id/"


@pytest.fixture(scope="module")
def drafted(tmp_path_factory) -> Path:
    """seeds/ plus the English and the Spanish test articles, drafted (not edited)."""
    folder = Path(shutil.copytree(SEEDS, tmp_path_factory.mktemp("corpus") / "seeds"))
    for path, published, lang in (ENGLISH, SPANISH):
        draft = extract(path, Options(published, folder, lang, path.stem, "reuters", "myind-staff"))
        write(draft, folder)
    return folder


@pytest.fixture(scope="module")
def graph(drafted, tmp_path_factory) -> Dataset:
    out = tmp_path_factory.mktemp("build")
    build(drafted, out, "https://newskg.example.org/", cache=False)
    return Dataset().parse(out / "kg.trig", format="trig")


def test_drafts_pass_kg_check(drafted):
    corpus = load_corpus(drafted)
    assert {a.meta.id for a in corpus.articles} >= {"wire_en", "cable_es"}


def bodies(graph: Dataset, article: str) -> set[URIRef]:
    g = graph.graph(URIRef(f"https://newskg.example.org/graph/article/{article}"))
    return set(g.objects(None, OA.hasBody))


def test_drafted_mentions_link_to_the_existing_iris(graph):
    english, spanish = bodies(graph, "wire_en"), bodies(graph, "cable_es")
    for slug in ("delcy-rodriguez", "bruno-rodriguez-parrilla", "government-of-cuba", "dgcim",
                 "us-government"):
        assert URIRef(ID + slug) in english, slug
    for slug in ("bruno-rodriguez-parrilla", "government-of-cuba", "venezuela"):
        assert URIRef(ID + slug) in spanish, slug
    official = URIRef(ID + "source/wire_en/a-white-house-official")  # a source, of the White House
    assert (official, NK.affiliation, URIRef(ID + "white-house")) in graph.graph(
        URIRef("https://newskg.example.org/graph/article/wire_en"))


def test_a_told_again_event_is_the_existing_event(graph):
    operation = URIRef(ID + "event/us-military-operation-2026-01-03")
    articles = {o for _, _, o, _ in graph.quads((operation, NK.reportedIn, None, None))}
    assert URIRef(ID + "article/wire_en") in articles
    assert URIRef(ID + "article/000_cff27210c16c26bb") in articles


def test_drafted_claims_are_machine_drafts_and_curated_ones_are_not(graph):
    drafted = {s for s, _, _, _ in graph.quads((None, NK.reviewStatus, NK.MachineDraft, None))}
    claim = URIRef(ID + "claim/wire_en/c05")
    assert claim in drafted
    assert (claim, PROV.wasGeneratedBy, URIRef(ID + "extraction/wire_en")) in graph.graph(
        URIRef("https://newskg.example.org/graph/article/wire_en"))
    assert not any(str(s).startswith(ID + "claim/000_") for s in drafted)


def test_html_input_gives_main_text_and_title(tmp_path):
    page = tmp_path / "story.html"
    text = (DATA / "wire_en.txt").read_text(encoding="utf-8").split("\n\n", 1)[1]
    paragraphs = "".join(f"<p>{p}</p>" for p in text.split("\n\n"))
    page.write_text(f"<html><head><title>Cuba pulls advisers</title></head><body><nav>Home</nav>"
                    f"<article><h1>Cuba pulls advisers</h1>{paragraphs}</article></body></html>",
                    encoding="utf-8")
    draft = extract(page, Options(date(2026, 2, 24), SEEDS, None, None, "reuters", "myind-staff"))
    assert draft.meta["headline"] == "Cuba pulls advisers"
    assert "Home" not in draft.text and "three sources familiar with the matter" in draft.text
    assert draft.id == "story" and draft.meta["language"] == "en"
