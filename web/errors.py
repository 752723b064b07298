"""One error shape for API clients and an HTML page for browsers; malformed input is never a 500.

The JSON body copies Datasette's ``error_body()``::

    {"ok": false, "status": 400, "error": "syntax error at line 1, column 6: …",
     "errors": ["syntax error at line 1, column 6: …"], "line": 1, "column": 6}

An unexpected error (a bug) is one log line at ERROR; its traceback is logged at DEBUG.
Redirects that routing makes (``/id//x`` → ``/id/x``) point at ``PUBLIC_URL`` when it is set and
are relative otherwise: never at the request's ``Host`` header.
"""

from __future__ import annotations

import math
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

from kg.errors import QueryError
from kg.store.fair import QueueTimeout, TooManyRequests
from kg.store.guard import QueryRefused, QueryTooDeep, QueryTooLarge, UpdateRefused
from kg.store.pool import WorkerLost
from kg.store.query import NoAcceptableFormat, QueryFailed, QuerySyntaxError, QueryTimeout
from kg.store.remote import RemoteUnavailable

from .negotiate import defaults_to_html

# Library errors → HTTP status; the first class in an exception's MRO that is listed wins.
STATUS = {
    QuerySyntaxError: 400, QueryRefused: 400, QueryTooDeep: 400, QueryFailed: 400,
    UpdateRefused: 403, QueryTooLarge: 413, NoAcceptableFormat: 406, TooManyRequests: 429,
    QueryTimeout: 503, QueueTimeout: 503, WorkerLost: 503, RemoteUnavailable: 502,
    QueryError: 400,
}


def error_body(status: int, message: str, errors: list[str] | None = None, **extra) -> dict:
    """The JSON error document."""
    return {"ok": False, "status": status, "error": message, "errors": errors or [message],
            **extra}


def wants_html() -> bool:
    """True when the client prefers HTML to JSON (a browser). A client that names neither (an
    RDF client) gets JSON; one that states no preference at all (no ``Accept``, ``*/*``) gets
    what the URL answers by default (web.negotiate.defaults_to_html): one rule for pages and
    their errors."""
    accept = request.accept_mimetypes
    html, json = accept["text/html"], accept["application/json"]
    if html != json:
        return html > json
    return not any(value != "*/*" for value, _ in accept) and defaults_to_html()


def error_response(status: int, message: str, *, headers=None, **extra):
    """The error as an HTML page for browsers, else as :func:`error_body` JSON."""
    if wants_html():
        response = current_app.make_response(
            (render_template("error.html", status=status, message=message, extra=extra), status))
    else:
        response = jsonify(error_body(status, message, **extra))
        response.status_code = status
    response.headers.extend(headers or {})
    return response


def handle_http(exc: HTTPException):
    headers = [(k, v) for k, v in exc.get_headers() if k.lower() != "content-type"]
    return error_response(exc.code or 500, exc.description or exc.name, headers=headers)


def local_redirects(response: Response) -> Response:
    """Routing's redirects (merged slashes, a missing trailing slash) are built from the Host
    header: point them at this site instead."""
    location = response.headers.get("Location")
    if 300 <= response.status_code < 400 and location and urlsplit(location).netloc:
        response.headers["Location"] = local_url(location)
    return response


def local_url(url: str) -> str:
    """``url``'s path and query on this site: under ``PUBLIC_URL`` if set, else relative."""
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return str(current_app.config["PUBLIC_URL"] or "").rstrip("/") + path


def handle_query_error(exc: QueryError):
    status = next(STATUS[cls] for cls in type(exc).__mro__ if cls in STATUS)
    extra, headers = {}, {}
    if isinstance(exc, QuerySyntaxError) and exc.line is not None:
        extra = {"line": exc.line, "column": exc.column}
    if isinstance(exc, TooManyRequests):
        headers["Retry-After"] = str(max(1, math.ceil(exc.retry_after)))
    elif status == 503:
        wait = current_app.config["QUEUE_WAIT" if isinstance(exc, QueueTimeout) else "QUERY_TIMEOUT"]
        headers["Retry-After"] = str(max(1, math.ceil(float(wait))))
    return error_response(status, str(exc), headers=headers, **extra)


def handle_unexpected(exc: Exception):
    logger = current_app.logger
    logger.error("unexpected error on %s %s: %s: %s", request.method, request.path,
                 type(exc).__name__, str(exc).split("\n")[0][:300])
    logger.debug("traceback of the error on %s %s", request.method, request.path, exc_info=exc)
    return error_response(500, InternalServerError.description)


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(QueryError, handle_query_error)
    app.register_error_handler(Exception, handle_unexpected)
    app.after_request(local_redirects)
