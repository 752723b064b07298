"""Where things come from: registry facts' sources, curator inferences, claims' origins.

Three kinds of provenance a curator records beside what the articles state:

- :class:`RegistrySource`: what supports a registry fact (a person's party, a unit's parent
  body): a span of an article, or a curator's reference with a note (background knowledge);
- :class:`Inference`: a link the curator draws between what two articles tell separately,
  with the spans it rests on; never presented as something either article states;
- :class:`Origin`: the report or statement an article's claims trace back to, stated by the
  article ("as reported by Reuters") or only suspected by the curator (matching sources and
  quotes), with the evidence for the suspicion.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from .base import ArticleId, Located, Model, Slug

REGISTRY_FIELDS = ("description", "country", "partOf", "memberOf", "location", "size", "holds")
"""The entity fields that state something about the world, so each needs a source. Labels,
aliases, types and Wikidata ids name an entity rather than say something about it."""

INFERRED_PROPERTIES = ("beganWith", "causedBy", "partOf")


class ArticleQuote(Model):
    """A verbatim span of one seed article, named by its id (``quote`` as everywhere else)."""

    article: ArticleId
    quote: str = Field(min_length=1)
    occurrence: int | None = Field(default=None, ge=1)


class RegistrySource(Model):
    """What supports some fields of an entity: ``about`` lists them (``country``, or
    ``memberOf:psuv`` for one value of a list). Either an article span (``article`` +
    ``quote``) or a curator's reference (``ref``, an IRI, + ``note``): background knowledge."""

    about: list[str] = Field(min_length=1)
    article: ArticleId | None = None
    quote: str | None = Field(default=None, min_length=1)
    occurrence: int | None = Field(default=None, ge=1)
    ref: str | None = Field(default=None, pattern=r"^https?://\S+$")
    note: str | None = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _one_kind(self) -> RegistrySource:
        from_article = self.article is not None or self.quote is not None
        from_curator = self.ref is not None or self.note is not None
        if from_article == from_curator:
            raise ValueError("give either article and quote, or ref and note (background knowledge)")
        if from_article and (self.article is None or self.quote is None):
            raise ValueError("an article source needs both article and quote")
        if from_curator and (self.ref is None or self.note is None):
            raise ValueError("background knowledge needs both ref (an IRI) and note")
        return self

    @property
    def background(self) -> bool:
        return self.ref is not None


class Inference(Model):
    """A curator's link between two things the articles tell separately, with its evidence."""

    id: Slug
    subject: Slug
    property: Literal[INFERRED_PROPERTIES]  # type: ignore[valid-type]
    object: Slug
    note: str = Field(min_length=1)
    evidence: list[ArticleQuote] = Field(min_length=1)


class OriginEvidence(Located):
    """A span of this article that names the origin or betrays it (a matching count or quote);
    ``matches`` names claims of other articles (``<article>/<claim>``) that say the same."""

    note: str | None = None
    matches: list[str] = []


class Origin(Model):
    """The report or statement (an event id) some of this article's claims trace back to."""

    report: Slug
    stated: bool
    note: str | None = None
    evidence: list[OriginEvidence] = Field(min_length=1)
    claims: list[Slug] | Literal["all"] = "all"

    @model_validator(mode="after")
    def _suspicion_is_argued(self) -> Origin:
        if not self.stated and not self.note:
            raise ValueError("a suspected origin needs a note saying why")
        return self
