"""``kg build``: writes only a conforming graph, atomically; a failed build keeps the old output."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset

from kg.build.dataset import build, class_counts
from kg.build.export import write_atomically
from kg.errors import AnnotationError, ValidationFailed
from tests.conftest import SEEDS


@pytest.fixture
def seeds(tmp_path) -> Path:
    return Path(shutil.copytree(SEEDS, tmp_path / "seeds"))


def test_build_writes_trig_with_one_graph_per_article(built):
    ds = Dataset()
    ds.parse(built.path, format="trig")
    names = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert {n.rsplit("/", 1)[-1] for n in names if "/graph/article/" in n} == {
        "000_cff27210c16c26bb", "002_aca773533d52a18d"}
    assert {"https://newskg.example.org/graph/registry", "https://newskg.example.org/graph/links",
            "https://w3id.org/newskg/ontology"} <= names
    assert built.quads == sum(len(g) for g in ds.graphs())


def test_build_reports_counts_per_class(built):
    assert built.counts["nk:Claim"] > 25
    assert built.counts["nk:Event"] > 12
    assert built.counts["nk:Agreement"] >= 2


def test_build_counts_are_what_sparql_counts_in_the_written_dataset(built):
    store = ox.Store()
    store.load(path=str(built.path), format=ox.RdfFormat.TRIG)
    assert list(built.counts.items()) == list(class_counts(store).items())


def test_bad_annotation_leaves_previous_output_intact(seeds, tmp_path):
    out = tmp_path / "out"
    first = build(seeds, out).path.read_bytes()
    ann = seeds / "000_cff27210c16c26bb.ann.yaml"
    ann.write_text(ann.read_text(encoding="utf-8").replace("stance: assertion", "stance: x", 1),
                   encoding="utf-8")
    with pytest.raises(AnnotationError):
        build(seeds, out)
    assert (out / "kg.trig").read_bytes() == first
    assert not list(out.glob(".kg.trig.*"))  # no temporary file left behind


def test_shape_violation_writes_nothing(seeds, tmp_path):
    registry = seeds / "registry.yaml"
    # A post whose organization is a person violates PostShape (postIn must be an organization).
    registry.write_text(registry.read_text(encoding="utf-8").replace(
        "    postIn: nyu\n", "    postIn: felix-ortiz\n"), encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(ValidationFailed) as info:
        build(seeds, out)
    assert "PostShape" in info.value.report_text
    assert not (out / "kg.trig").exists()


def test_write_atomically_replaces_whole_file(tmp_path):
    target = tmp_path / "x" / "kg.trig"
    write_atomically(target, b"old")
    write_atomically(target, b"new")
    assert target.read_bytes() == b"new"
    assert sorted(p.name for p in target.parent.iterdir()) == ["kg.trig"]


def test_interrupted_write_keeps_old_file(tmp_path, monkeypatch):
    target = tmp_path / "kg.trig"
    write_atomically(target, b"old")

    def fail(*args):
        raise OSError("disk full")

    monkeypatch.setattr("os.replace", fail)
    with pytest.raises(OSError):
        write_atomically(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["kg.trig"]


@pytest.fixture
def umask():
    """Set the process umask for one test (it is process-wide: restored afterwards)."""
    old = os.umask(0o022)
    yield os.umask
    os.umask(old)


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664)])
def test_written_files_get_the_mode_the_umask_gives(tmp_path, umask, mask, mode):
    umask(mask)
    target = tmp_path / "kg.trig"
    write_atomically(target, b"old")
    write_atomically(target, b"new")  # replacing keeps the new file's mode, not mkstemp's 0600
    assert stat.S_IMODE(target.stat().st_mode) == mode


def test_a_build_and_an_export_are_readable_by_others(seeds, tmp_path, umask):
    from click.testing import CliRunner

    from kg.cli import cli

    path = build(seeds, tmp_path / "out").path
    export = tmp_path / "registry.ttl"
    result = CliRunner().invoke(cli, ["export", "--data", str(path), "-o", str(export)])
    assert result.exit_code == 0, result.output
    assert [oct(stat.S_IMODE(p.stat().st_mode)) for p in (path, export)] == ["0o644", "0o644"]


def test_provenance_nodes_are_blamed_on_the_lines_that_made_them(corpus):
    """A SHACL result on a registry fact's support, an inference or an article's origin entry
    points at the registry entity, the inference or the origins entry (issue #18)."""
    from kg.build.blame import where
    from kg.convert.mint import Minter

    mint = Minter("https://newskg.example.org/")
    registry = str(mint.graph("registry"))
    found = where(f"<{mint.statement('white-house', 'partOf', 'us-government')}>", registry, corpus, mint)
    white_house = _index(corpus.registry.entities, "white-house")
    assert found == corpus.registry_file.where(("entities", white_house, "id"))
    inference = where(str(mint.inference("arrangement-began-with-2008-agreement-1")), registry, corpus, mint)
    assert inference == corpus.registry_file.where(("inferences", 0, "id"))
    article = next(a for a in corpus.articles if a.meta.id == "002_aca773533d52a18d")
    origin = where(str(mint.origin(article.meta.id, 0)), registry, corpus, mint)
    assert origin == article.file.where(("origins", 0))


def _index(items, slug):
    return next(i for i, item in enumerate(items) if item.id == slug)
