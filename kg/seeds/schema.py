"""The curated annotation format: what a curator writes in ``seeds/*.yaml``.

Every model forbids unknown fields, so a typo in a key is an error rather than silently lost data.
The vocabularies below (entity types, stances, event types, participant roles) are the ontology's;
``tests/validate/test_ontology.py`` checks that each one has a term in ``ontology/newskg.ttl``.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, field_validator, model_validator

from .base import ArticleId, Extraction, LangText, Located, Model, Reviewable, Slug
from .dates import DateSpec as DateSpec
from .dates import Quantity as Quantity
from .sourcing import Inference, Origin, RegistrySource

ENTITY_TYPES = (
    "Person", "Expert", "Organization", "GovernmentBody", "Ministry", "IntelligenceAgency", "ArmedForce",
    "Country", "City", "Region", "MediaOutlet", "SocialMediaPlatform", "University",
    "PoliticalParty", "InternationalOrganization", "Group",
)
EntityType = Literal[ENTITY_TYPES]  # type: ignore[valid-type]

STANCES = (
    "assertion", "denial", "acknowledgement", "confirmation", "allegation", "criticism",
    "uncertainty", "commitment", "refusal", "speculation",
)
Stance = Literal[STANCES]  # type: ignore[valid-type]

SOURCE_TYPES = ("named", "anonymous", "author")

EVENT_TYPES = (
    "MilitaryOperation", "Capture", "Killing", "Injury", "Deployment", "Withdrawal", "Return",
    "Removal", "Replacement", "Renaming", "AgreementSigning", "Training", "Restructuring",
    "Surveillance", "Detention", "DeathInCustody", "HumanRightsAbuse", "Report", "Statement",
    "SocialMediaPost", "PhoneCall", "Memorial", "Speech", "Blockade", "Suspension", "Resumption",
    "Teaching", "Protection", "PressureCampaign", "Honouring", "Cooperation", "Meeting",
    "Accusation", "Condemnation", "Supply", "Investigation", "NonResponse",
)
EventType = Literal[EVENT_TYPES]  # type: ignore[valid-type]

PARTICIPANT_ROLES = (
    "agent", "perpetrator", "target", "victim", "party", "speaker", "addressee", "affected",
    "replaced", "replacement", "beneficiary", "participant",
)
ParticipantRole = Literal[PARTICIPANT_ROLES]  # type: ignore[valid-type]


def _as_langtext(value: object) -> object:
    return {"en": value} if isinstance(value, str) else value


# --- the shared registry: seeds/registry.yaml -------------------------------------------------


class Holding(Model):
    post: Slug
    roleName: str
    start: DateSpec | None = None
    end: DateSpec | None = None


class Entity(Reviewable):
    id: Slug
    type: EntityType
    label: LangText
    aliases: list[str] = []
    hidden: list[str] = []
    description: LangText = {}
    country: Slug | None = None
    partOf: list[Slug] = []
    memberOf: list[Slug] = []
    location: Slug | None = None
    sameAs: list[Annotated[str, StringConstraints(pattern=r"^Q[0-9]+$")]] = []
    holds: list[Holding] = []
    size: int | None = Field(default=None, ge=0)
    sources: list[RegistrySource] = []

    _langs = field_validator("label", "description", mode="before")(_as_langtext)

    @field_validator("label")
    @classmethod
    def _english_label(cls, v: LangText) -> LangText:
        if "en" not in v:
            raise ValueError("needs an English label (en)")
        return v


class Post(Model):
    id: Slug
    label: LangText
    postIn: Slug
    description: LangText = {}

    _langs = field_validator("label", "description", mode="before")(_as_langtext)


class Proposition(Model):
    id: Slug
    label: str
    about: list[Slug] = []


class Registry(Model):
    entities: list[Entity]
    posts: list[Post] = []
    propositions: list[Proposition] = []
    inferences: list[Inference] = []
    extraction: Extraction | None = None
    """Set in a drafted ``<article>.registry.yaml``: the program that proposed its entities."""


# --- per article: seeds/<id>.meta.yaml and seeds/<id>.ann.yaml --------------------------------


class Metadata(Model):
    id: ArticleId
    file: str
    outlet: Slug
    author: Slug
    headline: str
    published: str
    publishedText: str
    language: str = "en"
    section: str | None = None
    basedOn: list[Slug] = []

    @field_validator("published")
    @classmethod
    def _datetime(cls, v: str) -> str:
        if not re.match(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2}|Z)?)?$", v):
            raise ValueError("must be an ISO date or date-time, e.g. 2026-02-23T14:24:00")
        return v


class Source(Located):
    """An anonymous source or unnamed group that speaks in this article."""

    id: Slug
    label: str
    description: str | None = None
    count: int | None = Field(default=None, ge=1)
    countText: str | None = None
    subsetOf: Slug | None = None
    affiliation: list[Slug] = []
    closeTo: list[Slug] = []  # "a source close to the ruling party": near it, not a member


class Mention(Located):
    entity: Slug


class Role(Located):
    holder: Slug
    post: Slug
    roleName: str
    former: bool = False
    start: DateSpec | None = None
    end: DateSpec | None = None


class Participant(Model):
    actor: Slug
    role: ParticipantRole = "participant"


class Event(Located):
    id: Slug
    type: EventType
    label: str
    date: DateSpec | None = None
    place: Slug | None = None
    participants: list[Participant] = []
    fatalities: int | None = Field(default=None, ge=0)
    count: Quantity | None = None  # how many took part, as worded ("thousands")
    partOf: list[Slug] = []
    causedBy: list[Slug] = []
    followedBy: list[Slug] = []
    renamedFrom: Slug | None = None
    renamedTo: Slug | None = None
    agreement: Slug | None = None

    @model_validator(mode="after")
    def _renaming(self) -> Event:
        if (self.renamedFrom is None) != (self.renamedTo is None):
            raise ValueError("a renaming needs both renamedFrom and renamedTo")
        return self


class Provision(Located):
    label: str


class Agreement(Located):
    id: Slug
    label: str
    parties: list[Slug] = Field(min_length=1)
    signed: DateSpec | None = None
    provisions: list[Provision] = []
    revealedBy: list[Slug] = []
    revealedAt: DateSpec | None = None
    jointly: list[Slug] = []  # agreements that hold these provisions together with this one


class Claim(Located):
    id: Slug
    label: str
    claimant: Slug
    stance: Stance
    cue: str | None = None
    via: Slug | None = None
    sourceType: Literal[SOURCE_TYPES] | None = None  # type: ignore[valid-type]
    proposition: Slug | None = None
    about: list[Slug] = []
    stated: DateSpec | None = None
    statedIn: Slug | None = None
    alsoQuote: list[Located] = []  # the same statement repeated: more evidence, not more claims
    hedge: str | None = None  # "seems", "is said to": the claim is hedged, as worded
    duration: Quantity | None = None  # how long what it says lasted ("over a decade")
    corroborates: list[str] = []
    contradicts: list[str] = []
    inTensionWith: list[str] = []


class Skip(Located):
    reason: str


class Annotation(Model):
    article: ArticleId
    extraction: Extraction | None = None
    """Set in a drafted annotation: the program that drafted its ``reviewed: false`` items."""
    sources: list[Source] = []
    mentions: list[Mention] = []
    roles: list[Role] = []
    events: list[Event] = []
    agreements: list[Agreement] = []
    claims: list[Claim] = []
    origins: list[Origin] = []
    skipped: list[Skip] = []
