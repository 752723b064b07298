"""``kg query`` and ``kg serve`` on the command line: output, exit codes, one-line errors."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from kg.cli import cli
from tests.conftest import MINI

GRAPHS = "SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"


def kg(runner, *args):
    return runner.invoke(cli, [*args, "--data", str(MINI)])


def test_query_prints_an_aligned_table(runner):
    result = kg(runner, "query", GRAPHS)
    assert result.output.splitlines()[-1] == "4 rows" and result.exit_code == 0


@pytest.mark.parametrize(("fmt", "first_line"), [("csv", "g,n"), ("tsv", "?g\t?n")])
def test_query_prints_csv_and_tsv(runner, fmt, first_line):
    assert kg(runner, "query", GRAPHS, "--format", fmt).output.splitlines()[0] == first_line


def test_query_prints_sparql_json(runner):
    assert json.loads(kg(runner, "query", "ASK {}", "--format", "json").output)["boolean"] is True


def test_query_prints_turtle_for_construct(runner):
    result = kg(runner, "query", "CONSTRUCT WHERE { ?s a nk:Claim }", "--format", "turtle")
    assert "a nk:Claim" in result.output


def test_query_reads_a_file(runner, tmp_path):
    path = tmp_path / "q.rq"
    path.write_text("ASK { ?s ?p ?o }")
    assert kg(runner, "query", "-f", str(path), "--format", "json").exit_code == 0


def test_query_needs_exactly_one_source(runner):
    assert kg(runner, "query").exit_code == 2


def test_syntax_error_is_one_line_and_exit_2(runner):
    result = kg(runner, "query", "SELECT * {")
    assert (result.exit_code, result.output.count("\n"), "Traceback" in result.output) == (
        2, 1, False)


def test_service_is_refused_on_the_command_line_too(runner):
    assert "SERVICE" in kg(runner, "query", "SELECT * { SERVICE <http://x/> {} }").output


def test_wrong_format_for_the_result_kind_is_an_error(runner):
    assert kg(runner, "query", "CONSTRUCT WHERE { ?s ?p ?o }", "--format", "csv").exit_code == 2


@pytest.mark.parametrize(("query", "wrong"), [("CONSTRUCT WHERE { ?s ?p ?o }", "csv"),
                                              ("SELECT * { ?s ?p ?o }", "turtle")])
def test_the_formats_suggested_are_ones_kg_query_accepts(runner, query, wrong):
    message = kg(runner, "query", query, "--format", wrong).output
    suggested = re.fullmatch(r"error: \w+ cannot hold \w+ results; use (.*)\n", message)
    names = re.split(r", | or ", suggested[1])
    assert len(names) >= 3, message
    for name in names:  # each one works for this query
        assert kg(runner, "query", query, "--format", name).exit_code == 0, name


def test_a_syntax_error_says_what_was_typed_there(runner):
    result = kg(runner, "query", "SELEC broken")
    assert result.output == ('error: syntax error at line 1, column 10, at "broken": '
                             "expected CONSTRUCT\n")


def test_cut_rows_are_announced_on_stderr(runner):
    result = CliRunner().invoke(cli, ["query", GRAPHS, "--format", "csv", "--max-rows", "3",
                                      "--data", str(MINI)])
    assert len(result.stdout.splitlines()) == 1 + 3
    assert result.stderr == ("warning: only the first 3 rows were printed; more matched "
                             "(--max-rows N prints more)\n")
    assert CliRunner().invoke(cli, ["query", GRAPHS, "--format", "csv", "--max-rows", "4",
                                    "--data", str(MINI)]).stderr == ""


def test_the_table_shows_language_tags(runner):
    result = kg(runner, "query", "SELECT ?label { VALUES ?label { 'Cuba'@en 'Cuba'@es 'Cuba' } }")
    assert result.output.splitlines()[2:5] == ["Cuba@en", "Cuba@es", "Cuba"]


def test_missing_data_file_is_a_one_line_error(runner, tmp_path):
    result = runner.invoke(cli, ["query", "ASK {}", "--data", str(tmp_path / "none.trig")])
    assert (result.exit_code, result.output.startswith("error: ")) == (2, True)


def test_serve_with_missing_data_fails_before_listening(runner, tmp_path):
    result = runner.invoke(cli, ["serve", "--data", str(tmp_path / "none.trig")])
    assert (result.exit_code, "no such data file" in result.output) == (2, True)


@pytest.mark.parametrize("command", ["query", "serve"])
def test_help_has_an_example(runner, command):
    assert "Example: kg " + command in runner.invoke(cli, [command, "--help"]).output
