"""web.server (waitress's dispatcher and options, quiet logs), web.clients (who a client is)
and the one-line error log, without a live server (the queue itself: test_fair_queue.py)."""

from __future__ import annotations

import doctest
import logging
import threading
import time

import pytest

import web.clients
from kg.cli.serve import protection_lines
from tests.web.test_fair_queue import Channel
from web import create_app, graph
from web.clients import budgets
from web.server import EveryFewSeconds, FairDispatcher, options


def test_a_clients_requests_run_at_once_up_to_its_share():
    """Two requests of one client queued together both find a thread: each taken request wakes
    a thread for the next one (a thread was woken only when a new client became ready, so a
    burst of one client's requests ran one after the other)."""
    dispatcher = FairDispatcher(4, per_client=2, trusted="")
    both = threading.Barrier(2, timeout=5)
    met = []

    class Waiting(Channel):
        def service(self):
            met.append(both.wait() is not None)

    try:
        while dispatcher.active_count:  # every thread asleep, waiting for work
            time.sleep(0.01)
        for name in ("a1", "a2"):
            dispatcher.add_task(Waiting("10.0.0.1", name))
        deadline = time.monotonic() + 10
        while len(met) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        dispatcher.shutdown(timeout=1)
    assert (met, both.broken) == ([True, True], False)


def test_repeated_log_lines_are_let_through_once_every_few_seconds(monkeypatch):
    now = [100.0]
    monkeypatch.setattr(time, "monotonic", lambda: now[0])
    only = EveryFewSeconds(10)
    records = [logging.LogRecord("waitress.queue", logging.WARNING, "", 0, "Task queue depth is %d",
                                 (n,), None) for n in range(5)]
    kept = [only.filter(r) for r in records[:4]]
    now[0] += 11
    assert (kept, only.filter(records[4]), records[4].getMessage()) == (
        [True, False, False, False], True, "Task queue depth is 4 (3 similar messages dropped)")


def test_waitress_reads_no_body_beyond_the_apps_cap(app):
    settings = options(app, 8)
    assert settings["max_request_body_size"] == app.config["MAX_CONTENT_LENGTH"] + 1


def test_poll_watches_the_connections_where_select_cannot(app):
    """select() stops at file descriptor 1024."""
    assert not options(app, 8)["asyncore_use_poll"]
    app.config["CONNECTION_LIMIT"] = 5000
    assert options(app, 8)["asyncore_use_poll"]


def test_an_unexpected_error_is_one_log_line_and_its_traceback_is_at_debug(store, caplog):
    app = create_app({"TESTING": False, "STORE": store})

    @app.route("/boom")
    def boom():
        raise RuntimeError("first line\nsecond line")

    with caplog.at_level(logging.DEBUG, logger=app.logger.name):
        response = app.test_client().get("/boom", headers={"Accept": "application/json"})
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    debug = [r for r in caplog.records if r.levelno == logging.DEBUG and r.exc_info]
    assert (response.status_code, [r.getMessage() for r in errors], errors[0].exc_info,
            len(debug)) == (500, ["unexpected error on GET /boom: RuntimeError: first line"],
                            None, 1)
    graph.close(app)


def test_a_trusted_proxys_client_is_charged_not_the_proxy(store):
    app = create_app({"TESTING": True, "STORE": store, "TRUSTED_PROXIES": "10.0.0.9"})
    client = app.test_client()
    client.get("/sparql?query=ASK%7B%7D", environ_base={"REMOTE_ADDR": "10.0.0.9"},
               headers={"X-Forwarded-For": "6.6.6.6, 192.0.2.7"})
    assert set(budgets(app)._balance) == {"192.0.2.7"}
    graph.close(app)


def test_a_bad_trusted_proxy_setting_fails_at_start(store):
    with pytest.raises(ValueError):
        create_app({"STORE": store, "TRUSTED_PROXIES": "not-an-address"})


def test_the_startup_log_warns_when_the_workers_can_reach_the_network(app):
    lines = protection_lines(app.config, {"network": "open: the kernel refused a network "
                                          "namespace", "guard": True, "stack_mb": 64}, 16)
    assert lines[-1].startswith("warning: the query workers can reach the network")
    cut = protection_lines(app.config, {"network": "cut", "guard": True, "stack_mb": 64}, 16)
    assert not any(line.startswith("warning") for line in cut)


def test_clients_doctests_pass():
    assert doctest.testmod(web.clients).failed == 0
