"""Write a file made of keyed pieces, copying the pieces the previous file already holds.

``kg build`` writes ``kg.trig`` as the prefix lines and one TriG block per named graph; each
piece's bytes are a function of its key (a cache key: the code, the base IRI and the graph's
inputs). An index beside the output records each piece's key and byte range. After an edit,
the new file is written by copying the unchanged pieces' ranges from the previous file (in the
kernel: ``os.copy_file_range``) and writing only the changed ones, still to a temporary file
renamed over the output. The index is trusted only while it describes the file as it is on
disk (same inode, size and modification time, ranges that tile it); anything else (no index, a
torn one, one from another output, a file replaced since) means a full write.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from contextlib import suppress
from itertools import pairwise
from pathlib import Path

from .export import atomic_fd, write_all

Piece = tuple[str, Callable[[], bytes]]
"""A piece of the file: its key and how to make its bytes when the previous file lacks them."""

FORMAT = 1


def write_pieces(path: Path, pieces: Sequence[Piece], index: Path | None) -> int:
    """Write the pieces' bytes, in order, to ``path`` atomically; reuse the previous file's bytes
    of every piece ``index`` lists under the same key, then record the new file in ``index``
    (``None``: no reuse, no index). Return how many pieces were made rather than copied."""
    old = _previous(path, index) if index is not None else {}
    layout: list[tuple[str, int, int]] = []
    with atomic_fd(path) as out, _opened(path, bool(old)) as src:
        run = _Run(src, out)  # consecutive reused pieces are copied in one call
        for key, make in pieces:
            offset = layout[-1][1] + layout[-1][2] if layout else 0
            if key in old:
                run.add(*old[key])
                layout.append((key, offset, old[key][1]))
            else:
                run.flush()
                data = make()
                write_all(out, data)
                layout.append((key, offset, len(data)))
        run.flush()
        stat = os.fstat(out)  # a rename keeps the inode and the modification time
    if index is not None:
        _save(index, stat, layout)
    return sum(key not in old for key, _ in pieces)


class _Run:
    """A range of the previous file still to be copied."""

    def __init__(self, src: int, dst: int):
        self.src, self.dst, self.start, self.length = src, dst, 0, 0

    def add(self, offset: int, length: int) -> None:
        if self.length and offset != self.start + self.length:
            self.flush()
        if not self.length:
            self.start = offset
        self.length += length

    def flush(self) -> None:
        if self.length:
            _copy(self.src, self.dst, self.start, self.length)
        self.length = 0


def _previous(path: Path, index: Path) -> dict[str, tuple[int, int]]:
    """Key → (offset, length) of the pieces of ``path``, if ``index`` describes it; else {}."""
    try:
        saved = json.loads(index.read_text(encoding="utf-8"))
        stat = path.stat()
        if saved["format"] != FORMAT or saved["file"] != _identity(stat):
            return {}
        pieces = {key: (int(offset), int(length)) for key, offset, length in saved["pieces"]}
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    ends = sorted((offset, offset + length) for offset, length in pieces.values())
    tiled = bool(ends) and ends[0][0] == 0 and ends[-1][1] == stat.st_size
    return pieces if tiled and all(a[1] == b[0] for a, b in pairwise(ends)) else {}


def _identity(stat: os.stat_result) -> list[int]:
    return [stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns]


def _save(index: Path, stat: os.stat_result, layout: list[tuple[str, int, int]]) -> None:
    """Write the index after the output is in place: a crash in between leaves an index that no
    longer matches the file (another inode), so the next build writes in full."""
    text = json.dumps({"format": FORMAT, "file": _identity(stat), "pieces": layout})
    with atomic_fd(index, sync=False) as out:
        write_all(out, text.encode("utf-8"))


class _opened:
    """The previous output opened for reading (if needed), closed afterwards."""

    def __init__(self, path: Path, needed: bool):
        self.path, self.needed, self.fd = path, needed, -1

    def __enter__(self) -> int:
        if self.needed:
            self.fd = os.open(self.path, os.O_RDONLY)
        return self.fd

    def __exit__(self, *exc) -> None:
        if self.fd >= 0:
            os.close(self.fd)


def _copy(src: int, dst: int, offset: int, length: int) -> None:
    """Copy ``length`` bytes at ``offset`` of ``src`` to the end of ``dst``, in the kernel where
    it can (a reflink on filesystems that share extents), else through a buffer."""
    with suppress(OSError):
        while length:
            done = os.copy_file_range(src, dst, length, offset)
            if done == 0:
                raise OSError("the previous output is shorter than its index says")
            offset, length = offset + done, length - done
    while length:
        data = os.pread(src, min(length, 1 << 20), offset)
        if not data:
            raise OSError("the previous output is shorter than its index says")
        write_all(dst, data)
        offset, length = offset + len(data), length - len(data)
