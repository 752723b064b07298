"""The ontology: every term documented, aligned to the standard vocabularies, and in step with
the annotation format's vocabularies."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.convert.article import ROLE, SOURCE_TYPE, STANCE
from kg.namespaces import NK, OA, ORG, SCHEMA, SEM
from kg.seeds import schema

ONTOLOGY = Path(__file__).parents[2] / "ontology" / "newskg.ttl"
PROV = "http://www.w3.org/ns/prov#"
TIME = "http://www.w3.org/2006/time#"


@pytest.fixture(scope="module")
def ont() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


def own_terms(ont: Graph) -> set[URIRef]:
    return {s for s in ont.subjects() if isinstance(s, URIRef) and str(s).startswith(str(NK))}


def test_every_term_has_an_english_label_and_comment(ont):
    missing = [
        str(t) for t in own_terms(ont)
        if not any(getattr(v, "language", None) == "en" for v in ont.objects(t, RDFS.label))
        or not any(getattr(v, "language", None) == "en" for v in ont.objects(t, RDFS.comment))
    ]
    assert not missing, missing


def test_no_blank_nodes(ont):
    assert not any(isinstance(t, BNode) for triple in ont for t in triple)


@pytest.mark.parametrize("namespace", [PROV, str(SCHEMA), str(OA), str(SEM), TIME, str(ORG),
                                       str(SKOS)])
def test_aligned_to(ont, namespace):
    targets = {o for p in (RDFS.subClassOf, RDFS.subPropertyOf) for o in ont.objects(None, p)}
    assert any(str(o).startswith(namespace) for o in targets), namespace


@pytest.mark.parametrize("name", schema.ENTITY_TYPES)
def test_entity_types_are_classes(ont, name):
    assert (NK[name], RDF.type, OWL.Class) in ont
    assert (NK[name], RDFS.subClassOf, None) in ont


@pytest.mark.parametrize("name", schema.EVENT_TYPES)
def test_event_types_are_concepts(ont, name):
    assert (NK[name], RDF.type, NK.EventType) in ont
    assert (NK[name], SKOS.inScheme, NK.EventTypeScheme) in ont


def test_stances_source_types_and_roles_exist(ont):
    assert {STANCE[s] for s in schema.STANCES} <= set(ont.subjects(RDF.type, NK.Stance))
    assert set(SOURCE_TYPE.values()) <= set(ont.subjects(RDF.type, NK.SourceType))
    for prop in ROLE.values():
        assert (prop, RDFS.subPropertyOf, NK.participant) in ont, prop


def test_a_concept_is_never_also_another_kind(ont):
    concepts = [set(ont.subjects(RDF.type, c)) for c in (NK.Stance, NK.EventType, NK.SourceType,
                                                         NK.DatePrecision)]
    for i, a in enumerate(concepts):
        for b in concepts[i + 1:]:
            assert not a & b


def test_symmetric_claim_links(ont):
    for prop in (NK.corroborates, NK.contradicts, NK.inTensionWith):
        assert (prop, RDF.type, OWL.SymmetricProperty) in ont
