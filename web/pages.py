"""What the browse pages share: where a node's link goes, alternate formats, RDF responses.

Formats come from the one table (:mod:`kg.formats`, via :mod:`web.negotiate`); RDF responses carry
an ETag (a hash of the body) so clients can revalidate with ``If-None-Match`` and get a 304.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Iterable

import pyoxigraph as ox
from flask import (
    Flask,
    Response,
    current_app,
    g,
    has_request_context,
    make_response,
    render_template,
    request,
    url_for,
)

from kg.browse import jsonld
from kg.browse.kinds import kind_of
from kg.browse.labels import local_name
from kg.formats import Format, family, find, nested_prefixes
from kg.namespaces import NK, ONTOLOGY_IRI, PREFIXES, base_iri
from kg.store.results import used_prefixes

from .negotiate import request_format

HTML = find("html")
RDF_FORMATS = tuple(find(name, family("graph")) for name in ("ttl", "jsonld", "nt", "rdf"))
NODE_FORMATS = (HTML, *RDF_FORMATS)
# The suffixes a page URL may end in to ask for one format (Datasette's ``.json``).
_SUFFIX = re.compile(r"^(?P<path>.+)\.(?P<ext>ttl|jsonld|nt|rdf|html|json|trig|nq)$")
# Characters URL quoting never changes: a path of only these goes into a link as it is.
_PLAIN = re.compile(r"[A-Za-z0-9._~/-]*")
_PLAIN_SEGMENT = re.compile(r"[A-Za-z0-9._~-]+")
CACHE_CONTROL = "public, max-age=300"


def split_suffix(path: str) -> tuple[str, str | None]:
    """``delcy-rodriguez.ttl`` → (``delcy-rodriguez``, ``ttl``); no known suffix → (path, None)."""
    match = _SUFFIX.match(path)
    return (match["path"], match["ext"]) if match else (path, None)


def page_format(requested: str | None, candidates: tuple[Format, ...] = NODE_FORMATS) -> Format:
    """HTML or an RDF format: the URL suffix first, then ``?format=``, then ``Accept``.

    :raise 406: none of ``candidates`` is acceptable.
    """
    return request_format(candidates, requested or request.args.get("format"))


def href(iri: str | None) -> str | None:
    """Where a link to ``iri`` goes on this site; None if it should not be a link.

    Nodes of the graph go to their pages; evidence and mentions to their place in the article;
    ontology terms to the ontology page; other http(s) IRIs (Wikidata…) stay as they are.
    """
    if not iri:
        return None
    prefixes = _prefixes()
    if iri.startswith(prefixes["id"]):
        return _node_href(iri[len(prefixes["id"]):], prefixes)
    if iri.startswith(str(NK)):
        return url_for("docs.ontology", _anchor=local_name(iri))
    if iri == ONTOLOGY_IRI:
        return url_for("docs.ontology")
    return iri if iri.startswith(("http://", "https://")) else None


def _node_href(path: str, prefixes: dict[str, str]) -> str:
    kind, _, rest = path.partition("/")
    parts = rest.split("/")
    if kind == "article" and len(parts) == 1:
        return article_url(parts[0])
    if kind in ("evidence", "mention") and len(parts) >= 2:
        key = parts[1] if kind == "evidence" else "mention-" + parts[1]
        return article_url(parts[0], key)
    if path and _PLAIN.fullmatch(path):
        return prefixes["node"] + path
    return url_for("entities.node_view", path=path)


def article_url(article_id: str, anchor: str | None = None) -> str:
    """``url_for("articles.article", article_id=…, _anchor=…)``, without its cost when no part
    needs quoting."""
    if _PLAIN_SEGMENT.fullmatch(article_id) and (anchor is None or _PLAIN.fullmatch(anchor)):
        return _prefixes()["article"] + article_id + ("" if anchor is None else "#" + anchor)
    return url_for("articles.article", article_id=article_id, _anchor=anchor)


def _prefixes() -> dict[str, str]:
    """The data namespace (``id``) and the URLs of node and article pages up to their argument,
    found once per request: a page has hundreds of links, url_for takes ~20 µs and each attribute
    read through Flask's ``g`` or ``request`` proxy ~2 µs (so the real objects are used)."""
    state = g._get_current_object()
    current = request._get_current_object() if has_request_context() else None
    found = getattr(state, "kg_prefixes", None)
    if found is None or found[0] is not current:
        found = state.kg_prefixes = (current, {
            "id": base_iri() + "id/",
            "node": url_for("entities.node_view", path="_").removesuffix("_"),
            "article": url_for("articles.article", article_id="_").removesuffix("_")})
    return found[1]


def alternates(url: str, formats: Iterable[Format] = RDF_FORMATS) -> list[tuple[str, Format]]:
    """The other forms of the page at ``url``: (``url.ext``, format) for each format."""
    return [(f"{url}.{fmt.name}", fmt) for fmt in formats]


def html_page(template: str, links: Iterable[tuple[str, Format]] = (), status: int = 200,
              **context) -> Response:
    """A rendered page with ``Link: <…>; rel="alternate"`` headers for its other formats."""
    links = list(links)
    response = make_response(render_template(template, alternates=links, **context), status)
    for url, fmt in links:
        response.headers.add("Link", f'<{url}>; rel="alternate"; type="{fmt.media_type}"')
    response.vary.add("Accept")
    return response


def rdf_response(triples: list[ox.Triple], fmt: Format) -> Response:
    """``triples`` serialised as ``fmt``, with an ETag, conditional GET and cache headers.

    Turtle gets a prefix for each folder of nested data IRIs (``claim-002:c02``, no escaped
    slashes); JSON-LD is compacted with the context published at ``/context.jsonld``.
    """
    if fmt.serializer == ox.RdfFormat.JSON_LD:
        body = jsonld.compact(triples, jsonld.context_url())
        return cached_response(body, fmt.media_type)
    namespace = base_iri() + "id/"
    prefixes = used_prefixes({k: str(v) for k, v in PREFIXES.items()}, triples)
    prefixes.setdefault("id", namespace)
    iris = {t.value for triple in triples for t in triple if isinstance(t, ox.NamedNode)}
    prefixes.update(nested_prefixes(namespace, iris, reserved=PREFIXES.keys() | {"id"}))
    body = ox.serialize(triples, format=fmt.serializer, prefixes=prefixes)
    return cached_response(body, fmt.media_type)


def cached_response(body: bytes, media_type: str) -> Response:
    """A response that clients may cache and revalidate (strong ETag of the body)."""
    response = Response(body, content_type=f"{media_type}; charset=utf-8")
    response.set_etag(hashlib.sha256(body).hexdigest()[:32])
    response.headers["Cache-Control"] = CACHE_CONTROL
    response.vary.add("Accept")
    return response.make_conditional(request)


def sparql_link(query: str) -> str:
    """The query editor opened on ``query`` (a browser asking /sparql for HTML gets the UI)."""
    return url_for("sparql.endpoint", query=query)


def curie(iri: str) -> str:
    """``prov:Agent`` for an IRI in a known namespace, else the IRI."""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(str(ns)) and len(iri) > len(str(ns)):
            return f"{prefix}:{iri[len(str(ns)):]}"
    return iri


def node_links(nodes: Iterable) -> list[dict]:
    """Label and link of each node (the data the article view's script shows on a click)."""
    return [{"label": n.label, "href": href(n.iri)} for n in nodes]


def init_app(app: Flask) -> None:
    app.jinja_env.filters["href"] = href
    app.jinja_env.filters["node_links"] = node_links
    app.jinja_env.filters["curie"] = curie
    app.jinja_env.filters["kind"] = kind_of
    app.jinja_env.globals["sparql_link"] = sparql_link
    app.jinja_env.globals["article_url"] = article_url


_MEMO_LOCK = threading.Lock()


def memo(name: str, compute):
    """``compute()`` once per app (dumps, the validation report, pyLODE's page), shared by all
    requests. Computations run one at a time, and concurrent first requests wait for the one
    computation: rdflib's SPARQL parser (pySHACL's, pyLODE's) is not thread-safe, and four
    concurrent first requests to /validation left it broken for every later one. A failure is
    not kept: the next request tries again."""
    cache = current_app.extensions.setdefault("kg-pages", {})
    if name not in cache:
        with _MEMO_LOCK:
            if name not in cache:
                cache[name] = compute()
    return cache[name]
