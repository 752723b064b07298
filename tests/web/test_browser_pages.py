"""The browse pages in Debian's headless Chromium (Playwright; no browser is downloaded), at a
desktop width (1366×900) and a phone's (390×844, touch): every page fits its width (and 360 px)
and logs no error; the neighbourhood graph labels every node, without overlaps, and shows a
tapped node's details in view; the article view lands a #claim- link in the middle of the screen
and shows a tapped claim's details in view; a reader's walk from search to the quote.
Screenshots of every page at both widths go to tests/artifacts/ (the server's KG_BASE is a real
domain that is not this server: links must still stay on it)."""

from __future__ import annotations

import pytest

from tests.conftest import ARTIFACTS, BROWSER_TESTS
from tests.web.conftest import WIDTHS

pytestmark = BROWSER_TESTS
PAGES = {
    "home": "/", "search": "/search?q=rodriguez", "entity": "/id/delcy-rodriguez",
    "claim": "/id/claim/000_cff27210c16c26bb/c04", "event": "/id/event/us-military-operation-2026-01-03",
    "post": "/id/post/president-of-venezuela", "articles": "/articles",
    "article": "/articles/000_cff27210c16c26bb", "claims": "/claims?stance=denial", "timeline": "/timeline",
    "ontology": "/ontology", "stats": "/stats", "export": "/export/", "validation": "/validation",
    "not-found": "/id/no-such-node",
}
LABELS = """() => {
  const cy = document.getElementById("graph").graph;
  const box = (e) => e.boundingBox({ includeLabels: true, includeOverlays: false });
  const nodes = cy.nodes().map((n) => ({ id: n.id(), text: n.data("text"), b: box(n) }));
  const edges = cy.edges().map((e) => ({ id: e.id(), text: e.data("label"),
    b: e.boundingBox({ includeNodes: false, includeEdges: false, includeMainLabels: false,
                       includeSourceLabels: false, includeTargetLabels: true, includeOverlays: false }) }));
  const meet = (a, b) => a.x1 < b.x2 - 1 && b.x1 < a.x2 - 1 && a.y1 < b.y2 - 1 && b.y1 < a.y2 - 1;
  const all = nodes.concat(edges), overlaps = [];
  all.forEach((a, i) => all.slice(i + 1).forEach((b) => {
    if (meet(a.b, b.b)) { overlaps.push([a.text, b.text]); }
  }));
  return { unlabelled: all.filter((x) => !x.text).map((x) => x.id), overlaps: overlaps,
           nodes: nodes.length };
}"""


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-{page.viewport_size['width']}.png"), full_page=True)


def sideways(page) -> int:
    """How far the page scrolls sideways (0: it fits)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def open_page(page, url: str) -> None:
    page.goto(url, wait_until="networkidle")
    if page.locator("#graph").count():
        page.wait_for_selector("#graph[data-ready=true] canvas")


def test_every_page_fits_its_width_and_logs_no_error(live_ux, tab):
    too_wide, status = {}, {}
    for name, path in PAGES.items():
        response = tab.goto(live_ux.url + path, wait_until="networkidle")
        status[name] = response.status
        if tab.locator("#graph").count():
            tab.wait_for_selector("#graph[data-ready=true] canvas")
        shot(tab, name)
        widths = [tab.viewport_size["width"]] + ([360] if tab.width_name == "phone" else [])
        for width in widths:
            tab.set_viewport_size({"width": width, "height": tab.viewport_size["height"]})
            tab.wait_for_timeout(250)  # the graph lays itself out again for a new width
            if sideways(tab) > 0:
                too_wide[f"{name}@{width}"] = sideways(tab)
        tab.set_viewport_size(WIDTHS[tab.width_name])
    problems = [p for p in tab.problems if "no-such-node" not in p]  # the 404 is the point there
    tab.problems.clear()
    assert (too_wide, problems, status["not-found"], status["entity"]) == ({}, [], 404, 200)


@pytest.mark.parametrize("path", ["/id/delcy-rodriguez", "/id/claim/000_cff27210c16c26bb/c04",
                                  "/id/event/us-military-operation-2026-01-03"])
def test_every_graph_node_and_line_has_a_label_and_none_overlap(live_ux, tab, path):
    open_page(tab, live_ux.url + path)
    found = tab.evaluate(LABELS)
    assert (found["nodes"] > 5, found["unlabelled"], found["overlaps"], tab.problems) == (True, [], [], [])


def test_a_tapped_graph_node_shows_its_details_in_view(live_ux, tab):
    open_page(tab, live_ux.url + "/id/delcy-rodriguez")
    tab.evaluate("""() => {
      const box = document.getElementById("graph"), node = box.graph.nodes(".claim").last();
      window.scrollTo(0, box.getBoundingClientRect().top + window.scrollY + node.renderedPosition().y
                         - window.innerHeight / 2);
    }""")
    tab.wait_for_timeout(150)  # cytoscape reads the canvas's new place on the scroll event
    x, y, label = tab.evaluate("""() => {
      const box = document.getElementById("graph"), node = box.graph.nodes(".claim").last();
      const r = box.getBoundingClientRect(), p = node.renderedPosition();
      return [r.left + p.x, r.top + p.y, node.data("node").label];
    }""")
    if tab.width_name == "phone":
        tab.touchscreen.tap(x, y)
    else:
        tab.mouse.click(x, y)
    details = tab.locator("#graph-details")
    details.wait_for(state="visible")
    shot(tab, "graph-details")
    assert (tab.locator("#graph-details-label").inner_text(), in_view(tab, "#graph-details"),
            tab.problems) == (label, True, [])


def in_view(page, selector: str) -> bool:
    return page.evaluate("""(selector) => {
      const r = document.querySelector(selector).getBoundingClientRect();
      return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight && r.left >= 0 &&
             r.right <= window.innerWidth;
    }""", selector)


def test_a_claim_link_lands_in_the_middle_and_a_tap_shows_its_details_in_view(live_ux, tab):
    tab.goto(live_ux.url + "/articles/000_cff27210c16c26bb#claim-c04", wait_until="load")
    tab.wait_for_timeout(200)  # the browser's own jump to the anchor, then ours
    middle = tab.evaluate("""() => {
      const r = document.getElementById("claim-c04").getBoundingClientRect();
      return (r.top + r.bottom) / 2 / window.innerHeight;
    }""")
    target = tab.locator("#claim-c04")
    if tab.width_name == "phone":
        target.tap(position={"x": 3, "y": 3})
    else:
        target.click(position={"x": 3, "y": 3})
    tab.locator("#selection").wait_for(state="visible")
    shot(tab, "article-details")
    kinds = tab.locator("#selection-list .badge").all_inner_texts()
    assert (0.3 < middle < 0.7, "claim" in kinds, in_view(tab, "#selection"), tab.problems) == (
        True, True, True, [])


def test_the_article_can_show_one_kind_of_highlight(live_ux, tab):
    open_page(tab, live_ux.url + "/articles/000_cff27210c16c26bb")
    shading = """(selector) => getComputedStyle(document.querySelector(selector)).backgroundColor"""
    before = tab.evaluate(shading, "#article-text .ann-claim")
    tab.locator("#legend input[value=event]").check()
    after = tab.evaluate(shading, "#article-text .ann-claim")
    event = tab.evaluate(
        "() => getComputedStyle(document.querySelector('#article-text .ann-event')).boxShadow")
    tab.locator("#legend input[value=all]").check()
    assert (before != "rgba(0, 0, 0, 0)", after, event != "none") == (True, "rgba(0, 0, 0, 0)", True)


def test_from_search_to_the_quote_in_its_article(live_ux, tab):
    tab.goto(live_ux.url + "/", wait_until="networkidle")
    tab.fill(".big-search input[name=q]", "rodriguez")
    tab.press(".big-search input[name=q]", "Enter")
    tab.wait_for_url("**/search?q=rodriguez")
    tab.click(".hits >> text=Delcy Rodríguez")
    tab.wait_for_url(live_ux.url + "/id/delcy-rodriguez")
    card = tab.locator("#claims-about ~ article.claim").first
    quote = card.locator("mark.quote-exact").inner_text()
    card.locator("a.quote-link").click()
    tab.wait_for_url("**/articles/*#claim-*")
    tab.wait_for_selector(".ann.is-target")
    highlighted = "".join(tab.locator(".ann.is-target").all_inner_texts())
    tab.go_back()
    tab.wait_for_url("**/id/delcy-rodriguez")
    assert (highlighted, tab.locator("h1").inner_text(), tab.problems) == (
        quote, "Delcy Rodríguez", [])
