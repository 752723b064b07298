"""Validation after RDFS inference over the ontology (issue 19): the build validates without
inference, which hid that nk:party's super-property made every agreement an event."""

from __future__ import annotations

from click.testing import CliRunner
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SH, XSD

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
    data = without_ontology(built_dataset)
    add_ontology(data, ONTOLOGY_FILE.with_name("newskg-0.1.0.ttl"))
    report = validate_graph(data, shapes, rdfs=True)
    results = report.graph
    failing = {(results.value(r, SH.focusNode), owning_shape(shapes, results.value(r, SH.sourceShape)))
               for r in results.objects(None, SH.result)}
    agreements = set(data.subjects(RDF.type, NK.Agreement))
    assert len(agreements) == 4
    assert failing == {(a, URIRef("https://w3id.org/newskg/shapes#EventShape")) for a in agreements}

