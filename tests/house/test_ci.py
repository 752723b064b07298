"""The CI rule of tests/ci.py, run on a throw-away test file by pytest's own pytester."""

from __future__ import annotations

import pytest

SKIPPING = """
import pytest

def test_needs_a_browser():
    pytest.skip("needs Debian's chromium (apt)")

@pytest.mark.skipif(True, reason="the oxigraph CLI is not installed")
def test_needs_oxigraph():
    pass

@pytest.mark.xfail(reason="a known bug", strict=True)
def test_known_bug():
    assert False

def test_runs():
    pass
"""


@pytest.fixture
def skipping(pytester):
    pytester.makeconftest("from tests.ci import pytest_runtest_makereport  # noqa: F401\n")
    pytester.makepyfile(SKIPPING)
    return pytester


@pytest.mark.parametrize(("ci", "outcomes"), [
    ("true", {"failed": 1, "errors": 1, "xfailed": 1, "passed": 1}),  # the skipif one in setup
    ("", {"skipped": 2, "xfailed": 1, "passed": 1}),
])
def test_a_skip_is_a_failure_in_ci_only(skipping, monkeypatch, ci, outcomes):
    monkeypatch.setenv("CI", ci)
    result = skipping.runpytest_inprocess("-p", "no:cacheprovider")
    result.assert_outcomes(**outcomes)
    if ci:
        result.stdout.fnmatch_lines(["*skipped in CI, which is set up to have what this test "
                                     "needs: the oxigraph CLI is not installed*"])
