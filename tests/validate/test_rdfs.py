"""Validation after RDFS inference over the ontology (issue 19): the build validates without
inference, which hid that nk:party's super-property made every agreement an event."""

from __future__ import annotations

from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, TIME, XSD

from kg.cli import cli
from kg.convert.corpus import add_ontology
from kg.namespaces import NK
from kg.resources import ONTOLOGY_FILE
from kg.validate.shacl import owning_shape, validate_graph
from kg.validate.usage import without_ontology


def test_the_built_graph_conforms_after_rdfs_inference(built):
    result = CliRunner().invoke(cli, ["validate", "--rdfs", str(built.path)])
    assert (result.exit_code, result.output.strip()) == (0, "Conforms: no violations."), result.output
    # owlrl swaps rdflib's literal parsers for the whole process; validate_graph puts them back
    assert not Literal("--05", datatype=XSD.gMonth).ill_typed


def test_rdfs_inference_over_0_1_0_makes_the_agreements_events(built_dataset, shapes):
    """Under 0.1.0 the agreements become events. The data of the time-and-provenance model
    (issue #18) meets two more of 0.1.0's limits, and nothing else fails: 0.1.0 gave nk:precision
    the domain nk:TimeSpec alone, so the beginning and ending instants, which carry their own
    precision, become dates; and the one event type it lacks (nk:NonResponse) has no label."""
    data = without_ontology(built_dataset)
    old = Graph().parse(ONTOLOGY_FILE.with_name("newskg-0.1.0.ttl"), format="turtle")
    new_types = {t for t in data.objects(None, NK.eventType) if (t, None, None) not in old}
    assert new_types == {NK.NonResponse}
    add_ontology(data, ONTOLOGY_FILE.with_name("newskg-0.1.0.ttl"))
    report = validate_graph(data, shapes, rdfs=True)
    results = report.graph
    failing = {(results.value(r, SH.focusNode), owning_shape(shapes, results.value(r, SH.sourceShape)))
               for r in results.objects(None, SH.result)}
    agreements = set(data.subjects(RDF.type, NK.Agreement))
    instants = set(data.subjects(RDF.type, TIME.Instant))
    assert len(agreements) == 4 and instants
    assert failing == {(a, URIRef("https://w3id.org/newskg/shapes#EventShape")) for a in agreements} | {
        (i, URIRef("https://w3id.org/newskg/shapes#TimeSpecShape")) for i in instants} | {
        (NK.NonResponse, URIRef("https://w3id.org/newskg/shapes#ConceptShape"))}

