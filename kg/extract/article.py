"""The article as given: a UTF-8 text file kept byte for byte, or a saved HTML page whose main
text and metadata (title, date, author) trafilatura extracts."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.errors import KGError

HTML_SUFFIXES = (".html", ".htm", ".xhtml")


@dataclass(frozen=True)
class ArticleText:
    text: str
    title: str | None = None
    date: str | None = None
    author: str | None = None
    sitename: str | None = None


def read_article(path: Path) -> ArticleText:
    """Read ``path``; raise a one-line :class:`KGError` naming it for anything unreadable."""
    if not path.is_file():
        raise KGError(f"{path}: no such file")
    data = path.read_bytes()
    if b"\x00" in data:
        raise KGError(f"{path}: a binary file, not an article (give a UTF-8 .txt or a saved .html page)")
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise KGError(f"{path}: not UTF-8 text (byte {exc.start}); save the article as UTF-8") from None
    article = _from_html(raw, path) if _is_html(path, raw) else ArticleText(raw)
    if not article.text.strip():
        raise KGError(f"{path}: the article has no text")
    return article


def _is_html(path: Path, raw: str) -> bool:
    head = raw.lstrip()[:200].lower()
    return path.suffix.lower() in HTML_SUFFIXES or head.startswith(("<!doctype html", "<html"))


def _from_html(raw: str, path: Path) -> ArticleText:
    import trafilatura  # only HTML input needs it

    document = trafilatura.bare_extraction(raw, with_metadata=True, include_comments=False,
                                           include_tables=False)
    if document is None or not (document.text or "").strip():
        raise KGError(f"{path}: no article text found in the HTML page")
    return ArticleText(document.text, document.title, document.date, document.author,
                       document.sitename)
