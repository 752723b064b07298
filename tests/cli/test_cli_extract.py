"""``kg extract``: the fixed contract, and one-line errors for bad input."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytest.importorskip("spacy", reason="kg extract needs the extract extra")

from kg.cli import cli  # noqa: E402

ROOT = Path(__file__).parents[2]
ARTICLE = ROOT / "tests" / "extract" / "data" / "wire_en.txt"


def test_extract_writes_the_four_files_and_they_check(runner, tmp_path):
    seeds = Path(shutil.copytree(ROOT / "seeds", tmp_path / "seeds"))
    result = runner.invoke(cli, ["extract", str(ARTICLE), "--published", "2026-02-24", "--id", "w1",
                                 "--outlet", "reuters", "--seeds", str(seeds), "--out", str(seeds)])
    assert result.exit_code == 0, result.output
    for suffix in (".txt", ".meta.yaml", ".ann.yaml"):
        assert (seeds / f"w1{suffix}").is_file()
    assert (seeds / "w1.txt").read_bytes() == ARTICLE.read_bytes()
    assert "reviewed: false" in (seeds / "w1.ann.yaml").read_text(encoding="utf-8")
    check = runner.invoke(cli, ["check", "--seeds", str(seeds)])
    assert check.exit_code == 0 and "3 articles" in check.output, check.output


@pytest.mark.parametrize("args, message", [
    (["missing.txt", "--published", "2026-02-24"], "missing.txt: no such file"),
    ([str(ARTICLE), "--published", "24/02/2026"], "--published: '24/02/2026' is not a date"),
    ([str(ARTICLE)], "--published: required"),
    ([str(ARTICLE), "--published", "2026-02-24", "--lang", "fr"], "--lang: 'fr' is not supported"),
    ([str(ARTICLE), "--published", "2026-02-24", "--seeds", "/nonexistent"], "registry.yaml not found"),
])
def test_bad_input_is_one_line(runner, tmp_path, args, message):
    result = runner.invoke(cli, ["extract", *args, "--out", str(tmp_path)])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("content, message", [
    (b"   \n\n", "the article has no text"),
    (b"\x7fELF\x02\x01\x01\x00\x00\x00", "a binary file"),
    (b"caf\xe9 con leche", "not UTF-8 text"),
])
def test_unreadable_articles_are_one_line(runner, tmp_path, content, message):
    article = tmp_path / "bad.txt"
    article.write_bytes(content)
    result = runner.invoke(cli, ["extract", str(article), "--published", "2026-02-24",
                                 "--out", str(tmp_path / "out")])
    assert result.exit_code == 2 and message in result.output
    assert len(result.output.strip().splitlines()) == 1
