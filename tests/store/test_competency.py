"""The competency queries (``kg/queries/*.rq``) on the real graph, checked against the articles.

The graph is built once per session from ``seeds/`` by the library, exactly as ``kg build`` does;
every expected value below is read off the article text, not off the graph.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build.dataset import build
from kg.store.oxigraph import open_store
from tests.conftest import A000, A002, SEEDS, TEXT

ROOT = Path(__file__).parents[2]
QUERIES = ROOT / "kg" / "queries"
QUOTE_COLUMNS = ("quote", "quotes", "quote1", "quote2", "contradictingQuote")
SEP = " | "  # the GROUP_CONCAT separator of quote columns


@pytest.fixture(scope="session")
def kg_store(tmp_path_factory):
    result = build(SEEDS, tmp_path_factory.mktemp("competency"))
    return open_store(result.path)


def solutions(store, sparql: str) -> list[dict[str, ox.Term | None]]:
    results = store.query(sparql)
    names = [v.value for v in results.variables]
    return [{name: row[name] for name in names} for row in results]


def values(rows: list[dict[str, ox.Term | None]]) -> list[dict[str, str | None]]:
    return [{k: (v.value if v is not None else None) for k, v in row.items()} for row in rows]


def run(store, name: str) -> list[dict[str, str | None]]:
    (path,) = QUERIES.glob(f"{name}-*.rq")
    return values(solutions(store, path.read_text(encoding="utf-8")))


def parts(value: str | None, sep: str = SEP) -> set[str]:
    return set(value.split(sep)) if value else set()


def in_articles(quote: str) -> bool:
    return any(quote in text for text in TEXT.values())


# --- the query files themselves ------------------------------------------------------------------

ALL = sorted(QUERIES.glob("*.rq"))


def test_numbered_queries_with_title_and_comment():
    assert [p.name[:2] for p in ALL] == [f"{i:02d}" for i in range(1, 14)]
    for path in ALL:
        lines = path.read_text(encoding="utf-8").splitlines()
        assert lines[0].startswith("# title: ") and len(lines[0]) > len("# title: "), path.name
        assert lines[1].startswith("# ") and not lines[1].startswith("# title:"), path.name


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_answer_is_non_empty_without_duplicates_or_foreign_labels(kg_store, path):
    rows = solutions(kg_store, path.read_text(encoding="utf-8"))
    assert rows, f"{path.name} returns nothing"
    keyed = [tuple(sorted((k, str(v)) for k, v in row.items())) for row in rows]
    assert len(keyed) == len(set(keyed)), f"{path.name} returns duplicate rows"
    for row in rows:
        for name, term in row.items():
            if isinstance(term, ox.Literal) and term.language:
                assert term.language == "en", f"{path.name}: ?{name} = {term} is not English"


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_every_quote_occurs_verbatim_in_an_article(kg_store, path):
    rows = values(solutions(kg_store, path.read_text(encoding="utf-8")))
    checked = 0
    for row in rows:
        for column in QUOTE_COLUMNS:
            for quote in parts(row.get(column)):
                assert in_articles(quote), f"{path.name}: ?{column} {quote!r} is in neither article"
                checked += 1
    assert checked or not any(c in rows[0] for c in QUOTE_COLUMNS)


# --- 1. persons and posts ------------------------------------------------------------------------


def test_q01_persons_and_posts(kg_store):
    rows = run(kg_store, "01")
    by_name: dict[str, list[dict]] = {}
    for row in rows:
        by_name.setdefault(row["name"], []).append(row)
    # one row per person and post
    assert len({(r["person"], r["postLabel"]) for r in rows}) == len(rows)

    (delcy,) = by_name["Delcy Rodríguez"]
    assert delcy["postLabel"] == "President of Venezuela"
    assert "interim president" in {s.lower() for s in parts(delcy["asStated"])}
    assert delcy["former"] == "false"
    assert "interim president Delcy Rodríguez" in TEXT[A000]
    assert "interim president Delcy Rodríguez" in parts(delcy["quotes"])

    (mora,) = by_name["Frank Mora"]
    assert mora["former"] == "true"
    assert "Organization of American States" in mora["postLabel"]
    assert "former U.S. ambassador" in mora["asStated"]

    (bruno,) = by_name["Bruno Rodríguez Parrilla"]
    assert bruno["postLabel"] == "Minister of Foreign Affairs of Cuba"
    assert bruno["former"] == "false"
    assert "Foreign Minister Bruno Rodríguez Parrilla" in parts(bruno["quotes"])

    (maduro,) = by_name["Nicolás Maduro"]
    assert maduro["postLabel"] == "President of Venezuela" and maduro["former"] == "true"
    assert by_name["Miguel Díaz-Canel"][0]["postLabel"] == "President of Cuba"
    assert by_name["Álvaro López Miera"][0]["asStated"] == "Minister of the FAR"
    assert by_name["Donald Trump"][0]["postLabel"] == "President of the United States"
    # Delcy and Bruno are two people, never merged on the shared surname
    assert delcy["person"] != bruno["person"]


# --- 2. the agreements of May 2008 ---------------------------------------------------------------


def test_q02_agreements_of_may_2008(kg_store):
    rows = run(kg_store, "02")
    assert "two agreements signed in May 2008" in TEXT[A000]
    assert len(rows) == 2
    assert len({r["agreement"] for r in rows}) == 2
    for row in rows:
        assert parts(row["parties"], "; ") == {
            "Ministry of the Revolutionary Armed Forces",
            "Ministry of Defence of Venezuela",
        }
        assert row["signed"] == "May 2008"
        assert row["revealedBy"] == "Reuters"
        assert "2019" in row["revealedAt"]
        granted = parts(row["granted"], "; ")
        assert any("counterintelligence training" in g and "Havana" in g for g in granted)
        assert any("DIM" in g for g in granted)
        assert any("access to the Venezuelan military sector" in g for g in granted)
    assert "A special Reuters report from 2019 uncovered two agreements" in TEXT[A000]


# --- 3. the operation of 3 January 2026 ----------------------------------------------------------


def test_q03_operation_of_3_january(kg_store):
    rows = run(kg_store, "03")
    events = {r["event"].rsplit("/", 1)[1]: r for r in rows}
    assert {"us-military-operation-2026-01-03", "capture-of-maduro", "killing-of-32-cubans"} <= set(events)
    assert events["capture-of-maduro"]["type"] == "capture"  # Maduro's capture was part of it
    killing = events["killing-of-32-cubans"]
    assert killing["fatalities"] == "32"
    assert parts(killing["institutions"], "; ") == {"Revolutionary Armed Forces", "Ministry of the Interior"}
    assert [r["fatalities"] for r in rows if r["fatalities"]] == ["32"]
    assert "resulted in the death of 32 Cuban personnel" in TEXT[A000]
    assert "32 Cubans were killed during the U.S. military operation on January 3" in TEXT[A002]
    assert "Revolutionary Armed Forces (FAR) and the Ministry of the Interior (MININT)" in TEXT[A000]


# --- 4. denials ----------------------------------------------------------------------------------


def test_q04_denials(kg_store):
    rows = run(kg_store, "04")
    bruno = [r for r in rows if r["claimant"] == "Bruno Rodríguez Parrilla"]
    assert bruno, "Bruno Rodríguez Parrilla's 2019 denial is missing"
    assert {r["stated"] for r in bruno} == {"In 2019"}
    assert all("categorically rejected" in r["quote"] for r in bruno)
    contradicting = {r["contradictedBy"] for r in bruno if r["contradictedBy"]}
    assert contradicting
    assert any("FAR" in r["contradictingQuote"] for r in bruno if r["contradictingQuote"])
    assert "In 2019, Foreign Minister Bruno Rodríguez Parrilla categorically rejected" in TEXT[A000]
    # every denial is the Cuban side's; the author's remark on the contrast does not contradict one
    assert {r["claimant"] for r in rows} == {"Bruno Rodríguez Parrilla", "Government of Cuba"}
    assert not any(r["contradictedBy"] and r["contradictedBy"].endswith("/c19") for r in rows)


# --- 5. facts reported by both articles ----------------------------------------------------------


def test_q05_facts_reported_by_both_articles(kg_store):
    rows = run(kg_store, "05")
    assert {r["kind"] for r in rows} == {"event", "claim"}
    for row in rows:
        assert row["article1"] != row["article2"]
        assert row["quote1"] in TEXT[row["article1"]], row
        assert row["quote2"] in TEXT[row["article2"]], row
    events = {r["fact"].rsplit("/", 1)[1] for r in rows if r["kind"] == "event"}
    assert {
        "killing-of-32-cubans",
        "replacement-of-cuban-bodyguards",
        "removal-of-cuban-advisers-from-dgcim",
        "us-military-operation-2026-01-03",
    } <= events
    claims = {r["label"]: r for r in rows if r["kind"] == "claim"}
    assert "Delcy Rodríguez replaced her Cuban bodyguards with Venezuelan ones" in claims
    assert "32 Cubans were killed in the U.S. military operation of 3 January 2026" in claims
    # issue #18: reported by 2 articles, 1 independent origin (Reuters): one report counted once
    bodyguards = claims["Delcy Rodríguez replaced her Cuban bodyguards with Venezuelan ones"]
    assert (bodyguards["articles"], bodyguards["origins"], bodyguards["originNames"],
            bodyguards["independent"]) == ("2", "1", "Reuters", "false")
    killed = claims["32 Cubans were killed in the U.S. military operation of 3 January 2026"]
    assert (killed["origins"], set(killed["originNames"].split("; "))) == (
        "2", {"Government of Cuba", "CubaHeadlines"})
    # a cross-article link joins two articles, and independence needs two originators
    assert all(r["independent"] == "false" for r in rows if r["kind"] == "claim" and r["origins"] == "1")


# --- 6. timeline ---------------------------------------------------------------------------------


def test_q06_timeline(kg_store):
    rows = run(kg_store, "06")
    starts = [r["earliest"] or r["latestBegin"] for r in rows]
    assert all(starts) and starts == sorted(starts)
    assert all(r["earliest"] <= r["latest"] for r in rows if r["earliest"] and r["latest"])

    def dated(text):
        return [r for r in rows if text in parts(r["asWritten"])]

    may = dated("May 2008")
    assert len(may) == 2  # the two signings
    assert all(r["precision"] == "month" and r["yearInferred"] == "false" for r in may)
    assert all((r["earliest"], r["latest"]) == ("2008-05-01", "2008-05-31") for r in may)
    (december,) = dated("Since mid-December")
    assert december["precision"] == "approximate" and december["yearInferred"] == "true"
    assert december["earliest"].startswith("2025-12")
    # issue #18: open and ongoing intervals have no latest day
    assert (december["bound"], december["ongoing"], december["latest"]) == ("since", "true", None)
    (since,) = dated("since 2008")
    assert (since["bound"], since["ongoing"], since["latest"], since["latestBegin"]) == (
        "since", "true", None, "2008-12-31")
    early = {r["event"].rsplit("/", 1)[1]: r for r in dated("early January")}
    assert early["cuban-state-media-report-on-flights"]["bound"] == "within"  # the report's date
    for told in ("suspension-of-commercial-flights", "closure-of-venezuelan-airspace"):
        assert (early[told]["bound"], early[told]["latest"]) == ("no later than", None)
    third = dated("January 3rd")
    assert third and all(r["precision"] == "day" and r["yearInferred"] == "true" for r in third)
    on_the_day = [r for r in third if r["bound"] == "within"]
    assert on_the_day and all(r["earliest"] == r["latest"] == "2026-01-03" for r in on_the_day)
    # Havana's acknowledgement came after the deaths, by the article's date: no earlier than
    after = [r for r in third if r["bound"] == "no earlier than"]
    assert after and all((r["earliest"], r["latest"]) == ("2026-01-03", "2026-02-21") for r in after)
    (renaming,) = dated("In 2011")
    assert renaming["precision"] == "year" and renaming["earliest"] == "2011-01-01"
    # an event told by both articles with the same date is one row, whichever words each uses
    operation = [r for r in rows if r["event"].endswith("/us-military-operation-2026-01-03")]
    assert len(operation) == 1 and parts(operation[0]["asWritten"]) == {"January 3", "January 3rd"}
    for phrase in ("May 2008", "Since mid-December", "January 3rd", "In 2011", "On January 8", "since 2008"):
        assert phrase in TEXT[A000] or phrase in TEXT[A002]


# --- 7. anonymous sources ------------------------------------------------------------------------


def test_q07_anonymous_claims(kg_store):
    rows = run(kg_store, "07")
    eleven = [r for r in rows if r["source"] == "eleven sources familiar with the situation"]
    assert eleven and {(r["sourceCount"], r["countAsWritten"]) for r in eleven} == {("11", "Eleven")}
    assert "Eleven sources familiar with the situation confirmed" in TEXT[A002]
    four = [r for r in rows if r["partOfGroup"] == "eleven sources familiar with the situation"]
    assert four and {r["sourceCount"] for r in four} == {"4"}
    assert int(four[0]["sourceCount"]) < int(eleven[0]["sourceCount"])
    assert any("Venezuelan bodyguards" in r["quote"] for r in four)
    assert "According to four of those sources" in TEXT[A002]
    counts = {r["source"]: r["sourceCount"] for r in rows}
    assert counts["ten U.S. and Venezuelan sources"] == "10"
    assert counts["two sources"] == "2"
    assert counts["four sources"] == "4"
    assert counts["a White House official"] == "1"
    assert {r["article"] for r in rows} == {A000, A002}


# --- 8. experts ----------------------------------------------------------------------------------


def test_q08_experts(kg_store):
    rows = run(kg_store, "08")
    affiliations = {r["name"]: r["affiliations"] for r in rows}
    assert set(affiliations) == {"Alejandro Velasco", "Frank Mora", "John Polga-Hecimovich"}
    assert "New York University" in affiliations["Alejandro Velasco"]
    assert "history" in affiliations["Alejandro Velasco"]
    assert "Organisation of American States" in affiliations["Frank Mora"]
    assert "Naval Academy" in affiliations["John Polga-Hecimovich"]
    said = {r["name"]: set() for r in rows}
    for row in rows:
        said[row["name"]].add(row["quote"])
        assert row["quote"] in TEXT[A002]
    assert any("absolutely essential" in q for q in said["Alejandro Velasco"])
    assert any("treading very carefully" in q for q in said["Frank Mora"])
    assert any("coup-proofing worked brilliantly" in q for q in said["John Polga-Hecimovich"])


# --- 9. Delcy Rodríguez --------------------------------------------------------------------------


def test_q09_delcy_rodriguez(kg_store):
    rows = run(kg_store, "09")
    items = {r["item"].rsplit("/", 1)[1]: r for r in rows}
    replacement = items["replacement-of-cuban-bodyguards"]
    assert replacement["kind"] == "event" and replacement["role"] == "acting agent"
    call = items["delcy-diaz-canel-phone-call"]
    assert call["role"] == "counterpart" and call["date"] == "Later in January"
    united = [r for r in rows if r["kind"] == "said" and "“united.”" in r["quotes"]]
    assert len(united) == 1 and united[0]["role"] == "claimant"
    assert items["memorial-service-caracas-2026-01-08"]["role"] == "participant"
    assert items["memorial-service-caracas-2026-01-08"]["earliest"] == "2026-01-08"
    # everything is dated, and in date order
    assert all(r["earliest"] for r in rows)
    assert [r["earliest"] for r in rows] == sorted(r["earliest"] for r in rows)
    order = [r["item"].rsplit("/", 1)[1] for r in rows]
    assert order.index("memorial-service-caracas-2026-01-08") < order.index("delcy-diaz-canel-phone-call")
    assert (
        "Later in January, Delcy Rodriguez spoke by phone with Cuban President Miguel Diaz-Canel"
        in TEXT[A002]
    )


# --- 10. replacements and removals ---------------------------------------------------------------


def test_q10_replacements(kg_store):
    rows = run(kg_store, "10")
    events = {r["event"].rsplit("/", 1)[1]: r for r in rows}
    bodyguards = events["replacement-of-cuban-bodyguards"]
    assert bodyguards["by"] == "Delcy Rodríguez"
    assert bodyguards["replacedOrRemoved"] == "Cuban presidential security detail"
    assert bodyguards["replacedWith"] == "Venezuelan bodyguards"
    according = parts(bodyguards["accordingTo"], "; ")
    # issue #18: 000's "is said to have replaced" is the author's voice, hedged (not Reuters')
    assert {"four of the eleven sources familiar with the situation", "Felix Ortiz"} <= according
    assert "Reuters" not in according
    assert "Rodriguez has now placed her security in the hands of Venezuelan bodyguards" in parts(
        bodyguards["quotes"]
    )
    assert "replaced Cuban bodyguards with Venezuelan security personnel" in TEXT[A000]

    dgcim = events["removal-of-cuban-advisers-from-dgcim"]
    assert dgcim["replacedOrRemoved"] == "Cuban advisers in Venezuela"
    assert "a former Venezuelan intelligence official" in parts(dgcim["accordingTo"], "; ")
    assert any("removed from their positions" in q for q in parts(dgcim["quotes"]))
    assert (
        "A former Venezuelan intelligence official stated that some Cuban advisers working within "
        "DGCIM have been removed" in TEXT[A002]
    )
    # every replacement or removal says who or what was replaced or removed
    assert all(r["replacedOrRemoved"] for r in rows)


# --- 11. what Cuba's government said in 2026 -----------------------------------------------------


def test_q11_what_cuba_said_in_2026(kg_store):
    rows = run(kg_store, "11")
    by_quote = {q: r for r in rows for q in parts(r["quotes"])}
    ack = by_quote["Havana acknowledged the losses"]
    assert (ack["who"], ack["stance"], ack["when"], ack["bound"]) == (
        "Government of Cuba", "acknowledgement", "January 3rd", "no earlier than")
    assert (ack["earliest"], ack["latest"]) == ("2026-01-03", "2026-02-21")
    said = by_quote["32 Cubans were killed during the U.S. military operation on January 3"]
    assert said["statement"] == ack["statement"] and said["article"] == A002
    assert "The Cuban government said that 32 Cubans were killed" in TEXT[A002]
    assert any("official reports following the deaths" in q for q in by_quote)
    assert "“Hasta la victoria siempre.”" in by_quote  # the Foreign Minister, 8 January
    assert not any("categorically rejected" in q for q in by_quote)  # 2019, not 2026
    assert all(r["earliest"] is None or r["earliest"] <= "2026-12-31" for r in rows)
    assert all(r["latest"] is None or r["latest"] >= "2026-01-01" for r in rows)


# --- 12. facts with more than one independent origin ---------------------------------------------

RESTING_ON_REUTERS_ONLY = {
    "cuban-personnel-leaving-venezuela", "cuban-advisers-removed-from-dgcim",
    "delcy-replaced-cuban-bodyguards", "some-cuban-advisers-remain", "cuban-professors-remain-at-unes",
    "delcy-acting-cautiously",
}


def test_q12_independent_origins(kg_store):
    rows = run(kg_store, "12")
    found = {r["proposition"].rsplit("/", 1)[1]: r for r in rows}
    assert rows and all(int(r["origins"]) > 1 for r in rows)
    assert not RESTING_ON_REUTERS_ONLY & set(found)
    assert all(set(r["originNames"].split("; ")) != {"Reuters"} for r in rows)
    killed = found["cubans-killed-in-us-operation"]
    assert set(killed["originNames"].split("; ")) == {"Government of Cuba", "CubaHeadlines"}
    # each fact left out is told by both articles, from the one report
    both = values(solutions(kg_store, PREFIX + """SELECT ?p ?n ?o WHERE {
        ?p nk:articleCount ?n ; nk:independentOriginCount ?o }"""))
    counts = {r["p"].rsplit("/", 1)[1]: (r["n"], r["o"]) for r in both}
    assert {counts[p] for p in RESTING_ON_REUTERS_ONLY} == {("2", "1")}


PREFIX = "PREFIX nk: <https://w3id.org/newskg/ontology#>\n"


# --- 13. machine drafts awaiting review ----------------------------------------------------------


def test_q13_the_seeds_are_curated_and_a_drafted_article_is_the_review_queue(kg_store, built_with_draft):
    seeds = {row["article"].rsplit("/", 1)[1]: row for row in run(kg_store, "13")}
    assert {k: (r["drafts"], r["lowestConfidence"]) for k, r in seeds.items()} == {
        A000.rsplit("/", 1)[1]: ("0", None), A002.rsplit("/", 1)[1]: ("0", None)}
    assert all(int(r["curated"]) > 50 for r in seeds.values())
    first, *rest = run(open_store(built_with_draft.path), "13")
    assert (first["article"].endswith("/wire_en"), int(first["drafts"]), first["curated"]) == (
        True, 8, "0")
    assert 0 < float(first["lowestConfidence"]) < 1 and first["draftedWith"].startswith("kg extract ")
    assert [r["drafts"] for r in rest] == ["0", "0"]
