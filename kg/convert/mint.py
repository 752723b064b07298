"""Mint IRIs: ASCII slash IRIs under one base, derived only from curated ids (deterministic)."""

from __future__ import annotations

import re
import unicodedata

from rdflib import URIRef

from kg.namespaces import base_iri

_SAFE = re.compile(r"^[A-Za-z0-9._-]+$")


def _slug(text: str) -> str:
    """ASCII slug of free text, case kept: ``"January 3rd"`` → ``January-3rd``."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^A-Za-z0-9]+", "-", plain).strip("-") or "date"


class Minter:
    """Every IRI the converter writes comes from here, so the scheme is in one place.

    >>> Minter("https://x.org/").claim("000_a", "c01")
    rdflib.term.URIRef('https://x.org/id/claim/000_a/c01')
    """

    def __init__(self, base: str | None = None):
        self.base = base or base_iri()
        self.id = self.base + "id/"
        self.graph_base = self.base + "graph/"

    def _iri(self, *parts: str) -> URIRef:
        for part in parts:
            if not _SAFE.match(part):
                raise ValueError(f"not a safe IRI segment: {part!r}")
        return URIRef(self.id + "/".join(parts))

    def entity(self, slug: str) -> URIRef:
        return self._iri(slug)

    def article(self, article_id: str) -> URIRef:
        return self._iri("article", article_id)

    def source(self, article_id: str, slug: str) -> URIRef:
        return self._iri("source", article_id, slug)

    def claim(self, article_id: str, claim_id: str) -> URIRef:
        return self._iri("claim", article_id, claim_id)

    def event(self, slug: str) -> URIRef:
        return self._iri("event", slug)

    def agreement(self, slug: str) -> URIRef:
        return self._iri("agreement", slug)

    def provision(self, article_id: str, agreement: str, index: int) -> URIRef:
        return self._iri("provision", article_id, agreement, str(index + 1))

    def post(self, slug: str) -> URIRef:
        return self._iri("post", slug)

    def holding(self, holder: str, post: str) -> URIRef:
        return self._iri("holding", holder, post)

    def proposition(self, slug: str) -> URIRef:
        return self._iri("proposition", slug)

    def time(self, key: str, text: str, article_id: str | None = None) -> URIRef:
        """One node per date *as written*: "In 2019" and "from 2019" keep their own phrase. A date
        resolved against an article's publication (``article_id``) is that article's own."""
        return self._iri("time", *([article_id] if article_id else []), key, _slug(text))

    def statement(self, *parts: str) -> URIRef:
        """The support of one registry statement: subject, property, value."""
        return self._iri("statement", *parts)

    def inference(self, slug: str) -> URIRef:
        return self._iri("inference", slug)

    def origin(self, article_id: str, index: int) -> URIRef:
        """An article's recorded origin (``origins`` entry ``index``, 0-based)."""
        return self._iri("origin", article_id, str(index + 1))

    def quantity(self, *parts: str) -> URIRef:
        return self._iri("quantity", *parts)

    def evidence(self, article_id: str, key: str) -> URIRef:
        return self._iri("evidence", article_id, key)

    def mention(self, article_id: str, span_key: str) -> URIRef:
        return self._iri("mention", article_id, span_key)

    def extraction(self, article_id: str) -> URIRef:
        """The run of ``kg extract`` that drafted an article (a prov:Activity)."""
        return self._iri("extraction", article_id)

    def software(self, tool: str, version: str) -> URIRef:
        """A program at one version (a prov:SoftwareAgent): ``software/kg-extract/0.1.0``."""
        return self._iri("software", _slug(tool), version if _SAFE.match(version) else _slug(version))

    def graph(self, *parts: str) -> URIRef:
        return URIRef(self.graph_base + "/".join(parts))
