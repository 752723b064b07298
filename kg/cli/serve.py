"""``kg serve`` and ``kg load``: serving on any backend, pushing to a SPARQL server."""

from __future__ import annotations

import os
from pathlib import Path

import click

from .options import data_option, friendly_errors, progress_bar


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--threads", default=16, show_default=True, type=click.IntRange(1, 256),
              help="Request threads (keep more than the query workers, KG_WORKERS; each "
                   "client gets at most KG_CLIENT_REQUESTS of them at once).")
@click.option("--workers", type=click.IntRange(1, 256), envvar="KG_WORKERS",
              help="Query worker processes [default: one per core].")
@data_option
@click.option("--store", "store_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Keep the store on disk in this directory (reused across restarts; reloaded "
                   "from --data when that file changes).")
@click.option("--endpoint", metavar="URL", help="Serve a remote SPARQL 1.1 endpoint (its query "
              "URL) instead of --data; load it first with `kg load`.")
@friendly_errors
def serve(host: str, port: int, threads: int, workers: int | None, data: Path,
          store_dir: Path | None, endpoint: str | None):
    """Serve the SPARQL endpoint, the query UI and the pages with waitress.

    Settings such as the time limit come from KG_* variables (KG_QUERY_TIMEOUT=5); the
    protections in force are listed at start (docs/endpoint.md).

    Example: kg serve --data build/kg.trig --port 5000
    """
    import gc
    import signal

    from kg.store.heap import map_large_blocks
    from web import create_app
    from web.graph import get_pool, get_store
    from web.server import make_server

    map_large_blocks()  # first: the forked workers inherit the setting
    config = {"DATA": str(data), "STORE_DIR": str(store_dir) if store_dir else None,
              "ENDPOINT": endpoint}
    if workers:
        config["WORKERS"] = workers
    app = create_app(config)
    store = get_store(app)  # load now: a bad file fails here, not on the first request
    _warn_if_no_union(store, endpoint)
    # Move what exists now (modules, app, store handle) out of the collector's reach: a collection
    # in a forked worker would otherwise write to these objects and copy their pages (~8 MB each).
    gc.freeze()
    protections = get_pool(app).start()  # fork the workers before any socket exists
    server = make_server(app, host, port, threads)
    click.echo(f"kg: {endpoint or store_dir or data}: {len(store)} quads; SPARQL endpoint at "
               f"http://{host}:{port}/sparql ({app.config['WORKERS']} query workers)", err=True)
    for line in protection_lines(app.config, protections, threads):
        click.echo(line, err=True)
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # stop cleanly: workers too
    try:
        server.run()
    except KeyboardInterrupt:
        pass


def protection_lines(config, worker: dict, threads: int) -> list[str]:
    """What protects the server, for the startup log (each line starts ``kg: ``)."""
    workers = int(config["WORKERS"])
    client_workers = int(config["CLIENT_WORKERS"] or max(1, workers - 1))
    budget = float(config["CLIENT_BUDGET"])
    lines = [
        f"kg: guard: in the web process and in every query worker (SERVICE, updates, FROM "
        f"outside the dataset; queries up to {config['MAX_QUERY_BYTES']} bytes, "
        f"{config['MAX_QUERY_DEPTH'] or 'any'} nested brackets)"
        if worker.get("guard") else "kg: guard: in the web process only",
        f"kg: query workers: network {worker.get('network')}; stack {worker.get('stack_mb')} MB; "
        f"memory +{worker.get('memory_mb') or 'unlimited '} MB; time limit "
        f"{float(config['QUERY_TIMEOUT']):g} s",
        f"kg: per client: {f'{budget:g} s of server time per minute' if budget else 'no budget'}"
        f", {config['CLIENT_QUERIES']} queries in flight, {client_workers} of {workers} workers, "
        f"{config['CLIENT_REQUESTS']} of {threads} request threads; a query waits at most "
        f"{float(config['QUEUE_WAIT']):g} s for a worker; trusted proxies: "
        f"{config['TRUSTED_PROXIES'] or 'none'}",
        f"kg: connections: at most {config['CONNECTION_LIMIT']}, closed after "
        f"{config['CHANNEL_TIMEOUT']} s idle; request bodies up to "
        f"{config['MAX_CONTENT_LENGTH']} bytes",
    ]
    if not str(worker.get("network", "")).startswith("cut"):
        lines.append(f"warning: the query workers can reach the network "
                     f"({worker.get('network')}); the guard is the only barrier against "
                     "outbound requests")
    return lines



def _warn_if_no_union(store, endpoint: str | None) -> None:
    inner = getattr(store, "inner", store)
    if endpoint and not inner.check_union_default_graph():
        click.echo(f"warning: {endpoint}: the default graph is not the union of the named "
                   "graphs, so queries without GRAPH find nothing (see docs/deployment.md; "
                   "oxigraph serve --union-default-graph)", err=True)


@click.command()
@click.option("--endpoint", metavar="URL", required=True,
              help="Graph Store Protocol service (e.g. http://127.0.0.1:7878/store), or with "
                   "--protocol update the SPARQL Update URL.")
@click.option("--protocol", type=click.Choice(["gsp", "update"]), default="gsp",
              show_default=True, help="PUT each named graph (gsp) or DROP + INSERT DATA (update).")
@click.option("--user", help="HTTP basic-auth user (password from KG_ENDPOINT_PASSWORD).")
@click.option("--store-union", metavar="UPDATE_URL",
              help="Then store the set union of the named graphs as the default graph through "
                   "this SPARQL Update URL (for oxigraph serve without --union-default-graph, "
                   "whose union is a bag).")
@data_option
@friendly_errors
def load(endpoint: str, protocol: str, user: str | None, store_union: str | None, data: Path):
    """Push the built dataset to a SPARQL server, replacing each named graph.

    Example: kg load --endpoint http://127.0.0.1:7878/store --data build/kg.trig
    --store-union http://127.0.0.1:7878/update
    """
    from kg.store import push

    password = os.environ.get("KG_ENDPOINT_PASSWORD")
    done = push.push(data, endpoint, protocol=protocol, user=user, password=password,
                     progress=progress_bar)
    click.echo(f"loaded {done.quads} quads in {done.graphs} graphs into {endpoint}")
    if store_union:
        push.store_union(store_union, user=user, password=password)
        click.echo(f"stored the union of the named graphs as the default graph ({store_union})")
