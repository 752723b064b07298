"""Map a function over items in forked worker processes, in order, with progress callbacks.

Forked workers inherit what the parent has loaded (the corpus, the shapes) for free, so a job
sends only an index or a small value. Few items, or one worker, run in-process: a fork costs more
than converting two articles.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")
Progress = Callable[[str, int], AbstractContextManager[Callable[[int], Any]]]
"""``progress(label, total)`` gives a context manager yielding ``update(n)``; the CLI draws a bar."""

SHARED: dict[str, Any] = {}
"""What the parent sets before a map; forked workers read it (never pickled)."""


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection in this process for the block (workers forked in it collect
    as usual). For work that builds a large heap of long-lived objects, such as a build's
    cached corpus, graphs and summaries: each collection they trigger walks the whole heap, and
    that was a third of a one-edit rebuild at 1M quads. What the block leaves as cyclic garbage
    is collected after it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def no_progress(label: str, total: int) -> AbstractContextManager[Callable[[int], Any]]:
    return nullcontext(lambda n: None)


def pmap(func: Callable[[T], R], items: Sequence[T], *, workers: int | None = None,
         label: str = "", progress: Progress = no_progress) -> list[R]:
    """``[func(x) for x in items]``, spread over ``workers`` forked processes."""
    workers = min(workers or default_workers(), len(items))
    with progress(label, len(items)) as update:
        if workers <= 1 or len(items) < 2:
            return [_tick(func(item), update) for item in items]
        return [_tick(result, update) for result in _forked(func, items, workers)]


def _forked(func: Callable[[T], R], items: Sequence[T], workers: int) -> Iterator[R]:
    chunk = max(1, min(16, len(items) // (workers * 8)))  # small chunks: progress and balance
    context = multiprocessing.get_context("fork")
    # Objects the parent made before forking are never freed by the workers: keep the collector
    # off them, or each worker's first full collection touches (and copies) every shared page.
    gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context,
                                 initializer=gc.enable) as pool:  # see collector_paused
            yield from pool.map(func, items, chunksize=chunk)
    finally:
        gc.unfreeze()


def _tick(result: R, update: Callable[[int], Any]) -> R:
    update(1)
    return result


def share(**values: Any) -> None:
    """Make ``values`` visible to the workers of the next :func:`pmap` (set before forking)."""
    SHARED.clear()
    SHARED.update(values)

