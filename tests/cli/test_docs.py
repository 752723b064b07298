"""``kg docs``: the vocabulary's documentation written out for static hosting (issue 19)."""

from __future__ import annotations

from rdflib import Graph
from rdflib.compare import isomorphic

from kg.cli import cli
from kg.resources import ONTOLOGY_FILE


def test_kg_docs_writes_every_version_with_spanish_labels_and_the_changelog(runner, tmp_path):
    result = runner.invoke(cli, ["docs", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert '<td lang="es">Afirmación</td>' in page and "Changes from 0.1.0 to 0.2.0" in page
    assert (tmp_path / "0.2.0" / "index.html").read_text(encoding="utf-8") == page
    assert "first published version" in (tmp_path / "0.1.0" / "index.html").read_text(encoding="utf-8")
    for version, source in (("", ONTOLOGY_FILE), ("0.1.0", ONTOLOGY_FILE.with_name("newskg-0.1.0.ttl"))):
        served = Graph().parse(tmp_path / version / "ontology.jsonld", format="json-ld")
        assert isomorphic(served, Graph().parse(source, format="turtle")), version
    changelog = (tmp_path / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## 0.2.0" in changelog and "`nk:counterpart` added" in changelog
    assert (tmp_path / "shapes.ttl").read_bytes().startswith(b"@prefix sh:")
