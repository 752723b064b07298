"""kg.store.fair: per-client budgets and the worker-slot scheduler, with real threads."""

from __future__ import annotations

import threading
import time

import pytest

from kg.store.fair import Budgets, QueueTimeout, Scheduler, TooManyQueries


def test_a_budget_refuses_once_spent_and_says_when_it_refills():
    budgets = Budgets(6.0)  # 6 s per minute: 0.1 s of credit per second
    assert budgets.retry_after("a") is None
    budgets.charge("a", 7.0)  # one second into debt: ten seconds to be back above zero
    assert 9.9 < budgets.retry_after("a") <= 10.01
    assert budgets.retry_after("b") is None  # clients are counted apart


def test_a_budget_refills_with_time_but_holds_at_most_its_size(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(time, "monotonic", lambda: now[0])
    budgets = Budgets(6.0)
    budgets.charge("a", 6.5)
    now[0] += 6.0  # +0.6 s of credit
    assert budgets.retry_after("a") is None
    now[0] += 3600
    budgets.charge("a", 6.0)  # a full bucket, not an hour's worth
    assert budgets.retry_after("a") is not None


def test_no_budget_means_no_limit():
    budgets = Budgets(0)
    budgets.charge("a", 1e9)
    assert budgets.retry_after("a") is None


def test_full_buckets_are_forgotten_when_there_are_too_many_clients():
    budgets = Budgets(60.0, max_clients=10)
    for i in range(11):
        budgets.charge(f"c{i}", 0.0)  # charged nothing: full again at once
    assert len(budgets._balance) <= 1


def hold(scheduler: Scheduler, client: str, release: threading.Event, log: list) -> threading.Thread:
    def run():
        try:
            with scheduler.slot(client):
                log.append(("start", client))
                release.wait(10)
        except Exception as exc:  # noqa: BLE001 - the test reads what happened from the log
            log.append((type(exc).__name__, client))

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def wait_for(predicate, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.01)


def test_one_client_cannot_hold_every_worker():
    scheduler = Scheduler(2, client_queries=3, client_workers=1, queue_wait=5)
    release, log = threading.Event(), []
    threads = [hold(scheduler, "greedy", release, log) for _ in range(2)]
    wait_for(lambda: ("start", "greedy") in log)
    other = hold(scheduler, "other", release, log)
    wait_for(lambda: ("start", "other") in log)
    assert log.count(("start", "greedy")) == 1  # its second query waits for its first
    release.set()
    for thread in (*threads, other):
        thread.join(10)
    assert log.count(("start", "greedy")) == 2


def test_a_client_with_too_many_queries_in_flight_is_refused_at_once():
    scheduler = Scheduler(1, client_queries=2, client_workers=1, queue_wait=5)
    release, log = threading.Event(), []
    threads = [hold(scheduler, "a", release, log) for _ in range(2)]
    wait_for(lambda: scheduler._running["a"] + scheduler.waiting("a") == 2)
    with pytest.raises(TooManyQueries) as refused, scheduler.slot("a"):
        pass
    assert refused.value.retry_after >= 1
    release.set()
    for thread in threads:
        thread.join(10)


def test_a_waiting_query_gives_up_after_the_queue_wait():
    scheduler = Scheduler(1, client_queries=2, client_workers=1, queue_wait=0.2)
    release, log = threading.Event(), []
    first = hold(scheduler, "a", release, log)
    wait_for(lambda: ("start", "a") in log)
    with pytest.raises(QueueTimeout, match="0.2 s"), scheduler.slot("b"):
        pass
    release.set()
    first.join(10)
    with scheduler.slot("b"):  # nothing left behind: the slot is free again
        assert scheduler._free() == 0


def test_a_free_worker_goes_to_the_client_running_the_fewest_queries():
    scheduler = Scheduler(2, client_queries=5, client_workers=2, queue_wait=5)
    first, second, rest, log = threading.Event(), threading.Event(), threading.Event(), []
    a = [hold(scheduler, "a", first, log)]  # a holds both workers
    wait_for(lambda: log.count(("start", "a")) == 1)
    a.append(hold(scheduler, "a", second, log))
    wait_for(lambda: log.count(("start", "a")) == 2)
    a.append(hold(scheduler, "a", rest, log))  # a's third waits
    wait_for(lambda: scheduler.waiting("a") == 1)
    b = hold(scheduler, "b", rest, log)  # b arrives after it
    wait_for(lambda: scheduler.waiting("b") == 1)
    first.set()  # one worker frees: b, running none, goes before a, running one
    wait_for(lambda: ("start", "b") in log)
    assert (log.count(("start", "a")), scheduler.waiting("a")) == (2, 1)
    second.set()
    wait_for(lambda: log.count(("start", "a")) == 3)
    rest.set()
    for thread in (*a, b):
        thread.join(10)


def test_the_time_a_slot_was_held_is_charged_to_its_client():
    charged = []
    scheduler = Scheduler(1, charge=lambda client, seconds: charged.append((client, seconds)))
    with scheduler.slot("a"):
        time.sleep(0.05)
    assert charged[0][0] == "a" and charged[0][1] >= 0.05


def test_two_threads_of_one_client_never_exceed_two_queries_in_flight():
    """A worker handed to a waiting query counts once, as running: it was counted as waiting as
    well until the waiting thread woke, and the client's next query got a wrong 429."""
    scheduler = Scheduler(2, client_queries=2, client_workers=1, queue_wait=5)
    refused = []

    def loop():
        for _ in range(300):
            try:
                with scheduler.slot("a"):
                    time.sleep(0.0005)  # long enough for the other thread to queue up
            except TooManyQueries:
                refused.append(1)

    threads = [threading.Thread(target=loop) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert refused == []
