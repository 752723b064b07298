"""The browser suites' fixtures: one Debian Chromium per module, one tab per width."""

from __future__ import annotations

import pytest

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, record_problems

WIDTHS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module", params=list(WIDTHS))
def tab(request, browser):
    """One tab per width, reused by the module's tests; a phone's has touch."""
    phone = request.param == "phone"
    context = browser.new_context(viewport=WIDTHS[request.param], has_touch=phone, is_mobile=phone)
    page = record_problems(context.new_page())
    page.width_name = request.param
    yield page
    context.close()
