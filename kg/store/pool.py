"""Evaluate queries in worker processes that are killed and replaced when they run too long.

Neither pyoxigraph nor rdflib can cancel a running query, and a Python thread cannot be killed
(reliability.md §4b), so the only real time limit is a process boundary. Workers are forked: they
inherit the loaded in-memory store for free (copy-on-write) and a replacement starts in
milliseconds. The answer is serialised in the worker and sent back whole, so a timeout is always a
clean error and never a truncated response.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import signal
import stat
import threading
from concurrent.futures import CancelledError

import pebble

from .oxigraph import Store
from .query import Answer, Job, QueryError, QueryTimeout, evaluate

_STORE: Store | None = None  # the worker's store, set once by _init_worker
TASKS_PER_WORKER = 1000  # recycle workers now and then, whatever the engine leaks


class WorkerLost(QueryError):
    """The worker died while evaluating the query (for example it ran out of memory)."""


class QueryPool:
    """A fixed number of worker processes; :meth:`run` waits at most ``timeout`` seconds."""

    def __init__(self, store: Store, *, workers: int = 2, timeout: float = 10.0,
                 memory_mb: int = 0):
        self.store, self.workers, self.timeout, self.memory_mb = store, workers, timeout, memory_mb
        self._pool: pebble.ProcessPool | None = None
        self._lock = threading.Lock()

    def run(self, job: Job) -> Answer:
        """Evaluate ``job`` in a worker.

        :raise QueryTimeout: not finished within the time limit (the worker is killed).
        :raise WorkerLost: the worker died.
        :raise QueryError: whatever :func:`kg.store.query.evaluate` raised.
        """
        # pebble's own timeout is a backstop; ours also counts the time spent queued.
        future = self._pebble().schedule(_evaluate, args=(job,), timeout=self.timeout + 1)
        try:
            return future.result(timeout=self.timeout)
        except (TimeoutError, CancelledError):
            future.cancel()  # pebble stops the worker and starts a fresh one
            raise QueryTimeout(f"the query did not finish within the {self.timeout:g} s "
                               "time limit and was stopped") from None
        except pebble.ProcessExpired as exc:
            raise WorkerLost(f"the query stopped abnormally (exit code {exc.exitcode}); "
                             "it may have needed too much memory") from None

    def start(self) -> None:
        """Fork the workers now (before a server opens sockets the workers would inherit)."""
        self.run(Job("ASK {}"))

    def close(self) -> None:
        """Stop all workers."""
        with self._lock:
            if self._pool is not None:
                self._pool.stop()
                self._pool.join()
                self._pool = None

    def _pebble(self) -> pebble.ProcessPool:
        with self._lock:
            if self._pool is None or not self._pool.active:  # new, or broken by a lost worker
                if self._pool is not None:
                    self._pool.stop()
                self._pool = pebble.ProcessPool(
                    max_workers=self.workers, max_tasks=TASKS_PER_WORKER,
                    initializer=_init_worker, initargs=(self.store, self.memory_mb),
                    context=multiprocessing.get_context("fork"))
            return self._pool


def _init_worker(store: Store, memory_mb: int) -> None:
    global _STORE
    # pebble's SIGTERM handler is Python code, which cannot run until the engine returns:
    # restore the default so that stopping a worker is immediate.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _close_inherited_sockets()
    if not getattr(store, "needs_network", False):
        cut_network()
    if memory_mb:
        _limit_memory(memory_mb)
    _STORE = store.for_worker() if hasattr(store, "for_worker") else store


def _evaluate(job: Job) -> Answer:
    assert _STORE is not None, "worker not initialised"
    return evaluate(_STORE, job)


CLONE_NEWUSER, CLONE_NEWNET = 0x10000000, 0x40000000


def cut_network() -> bool:
    """Move this process into a new, empty network namespace: no interface, no route, so no
    query can reach any host, whatever the engine does (SERVICE, LOAD).

    Defence in depth behind :mod:`kg.store.guard`, as reliability.md asks ("workers have no network
    egress"). Root may create the namespace directly; other users need a user namespace too.
    Returns False where the kernel allows neither; the guard is then the only barrier.
    """
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return False
    for flags in (CLONE_NEWNET, CLONE_NEWUSER | CLONE_NEWNET):
        if libc.unshare(flags) == 0:
            return True
    return False


def _close_inherited_sockets() -> None:
    """A worker forked while the server runs holds copies of its client sockets; closing them
    lets the server's own close reach the client (pebble talks to workers over pipes)."""
    try:
        fds = [int(fd) for fd in os.listdir("/proc/self/fd")]
    except OSError:  # not Linux: nothing to do
        return
    for fd in fds:
        try:
            if stat.S_ISSOCK(os.fstat(fd).st_mode):
                os.close(fd)
        except OSError:
            pass


def _limit_memory(memory_mb: int) -> None:
    """Cap the address space at what the worker inherited plus ``memory_mb``."""
    try:
        with open("/proc/self/statm") as statm:
            inherited = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return
    limit = inherited + memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
