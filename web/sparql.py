"""``/sparql``: the SPARQL 1.1 Protocol endpoint (read-only) and, for browsers, the query UI.

- ``GET ?query=``, ``POST`` form or ``application/sparql-query`` → results (see web.protocol);
- ``GET`` without a query → the Service Description (Turtle…), or the UI if HTML is preferred;
- ``/query`` → always the UI (YASGUI), with ``?query=`` prefilled: shareable links.
Every query runs in a worker process under the time limit (kg.store.pool), except those that read
no data (``ASK {}``), answered here (kg.store.query.evaluate_without_data).
"""

from __future__ import annotations

import hashlib

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, render_template, request, url_for
from werkzeug.exceptions import BadRequest, NotAcceptable

from kg.formats import family, find
from kg.namespaces import NK, PREFIXES, base_iri
from kg.store import guard
from kg.store.query import Answer, Job, evaluate_without_data, load_examples, needs_no_worker, policy

from .clients import current_client
from .description import SD, describe
from .graph import get_pool, get_store
from .negotiate import negotiated, request_format
from .protocol import ProtocolRequest, parse_request

bp = Blueprint("sparql", __name__)
HTML = find("html")
CANDIDATES = {name: (*family(name), HTML) for name in ("results", "graph")}
CACHE_CONTROL = "public, max-age=300"  # as the pages (web.pages): the data changes on a reload
EXPOSED = "X-SPARQL-Truncated, X-SPARQL-MaxRows, Retry-After"
CORS = (("Access-Control-Allow-Origin", "*"), ("Access-Control-Expose-Headers", EXPOSED))


@bp.route("/sparql", methods=["GET", "POST", "OPTIONS"])
def endpoint():
    """The protocol endpoint; see the module docstring."""
    if request.method == "OPTIONS":
        return _preflight()
    proto = parse_request(request)
    if proto.query is None:
        if request.method == "POST":
            raise BadRequest("missing query: send a 'query' parameter or an "
                             "application/sparql-query body")
        return _description_or_ui(proto)
    config = current_app.config
    limits = {"max_bytes": config["MAX_QUERY_BYTES"], "max_depth": config["MAX_QUERY_DEPTH"] or None}
    # The one pass of the guard in this process; the worker makes its own (kg.store.pool).
    shape = guard.inspect(proto.query, policy(get_store(), **limits))
    choices = _choose(shape.family, proto.format)
    if set(choices.values()) == {"html"}:
        _check_syntax(proto.query)
        return render_ui(proto.query)
    job = Job(proto.query, proto.default_graph_uris, proto.named_graph_uris,
              tuple(choices.items()), config["MAX_ROWS"], **limits)
    if needs_no_worker(get_store(), shape, proto.query):  # ASK {}: a worker's round trip would cost more
        return _answer_response(evaluate_without_data(get_store(), job))
    return _answer_response(get_pool().run(job, current_client()))


@bp.route("/query")
def ui():
    """The query UI; ``?query=`` fills the editor (links to share a query)."""
    return render_ui(request.args.get("query", ""))


@bp.after_request
def _headers(response: Response) -> Response:
    headers = response.headers
    if "Vary" in headers:
        response.vary.add("Accept")
    else:
        headers.add("Vary", "Accept")  # add: no scan for an earlier value, none is there
    if request.endpoint == "sparql.endpoint" and "Access-Control-Allow-Origin" not in headers:
        headers.extend(CORS)
    return response


def render_ui(query: str) -> str:
    """The YASGUI page; its settings travel as JSON in a data block (no inline script: CSP)."""
    examples = load_examples()
    settings = {
        "endpoint": url_for("sparql.endpoint"), "query": query,
        "prefixes": {prefix: str(ns) for prefix, ns in PREFIXES.items()},
        "examples": [example._asdict() for example in examples],
        "timeout": current_app.config["QUERY_TIMEOUT"],
        "maxRows": current_app.config["MAX_ROWS"],
        # Where result IRIs lead: nodes of the graph to this server's pages (whatever KG_BASE is),
        # ontology terms to /ontology; labels come from /labels.json.
        "dataNamespace": base_iri() + "id/",
        "pages": url_for("entities.node_view", path="_").removesuffix("_"),
        "labels": url_for("browse.labels_view"),
        "ontology": str(NK), "ontologyPage": url_for("docs.ontology"),
        "downloads": url_for("exports.index"),
        "vendor": {name: url_for("static", filename=f"vendor/{path}") for name, path in
                   (("chartjs", "chartjs/chart.umd.min.js"), ("cytoscape", "cytoscape/cytoscape.min.js"))},
    }
    return render_template("sparql.html", settings=settings, examples=examples)


def _choose(result_family: str, requested: str | None) -> dict[str, str | None]:
    """The format for each family the result may have (both, if the query form is unknown)."""
    choices: dict[str, str | None] = {}
    accept = request.headers.get("Accept", "")
    for name in [result_family] if result_family else ["results", "graph"]:
        try:
            choices[name] = negotiated(CANDIDATES[name], requested, accept).name
        except NotAcceptable:
            if result_family:
                raise
            choices[name] = None  # decided after evaluation, when the form is known
    return choices


# A graph no store has: a query over it reads no data (see _check_syntax).
NO_DATA = "urn:x-kg:no-data"


def _check_syntax(text: str) -> None:
    """A malformed query is a 400 for a browser too (the error page), not a 200 with the editor.

    The engine parses it in a worker, under the time limit, against an empty dataset (the
    protocol's graph parameters replace the query's own): its answer is never evaluated on the
    data, so an expensive query still opens the editor at once.
    """
    get_pool().run(Job(text, (NO_DATA,), (NO_DATA,), max_rows=0,
                       max_bytes=current_app.config["MAX_QUERY_BYTES"]))


def _answer_response(answer: Answer) -> Response:
    fmt = find(answer.format, family("graph" if answer.kind == "graph" else "results"))
    # One header list, built once: werkzeug scans the list on every later change.
    headers = [("X-SPARQL-Truncated", "true" if answer.truncated else "false"),
               ("X-SPARQL-MaxRows", str(current_app.config["MAX_ROWS"]))]
    conditional = request.method in ("GET", "HEAD")  # an answer caches may keep and revalidate
    if conditional:
        etag = hashlib.blake2b(answer.body, digest_size=16).hexdigest()
        headers += [("ETag", f'"{etag}"'), ("Cache-Control", CACHE_CONTROL)]
    response = Response(answer.body, headers=headers,
                        content_type=f"{fmt.media_type}; charset=utf-8")
    if conditional and ("If-None-Match" in request.headers
                        or "If-Modified-Since" in request.headers):
        response.make_conditional(request)
    return response


def _description_or_ui(proto: ProtocolRequest):
    fmt = request_format((*family("graph"), HTML), requested=proto.format)
    if fmt is HTML:
        return render_ui("")
    try:
        triples = describe(url_for("sparql.endpoint", _external=True), get_store())
    except ValueError:
        raise BadRequest("the Host header does not give a valid endpoint IRI") from None
    body = ox.serialize(triples, format=fmt.serializer, prefixes={"sd": SD})
    return Response(body, content_type=f"{fmt.media_type}; charset=utf-8")


def _preflight() -> Response:
    response = Response(status=204)
    response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
    response.headers["Access-Control-Allow-Headers"] = "Accept, Content-Type, X-Requested-With"
    response.headers["Access-Control-Max-Age"] = "86400"
    return response
