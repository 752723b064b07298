"""``kg extract``: draft the annotation of a new article for a curator to review."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from kg.errors import KGError

from .options import SEEDS, friendly_errors


def _published(value: str | None) -> date:
    """Checked here, not by click, so that a bad value is one line on stderr like every error."""
    if value is None:
        raise KGError("--published: required, the publication date YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise KGError(f"--published: {value!r} is not a date YYYY-MM-DD") from None


@click.command()
@click.argument("article", type=click.Path(path_type=Path))
@click.option("--published", help="Publication date, YYYY-MM-DD: relative dates are resolved "
              "against it (required).")
@click.option("--lang", default=None, help="Article language, en or es (default: detected).")
@click.option("--id", "article_id", default=None, help="Article id (default: the file name).")
@click.option("--outlet", default=None, help="Registry id of the outlet (proposed if unknown).")
@click.option("--author", default=None, help="Registry id of the author (proposed if unknown).")
@click.option("--headline", default=None, help="Headline (default: the page title or first line).")
@click.option("--seeds", type=click.Path(file_okay=False, path_type=Path), default=SEEDS,
              show_default=True, help="Seeds folder: the registry and corpus to link against.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write ID.txt, ID.meta.yaml, ID.ann.yaml (and ID.registry.yaml) to "
              "(required).")
@friendly_errors
def extract(article: Path, published: str | None, lang: str | None, article_id: str | None,
            outlet: str | None, author: str | None, headline: str | None, seeds: Path, out: Path):
    """Draft the annotation of ARTICLE (a UTF-8 .txt or a saved .html page) in the seeds format.

    Every drafted item is marked `reviewed: false` with a confidence; review it, delete the flag,
    then run kg check and kg build.

    Example: kg extract story.txt --published 2026-02-24 --outlet reuters --out seeds/
    """
    from kg.extract import Options, write
    from kg.extract import extract as draft_article

    if out is None:
        raise KGError("--out: required, the folder to write the draft to")
    options = Options(_published(published), seeds, lang, article_id, outlet, author, headline)
    draft = draft_article(article, options)
    for path in write(draft, out):
        click.echo(f"wrote {path}")
    ann = draft.annotation
    click.echo(f"drafted: {len(ann.get('claims', []))} claims, {len(ann.get('sources', []))} sources, "
               f"{len(ann.get('events', []))} events, {len(ann.get('mentions', []))} mentions, "
               f"{len((draft.registry or {}).get('entities', []))} proposed entities "
               f"({draft.meta['language']}); all reviewed: false")
