"""Convert the loaded seeds into one RDF dataset.

Graphs: one per article (what that article states, with evidence), ``graph/registry`` (the
shared entities, posts and propositions), ``graph/links`` (corroboration and contradiction
derived across articles) and ``graph/ontology``.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import DCTERMS, ORG, RDF, RDFS, SKOS, XSD

from kg.namespaces import NK, ONTOLOGY_IRI, PREFIXES, SCHEMA, WD
from kg.resources import ONTOLOGY_FILE
from kg.seeds.corpus import Corpus, RegistryFiles
from kg.seeds.schema import Entity, Registry

from .article import ArticleConverter
from .dates import add_time
from .links import derive_links
from .mint import Minter
from .provenance import add_activity, mark_draft
from .support import add_registry_support


def fold(text: str) -> str:
    """Search key: accents stripped, case folded, hyphens as spaces.

    >>> fold("Díaz-Canel")
    'diaz canel'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().replace("-", " ").split())


def new_dataset() -> Dataset:
    ds = Dataset()
    for prefix, namespace in PREFIXES.items():
        ds.bind(prefix, namespace)
    return ds


def convert_corpus(corpus: Corpus, base: str | None = None, ontology: Path = ONTOLOGY_FILE) -> Dataset:
    """Build the whole dataset from a loaded, cross-checked corpus."""
    mint = Minter(base)
    ds = new_dataset()
    ds.bind("id", mint.id)
    add_ontology(ds.graph(URIRef(ONTOLOGY_IRI)), ontology)
    convert_registry(corpus.registry, mint, ds.graph(mint.graph("registry")), corpus.registry_file)
    for article in corpus.articles:
        graph = ds.graph(mint.graph("article", article.meta.id))
        ArticleConverter(article, corpus, mint, graph).convert()
    derive_links(corpus, mint, ds.graph(mint.graph("links")))
    return ds


GENID = "/newskg/ontology/.well-known/genid/"
"""Path of the skolem IRIs (under https://w3id.org) that stand for the ontology's blank nodes."""


def add_ontology(graph: Graph, path: Path = ONTOLOGY_FILE) -> Graph:
    """Add the ontology file to ``graph`` with its blank nodes (OWL class expressions, lists) as
    skolem IRIs named by a hash of what they hold: the same file always gives the same triples,
    and the build (units, caches, byte-identical output) needs no blank nodes."""
    canonical = to_canonical_graph(Graph().parse(path, format="turtle"))
    graph += canonical.skolemize(authority="https://w3id.org", basepath=GENID)
    return graph


def convert_registry(registry: Registry, mint: Minter, g: Graph,
                     files: RegistryFiles | None = None) -> None:
    """The shared registry: entities with their labels and aliases, posts and propositions; the
    entities a program proposed (``files.drafted``) with their provenance."""
    g.add((g.identifier, RDF.type, NK.RegistryGraph))
    g.add((g.identifier, RDFS.label, Literal("Entity registry", lang="en")))
    drafted = files.drafted if files else {}
    for article in sorted(set(drafted.values())):
        add_activity(g, mint, article, files.extractions[article])
    for entity in registry.entities:
        _add_entity(entity, mint, g)
        _add_holdings(entity, registry, mint, g)
        if entity.id in drafted:
            mark_draft(g, mint.entity(entity.id), entity, mint.extraction(drafted[entity.id]))
    for post in registry.posts:
        node = mint.post(post.id)
        g.add((node, RDF.type, NK.Post))
        _add_labels(g, node, post.label)
        g.add((node, ORG.postIn, mint.entity(post.postIn)))
        for lang, text in post.description.items():
            g.add((node, SCHEMA.description, Literal(text, lang=lang)))
    for prop in registry.propositions:
        node = mint.proposition(prop.id)
        g.add((node, RDF.type, NK.Proposition))
        g.add((node, RDFS.label, Literal(prop.label, lang="en")))
        for about in prop.about:
            g.add((node, NK.about, _about_iri(about, registry, mint)))
    add_registry_support(registry, mint, g)


def _about_iri(slug: str, registry: Registry, mint: Minter) -> URIRef:
    if any(e.id == slug for e in registry.entities):
        return mint.entity(slug)
    return mint.event(slug)


def _add_labels(g: Graph, node: URIRef, labels: dict[str, str]) -> None:
    for lang, text in labels.items():
        g.add((node, RDFS.label, Literal(text, lang=lang)))
        g.add((node, SKOS.prefLabel, Literal(text, lang=lang)))
        g.add((node, SKOS.hiddenLabel, Literal(fold(text))))


def _add_entity(entity: Entity, mint: Minter, g: Graph) -> None:
    node = mint.entity(entity.id)
    g.add((node, RDF.type, NK[entity.type]))
    g.add((node, DCTERMS.identifier, Literal(entity.id)))
    _add_labels(g, node, entity.label)
    for alias in entity.aliases:
        if alias not in entity.label.values():
            g.add((node, SKOS.altLabel, Literal(alias, lang="en")))
        g.add((node, SKOS.hiddenLabel, Literal(fold(alias))))
    for hidden in entity.hidden:
        g.add((node, SKOS.hiddenLabel, Literal(hidden)))
        g.add((node, SKOS.hiddenLabel, Literal(fold(hidden))))
    for lang, text in entity.description.items():
        g.add((node, SCHEMA.description, Literal(text, lang=lang)))
    _add_links(entity, mint, g, node)


def _add_links(entity: Entity, mint: Minter, g: Graph, node: URIRef) -> None:
    if entity.country:
        g.add((node, NK.country, mint.entity(entity.country)))
    if entity.location:
        g.add((node, SCHEMA.location, mint.entity(entity.location)))
    for parent in entity.partOf:
        g.add((node, ORG.subOrganizationOf, mint.entity(parent)))
    for group in entity.memberOf:
        g.add((node, NK.memberOf, mint.entity(group)))
    for qid in entity.sameAs:
        g.add((node, SCHEMA.sameAs, WD[qid]))
    if entity.size is not None:
        g.add((node, NK.groupSize, Literal(entity.size, datatype=XSD.integer)))


def _add_holdings(entity: Entity, registry: Registry, mint: Minter, g: Graph) -> None:
    """Posts the registry itself records for an entity (each sourced, see kg.convert.support)."""
    node = mint.entity(entity.id)
    for holding in entity.holds:
        hnode = mint.holding(entity.id, holding.post)
        post = next(p for p in registry.posts if p.id == holding.post)
        g.add((hnode, RDF.type, NK.PostHolding))
        g.add((hnode, RDFS.label, Literal(f"{entity.label['en']}, {post.label['en']}", lang="en")))
        g.add((hnode, NK.holder, node))
        g.add((hnode, NK.post, mint.post(holding.post)))
        g.add((hnode, SCHEMA.roleName, Literal(holding.roleName, lang="en")))
        g.add((node, ORG.holds, mint.post(holding.post)))
        for prop, spec in ((NK.heldFrom, holding.start), (NK.heldUntil, holding.end)):
            if spec is not None:
                g.add((hnode, prop, add_time(g, mint, spec, None)))
