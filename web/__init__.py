"""The web app: the SPARQL endpoint and query UI, and the browse pages (web/browse.py and friends).

Settings come from the defaults below, then ``KG_*`` environment variables
(``KG_QUERY_TIMEOUT=5``), then the ``test_config`` dict — the flaskr pattern.
"""

from __future__ import annotations

import os

from flask import Flask

from kg.store.query import MAX_QUERY_BYTES, MAX_QUERY_DEPTH, MAX_ROWS

from . import articles, browse, clients, docs, entities, errors, exports, graph, pages, response_cache, sparql
from .headers import StandardHeaders

# The site's sections, one blueprint each (plus /id/… for every node of the graph).
NAV = (("Home", "/"), ("Search", "/search"), ("Claims", "/claims"), ("Timeline", "/timeline"),
       ("Articles", "/articles"), ("SPARQL", "/sparql"), ("Ontology", "/ontology"),
       ("Data", "/stats"))

# YASGUI and CodeMirror set style attributes from script: styles need 'unsafe-inline', scripts not.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; font-src 'self' data:; object-src 'none'; base-uri 'self'; "
       "frame-ancestors 'none'; form-action 'self'")


def create_app(test_config: dict | None = None) -> Flask:
    """Create and configure an instance of the Flask application."""
    app = Flask(__name__)
    app.config.from_mapping(
        DATA="build/kg.trig",  # any RDF dataset file: TriG, N-Quads, Turtle, N-Triples
        STORE_DIR=None,  # a directory keeps the store on disk (RocksDB) instead of in memory
        STORE=None,  # or a ready kg.store.Store object (tests, other backends)
        ENDPOINT=None,  # or the query URL of a remote SPARQL 1.1 endpoint (kg.store.remote)
        CACHE_MB=64,  # answers of the pages' queries kept in memory; 0 = no cache
        CACHE_TTL=60.0,  # seconds a remote endpoint's answer is trusted (its data may change)
        RESPONSE_CACHE_MB=64,  # whole 200 answers kept in front of Flask (web/response_cache.py)
        CACHE_HIT_COST=0.0002,  # the least a cached answer is charged, in seconds
        QUERY_TIMEOUT=10.0,  # seconds; the worker evaluating a query is killed after that
        MAX_ROWS=MAX_ROWS,
        MAX_QUERY_BYTES=MAX_QUERY_BYTES,
        MAX_QUERY_DEPTH=MAX_QUERY_DEPTH,  # brackets nested in a query; 0 = no limit
        WORKERS=max(2, os.cpu_count() or 2),
        WORKER_MEMORY_MB=2048,  # address space a worker may add to what it inherits; 0 = no cap
        WORKER_STACK_MB=64,  # the stack a worker's engine may use (deeply nested queries)
        ISOLATE_WORKERS=True,  # cut the workers' network (a network namespace, where allowed)
        # Fair shares per client (an IP address; see web/clients.py and docs/endpoint.md):
        CLIENT_BUDGET=30.0,  # seconds of server time per minute; 0 = no budget
        REQUEST_COST=0.001,  # the least a request is charged, in seconds
        CLIENT_QUERIES=2,  # queries running or waiting for a worker at once (more: 429)
        CLIENT_WORKERS=0,  # queries of one client in the worker pool at once; 0 = workers - 1
        QUEUE_WAIT=5.0,  # seconds a query may wait for a worker (then 503)
        CLIENT_REQUESTS=2,  # requests handled at once per client by kg serve (more wait)
        TRUSTED_PROXIES="",  # addresses whose X-Forwarded-For names the client
        CONNECTION_LIMIT=800,  # open connections kg serve accepts (more wait in the backlog)
        CHANNEL_TIMEOUT=30,  # seconds an idle or stalled connection stays open
        PUBLIC_URL="",  # e.g. https://kg.example.org: redirects go there, never to the Host header
        CONTENT_SECURITY_POLICY=CSP,
    )
    app.config.from_prefixed_env("KG")
    if test_config is not None:
        app.config.update(test_config)
    # A form-encoded query may be three times its length (%XX): leave room, then the query cap.
    if app.config["MAX_CONTENT_LENGTH"] is None:
        app.config["MAX_CONTENT_LENGTH"] = 3 * app.config["MAX_QUERY_BYTES"] + 4096
    app.jinja_env.globals["nav"] = NAV
    graph.init_app(app)
    errors.init_app(app)
    clients.init_app(app)
    app.register_blueprint(sparql.bp)
    pages.init_app(app)
    for blueprint in (browse.bp, entities.bp, articles.bp, exports.bp, docs.bp):
        app.register_blueprint(blueprint)
    app.wsgi_app = StandardHeaders(app.wsgi_app, app.config["CONTENT_SECURITY_POLICY"])
    response_cache.init_app(app)
    return app
