"""Machine drafts in the seeds: ``*.registry.yaml`` merged beside ``registry.yaml``, the
``reviewed``/``confidence`` flags and the ``extraction`` header, and the provenance they become."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, XSD

from kg.build.dataset import build
from kg.convert.corpus import convert_corpus
from kg.errors import AnnotationError
from kg.namespaces import NK, SCHEMA
from kg.seeds.annotations import load_corpus

MINI = Path(__file__).parents[1] / "data" / "mini-seeds"
BASE = "https://newskg.example.org/"
ID = BASE + "id/"
HEADER = 'extraction: {tool: kg extract, version: "0.1.0", at: "2026-02-24T10:00:00Z"}\n'
DRAFT_ENTITY = """
entities:
  - id: jane-roe
    type: Person
    label: {en: Jane Roe}
    aliases: [Jane Roe]
    reviewed: false
    confidence: 0.6
"""


@pytest.fixture
def seeds(tmp_path) -> Path:
    return Path(shutil.copytree(MINI, tmp_path / "seeds"))


def article_files(seeds: Path) -> tuple[Path, str]:
    ann = next(seeds.glob("*.ann.yaml"))
    return ann, ann.name.removesuffix(".ann.yaml")


def draft_first_claim(seeds: Path, header: bool = True) -> str:
    """Flag the mini article's first claim as an unreviewed draft; return its id."""
    ann, _ = article_files(seeds)
    text = ann.read_text(encoding="utf-8")
    at = text.index("claims:")
    first = text.index("  - id: ", at)
    claim_id = text[first + 8:text.index("\n", first)].strip()
    flagged = text[:first] + f"  - reviewed: false\n    confidence: 0.42\n    id: {claim_id}" + \
        text[text.index("\n", first):]
    if header:
        flagged = flagged.replace("article:", HEADER + "article:", 1)
    ann.write_text(flagged, encoding="utf-8")
    return claim_id


def has(ds, s, p, o) -> bool:
    return any(True for _ in ds.quads((s, p, o, None)))


def test_a_drafted_registry_beside_registry_yaml_is_merged(seeds):
    _, article = article_files(seeds)
    (seeds / f"{article}.registry.yaml").write_text(HEADER + DRAFT_ENTITY, encoding="utf-8")
    corpus = load_corpus(seeds)
    assert "jane-roe" in {e.id for e in corpus.registry.entities}
    assert corpus.registry_file.drafted == {"jane-roe": article}


def test_an_id_defined_in_two_registry_files_is_a_file_line_error(seeds):
    first = (seeds / "registry.yaml").read_text(encoding="utf-8")
    taken = first.split("- id: ", 1)[1].split("\n", 1)[0].strip()
    drafted = seeds / "x.registry.yaml"
    drafted.write_text(f"entities:\n  - id: {taken}\n    type: Person\n    label: {{en: X}}\n",
                       encoding="utf-8")
    with pytest.raises(AnnotationError) as exc:
        load_corpus(seeds)
    assert f"{drafted}:2: id: {taken!r} is defined 2 times" in str(exc.value)
    assert f"{seeds / 'registry.yaml'}:" in str(exc.value)


def test_an_unreviewed_entity_needs_a_drafted_file_with_a_header(seeds):
    drafted = seeds / "x.registry.yaml"
    drafted.write_text(DRAFT_ENTITY, encoding="utf-8")
    with pytest.raises(AnnotationError, match=rf"{drafted}:\d+: reviewed: an unreviewed entity"):
        load_corpus(seeds)


def test_an_unreviewed_item_needs_the_extraction_header(seeds):
    draft_first_claim(seeds, header=False)
    ann, _ = article_files(seeds)
    with pytest.raises(AnnotationError, match=rf"{ann}:\d+: reviewed: an unreviewed item needs"):
        load_corpus(seeds)


@pytest.mark.parametrize("value", ["1.5", "-0.1", "high"])
def test_confidence_is_a_number_from_0_to_1(seeds, value):
    draft_first_claim(seeds)
    ann, _ = article_files(seeds)
    ann.write_text(ann.read_text(encoding="utf-8").replace("0.42", value), encoding="utf-8")
    with pytest.raises(AnnotationError, match=r":\d+: confidence: "):
        load_corpus(seeds)


def test_unreviewed_items_carry_their_provenance_and_curated_ones_none(seeds):
    claim_id = draft_first_claim(seeds)
    _, article = article_files(seeds)
    (seeds / f"{article}.registry.yaml").write_text(HEADER + DRAFT_ENTITY, encoding="utf-8")
    ds = convert_corpus(load_corpus(seeds), BASE)
    claim, activity = URIRef(f"{ID}claim/{article}/{claim_id}"), URIRef(f"{ID}extraction/{article}")
    agent = URIRef(f"{ID}software/kg-extract/0.1.0")
    assert has(ds, claim, PROV.wasGeneratedBy, activity)
    assert has(ds, claim, NK.draftedBy, activity)
    assert has(ds, claim, NK.reviewStatus, NK.MachineDraft)
    assert has(ds, claim, NK.confidence, Literal("0.420", datatype=XSD.decimal))
    assert has(ds, activity, RDF.type, PROV.Activity)
    assert has(ds, activity, PROV.wasAssociatedWith, agent)
    assert has(ds, agent, RDF.type, PROV.SoftwareAgent)
    assert has(ds, agent, SCHEMA.softwareVersion, Literal("0.1.0"))
    assert has(ds, URIRef(ID + "jane-roe"), NK.reviewStatus, NK.MachineDraft)
    drafted = {q[0] for q in ds.quads((None, NK.reviewStatus, NK.MachineDraft, None))}
    evidence = URIRef(f"{ID}evidence/{article}/claim-{claim_id}")
    assert drafted == {claim, evidence, URIRef(ID + "jane-roe")}


def test_a_seeds_folder_with_drafts_builds_and_validates(seeds, tmp_path):
    draft_first_claim(seeds)
    _, article = article_files(seeds)
    (seeds / f"{article}.registry.yaml").write_text(HEADER + DRAFT_ENTITY, encoding="utf-8")
    build(seeds, tmp_path / "out")
    assert (tmp_path / "out" / "kg.trig").stat().st_size > 0
