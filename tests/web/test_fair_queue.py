"""web.fair_queue: clients take turns for the request threads, one request each while others are
present, their full share when alone, over-budget clients paced; proxies forward for clients."""

from __future__ import annotations

import time
from types import SimpleNamespace

from web.server import FairDispatcher


class Channel:
    """What waitress queues: a connection with its first request's headers."""

    def __init__(self, peer: str, name: str, forwarded: str | None = None):
        self.addr, self.name = (peer, 50000), name
        headers = {"X_FORWARDED_FOR": forwarded} if forwarded else {}
        self.requests = [SimpleNamespace(headers=headers)]

    def service(self):
        pass


def served(queue, count: int) -> list:
    with queue.dispatcher.lock:  # as in waitress: the queue is only used under its lock
        return [queue.popleft() for _ in range(count)]


def test_clients_take_turns_and_none_has_more_than_its_share_of_threads():
    queue = FairDispatcher(0, per_client=2, trusted="").queue
    for name in ("a1", "a2", "a3"):
        queue.append(Channel("10.0.0.1", name))
    alone = served(queue, 2)  # alone, a client has its share: two at once
    assert ([t.channel.name for t in alone], len(queue)) == (["a1", "a2"], 0)
    queue.append(Channel("10.0.0.2", "b1"))
    queue.append(Channel("10.0.0.2", "b2"))
    assert ([t.channel.name for t in served(queue, 1)], len(queue)) == (["b1"], 0)
    alone[0].service()  # a1 done, and a still has a2 in a thread: one each while b is present
    assert len(queue) == 0
    alone[1].service()
    assert ([t.channel.name for t in served(queue, 1)], len(queue)) == (["a3"], 0)


def test_a_client_left_alone_gets_its_full_share_again(monkeypatch):
    now = [100.0]
    monkeypatch.setattr(time, "monotonic", lambda: now[0])
    queue = FairDispatcher(0, per_client=2, trusted="").queue
    queue.append(Channel("10.0.0.2", "b1"))
    served(queue, 1)[0].service()
    for name in ("a1", "a2"):
        queue.append(Channel("10.0.0.1", name))
    assert ([t.channel.name for t in served(queue, 1)], len(queue)) == (["a1"], 0)
    now[0] += 1.5  # b gone for longer than CONTENDED
    queue.release_paced()
    assert [t.channel.name for t in served(queue, 1)] == ["a2"]


def test_a_trusted_proxy_forwards_for_its_clients_and_nobody_else_does():
    queue = FairDispatcher(0, per_client=1, trusted="10.0.0.9").queue
    queue.append(Channel("10.0.0.9", "x", forwarded="192.0.2.1"))
    queue.append(Channel("10.0.0.9", "y", forwarded="192.0.2.2"))
    queue.append(Channel("10.0.0.3", "z", forwarded="192.0.2.1"))  # not a proxy: its own client
    assert sorted(t.client for t in served(queue, 3)) == ["10.0.0.3", "192.0.2.1", "192.0.2.2"]


class OverBudget:
    """Budgets where one client has spent its share."""

    def __init__(self, spent: str):
        self.spent = spent

    def retry_after(self, client: str) -> float | None:
        return 30.0 if client == self.spent else None


def test_a_client_over_its_budget_gets_one_request_a_second_through(monkeypatch):
    now = [100.0]
    monkeypatch.setattr(time, "monotonic", lambda: now[0])
    queue = FairDispatcher(0, per_client=4, trusted="", budgets=OverBudget("10.0.0.1")).queue
    for name in ("a1", "a2", "a3"):
        queue.append(Channel("10.0.0.1", name))
    queue.append(Channel("10.0.0.2", "b1"))
    first = served(queue, 2)
    assert ([t.channel.name for t in first], len(queue)) == (["a1", "b1"], 0)
    for turn in first:
        turn.service()
    assert len(queue) == 0  # a2 waits: a refusal a second
    now[0] += 0.5
    queue.release_paced()
    assert len(queue) == 0
    now[0] += 0.6
    queue.release_paced()
    assert [t.channel.name for t in served(queue, 1)] == ["a2"]
