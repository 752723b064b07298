"""bench.entity_page: a tiny side-by-side run on the seeds' graph, so the harness cannot rot."""

from __future__ import annotations

from bench import entity_page


def test_a_tiny_run_compares_identical_pages_and_writes_its_section(built, tmp_path):
    out = tmp_path / "benchmarks.md"
    out.write_text("# Benchmarks\n\n## Notes\n\nnone\n", encoding="utf-8")
    entity_page.main(["--data", str(built.path), "--before", "HEAD", "--rounds", "2", "--per", "1",
                      "--work", str(tmp_path / "work"), "--out", str(out)])
    text = out.read_text(encoding="utf-8")
    section = text[text.index(entity_page.SECTION):text.index("## Notes")]
    assert ("byte-identical" in section, section.count("| before |"), section.count("| after |"),
            text.count(entity_page.SECTION)) == (True, 1, 1, 1)


def test_the_section_says_whether_the_target_is_met():
    sides = {"before": {"wall": [30.0, 31.0], "cpu": [29.0, 30.0]},
             "after": {"wall": [25.0, 26.0], "cpu": [24.0, 25.0]}}
    r = {"machine": {"CPU": "x"}, "ready": {"path": "/id/x", "quads": 1}, "same": True,
         "load": [1.0, 1.0], "before": "a", "after": "b", "minutes": 0.1, "started": "now",
         "sides": sides, "rounds": 1, "per": 2}
    text = entity_page.render(r)
    assert "**missed** (25.5 ms)" in text and "0.84×" in text
