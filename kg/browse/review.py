"""Machine drafts as a reader sees them: what ``kg extract`` drafted and no curator has reviewed.

A drafted item carries ``nk:reviewStatus nk:MachineDraft``, the extractor's ``nk:confidence`` and
``prov:wasGeneratedBy`` the extraction activity (issue #12). A curator reviews an item by
deleting its flag, so an item with no review status is curated: pages mark drafts, never the
curated items.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib.namespace import PROV

from kg.namespaces import NK

from .sparql import py

MACHINE_DRAFT = ox.NamedNode(str(NK.MachineDraft))
REVIEW_STATUS = str(NK.reviewStatus)
# ``/claims?review=``: the pattern that keeps a claim of that kind (around nk:MachineDraft).
REVIEW = {"draft": "?claim nk:reviewStatus %s .",
          "curated": "FILTER NOT EXISTS { ?claim nk:reviewStatus %s }"}


@dataclass(frozen=True)
class Draft:
    """A machine draft: how sure the extractor was (0–1), and the extraction that drafted it."""

    confidence: float
    activity: str | None = None

    @property
    def title(self) -> str:
        return (f"drafted by kg extract with confidence {self.confidence:.2f}; "
                "no curator has reviewed it yet")


def draft_of(statements: Iterable[tuple[str, ox.NamedNode | ox.Literal]]) -> Draft | None:
    """The draft a node's ``(property IRI, value)`` statements describe, or None if curated."""
    values = dict(statements)
    if values.get(REVIEW_STATUS) != MACHINE_DRAFT:
        return None
    activity = values.get(str(PROV.wasGeneratedBy))
    return Draft(_confidence(values.get(str(NK.confidence))), activity and activity.value)


def draft_in_row(row: dict) -> Draft | None:
    """The draft of a query row with ``?review`` and ``?confidence``, or None if curated."""
    if row.get("review") != MACHINE_DRAFT:
        return None
    return Draft(_confidence(row.get("confidence")))


def _confidence(term: ox.Literal | None) -> float:
    return float(py(term)) if term is not None else 0.0
