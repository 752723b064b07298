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
              help="Query worker processes [default: one per core, at least 2].")
@data_option
@click.option("--store", "store_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Keep the store on disk in this directory, loaded from --data: reused across "
                   "restarts while that file is unchanged (or gone), reloaded when it changes.")
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
    _report_scope(store, endpoint)
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


def _report_scope(store, endpoint: str | None) -> None:
    inner = getattr(store, "inner", store)
    if not endpoint:
        return
    click.echo(f"kg: {endpoint}: queries see {inner.scope().describe()}", err=True)
    if not inner.check_union_default_graph():
        click.echo(f"warning: {endpoint}: the default graph is not the union of the named "
                   "graphs, so queries without GRAPH find nothing (see docs/deployment.md: "
                   "load with `kg load`, which writes the union graph)", err=True)


@click.command()
@click.option("--endpoint", metavar="URL", required=True,
              help="Graph Store Protocol service (e.g. http://127.0.0.1:7878/store), or with "
                   "--protocol update the SPARQL Update URL.")
@click.option("--protocol", type=click.Choice(["gsp", "update"]), default="gsp",
              show_default=True, help="PUT each named graph (gsp) or DROP + INSERT DATA (update).")
@click.option("--user", help="HTTP user (password from KG_ENDPOINT_PASSWORD).")
@click.option("--auth", type=click.Choice(["basic", "digest"]), default="basic", show_default=True,
              help="HTTP authentication for --user (Virtuoso's -auth services: digest).")
@click.option("--union-graph/--no-union-graph", default=True, show_default=True,
              help="Also write the union of the named graphs (each triple once) to "
                   "<base>graph/union, which `kg serve --endpoint` queries as the default graph.")
@click.option("--store-union", metavar="UPDATE_URL",
              help="Then store the set union of the named graphs as the server's default graph "
                   "through this SPARQL Update URL (oxigraph serve without "
                   "--union-default-graph).")
@data_option
@friendly_errors
def load(endpoint: str, protocol: str, user: str | None, auth: str, union_graph: bool,
         store_union: str | None, data: Path):
    """Push the built dataset to a SPARQL server, replacing each named graph.

    Example: kg load --endpoint http://127.0.0.1:7878/store --data build/kg.trig

    Virtuoso (password in KG_ENDPOINT_PASSWORD): kg load --endpoint
    http://127.0.0.1:8890/sparql-graph-crud-auth --user kg --auth digest
    """
    from kg.store import push

    password = os.environ.get("KG_ENDPOINT_PASSWORD")
    done = push.push(data, endpoint, protocol=protocol, user=user, password=password, auth=auth,
                     union=union_graph, progress=progress_bar)
    click.echo(f"loaded {done.quads} quads in {done.graphs} graphs into {endpoint}"
               + (f", and their union ({done.union} triples)" if union_graph else ""))
    if store_union:
        push.store_union(store_union, user=user, password=password, auth=auth)
        click.echo(f"stored the union of the named graphs as the default graph ({store_union})")
