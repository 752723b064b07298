"""Who is asking, and whether they may: per-client budgets of server time (HTTP 429).

A client is an IP address: the peer's, or — only when the peer is one of ``TRUSTED_PROXIES`` —
the right-most ``X-Forwarded-For`` entry that is not itself a trusted proxy (entries further left
are whatever the client chose to write). Each request is charged the CPU time its thread used in
this process, at least ``REQUEST_COST`` seconds; a query is also charged the time it held a worker
(kg.store.fair.Scheduler). A client whose budget (``CLIENT_BUDGET`` seconds per minute) is spent
gets 429 with ``Retry-After`` until it has refilled; refused requests cost nothing.

The same :func:`client_address` names clients for the server's request queue (web.server), so
both see one client the same way. A response cache in front of the app can charge its hits with
:func:`charge`.
"""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Sequence
from functools import lru_cache

from flask import Flask, current_app, g, request

from kg.store.fair import Budgets, TooManyRequests

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=16)
def trusted_networks(setting: str) -> tuple[Network, ...]:
    """``"127.0.0.1, 10.0.0.0/8"`` as networks.

    :raise ValueError: an entry is not an address or a network.
    """
    return tuple(ipaddress.ip_network(item.strip(), strict=False)
                 for item in setting.replace(";", ",").split(",") if item.strip())


def client_address(peer: str, forwarded_for: str | None, trusted: Sequence[Network]) -> str:
    """The client's address: ``peer``, or what a trusted proxy says it forwarded for.

    >>> proxies = trusted_networks("10.0.0.1")
    >>> client_address("10.0.0.1", "6.6.6.6, 192.0.2.7", proxies)
    '192.0.2.7'
    >>> client_address("192.0.2.9", "192.0.2.7", proxies)  # not a proxy: its header means nothing
    '192.0.2.9'
    """
    if not trusted or not forwarded_for or not within(peer, trusted):
        return peer
    for hop in reversed(forwarded_for.split(",")):
        hop = hop.strip()
        if not within(hop, trusted):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return peer  # a garbled header: count the request against the proxy itself
    return peer


def within(address: str, networks: Sequence[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def budgets(app: Flask | None = None) -> Budgets:
    """The app's per-client budgets (one per app)."""
    app = app or current_app
    found = app.extensions["kg"].get("budgets")
    if found is None:
        found = app.extensions["kg"]["budgets"] = Budgets(float(app.config["CLIENT_BUDGET"]))
    return found


def current_client() -> str:
    """The client of the current request (set by :func:`_admit`)."""
    return g.get("kg_client") or _identify()


def charge(seconds: float, client: str | None = None) -> None:
    """Take ``seconds`` from a client's budget (the current request's by default)."""
    budgets().charge(client or current_client(), seconds)


def _identify() -> str:
    trusted = trusted_networks(str(current_app.config["TRUSTED_PROXIES"] or ""))
    return client_address(request.remote_addr or "", request.headers.get("X-Forwarded-For"),
                          trusted)


def _admit() -> None:
    g.kg_client = client = _identify()
    wait = budgets().retry_after(client)
    if wait is not None:
        g.kg_refused = True
        raise TooManyRequests("this client has used its share of the server for now "
                              f"({current_app.config['CLIENT_BUDGET']:g} s of server time per "
                              "minute); try again later", retry_after=wait)
    g.kg_cpu = time.thread_time()


def _charge(_exc) -> None:
    started = g.get("kg_cpu")
    if started is None or g.get("kg_refused"):
        return
    cost = max(float(current_app.config["REQUEST_COST"]), time.thread_time() - started)
    budgets().charge(g.kg_client, cost)


def init_app(app: Flask) -> None:
    trusted_networks(str(app.config["TRUSTED_PROXIES"] or ""))  # a bad setting fails at start
    app.before_request(_admit)
    app.teardown_request(_charge)
