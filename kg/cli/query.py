"""``kg query``: one SPARQL query on the built graph."""

from __future__ import annotations

from pathlib import Path

import click

from .options import data_option, friendly_errors

FORMATS = ("table", "json", "csv", "tsv", "turtle")


@click.command()
@click.argument("sparql", required=False)
@click.option("-f", "--file", "query_file", type=click.File(encoding="utf-8"),
              help="Read the query from FILE ('-' reads standard input).")
@click.option("--format", "output", default="table", show_default=True, type=click.Choice(FORMATS),
              help="table: aligned columns; json/csv/tsv: SPARQL results (JSON-LD for graphs); "
                   "turtle: CONSTRUCT/DESCRIBE results.")
@click.option("--max-rows", default=10_000, show_default=True, type=click.IntRange(1),
              help="Rows (or triples) to print at most; a warning on stderr says when more were cut.")
@data_option
@friendly_errors
def query(sparql: str | None, query_file, output: str, max_rows: int, data: Path):
    """Run one SPARQL query on the graph and print the result (read-only, no SERVICE).

    Example: kg query 'SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g'
    """
    from kg.store.oxigraph import open_store
    from kg.store.query import render, run

    if (sparql is None) == (query_file is None):
        raise click.UsageError("give a query, or -f FILE, but not both")
    text = sparql if sparql is not None else query_file.read()
    found = run(open_store(data), text, max_rows=max_rows)
    result = render(found, output, offered=FORMATS)
    click.echo(result, nl=isinstance(result, str))
    if found.truncated:
        noun = "triples" if found.kind == "graph" else "rows"
        click.echo(f"warning: only the first {max_rows:,} {noun} were printed; more matched "
                   "(--max-rows N prints more)", err=True)
