"""The query page in Debian's headless Chromium (Playwright; no browser is downloaded), at a
desktop width (1366×900) and a phone's (390×844): the editor is in view without scrolling, the
examples menu searches and runs, a result's link opens this server's page for the node (the
server's KG_BASE is another domain), a cut result says so, a syntax error names its line and
column and is marked in the editor, a timeout and a 429 read as sentences, the timeline, bar
chart and graph views draw, and nothing scrolls sideways or logs an error. Screenshots go to
tests/artifacts/."""

from __future__ import annotations

import json
import urllib.parse

import pytest

from kg.store.query import load_examples
from tests.conftest import ARTIFACTS, BROWSER_TESTS, REAL_DOMAIN

pytestmark = BROWSER_TESTS
NK = "PREFIX nk: <https://w3id.org/newskg/ontology#>\n"
CLAIMANTS = NK + """SELECT ?claimant (COUNT(?claim) AS ?claims) WHERE {
  ?claim a nk:Claim ; nk:claimant ?claimant
}
GROUP BY ?claimant ORDER BY DESC(?claims) ?claimant LIMIT 10"""
PARTIES = NK + """#defaultView:Graph
CONSTRUCT { ?e nk:participant ?p } WHERE { ?e nk:participant ?p } LIMIT 30"""
EVERYTHING = "SELECT * WHERE { ?s ?p ?o }"
BROKEN = "SELECT * WHERE {\n  ?s ?p\n}"


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"sparql-{name}-{page.viewport_size['width']}.png"), full_page=True)


def run(page, server, query: str, wait: str = ".yasr_results > *") -> None:
    """Open the editor on ``query`` (a shared link) and run it."""
    page.goto(server.url + "/query?query=" + urllib.parse.quote(query), wait_until="networkidle")
    page.locator(".yasqe_queryButton >> visible=true").click()
    page.locator(f"{wait} >> visible=true").first.wait_for(timeout=15_000)


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def errors_except_the_endpoint(page) -> list[str]:
    """Console errors, less the browser's own note of the refused query (the test's point)."""
    found = [p for p in page.problems if "/sparql)" not in p]
    page.problems.clear()
    return found


def test_the_editor_is_in_view_without_scrolling(live_ux, tab):
    tab.goto(live_ux.url + "/sparql", wait_until="networkidle")
    editor = tab.locator(".CodeMirror >> visible=true").first.bounding_box()
    height = tab.viewport_size["height"]
    shot(tab, "empty")
    assert (tab.evaluate("window.scrollY"), editor["y"] + 120 < height, fits(tab), tab.problems) == (
        0, True, True, [])


def test_the_examples_menu_searches_and_runs_an_example(live_ux, tab):
    examples = load_examples()
    tab.goto(live_ux.url + "/sparql", wait_until="networkidle")
    tab.click("#examples-button")
    tab.fill("#examples-search", "denial")
    visible = tab.locator(".examples-list li:visible")
    titles = visible.locator("button.example").all_inner_texts()
    shot(tab, "examples")
    visible.locator("button.example").first.click()
    tab.locator(".yasr table.dataTable tbody tr >> visible=true").first.wait_for(timeout=15_000)
    assert (titles, tab.locator("#examples-panel").is_hidden(), fits(tab), tab.problems) == (
        [e.title for e in examples if "denial" in (e.title + e.description).lower()], True, True, [])


def test_a_result_link_opens_this_servers_page_for_the_node(live_ux, tab):
    run(tab, live_ux, CLAIMANTS, ".kg-node")
    link = tab.locator(".kg-node >> visible=true").first
    text, href, iri = link.inner_text(), link.get_attribute("href"), link.get_attribute("title")
    turtle = tab.locator(".kg-ttl >> visible=true").first.get_attribute("href")
    shot(tab, "results")
    link.click()
    tab.wait_for_load_state("networkidle")
    assert (iri.startswith(REAL_DOMAIN + "id/"), href, turtle, tab.url) == (
        True, "/id/" + iri[len(REAL_DOMAIN + "id/"):], href + ".ttl", live_ux.url + href)
    assert (tab.locator("h1").inner_text(), fits(tab), tab.problems) == (text, True, [])


def test_a_cut_result_shows_the_banner(live_ux, tab):
    run(tab, live_ux, EVERYTHING, ".kg-banner")
    banner = tab.locator(".kg-banner >> visible=true").first.inner_text()
    shot(tab, "truncated")
    assert ("Showing the first 1,000 rows" in banner, "OFFSET" in banner, fits(tab), tab.problems) == (
        True, True, True, [])


def test_a_syntax_error_names_its_line_and_column_and_marks_the_spot(live_ux, tab):
    run(tab, live_ux, BROKEN, ".kg-error")
    heading = tab.locator(".kg-error h3 >> visible=true").first.inner_text()
    marked = tab.locator(".CodeMirror .kg-error-mark >> visible=true").first.inner_text()
    line = tab.locator(".CodeMirror pre.CodeMirror-line:has(.kg-error-mark) >> visible=true")
    line = line.first.inner_text()
    shot(tab, "syntax-error")
    assert (heading, marked, line.strip().startswith("}"), fits(tab)) == (
        "Syntax error at line 3, column 2", "}", True, True)
    assert errors_except_the_endpoint(tab) == []


def test_a_timeout_reads_as_what_to_do_next(live_ux, tab):
    run(tab, live_ux, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", ".kg-error")
    error = tab.locator(".kg-error >> visible=true").first.inner_text()
    assert ("Time limit reached" in error, "LIMIT" in error, "2-second limit" in error) == (True, True, True)
    assert errors_except_the_endpoint(tab) == []


def test_a_429_reads_as_what_to_do_next(live_ux, tab):
    """The endpoint's answer to too many queries (its JSON error shape), as the page shows it."""
    tab.goto(live_ux.url + "/sparql", wait_until="networkidle")
    body = json.dumps({"ok": False, "status": 429, "error": "too many queries from 127.0.0.1",
                       "retry_after": 3})
    text = tab.evaluate("(body) => kgResults.renderError({ text: body }).then((el) => el.innerText)", body)
    assert ("Too many queries" in text, "Wait 3 seconds" in text, tab.problems) == (True, True, [])


@pytest.mark.parametrize("view, query, drawn", [
    ("timeline", "#defaultView:Timeline\n" + load_examples()[5].text, ".kg-chart canvas"),
    ("barchart", "#defaultView:BarChart\n" + CLAIMANTS, ".kg-chart canvas"),
    ("graph", PARTIES, ".kg-graph canvas"),
])
def test_each_result_view_draws(live_ux, tab, view, query, drawn):
    run(tab, live_ux, query, drawn)
    selected = tab.locator(".yasr .select_" + view + " >> visible=true").first.get_attribute("class")
    shot(tab, view)
    assert ("selected" in selected, fits(tab), tab.problems) == (True, True, [])


def test_a_shared_link_opens_with_its_query(live_ux, tab):
    tab.goto(live_ux.url + "/query?query=ASK%20%7B%7D%20%23%20shared", wait_until="networkidle")
    editor_text = tab.locator(".CodeMirror-code >> visible=true").inner_text()
    assert ("# shared" in editor_text, tab.problems) == (True, [])
