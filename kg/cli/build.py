"""``kg build``, ``kg validate``, ``kg pitfalls``, ``kg export`` and ``kg stats``: make the dataset
and look at it."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .options import data_option, friendly_errors, progress_bar, seeds_option

ENGINE_HELP = ("SHACL engine: shacl (fast, the default) or pyshacl (the validator of record) "
               "[default: KG_SHACL_ENGINE, else shacl].")
engine_option = click.option("--engine", type=click.Choice(["shacl", "pyshacl"]), help=ENGINE_HELP)

@click.command()
@seeds_option
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("build"),
              show_default=True, help="Output folder; the dataset is written to OUT/kg.trig.")
@click.option("--base", envvar="KG_BASE", help="IRI base of the data (default from KG_BASE, "
              "else https://newskg.example.org/).")
@click.option("--cache/--no-cache", default=True, show_default=True,
              help="Reuse OUT/.cache: only changed articles are loaded, converted, validated.")
@click.option("--workers", type=click.IntRange(1, 256), help="Processes [default: one per core].")
@engine_option
@friendly_errors
def build(seeds: Path, out: Path, base: str | None, cache: bool, workers: int | None,
          engine: str | None):
    """Convert the seeds to RDF, validate with SHACL and write OUT/kg.trig atomically.

    Nothing is written unless the graph conforms, so a failed build keeps the previous output.
    Articles are processed in parallel and cached; the output is the same either way.

    Example: kg build --out build
    """
    import atexit
    import gc
    import time

    from kg.build.dataset import build as run_build

    # The build leaves a large heap (the cached corpus, graphs and summaries) that the process
    # frees on exit anyway; frozen, the interpreter's shutdown collections skip it instead of
    # walking it (0.7 s of a 2.5 s one-edit rebuild at 1M quads).
    atexit.register(gc.freeze)
    started = time.perf_counter()
    result = run_build(seeds, out, base, cache=cache, workers=workers, progress=progress_bar,
                       engine=engine)
    reused = ", ".join(f"{kind} {hits}/{hits + misses}" for kind, (hits, misses)
                       in result.cache.items() if hits)
    click.echo(f"wrote {result.path}: {result.quads:,} quads in {result.graphs} named graphs "
               f"({time.perf_counter() - started:.2f} s{'; cached: ' + reused if reused else ''})")
    for line in result.warnings:  # SHACL warnings: worth a look, not a failure
        click.echo(line, err=True)
    for name, count in result.counts.items():
        click.echo(f"  {count:6d}  {name}")



@click.command()
@click.argument("file", required=False, type=click.Path(dir_okay=False, exists=True, path_type=Path))
@seeds_option
@engine_option
@click.option("--rdfs", is_flag=True, help="Validate after RDFS inference over the ontology (a value "
              "outside a property's domain or range then fails the shape of the class it implies); "
              "pySHACL runs it, whatever the engine.")
@friendly_errors
def validate(file: Path | None, seeds: Path, engine: str | None, rdfs: bool):
    """Validate FILE (TriG, N-Quads, Turtle…) or, without FILE, the graph built from the seeds.

    Exit code 0: conforms; 1: violations (listed); 2: the input could not be read.

    Example: kg validate build/kg.trig --engine pyshacl; kg validate --rdfs build/kg.trig
    """
    from kg.validate.engines import validate_data
    from kg.validate.shacl import load_data, validate_graph

    data = load_data(file, seeds)
    report = validate_graph(data, rdfs=True) if rdfs else validate_data(data, engine)
    click.echo(report.text)
    sys.exit(0 if report.conforms else 1)


@click.command()
@click.argument("file", required=False, type=click.Path(dir_okay=False, exists=True, path_type=Path))
@seeds_option
@friendly_errors
def pitfalls(file: Path | None, seeds: Path):
    """Check the ontology, and how FILE (or the graph built from the seeds) uses it, for the
    OOPS! pitfalls a program can find and the FAIR metadata FOOPS! asks for.

    Exit code 0: none found; 1: pitfalls (listed); 2: the input could not be read.

    Example: kg pitfalls build/kg.trig
    """
    from kg.validate.shacl import load_data
    from kg.validate.usage import check_vocabulary

    found = check_vocabulary(load_data(file, seeds))
    click.echo("\n".join(map(str, found)) if found else "No pitfalls found.")
    sys.exit(1 if found else 0)



@click.command()
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

    from kg.build.export import serialize, write_atomically
    from kg.store.oxigraph import read_dataset

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


@click.command()
@data_option
@friendly_errors
def stats(data: Path):
    """Print counts: quads, named graphs, instances per class, claims per stance and source.

    Example: kg stats
    """
    from kg.store.oxigraph import read_dataset
    from kg.store.stats import dataset_stats

    for section, rows in dataset_stats(read_dataset(data)).items():
        click.echo(f"{section}:")
        for name, count in rows.items():
            click.echo(f"  {count:6d}  {name}")
