"""Convert one article and its annotation into that article's named graph."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, XSD

from kg.namespaces import NK, OA, SCHEMA
from kg.seeds.corpus import AUTHOR, Article, Corpus
from kg.seeds.evidence import Span
from kg.seeds.mentions import find_mentions
from kg.seeds.schema import Agreement, Claim, DateSpec, Event, Quantity, Reviewable, Role, Source

from .dates import add_time
from .mint import Minter
from .provenance import add_activity, mark_draft
from .support import add_claim_origins, quoted_here

STANCE = {s: NK[s.capitalize()] for s in (
    "assertion", "denial", "acknowledgement", "confirmation", "allegation", "criticism",
    "uncertainty", "commitment", "refusal", "speculation")}
SOURCE_TYPE = {"named": NK.NamedSource, "anonymous": NK.AnonymousSourceType, "author": NK.AuthorVoice}
# Annotation role → property. Two roles are named differently in the ontology: "party" would clash
# with an agreement's nk:party, "replacement" with the event type nk:Replacement (issue 19).
ROLE = {r: NK[r] for r in (
    "agent", "perpetrator", "target", "victim", "speaker", "addressee", "affected", "replaced",
    "beneficiary")} | {"party": NK.counterpart, "replacement": NK.successor}


class ArticleConverter:
    """Writes one article's statements, each with its evidence, into ``graph``."""

    def __init__(self, article: Article, corpus: Corpus, mint: Minter, graph: Graph):
        self.article, self.ann, self.mint, self.g = article, article.annotation, mint, graph
        self.id = article.meta.id
        self.node = mint.article(self.id)
        self.sources = {s.id for s in self.ann.sources}
        self.corpus, self.registry = corpus, corpus.registry
        self.events, self.agreements = corpus.event_ids, corpus.agreement_ids  # computed once
        self.activity = mint.extraction(self.id)
        self.published = article.meta.published[:10]

    def convert(self) -> None:
        self._article()
        if self.ann.extraction is not None:
            add_activity(self.g, self.mint, self.id, self.ann.extraction)
        for i, source in enumerate(self.ann.sources):
            self._source(source, self.article.spans[("sources", i)])
        for i, role in enumerate(self.ann.roles):
            self._role(role, self.article.spans[("roles", i)])
        for i, event in enumerate(self.ann.events):
            self._event(event, self.article.spans[("events", i)])
        for i, agreement in enumerate(self.ann.agreements):
            self._agreement(i, agreement, self.article.spans[("agreements", i)])
        for i, claim in enumerate(self.ann.claims):
            self._claim(i, claim)
        for i, skip in enumerate(self.ann.skipped):
            span = self.article.spans[("skipped", i)]
            ev = self.evidence(f"skipped-{span.start}", span)
            self.g.add((ev, NK.skipReason, Literal(skip.reason, lang="en")))
            mark_draft(self.g, ev, skip, self.activity)
        drafted = self._drafted_mentions()
        for entity, span in find_mentions(self.article, self.registry):
            self._mention(entity, span, drafted.get((entity, span.start, span.end)))
        for key, quote, occurrence in quoted_here(self.corpus, self.article):
            self.evidence(key, self.corpus.quoted(self.id, quote, occurrence))
        add_claim_origins(self.corpus, self.article, self.mint, self.g, self.evidence)

    def ref(self, slug: str) -> URIRef:
        """The IRI a slug names in this article: a source, event, agreement or entity."""
        if slug == AUTHOR:
            return self.mint.entity(self.article.meta.author)
        if slug in self.sources:
            return self.mint.source(self.id, slug)
        if slug in self.events:
            return self.mint.event(slug)
        if slug in self.agreements:
            return self.mint.agreement(slug)
        return self.mint.entity(slug)

    def evidence(self, key: str, span: Span) -> URIRef:
        """A W3C Web Annotation specific resource: the article plus quote and position selectors."""
        g, ev = self.g, self.mint.evidence(self.id, key)
        quote, position = URIRef(ev + "/quote"), URIRef(ev + "/position")
        g.add((ev, RDF.type, NK.Evidence))
        g.add((ev, OA.hasSource, self.node))
        g.add((ev, OA.hasSelector, quote))
        g.add((ev, OA.hasSelector, position))
        g.add((quote, RDF.type, OA.TextQuoteSelector))
        g.add((quote, OA.exact, Literal(span.exact)))
        # A span at the very start or end of the text has no prefix or suffix: none is written.
        if span.prefix:
            g.add((quote, OA.prefix, Literal(span.prefix)))
        if span.suffix:
            g.add((quote, OA.suffix, Literal(span.suffix)))
        g.add((position, RDF.type, OA.TextPositionSelector))
        g.add((position, OA.start, Literal(span.start, datatype=XSD.integer)))
        g.add((position, OA.end, Literal(span.end, datatype=XSD.integer)))
        return ev

    def _stated(self, node: URIRef, key: str, span: Span, item: Reviewable, own: bool = False) -> None:
        """``node`` is stated by ``span``. A drafted item marks its evidence (this article's
        telling) and, if the node is this article's ``own`` (a claim, source or provision, not a
        shared event or post holding that curated articles may tell too), the node itself."""
        evidence = self.evidence(key, span)
        self.g.add((node, NK.reportedIn, self.node))
        self.g.add((node, NK.evidence, evidence))
        mark_draft(self.g, evidence, item, self.activity)
        if own:
            mark_draft(self.g, node, item, self.activity)

    def _drafted_mentions(self) -> dict[tuple[str, int, int], Reviewable]:
        """The unreviewed explicit mentions and sources, by (entity, start, end)."""
        items = [(m.entity, ("mentions", i), m) for i, m in enumerate(self.ann.mentions)]
        items += [(s.id, ("sources", i), s) for i, s in enumerate(self.ann.sources)]
        spans = self.article.spans
        return {(slug, spans[loc].start, spans[loc].end): item
                for slug, loc, item in items if not item.reviewed}

    def _time(self, spec: DateSpec) -> URIRef:
        return add_time(self.g, self.mint, spec, self.node, self.published)

    def _quantity(self, amount: Quantity, *key: str) -> URIRef:
        """An amount as worded ("thousands", "over a decade"): a schema:QuantitativeValue, and a
        time:Duration when it has a unit of time."""
        g, node = self.g, self.mint.quantity(self.id, *key)
        g.add((node, RDF.type, NK.Duration if amount.unit else NK.Quantity))
        g.add((node, NK.quantityText, Literal(amount.text)))
        g.add((node, RDFS.label, Literal(amount.text, lang="en")))
        for prop, value in ((SCHEMA.value, amount.value), (SCHEMA.minValue, amount.min),
                            (SCHEMA.maxValue, amount.max)):
            if value is not None:
                g.add((node, prop, Literal(_number(value))))
        if amount.unit:
            g.add((node, SCHEMA.unitText, Literal(amount.unit)))
        if amount.approximate:
            g.add((node, NK.isApproximate, Literal(True)))
        return node

    def _article(self) -> None:
        g, meta, node = self.g, self.article.meta, self.node
        g.add((g.identifier, RDF.type, NK.ArticleGraph))
        g.add((g.identifier, PROV.wasDerivedFrom, node))
        g.add((g.identifier, DCTERMS.source, Literal(f"seeds/{self.id}.ann.yaml")))
        g.add((g.identifier, RDFS.label, Literal(f"Statements of “{meta.headline}”", lang="en")))
        g.add((node, RDF.type, NK.NewsArticle))
        g.add((node, DCTERMS.identifier, Literal(meta.id)))
        g.add((node, RDFS.label, Literal(meta.headline, lang=meta.language)))
        g.add((node, SCHEMA.headline, Literal(meta.headline, lang=meta.language)))
        g.add((node, SCHEMA.publisher, self.mint.entity(meta.outlet)))
        g.add((node, SCHEMA.author, self.mint.entity(meta.author)))
        datatype = XSD.dateTime if "T" in meta.published else XSD.date
        g.add((node, SCHEMA.datePublished, Literal(meta.published, datatype=datatype)))
        g.add((node, NK.publishedText, Literal(meta.publishedText)))
        g.add((node, SCHEMA.inLanguage, Literal(meta.language)))
        g.add((node, SCHEMA.text, Literal(self.article.text)))
        g.add((node, NK.sourceFile, Literal(meta.file)))
        if meta.section:
            g.add((node, SCHEMA.articleSection, Literal(meta.section, lang=meta.language)))
        for based in meta.basedOn:
            g.add((node, SCHEMA.isBasedOn, self.mint.entity(based)))

    def _source(self, source: Source, span: Span) -> None:
        g, node = self.g, self.mint.source(self.id, source.id)
        g.add((node, RDF.type, NK.AnonymousSource))
        g.add((node, RDFS.label, Literal(source.label, lang="en")))
        if source.description:
            g.add((node, SCHEMA.description, Literal(source.description, lang="en")))
        if source.count is not None:
            g.add((node, NK.sourceCount, Literal(source.count, datatype=XSD.integer)))
        if source.countText:
            g.add((node, NK.countText, Literal(source.countText)))
        if source.subsetOf:
            g.add((node, NK.subsetOf, self.mint.source(self.id, source.subsetOf)))
        for org in source.affiliation:
            g.add((node, NK.affiliation, self.mint.entity(org)))
        for org in source.closeTo:
            g.add((node, NK.closeTo, self.mint.entity(org)))
        self._stated(node, f"source-{source.id}", span, source, own=True)

    def _role(self, role: Role, span: Span) -> None:
        g, node = self.g, self.mint.holding(role.holder, role.post)
        g.add((node, RDF.type, NK.PostHolding))
        g.add((node, NK.holder, self.mint.entity(role.holder)))
        g.add((node, NK.post, self.mint.post(role.post)))
        g.add((node, SCHEMA.roleName, Literal(role.roleName, lang="en")))
        g.add((node, RDFS.label, Literal(self._holding_label(role), lang="en")))
        g.add((self.mint.entity(role.holder), ORG.holds, self.mint.post(role.post)))
        if role.former:
            g.add((node, NK.former, Literal(True)))
        if role.start:
            g.add((node, NK.heldFrom, self._time(role.start)))
        if role.end:
            g.add((node, NK.heldUntil, self._time(role.end)))
        self._stated(node, f"role-{role.holder}-{role.post}-{span.start}", span, role)

    def _holding_label(self, role: Role) -> str:
        holder = next(e.label["en"] for e in self.registry.entities if e.id == role.holder)
        post = next(p.label["en"] for p in self.registry.posts if p.id == role.post)
        return f"{holder}, {post}"

    def _event(self, event: Event, span: Span) -> None:
        g, node = self.g, self.mint.event(event.id)
        g.add((node, RDF.type, NK.Event))
        g.add((node, RDFS.label, Literal(event.label, lang="en")))
        g.add((node, NK.eventType, NK[event.type]))
        if event.date:
            g.add((node, NK.hasTime, self._time(event.date)))
        if event.place:
            g.add((node, NK.place, self.mint.entity(event.place)))
        for p in event.participants:
            actor = self.ref(p.actor)
            g.add((node, NK.participant, actor))
            if p.role in ROLE:
                g.add((node, ROLE[p.role], actor))
        if event.fatalities is not None:
            g.add((node, NK.fatalities, Literal(event.fatalities, datatype=XSD.integer)))
        if event.count is not None:
            g.add((node, NK.participantCount, self._quantity(event.count, "event", event.id)))
        for prop, targets in ((NK.partOf, event.partOf), (NK.causedBy, event.causedBy),
                              (NK.followedBy, event.followedBy)):
            for target in targets:
                g.add((node, prop, self.mint.event(target)))
        if event.renamedFrom and event.renamedTo:
            old, new = self.mint.entity(event.renamedFrom), self.mint.entity(event.renamedTo)
            g.add((node, NK.renamedFrom, old))
            g.add((node, NK.renamedTo, new))
            g.add((old, NK.renamedAs, new))
        if event.agreement:
            g.add((node, NK.signingOf, self.mint.agreement(event.agreement)))
        self._stated(node, f"event-{event.id}", span, event)

    def _agreement(self, index: int, agreement: Agreement, span: Span) -> None:
        g, node = self.g, self.mint.agreement(agreement.id)
        g.add((node, RDF.type, NK.Agreement))
        g.add((node, RDFS.label, Literal(agreement.label, lang="en")))
        for party in agreement.parties:
            g.add((node, NK.party, self.mint.entity(party)))
        if agreement.signed:
            g.add((node, NK.dateSigned, self._time(agreement.signed)))
        for who in agreement.revealedBy:
            g.add((node, NK.revealedBy, self.ref(who)))
        if agreement.revealedAt:
            g.add((node, NK.revealedAt, self._time(agreement.revealedAt)))
        for j, provision in enumerate(agreement.provisions):
            pnode = self.mint.provision(self.id, agreement.id, j)
            g.add((pnode, RDF.type, NK.Provision))
            g.add((pnode, RDFS.label, Literal(provision.label, lang="en")))
            for holder in (agreement.id, *agreement.jointly):  # granted by the pair together
                g.add((self.mint.agreement(holder), NK.provision, pnode))
            pspan = self.article.spans[("agreements", index, "provisions", j)]
            self._stated(pnode, f"provision-{agreement.id}-{j + 1}", pspan, provision, own=True)
        self._stated(node, f"agreement-{agreement.id}", span, agreement)

    def _claim(self, index: int, claim: Claim) -> None:
        g, node = self.g, self.mint.claim(self.id, claim.id)
        g.add((node, RDF.type, NK.Claim))
        g.add((node, RDFS.label, Literal(claim.label, lang="en")))
        g.add((node, NK.claimant, self.ref(claim.claimant)))
        g.add((node, NK.stance, STANCE[claim.stance]))
        g.add((node, NK.sourceType, SOURCE_TYPE[self._source_type(claim)]))
        if claim.cue:
            g.add((node, NK.cue, Literal(claim.cue)))
        if claim.via:
            g.add((node, NK.via, self.ref(claim.via)))
        if claim.proposition:
            g.add((node, NK.proposition, self.mint.proposition(claim.proposition)))
        for about in claim.about:
            g.add((node, NK.about, self.ref(about)))
        if claim.stated:
            g.add((node, NK.statedAt, self._time(claim.stated)))
        if claim.statedIn:
            g.add((node, NK.statedIn, self.mint.event(claim.statedIn)))
        if claim.hedge:
            g.add((node, NK.hedge, Literal(claim.hedge)))
        if claim.duration is not None:
            g.add((node, NK.lastedFor, self._quantity(claim.duration, "claim", claim.id)))
        for prop, refs in ((NK.corroborates, claim.corroborates), (NK.contradicts, claim.contradicts),
                           (NK.inTensionWith, claim.inTensionWith)):
            for other in map(self._claim_ref, refs):
                g.add((node, prop, other))
                g.add((other, prop, node))  # symmetric: stated once, queryable both ways
        self._stated(node, f"claim-{claim.id}", self.article.spans[("claims", index)], claim, own=True)
        for j in range(len(claim.alsoQuote)):  # the same statement, repeated
            again = self.evidence(f"claim-{claim.id}-{j + 2}",
                                  self.article.spans[("claims", index, "alsoQuote", j)])
            g.add((node, NK.evidence, again))
            mark_draft(g, again, claim, self.activity)

    def _source_type(self, claim: Claim) -> str:
        if claim.sourceType:
            return claim.sourceType
        if claim.claimant == AUTHOR:
            return "author"
        return "anonymous" if claim.claimant in self.sources else "named"

    def _claim_ref(self, ref: str) -> URIRef:
        article, _, claim = ref.rpartition("/")
        return self.mint.claim(article or self.id, claim)

    def _mention(self, entity: str, span: Span, draft: Reviewable | None = None) -> None:
        g, node = self.g, self.mint.mention(self.id, f"{span.start}-{span.end}")
        evidence = self.evidence(f"mention-{span.start}-{span.end}", span)
        g.add((node, RDF.type, OA.Annotation))
        g.add((node, OA.motivatedBy, OA.identifying))
        g.add((node, OA.hasBody, self.ref(entity)))
        g.add((node, OA.hasTarget, evidence))
        if draft is not None:
            mark_draft(g, node, draft, self.activity)
            mark_draft(g, evidence, draft, self.activity)


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value
