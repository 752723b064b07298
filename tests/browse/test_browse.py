"""kg.browse (the pages' queries and shaping) and the list pages: /, /claims, /timeline, /search."""

from __future__ import annotations

import doctest
import json

import pyoxigraph as ox
import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from kg.browse import (
    article,
    claim_filter,
    entity,
    events,
    kinds,
    labels,
    quotes,
    search,
    sparql,
    summary,
)
from kg.browse.article import Span, layout
from kg.browse.claim_filter import ClaimFilter, FilterError
from kg.browse.sparql import node, values
from kg.namespaces import NK, base_iri

ID = base_iri() + "id/"


@pytest.mark.parametrize("module", [sparql, labels, quotes, entity, kinds, search, summary, events])
def test_doctests_pass(module):
    assert doctest.testmod(module).failed == 0


@pytest.mark.parametrize("path", ["", "a b", "a/../b", "..", "x/.", "<x>", "a\nb", "é", "a//b", "a%2Fb"])
def test_slugs_outside_the_minting_rule_are_refused(path):
    with pytest.raises(ValueError):
        node(path)


@given(st.text(max_size=40))
def test_any_text_stays_one_literal_in_a_values_clause(text):
    query = "SELECT ?q WHERE { " + values("q", ox.Literal(text)) + " }"
    rows = list(ox.Store().query(query))
    assert [row["q"].value for row in rows] == [text]


def test_only_terms_go_into_a_query():
    with pytest.raises(TypeError):
        values("q", ["} DROP ALL {"])


def spans_strategy(length: int):
    pair = st.tuples(st.integers(0, length - 1), st.integers(1, length)).filter(lambda p: p[0] < p[1])
    kinds = st.sampled_from(list(article.RANK))
    return st.lists(st.tuples(pair, kinds), max_size=12)


@given(spans_strategy(30))
def test_layout_keeps_the_text_and_every_span_whole(found):
    text = "abcdefghijklmnopqrstuvwxyz0123"
    spans = [Span(s, e, kind, f"k{i}", ()) for i, ((s, e), kind) in enumerate(found)]
    pieces: dict[str, list[str]] = {}

    def flat(items) -> str:
        out = ""
        for item in items:
            if isinstance(item, str):
                out += item
            else:
                inner = flat(item.children)
                pieces.setdefault(item.span.key, []).append(inner)
                assert item.first == (not item.span.cut)
                out += inner
        return out

    assert flat(layout(text, spans)) == text
    assert {k: "".join(v) for k, v in pieces.items()} == {s.key: text[s.start:s.end] for s in spans}


def test_sentence_context():
    text = "He left. Cuba said the U.S. lied. Then “no,” she said. Next."
    start = text.index("the U.S.")
    assert quotes.sentence_bounds(text, start, start + 8) == (9, 33)
    start = text.index("no")
    assert text[slice(*quotes.sentence_bounds(text, start, start + 2))] == "Then “no,” she said."


def test_filter_parsing():
    where = ClaimFilter.parse({"stance": "denial", "claimant": "government-of-cuba", "page": "2",
                               "utm_source": "ignored", "source": ""})
    assert (where.stance, where.claimant, where.source, where.page) == (
        "denial", "government-of-cuba", None, 2)
    assert where.query_args() == {"stance": "denial", "claimant": "government-of-cuba", "page": "2"}


@pytest.mark.parametrize("args", [{"stance": "lie"}, {"source": "secret"}, {"corroborated": "maybe"},
                                  {"claimant": "../x"}, {"article": "a b"}, {"page": "0"},
                                  {"page": "-1"}, {"page": "1e9"}, {"about": "<x>"}])
def test_bad_filters_are_refused(args):
    with pytest.raises(FilterError):
        ClaimFilter.parse(args)


@pytest.mark.parametrize(("query", "message"), [
    ("claimant=nobody", "claimant: 'nobody' is not in the graph"),
    ("article=999_none", "article: '999_none' is not in the graph"),
    ("about=nothing-here&claimant=reuters", "about: 'nothing-here' is not in the graph"),
])
def test_a_filter_naming_nothing_in_the_graph_is_a_400(kg_client, query, message):
    response = kg_client.get("/claims.json?" + query)
    assert (response.status_code, response.json["error"]) == (400, message)


def claim_count(union: Graph, **where) -> int:
    found = set(union.subjects(RDF.type, NK.Claim))
    for prop, value in where.items():
        found &= set(union.subjects(NK[prop], value))
    return len(found)


@pytest.mark.parametrize("stance", claim_filter.STANCES)
def test_stance_filter_matches_the_data(kg_client, union, stance):
    data = json.loads(kg_client.get(f"/claims.json?stance={stance}").data)
    assert data["total"] == claim_count(union, stance=NK[stance.capitalize()])
    assert {c["stance"]["iri"] for c in data["claims"]} <= {str(NK[stance.capitalize()])}


@pytest.mark.parametrize("source", claim_filter.SOURCES)
def test_source_type_filter_matches_the_data(kg_client, union, source):
    data = json.loads(kg_client.get(f"/claims.json?source={source}").data)
    assert data["total"] == claim_count(union, sourceType=URIRef(str(claim_filter.SOURCES[source].value)))


def test_claimant_article_and_link_filters_match_the_data(kg_client, union):
    def total(query: str) -> int:
        return json.loads(kg_client.get("/claims.json?" + query).data)["total"]

    article = URIRef(ID + "article/002_aca773533d52a18d")
    assert total("claimant=reuters") == claim_count(union, claimant=URIRef(ID + "reuters"))
    assert total("article=002_aca773533d52a18d") == claim_count(union, reportedIn=article)
    corroborated = len({s for s, _ in union.subject_objects(NK.corroborates)})
    assert total("corroborated=yes") == corroborated
    assert total("corroborated=no") == claim_count(union) - corroborated
    assert total("contradicted=yes") == len({s for s, _ in union.subject_objects(NK.contradicts)})


def test_claims_page_pages_and_links_to_the_article(kg_client):
    page = kg_client.get("/claims").get_data(as_text=True)
    assert 'rel="next" href="/claims?page=2"' in page
    assert 'href="/articles/000_cff27210c16c26bb#claim-c01"' in page
    assert json.loads(kg_client.get("/claims.json?page=99").data)["claims"] == []


@pytest.mark.parametrize("accept", ["text/html", "application/json"])
def test_bad_claim_filters_are_400_not_500(kg_client, accept):
    response = kg_client.get("/claims?stance=<script>", headers={"Accept": accept})
    assert response.status_code == 400
    if accept == "application/json":
        assert json.loads(response.data)["error"].startswith("stance must be one of")


def test_search_is_accent_and_case_insensitive(kg_client):
    for text in ("rodriguez", "RODRÍGUEZ", "Rodríguez"):
        data = json.loads(kg_client.get("/search.json", query_string={"q": text}).data)
        found = [r["href"] for r in data["results"]]
        assert found[:2] == ["/id/bruno-rodriguez-parrilla", "/id/delcy-rodriguez"], text
    assert "Delcy Rodríguez" in kg_client.get("/search?q=rodriguez").get_data(as_text=True)


def test_search_answers_json_by_accept_and_refuses_long_text(kg_client):
    response = kg_client.get("/search?q=diaz-canel", headers={"Accept": "application/json"})
    assert json.loads(response.data)["results"][0]["href"] == "/id/miguel-diaz-canel"
    assert kg_client.get("/search", query_string={"q": "x" * 201}).status_code == 400
    assert json.loads(kg_client.get("/search.json?q=").data)["count"] == 0


def test_timeline_orders_events_and_marks_dates(kg_client, union):
    page = kg_client.get("/timeline").get_data(as_text=True)
    dated = len({e for e in union.subjects(NK.hasTime, None)})
    assert f"{dated} dated events" in page
    years = [chunk.split("<")[0] for chunk in page.split('<li class="timeline-year">')[1:]]
    assert years == sorted(years) and len(years) == len(set(years))
    assert "≈ Since mid-December" in page and "year inferred" in page


def test_timeline_draws_open_and_ongoing_intervals_and_compares_articles(kg_client):
    """issue #18: "since 2008" has no end and is still going on at publication; the withdrawal,
    dated by both articles, gets their reconciled range; an early-January report does not date
    the suspension it reports."""
    page = kg_client.get("/timeline").get_data(as_text=True)
    since = page[page.index("/id/event/cuban-security-presence-in-venezuela"):]
    since = since[:since.index("</li>")]
    assert "began 2008-01-01 – 2008-12-31, still going on on 2026-02-21" in since and "→ ongoing" in since
    assert "the articles disagree" not in since  # told by both, dated by 000 only
    withdrawal = page[page.index("/id/event/cuban-withdrawal-from-venezuela"):]
    withdrawal = withdrawal[:withdrawal.index("</li>")]
    assert "the articles' dates fit together: began 2026-01-03 – 2026-02-21, still going on on 2026-02-23" \
        in withdrawal
    suspension = page[page.index("/id/event/suspension-of-commercial-flights"):]
    assert "no later than 2026-01-10" in suspension[:suspension.index("</li>")]


def test_datings_that_contradict_each_other_are_flagged():
    from kg.browse.events import Happening, When
    from kg.browse.sparql import Ref
    from kg.seeds.dates import Bounds

    def dating(article, *stamps):
        return When("x", Bounds(*stamps), "day", "within", False, False, False, frozenset({article}))

    item = Happening(Ref("urn:x", "x"), None, [dating("a", "2026-01-03", None, None, "2026-01-03"),
                                               dating("b", "2026-01-05", None, None, "2026-01-05")])
    assert item.dated_by_articles and item.disagreement and item.reconciled_span == ""
    item.dates[1] = dating("b", "2026-01-01", None, None, "2026-01-10")
    assert not item.disagreement and item.reconciled_span == "2026-01-03"
    item.dates[1] = dating("a", "2026-01-05", None, None, "2026-01-05")
    assert not item.dated_by_articles  # one article dating it twice is not two articles disagreeing


days = st.dates().map(lambda d: d.isoformat())


@given(st.tuples(*[st.one_of(st.none(), days)] * 4), st.tuples(*[st.one_of(st.none(), days)] * 4))
def test_meeting_datings_is_symmetric_and_narrows(a, b):
    from kg.seeds.dates import Bounds

    x, y = Bounds(*a), Bounds(*b)
    assert x.meet(y) == y.meet(x)
    met = x.meet(y)
    if met is not None:
        assert met.meet(x) == met and met.meet(y) == met


def test_the_timeline_counts_events_where_query_06_counts_datings(kg_client, kg_store):
    """What the README says of the two counts: /timeline lists each dated event once, query 06
    gives a row per event and dating (an event two articles date differently is two rows)."""
    from kg.store.query import load_examples, run

    timeline_query = next(e for e in load_examples() if e.slug == "timeline")
    rows = run(kg_store, timeline_query.text)
    events = {row[rows.variables.index("event")] for row in rows.rows}
    page = kg_client.get("/timeline").get_data(as_text=True)
    assert f"{len(events)} dated events" in page
    assert len(rows) >= len(events)


def test_home_has_counts_and_entry_points(kg_client, union):
    page = kg_client.get("/").get_data(as_text=True)
    claims_total = len(set(union.subjects(RDF.type, NK.Claim)))
    assert f'<span class="tile-n">{claims_total}</span> claims' in page
    # a triple two graphs state is one triple here; quads (kg build, kg stats) count it twice
    assert f'<span class="tile-n">{len(union):,}</span> distinct triples' in page
    for link in ('href="/search"', 'href="/claims"', 'href="/timeline"', 'href="/id/delcy-rodriguez"',
                 'href="/export/"'):
        assert link in page


def test_identifiers_link_only_to_web_pages():
    from kg.browse.provenance import Identifier, identifiers

    rows = [{"o": ox.NamedNode("http://www.wikidata.org/entity/Q717")},
            {"o": ox.NamedNode("https://viaf.org/viaf/1")}, {"o": ox.NamedNode("urn:x:1")},
            {"o": ox.NamedNode("javascript:alert(1)")}, {"o": ox.Literal("delcy-rodriguez")}]
    assert identifiers(rows) == [
        Identifier("Wikidata", "Q717", "https://www.wikidata.org/wiki/Q717"),
        Identifier("IRI", "javascript:alert(1)"), Identifier("IRI", "urn:x:1"),
        Identifier("identifier", "delcy-rodriguez"),
        Identifier("viaf.org", "https://viaf.org/viaf/1", "https://viaf.org/viaf/1")]


def test_claims_are_summed_up_in_one_line(kg_store):
    from kg.browse.summary import summaries

    found = summaries(kg_store, [ID + "claim/000_cff27210c16c26bb/c04", ID + "delcy-rodriguez",
                                 ID + "event/us-military-operation-2026-01-03"])
    assert found[ID + "claim/000_cff27210c16c26bb/c04"] == "assertion by Felix Ortiz, 2026"
    assert found[ID + "delcy-rodriguez"].startswith("Venezuelan politician")
    assert found[ID + "event/us-military-operation-2026-01-03"].endswith("2026-01-03")


def test_claim_pages_say_how_many_independent_origins_back_a_claim(kg_client):
    """issue #18: "reported by 2 articles, 1 independent origin (Reuters)" on the claim page and
    /claims; the chain names the (suspected) report and who is behind it."""
    page = kg_client.get("/id/claim/002_aca773533d52a18d/c07").get_data(as_text=True)
    assert "reported by 2 articles, 1 independent origin (Reuters)" in page
    assert "suspected by the curator" in page
    assert 'href="/id/event/reuters-report-on-cuban-withdrawal-2026"' in page
    data = json.loads(kg_client.get("/claims.json?article=002_aca773533d52a18d&stance=acknowledgement").data)
    (card,) = data["claims"]
    assert card["corroboration"]["text"] == (
        "reported by 2 articles, 2 independent origins (CubaHeadlines, Government of Cuba)")
    assert card["origin_status"] == "named by the article"
    listing = kg_client.get("/claims?claimant=source/002_aca773533d52a18d/four-of-eleven-sources")
    assert "1 independent origin (Reuters)" in listing.get_data(as_text=True)


def test_entity_pages_show_background_knowledge_as_such(kg_client):
    page = kg_client.get("/id/white-house").get_data(as_text=True)
    section = page[page.index('id="fact-sources"'):page.index('id="statements"')]
    assert "background knowledge" in section and 'href="https://en.wikipedia.org/wiki/White_House"' in section
    delcy = kg_client.get("/id/delcy-rodriguez").get_data(as_text=True)
    section = delcy[delcy.index('id="fact-sources"'):delcy.index('id="statements"')]
    assert "background knowledge" not in section
    assert "a member of Venezuela’s ruling Socialist Party" in section


def test_the_timeline_flags_an_event_whose_articles_disagree(app):
    from kg.browse.events import Happening, When
    from kg.browse.sparql import Ref
    from kg.seeds.dates import Bounds

    def dating(article, day):
        return When(day, Bounds(day, None, None, day), "day", "within", False, False, False,
                    frozenset({article}))

    item = Happening(Ref(ID + "event/x", "An event"), None,
                     [dating("a", "2026-01-03"), dating("b", "2026-01-05")])
    with app.test_request_context("/timeline"):
        html = app.jinja_env.from_string('{% import "_macros.html" as m %}{{ m.timeline(items) }}').render(
            items=[item])
    assert "the articles disagree on the date" in html and "fit together" not in html


def _trig_store(tmp_path, text: str):
    from kg.store.oxigraph import open_store

    path = tmp_path / "tiny.trig"
    path.write_text(text, encoding="utf-8")
    return open_store(path)


TINY = f"""@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix nk: <https://w3id.org/newskg/ontology#> .
<{base_iri()}graph/one> {{ <{ID}a> nk:knows <{ID}b> . <{ID}c> nk:knows <{ID}a> .
                           <{ID}a> rdfs:label "A" . <{ID}c> rdfs:label "C"@en, "Ce"@es . }}
<{base_iri()}graph/two> {{ <{ID}a> nk:knows <{ID}b> . <{ID}c> nk:knows <{ID}a> . }}
<{base_iri()}graph/one> rdfs:label "Graph one" .
<{ID}a> nk:knows <{ID}d> .
"""


def test_each_statement_lists_every_graph_that_holds_it(tmp_path):
    page = entity.node_page(_trig_store(tmp_path, TINY), ox.NamedNode(ID + "a"))
    found = {(g.inverse, v.text): [s.label for s in v.sources] for g in page.groups for v in g.values}
    # Out and in, each in two graphs (a labelled one, one named by its IRI); a statement of the
    # default graph alone has none; the two labels of c make one row, not two.
    assert found == {(False, "b"): ["Graph one", "two"], (False, "d"): [],
                     (True, "C"): ["Graph one", "two"]}
    assert page.seen.complete


def test_a_read_cut_at_its_row_cap_rules_nothing_out(tmp_path, monkeypatch):
    monkeypatch.setattr(entity, "READ_ROWS", 2)  # c's statement has 2 graphs x 2 labels = 4 rows
    page = entity.node_page(_trig_store(tmp_path, TINY), ox.NamedNode(ID + "a"))
    assert not page.seen.complete
