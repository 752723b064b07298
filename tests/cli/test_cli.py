"""The ``kg`` command line: help for every command, exit codes, one-line errors."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from kg.build.dataset import class_counts
from kg.cli import cli
from kg.namespaces import NK
from kg.seeds.coverage import sentences
from kg.validate.engines import ENGINES
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
    first, *rows = result.output.splitlines()
    store = ox.Store()
    store.load(path=str(tmp_path / "kg.trig"), format=ox.RdfFormat.TRIG)
    summary = re.fullmatch(r"wrote (.+): ([\d,]+) quads in (\d+) named graphs \(.*\)", first)
    assert summary and summary.groups() == (str(tmp_path / "kg.trig"), f"{len(store):,}",
                                            str(len(list(store.named_graphs())))), first
    printed = {name: int(n) for n, name in (row.split() for row in rows)}
    assert printed == class_counts(store)


def test_build_leaves_its_heap_frozen_at_exit_for_the_os_to_free(tmp_path):
    """Shutdown collections would walk the build's heap (0.7 s of a one-edit rebuild at 1M
    quads); a handler registered before the build runs after its freeze (atexit is LIFO)."""
    script = ("import atexit, gc, sys\n"
              "atexit.register(lambda: print('frozen', gc.get_freeze_count()))\n"
              "from kg.cli import cli\n"
              "cli.main(['build', '--seeds', sys.argv[1], '--out', sys.argv[2]], "
              "standalone_mode=False)\n")
    done = subprocess.run([sys.executable, "-c", script, str(SEEDS), str(tmp_path)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    frozen = int(done.stdout.split("frozen ")[-1])
    assert frozen > 0, done.stdout


def test_build_error_is_one_line_per_problem_exit_2(runner, tmp_path):
    seeds = Path(shutil.copytree(SEEDS, tmp_path / "seeds"))
    ann = seeds / "002_aca773533d52a18d.ann.yaml"
    ann.write_text(ann.read_text(encoding="utf-8").replace("count: 11", "count: eleven"), "utf-8")
    result = runner.invoke(cli, ["build", "--seeds", str(seeds), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert result.output.startswith("error: ") and "002_aca773533d52a18d.ann.yaml:" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_an_impossible_date_is_reported_on_its_line_without_a_traceback(tmp_path):
    """rdflib logs a traceback for each ill-typed literal (30 February); the command line does not
    show it: the violation names meta.yaml's line. Run as a user runs it, in its own process."""
    import subprocess
    import sys

    seeds = shutil.copytree(SEEDS, tmp_path / "seeds")
    meta = seeds / "000_cff27210c16c26bb.meta.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace('"2026-02-21"', '"2026-02-30"'), "utf-8")
    done = subprocess.run([sys.executable, "-m", "kg", "build", "--seeds", str(seeds), "--out",
                           str(tmp_path / "out")], capture_output=True, text=True)
    assert (done.returncode, "Traceback" in done.stderr + done.stdout) == (1, False), done.stderr[-2000:]
    assert f"{meta}:2: Violation" in done.stderr + done.stdout


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


def test_validate_writes_the_same_lines_with_either_engine(runner, built, tmp_path):
    bad = tmp_path / "bad.trig"
    bad.write_text(built.path.read_text(encoding="utf-8").replace(
        "nk:stance nk:Denial", "nk:stance nk:Denial, nk:Assertion", 1), encoding="utf-8")
    outputs = [runner.invoke(cli, ["validate", str(bad), "--engine", engine]) for engine in ENGINES]
    assert [r.exit_code for r in outputs] == [1, 1]
    assert outputs[0].output == outputs[1].output and "exactly one stance" in outputs[0].output


def test_the_engine_option_offers_the_librarys_engines():
    option = next(p for p in cli.commands["build"].params if p.name == "engine")
    assert tuple(option.type.choices) == ENGINES


def test_an_unknown_engine_setting_is_a_one_line_error_before_any_work(runner, tmp_path, monkeypatch):
    monkeypatch.setenv("KG_SHACL_ENGINE", "jena")
    result = runner.invoke(cli, ["build", "--seeds", str(SEEDS), "--out", str(tmp_path)])
    assert result.exit_code == 2 and not (tmp_path / ".cache").exists()
    assert result.output == ("error: KG_SHACL_ENGINE / --engine: unknown SHACL engine 'jena' "
                             "(choose from shacl, pyshacl)\n")


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


@pytest.mark.parametrize(("fmt", "rdflib_format"), [("trig", "trig"), ("nquads", "nquads")])
def test_export_one_graph_as_a_dataset_keeps_its_name(runner, built, built_dataset, fmt, rdflib_format):
    graph = "https://newskg.example.org/graph/registry"
    result = runner.invoke(cli, ["export", "--format", fmt, "--graph", graph, "--data", str(built.path)])
    assert result.exit_code == 0, result.output
    exported = Dataset().parse(data=result.output, format=rdflib_format)
    assert [str(g.identifier) for g in exported.graphs() if len(g)] == [graph]
    assert isomorphic(exported.graph(URIRef(graph)), built_dataset.graph(URIRef(graph)))


def test_serve_says_how_many_query_workers_it_starts_by_default(runner):
    from web import create_app

    assert create_app({"TESTING": True}).config["WORKERS"] == max(2, os.cpu_count() or 2)
    assert "[default: one per core, at least 2]" in " ".join(
        runner.invoke(cli, ["serve", "--help"]).output.split())


def test_export_unknown_graph_is_a_parameter_error(runner, built):
    result = runner.invoke(cli, ["export", "--graph", "http://nope/", "--data", str(built.path)])
    assert result.exit_code == 2 and "--graph" in result.output and "Traceback" not in result.output


def sections(output: str) -> dict[str, dict[str, int]]:
    """``kg stats`` output read back: section → name → count."""
    found: dict[str, dict[str, int]] = {}
    for line in output.splitlines():
        if not line.startswith(" "):
            found[line.rstrip(":")] = section = {}
        else:
            count, name = line.split(maxsplit=1)
            section[name] = int(count)
    return found


def test_stats(runner, built, built_dataset, union):
    result = runner.invoke(cli, ["stats", "--data", str(built.path)])
    assert result.exit_code == 0, result.output
    printed = sections(result.output)
    graphs = {str(g.identifier): len(g) for g in built_dataset.graphs() if len(g)}
    assert printed["dataset"] == {"quads": sum(graphs.values()), "named graphs": len(graphs)}
    assert printed["quads per graph"] == graphs
    claims = set(union.subjects(RDF.type, NK.Claim))
    local = {name: Counter(str(union.value(c, NK[name])).rsplit("#", 1)[1] for c in claims)
             for name in ("stance", "sourceType")}
    assert printed["claims per stance"] == dict(local["stance"])
    assert printed["claims per source type"] == dict(local["sourceType"])
    assert printed["instances per class"]["nk:Claim"] == len(claims)


def test_check_and_coverage_pass_on_the_seeds(runner, corpus):
    assert runner.invoke(cli, ["check", "--seeds", str(SEEDS)]).exit_code == 0
    result = runner.invoke(cli, ["coverage", "--seeds", str(SEEDS)])
    assert result.exit_code == 0, result.output  # every sentence annotated or skipped with a reason
    total = sum(len(sentences(article.text)) for article in corpus.articles)
    assert result.output == f"{total} sentences in 2 articles, all covered\n"


def test_a_missing_seeds_folder_is_named_as_such(runner, tmp_path):
    missing = tmp_path / "nonexistent"
    for command in ("build", "check", "coverage"):
        result = runner.invoke(cli, [command, "--seeds", str(missing), *(
            ["--out", str(tmp_path / "out")] if command == "build" else [])])
        assert (result.exit_code, result.output) == (
            2, f"error: {missing}: the seeds folder does not exist\n"), command


def test_coverage_lists_an_unannotated_sentence(runner, tmp_path):
    seeds = Path(shutil.copytree(SEEDS, tmp_path / "seeds"))
    ann = seeds / "000_cff27210c16c26bb.ann.yaml"
    text = ann.read_text(encoding="utf-8")
    start = text.index("skipped:")
    ann.write_text(text[:start] + "skipped: []\n", encoding="utf-8")
    result = runner.invoke(cli, ["coverage", "--seeds", str(seeds)])
    assert result.exit_code == 1
    *listed, summary = result.output.splitlines()
    assert listed[0].startswith("000_cff27210c16c26bb.txt:1: CubaHeadlines")
    assert re.fullmatch(rf"{len(listed)} of \d+ sentences in 2 articles not covered: .*", summary)
