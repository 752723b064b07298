"""What the commands share: error handling, common options, progress bars."""

from __future__ import annotations

import functools
import sys
from contextlib import contextmanager
from pathlib import Path

import click

from kg.errors import KGError, ValidationFailed

SEEDS = Path("seeds")


def friendly_errors(func):
    """Turn library errors into a message on stderr and exit code 2 (1 for violations)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except ValidationFailed as exc:
            click.echo(exc.report_text or str(exc), err=True)
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)
        except KGError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(2)
        except OSError as exc:
            click.echo(f"error: {exc.filename or ''}: {exc.strerror or exc}", err=True)
            sys.exit(2)

    return wrapper


seeds_option = click.option(
    "--seeds", type=click.Path(file_okay=False, path_type=Path), default=SEEDS, show_default=True,
    help="Folder with the articles, their metadata and annotations.",
)



DATA = Path("build/kg.trig")
data_option = click.option(
    "--data", type=click.Path(dir_okay=False, path_type=Path), default=DATA, show_default=True,
    help="RDF dataset file to load: TriG, N-Quads, Turtle or N-Triples (by extension).",
)



BAR_THRESHOLD = 200  # items: below that, a bar on a non-terminal is noise


@contextmanager
def progress_bar(label: str, total: int):
    """A click progress bar on stderr when it helps: on a terminal, or for long runs."""
    if total == 0 or (total < BAR_THRESHOLD and not sys.stderr.isatty()):
        yield lambda n: None
        return
    with click.progressbar(length=total, label=f"{label:<11}", file=sys.stderr) as bar:
        yield bar.update

