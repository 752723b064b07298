"""One error shape for API clients and an HTML page for browsers; malformed input is never a 500.

The JSON body copies Datasette's ``error_body()``::

    {"ok": false, "status": 400, "error": "syntax error at line 1, column 6: …",
     "errors": ["syntax error at line 1, column 6: …"], "line": 1, "column": 6}
"""

from __future__ import annotations

import math

from flask import Flask, current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

from kg.errors import QueryError
from kg.store.guard import QueryRefused, QueryTooLarge, UpdateRefused
from kg.store.pool import WorkerLost
from kg.store.query import NoAcceptableFormat, QuerySyntaxError, QueryTimeout
from kg.store.remote import RemoteUnavailable

from .negotiate import defaults_to_html

# Library errors → HTTP status; the first class in an exception's MRO that is listed wins.
STATUS = {
    QuerySyntaxError: 400, QueryRefused: 400, UpdateRefused: 403, QueryTooLarge: 413,
    NoAcceptableFormat: 406, QueryTimeout: 503, WorkerLost: 503, RemoteUnavailable: 502,
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


def handle_query_error(exc: QueryError):
    status = next(STATUS[cls] for cls in type(exc).__mro__ if cls in STATUS)
    extra, headers = {}, {}
    if isinstance(exc, QuerySyntaxError) and exc.line is not None:
        extra = {"line": exc.line, "column": exc.column}
    if status == 503:
        headers["Retry-After"] = str(max(1, math.ceil(current_app.config["QUERY_TIMEOUT"])))
    return error_response(status, str(exc), headers=headers, **extra)


def handle_unexpected(exc: Exception):
    current_app.logger.exception("unexpected error on %s %s", request.method, request.path)
    return error_response(500, InternalServerError.description)


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(QueryError, handle_query_error)
    app.register_error_handler(Exception, handle_unexpected)
