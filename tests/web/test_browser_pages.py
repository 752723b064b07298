"""A reader's walk through the pages in Debian's headless Chromium (Playwright; no download):
home → search "rodriguez" → Delcy Rodríguez → a claim's evidence link → the article, with that
quote highlighted → back. The timeline and the graph view render without console errors.
Screenshots of each page go to tests/artifacts/."""

from __future__ import annotations

import pytest

from tests.conftest import ARTIFACTS, BROWSER_TESTS, CHROMIUM, CHROMIUM_ARGS, record_problems

pytestmark = BROWSER_TESTS


@pytest.fixture(scope="module")
def tab():
    """One browser tab that records console errors, page errors and failed requests."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1360, "height": 900})
        record_problems(page)
        yield page
        browser.close()


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def test_from_search_to_the_quote_in_its_article(live_kg, tab):
    tab.goto(live_kg.url + "/", wait_until="networkidle")
    shot(tab, "home")
    tab.fill(".big-search input[name=q]", "rodriguez")
    tab.press(".big-search input[name=q]", "Enter")
    tab.wait_for_url("**/search?q=rodriguez")
    shot(tab, "search")
    tab.click(".hits >> text=Delcy Rodríguez")
    tab.wait_for_url("**/id/delcy-rodriguez")
    tab.wait_for_selector("#graph[data-ready=true] canvas")
    shot(tab, "entity")
    card = tab.locator("#claims-about ~ article.claim").first
    quote = card.locator("mark.quote-exact").inner_text()
    card.locator("a.quote-link").click()
    tab.wait_for_url("**/articles/*#claim-*")
    tab.wait_for_selector(".ann.is-target")
    highlighted = "".join(tab.locator(".ann.is-target").all_inner_texts())
    in_view = tab.locator(".ann.is-target").first.is_visible()
    shot(tab, "article")
    tab.go_back()
    tab.wait_for_url("**/id/delcy-rodriguez")
    assert (highlighted, in_view, tab.locator("h1").inner_text(), tab.problems) == (
        quote, True, "Delcy Rodríguez", [])


def test_clicking_highlighted_text_lists_what_is_annotated_there(live_kg, tab):
    tab.goto(live_kg.url + "/articles/000_cff27210c16c26bb#claim-c04", wait_until="networkidle")
    tab.locator("#claim-c04").click(position={"x": 3, "y": 3})
    kinds = tab.locator("#selection-list .badge").all_inner_texts()
    assert ("claim" in kinds, tab.locator("#selection").is_visible(), tab.problems) == (True, True, [])


def test_timeline_and_graph_views_render(live_kg, tab):
    tab.goto(live_kg.url + "/timeline", wait_until="networkidle")
    items = tab.locator(".timeline-item").count()
    shot(tab, "timeline")
    tab.goto(live_kg.url + "/id/event/us-military-operation-2026-01-03", wait_until="networkidle")
    tab.wait_for_selector("#graph[data-ready=true] canvas")
    tab.locator("#graph").scroll_into_view_if_needed()
    shot(tab, "graph")
    for url, name in (("/claims?stance=denial", "claims"), ("/ontology", "ontology"),
                      ("/stats", "stats")):
        tab.goto(live_kg.url + url, wait_until="networkidle")
        shot(tab, name)
    assert (items > 20, tab.problems) == (True, [])
