"""A remote server's answer as the pyoxigraph result the embedded store would return.

Which format to ask for. Results: SPARQL XML first. Every engine writes it (it is the 2008
Recommendation), pyoxigraph reads it as fast as JSON, and it is what Virtuoso writes faithfully:
its JSON writer sends a stored ``"true"^^xsd:boolean`` as ``"1"``, and answers a CONSTRUCT with a
JSON *solutions* table when JSON comes first in ``Accept`` (the 500 of issue #14). Graphs:
N-Triples first (no prefixes, no nesting: the plainest thing a server can write). The query form
decides which family is asked for, so a server never picks a results format for a graph.

Terms are converted robustly: a blank node label that is not a valid label (Virtuoso's
``nodeID://b10001``) is mapped to one that is — the same label in every answer, so a node keeps its
identity between a SELECT and a CONSTRUCT — and the SPARQL 1.0 JSON ``typed-literal`` is read as a
literal.
"""

from __future__ import annotations

import html
import json
import re

import pyoxigraph as ox

from kg import formats

from .oxigraph import QueryResults

RESULTS_ACCEPT = "application/sparql-results+xml, application/sparql-results+json;q=0.9"
GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.8"
# The form could not be told (rare: see kg.store.guard): results first, then graphs.
ANY_ACCEPT = (f"{RESULTS_ACCEPT}, application/n-triples;q=0.8, text/turtle;q=0.7, "
              "application/rdf+xml;q=0.6")
ACCEPT = {"results": RESULTS_ACCEPT, "graph": GRAPH_ACCEPT, "": ANY_ACCEPT}
_XML_BNODE = re.compile(rb"<((?:[\w.-]+:)?bnode)>([^<]*)</\1>")
_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"


class UnexpectedAnswer(ValueError):
    """The server answered in a format that cannot hold this kind of result."""


def parse_answer(body: bytes, content_type: str, form: str = "") -> QueryResults:
    """The pyoxigraph result held in ``body``, read by its media type; ``form`` is the query's
    (``ASK``…) if known.

    :raise UnexpectedAnswer: a media type that is neither SPARQL results nor RDF.
    :raise SyntaxError: the body is not what its media type says.
    """
    fmt = formats.find(content_type, formats.family("results"))
    if fmt is not None and fmt.name in ("xml", "json"):
        clean = _clean_xml(body) if fmt.name == "xml" else _clean_json(body)
        results = ox.parse_query_results(clean, format=fmt.serializer)
        return _as_boolean(results) if form == "ASK" else results
    fmt = formats.find(content_type, formats.family("graph"))
    if fmt is None or fmt.name in formats.DATASET_FORMATS:
        raise UnexpectedAnswer(f"an answer as {content_type or 'no media type'!r}")
    return triples_result(ox.parse(body, format=fmt.serializer))


def blank_label(label: str) -> str:
    """A valid blank node label for ``label``: itself if valid, without Virtuoso's ``nodeID://``
    scheme, else its UTF-8 bytes in hex.

    >>> blank_label("nodeID://b10001"), blank_label("b0"), blank_label("a b")
    ('b10001', 'b0', 'x612062')
    """
    label = label.removeprefix("nodeID://")
    try:
        ox.BlankNode(label)
    except ValueError:
        return "x" + label.encode("utf-8").hex()
    return label


def triples_result(triples) -> ox.QueryTriples:
    """A real ``QueryTriples`` holding ``triples`` (consumers check the result's type)."""
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    return store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")


def _as_boolean(results: QueryResults) -> QueryResults:
    """An ASK answered as a table: Virtuoso started without ``CaseMode = 2`` sends one row with
    ``__ASK_RETVAL`` 1 or 0."""
    if not isinstance(results, ox.QuerySolutions) or \
            [v.value for v in results.variables] != ["__ASK_RETVAL"]:
        return results
    row = next(iter(results), None)
    value = row is not None and row[0] is not None and row[0].value not in ("0", "false")
    return ox.parse_query_results(b'{"head":{},"boolean":%s}' % (b"true" if value else b"false"),
                                  format=ox.QueryResultsFormat.JSON)


def _clean_xml(body: bytes) -> bytes:
    """SPARQL XML with every blank node label made valid (an element's text has no ``<``)."""
    def label(m: re.Match) -> bytes:
        text = html.unescape(m[2].decode("utf-8")).strip()
        return b"<%s>%s</%s>" % (m[1], blank_label(text).encode("ascii"), m[1])

    return _XML_BNODE.sub(label, body)


def _clean_json(body: bytes) -> bytes:
    """SPARQL JSON with valid blank node labels and canonical booleans (read, fixed, rewritten)."""
    try:
        data = json.loads(body)
    except ValueError:
        return body  # pyoxigraph reports the syntax error with its position
    for row in data.get("results", {}).get("bindings", []) if isinstance(data, dict) else ():
        for term in row.values():
            _clean_term(term)
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def _clean_term(term: dict) -> None:
    kind = term.get("type")
    if kind == "bnode":
        term["value"] = blank_label(str(term.get("value", "")))
    elif kind == "triple":
        for part in term.get("value", {}).values():
            _clean_term(part)
    elif kind in ("literal", "typed-literal") and term.get("datatype") == _BOOLEAN:
        term["value"] = {"1": "true", "0": "false"}.get(term.get("value"), term.get("value"))
