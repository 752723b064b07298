"""The ``kg`` command line: parse options, call the library, print the result.

Exit codes (as pySHACL): 0 success / conforms, 1 violations, 2 error. Errors are one line per
problem, never a traceback.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

from .errors import KGError, ValidationFailed

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


@click.group()
@click.version_option(package_name="cuba-venezuela-kg")
def cli():
    """Build, check, query and serve the Cuba–Venezuela news knowledge graph."""


@cli.command()
@seeds_option
@friendly_errors
def check(seeds: Path):
    """Load and cross-check every seed file; report errors as file:line: field: message.

    Example: kg check --seeds seeds/
    """
    from .annotations import load_corpus

    corpus = load_corpus(seeds)
    claims = sum(len(a.annotation.claims) for a in corpus.articles)
    click.echo(f"ok: {len(corpus.articles)} articles, {claims} claims, "
               f"{len(corpus.registry.entities)} registry entities")


@cli.command()
@seeds_option
@friendly_errors
def coverage(seeds: Path):
    """List the sentences that no claim, event, agreement, role or skip covers (exit 1 if any).

    Example: kg coverage
    """
    from .annotations import load_corpus
    from .coverage import uncovered

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


@cli.command()
@seeds_option
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("build"),
              show_default=True, help="Output folder; the dataset is written to OUT/kg.trig.")
@click.option("--base", envvar="KG_BASE", help="IRI base of the data (default from KG_BASE, "
              "else https://newskg.example.org/).")
@click.option("--cache/--no-cache", default=True, show_default=True,
              help="Reuse OUT/.cache: only changed articles are loaded, converted, validated.")
@click.option("--workers", type=click.IntRange(1, 256), help="Processes [default: one per core].")
@friendly_errors
def build(seeds: Path, out: Path, base: str | None, cache: bool, workers: int | None):
    """Convert the seeds to RDF, validate with SHACL and write OUT/kg.trig atomically.

    Nothing is written unless the graph conforms, so a failed build keeps the previous output.
    Articles are processed in parallel and cached; the output is the same either way.

    Example: kg build --out build
    """
    import time

    from .build import build as run_build
    from .cli_scale import progress_bar

    started = time.perf_counter()
    result = run_build(seeds, out, base, cache=cache, workers=workers, progress=progress_bar)
    reused = ", ".join(f"{kind} {hits}/{hits + misses}" for kind, (hits, misses)
                       in result.cache.items() if hits)
    click.echo(f"wrote {result.path}: {result.quads} quads in {result.graphs} graphs "
               f"({time.perf_counter() - started:.2f} s{'; cached: ' + reused if reused else ''})")
    for name, count in result.counts.items():
        click.echo(f"  {count:6d}  {name}")


@cli.command()
@click.argument("file", required=False, type=click.Path(dir_okay=False, exists=True, path_type=Path))
@seeds_option
@friendly_errors
def validate(file: Path | None, seeds: Path):
    """Validate FILE (TriG, N-Quads, Turtle…) or, without FILE, the graph built from the seeds.

    Exit code 0: conforms; 1: violations (listed); 2: the input could not be read.

    Example: kg validate build/kg.trig
    """
    from .validate import load_data, validate_graph

    report = validate_graph(load_data(file, seeds))
    click.echo(report.text)
    sys.exit(0 if report.conforms else 1)


@cli.command()
@click.option("--format", "fmt", default="turtle", show_default=True,
              type=click.Choice(["turtle", "trig", "nquads", "ntriples", "jsonld", "rdfxml"]))
@click.option("--graph", help="Export only this named graph (an IRI; see `kg stats`).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file (atomically) instead of standard output.")
@data_option
@friendly_errors
def export(fmt: str, graph: str | None, output: Path | None, data: Path):
    """Export the built dataset, or one named graph, in a standard RDF format.

    Turtle, N-Triples, JSON-LD and RDF/XML hold the union of all graphs; TriG and N-Quads keep them.

    Example: kg export --format turtle --graph https://newskg.example.org/graph/registry -o reg.ttl
    """
    import pyoxigraph as ox

    from .export import serialize, write_atomically
    from .store import read_dataset

    store = read_dataset(data)
    if graph is not None and ox.NamedNode(graph) not in set(store.named_graphs()):
        raise click.BadParameter(f"no named graph {graph!r} in {data}", param_hint="--graph")
    payload = serialize(store, EXPORT_NAMES[fmt], graph)
    if output is None:
        click.echo(payload.decode("utf-8"), nl=False)
    else:
        write_atomically(output, payload)
        click.echo(f"wrote {output} ({len(payload)} bytes)", err=True)


EXPORT_NAMES = {"turtle": "ttl", "trig": "trig", "nquads": "nq", "ntriples": "nt",
                "jsonld": "jsonld", "rdfxml": "rdf"}


@cli.command()
@data_option
@friendly_errors
def stats(data: Path):
    """Print counts: quads, named graphs, instances per class, claims per stance and source.

    Example: kg stats
    """
    from .stats import dataset_stats
    from .store import read_dataset

    for section, rows in dataset_stats(read_dataset(data)).items():
        click.echo(f"{section}:")
        for name, count in rows.items():
            click.echo(f"  {count:6d}  {name}")


@cli.command()
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
    from .query import render, run
    from .store import open_store

    if (sparql is None) == (query_file is None):
        raise click.UsageError("give a query, or -f FILE, but not both")
    text = sparql if sparql is not None else query_file.read()
    result = render(run(open_store(data), text), output)
    click.echo(result, nl=isinstance(result, str))


# serve, load and synth live in kg.cli_scale, which needs the options above: import it last.
from . import cli_scale  # noqa: E402, F401
