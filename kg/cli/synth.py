"""``kg synth``: a synthetic corpus for tests and benchmarks."""

from __future__ import annotations

from pathlib import Path

import click

from .options import friendly_errors


@click.command()
@click.option("--articles", "count", type=click.IntRange(1), required=True,
              help="How many articles to write.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder to write them to (a seeds folder: texts, meta, annotations, registry).")
@click.option("--seed", default=0, show_default=True, help="Random seed: same seed, same files.")
@click.option("--density", default=1.0, show_default=True, type=click.FloatRange(0.01, 4),
              help="Annotations per article relative to the real seeds (1 = as dense).")
@friendly_errors
def synth(count: int, out: Path, seed: int, density: float):
    """Write a synthetic corpus annotated like the seeds, to test and measure at scale.

    Every name in it is invented. Build it like the seeds: kg build --seeds OUT --out DIR.

    Example: kg synth --articles 100 --out /tmp/corpus --seed 1
    """
    from kg.synth.corpus import synth as write

    made = write(count, out, seed=seed, density=density)
    click.echo(f"wrote {made.articles} articles ({made.claims} claims, {made.events} events) "
               f"to {out}")
