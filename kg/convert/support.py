"""Provenance beside the statements: what supports each registry fact, the curator's inferences,
and where each claim comes from.

Every registry fact gets a ``nk:SourcedStatement`` (an ``rdf:Statement`` of the triple) that
points at its support: ``nk:evidence`` spans of the articles that state it, or, for background
knowledge, ``nk:curatorSource`` (a reference IRI) with an ``nk:curatorNote`` (then it is also a
``nk:BackgroundStatement``). A curator's inference is an ``nk:InferredStatement`` with its note
and the spans it rests on. Evidence spans are written into the graph of the article they quote
(:func:`quoted_here`); the registry graph only names them, so it needs no article text.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import ORG, PROV, RDF, RDFS, XSD

from kg.namespaces import NK, SCHEMA
from kg.seeds.corpus import Article, Corpus
from kg.seeds.evidence import Span
from kg.seeds.provenance import covers
from kg.seeds.schema import Entity, Registry

from .mint import Minter
from .origins import SUSPECTED, claim_origins

INFERRED = {"beganWith": (NK.beganWith, "agreement"), "causedBy": (NK.causedBy, "event"),
            "partOf": (NK.partOf, "event")}
Fact = tuple[str, URIRef, URIRef | Literal, tuple[str, ...]]
"""(fact key as ``sources.about`` names it, property, value, IRI path of its statement)."""


def entity_facts(entity: Entity, mint: Minter) -> Iterator[Fact]:
    """Every fact the entity's registry record states, as its triple's property and value."""
    for lang, text in entity.description.items():
        yield "description", SCHEMA.description, Literal(text, lang=lang), ("description-" + lang,)
    for name, prop in (("country", NK.country), ("location", SCHEMA.location)):
        if (value := getattr(entity, name)) is not None:
            yield name, prop, mint.entity(value), (name,)
    for name, prop, values in (("partOf", ORG.subOrganizationOf, entity.partOf),
                               ("memberOf", NK.memberOf, entity.memberOf)):
        for value in values:
            yield f"{name}:{value}", prop, mint.entity(value), (name, value)
    if entity.size is not None:
        yield "size", NK.groupSize, Literal(entity.size, datatype=XSD.integer), ("size",)
    for holding in entity.holds:
        yield f"holds:{holding.post}", ORG.holds, mint.post(holding.post), ("holds", holding.post)


def add_registry_support(registry: Registry, mint: Minter, g: Graph) -> None:
    """The sourced statements of every registry fact, and the curator's inferences."""
    for entity in registry.entities:
        node = mint.entity(entity.id)
        for key, prop, value, path in entity_facts(entity, mint):
            statement = mint.statement(entity.id, *path)
            _reify(g, statement, node, prop, value)
            sources = [(j, s) for j, s in enumerate(entity.sources)
                       if any(covers(about, key) for about in s.about)]
            for j, source in sources:
                if source.background:  # the reference: a document the statement derives from
                    g.add((statement, NK.curatorSource, URIRef(source.ref)))
                    g.add((URIRef(source.ref), RDF.type, PROV.Entity))
                    g.add((statement, NK.curatorNote, Literal(source.note, lang="en")))
                else:
                    g.add((statement, NK.evidence, mint.evidence(source.article, registry_key(entity.id, j))))
            if sources and all(s.background for _, s in sources):
                g.add((statement, RDF.type, NK.BackgroundStatement))
    for inference in registry.inferences:
        prop, kind = INFERRED[inference.property]
        subject, value = (getattr(mint, kind)(inference.subject), getattr(mint, kind)(inference.object))
        g.add((subject, prop, value))
        statement = mint.inference(inference.id)
        _reify(g, statement, subject, prop, value)
        g.add((statement, RDF.type, NK.InferredStatement))
        g.add((statement, NK.curatorNote, Literal(inference.note, lang="en")))
        for k, quote in enumerate(inference.evidence):
            g.add((statement, NK.evidence, mint.evidence(quote.article, inference_key(inference.id, k))))


def _reify(g: Graph, statement: URIRef, subject: URIRef, prop: URIRef, value) -> None:
    g.add((statement, RDF.type, NK.SourcedStatement))
    g.add((statement, RDF.subject, subject))
    g.add((statement, RDF.predicate, prop))
    g.add((statement, RDF.object, value))


def registry_key(entity: str, index: int) -> str:
    return f"registry-{entity}-{index + 1}"


def inference_key(inference: str, index: int) -> str:
    return f"inference-{inference}-{index + 1}"


_LAST: list[tuple[Corpus, dict[str, list[tuple[str, str, int | None]]]]] = []


def quoted_here(corpus: Corpus, article: Article) -> list[tuple[str, str, int | None]]:
    """(evidence key, quote, occurrence) of every registry source and inference that quotes
    ``article``; indexed once per corpus object, so converting an article does not scan the
    whole registry."""
    if not _LAST or _LAST[0][0] is not corpus:
        index: dict[str, list[tuple[str, str, int | None]]] = defaultdict(list)
        for entity in corpus.registry.entities:
            for j, s in enumerate(entity.sources):
                if s.article is not None and s.quote is not None:
                    index[s.article].append((registry_key(entity.id, j), s.quote, s.occurrence))
        for inference in corpus.registry.inferences:
            for k, q in enumerate(inference.evidence):
                index[q.article].append((inference_key(inference.id, k), q.quote, q.occurrence))
        _LAST[:] = [(corpus, index)]
    return _LAST[0][1].get(article.meta.id, [])


def add_claim_origins(corpus: Corpus, article: Article, mint: Minter, g: Graph,
                      evidence: Callable[[str, Span], URIRef]) -> None:
    """The article's recorded origins (``origins``) and every claim's chain of origin."""
    node = mint.article(article.meta.id)
    for i, origin in enumerate(article.annotation.origins):
        report = mint.event(origin.report)
        prop = NK.statedOrigin if origin.stated else NK.suspectedOrigin
        g.add((node, prop, report))
        statement = mint.origin(article.meta.id, i)
        _reify(g, statement, node, prop, report)
        g.add((statement, RDFS.label, Literal(_origin_label(origin.stated, origin.report), lang="en")))
        if not origin.stated:
            g.add((statement, RDF.type, NK.InferredStatement))
        if origin.note:
            g.add((statement, NK.curatorNote, Literal(origin.note, lang="en")))
        for j, item in enumerate(origin.evidence):
            span = article.spans[("origins", i, "evidence", j)]
            g.add((statement, NK.evidence, evidence(f"origin-{i + 1}-{j + 1}", span)))
            for other in item.matches:
                other_article, _, claim = other.partition("/")
                g.add((statement, NK.matches, mint.claim(other_article, claim)))
    for claim, found in claim_origins(corpus, article).items():
        this = mint.claim(article.meta.id, claim)
        if found.event is not None:
            g.add((this, NK.origin, mint.event(found.event)))
        g.add((this, NK.originStatus, NK[found.status]))
        source_article, slug = found.originator
        g.add((this, NK.originator, mint.source(source_article, slug) if source_article
               else mint.entity(slug)))
        if found.entry is not None and found.status == SUSPECTED:
            g.add((this, NK.originInference, mint.origin(article.meta.id, found.entry)))


def _origin_label(stated: bool, report: str) -> str:
    return f"{'Stated' if stated else 'Suspected'} origin: {report}"
