"""The ``kg`` command line: help for every command, exit codes, one-line errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from kg.cli import cli
from tests.conftest import SEEDS

COMMANDS = sorted(cli.commands)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(runner, command):
    result = runner.invoke(cli, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example:" in result.output or command in {"serve"}
    assert "Usage:" in result.output


def test_build_prints_counts(runner, tmp_path):
    result = runner.invoke(cli, ["build", "--seeds", str(SEEDS), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "wrote" in result.output and "nk:Claim" in result.output
    assert (tmp_path / "kg.trig").exists()


def test_build_error_is_one_line_per_problem_exit_2(runner, tmp_path):
    seeds = Path(shutil.copytree(SEEDS, tmp_path / "seeds"))
    ann = seeds / "002_aca773533d52a18d.ann.yaml"
    ann.write_text(ann.read_text(encoding="utf-8").replace("count: 11", "count: eleven"), "utf-8")
    result = runner.invoke(cli, ["build", "--seeds", str(seeds), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert result.output.startswith("error: ") and "002_aca773533d52a18d.ann.yaml:" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_validate_conforming_file_exits_0(runner, built):
    result = runner.invoke(cli, ["validate", str(built.path)])
    assert result.exit_code == 0, result.output
    assert "Conforms" in result.output


def test_validate_reports_violations_exit_1(runner, built, tmp_path):
    text = built.path.read_text(encoding="utf-8").replace(
        'nk:stance nk:Denial', 'nk:stance nk:Denial, nk:Assertion', 1)
    bad = tmp_path / "bad.trig"
    bad.write_text(text, encoding="utf-8")
    result = runner.invoke(cli, ["validate", str(bad)])
    assert result.exit_code == 1
    assert "Violation" in result.output and "exactly one stance" in result.output


def test_validate_unparsable_file_exits_2(runner, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle <", encoding="utf-8")
    result = runner.invoke(cli, ["validate", str(bad)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output and "cannot parse" in result.output


@pytest.mark.parametrize("fmt,rdflib_format", [
    ("turtle", "turtle"), ("ntriples", "nt"), ("jsonld", "json-ld"), ("rdfxml", "xml")])
def test_export_union_formats_parse_back_to_the_same_graph(runner, built, fmt, rdflib_format):
    result = runner.invoke(cli, ["export", "--format", fmt, "--data", str(built.path)])
    assert result.exit_code == 0, result.output[:500]
    exported = Graph().parse(data=result.output, format=rdflib_format)
    union = Graph()
    ds = Dataset()
    ds.parse(built.path, format="trig")
    for s, p, o, _ in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    assert isomorphic(exported, union)


@pytest.mark.parametrize("fmt,rdflib_format", [("trig", "trig"), ("nquads", "nquads")])
def test_export_dataset_formats_keep_graphs(runner, built, fmt, rdflib_format, tmp_path):
    out = tmp_path / f"kg.{fmt}"
    result = runner.invoke(cli, ["export", "--format", fmt, "--data", str(built.path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    ds = Dataset()
    ds.parse(out, format=rdflib_format)
    assert sum(1 for g in ds.graphs() if len(g)) == 5


def test_export_one_graph(runner, built):
    graph = "https://newskg.example.org/graph/registry"
    result = runner.invoke(cli, ["export", "--graph", graph, "--data", str(built.path)])
    assert result.exit_code == 0
    g = Graph().parse(data=result.output, format="turtle")
    assert len(g) > 500 and "Delcy" in result.output and "oa:exact" not in result.output


def test_export_unknown_graph_is_a_parameter_error(runner, built):
    result = runner.invoke(cli, ["export", "--graph", "http://nope/", "--data", str(built.path)])
    assert result.exit_code == 2 and "--graph" in result.output and "Traceback" not in result.output


def test_stats(runner, built):
    result = runner.invoke(cli, ["stats", "--data", str(built.path)])
    assert result.exit_code == 0
    assert "claims per stance:" in result.output and "Denial" in result.output


def test_check_and_coverage_pass_on_the_seeds(runner):
    assert runner.invoke(cli, ["check", "--seeds", str(SEEDS)]).exit_code == 0
    result = runner.invoke(cli, ["coverage", "--seeds", str(SEEDS)])
    assert result.exit_code == 0, result.output  # every sentence annotated or skipped with a reason


def test_coverage_lists_an_unannotated_sentence(runner, tmp_path):
    seeds = Path(shutil.copytree(SEEDS, tmp_path / "seeds"))
    ann = seeds / "000_cff27210c16c26bb.ann.yaml"
    text = ann.read_text(encoding="utf-8")
    start = text.index("skipped:")
    ann.write_text(text[:start] + "skipped: []\n", encoding="utf-8")
    result = runner.invoke(cli, ["coverage", "--seeds", str(seeds)])
    assert result.exit_code == 1
    assert "000_cff27210c16c26bb.txt:1: CubaHeadlines" in result.output
