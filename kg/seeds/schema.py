"""The curated annotation format: what a curator writes in ``seeds/*.yaml``.

Every model forbids unknown fields, so a typo in a key is an error rather than silently lost data.
The vocabularies below (entity types, stances, event types, participant roles) are the ontology's;
``tests/validate/test_ontology.py`` checks that each one has a term in ``ontology/newskg.ttl``.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")]
ArticleId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*$")]
LangText = dict[str, str]
"""Language-tagged text: ``{en: "...", es: "..."}``. A plain string means English."""

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
    "Accusation", "Condemnation", "Supply", "Investigation",
)
EventType = Literal[EVENT_TYPES]  # type: ignore[valid-type]

PARTICIPANT_ROLES = (
    "agent", "perpetrator", "target", "victim", "party", "speaker", "addressee", "affected",
    "replaced", "replacement", "beneficiary", "participant",
)
ParticipantRole = Literal[PARTICIPANT_ROLES]  # type: ignore[valid-type]

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH = re.compile(r"^\d{4}-\d{2}$")
_YEAR = re.compile(r"^\d{4}$")


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _as_langtext(value: object) -> object:
    return {"en": value} if isinstance(value, str) else value


class DateSpec(Model):
    """A date as the article gives it: the verbatim phrase plus what it can be resolved to.

    ``value`` is ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` and sets the precision; a vaguer phrase
    ("mid-December", "the late 2000s") gives ``earliest``/``latest`` days and ``approximate``.
    """

    text: str = Field(min_length=1)
    value: str | None = None
    earliest: str | None = None
    latest: str | None = None
    approximate: bool = False
    inferred: bool = False

    @field_validator("value", mode="before")
    @classmethod
    def _year_as_text(cls, v: object) -> object:
        return str(v) if isinstance(v, int) and not isinstance(v, bool) else v  # `value: 2019`

    @field_validator("value")
    @classmethod
    def _value_form(cls, v: str | None) -> str | None:
        if v is not None and not (_DAY.match(v) or _MONTH.match(v) or _YEAR.match(v)):
            raise ValueError("must be YYYY-MM-DD, YYYY-MM or YYYY")
        if v is not None and _DAY.match(v):
            date.fromisoformat(v)
        return v

    @field_validator("earliest", "latest")
    @classmethod
    def _day_form(cls, v: str | None) -> str | None:
        if v is not None:
            if not _DAY.match(v):
                raise ValueError("must be a day, YYYY-MM-DD")
            date.fromisoformat(v)
        return v

    @model_validator(mode="after")
    def _resolvable(self) -> DateSpec:
        if self.value is None and (self.earliest is None or self.latest is None):
            raise ValueError("give a value, or both earliest and latest")
        if self.earliest and self.latest and self.earliest > self.latest:
            raise ValueError("earliest is after latest")
        return self


class Reviewable(Model):
    """An item a program may have drafted: ``reviewed: false`` until a curator checks it (and
    deletes the flag), with the program's ``confidence`` in it. The graph marks such items as
    machine drafts with their provenance; an item without the flag is curated."""

    reviewed: bool = True
    confidence: float | None = Field(default=None, ge=0, le=1)

    @model_validator(mode="after")
    def _draft_confidence(self) -> Reviewable:
        if not self.reviewed and self.confidence is None:
            raise ValueError("a machine draft (reviewed: false) needs its confidence")
        return self


class Extraction(Model):
    """The header of a drafted file: which program drafted its unreviewed items, and when.

    Becomes the PROV-O activity that every ``reviewed: false`` item of the file was generated by.
    """

    tool: str = Field(min_length=1)
    version: str = Field(min_length=1)
    at: str

    @field_validator("at")
    @classmethod
    def _datetime(cls, v: str) -> str:
        if not re.match(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}([+-]\d{2}:\d{2}|Z)$", v):
            raise ValueError("must be an ISO date-time with its zone, e.g. 2026-02-24T10:00:00Z")
        return v


class Located(Reviewable):
    """Something that points at a verbatim span of the article text."""

    quote: str = Field(min_length=1)
    occurrence: int | None = Field(default=None, ge=1)


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
    skipped: list[Skip] = []
