"""``kg serve``'s connections: a client's requests are read in turn, and the response cache's hits
are answered in the event loop (the fast lane).

waitress reads a request in its event loop and hands it to a thread (web.fair_queue.FairQueue); a
request the response cache holds costs less to answer than that hand-over, so the loop answers
it itself, the way a cache in front of an application server would: the request is parsed as
waitress parses it, its WSGI environment built by waitress's own task, the cache consulted with
that environment (:meth:`web.response_cache.ResponseCache.peek`) and, on a hit, the task run at
once and its answer sent. On a miss the same task goes to the threads.

Fair turns reach the loop too. In one turn of the loop a client has at most its share of requests
read (``FairQueue.share``: one while other clients are present); its other connections are left
unread until a later turn, their bytes waiting in the kernel, and a connection that was read goes
to the back of the loop's order, so that a client's connections take turns among themselves. A
client that opens many connections so gets no more of the loop than a client with one.
"""

from __future__ import annotations

import threading
import time

from waitress.channel import HTTPChannel
from waitress.task import WSGITask


class FairChannel(HTTPChannel):
    """waitress's connection, read at its client's turn, with the task it was given made once."""

    def __init__(self, server, sock, addr, adj, map=None):
        super().__init__(server, sock, addr, adj, map)
        self.turns = server.task_dispatcher.queue
        self.peer = str(addr[0]) if addr else ""
        self.gated = not self.turns.is_proxy(self.peer)  # a proxy speaks for many clients
        self.premade: WSGITask | None = None
        self.claimed = False  # the fast lane answers its first request after the read
        self.task_class = self._task  # waitress makes the task with self.task_class(self, request)
        lane = getattr(server.task_dispatcher, "lane", None)
        if lane is not None:
            lane.loop = threading.get_ident()  # connections are accepted by the event loop

    def readable(self) -> bool:
        # A connection not read is not watched: the loop does not spin on bytes left waiting.
        if not super().readable():
            return False
        if not self.gated or self.turns.may_read(self.peer):
            return True
        # Waiting for its client's turn is not idling: waitress closes a connection idle for
        # channel_timeout seconds, and this one may wait as long as its client's queries run.
        self.last_activity = time.time()
        return False

    def handle_read(self) -> None:
        if self.gated and not self.turns.take_read(self.peer):
            return  # its client had its turn: the bytes wait in the kernel for the next one
        super().handle_read()
        while self.claimed and self.connected:  # the fast lane took it (see FastLane.claim)
            self.claimed = False
            self.service()  # may claim the connection's next request, if one was sent already
            self.handle_write()  # send the answer in this turn of the loop
        if self.gated and self.connected:  # to the back of the loop's order (see the docstring)
            fileno = self._fileno
            self._map[fileno] = self._map.pop(fileno)

    def task_for(self, request) -> WSGITask:
        """The task that will serve ``request`` (made now, so that its environment is built once)."""
        task = self.premade
        if task is None or task.request is not request:
            task = self.premade = WSGITask(self, request)
        return task

    def _task(self, channel, request) -> WSGITask:
        task, self.premade = self.task_for(request), None
        return task


class FastLane:
    """Answers in the event loop the requests the response cache holds (see the module)."""

    def __init__(self, cache, queue):
        self.cache, self.queue = cache, queue
        self.loop: int | None = None  # the event loop's thread (set by the first connection)

    def claim(self, channel) -> bool:
        """True if the loop answers ``channel``'s first request once it is read (waitress calls
        this with the connection's lock held, so the answer cannot be made here); False: the
        request goes to the threads."""
        if self.loop != threading.get_ident() or not isinstance(channel, FairChannel):
            return False
        request = channel.requests[0]
        if request.error or request.expect_continue:
            return False
        client = self.queue.client_of(channel)
        if not self.queue.idle(client):
            return False  # its earlier requests first: answers go out in order, in turn
        if not self.cache.peek(channel.task_for(request).get_environment(), client):
            return False
        self.queue.saw(client)
        channel.claimed = True
        return True
