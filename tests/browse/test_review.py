"""kg.browse.review and what pages show of machine drafts (issue #12): the seeds plus one article
drafted by ``kg extract`` and not reviewed (``built_with_draft``). Drafts carry a badge, their
spans a dashed outline, and ``/claims?review=`` keeps either kind; curated items carry nothing."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest

from kg.browse.claim_filter import ClaimFilter, FilterError
from kg.browse.claims import find_claims
from kg.browse.review import MACHINE_DRAFT, Draft, draft_in_row, draft_of
from kg.namespaces import NK, base_iri
from kg.store.oxigraph import open_store
from tests.conftest import app_on

ID = base_iri() + "id/"
DRAFTED = "wire_en"
BADGE = "badge flag machine-draft"  # the badge, not the filter's option of the same words


@pytest.fixture(scope="module")
def drafted_store(built_with_draft):
    return open_store(built_with_draft.path)


@pytest.fixture(scope="module")
def drafted_client(drafted_store):
    for app in app_on(drafted_store):
        yield app.test_client()


def test_a_node_is_a_draft_only_while_it_carries_the_flag():
    confidence = ox.Literal("0.65", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal"))
    flagged = [(str(NK.reviewStatus), MACHINE_DRAFT), (str(NK.confidence), confidence),
               ("http://www.w3.org/ns/prov#wasGeneratedBy", ox.NamedNode(ID + "extraction/a"))]
    assert draft_of(flagged) == Draft(0.65, ID + "extraction/a")
    assert draft_of(flagged[1:]) is None  # the curator deleted the flag: curated
    assert draft_in_row({"review": MACHINE_DRAFT}) == Draft(0.0)
    assert draft_in_row({}) is None


def test_the_review_filter_splits_the_claims_into_drafts_and_curated(drafted_store):
    everything = find_claims(drafted_store, ClaimFilter(), 1000)
    drafts = find_claims(drafted_store, ClaimFilter(review="draft"), 1000)
    curated = find_claims(drafted_store, ClaimFilter(review="curated"), 1000)
    assert {c.article_id for c in drafts.cards} == {DRAFTED}
    assert all(c.draft and 0 < c.draft.confidence < 1 for c in drafts.cards)
    assert not any(c.draft or c.article_id == DRAFTED for c in curated.cards)
    assert (drafts.total > 0, drafts.total + curated.total) == (True, everything.total)


def test_an_unknown_review_value_is_refused():
    with pytest.raises(FilterError, match="review must be one of: draft, curated"):
        ClaimFilter.parse({"review": "maybe"})


def test_claims_page_and_json_show_the_review_status(drafted_client):
    page = drafted_client.get("/claims?review=draft").get_data(as_text=True)
    curated = drafted_client.get("/claims?review=curated&article=000_cff27210c16c26bb").get_data(as_text=True)
    rows = drafted_client.get("/claims.json?review=draft").get_json()["claims"]
    assert (page.count(BADGE) > 0, BADGE in curated) == (True, False)
    assert {(r["review"], r["article_id"]) for r in rows} == {("draft", DRAFTED)}
    assert all(0 < r["draft"]["confidence"] < 1 for r in rows)
    bad = drafted_client.get("/claims.json?review=maybe")
    assert (bad.status_code, "review must be one of" in bad.get_json()["error"]) == (400, True)


def test_a_drafted_node_page_has_the_badge_and_its_extraction(drafted_client, drafted_store):
    (claim,) = find_claims(drafted_store, ClaimFilter(review="draft"), 1).cards
    page = drafted_client.get(claim.claim.iri.replace(base_iri()[:-1], "")).get_data(as_text=True)
    curated = drafted_client.get("/id/claim/000_cff27210c16c26bb/c04").get_data(as_text=True)
    assert (BADGE in page, f"/id/extraction/{DRAFTED}" in page, BADGE in curated) == (True, True, False)


def test_the_drafted_article_outlines_its_drafted_spans_and_the_seeds_none(drafted_client):
    drafted = drafted_client.get(f"/articles/{DRAFTED}").get_data(as_text=True)
    seed = drafted_client.get("/articles/000_cff27210c16c26bb").get_data(as_text=True)
    outlined = re.findall(r'class="ann [^"]*\bann-draft\b', drafted)
    assert (len(outlined) > 5, "Machine drafts" in drafted, BADGE in drafted) == (True, True, True)
    assert ("ann-draft" in seed, BADGE in seed) == (False, False)
