"""Content negotiation in one place: which format a response is written in.

The table itself is :data:`kg.formats.FORMATS` (names, extensions, media types, serialisers),
re-exported here. An explicit ``format`` (a ``?format=`` parameter or a URL suffix such as
``.ttl``) wins; otherwise the ``Accept`` header decides, with q-values and wildcards (YASGUI sends
``application/sparql-results+json,*/*;q=0.9``); if nothing fits the answer is 406.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from flask import abort, request
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from kg.formats import FORMATS, Format, family, find

__all__ = ["FORMATS", "Format", "choose_format", "defaults_to_html", "family", "find",
           "negotiated", "request_format"]
# URLs that name a data format (``/id/x.ttl``, ``/search.json``) answer in it, errors included.
_DATA_SUFFIX = re.compile(r"\.(ttl|jsonld|nt|rdf|json|trig|nq)$")
# Endpoints whose answers are data whatever the URL: the SPARQL protocol.
DATA_ENDPOINTS = {"sparql.endpoint"}


def choose_format(candidates: Sequence[Format], *, requested: str | None = None,
                  accept: MIMEAccept | None = None) -> Format:
    """Pick one of ``candidates`` (in the server's order of preference).

    :raise 406: ``requested`` is not a candidate, or ``accept`` rules all of them out.
    """
    if requested:
        fmt = find(requested, candidates)
        if fmt is None:
            abort(406, f"format {requested!r} is not available here; use one of: "
                  + ", ".join(f.name for f in candidates))
        return fmt
    if not accept:  # no (or unparseable) Accept header means anything goes
        return candidates[0]
    by_type: dict[str, Format] = {}
    for fmt in candidates:  # canonical media types first, so */* picks the first candidate
        by_type.setdefault(fmt.media_type, fmt)
    for fmt in candidates:
        for alias in fmt.media_aliases:
            by_type.setdefault(alias, fmt)
    best = accept.best_match(list(by_type))
    if best is None or accept.quality(best) <= 0:
        abort(406, "none of the acceptable media types can be produced; available: "
              + ", ".join(f.media_type for f in candidates))
    return by_type[best]


@lru_cache(maxsize=1024)
def negotiated(candidates: tuple[Format, ...], requested: str | None, accept: str) -> Format:
    """:func:`choose_format` for a raw ``Accept`` header, remembered per header: clients send
    a handful of distinct headers, and parsing and matching one costs ~30 µs a request.

    :raise 406: as :func:`choose_format` (a refusal is not remembered).
    """
    return choose_format(candidates, requested=requested,
                         accept=parse_accept_header(accept, MIMEAccept) if accept else None)


def request_format(candidates: Sequence[Format], requested: str | None = None) -> Format:
    """:func:`choose_format` for the current request; ``requested`` defaults to ``?format=``."""
    if requested is None:
        requested = request.args.get("format")
    return negotiated(tuple(candidates), requested, request.headers.get("Accept", ""))


def defaults_to_html() -> bool:
    """What a URL answers when the client states no preference (no ``Accept``, or ``*/*``):
    HTML for pages, data for the SPARQL endpoint, a ``?format=`` or a data suffix. Errors follow
    the same rule, so a 404 comes in the form the page would have come in."""
    if request.endpoint in DATA_ENDPOINTS or request.args.get("format"):
        return False
    return not _DATA_SUFFIX.search(request.path)
