"""Compact JSON-LD: the graph's descriptions with short names, and the context that defines them.

The context maps the prefixes of :data:`kg.namespaces.PREFIXES`, plus ``id`` for the data
namespace, and nothing else: a prefix-only context compacts and expands without surprises
(no term coercion, no language maps), so any JSON-LD processor reads the document back into
the same graph. The context is published at ``<base>context.jsonld`` (``KG_BASE``), and
documents name it by that URL, as schema.org's do; with the example base of a development setup,
which is nobody's server, they carry the context itself instead.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import Graph
from rdflib.plugins.serializers.jsonld import from_rdf

from kg.namespaces import DEFAULT_BASE, PREFIXES, base_iri


def context() -> dict[str, str]:
    """The prefixes of the published context (``id`` follows ``KG_BASE``)."""
    return {**{prefix: str(ns) for prefix, ns in PREFIXES.items()}, "id": base_iri() + "id/"}


def context_url() -> str | None:
    """Where documents say their context is: on the site's own base, never taken from a request
    (a Host header must not be able to point readers at another context). None with the
    example base (see the module docstring)."""
    base = base_iri()
    return None if base == DEFAULT_BASE else base + "context.jsonld"


def context_document() -> bytes:
    """The context as the document served at its URL."""
    return _dumps({"@context": context()})


def compact(triples: Iterable[ox.Triple], url: str | None) -> bytes:
    """``triples`` as compact JSON-LD whose ``@context`` is ``url`` (if None, the context).

    rdflib compacts property names and values; node ids are shortened here too (rdflib only
    shortens an IRI whose last segment follows its prefix, so ``id:claim/000_a/c01`` stays
    long otherwise). A compact IRI may hold slashes: JSON-LD does not escape them.
    """
    graph = Graph()
    graph.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
    prefixes = context()
    document = from_rdf(graph, context_data=prefixes, auto_compact=True)
    document = _shorten(document, sorted(prefixes.items(), key=lambda p: -len(p[1])))
    document["@context"] = url or prefixes
    return _dumps(document)


def _shorten(value, prefixes: list[tuple[str, str]]):
    """``value`` with every ``@id`` and ``@type`` IRI written as ``prefix:rest`` where one fits."""
    if isinstance(value, list):
        return [_shorten(item, prefixes) for item in value]
    if not isinstance(value, dict):
        return value
    out = {}
    for key, item in value.items():
        if key == "@id" and isinstance(item, str):
            item = _curie(item, prefixes)
        elif key == "@type":
            item = [_curie(t, prefixes) for t in item] if isinstance(item, list) else \
                _curie(item, prefixes)
        else:
            item = _shorten(item, prefixes)
        out[key] = item
    return out


def _curie(iri: str, prefixes: list[tuple[str, str]]) -> str:
    """``id:claim/000_a/c01`` for a full IRI in a known namespace (longest first); a suffix that
    starts with ``//`` would read as an IRI of its own, so it stays full."""
    for prefix, namespace in prefixes:
        rest = iri[len(namespace):]
        if iri.startswith(namespace) and rest and not rest.startswith("//"):
            return f"{prefix}:{rest}"
    return iri


def _dumps(document: dict) -> bytes:
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")
