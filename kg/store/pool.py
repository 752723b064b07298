"""Evaluate queries in worker processes that are killed and replaced when they run too long.

Neither pyoxigraph nor rdflib can cancel a running query, and a Python thread cannot be killed
(reliability.md §4b), so the only real time limit is a process boundary. Workers are forked: they
inherit the loaded in-memory store for free (copy-on-write) and a replacement starts in
milliseconds. The answer is serialised in the worker and sent back whole, so a timeout is always a
clean error and never a truncated response.

A worker is a second line of defence behind the web process: it runs the guard again on every
query (:func:`kg.store.query.run`), has no network (an empty network namespace, where the kernel
allows one), a capped address space and a larger stack than the default 8 MB (Oxigraph recurses
once per nesting level: 4,000 nested braces overflowed 8 MB and killed the worker). Slots are
handed out by a :class:`kg.store.fair.Scheduler`, so one client cannot hold every worker.
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

from .fair import QueueTimeout, Scheduler
from .oxigraph import Store
from .query import Answer, Job, QueryError, QueryTimeout, evaluate

_STORE: Store | None = None  # the worker's store, set once by _init_worker
_GUARD = True  # whether the worker checks each query again (off only to test the other defences)
_PROTECTIONS: dict = {}  # what _init_worker could put in place, for the startup log
# Recycle a worker by age (this many queries), not often: each fresh fork copies the store's
# pages again as its queries touch them (1,000 re-forked a worker every ~1 s under load). A worker
# that leaks meets its address-space cap (KG_WORKER_MEMORY_MB) first, dies and is replaced.
TASKS_PER_WORKER = 100_000
STACK_MB = 64  # 8,000 nested brackets (a 16 KB query) need ~40 MB
NEXT_PER_WORKER = 1  # queries that may wait in the pool's pipe per worker, ready to start


class WorkerLost(QueryError):
    """The worker died while evaluating the query (a crash, or the memory cap)."""


class QueryPool:
    """A fixed number of worker processes; :meth:`run` waits at most ``timeout`` seconds once a
    worker has the query. ``isolate``: cut the workers' network; ``guard=False`` only for tests of
    the other defences."""

    def __init__(self, store: Store, *, workers: int = 2, timeout: float = 10.0,
                 memory_mb: int = 0, stack_mb: int = STACK_MB, isolate: bool = True,
                 guard: bool = True, scheduler: Scheduler | None = None):
        self.store, self.workers, self.timeout, self.memory_mb = store, workers, timeout, memory_mb
        self.settings = (memory_mb, stack_mb, isolate, guard)
        self.scheduler = scheduler or Scheduler(slots(workers), client_queries=slots(workers),
                                                client_workers=slots(workers))
        self._pool: pebble.ProcessPool | None = None
        self._lock = threading.Lock()

    def run(self, job: Job, client: str = "") -> Answer:
        """Evaluate ``job`` in a worker, within ``client``'s share of the workers.

        :raise TooManyQueries, QueueTimeout: see :class:`kg.store.fair.Scheduler`.
        :raise QueryTimeout: not finished within the time limit (the worker is killed).
        :raise WorkerLost: the worker died.
        :raise QueryError: whatever :func:`kg.store.query.evaluate` raised.
        """
        with self.scheduler.slot(client):
            return self._run(job)

    def _run(self, job: Job) -> Answer:
        # pebble's timer starts when a worker takes the task, so a query that waits in the
        # pool's pipe (the scheduler lets one wait per worker, ready to start the moment the
        # worker is free) does not spend its time limit there; waiting beyond the queue's own
        # limit plus one query's time is a backstop.
        future = self._pebble().schedule(_evaluate, args=(job,), timeout=self.timeout)
        try:
            return future.result(timeout=self.timeout + self.scheduler.queue_wait + 1)
        except pebble.ProcessExpired as exc:
            raise WorkerLost(_lost(exc.exitcode)) from None
        except (TimeoutError, CancelledError):
            started = future.running() or future.done()
            future.cancel()  # pebble stops the worker, if it had started, and starts a fresh one
            if not started:
                raise QueueTimeout("no query worker became free in time; the server is busy, "
                                   "try again shortly") from None
            raise QueryTimeout(f"the query did not finish within the {self.timeout:g} s "
                               "time limit and was stopped") from None

    def start(self) -> dict:
        """Fork the workers now (before a server opens sockets the workers would inherit); what
        protections a worker has: ``network`` (``cut``, or ``open`` and why), ``stack_mb``,
        ``memory_mb``, ``guard``."""
        with self.scheduler.slot("kg-start"):
            return self._pebble().schedule(_protections).result(timeout=max(30, self.timeout))

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
                    initializer=_init_worker, initargs=(self.store, *self.settings),
                    context=multiprocessing.get_context("fork"))
            return self._pool


def slots(workers: int) -> int:
    """Queries the scheduler may hand to a pool of ``workers``: one running per worker, and
    :data:`NEXT_PER_WORKER` each waiting in the pipe so that a worker never idles between two."""
    return workers * (1 + NEXT_PER_WORKER)


def _lost(exitcode: int | None) -> str:
    """Why a worker died, as far as its exit code tells."""
    if exitcode == -signal.SIGSEGV:
        return ("the query crashed the query engine (signal SIGSEGV; a very deeply nested query "
                "can do that); the worker was replaced")
    if exitcode in (-signal.SIGKILL, -signal.SIGABRT):
        return (f"the query stopped abnormally (exit code {exitcode}); it probably needed more "
                "memory than a worker may use")
    return f"the query stopped abnormally (exit code {exitcode}); the worker was replaced"


def _init_worker(store: Store, memory_mb: int, stack_mb: int, isolate: bool,
                 guard: bool) -> None:
    global _STORE, _GUARD
    # pebble's SIGTERM handler is Python code, which cannot run until the engine returns:
    # restore the default so that stopping a worker is immediate.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _close_inherited_sockets()
    if getattr(store, "needs_network", False):
        network = "open: the store is a remote endpoint"
    elif not isolate:
        network = "open: switched off (KG_ISOLATE_WORKERS=0)"
    else:
        network = "cut" if cut_network() else "open: the kernel refused a network namespace"
    _PROTECTIONS.update(network=network, stack_mb=_raise_stack(stack_mb), guard=guard,
                        memory_mb=memory_mb if memory_mb and _limit_memory(memory_mb) else 0)
    _STORE = store.for_worker() if hasattr(store, "for_worker") else store
    _GUARD = guard


def _evaluate(job: Job) -> Answer:
    assert _STORE is not None, "worker not initialised"
    return evaluate(_STORE, job, check=_GUARD)


def _protections() -> dict:
    return dict(_PROTECTIONS)


CLONE_NEWUSER, CLONE_NEWNET = 0x10000000, 0x40000000


def cut_network() -> bool:
    """Move this process into a new, empty network namespace: no interface, no route, so no
    query can reach any host, whatever the engine does (SERVICE, LOAD).

    Defence in depth behind :mod:`kg.store.guard`, as reliability.md asks ("workers have no
    network egress"). Root may create the namespace directly; other users need a user namespace
    too. Returns False where the kernel allows neither (Docker's default seccomp profile refuses
    ``unshare``); the guard, which the worker runs too, is then the only barrier.
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


def _limit_memory(memory_mb: int) -> bool:
    """Cap the address space at what the worker inherited plus ``memory_mb``."""
    try:
        with open("/proc/self/statm") as statm:
            inherited = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return False
    limit = inherited + memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    return True


def _raise_stack(stack_mb: int) -> int:
    """Let the main thread's stack (where the engine runs) grow to ``stack_mb``, as far as the
    hard limit allows; the megabytes it may now use. Linux grows the main stack on demand up to
    the soft limit of the moment, so raising it after the fork is enough."""
    soft, hard = resource.getrlimit(resource.RLIMIT_STACK)
    wanted = stack_mb * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    if soft == resource.RLIM_INFINITY or soft >= wanted:
        return stack_mb if soft == resource.RLIM_INFINITY else soft // 2**20
    resource.setrlimit(resource.RLIMIT_STACK, (wanted, hard))
    return wanted // 2**20
