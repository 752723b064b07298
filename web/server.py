"""``kg serve``'s HTTP server: waitress, sized for the public internet.

- **Connections.** Up to ``connection_limit`` open connections (watched with ``select()`` up to
  :data:`SELECT_MAX`, with ``poll()`` beyond: ``select`` stops at file descriptor 1024), and an idle
  connection is closed after ``channel_timeout`` seconds, checked every ``cleanup_interval``.
  Half-open connections cost a socket, not a thread: waitress hands a request to a thread only
  once it has arrived whole, so 150 clients that never finish their request do not keep a new
  one waiting (waitress's default limit of 100 connections did).
- **Bodies.** ``max_request_body_size`` is the app's ``MAX_CONTENT_LENGTH``: a request whose
  ``Content-Length`` is larger is answered 413 as soon as its headers are read, and a chunked body
  is cut off at the cap; neither is ever spooled to disk.
- **Fair turns.** waitress's thread pool takes requests from a
  :class:`~web.fair_queue.FairQueue` (clients take turns; one request each in the threads while
  others are present; over-budget clients paced), and cached answers go out through the event
  loop (web.channel.FastLane).
- **Logs.** waitress warns "Task queue depth is N" on every queued request; at most one such line
  per ``QUEUE_LOG_EVERY`` seconds is written (the filter also counts what it drops).
"""

from __future__ import annotations

import logging
import resource
import threading
import time

from flask import Flask
from waitress.server import create_server
from waitress.task import ThreadedTaskDispatcher

from kg.store.fair import Budgets

from .channel import FairChannel, FastLane
from .clients import budgets
from .fair_queue import PACE, FairQueue

QUEUE_LOG_EVERY = 10.0
SELECT_MAX = 800  # connections select() can watch, leaving 200 descriptors for the rest


class FairDispatcher(ThreadedTaskDispatcher):
    """waitress's thread pool, taking requests from a :class:`FairQueue`."""

    def __init__(self, threads: int, per_client: int, trusted: str,
                 budgets: Budgets | None = None):
        super().__init__()
        self.queue = FairQueue(per_client, trusted, self, budgets)
        self.lane: FastLane | None = None
        self.next_warning = 0.0
        self.set_thread_count(threads)
        threading.Thread(target=self._pace, name="kg-pacer", daemon=True).start()

    def _pace(self) -> None:
        while True:
            time.sleep(PACE / 4)
            self.queue.release_paced()

    def add_task(self, task) -> None:
        """waitress's, but a cached answer is sent by the loop (web.channel.FastLane), a thread
        is woken only if the request may run now (not when its client is at its share), and the
        queue-depth warning is checked at most every :data:`QUEUE_LOG_EVERY` seconds (it was
        logged, then filtered, on every request)."""
        if self.lane is not None and self.lane.claim(task):
            return
        with self.lock:
            ready = len(self.queue)
            self.queue.append(task)
            if len(self.queue) > ready:
                self.queue_cv.notify()
            now = time.monotonic()
            if now >= self.next_warning:
                idle = len(self.threads) - self.stop_count - self.active_count
                if len(self.queue) > idle:
                    self.next_warning = now + QUEUE_LOG_EVERY
                    self.queue_logger.warning("Task queue depth is %d", len(self.queue) - idle)


class EveryFewSeconds(logging.Filter):
    """Let one record through per ``seconds``; the next one says how many were dropped."""

    def __init__(self, seconds: float = QUEUE_LOG_EVERY):
        super().__init__()
        self.seconds, self.next, self.dropped = seconds, 0.0, 0
        self._lock = threading.Lock()

    def filter(self, record: logging.LogRecord) -> bool:
        with self._lock:
            now = time.monotonic()
            if now < self.next:
                self.dropped += 1
                return False
            if self.dropped:
                record.msg = f"{record.msg} ({self.dropped} similar messages dropped)"
            self.next, self.dropped = now + self.seconds, 0
            return True


def options(app: Flask, threads: int) -> dict:
    """The waitress adjustments for ``app`` (see the module docstring and docs/endpoint.md)."""
    config = app.config
    connections = int(config["CONNECTION_LIMIT"])
    return {
        "threads": threads, "ident": "kg", "connection_limit": connections,
        "channel_timeout": float(config["CHANNEL_TIMEOUT"]), "cleanup_interval": 2,
        # select() costs less per loop than waitress's poll() (which registers every socket
        # again on each turn) but stops at file descriptor 1024: poll() only above SELECT_MAX.
        "asyncore_use_poll": connections > SELECT_MAX, "backlog": 1024,
        # waitress refuses a body of max_request_body_size bytes or more: one byte over the cap.
        "max_request_body_size": int(config["MAX_CONTENT_LENGTH"]) + 1,
        "inbuf_overflow": 2 * int(config["MAX_CONTENT_LENGTH"]) + 1,  # never a temporary file
    }


def make_server(app: Flask, host: str, port: int, threads: int, **adjustments):
    """A waitress server for ``app`` with :func:`options` (and ``adjustments`` to them) and a
    :class:`FairDispatcher`."""
    _allow_connections(int(app.config["CONNECTION_LIMIT"]))
    logging.getLogger("waitress.queue").addFilter(EveryFewSeconds())
    dispatcher = FairDispatcher(threads, int(app.config["CLIENT_REQUESTS"]),
                                str(app.config["TRUSTED_PROXIES"] or ""), budgets(app))
    cache = app.extensions["kg"].get("responses")
    if cache is not None:
        dispatcher.lane = FastLane(cache, dispatcher.queue)
    server = create_server(app, host=host, port=port, _dispatcher=dispatcher,
                           **{**options(app, threads), **adjustments})
    for listening in [server, *(getattr(server, "map", None) or server._map).values()]:
        if getattr(listening, "accepting", False):
            dispatcher.queue.wake = listening.pull_trigger  # one loop, whichever socket's trigger
            listening.channel_class = FairChannel
            listening.readable = _turn_starts(listening.readable, dispatcher.queue)
    return server


def _turn_starts(readable, queue: FairQueue):
    """The listening socket's ``readable``, asked once per turn of the event loop: a new turn."""
    def asked() -> bool:
        queue.new_turn()
        return readable()
    return asked


def _allow_connections(limit: int) -> None:
    """Raise the open-file limit so that ``limit`` connections fit, where the hard limit allows."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = limit + 256  # the store, the workers' pipes, logs
    if soft != resource.RLIM_INFINITY and soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE,
                           (wanted if hard == resource.RLIM_INFINITY else min(wanted, hard), hard))
