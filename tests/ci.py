"""In CI, a skipped test is a failed test.

Tests skip when this machine lacks something they need: Debian's Chromium, the ``oxigraph``
binary, a network namespace. On a developer's machine that is a fair skip; CI is set up to have
all of them (``.ci/run``), so there a skip means a capability went missing and the test, which
would have caught a bug, silently stopped running (a ``cut_network()`` that always failed once
survived every test that way). tests/conftest.py imports the hook, so it applies to every test.
"""

from __future__ import annotations

import os

import pytest


def in_ci() -> bool:
    """Whether this run is CI's (``.ci/run`` runs with ``CI=true``, as most CI services set it)."""
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield  # a skip while setting up (skipif) becomes an error, during the call a failure
    if report.skipped and in_ci() and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        reason = reason.removeprefix("Skipped: ")
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, which is set up to have what this test needs: {reason}"
    return report
