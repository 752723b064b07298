"""Stage 0 — ``kg extract``: draft the annotation of a new article from its text.

The draft is written in the seeds format (``<id>.txt``, ``<id>.meta.yaml``, ``<id>.ann.yaml`` and,
for names the registry lacks, ``<id>.registry.yaml``), linked to the registry and corpus of a
seeds folder, every item ``reviewed: false`` with a confidence, for a curator to review. This
stage is upstream of every other: it reads the seeds folder as files and imports no stage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import yaml

from kg.errors import KGError

from .article import ArticleText, read_article
from .assemble import Extraction, annotation, registry
from .draft import Found, article_id, find_all
from .knowledge import Knowledge, load_knowledge
from .language import detect_language
from .proposals import slug
from .rules import LANGUAGES
from .writer import draft_flags, dump, write_atomic

TOOL = "kg extract"


def tool_version() -> str:
    try:
        return version("cuba-venezuela-kg")
    except PackageNotFoundError:  # a checkout that was never installed
        return "0+unknown"


@dataclass(frozen=True)
class Options:
    published: date
    seeds: Path
    language: str | None = None
    article: str | None = None
    outlet: str | None = None
    author: str | None = None
    headline: str | None = None


@dataclass(frozen=True)
class Draft:
    id: str
    text: str
    meta: dict
    annotation: dict
    registry: dict | None
    notes: list[str]
    found: Found


def extract(path: Path, options: Options, now: datetime | None = None) -> Draft:
    """Draft the article at ``path`` (a UTF-8 ``.txt`` or a saved ``.html`` page)."""
    given = read_article(path)
    return extract_text(given, options, default_id=path.stem, now=now)


def extract_text(given: ArticleText, options: Options, default_id: str = "article",
                 now: datetime | None = None) -> Draft:
    text = given.text
    if options.language is not None and options.language not in LANGUAGES:
        raise KGError(f"--lang: {options.language!r} is not supported (use en or es)")
    language = options.language or detect_language(text)
    ident = article_id(options.article or default_id)
    known = load_knowledge(options.seeds, skip_article=ident)
    headline = options.headline or given.title or _first_line(text)
    found = find_all(text, language, ident, options.published, headline, known)
    run = Extraction(TOOL, tool_version(), (now or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ"))
    meta, extra = _meta(ident, language, headline, options, given, known)
    ann, notes = annotation(found, ident, known, run)
    return Draft(ident, text, meta, ann, registry(found, language, extra, run), notes, found)


def _first_line(text: str) -> str:
    return next(line.strip() for line in text.splitlines() if line.strip())


def _meta(ident: str, language: str, headline: str, options: Options, given: ArticleText,
          known: Knowledge) -> tuple[dict, list[dict]]:
    """The metadata, and registry entries for an outlet or author the registry lacks."""
    extra = []
    outlet = options.outlet or (slug(given.sitename) if given.sitename else "unknown-outlet")
    author = options.author or (slug(given.author) if given.author else "unknown-author")
    for entity, kind, name in ((outlet, "MediaOutlet", given.sitename), (author, "Person", given.author)):
        if entity not in known.entities:
            written = name or _written(given.text, entity)
            label = written or entity.replace("-", " ").title()
            extra.append({"id": entity, "type": kind, "label": {"en": label},
                          "aliases": [written] if written else [], **draft_flags(0.4)})
    meta = {"id": ident, "file": f"{ident}.txt", "outlet": outlet, "author": author,
            "headline": headline, "published": options.published.isoformat(),
            "publishedText": options.published.isoformat(), "language": language}
    return meta, extra


def _written(text: str, entity: str) -> str | None:
    """How the text writes a slug ("cubaheadlines" → "CubaHeadlines"), if it does."""
    for m in re.finditer(r"(?<!\w)[A-Z][\w’'.-]*(?:[ -][A-Z][\w’'.-]*){0,3}", text):
        words = m.group().split()
        for n in range(len(words), 0, -1):
            if slug(" ".join(words[:n])) == entity:
                return " ".join(words[:n])
    return None


HEADER = ("Drafted by {tool} {version} on {at}. A machine draft: check each item against the\n"
          "article, correct it, and delete its `reviewed: false` once checked; then run\n"
          "`kg check` and `kg build`.")


def write(draft: Draft, out: Path) -> list[Path]:
    """Write the draft's files into ``out`` (atomically, each); return their paths."""
    run = draft.annotation["extraction"]
    header = HEADER.format(**run)
    files = {f"{draft.id}.txt": draft.text.encode("utf-8"),
             f"{draft.id}.meta.yaml": dump(draft.meta, f"Metadata of {draft.id} ({TOOL} draft)."),
             f"{draft.id}.ann.yaml": dump(draft.annotation, header, _proposition_notes(draft))}
    if draft.registry:
        files[f"{draft.id}.registry.yaml"] = dump(draft.registry, "Entities proposed by " + header)
    written = []
    for name, data in files.items():
        write_atomic(out / name, data)
        written.append(out / name)
    return written


def _proposition_notes(draft: Draft) -> dict[str, list[str]]:
    notes: dict[str, list[str]] = {}
    props = [c["proposition"] for c in draft.annotation.get("claims", []) if "proposition" in c]
    for prop, note in zip(props, draft.notes, strict=True):
        notes.setdefault(f"proposition: {prop}", []).append(note)
    return notes


def load_draft_yaml(path: Path) -> dict:
    """A written draft file, read back as data (tests and the benchmark compare data)."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


__all__ = ["Draft", "Options", "extract", "extract_text", "write", "tool_version"]
