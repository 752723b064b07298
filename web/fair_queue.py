"""Fair turns for waitress's request threads: :class:`FairQueue` replaces waitress's
first-come-first-served task queue (web.server.FairDispatcher takes tasks from it).

Each client (web.clients.client_address) has at most ``per_client`` requests in the threads at
once, the rest wait in that client's own line, and clients take turns. A client that opens many
connections only lengthens its own line. While another client has been served in the last
:data:`CONTENDED` seconds, a client has at most one request in the threads: the threads share one
interpreter lock, so a second request of a greedy client would slow every other client's request
down as much as the first one does. A client over its budget is answered 429, but only one
request per :data:`PACE` second: the others wait in its line, so that a flood of refusals costs
the server nothing. The event loop (web.channel) asks the same queue how many requests of a
client it may read in one turn.
"""

from __future__ import annotations

import time
from collections import Counter, deque

from waitress.task import ThreadedTaskDispatcher

from kg.store.fair import Budgets

from .clients import client_address, trusted_networks, within

PACE = 1.0  # seconds between two requests of a client over its budget
CONTENDED = 1.0  # seconds a client counts as present after its last request (see FairQueue)


class FairQueue:
    """What waitress's dispatcher takes tasks from (``append``, ``popleft``, ``len``); every
    method runs under the dispatcher's lock. A task is an HTTP channel with a request to serve."""

    def __init__(self, per_client: int, trusted: str, dispatcher: ThreadedTaskDispatcher,
                 budgets: Budgets | None = None):
        self.per_client, self.dispatcher = max(1, per_client), dispatcher
        self.trusted, self.budgets = trusted_networks(trusted), budgets
        self.lines: dict[str, deque] = {}  # client → channels waiting, oldest first
        self.serving: Counter = Counter()  # client → requests in the threads
        self.ready: deque[str] = deque()  # clients that may go next, in turn
        self.paced: dict[str, float] = {}  # over-budget client → when its next request may go
        self.present: dict[str, float] = {}  # client → when it was last queued or served
        self.reads: Counter = Counter()  # client → requests the loop read in its current turn
        self.unread: set[str] = set()  # clients with connections left unread until a request ends
        self.wake = _nothing  # wakes the event loop (the server's pull_trigger)

    def append(self, channel) -> None:
        client = self.client_of(channel)
        self.lines.setdefault(client, deque()).append(channel)
        self._arrive(client)
        self._maybe_ready(client)

    def _arrive(self, client: str) -> None:
        """Note ``client`` as present (under the lock)."""
        arrived = client not in self.present
        self.present[client] = time.monotonic()
        if arrived and len(self.present) == 2:  # contended from now on: one request per client
            self.ready = deque(c for c in self.ready if self.serving[c] < 1)

    def popleft(self):
        client = self.ready.popleft()
        channel = self.lines[client].popleft()
        self.serving[client] += 1
        self._maybe_ready(client)  # to the back of the turn order
        if self.ready:  # another request may run now: wake a thread for it (add_task wakes
            self.dispatcher.queue_cv.notify()  # one only when a client becomes ready)
        return _Turn(channel, client, self)

    def __len__(self) -> int:
        return len(self.ready)

    # What the event loop asks (web.channel), without the lock: a stale answer delays a read by
    # one turn of the loop at most.
    def share(self, client: str) -> int:
        """Requests ``client`` may have in the threads, and read in one turn of the loop."""
        return self.per_client if len(self.present) < 2 or client not in self.present else 1

    def may_read(self, client: str) -> bool:
        """Whether the loop may read one more request of ``client`` in this turn."""
        share = self.share(client)
        if self.serving[client] + len(self.lines.get(client, ())) >= share:
            self.unread.add(client)  # finished() wakes the loop for it
            return False
        return self.reads[client] < share

    def take_read(self, client: str) -> bool:
        """:meth:`may_read`, and count the read."""
        if not self.may_read(client):
            return False
        self.reads[client] += 1
        return True

    def new_turn(self) -> None:
        self.reads.clear()

    def idle(self, client: str) -> bool:
        return not self.serving[client] and not self.lines.get(client)

    def saw(self, client: str) -> None:
        """``client`` was answered by the loop: it is present (see :data:`CONTENDED`)."""
        if client in self.present:
            self.present[client] = time.monotonic()  # one store: no lock needed
        else:
            with self.dispatcher.lock:
                self._arrive(client)

    def is_proxy(self, peer: str) -> bool:
        return bool(self.trusted) and within(peer, self.trusted)

    def finished(self, client: str) -> None:
        with self.dispatcher.lock:
            self.serving[client] -= 1
            self.present[client] = time.monotonic()
            self._maybe_ready(client)
            if not self.serving[client]:
                del self.serving[client]
                if not self.lines.get(client):
                    self.lines.pop(client, None)
            if self.ready:
                self.dispatcher.queue_cv.notify()
            unread = client in self.unread
            self.unread.discard(client)
        if unread:  # the loop sleeps in select() without its connections: let it read them now
            self.wake()

    def _maybe_ready(self, client: str) -> bool:
        share = self.per_client if len(self.present) < 2 else 1
        if not (self.lines.get(client) and self.serving[client] < share
                and client not in self.ready):
            return False
        if self.budgets is not None and self.budgets.retry_after(client) is not None:
            # Over budget: its requests get 429, one per PACE seconds; the rest wait in its line
            # (a 429 costs a request's parsing and routing, and a flood of them is a flood).
            now = time.monotonic()
            if now < self.paced.get(client, 0.0):
                return False
            self.paced[client] = now + PACE
        self.ready.append(client)
        return True

    def release_paced(self) -> None:
        """Let the over-budget clients whose time has come go again, and forget the clients gone
        for :data:`CONTENDED` seconds (the pacer's tick): a client left alone gets its full share."""
        with self.dispatcher.lock:
            now, woken = time.monotonic(), False
            for client, when in list(self.present.items()):
                if when + CONTENDED <= now and not self.lines.get(client) \
                        and not self.serving[client]:
                    del self.present[client]
            if len(self.present) == 1:
                woken |= self._maybe_ready(next(iter(self.present)))
            for client, when in list(self.paced.items()):
                if when <= now:
                    woken |= self._maybe_ready(client)
                    if not self.lines.get(client) and self.paced.get(client, 0.0) <= now:
                        del self.paced[client]
            if woken:
                self.dispatcher.queue_cv.notify_all()

    def client_of(self, channel) -> str:
        peer = str(channel.addr[0]) if channel.addr else ""
        request = channel.requests[0] if channel.requests else None
        forwarded = request.headers.get("X_FORWARDED_FOR") if request is not None else None
        return client_address(peer, forwarded, self.trusted)


class _Turn:
    """One served request of one client: tells the queue when the thread is done with it."""

    __slots__ = ("channel", "client", "queue")

    def __init__(self, channel, client: str, queue: FairQueue):
        self.channel, self.client, self.queue = channel, client, queue

    def service(self) -> None:
        try:
            self.channel.service()
        finally:
            self.queue.finished(self.client)

    def cancel(self) -> None:
        self.channel.cancel()

    def __repr__(self) -> str:
        return f"<request of {self.client} on {self.channel!r}>"


def _nothing() -> None:
    """No event loop to wake yet: the queue is made before its server (make_server sets it)."""
