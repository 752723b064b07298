"""The ontology checked like a published vocabulary (issue 19): the programmable OOPS! pitfalls
and FOOPS!'s metadata find nothing in the ontology or in the built graph, and each check finds what
it is for — in the published 0.1.0, which had the pitfalls the issue lists, and in broken copies."""

from __future__ import annotations

from collections import Counter

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from kg.cli import cli
from kg.namespaces import NK, ONTOLOGY_IRI, SCHEMA
from kg.resources import ONTOLOGY_FILE
from kg.validate.pitfalls import ontology_pitfalls
from kg.validate.usage import check_vocabulary, data_pitfalls, fits_datatype, without_ontology

PUBLISHED_0_1_0 = ONTOLOGY_FILE.with_name("newskg-0.1.0.ttl")
PROV_ACTIVITY = URIRef("http://www.w3.org/ns/prov#Activity")


@pytest.fixture(scope="module")
def data(built_with_draft) -> Graph:
    """The seeds with one machine-drafted article, so the draft terms are in use too."""
    return without_ontology(Dataset().parse(built_with_draft.path, format="trig"))


@pytest.fixture(scope="module")
def old() -> Graph:
    return Graph().parse(PUBLISHED_0_1_0, format="turtle")


def test_the_ontology_has_no_pitfalls(ontology):
    assert not ontology_pitfalls(ontology), "\n".join(map(str, ontology_pitfalls(ontology)))


def test_the_built_graph_uses_the_ontology_without_pitfalls(ontology, data):
    found = data_pitfalls(ontology, data)
    assert not found, "\n".join(map(str, found))


def test_kg_pitfalls_checks_the_built_graph(built_with_draft):
    result = CliRunner().invoke(cli, ["pitfalls", str(built_with_draft.path)])
    assert (result.exit_code, result.output.strip()) == (0, "No pitfalls found.")


def test_0_1_0_had_the_pitfalls_issue_19_lists(old):
    found = ontology_pitfalls(old)
    codes = Counter(p.code for p in found)
    # 16 properties without a domain or a range (28 missing axioms), nk:about among them
    assert len({p.term for p in found if p.code == "P11"}) == 16 and codes["P11"] == 28
    assert any(p.code == "P11" and p.term == "nk:about" for p in found)
    assert codes["P32"] == 12  # label clashes, "anonymous source" among them
    assert any(p.code == "P32" and "nk:AnonymousSource nk:AnonymousSourceType" == p.term for p in found)
    # of the 11 case-only pairs, the two that are not a property named after its range class
    clashes = {p.term for p in found if p.code == "P22"}
    assert clashes == {"nk:Agent nk:agent", "nk:Replacement nk:replacement"}
    assert codes["P10"] > 0  # no disjointness at all
    assert {p.text for p in found if p.code == "FAIR" and p.term == ONTOLOGY_IRI} >= {
        "no owl:versionIRI", "no dcterms:creator", "no dcterms:publisher", "no dcterms:issued",
        "no vann:preferredNamespacePrefix", "no vann:preferredNamespaceUri"}


def test_0_1_0_puts_the_agreements_outside_nk_participants_domain(old, data):
    """nk:party ⊑ nk:participant made the four agreements events (P18/P01 in the issue)."""
    data = data + Graph()
    for s, o in list(data.subject_objects(NK.counterpart)):
        data.add((s, URIRef(str(NK) + "party"), o))
    found = [p for p in data_pitfalls(old, data) if p.code == "domain" and "nk:Agreement" in p.text]
    assert found and found[0].term == "nk:participant", found


def changed(graph: Graph, remove=(), add=()) -> Graph:
    copy = graph + Graph()
    for triple in remove:
        copy.remove(triple)
    for triple in add:
        copy.add(triple)
    return copy


@pytest.mark.parametrize(("remove", "add", "code", "term"), [
    ([(NK.cue, RDFS.range, None)], [], "P11", "nk:cue"),
    ([], [(NK.cue, RDFS.domain, NK.Event)], "P19", "nk:cue"),
    ([], [(NK.Agent, RDFS.subClassOf, NK.Person)], "P06", "nk:Agent"),
    ([], [(NK.claim, RDF.type, OWL.ObjectProperty)], "P22", "nk:Claim nk:claim"),
    ([], [(NK.cue, RDFS.label, Literal("stance", lang="en"))], "P32", "nk:Stance nk:cue"),
    ([(NK.cue, RDFS.label, Literal("expresión de atribución", lang="es"))], [], "P08", "nk:cue"),
    ([(NK.cue, RDFS.isDefinedBy, None)], [], "FAIR", "nk:cue"),
    ([(URIRef(ONTOLOGY_IRI), OWL.versionIRI, None)], [], "FAIR", ONTOLOGY_IRI),
    ([], [(NK.Rumour, RDF.type, OWL.Class), (NK.Rumour, RDFS.subClassOf, PROV_ACTIVITY)], "P10", "nk:Rumour"),
    ([], [(NK.Rumour, RDFS.subClassOf, NK.Claim)], "P34", "nk:Rumour"),
    ([], [(NK.Claim, RDFS.subClassOf, SCHEMA.Claimm)], "P40", "http://schema.org/Claimm"),
], ids=["P11", "P19", "P06", "P22", "P32", "P08", "FAIR-term", "FAIR-header", "P10", "P34", "P40"])
def test_each_ontology_check_finds_its_pitfall(ontology, remove, add, code, term):
    found = ontology_pitfalls(changed(ontology, remove, add))
    assert any(p.code == code and p.term == term for p in found), "\n".join(map(str, found))


A_CLAIM = URIRef("https://newskg.example.org/id/claim/000_cff27210c16c26bb/c01")
A_PERSON = URIRef("https://newskg.example.org/id/delcy-rodriguez")


@pytest.mark.parametrize(("remove", "add", "code", "term"), [
    ([], [(A_CLAIM, NK.stanse, NK.Denial)], "undeclared", "nk:stanse"),
    ([(None, NK.statedIn, None)], [], "unused", "nk:statedIn"),
    ([], [(A_PERSON, NK.cue, Literal("said"))], "domain", "nk:cue"),
    ([], [(A_CLAIM, NK.cue, Literal("said", lang="en"))], "range", "nk:cue"),
    ([], [(A_CLAIM, NK.statedIn, A_PERSON)], "range", "nk:statedIn"),
    ([], [(A_PERSON, RDF.type, NK.Event)], "disjoint", str(A_PERSON)),
    ([], [(A_CLAIM, NK.contradicts, A_CLAIM), (A_CLAIM, NK.corroborates, A_CLAIM)], "disjoint",
     f"<{A_CLAIM}> <{A_CLAIM}>"),
    ([], [(A_CLAIM, SCHEMA.apperance, A_PERSON)], "P40", "http://schema.org/apperance"),
], ids=["undeclared", "unused", "domain", "range-literal", "range-node", "disjoint-classes",
        "disjoint-properties", "P40"])
def test_each_data_check_finds_its_pitfall(ontology, data, remove, add, code, term):
    assert (A_CLAIM, RDF.type, NK.Claim) in data and (A_PERSON, RDF.type, NK.Person) in data
    found = data_pitfalls(ontology, changed(data, remove, add))
    assert any(p.code == code and p.term == term for p in found), "\n".join(map(str, found))


@pytest.mark.parametrize(("value", "datatype", "fits"), [
    (Literal(11), XSD.positiveInteger, True),
    (Literal("11", datatype=XSD.positiveInteger), XSD.positiveInteger, True),
    (Literal(0), XSD.positiveInteger, False),
    (Literal(0), XSD.nonNegativeInteger, True),
    (Literal(-1), XSD.nonNegativeInteger, False),
    (Literal("eleven"), XSD.nonNegativeInteger, False),
    (Literal("said"), XSD.string, True),
    (Literal("said", lang="en"), XSD.string, False),
    (Literal("heading", lang="en"), RDF.langString, True),
    (Literal("2026-01-03", datatype=XSD.date), XSD.date, True),
    (Literal("2026-13-03", datatype=XSD.date), XSD.date, False),
])
def test_data_values_agree_with_the_ontologys_datatypes(value, datatype, fits):
    """The data writes xsd:integer where the ontology says xsd:positiveInteger: the same value."""
    assert fits_datatype(value, datatype) is fits


def test_check_vocabulary_reads_a_dataset_without_its_ontology_graph(built_with_draft):
    assert not check_vocabulary(Dataset().parse(built_with_draft.path, format="trig"))


def test_a_corpus_without_drafts_leaves_the_draft_terms_unused(built_dataset):
    """Only the machine-draft terms: everything else is in use in the curated seeds alone."""
    assert {p.term for p in check_vocabulary(built_dataset)} == {
        "nk:Extraction", "nk:MachineDraft", "nk:draftedBy",
        "nk:ReviewStatus", "nk:ReviewStatusScheme", "nk:confidence",
        "nk:reviewStatus"}
