"""``kg check`` and ``kg coverage``: the curator's checks of the seed files."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .options import friendly_errors, seeds_option


@click.command()
@seeds_option
@friendly_errors
def check(seeds: Path):
    """Load and cross-check every seed file; report errors as file:line: field: message.

    Example: kg check --seeds seeds/
    """
    from kg.seeds.annotations import load_corpus

    corpus = load_corpus(seeds)
    claims = sum(len(a.annotation.claims) for a in corpus.articles)
    click.echo(f"ok: {len(corpus.articles)} articles, {claims} claims, "
               f"{len(corpus.registry.entities)} registry entities")



@click.command()
@seeds_option
@friendly_errors
def coverage(seeds: Path):
    """List the sentences that no claim, event, agreement, role or skip covers (exit 1 if any).

    Example: kg coverage
    """
    from kg.seeds.annotations import load_corpus
    from kg.seeds.coverage import uncovered

    missing = 0
    for article in load_corpus(seeds).articles:
        for sentence in uncovered(article):
            line = article.text.count("\n", 0, sentence.start) + 1
            click.echo(f"{article.meta.file}:{line}: {sentence.text}")
            missing += 1
    sys.exit(1 if missing else 0)


DATA = Path("build/kg.trig")
data_option = click.option(
    "--data", type=click.Path(dir_okay=False, path_type=Path), default=DATA, show_default=True,
    help="RDF dataset file to load: TriG, N-Quads, Turtle or N-Triples (by extension).",
)
