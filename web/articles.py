"""``/articles``: the list, and the reading view of one article with every annotation marked.

The text is laid out by :func:`kg.browse.article.layout`: mentions are links to their entities,
claims, events, agreements… are marked spans whose ids are their evidence keys, so
``/articles/<id>#claim-c01`` opens the article at that claim. Claims are listed alongside.
"""

from __future__ import annotations

from collections import Counter

from flask import Blueprint, abort, redirect, url_for

from kg.browse.article import article_meta, articles, layout, spans
from kg.browse.claim_filter import ClaimFilter
from kg.browse.claims import find_claims
from kg.browse.sparql import node

from .graph import get_store
from .pages import HTML, alternates, html_page, page_format, split_suffix

bp = Blueprint("articles", __name__)
ALL_CLAIMS = 10_000


@bp.route("/articles")
def index():
    return html_page("articles.html", articles=articles(get_store()))


@bp.route("/articles/<article_id>")
def article(article_id: str):
    """The reading view; ``/articles/<id>.ttl`` (or ``Accept``) is the article's named graph.

    :raise 404: no such article.
    """
    article_id, ext = split_suffix(article_id)
    try:
        this = node("article/" + article_id)
    except ValueError:
        abort(404, f"no article is called {article_id!r}")
    store = get_store()
    meta = article_meta(store, this)
    if meta is None:  # before negotiating: an unknown article is a 404 in every format
        abort(404, f"no article is called {article_id!r}")
    fmt = page_format(ext)
    if fmt is not HTML:
        return redirect(url_for("exports.article_graph", name=f"{article_id}.{fmt.name}"), 303)
    found = spans(store, this)
    claims = find_claims(store, ClaimFilter(article=article_id), ALL_CLAIMS).cards
    return html_page(
        "article.html", alternates(url_for("exports.article_graph", name=article_id)),
        meta=meta, tree=layout(meta.text, found), claims=claims,
        counts=Counter(span.kind for span in found) + Counter("draft" for s in found if s.draft),
        events=[s for s in found if s.kind in ("event", "agreement") and not s.cut])
