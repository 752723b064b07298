"""HTTP to a SPARQL server (httpx): keep-alive connections, basic or digest auth, and the server's
refusals turned into one line a person can act on.

One client per process: the web app's query workers are forked, and a forked child must not write
to its parent's sockets. httpx's client is thread-safe, so the request threads share it.
"""

from __future__ import annotations

import os
import re
import threading
import weakref

import httpx

AUTH_SCHEMES = ("basic", "digest")
_QUERY_ECHO = re.compile(r"\s*SPARQL query:.*", re.S)  # Virtuoso repeats the whole query
_TAG = re.compile(r"<[^>]*>")


def make_auth(user: str | None, password: str | None, scheme: str = "basic") -> httpx.Auth | None:
    """httpx's own basic or digest authentication (Virtuoso's ``-auth`` services want digest).

    :raise ValueError: an unknown scheme.
    """
    if not user:
        return None
    if scheme not in AUTH_SCHEMES:
        raise ValueError(f"unknown authentication scheme {scheme!r}; use one of {AUTH_SCHEMES}")
    cls = httpx.DigestAuth if scheme == "digest" else httpx.BasicAuth
    return cls(user, password or "")


class Client:
    """An ``httpx.Client`` per process, made on first use, with ``auth`` and ``timeout``."""

    def __init__(self, *, timeout: float, auth: httpx.Auth | None = None):
        self.timeout, self.auth = timeout, auth
        self._client: httpx.Client | None = None
        self._pid = 0
        self._lock = threading.Lock()

    def get(self) -> httpx.Client:
        with self._lock:
            if self._client is None or self._pid != os.getpid():
                # A client inherited through fork is dropped, never closed: closing would shut
                # the parent's connections too.
                self._client = httpx.Client(timeout=self.timeout, auth=self.auth,
                                            follow_redirects=False, trust_env=False)
                self._pid = os.getpid()
                # Closed when this object goes, by the process that opened it.
                weakref.finalize(self, _close, self._client, self._pid)
            return self._client

    def __getstate__(self) -> dict:  # a store crossing a process boundary opens its own client
        return {"timeout": self.timeout, "auth": self.auth}

    def __setstate__(self, state: dict) -> None:
        self.__init__(**state)

    def close(self) -> None:
        with self._lock:
            if self._client is not None:
                _close(self._client, self._pid)
            self._client = None


def _close(client: httpx.Client, pid: int) -> None:
    if pid == os.getpid():
        client.close()


def server_message(response: httpx.Response, limit: int = 300) -> str:
    """What the server said, on one line: its text without markup, the echoed query, or runs of
    whitespace; at most ``limit`` characters."""
    text = response.content.decode(response.encoding or "utf-8", "replace")
    text = " ".join(_TAG.sub(" ", _QUERY_ECHO.sub("", text)).split())
    if len(text) > limit:
        text = text[:limit] + "…"
    return text or response.reason_phrase or "no message"


def refusal(response: httpx.Response) -> str:
    """``HTTP 401: <message>``, and for a 401 what to try (Virtuoso's ``-auth`` services want
    digest authentication, and answer basic credentials without saying so)."""
    message = f"HTTP {response.status_code}: {server_message(response)}"
    if response.status_code != 401:
        return message
    sent = response.request.headers.get("Authorization", "").split(" ")[0].lower()
    if sent == "digest":
        return message + " (user or password refused)"
    if sent:
        return message + " (wrong user or password, or the server wants --auth digest)"
    digest = response.headers.get("WWW-Authenticate", "").lower().startswith("digest")
    return message + (" (the server wants a user: --user NAME" + (" --auth digest" if digest else "")
                      + ", the password in KG_ENDPOINT_PASSWORD)")
