"""``kg query``: one SPARQL query on the built graph."""

from __future__ import annotations

from pathlib import Path

import click

from .options import data_option, friendly_errors


@click.command()
@click.argument("sparql", required=False)
@click.option("-f", "--file", "query_file", type=click.File(encoding="utf-8"),
              help="Read the query from FILE ('-' reads standard input).")
@click.option("--format", "output", default="table", show_default=True,
              type=click.Choice(["table", "json", "csv", "tsv", "turtle"]),
              help="table: aligned columns; json/csv/tsv: SPARQL results (JSON-LD for graphs); "
                   "turtle: CONSTRUCT/DESCRIBE results.")
@data_option
@friendly_errors
def query(sparql: str | None, query_file, output: str, data: Path):
    """Run one SPARQL query on the graph and print the result (read-only, no SERVICE).

    Example: kg query 'SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g'
    """
    from kg.store.oxigraph import open_store
    from kg.store.query import render, run

    if (sparql is None) == (query_file is None):
        raise click.UsageError("give a query, or -f FILE, but not both")
    text = sparql if sparql is not None else query_file.read()
    result = render(run(open_store(data), text), output)
    click.echo(result, nl=isinstance(result, str))
