"""The entry points: ``/`` (counts and ways in), ``/claims`` (filtered), ``/timeline``, ``/search``.

``/claims`` and ``/search`` answer JSON too, for scripts: ``/search.json?q=`` or
``Accept: application/json``. Bad filter values are 400s, in the error shape of ``web.errors``.
"""

from __future__ import annotations

from dataclasses import asdict

from flask import Blueprint, jsonify, request, url_for
from werkzeug.exceptions import BadRequest

from kg.browse.claim_filter import SOURCES, STANCES, ClaimFilter, FilterError
from kg.browse.claims import filter_options, find_claims
from kg.browse.dataset import dataset_stats, most_mentioned
from kg.browse.events import timeline
from kg.browse.labels import labels
from kg.browse.search import MAX_QUERY, search
from kg.browse.sparql import node
from kg.formats import Format

from .graph import get_store
from .pages import HTML, href, html_page, page_format

bp = Blueprint("browse", __name__)
# Plain JSON for the pages' own data (the format table's "json" is SPARQL results JSON).
JSON = Format("json", "application/json", frozenset({"page"}), None, label="JSON")
PAGE_FORMATS = (HTML, JSON)
MAX_LABELS = 200  # ids per /labels.json request (the query page asks a hundred at a time)


@bp.route("/")
def home():
    store = get_store()
    stats = dataset_stats(store)
    return html_page("home.html", stats=stats, counts={c.label: c.n for c in stats.classes},
                     mentioned=most_mentioned(store), claimants=filter_options(store)["claimant"],
                     articles=filter_options(store)["article"])


@bp.route("/claims", defaults={"ext": None})
@bp.route("/claims.<ext>")
def claims(ext: str | None):
    """Claims filtered by GET parameters (see kg.browse.claim_filter.ClaimFilter).

    :raise 400: a filter value outside its allowed set, or a claimant, article or subject that
        is not in the graph.
    """
    fmt = page_format(ext, PAGE_FORMATS)
    try:
        where = ClaimFilter.parse(request.args)
    except FilterError as exc:
        raise BadRequest(str(exc)) from None
    if unknown := where.unknown(get_store()):
        raise BadRequest("; ".join(unknown))
    found = find_claims(get_store(), where)
    if fmt is JSON:
        return jsonify(total=found.total, page=found.page, pages=found.pages,
                       claims=[_card_json(card) for card in found.cards])
    return html_page("claims.html", found=found, where=where, options=filter_options(get_store()),
                     stances=list(STANCES), sources=list(SOURCES))


def _card_json(card) -> dict:
    data = asdict(card)
    data["link"] = url_for("articles.article", article_id=card.article_id, _anchor=card.quote.key)
    if card.corroboration:
        data["corroboration"]["text"] = card.corroboration.text
    data["review"] = "draft" if card.draft else "curated"
    return data


@bp.route("/timeline")
def timeline_view():
    """Every event in time order; undated events are listed after the dated ones."""
    events = timeline(get_store())
    return html_page("timeline.html", dated=[e for e in events if e.dates],
                     undated=[e for e in events if not e.dates])


@bp.route("/search", defaults={"ext": None})
@bp.route("/search.<ext>")
def search_view(ext: str | None):
    """Label and alias search, accent- and case-insensitive (``?q=rodriguez``).

    :raise 400: the search text is longer than kg.browse.search.MAX_QUERY characters.
    """
    fmt = page_format(ext, PAGE_FORMATS)
    text = request.args.get("q", "")
    try:
        key, hits = search(get_store(), text)
    except ValueError as exc:
        raise BadRequest(str(exc)) from None
    if fmt is JSON:
        return jsonify(query=text, key=key, count=len(hits),
                       results=[{**asdict(hit), "href": href(hit.iri)} for hit in hits])
    return html_page("search.html", text=text, key=key, hits=hits, max_query=MAX_QUERY)


@bp.route("/labels.json")
def labels_view():
    """The labels of nodes by path (``?id=delcy-rodriguez&id=claim/000_a/c01``): what the query
    page shows for the result IRIs. A node without a label gets its readable local name.

    :raise 400: more than :data:`MAX_LABELS` ids, or one this graph could not have minted.
    """
    paths = request.args.getlist("id")
    if len(paths) > MAX_LABELS:
        raise BadRequest(f"at most {MAX_LABELS} ids a request (got {len(paths)})")
    nodes = {}
    for path in paths:
        try:
            nodes[path] = node(path).value
        except ValueError as exc:
            raise BadRequest(f"id: {exc}") from None
    names = labels(get_store(), nodes.values())
    response = jsonify({path: names[iri] for path, iri in nodes.items()})
    response.headers["Cache-Control"] = "public, max-age=300"
    return response
