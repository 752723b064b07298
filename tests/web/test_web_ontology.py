"""The ontology at its persistent IRI (issue 19): w3id.org's redirect file, then the site's content
negotiation, give each client the ontology (or a version of it) in the form it asks for; pyLODE's
page carries the Spanish labels and the changelog."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markupsafe import escape
from rdflib import Graph
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS

from kg.namespaces import NK
from kg.resources import ONTOLOGY_FILE

HTACCESS = Path(__file__).parents[2] / "docs" / "w3id" / "newskg" / ".htaccess"
SITE = "https://newskg.example.org"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
PARSERS = {"text/turtle": "turtle", "application/ld+json": "json-ld", "application/rdf+xml": "xml",
           "application/n-triples": "nt"}
OLD = ONTOLOGY_FILE.with_name("newskg-0.1.0.ttl")


def rewrite_rules(path: Path) -> list[tuple[list[tuple[str, bool]], str, str, str]]:
    """The file's RewriteRules, each with its RewriteConds on the Accept header (regex, [OR])."""
    rules, conditions = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        words = line.split()
        if words[:2] == ["RewriteCond", "%{HTTP_ACCEPT}"]:
            conditions.append((words[2], "[OR]" in words[3:]))
        elif words[:1] == ["RewriteRule"]:
            rules.append((conditions, words[1], words[2], words[3]))
            conditions = []
        else:
            assert not words or words[0].startswith("#") or words[0] in ("Options", "RewriteEngine"), line
    return rules


def redirect(path: str, accept: str) -> tuple[int, str]:
    """What mod_rewrite answers for ``https://w3id.org/newskg/<path>``: (status, location)."""
    for conditions, pattern, target, flags in rewrite_rules(HTACCESS):
        match = re.match(pattern, path)
        if match and _conditions_hold(conditions, accept):
            location = re.sub(r"\$(\d)", lambda m, found=match: found[int(m[1])] or "", target)
            return int(re.search(r"R=(\d+)", flags)[1]), location
    raise AssertionError(f"no rule for {path!r}")


def _conditions_hold(conditions: list[tuple[str, bool]], accept: str) -> bool:
    """mod_rewrite's rule: conditions all hold, a condition flagged [OR] or-ed with the next."""
    held, group = True, False
    for pattern, is_or in conditions:
        group = group or re.search(pattern, accept) is not None
        if not is_or:
            held, group = held and group, False
    return held


@pytest.mark.parametrize(("path", "accept", "local", "file"), [
    ("ontology", "text/turtle", "/ontology.ttl", ONTOLOGY_FILE),
    ("ontology", "application/ld+json", "/ontology.jsonld", ONTOLOGY_FILE),
    ("ontology", "application/rdf+xml", "/ontology.rdf", ONTOLOGY_FILE),
    ("ontology", "application/n-triples", "/ontology.nt", ONTOLOGY_FILE),
    ("ontology/0.1.0", "text/turtle;q=0.9, */*;q=0.1", "/ontology/0.1.0.ttl", OLD),
    ("ontology/0.2.0", "application/ld+json", "/ontology/0.2.0.jsonld", ONTOLOGY_FILE),
])
def test_an_rdf_client_at_the_persistent_iri_gets_the_ontology(kg_client, path, accept, local, file):
    status, location = redirect(path, accept)
    assert (status, location) == (303, SITE + local)
    response = kg_client.get(local)
    assert response.status_code == 200
    parser = PARSERS[response.mimetype]
    assert isomorphic(Graph().parse(data=response.data, format=parser), Graph().parse(file, format="turtle"))


@pytest.mark.parametrize(("path", "local", "text"), [
    ("ontology", "/ontology", "Version"),
    ("ontology/0.2.0", "/ontology/0.2.0", "Changes from 0.1.0 to 0.2.0"),
    ("ontology/0.1.0", "/ontology/0.1.0", "first published version"),
    ("shapes", "/ontology/shapes.ttl", "nksh:ClaimShape"),
    ("", "/", ""),
])
def test_a_browser_at_the_persistent_iri_gets_the_documentation(kg_client, path, local, text):
    status, location = redirect(path, BROWSER)
    assert status in (302, 303) and location == SITE + local
    response = kg_client.get(local, headers={"Accept": BROWSER})
    assert response.status_code == 200 and text in response.get_data(as_text=True)


@pytest.mark.parametrize("accept", list(PARSERS))
def test_ontology_negotiates_content_itself(kg_client, accept):
    response = kg_client.get("/ontology", headers={"Accept": accept})
    assert response.mimetype == accept and "Accept" in response.headers.get("Vary", "")
    served = Graph().parse(data=response.data, format=PARSERS[accept])
    assert isomorphic(served, Graph().parse(ONTOLOGY_FILE, format="turtle"))


def test_an_unknown_version_is_a_404_in_the_error_shape(kg_client):
    response = kg_client.get("/ontology/9.9.9", headers={"Accept": "application/json"})
    assert response.status_code == 404 and "0.1.0" in response.get_json()["error"]


def test_the_reference_has_the_spanish_labels_the_vocabularies_and_the_changelog(kg_client):
    page = kg_client.get("/ontology/reference").get_data(as_text=True)
    assert '<th>Label (es)</th><td lang="es">Afirmación</td>' in page  # nk:Claim
    assert "ClaimAfirmación" not in page  # pyLODE would run the two labels together
    assert 'id="vocabularies"' in page and '<td lang="es">desmentido</td>' in page  # nk:Denial
    assert "Changes from 0.1.0 to 0.2.0" in page and "nk:counterpart</code> added" in page


def test_the_reference_shows_every_terms_spanish_label(kg_client, ontology):
    page = kg_client.get("/ontology/reference").get_data(as_text=True)
    spanish = {(s, str(o)) for s, o in ontology.subject_objects(RDFS.label)
               if str(s).startswith(str(NK)) and o.language == "es"}
    assert len(spanish) > 140
    missing = sorted(str(s) for s, label in spanish if f'<td lang="es">{escape(label)}</td>' not in page)
    assert not missing, missing


def test_the_changelog_lists_each_version(kg_client):
    page = kg_client.get("/ontology/changelog").get_data(as_text=True)
    assert 'id="v0.2.0"' in page and 'id="v0.1.0"' in page
    assert "<code>nk:successor</code> added" in page and "<code>nk:replacement</code> removed" in page


def test_the_terms_page_shows_spanish_labels(kg_client):
    page = kg_client.get("/ontology").get_data(as_text=True)
    assert '<span class="term-label" lang="es">· Afirmación</span>' in page
    assert '<span lang="es">· desmentido</span>' in page
