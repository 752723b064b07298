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
    """List the sentences that no claim, event, agreement, role or skip covers (exit 1 if any),
    then a one-line summary.

    Example: kg coverage
    """
    from kg.seeds.annotations import load_corpus
    from kg.seeds.coverage import sentences, uncovered

    articles = load_corpus(seeds).articles
    total = missing = 0
    for article in articles:
        total += len(sentences(article.text))
        for sentence in uncovered(article):
            line = article.text.count("\n", 0, sentence.start) + 1
            click.echo(f"{article.meta.file}:{line}: {sentence.text}")
            missing += 1
    where = f"{total} sentences in {len(articles)} article{'s' * (len(articles) != 1)}"
    if missing:
        click.echo(f"{missing} of {where} not covered: annotate them or list them under skipped:")
        sys.exit(1)
    click.echo(f"{where}, all covered")
