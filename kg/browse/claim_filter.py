"""The ``/claims`` form (also used by entity and article pages): which claims to list.

Every value is checked against a closed list or the slug rule before it reaches a query, and
goes in as an escaped term (kg.browse.sparql.Fixed, Clause, Inline), never as text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields

import pyoxigraph as ox

from kg.convert.article import SOURCE_TYPE, STANCE
from kg.store.oxigraph import Store

from .review import MACHINE_DRAFT, REVIEW
from .sparql import Clause, Fixed, Inline, ask, node

FLAGS = {"yes": True, "no": False}
STANCES = {name: ox.NamedNode(str(iri)) for name, iri in STANCE.items()}
SOURCES = {name: ox.NamedNode(str(iri)) for name, iri in SOURCE_TYPE.items()}
# The corroborated/contradicted flags are tested (BIND, then VALUES) only when the filter sets
# them: an unused BIND EXISTS still cost two lookups per claim.
_FLAG = "BIND (EXISTS { ?claim nk:%s ?%s_other } AS ?%s) VALUES ?%s { %%s }"
KNOWN = "ASK { %(node)s ?p ?o }"


class FilterError(ValueError):
    """A filter value that is not one of the allowed values (the page answers 400)."""


@dataclass(frozen=True)
class ClaimFilter:
    """Which claims to list; every field is optional. Paths are relative to ``<base>id/``."""

    stance: str | None = None  # assertion, denial … (kg.convert.article.STANCE)
    claimant: str | None = None  # delcy-rodriguez, source/<article>/<slug> …
    source: str | None = None  # named | anonymous | author
    article: str | None = None  # an article id
    corroborated: str | None = None  # yes | no
    contradicted: str | None = None  # yes | no
    about: str | None = None  # an entity, event or agreement path
    review: str | None = None  # draft (a machine draft not reviewed) | curated
    page: int = 1

    @classmethod
    def parse(cls, args: Mapping[str, str]) -> ClaimFilter:
        """Read the filter from GET parameters; empty values mean "any", unknown names are ignored.

        :raise FilterError: a value outside its allowed set, or a malformed identifier.
        """
        given = {f.name: args.get(f.name, "").strip() for f in fields(cls)}
        chosen = {name: value for name, value in given.items() if value}
        _check_choice(chosen, "stance", STANCES)
        _check_choice(chosen, "source", SOURCES)
        _check_choice(chosen, "corroborated", FLAGS)
        _check_choice(chosen, "contradicted", FLAGS)
        _check_choice(chosen, "review", REVIEW)
        for name in ("claimant", "article", "about"):
            _check_path(chosen, name)
        chosen["page"] = page_number(chosen.get("page", "1"))
        return cls(**chosen)

    def query_args(self, **changes) -> dict[str, str]:
        """The filter as GET parameters (for links to other pages of the same list)."""
        values = {**asdict(self), **changes}
        return {k: str(v) for k, v in values.items() if v and not (k == "page" and v == 1)}

    def slots(self) -> dict:
        """The query slots for this filter: escaped terms, or None where it does not restrict."""
        return {
            "claim": None, "stance": Clause("?claim nk:stance %s .", STANCES.get(self.stance)),
            "stype": Clause("?claim nk:sourceType %s .", SOURCES.get(self.source)),
            "claimant": Fixed("claimant", _node(self.claimant)),
            "about": Clause("?claim nk:about %s .", _node(self.about)),
            "review": Clause(REVIEW.get(self.review, ""), self.review and MACHINE_DRAFT),
            "article": Fixed("article", _node(self.article and "article/" + self.article)),
            "corroborated": Clause(_flag_test("corroborates", "corroborated"),
                                   _flag(self.corroborated)),
            "contradicted": Clause(_flag_test("contradicts", "contradicted"),
                                   _flag(self.contradicted)),
        }

    def unknown(self, store: Store) -> list[str]:
        """``name: 'value' is not in the graph`` for each claimant, article or subject the
        filter names that no statement is about: zero claims would hide a typo."""
        named = {"claimant": self.claimant, "about": self.about,
                 "article": self.article and "article/" + self.article}
        return [f"{name}: {getattr(self, name)!r} is not in the graph"
                for name, path in named.items() if path and not ask(store, KNOWN, node=Inline(_node(path)))]

    def anchored(self) -> bool:
        """Whether the claims are those of one claimant, subject or article (a short list)."""
        return bool(self.claimant or self.about or self.article)


def _node(path: str | None) -> ox.NamedNode | None:
    return node(path) if path else None


def _check_choice(chosen: dict, name: str, allowed: Mapping) -> None:
    if name in chosen and chosen[name] not in allowed:
        raise FilterError(f"{name} must be one of: {', '.join(allowed)} (not {chosen[name]!r})")


def _check_path(chosen: dict, name: str) -> None:
    prefix = "article/" if name == "article" else ""
    try:
        chosen.get(name) and node(prefix + chosen[name])
    except ValueError:
        raise FilterError(f"{name}: not an identifier of this graph: {chosen[name]!r}") from None


MAX_PAGE = 100_000
_WHOLE_NUMBER = re.compile(r"[0-9]{1,6}")  # ASCII digits only: str.isdigit() accepts "²"


def page_number(text: str) -> int:
    """A page number from a URL parameter: ASCII digits, 1 to :data:`MAX_PAGE`.

    :raise FilterError: anything else (``²``, ``-1``, 5,000 digits…).
    """
    if not _WHOLE_NUMBER.fullmatch(text) or not 1 <= int(text) <= MAX_PAGE:
        raise FilterError(f"page must be a whole number from 1 to {MAX_PAGE:,} "
                          f"(not {text[:20]!r}{'…' if len(text) > 20 else ''})")
    return int(text)


def _flag_test(prop: str, name: str) -> str:
    return _FLAG % (prop, name, name, name)


def _flag(value: str | None) -> ox.Literal | None:
    return ox.Literal(FLAGS[value]) if value else None
