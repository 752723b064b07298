"""The draft in the seeds format: plain YAML, every item ``reviewed: false`` with a confidence.

Offsets never leave this stage: each item points at the text by its verbatim ``quote`` (and
``occurrence`` when the quote is not unique), as a curator would write it.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import yaml


def occurrence(text: str, start: int, end: int) -> dict:
    """``{quote, occurrence?}`` that points at ``text[start:end]`` (occurrences may overlap,
    as the seeds loader counts them)."""
    quote, at, n = text[start:end], text.find(text[start:end]), 0
    total = 0
    while at != -1:
        total += 1
        if at == start:
            n = total
        at = text.find(quote, at + 1)
    return {"quote": quote, "occurrence": n} if total > 1 else {"quote": quote}


def draft_flags(confidence: float) -> dict:
    return {"reviewed": False, "confidence": round(max(0.0, min(1.0, confidence)), 2)}


def dump(data: dict, header: str, comments: dict[str, list[str]] | None = None) -> str:
    """YAML with a header comment; ``comments`` appends a comment to the n-th line holding a key
    (``{"proposition: x": ["score 0.8"]}``), in order."""
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    lines = body.splitlines()
    for key, notes in (comments or {}).items():
        queue = list(notes)
        for i, line in enumerate(lines):
            if queue and re.match(rf"^\s*(- )?{re.escape(key)}$", line):
                lines[i] = f"{line}  # {queue.pop(0)}"
    text = "".join(f"# {line}\n" for line in header.splitlines()) + "\n".join(lines) + "\n"
    return text


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write beside ``path`` and rename: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
