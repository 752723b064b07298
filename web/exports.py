"""Dumps and dataset descriptions: ``/export/…``, ``/stats`` and VoID at ``/.well-known/void``.

Dumps are serialised once per app and format (the store is read-only), sent with an ETag and
``Cache-Control`` so clients revalidate cheaply (304), and with ``Access-Control-Allow-Origin: *``
so pages elsewhere may load them.
"""

from __future__ import annotations

from dataclasses import asdict

from flask import Blueprint, Response, abort, jsonify, redirect, url_for
from werkzeug.exceptions import BadRequest

from kg.browse.dataset import DUMPS, dataset_stats, void_triples
from kg.browse.sparql import node
from kg.formats import family, find
from kg.namespaces import graph_ns

from .browse import JSON
from .graph import get_store
from .pages import (
    HTML,
    RDF_FORMATS,
    cached_response,
    html_page,
    memo,
    page_format,
    rdf_response,
    split_suffix,
)

bp = Blueprint("exports", __name__)
DATASET_FORMATS = family("dataset")
ARTICLE_FORMATS = tuple(f for f in DATASET_FORMATS if f.name in ("ttl", "trig", "nt", "nq",
                                                                  "jsonld", "rdf"))


@bp.route("/export/")
def index():
    """The list of downloads."""
    formats = [find(name, DATASET_FORMATS) for name in DUMPS]
    return html_page("export.html", formats=formats, article_formats=ARTICLE_FORMATS,
                     graphs=get_store().named_graphs())


@bp.route("/export/kg.<ext>")
def dump(ext: str):
    """The whole dataset: TriG and N-Quads keep the named graphs, the others are their union.

    :raise 404: no such format.
    """
    fmt = find(ext, DATASET_FORMATS)
    if fmt is None or fmt.name != ext:
        abort(404, f"no dump as .{ext}; available: " + ", ".join(f".{f.name}" for f in DATASET_FORMATS))
    body = memo(f"dump.{ext}", lambda: get_store().dump(fmt.name))
    return _shared(cached_response(body, fmt.media_type))


@bp.route("/export/articles/<name>")
def article_graph(name: str):
    """One article's named graph (``<id>.ttl``, ``.trig``…; without a suffix, by ``Accept``).

    :raise 404: no such article.
    """
    article_id, ext = split_suffix(name)
    try:
        node("article/" + article_id)
    except ValueError:
        abort(404, f"no article is called {article_id!r}")
    fmt = page_format(ext, ARTICLE_FORMATS)
    graph = str(graph_ns()["article/" + article_id])
    if graph not in get_store().named_graphs():
        abort(404, f"no article is called {article_id!r}")
    body = memo(f"article.{article_id}.{fmt.name}", lambda: get_store().dump(fmt.name, graph))
    return _shared(cached_response(body, fmt.media_type))


@bp.route("/stats", defaults={"ext": None})
@bp.route("/stats.<ext>")
def stats(ext: str | None):
    """Counts: quads, triples, per graph, per class, claims per stance and source type."""
    fmt = page_format(ext, (HTML, JSON))
    found = memo("stats", lambda: dataset_stats(get_store()))
    if fmt is JSON:
        return jsonify(asdict(found))
    return html_page("stats.html", [(url_for("exports.void"), RDF_FORMATS[0])], stats=found)


@bp.route("/.well-known/void", defaults={"ext": None})
@bp.route("/.well-known/void.<ext>")
def void(ext: str | None):
    """The VoID description of the dataset; a browser is sent to the statistics page."""
    fmt = page_format(ext, (*RDF_FORMATS, HTML))
    if fmt is HTML:
        return redirect(url_for("exports.stats"), 303)
    found = memo("stats", lambda: dataset_stats(get_store()))
    try:
        triples = void_triples(found, url_for("browse.home", _external=True))
    except ValueError:
        raise BadRequest("the Host header does not give a valid site IRI") from None
    return _shared(rdf_response(triples, fmt))


def _shared(response: Response) -> Response:
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response
