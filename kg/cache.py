"""A content-addressed cache for the build: one file per entry under ``build/.cache/<kind>/``.

An entry's key is a hash of everything its value was computed from (file bytes, the registry,
the ontology, the shapes) *plus* :func:`code_hash`, so editing any module of the ``kg`` package
invalidates the whole cache instead of serving a stale result. Values are pickled; a damaged or
unreadable entry counts as a miss and is recomputed. Entries are written atomically (temporary
file + rename) and not fsync'd: the cache can always be rebuilt, ``kg.trig`` is what must survive.

The cache holds pickles, so it must only ever be read from a directory the builder controls.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections import Counter
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from kg import __version__
from kg.parallel import collector_paused

PACKAGE = Path(__file__).resolve().parent


@cache
def code_hash() -> str:
    """Hash of the package version and every ``kg/**/*.py`` file: a new build of the code is a new
    cache (the convert and validate functions are part of every key)."""
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(PACKAGE.rglob("*.py")):
        digest.update(str(path.relative_to(PACKAGE)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def digest(*parts: str | bytes) -> str:
    """SHA-256 over ``parts``, each length-prefixed so ``("ab", "c")`` ≠ ``("a", "bc")``."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class Cache:
    """Entries by ``(kind, key)``; ``root=None`` disables it (every lookup misses, nothing is kept).

    ``stats[kind]`` counts ``hit`` and ``miss``; :meth:`prune` deletes what this run did not use,
    so the cache holds one build's worth of entries rather than growing with every edit.
    """

    def __init__(self, root: Path | None, salt: str = ""):
        self.root = root
        self.salt = digest(code_hash(), salt)
        self.stats: dict[str, Counter] = {}
        self._used: set[Path] = set()

    def key(self, *parts: str | bytes) -> str:
        return digest(self.salt, *parts)

    def get(self, kind: str, key: str) -> Any | None:
        value = self.read(kind, key)
        self.stats.setdefault(kind, Counter())["hit" if value is not None else "miss"] += 1
        return value

    def read(self, kind: str, key: str) -> Any | None:
        """The entry, or None if it is missing or damaged; not counted in :attr:`stats`."""
        path = self._path(kind, key)
        if path is None:
            return None
        try:
            with open(path, "rb") as file, collector_paused():
                value = pickle.load(file)
        except FileNotFoundError:
            return None
        except Exception:  # a torn or foreign file: recompute rather than trust it
            return None
        self._used.add(path)
        return value

    def has(self, kind: str, key: str) -> bool:
        """Whether the entry exists, without reading it; counted like :meth:`get`, and kept by
        :meth:`prune`. Whoever reads it later must still expect a damaged entry (:meth:`read`)."""
        path = self._path(kind, key)
        found = path is not None and path.is_file()
        if found:
            self._used.add(path)
        self.stats.setdefault(kind, Counter())["hit" if found else "miss"] += 1
        return found

    def keep(self, kind: str, key: str) -> None:
        """Keep the entry (if there is one) through :meth:`prune` without reading it."""
        path = self._path(kind, key)
        if path is not None and path.is_file():
            self._used.add(path)

    def recount(self, kind: str) -> None:
        """Count an entry :meth:`has` found as a miss: it turned out damaged when read."""
        stats = self.stats.setdefault(kind, Counter())
        stats["hit"] -= 1
        stats["miss"] += 1

    def get_or_make(self, kind: str, key: str, make: Callable[[], Any]) -> Any:
        """The entry, or ``make()`` stored under it."""
        value = self.get(kind, key)
        if value is None:
            value = make()
            self.put(kind, key, value)
        return value

    def put(self, kind: str, key: str, value: Any) -> None:
        path = self._path(kind, key)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as file:
                pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
        self._used.add(path)

    def counts(self, kind: str) -> tuple[int, int]:
        """``(hits, misses)`` of ``kind`` in this run."""
        stats = self.stats.get(kind, Counter())
        return stats["hit"], stats["miss"]

    def prune(self) -> int:
        """Delete the entries this run did not read or write; return how many."""
        if self.root is None or not self.root.is_dir():
            return 0
        stale = [p for p in self.root.glob("*/*/*") if p.is_file() and p not in self._used]
        for path in stale:
            path.unlink(missing_ok=True)
        for folder in {p.parent for p in stale}:
            if not any(folder.iterdir()):
                folder.rmdir()
        return len(stale)

    def _path(self, kind: str, key: str) -> Path | None:
        if self.root is None:
            return None
        return self.root / kind / key[:2] / key
