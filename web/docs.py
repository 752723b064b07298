"""``/ontology`` (terms and SHACL shapes; pyLODE's reference at ``/ontology/reference``), its
versions and changelog, and ``/validation`` (the SHACL report of the graph being served).

``/ontology`` is the path the ontology's persistent IRI, ``https://w3id.org/newskg/ontology``,
redirects to (docs/w3id/newskg/.htaccess): a browser gets the documentation, an RDF client the
ontology in the format it asks for, by ``Accept`` or by suffix (``.ttl .jsonld .nt .rdf``). Each
version IRI, ``…/ontology/<version>``, is served the same way from that version's file.

pyLODE's pages and the validation report take a second or two: each is made once per app, on
first request, in memory (nothing is written, nothing is fetched from the network).
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, url_for

from kg.browse.changelog import releases, versions
from kg.browse.jsonld import context_document
from kg.browse.ontology import ontology_triples, shapes, terms, validation_report
from kg.browse.reference import reference_html
from kg.resources import ONTOLOGY_FILE, SHAPES_FILE

from .graph import get_store
from .pages import (
    HTML,
    RDF_FORMATS,
    alternates,
    cached_response,
    html_page,
    memo,
    page_format,
    rdf_response,
    split_suffix,
)

bp = Blueprint("docs", __name__)
TURTLE = RDF_FORMATS[0]


@bp.route("/ontology", defaults={"ext": None})
@bp.route("/ontology.<ext>")
def ontology(ext: str | None):
    """The ontology: its terms and the shapes for a browser, its file for an RDF client."""
    fmt = page_format(ext)
    if fmt is not HTML:
        return rdf_response(ontology_triples(ONTOLOGY_FILE), fmt)
    return html_page("ontology.html", alternates(url_for("docs.ontology")), sections=terms(get_store()),
                     shapes=memo("shapes", shapes), releases=releases())


@bp.route("/ontology/<name>")
def version(name: str):
    """A version IRI (``/ontology/0.1.0``, ``/ontology/0.1.0.ttl``): pyLODE's page of that version
    for a browser, the version's file for an RDF client.

    :raise 404: no such version.
    """
    number, ext = split_suffix(name)
    path = versions().get(number)
    if path is None:
        abort(404, f"no version {number!r} of the ontology; there are: " + ", ".join(versions()))
    fmt = page_format(ext)
    if fmt is not HTML:
        return rdf_response(ontology_triples(path), fmt)
    body = memo(f"pylode-{number}", lambda: reference_html(path)).encode("utf-8")
    response = cached_response(body, "text/html")
    for url, alternate in alternates(url_for("docs.version", name=number)):
        response.headers.add("Link", f'<{url}>; rel="alternate"; type="{alternate.media_type}"')
    return response


@bp.route("/ontology/reference")
def reference():
    """pyLODE's documentation of the current ontology, with its Spanish labels and changelog.

    :raise 501: pyLODE (the ``docs`` extra) is not installed.
    """
    try:
        body = memo("pylode", reference_html).encode("utf-8")
    except ImportError:
        abort(501, "pyLODE's reference documentation is not available on this server: the "
              "'docs' extra is not installed (pip install 'cuba-venezuela-kg[docs]'). /ontology "
              "lists the terms and shapes.")
    return cached_response(body, "text/html")


@bp.route("/ontology/changelog")
def changelog():
    """What changed between the ontology's versions, computed from their files."""
    return html_page("changelog.html", releases=releases())


@bp.route("/ontology/shapes.ttl")
def shapes_file():
    """The SHACL shapes file itself."""
    return cached_response(SHAPES_FILE.read_bytes(), TURTLE.media_type)


@bp.route("/context.jsonld")
def context():
    """The JSON-LD context the site's JSON-LD documents name: the prefixes they use."""
    response = cached_response(context_document(), "application/ld+json")
    response.headers["Access-Control-Allow-Origin"] = "*"  # JSON-LD tools in other pages fetch it
    return response


@bp.route("/validation", defaults={"ext": None})
@bp.route("/validation.<ext>")
def validation(ext: str | None):
    """The SHACL validation report of the served graph (HTML, or the report graph as RDF)."""
    fmt = page_format(ext)
    report = memo("validation", lambda: validation_report(get_store()))
    if fmt is not HTML:
        body = report.graph.serialize(format=_RDFLIB[fmt.name], encoding="utf-8")
        return Response(body, content_type=f"{fmt.media_type}; charset=utf-8")
    return html_page("validation.html", alternates(url_for("docs.validation")), report=report,
                     lines=[line for line in report.text.splitlines()
                            if not line.startswith("Conforms")])


_RDFLIB = {"ttl": "turtle", "jsonld": "json-ld", "nt": "nt", "rdf": "xml"}
