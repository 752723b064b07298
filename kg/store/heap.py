"""glibc heap settings for a long-running server that forks query workers: memory freed by a load
or by a request goes back to the system instead of staying resident (and being inherited by the
workers). Elsewhere (musl, macOS) these are no-ops."""

from __future__ import annotations

import ctypes

M_MMAP_THRESHOLD = -3  # mallopt parameter (malloc.h)
LARGE_BLOCK = 1 << 20


def release_free_memory() -> None:
    """Give the heap's free pages back now. A load leaves its buffers freed but resident (~300 MB
    after building a 1M-quad on-disk store), and workers forked next would inherit them."""
    trim = _function("malloc_trim")
    if trim is not None:
        trim(0)


def map_large_blocks(threshold: int = LARGE_BLOCK) -> None:
    """Give every allocation of ``threshold`` bytes or more its own mapping, returned when freed.

    By default glibc raises that threshold each time such a block is freed (up to 32 MB), after
    which multi-MB answers are carved from the per-thread heaps of the request threads and stay
    resident once freed: `kg serve` grew by ~70 MB over the competency queries at 1M quads, by
    nothing with a fixed 1 MB threshold. Call it before anything is loaded.
    """
    mallopt = _function("mallopt")
    if mallopt is not None:
        mallopt(M_MMAP_THRESHOLD, threshold)


def _function(name: str):
    try:
        return getattr(ctypes.CDLL(None), name)
    except (OSError, AttributeError):  # no C library to ask, or not glibc
        return None
