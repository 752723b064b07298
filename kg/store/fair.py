"""Fair shares of the query workers and of server time, per client (WDQS's policy, sized for a
small server).

- :class:`Budgets`: each client may use ``seconds`` of server time per minute (a token bucket that
  refills continuously and holds at most one minute's worth). A client whose balance is spent is
  refused (HTTP 429) until it is positive again; :meth:`Budgets.retry_after` says when.
- :class:`Scheduler`: hands out the worker slots. A client may have at most ``client_queries``
  queries running or waiting (more: :class:`TooManyQueries`, 429) and at most ``client_workers``
  of them running, so one client can never hold every worker; a free worker goes to the waiting
  client with the fewest running queries, first come first served among equals. A query waits at
  most ``queue_wait`` seconds for a worker (then :class:`QueueTimeout`, 503): the query's own time
  limit only starts when a worker takes it.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from kg.errors import QueryError


class TooManyRequests(QueryError):
    """The client asked for more than its share; ``retry_after`` seconds until it may again."""

    def __init__(self, message: str, retry_after: float):
        super().__init__(message)
        self.retry_after = retry_after

    def __reduce__(self):
        return type(self), (str(self), self.retry_after)


class TooManyQueries(TooManyRequests):
    """The client already has as many queries running or waiting as it may."""


class QueueTimeout(QueryError):
    """No worker became free within the queue's wait limit."""


class Budgets:
    """Server seconds per client per minute, as token buckets (thread-safe)."""

    def __init__(self, seconds: float, *, window: float = 60.0, max_clients: int = 100_000):
        self.capacity, self.rate, self.max_clients = seconds, seconds / window, max_clients
        self._balance: dict[str, tuple[float, float]] = {}  # client → (balance, when)
        self._lock = threading.Lock()

    def retry_after(self, client: str) -> float | None:
        """None if ``client`` may go on, else the seconds until its balance is positive."""
        if not self.capacity:
            return None
        with self._lock:
            balance = self._current(client, time.monotonic())
        return None if balance > 0 else (-balance / self.rate) + 0.001

    def charge(self, client: str, seconds: float) -> None:
        """Take ``seconds`` from ``client``'s balance (it may go below zero)."""
        if not self.capacity:
            return
        with self._lock:
            now = time.monotonic()
            self._balance[client] = (self._current(client, now) - seconds, now)
            if len(self._balance) > self.max_clients:
                self._forget_full(now)

    def _current(self, client: str, now: float) -> float:
        balance, when = self._balance.get(client, (self.capacity, now))
        return min(self.capacity, balance + (now - when) * self.rate)

    def _forget_full(self, now: float) -> None:
        """Drop the clients whose bucket has refilled: they are as good as new."""
        for client in [c for c in self._balance if self._current(c, now) >= self.capacity]:
            del self._balance[client]


@dataclass
class _Ticket:
    client: str
    order: int
    granted: bool = False
    woken: threading.Event | None = None  # set when granted, if the query had to wait


@dataclass
class Scheduler:
    """Worker slots shared fairly between clients; see the module docstring."""

    slots: int
    client_queries: int = 2
    client_workers: int = 1
    queue_wait: float = 5.0
    charge: Callable[[str, float], None] | None = None  # called with the seconds a slot was held
    _running: Counter = field(default_factory=Counter)
    _waiting: list[_Ticket] = field(default_factory=list)
    _order: Iterator[int] = field(default_factory=itertools.count)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self):
        self.client_workers = max(1, min(self.client_workers, self.slots))

    @contextmanager
    def slot(self, client: str = "") -> Iterator[None]:
        """Hold a worker slot for ``client`` while the block runs.

        :raise TooManyQueries: ``client`` has ``client_queries`` queries in flight already.
        :raise QueueTimeout: no slot within ``queue_wait`` seconds.
        """
        self._take(client)
        started = time.monotonic()
        try:
            yield
        finally:
            held = time.monotonic() - started
            self._give_back(client)
            if self.charge is not None:
                self.charge(client, held)

    def _take(self, client: str) -> None:
        with self._lock:
            if self._running[client] + self.waiting(client) >= max(1, self.client_queries):
                raise TooManyQueries(
                    f"this client already has {self.client_queries} queries running or waiting; "
                    "wait for one to finish", retry_after=1.0)
            ticket = _Ticket(client, next(self._order))
            self._waiting.append(ticket)
            self._grant()
            if ticket.granted:
                return
            # Its own event: a freed slot wakes the one query it goes to, not every waiter.
            ticket.woken = threading.Event()
        ticket.woken.wait(self.queue_wait)
        with self._lock:
            if ticket.granted:
                return
            self._waiting.remove(ticket)
            self._forget(client)
        raise QueueTimeout(f"no query worker became free within {self.queue_wait:g} s; the "
                           "server is busy, try again shortly")

    def waiting(self, client: str) -> int:
        """How many of ``client``'s queries wait for a worker (call with the lock held)."""
        return sum(1 for ticket in self._waiting if ticket.client == client)

    def _give_back(self, client: str) -> None:
        with self._lock:
            self._running[client] -= 1
            self._forget(client)
            self._grant()

    def _grant(self) -> None:
        """Give free slots to the waiting clients that run the fewest queries."""
        while self._waiting and self._free():
            eligible = [t for t in self._waiting if self._running[t.client] < self.client_workers]
            if not eligible:
                break
            ticket = min(eligible, key=lambda t: (self._running[t.client], t.order))
            self._waiting.remove(ticket)
            self._running[ticket.client] += 1
            ticket.granted = True
            if ticket.woken is not None:
                ticket.woken.set()

    def _free(self) -> int:
        return self.slots - sum(self._running.values())

    def _forget(self, client: str) -> None:
        if self._running[client] <= 0:
            self._running.pop(client, None)
