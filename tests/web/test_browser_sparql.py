"""The query UI in Debian's headless Chromium, driven by Playwright (no browser is downloaded)."""

from __future__ import annotations

import pytest

from tests.conftest import ARTIFACTS, BROWSER_TESTS, CHROMIUM, CHROMIUM_ARGS, record_problems

pytestmark = BROWSER_TESTS


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh page that records console errors, page errors and failed requests."""
    context = browser.new_context()
    page = context.new_page()
    record_problems(page)
    yield page
    context.close()


def test_clicking_an_example_shows_its_results_table(live_kg, page, built):
    from kg.store.oxigraph import open_store
    from kg.store.query import load_examples, run

    expected = len(run(open_store(built.path), load_examples()[0].text).rows)
    assert expected > 5
    page.goto(live_kg.url + "/sparql", wait_until="networkidle")
    page.click("button.example >> nth=0")
    rows = page.locator(".yasr table tbody tr")
    rows.first.wait_for(timeout=15_000)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "sparql-ui.png"), full_page=True)
    assert (rows.count(), page.problems) == (expected, [])


def test_a_shared_link_opens_with_its_query(live_server, page):
    page.goto(live_server.url + "/query?query=ASK%20%7B%7D%20%23%20shared",
              wait_until="networkidle")
    editor_text = page.locator(".CodeMirror-code >> visible=true").inner_text()
    assert ("# shared" in editor_text, page.problems) == (True, [])
