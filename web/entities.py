"""``/id/<slug>``: every IRI of the graph, dereferenceable.

A browser gets the node's page; an RDF client gets its description (own statements, incoming
links, labels of the nodes on the other side) as Turtle, JSON-LD, N-Triples or RDF/XML, by
``Accept`` or by suffix (``/id/delcy-rodriguez.ttl``). Articles have their own reading view, to
which a browser is sent (303). A path that differs from a node's only by case or by extra
slashes (``/id/Delcy-Rodriguez/``) is sent to the node's own path (301); other unknown or
malformed slugs are 404s, never 500s.
"""

from __future__ import annotations

import re

from flask import Blueprint, abort, redirect, request, url_for
from werkzeug.exceptions import BadRequest

from kg.browse.claim_filter import ClaimFilter, FilterError, page_number
from kg.browse.claims import ClaimPage, claim_cards, find_claims
from kg.browse.entity import describe, describe_query, evidence, exists, node_page
from kg.browse.events import took_part
from kg.browse.kinds import kind_of
from kg.browse.origins import fact_sources
from kg.browse.sparql import Seen, node
from kg.browse.summary import label_graph
from kg.namespaces import NK
from kg.store.oxigraph import Store

from .graph import get_store
from .pages import HTML, alternates, href, html_page, page_format, rdf_response, split_suffix

bp = Blueprint("entities", __name__)
CLAIMS_SHOWN = 20  # per list on a page; the full lists are on /claims


@bp.route("/id/<path:path>")
def node_view(path: str):
    """The node ``<base>id/<path>`` as HTML or RDF.

    :raise 404: no such node (or not a slug this graph could mint).
    """
    asked = path
    path, ext = split_suffix(path)
    store = get_store()
    this = _node(path)
    if this is None or not exists(store, this):
        canonical = _canonical(store, asked)
        if canonical is None:
            abort(404, f"nothing in this graph is called /id/{path}")
        # A relative Location (the app's own path): never built from the Host header.
        return redirect(url_for("entities.node_view", path=canonical), 301)
    fmt = page_format(ext)
    if fmt is not HTML:
        return rdf_response(describe(store, this), fmt)
    if kind_of(this.value) == "article":
        return redirect(url_for("articles.article", article_id=path.split("/", 1)[1]), 303)
    return html_page("node.html", alternates(url_for("entities.node_view", path=path)),
                     **_context(path, this))


def _node(path: str):
    """The node ``path`` names, or None if no node could be called that."""
    try:
        return node(path)
    except ValueError:
        return None


def _canonical(store: Store, asked: str) -> str | None:
    """The path of the node ``asked`` names up to case and slashes (``Delcy-Rodriguez/``), with
    its format suffix; None if there is none. Two lookups at most: the path with its slashes
    tidied, then in lower case (slugs are minted in lower case, but for dates: ``In-2019``)."""
    tidy = re.sub("/{2,}", "/", asked).strip("/")
    for candidate in dict.fromkeys((tidy, tidy.lower())):
        path, _ = split_suffix(candidate)
        this = _node(path)
        if candidate != asked and this is not None and exists(store, this):
            return candidate
    return None


def _context(path: str, this) -> dict:
    store = get_store()
    page = node_page(store, this, _page_number())
    if page.page > page.pages:
        abort(404, f"the statements of this node have {page.pages} page(s)")
    label_graph(store, page.graph)
    for item in page.graph["nodes"]:
        item["href"] = href(item["id"])
    return {
        "node": page, "path": path, "query": describe_query(this),
        "card": next(iter(claim_cards(store, [this])), None) if page.kind == "claim" else None,
        "evidence": evidence(store, this, page.seen), "events": took_part(store, this, page.seen),
        "fact_sources": fact_sources(store, this, page.seen),
        "claims_by": _claims(store, ClaimFilter(claimant=path), page.seen, str(NK.claimant)),
        "claims_about": _claims(store, ClaimFilter(about=path), page.seen, str(NK.about)),
    }


def _claims(store: Store, where: ClaimFilter, seen: Seen, prop: str) -> ClaimPage:
    """The first claims of ``where``; none, without asking, if no claim points here by ``prop``."""
    if seen.lacks(prop, inverse=True):
        return ClaimPage([], 0, 1, 1)
    return find_claims(store, where, CLAIMS_SHOWN)


def _page_number() -> int:
    try:
        return page_number(request.args.get("page", "1"))
    except FilterError as exc:
        raise BadRequest(str(exc)) from None
