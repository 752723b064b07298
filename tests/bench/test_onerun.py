"""``make bench`` is one run: its plan is what docs/benchmarks.md says, every section is rendered
from that run's results alone (no figure survives from an earlier file), and a stopped run
resumes without measuring a finished section again."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from bench import build, onerun, plan, report, sections
from bench.plan import DEFAULT, QUICK, SECTIONS

ROOT = Path(__file__).resolve().parents[2]
RESULTS = Path(__file__).parent / "data" / "quick_results.json"  # a --quick run's results.json
NUMBER = re.compile(r"(?<![\w.#-])\d[\d,]*(?:\.\d+)?(?![\w-])")  # a figure, not part of a name
VERDICT = re.compile(r"\*\*missed\*\* \(×[\d.,]+\)")
TITLES = ("## Build + validate", "## Competency queries", "## Entity page\n", "## Serving memory",
          "## Our `/sparql` against", "## Backends:", "## Request path:", "## Serving mix:",
          "## Entity page at 1M quads", "## Targets", "## Notes", "## Abuse:")


@pytest.fixture(scope="module")
def results() -> dict:
    return json.loads(RESULTS.read_text(encoding="utf-8"))


def test_the_committed_report_states_the_default_plan():
    text = (ROOT / "docs" / "benchmarks.md").read_text(encoding="utf-8")
    assert plan.describe(DEFAULT) in text


def test_the_default_plan_shares_its_corpora_and_keeps_the_targets_sizes():
    assert DEFAULT.million == (170, 1.0) and DEFAULT.million in DEFAULT.builds
    assert (10_000, plan.BRIEF) in DEFAULT.builds  # the cold-build target
    assert (10_000, plan.BRIEF) not in DEFAULT.served  # built only: the hour's budget
    for p in (DEFAULT, QUICK):
        assert set(p.served) <= set(p.builds) and p.variants_at in p.builds
        assert p.compare_at in p.served and p.million in p.served
    assert (DEFAULT.seconds, DEFAULT.zipf_seconds, DEFAULT.zipf_rounds) == (15, 10, 3)
    assert set(sections.MEASURE) == set(SECTIONS)


def test_every_section_is_rendered_from_the_results(results):
    text = report.render(results)
    assert [title for title in TITLES if title not in text] == []
    assert ": not measured in this run -->" not in text and "Measured apart from the run" not in text
    assert f"one run started on {results['started']}" in text
    assert text.count("Measured in this run of `make bench`") == 6  # each sub-bench's section


def test_no_figure_survives_from_an_earlier_file(results):
    """Move every measured number by a factor of its own, three times over: each figure of the
    Targets and the Notes must move with them (one rounding may hide a move, not three), but for
    the plan's and the targets' own constants."""
    text = report.render(results)
    moved = [report.render(_moved(results, random.Random(seed))) for seed in (1, 2, 3)]
    constant = {"0", "1", "2", "3", "5", "8", "10", "15", "20", "30", "32", "50", "60", "100",
                "120", "300", "1,000", "10,000", "0.5", "1.0", "1.5", "0.01"}
    for title in ("## Targets", "## Notes"):
        # a verdict may flip with the figures: "**missed** (×1.2)" and "met" read alike here
        before = VERDICT.sub("met", _section(text, title))
        stayed = set(NUMBER.findall(before))
        for other in moved:
            after = VERDICT.sub("met", _section(other, title))
            assert NUMBER.split(before) == NUMBER.split(after)  # the same words around the figures
            stayed &= {a for a, b in zip(NUMBER.findall(before), NUMBER.findall(after), strict=True)
                       if a == b}
        assert sorted(stayed - constant) == [], title


def _moved(value, rng: random.Random):
    """``value`` with every measured number multiplied by a factor of its own (1.1–1.9), so
    ratios move too; sizes and dates stay."""
    if isinstance(value, dict):
        return {k: v if k in ("articles", "density", "started") else _moved(v, rng)
                for k, v in value.items()}
    if isinstance(value, list):
        return [_moved(v, rng) for v in value]
    if isinstance(value, int | float) and not isinstance(value, bool):
        return type(value)(value * rng.uniform(1.1, 1.9))
    return value


def _section(text: str, title: str) -> str:
    start = text.index(title)
    end = text.find("\n## ", start + 1)
    return text[start:end if end != -1 else None]


def test_a_stopped_run_resumes_without_measuring_a_finished_section(tmp_path, monkeypatch):
    measured = []

    def section(name):
        def measure(run):
            measured.append(name)
            if name == "zipf" and measured.count("zipf") == 1:
                raise RuntimeError("stopped")
            return {"figure": len(measured)}
        return measure

    monkeypatch.setattr(onerun, "MEASURE", {name: section(name) for name in SECTIONS})
    with pytest.raises(RuntimeError):
        onerun.measure(QUICK, tmp_path, True, False, [])
    onerun.measure(QUICK, tmp_path, True, True, [])
    saved = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    assert measured == [*SECTIONS[:SECTIONS.index("zipf") + 1], *SECTIONS[SECTIONS.index("zipf"):]]
    assert saved["done"] == list(SECTIONS) and "resumed" in saved
    onerun.measure(QUICK, tmp_path, True, False, ["backends"])
    again = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    assert again["backends"]["apart"] == "python -m bench.run --only backends"
    assert again["build"] == saved["build"]


def test_a_corpus_left_by_another_synth_is_written_again(tmp_path):
    """WORK outlives the code: a corpus another version of ``kg synth`` wrote is not reused."""
    folder = build.synth(1, tmp_path / "corpus", 1, 1.0)
    marker = folder / ".synth"
    assert marker.read_text(encoding="utf-8").endswith(" 1 1 1.0")
    (folder / "registry.yaml").write_text("stale: true\n", encoding="utf-8")
    build.synth(1, folder, 1, 1.0)  # same version: reused as it is
    assert (folder / "registry.yaml").read_text(encoding="utf-8") == "stale: true\n"
    marker.write_text("an older synth 1 1 1.0", encoding="utf-8")
    build.synth(1, folder, 1, 1.0)
    assert "stale" not in (folder / "registry.yaml").read_text(encoding="utf-8")
