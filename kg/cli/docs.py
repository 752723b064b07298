"""``kg docs``: the vocabulary's documentation as files, for static hosting."""

from __future__ import annotations

from pathlib import Path

import click

from .options import friendly_errors


@click.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("build/docs"),
              show_default=True, help="Folder to write the documentation into.")
@friendly_errors
def docs(out: Path):
    """Write pyLODE's documentation of the ontology (with its Spanish labels and changelog), the
    ontology in Turtle, JSON-LD, RDF/XML and N-Triples — for the current version and each earlier
    one, under <version>/ — the SHACL shapes and CHANGELOG.md. Needs the `docs` extra (pyLODE).

    Example: kg docs --out build/docs
    """
    from kg.browse.reference import publish

    written = publish(out)
    click.echo(f"wrote {len(written)} files to {out}")
