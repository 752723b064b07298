"""``/ontology`` (terms and SHACL shapes; pyLODE's reference at ``/ontology/reference``) and
``/validation`` (the SHACL report of the graph being served).

pyLODE's page and the validation report take a second or two: each is made once per app, on
first request, in memory (nothing is written, nothing is fetched from the network).
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, url_for

from kg.browse.ontology import ontology_triples, reference_html, shapes, terms, validation_report
from kg.resources import SHAPES_FILE

from .graph import get_store
from .pages import HTML, RDF_FORMATS, alternates, cached_response, html_page, memo, page_format, rdf_response

bp = Blueprint("docs", __name__)
TURTLE = RDF_FORMATS[0]


@bp.route("/ontology", defaults={"ext": None})
@bp.route("/ontology.<ext>")
def ontology(ext: str | None):
    """The ontology: its terms and the shapes for a browser, its graph for an RDF client."""
    fmt = page_format(ext)
    if fmt is not HTML:
        return rdf_response(ontology_triples(get_store()), fmt)
    return html_page("ontology.html", alternates(url_for("docs.ontology")),
                     sections=terms(get_store()), shapes=memo("shapes", shapes))


@bp.route("/ontology/reference")
def reference():
    """pyLODE's documentation of ontology/newskg.ttl, as pyLODE writes it.

    :raise 501: pyLODE (the ``docs`` extra) is not installed.
    """
    try:
        body = memo("pylode", reference_html).encode("utf-8")
    except ImportError:
        abort(501, "pyLODE's reference documentation is not available on this server: the "
              "'docs' extra is not installed (pip install 'cuba-venezuela-kg[docs]'). /ontology "
              "lists the terms and shapes.")
    return cached_response(body, "text/html")


@bp.route("/ontology/shapes.ttl")
def shapes_file():
    """The SHACL shapes file itself."""
    return cached_response(SHAPES_FILE.read_bytes(), TURTLE.media_type)


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
