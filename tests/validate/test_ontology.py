"""The ontology: every term documented, aligned to the standard vocabularies, and in step with
the annotation format's vocabularies."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from kg.convert.article import ROLE, SOURCE_TYPE, STANCE
from kg.convert.corpus import GENID, add_ontology
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


def test_blank_nodes_only_in_owl_class_expressions(ont):
    """Union domains and disjointness axioms need blank nodes; nothing else may use them (the
    dataset holds them as skolem IRIs: tests/convert/test_convert.py)."""
    allowed = set(ont.subjects(OWL.unionOf, None)) | set(ont.subjects(RDF.type, OWL.AllDisjointClasses))
    allowed |= {cell for head in [*ont.objects(None, OWL.unionOf), *ont.objects(None, OWL.members)]
                for cell in _cells(ont, head)}
    stray = {t for triple in ont for t in triple if isinstance(t, BNode)} - allowed
    assert not stray, sorted(ont.predicate_objects(next(iter(stray))))


def _cells(ont: Graph, head):
    while head is not None and head != RDF.nil:
        yield head
        head = ont.value(head, RDF.rest)


# Issue 19's alignments, each as it is now: (subject, property, object, present?).
ALIGNMENTS = [
    (NK.party, RDFS.subPropertyOf, NK.participant, False),  # agreements were made events
    (NK.party, RDFS.domain, NK.Agreement, True),
    (NK.counterpart, RDFS.subPropertyOf, NK.participant, True),
    (NK.evidence, RDFS.subPropertyOf, URIRef(PROV + "wasDerivedFrom"), False),
    (NK.reportedIn, RDFS.subPropertyOf, SCHEMA.appearance, False),
    (NK.reportedIn, RDFS.subPropertyOf, DCTERMS.isReferencedBy, True),
    (NK.SocialMediaPlatform, RDFS.subClassOf, NK.MediaOutlet, False),
    (NK.SocialMediaPlatform, RDFS.subClassOf, NK.Organization, True),
    (NK.Day, SKOS.exactMatch, URIRef(TIME + "unitDay"), False),
    (NK.Day, NK.timeUnit, URIRef(TIME + "unitDay"), True),
    (NK.memberOf, RDFS.range, NK.Organization, True),
    (NK.via, RDFS.subPropertyOf, URIRef(PROV + "wasAttributedTo"), True),
    (NK.Event, RDFS.subClassOf, URIRef(PROV + "Activity"), True),
    (NK.participant, RDFS.subPropertyOf, URIRef(PROV + "wasAssociatedWith"), True),
    (NK.statedIn, RDFS.subPropertyOf, URIRef(PROV + "wasGeneratedBy"), True),
    (NK.heldFrom, RDFS.range, NK.TimeSpec, True),
    # issue #18's provenance terms, designed with issue 19's: a curator's reference is what a
    # background statement (a prov:Entity) derives from
    (NK.curatorSource, RDFS.subPropertyOf, URIRef(PROV + "wasDerivedFrom"), True),
    (NK.curatorSource, RDFS.range, URIRef(PROV + "Entity"), True),
]


def _name(x) -> str | None:
    return x.n3().rsplit("#", 1)[-1].rstrip(">") if isinstance(x, URIRef) else None


@pytest.mark.parametrize("s, p, o, present", ALIGNMENTS, ids=_name)
def test_alignment(ont, s, p, o, present):
    assert ((s, p, o) in ont) is present


def test_post_holdings_are_dated_by_own_properties(union):
    """schema:startDate expects a date literal; a holding's dates are TimeSpec nodes."""
    assert (None, SCHEMA.startDate, None) not in union
    assert (None, NK.heldFrom, None) in union


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


def test_the_dataset_holds_the_ontology_with_stable_skolem_iris(ont):
    """The build needs a dataset without blank nodes and the same bytes from the same input."""
    first, second = add_ontology(Graph()), add_ontology(Graph())
    assert set(first) == set(second)
    assert not any(isinstance(t, BNode) for triple in first for t in triple)
    skolem = "https://w3id.org" + GENID
    blank = Graph()
    for triple in first:
        blank.add(tuple(BNode(t[len(skolem):]) if isinstance(t, URIRef) and t.startswith(skolem) else t
                        for t in triple))
    assert isomorphic(blank, ont)


ISSUE_18_TERMS = (  # the time model, quantities, attribution, sourcing and origin terms
    "DateBoundKind", "Within", "Since", "NoLaterThan", "NoEarlierThan", "dateBound", "beginning",
    "ending", "ongoingAt", "beforePublicationOf", "timeUnit", "Quantity", "Duration", "quantityText",
    "isApproximate", "participantCount", "lastedFor", "hedge", "closeTo", "NonResponse",
    "SourcedStatement", "BackgroundStatement", "InferredStatement", "curatorSource", "curatorNote",
    "matches", "beganWith", "OriginStatus", "OriginNamed", "OriginSuspected", "OwnReporting",
    "statedOrigin", "suspectedOrigin", "origin", "originStatus", "originator", "originInference",
    "independentlyCorroborates", "articleCount", "independentOriginCount", "independentOrigin",
)


@pytest.mark.parametrize("name", ISSUE_18_TERMS)
def test_new_terms_are_documented_in_english_and_spanish_with_domain_and_range(ont, name):
    term = NK[name]
    langs = {getattr(v, "language", None) for v in ont.objects(term, RDFS.label)}
    assert {"en", "es"} <= langs, name
    assert any(getattr(v, "language", None) == "en" for v in ont.objects(term, RDFS.comment)), name
    if (term, RDF.type, OWL.ObjectProperty) in ont or (term, RDF.type, OWL.DatatypeProperty) in ont:
        assert (term, RDFS.domain, None) in ont and (term, RDFS.range, None) in ont, name


def test_a_date_is_a_description_not_an_instant(ont):
    """issue #18 / #19: nk:TimeSpec is a sem:Time (a shareable description); OWL-Time positions
    belong to its beginning and ending instants, so RDFS never makes "In 2011" a time:Instant."""
    assert (NK.TimeSpec, RDFS.subClassOf, URIRef(TIME + "TemporalEntity")) not in ont
    assert (NK.TimeSpec, RDFS.subClassOf, SEM.Time) in ont
    assert (NK.beginning, RDFS.range, URIRef(TIME + "Instant")) in ont
    assert not any(ont.objects(None, SKOS.exactMatch))  # precision ↔ unit is nk:timeUnit
