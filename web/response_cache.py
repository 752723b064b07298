"""A cache of whole responses in front of Flask, the way WDQS fronts its endpoint with one.

A request the cache can answer never reaches Flask: no routing, no hooks, no worker. Entries are
the ``200`` answers to ``GET``/``HEAD`` requests (any page, ``/sparql``) and to ``POST /sparql``
queries, keyed by everything the answer depends on: the method (``HEAD`` shares ``GET``'s
entries), the URL with its query string (the query, the dataset parameters, ``format``), the
``Accept`` header, the ``Host`` (the service description and the editor name the endpoint by it),
a POST's ``Content-Type`` and body, and the data version (``store.version()``: a new version
empties the cache). Nothing else a client sends changes an answer, so no answer can leak from one
client to another; only ``200`` answers are kept, so one client's ``429`` or ``503`` is never
served to anyone. An answer is kept only if it says it may be: no ``Set-Cookie``, no
``Cache-Control: private`` or ``no-store``, no ``Vary`` beyond ``Accept``, a known length under
the entry cap. Bodies count against ``RESPONSE_CACHE_MB``; the least recently used go first.

Hits still cost the client (web.clients): a client over its budget is passed on to the app, which
answers 429, and a hit is charged its CPU time, at least ``CACHE_HIT_COST`` seconds.

Conditional requests: the cache owns ``If-None-Match`` for the requests it may answer. It strips
the header before the app sees it, keeps the full answer, and answers ``304`` itself when the
answer's ``ETag`` matches (``/sparql`` GETs and the RDF pages carry one). Requests with other
preconditions (``If-Match``, ``If-Modified-Since``, ``Range``…) pass through untouched.
"""

from __future__ import annotations

import io
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from flask import Flask
from werkzeug.http import parse_etags, unquote_etag

from .clients import budgets, client_address, trusted_networks

POST_TYPES = ("application/x-www-form-urlencoded", "application/sparql-query")
PRECONDITIONS = ("HTTP_IF_MATCH", "HTTP_IF_UNMODIFIED_SINCE", "HTTP_IF_MODIFIED_SINCE",
                 "HTTP_RANGE", "HTTP_IF_RANGE", "HTTP_AUTHORIZATION")
# What a 304 repeats of the full answer (RFC 9110 §15.4.5, and CORS for cross-origin scripts).
NOT_MODIFIED_HEADERS = frozenset({"etag", "cache-control", "vary", "expires", "content-location",
                                  "access-control-allow-origin", "access-control-expose-headers"})
ENTRY_OVERHEAD = 512  # bytes an entry costs beyond its body and key: headers, tuples
PEEKED = "kg-response-cache.peeked"  # environ key: what peek() found, (key, entry or None)
MAX_ENTRY = 4 << 20  # a larger answer is not kept: it would push out many small ones

StartResponse = Callable


@dataclass(frozen=True)
class Entry:
    """A kept answer: status line, headers, body, and the ETag (unquoted) if it has one."""

    status: str
    headers: list[tuple[str, str]]
    body: bytes
    etag: str | None
    size: int


class ResponseCache:
    """WSGI middleware: ``app.wsgi_app = ResponseCache(app, app.wsgi_app, max_bytes)``."""

    def __init__(self, app: Flask, inner: Callable, max_bytes: int):
        self.app, self.inner, self.max_bytes = app, inner, max_bytes
        self.max_entry = min(MAX_ENTRY, max(1, max_bytes // 4))
        config = app.config
        self.trusted = trusted_networks(str(config["TRUSTED_PROXIES"] or ""))
        self.hit_cost = float(config["CACHE_HIT_COST"])
        self.max_body = int(config["MAX_CONTENT_LENGTH"])
        self.entries: OrderedDict[tuple, Entry] = OrderedDict()
        self.size = self.hits = self.misses = 0
        self._version: str | None = None
        self._store = None
        self._lock = threading.Lock()

    def __call__(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        started = time.thread_time()
        peeked = environ.pop(PEEKED, None)
        if peeked is not None:  # web.channel's fast lane found it: answer without a second look
            key, entry = peeked
        else:
            key = self.key(environ)
            if key is None:
                return self.inner(environ, start_response)
            entry = self._get(key)
        if entry is None:
            return self._miss(key, environ, start_response)
        client = client_address(environ.get("REMOTE_ADDR") or "",
                                environ.get("HTTP_X_FORWARDED_FOR"), self.trusted)
        spent = budgets(self.app)
        if peeked is None and spent.retry_after(client) is not None:
            return self.inner(environ, start_response)  # the app answers 429, as on a miss
        answer = _answer(entry, environ, start_response)
        spent.charge(client, max(self.hit_cost, time.thread_time() - started))
        return answer

    def peek(self, environ: dict, client: str) -> bool:
        """Whether this request's answer is here and ``client`` may have it now (within its
        budget). The answer found is kept in ``environ`` for :meth:`__call__`; on False the key
        is, so that the request is not looked up twice."""
        key = self.key(environ)
        if key is None:
            return False
        entry = self._get(key)
        if entry is not None and budgets(self.app).retry_after(client) is not None:
            return False  # the app answers 429 (from a thread, in the client's turn)
        environ[PEEKED] = (key, entry)
        return entry is not None

    def key(self, environ: dict) -> tuple | None:
        """What the answer to this request depends on; None if the cache must not answer it.
        A POST's body is read here, and put back for the app as a fresh stream."""
        method, path = environ.get("REQUEST_METHOD", ""), environ.get("PATH_INFO", "")
        if path.startswith("/static/") or any(name in environ for name in PRECONDITIONS):
            return None
        if method in ("GET", "HEAD"):
            body, media_type = b"", ""
        elif method == "POST" and path == "/sparql":
            media_type = environ.get("CONTENT_TYPE", "")
            if media_type.split(";")[0].strip().lower() not in POST_TYPES:
                return None
            body = _read_body(environ, self.max_body)
            if body is None:
                return None
        else:
            return None
        version = self.version()
        if version is None:
            return None
        return (version, "POST" if method == "POST" else "GET", environ.get("wsgi.url_scheme"),
                environ.get("HTTP_HOST", ""), environ.get("SCRIPT_NAME", ""), path,
                environ.get("QUERY_STRING", ""), environ.get("HTTP_ACCEPT", ""), media_type, body)

    def version(self) -> str | None:
        """The data version; a new one empties the cache. None (no caching) if the store cannot
        be opened: the app then reports why."""
        try:
            if self._store is None:
                from .graph import get_store

                self._store = get_store(self.app)
            version = str(getattr(self._store, "version", lambda: "")())
        except Exception:  # noqa: BLE001 - the app's own error handling reports it
            return None
        if version != self._version:
            with self._lock:
                if version != self._version:
                    self.entries.clear()
                    self.size, self._version = 0, version
        return version

    def _get(self, key: tuple) -> Entry | None:
        with self._lock:
            entry = self.entries.get(key)
            if entry is None:
                self.misses += 1
                return None
            self.entries.move_to_end(key)
            self.hits += 1
            return entry

    def _put(self, key: tuple, entry: Entry) -> None:
        with self._lock:
            if key[0] != self._version or key in self.entries:
                return
            self.entries[key] = entry
            self.size += entry.size
            while self.size > self.max_bytes and self.entries:
                _, old = self.entries.popitem(last=False)
                self.size -= old.size

    def _miss(self, key: tuple, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        condition = None if key[1] == "POST" else environ.pop("HTTP_IF_NONE_MATCH", None)
        started: list = []

        def capture(status, headers, exc_info=None):
            started[:] = [status, headers, exc_info]
            return _no_write

        body = self.inner(environ, capture)
        if not started:  # start_response is called at the first chunk (Flask calls it at once)
            chunks = list(body)
            _close(body)
            body = chunks
        status, headers, exc_info = started
        entry = None
        if self._keepable(status, headers):
            try:
                content = b"".join(body)
            finally:
                _close(body)
            entry = _entry(status, headers, content, key)
            if environ["REQUEST_METHOD"] != "HEAD" and len(content) == _length(headers):
                self._put(key, entry)
            body = [content]
        elif status.startswith("200 "):
            entry = Entry(status, headers, b"", _etag(headers), 0)
        if entry is not None and condition and _matches(condition, entry):
            _close(body)
            return _not_modified(entry, start_response)
        start_response(status, headers, exc_info)
        return body

    def _keepable(self, status: str, headers: list[tuple[str, str]]) -> bool:
        if not status.startswith("200 "):
            return False
        length = _length(headers)
        if length is None or length > self.max_entry:
            return False
        for name, value in headers:
            name = name.lower()
            if name == "set-cookie":
                return False
            if name == "cache-control" and ("private" in value or "no-store" in value):
                return False
            if name == "vary" and any(v.strip().lower() not in ("accept", "")
                                      for v in value.split(",")):
                return False
        return True

    def clear(self) -> None:
        with self._lock:
            self.entries.clear()
            self.size = 0


def _read_body(environ: dict, cap: int) -> bytes | None:
    try:
        length = int(environ.get("CONTENT_LENGTH") or -1)
    except ValueError:
        return None
    if not 0 <= length <= cap:
        return None  # no length (the app reads it as it can), or too long (the app says 413)
    body = environ["wsgi.input"].read(length)
    environ["wsgi.input"] = io.BytesIO(body)
    return body if len(body) == length else None


def _entry(status: str, headers: list[tuple[str, str]], body: bytes, key: tuple) -> Entry:
    size = len(body) + len(key[6]) + len(key[9]) + ENTRY_OVERHEAD
    return Entry(status, list(headers), body, _etag(headers), size)


def _etag(headers: list[tuple[str, str]]) -> str | None:
    value = next((v for k, v in headers if k.lower() == "etag"), None)
    return unquote_etag(value)[0] if value else None


def _length(headers: list[tuple[str, str]]) -> int | None:
    value = next((v for k, v in headers if k.lower() == "content-length"), None)
    return int(value) if value is not None and value.isdigit() else None


def _matches(condition: str, entry: Entry) -> bool:
    return entry.etag is not None and parse_etags(condition).contains_weak(entry.etag)


def _answer(entry: Entry, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
    condition = environ.get("HTTP_IF_NONE_MATCH")
    if condition and environ["REQUEST_METHOD"] != "POST" and _matches(condition, entry):
        return _not_modified(entry, start_response)
    start_response(entry.status, entry.headers)
    return [] if environ["REQUEST_METHOD"] == "HEAD" else [entry.body]


def _not_modified(entry: Entry, start_response: StartResponse) -> Iterable[bytes]:
    start_response("304 NOT MODIFIED",
                   [(k, v) for k, v in entry.headers if k.lower() in NOT_MODIFIED_HEADERS])
    return []


def _close(body) -> None:
    close = getattr(body, "close", None)
    if close is not None:
        close()


def _no_write(data: bytes) -> None:
    raise RuntimeError("the response cache does not support WSGI's write() callable")


def init_app(app: Flask) -> None:
    """Put the cache in front of the app unless ``RESPONSE_CACHE_MB`` is 0."""
    megabytes = float(app.config["RESPONSE_CACHE_MB"])
    if megabytes > 0:
        cache = ResponseCache(app, app.wsgi_app, int(megabytes * 2**20))
        app.extensions["kg"]["responses"] = cache
        app.wsgi_app = cache
