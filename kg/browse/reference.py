"""pyLODE's reference documentation of an ontology version, with its Spanish labels and the
changelog from the version before; :func:`publish` writes it all out for static hosting.

pyLODE (OntPub) shows one title per term: given labels in two languages it runs them together
("ClaimAfirmación") and takes the term's fragment id from whichever it meets first. So it gets the
English labels only, and each term's labels in other languages go into the term's table as a row
of their own once pyLODE has written it. The changelog (:mod:`kg.browse.changelog`) is appended to
the ontology's ``skos:historyNote``, which pyLODE renders as Markdown.
"""

from __future__ import annotations

import html
import logging
import re
import sys
import types
import warnings
from contextlib import contextmanager
from importlib.metadata import version
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from kg.build.export import write_atomically
from kg.namespaces import ONTOLOGY_IRI, PREFIXES
from kg.resources import ONTOLOGY_FILE, SHAPES_FILE

from .changelog import markdown, releases, version_of, versions

TITLES = (RDFS.label, SKOS.prefLabel, DCTERMS.title)
PREFIX_TEXT = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
VOCABULARIES = "Controlled vocabularies"


def reference_html(path: Path = ONTOLOGY_FILE) -> str:
    """pyLODE's HTML documentation of the ontology file ``path``, rendered offline."""
    graph = Graph().parse(path, format="turtle")
    graph.bind("schema", "http://schema.org/", replace=True)  # rdflib's own is https://
    other_languages = split_languages(graph)
    add_changelog(graph)
    with warnings.catch_warnings(), _root_logger_guard():
        # pyLODE leaves its CSS file for the garbage collector to close.
        warnings.simplefilter("ignore", ResourceWarning)
        page = _import_pylode().OntPub(ontology=graph).make_html()
    return with_vocabularies(with_labels(page, other_languages), graph, other_languages)


def split_languages(graph: Graph) -> dict[str, list[tuple[str, str]]]:
    """Take the labels and titles in languages other than English out of ``graph``; return each
    term's rdfs:label in those languages: IRI → [(language, label)]."""
    found: dict[str, list[tuple[str, str]]] = {}
    for prop in TITLES:
        for s, o in list(graph.subject_objects(prop)):
            if isinstance(o, Literal) and o.language and o.language != "en":
                graph.remove((s, prop, o))
                if prop == RDFS.label and isinstance(s, URIRef):
                    found.setdefault(str(s), []).append((o.language, str(o)))
    return found


def add_changelog(graph: Graph) -> None:
    """Append the computed changes from the previous version to the header's history note."""
    ontology = URIRef(ONTOLOGY_IRI)
    release = next((r for r in releases() if r.version == version_of(graph)), None)
    if release is None:
        return
    note = graph.value(ontology, SKOS.historyNote)
    graph.remove((ontology, SKOS.historyNote, None))
    text = (f"{note}\n\n" if note else "") + markdown(release)
    graph.add((ontology, SKOS.historyNote, Literal(text, lang="en")))


def with_labels(page: str, labels: dict[str, list[tuple[str, str]]]) -> str:
    """``page`` with a "Label (es)" row after the IRI row of every term that has one."""
    for iri, found in labels.items():
        code = re.escape(html.escape(iri))
        row = re.compile(r"(<th>IRI</th>\s*<td>\s*<code>" + code + r"</code>\s*</td>\s*</tr>)")
        extra = "".join(f'<tr><th>Label ({html.escape(lang)})</th><td lang="{html.escape(lang)}">'
                        f"{html.escape(text)}</td></tr>" for lang, text in sorted(found))
        page = row.sub(lambda m, extra=extra: m[1] + extra, page, count=1)
    return page


def with_vocabularies(page: str, graph: Graph, labels: dict[str, list[tuple[str, str]]]) -> str:
    """``page`` with a section for the concept schemes and their concepts, which pyLODE's ontology
    profile leaves out, before its namespaces (and in its table of contents)."""
    schemes = sorted(set(graph.subjects(RDF.type, SKOS.ConceptScheme)), key=str)
    if not schemes:
        return page
    section = "".join(_scheme_html(graph, scheme, labels) for scheme in schemes)
    section = f'<div class="section" id="vocabularies"><h2>{VOCABULARIES}</h2>{section}</div>'
    entries = "".join(f'<li><a href="#{_e(_local(s))}">{_e(_text(graph, s, RDFS.label))}</a></li>'
                      for s in schemes)
    toc = f'<li><h4><a href="#vocabularies">{VOCABULARIES}</a></h4><ul class="second">{entries}</ul></li>'
    page = page.replace('<div id="namespaces">', section + '<div id="namespaces">', 1)
    return re.sub(r'(<li>\s*<h4>\s*<a href="#namespaces">)', lambda m: toc + m[1], page, count=1)


def _scheme_html(graph: Graph, scheme: URIRef, labels: dict[str, list[tuple[str, str]]]) -> str:
    concepts = sorted(graph.subjects(SKOS.inScheme, scheme), key=str)
    rows = "".join(_concept_row(graph, c, labels) for c in concepts)
    other = "".join(f'<tr><th>Label ({_e(lang)})</th><td lang="{_e(lang)}">{_e(text)}</td></tr>'
                    for lang, text in sorted(labels.get(str(scheme), [])))
    head = "<tr><th>Term</th><th>Label</th><th>Label (es)</th><th>Code</th><th>Description</th></tr>"
    return (f'<div class="property entity" id="{_e(_local(scheme))}">'
            f"<h3>{_e(_text(graph, scheme, RDFS.label))}</h3><table>"
            f"<tr><th>IRI</th><td><code>{_e(str(scheme))}</code></td></tr>{other}"
            f"<tr><th>Description</th><td>{_e(_text(graph, scheme, RDFS.comment))}</td></tr>"
            f"<tr><th>Concepts</th><td><table>{head}{rows}</table></td></tr></table></div>")


def _concept_row(graph: Graph, concept: URIRef, labels: dict[str, list[tuple[str, str]]]) -> str:
    spanish = dict(labels.get(str(concept), [])).get("es", "")
    cells = (f"<code>nk:{_e(_local(concept))}</code>", _e(_text(graph, concept, RDFS.label)), _e(spanish),
             _e(_text(graph, concept, SKOS.notation)), _e(_text(graph, concept, RDFS.comment)))
    return f'<tr id="{_e(_local(concept))}">' + "".join(
        f'<td lang="es">{c}</td>' if i == 2 else f"<td>{c}</td>" for i, c in enumerate(cells)) + "</tr>"


def _text(graph: Graph, node: URIRef, prop: URIRef) -> str:
    values = [o for o in graph.objects(node, prop) if getattr(o, "language", None) in (None, "en")]
    return str(min(values, key=str)) if values else ""


def _local(iri: URIRef) -> str:
    return str(iri).rsplit("#", 1)[-1]


_e = html.escape


@contextmanager
def _root_logger_guard():
    # pyLODE calls logging.basicConfig(level=DEBUG) on import and logging.info() while rendering;
    # either would configure the root logger of the whole server. With a handler on the root
    # logger meanwhile, both leave it alone.
    root, guard = logging.getLogger(), logging.NullHandler()
    root.addHandler(guard)
    try:
        yield
    finally:
        root.removeHandler(guard)


def _import_pylode():
    # pyLODE 3.4.1's pylode/version.py reads ../pyproject.toml, which the wheel does not install,
    # so `import pylode` fails: give it the version from the installed metadata instead.
    if "pylode.version" not in sys.modules:
        module = types.ModuleType("pylode.version")
        module.__version__ = version("pylode")
        sys.modules["pylode.version"] = module
    import pylode

    return pylode


RDF_FILES = {"ttl": ox.RdfFormat.TURTLE, "jsonld": ox.RdfFormat.JSON_LD, "rdf": ox.RdfFormat.RDF_XML,
             "nt": ox.RdfFormat.N_TRIPLES}


def publish(out: Path) -> list[Path]:
    """Write the vocabulary's documentation for static hosting: pyLODE's page and the ontology in
    every RDF format, for the current version (``out/``) and each version (``out/<version>/``),
    the shapes, and ``CHANGELOG.md``. Each file is written atomically; returns them."""
    written = []
    current = versions()[max(versions(), key=lambda v: tuple(map(int, v.split("."))))]
    pages: dict[Path, bytes] = {}
    for folder, path in [(out, current), *((out / v, p) for v, p in versions().items())]:
        triples = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
        page = pages[path] = pages.get(path) or reference_html(path).encode("utf-8")
        files = {"index.html": page}
        files |= {f"ontology.{ext}": ox.serialize(triples, format=fmt, prefixes=PREFIX_TEXT)
                  for ext, fmt in RDF_FILES.items()}
        for name, data in files.items():
            write_atomically(folder / name, data)
            written.append(folder / name)
    log = "\n\n".join(f"## {r.version}\n\n{markdown(r)}" for r in releases())
    extra = {out / "shapes.ttl": SHAPES_FILE.read_bytes(),
             out / "CHANGELOG.md": f"# Changelog of the news knowledge graph ontology\n\n{log}\n".encode()}
    for path, data in extra.items():
        write_atomically(path, data)
        written.append(path)
    return written
