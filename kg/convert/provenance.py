"""Machine drafts in the graph: what an item that no curator has reviewed yet carries.

An item written with ``reviewed: false`` (by ``kg extract``) gets

- ``nk:draftedBy`` and ``prov:wasGeneratedBy <id/extraction/ARTICLE>``, an ``nk:Extraction`` (a
  ``prov:Activity``) that ``prov:used`` the article and ``prov:wasAssociatedWith`` the program, a
  ``prov:SoftwareAgent`` with its ``schema:softwareVersion``;
- ``nk:reviewStatus nk:MachineDraft``;
- ``nk:confidence`` (``xsd:decimal``, 0–1), the program's confidence in it.

Curated items (no flag) carry none of these: the absence of ``nk:reviewStatus`` means curated.
"""

from __future__ import annotations

from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from kg.namespaces import NK, SCHEMA
from kg.seeds.schema import Extraction, Reviewable

from .mint import Minter


def mark_draft(g: Graph, node: URIRef, item: Reviewable, activity: URIRef) -> None:
    """Give ``node`` the provenance of a machine draft, if ``item`` is one."""
    if item.reviewed:
        return
    g.add((node, NK.draftedBy, activity))
    g.add((node, PROV.wasGeneratedBy, activity))
    g.add((node, NK.reviewStatus, NK.MachineDraft))
    if item.confidence is not None:
        g.add((node, NK.confidence, Literal(Decimal(f"{item.confidence:.3f}"), datatype=XSD.decimal)))


def add_activity(g: Graph, mint: Minter, article_id: str, extraction: Extraction) -> URIRef:
    """The extraction that drafted an article's annotation (and its proposed entities)."""
    activity, agent = mint.extraction(article_id), mint.software(extraction.tool, extraction.version)
    g.add((activity, RDF.type, NK.Extraction))
    g.add((activity, RDF.type, PROV.Activity))
    g.add((activity, RDFS.label, Literal(f"{extraction.tool} of article {article_id}", lang="en")))
    g.add((activity, PROV.used, mint.article(article_id)))
    g.add((activity, PROV.wasAssociatedWith, agent))
    g.add((activity, PROV.startedAtTime, Literal(extraction.at, datatype=XSD.dateTime)))
    g.add((agent, RDF.type, PROV.SoftwareAgent))
    g.add((agent, RDFS.label, Literal(f"{extraction.tool} {extraction.version}", lang="en")))
    g.add((agent, SCHEMA.name, Literal(extraction.tool)))
    g.add((agent, SCHEMA.softwareVersion, Literal(extraction.version)))
    return activity
