"""Read a SPARQL 1.1 Protocol query request strictly (§2.1), whatever the client sends.

Werkzeug is lenient where the protocol is not: ``args.get`` silently takes the first of two
``query`` values, bodies without a Content-Type are accepted and undecodable bytes become U+FFFD.
So the query string and the body are decoded here, as UTF-8 only, with every rule checked.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl

import pyoxigraph as ox
from flask import Request
from werkzeug.exceptions import BadRequest, UnsupportedMediaType
from werkzeug.http import parse_options_header

from kg.store.guard import UpdateRefused

FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"
MAX_PARAMS = 200


@dataclass(frozen=True)
class ProtocolRequest:
    """The parts of a query request the endpoint uses; ``query`` is None if there was none."""

    query: str | None
    default_graph_uris: tuple[str, ...] = ()
    named_graph_uris: tuple[str, ...] = ()
    format: str | None = None


def parse_request(request: Request) -> ProtocolRequest:
    """Decode a GET or POST query request.

    :raise 400: bad encoding, two queries, missing Content-Type, a malformed graph IRI…
    :raise 403: an update request (the endpoint is read-only).
    :raise 415: a POST body of any other media type.
    """
    params = decode_pairs(request.query_string, "query string")
    direct: list[str] = []
    if request.method == "POST":
        body_params, direct = _read_body(request)
        params += body_params
    queries = [v for k, v in params if k == "query"] + direct
    if any(k == "update" for k, _ in params):
        raise UpdateRefused("this endpoint is read-only: SPARQL Update is not accepted")
    if len(queries) > 1:
        raise BadRequest("a request must carry exactly one query, found "
                         f"{len(queries)}")
    formats = [v for k, v in params if k in ("format", "output")]
    return ProtocolRequest(queries[0] if queries else None, _graphs(params, "default-graph-uri"),
                           _graphs(params, "named-graph-uri"), formats[0] if formats else None)


def decode_pairs(raw: bytes, where: str) -> list[tuple[str, str]]:
    """``a=1&b=2`` as pairs, percent-decoded as strict UTF-8."""
    try:
        return parse_qsl(raw.decode("utf-8"), keep_blank_values=True, encoding="utf-8",
                         errors="strict", max_num_fields=MAX_PARAMS)
    except UnicodeDecodeError:
        raise BadRequest(f"the {where} is not valid UTF-8") from None
    except ValueError:
        raise BadRequest(f"the {where} has more than {MAX_PARAMS} parameters") from None


def _read_body(request: Request) -> tuple[list[tuple[str, str]], list[str]]:
    content_type = request.headers.get("Content-Type", "")
    media_type, options = parse_options_header(content_type)
    if not media_type:
        raise BadRequest(f"a POST needs a Content-Type: {FORM} or {QUERY}")
    if options.get("charset", "utf-8").lower() not in ("utf-8", "utf8"):
        raise BadRequest("only UTF-8 is accepted (charset=utf-8)")
    if media_type == UPDATE:
        raise UpdateRefused("this endpoint is read-only: SPARQL Update is not accepted")
    if media_type not in (FORM, QUERY):
        raise UnsupportedMediaType(f"cannot read a {media_type} body; send {FORM} or {QUERY}")
    body = request.get_data(cache=False)
    if media_type == FORM:
        return decode_pairs(body, "form body"), []
    try:
        return [], [body.decode("utf-8")]
    except UnicodeDecodeError:
        raise BadRequest("the query is not valid UTF-8") from None


def _graphs(params: list[tuple[str, str]], name: str) -> tuple[str, ...]:
    iris = tuple(v for k, v in params if k == name)
    for iri in iris:
        try:
            ox.NamedNode(iri)
        except ValueError as exc:
            raise BadRequest(f"{name} is not an absolute IRI: {iri!r} ({exc})") from None
    return iris
