"""The app's store and query worker pool, created once per app on first use (flaskr's ``db.py``).

``get_store()`` is what views use to read the graph directly (entity pages, dumps);
``get_pool()`` runs user queries in killable worker processes.
"""

from __future__ import annotations

import atexit
import threading

from flask import Flask, current_app

from kg.store.cached import CachedStore
from kg.store.fair import Scheduler
from kg.store.oxigraph import Store, open_store
from kg.store.pool import QueryPool, slots
from kg.store.remote import RemoteStore

_lock = threading.Lock()


def get_store(app: Flask | None = None) -> Store:
    """The app's store: ``STORE`` if given, else the remote ``ENDPOINT``, else ``DATA`` loaded
    (once) into memory or ``STORE_DIR``; with a cache of answers unless ``CACHE_MB`` is 0."""
    state = _state(app)
    with _lock:
        if state.get("store") is None:
            config = (app or current_app).config
            store = config["STORE"]  # an empty store is falsy: test for None
            if store is None:
                store = _open(config)
            if config["CACHE_MB"]:
                store = CachedStore(store, max_bytes=int(float(config["CACHE_MB"]) * 2**20))
            state["store"] = store
        return state["store"]


def _open(config) -> Store:
    if config["ENDPOINT"]:
        return RemoteStore(config["ENDPOINT"], timeout=float(config["QUERY_TIMEOUT"]),
                           cache_ttl=float(config["CACHE_TTL"]))
    return open_store(config["DATA"], directory=config["STORE_DIR"])


def get_pool(app: Flask | None = None) -> QueryPool:
    """The app's worker pool (workers start on the first query, or with ``pool.start()``),
    shared between clients by a :class:`kg.store.fair.Scheduler` that charges each client's
    budget for the time its queries hold a worker."""
    from .clients import budgets

    store = get_store(app)
    state = _state(app)
    with _lock:
        if state.get("pool") is None:
            app = app or current_app._get_current_object()
            config = app.config
            workers = int(config["WORKERS"])
            scheduler = Scheduler(
                slots(workers), client_queries=int(config["CLIENT_QUERIES"]),
                client_workers=int(config["CLIENT_WORKERS"] or max(1, workers - 1)),
                queue_wait=float(config["QUEUE_WAIT"]), charge=budgets(app).charge)
            state["pool"] = QueryPool(store, workers=workers,
                                      timeout=float(config["QUERY_TIMEOUT"]),
                                      memory_mb=int(config["WORKER_MEMORY_MB"]),
                                      stack_mb=int(config["WORKER_STACK_MB"]),
                                      isolate=bool(config["ISOLATE_WORKERS"]),
                                      scheduler=scheduler)
            atexit.register(state["pool"].close)
        return state["pool"]


def close(app: Flask) -> None:
    """Stop the app's workers (tests call this; servers rely on the exit hook)."""
    pool = _state(app).pop("pool", None)
    if pool is not None:
        pool.close()
        atexit.unregister(pool.close)


def init_app(app: Flask) -> None:
    app.extensions["kg"] = {}


def _state(app: Flask | None) -> dict:
    return (app or current_app).extensions["kg"]
