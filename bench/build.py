"""Build + validate at each corpus size: cold, warm (nothing changed) and after one edit.

A :class:`Variant` is the code and options a build runs with: this checkout with its default
SHACL engine, this checkout with ``--engine pyshacl``, or an earlier commit of the project
("before"), unpacked by ``git archive`` and put first on ``PYTHONPATH``. Variants are measured
side by side on the same corpus in one run (the build section of ``python -m bench.run``).
"""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .proc import run_timed

KG = [sys.executable, "-m", "kg"]
ROOT = Path(__file__).resolve().parent.parent
REPEATS = 3  # warm and one-edit runs per variant: the median is reported


@dataclass(frozen=True)
class Variant:
    name: str
    args: tuple[str, ...] = ()  # extra `kg build` options
    env: dict = field(default_factory=dict)


CURRENT = Variant("this code (shacl engine)")


def engine_variant(engine: str) -> Variant:
    return Variant(f"this code, --engine {engine}", ("--engine", engine))


def before_variant(ref: str, work: Path) -> Variant:
    """The project at ``ref`` (a commit of this repository), unpacked under ``work``."""
    commit = subprocess.run(["git", "rev-parse", "--short", ref], check=True, capture_output=True,
                            text=True).stdout.strip()
    folder = work / f"before-{commit}"
    if not (folder / "kg").is_dir():
        folder.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "archive", commit], check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return Variant(f"before ({commit})", (), {"PYTHONPATH": str(folder)})


@dataclass
class BuildRun:
    articles: int
    density: float
    quads: int
    cold_s: float
    cold_peak_mb: float
    warm_s: float
    one_edit_s: float
    edit_cache: str
    trig: Path
    variant: str = CURRENT.name
    warm_runs: list[float] = field(default_factory=list)
    edit_runs: list[float] = field(default_factory=list)
    cold_cpu_s: float = 0.0  # CPU seconds of the whole process tree
    edit_cpu_s: float = 0.0  # median


def synth(articles: int, folder: Path, seed: int, density: float,
          variant: Variant | None = None) -> Path:
    """The corpus, written by the variant's own ``kg synth`` (an earlier commit may not read
    what this code's synth writes: the seed files' format grew since). A corpus left in WORK by
    another version of the synth or the seed format is written again, not reused."""
    stamp = f"{_synth_version(variant or CURRENT)} {articles} {seed} {density}"
    marker = folder / ".synth"
    if not marker.exists() or marker.read_text(encoding="utf-8") != stamp:
        shutil.rmtree(folder, ignore_errors=True)
        run_timed([*_kg(variant or CURRENT), "synth", "--articles", str(articles), "--out",
                   str(folder), "--seed", str(seed), "--density", str(density)],
                  (variant or CURRENT).env)
        marker.write_text(stamp, encoding="utf-8")
    return folder


def _synth_version(variant: Variant) -> str:
    """The code that writes and reads corpora: the variant's commit, or this checkout's last
    change to kg/synth and kg/seeds (and whether they have uncommitted changes)."""
    if "PYTHONPATH" in variant.env:
        return variant.name
    paths = ["--", "kg/synth", "kg/seeds"]
    last = subprocess.run(["git", "log", "-1", "--format=%h", *paths], capture_output=True,
                          text=True, cwd=ROOT).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", *paths], capture_output=True,
                           text=True, cwd=ROOT).stdout.strip()
    return last + (" + uncommitted changes" if dirty else "")


def _kg(variant: Variant) -> list[str]:
    # -P: the checkout (the working directory) must not shadow the code on PYTHONPATH
    return [sys.executable, "-P", "-m", "kg"] if "PYTHONPATH" in variant.env else KG


def corpus_name(articles: int, density: float) -> str:
    return f"{articles}" if density == 1 else f"{articles}-d{density:g}"


def measure(articles: int, work: Path, density: float = 1.0, seed: int = 1,
            variant: Variant = CURRENT, repeats: int = REPEATS) -> BuildRun:
    """Time ``kg build`` on a fresh synthetic corpus of ``articles`` articles: cold once, then
    warm and one edit ``repeats`` times each (medians)."""
    name = corpus_name(articles, density)
    own = "PYTHONPATH" in variant.env  # an earlier commit: its own corpus, same seed and size
    seeds = synth(articles, work / f"corpus-{name}{'-' + _slug(variant) if own else ''}", seed,
                  density, variant if own else None)
    out = work / f"build-{name}" if variant == CURRENT else work / f"build-{name}-{_slug(variant)}"
    shutil.rmtree(out, ignore_errors=True)
    build = [*_kg(variant), "build", "--seeds", str(seeds), "--out", str(out), *variant.args]
    env = {**variant.env, "KG_SHACL_ENGINE": ""}  # the default engine unless the variant names one
    cold = run_timed(build, env)  # a fresh OUT: an empty cache, every article loaded and converted
    warm = [run_timed(build, env).seconds for _ in range(repeats)]
    edits, edit_cpu, output = [], [], ""
    for k in range(repeats):
        edited = _edit_one(seeds, k)
        try:
            run = run_timed(build, env)
            edits.append(run.seconds)
            edit_cpu.append(run.cpu_s)
            output = output or run.output
        finally:
            _restore(edited)
        run_timed(build, env)  # back to the unedited corpus (not timed)
    quads = int(re.search(r"([\d,]+) quads", cold.output).group(1).replace(",", ""))
    cache = re.search(r"cached: ([^)]*)\)", output)
    return BuildRun(articles, density, quads, cold.seconds, cold.peak_mb, statistics.median(warm),
                    statistics.median(edits), cache.group(1) if cache else "", out / "kg.trig",
                    variant.name, warm, edits, cold.cpu_s, statistics.median(edit_cpu))


def _slug(variant: Variant) -> str:
    return re.sub(r"[^a-z0-9]+", "-", variant.name.lower()).strip("-")


def _edit_one(seeds: Path, k: int = 0) -> tuple[Path, str]:
    """Reword one claim label of one article (what a curator's typical fix changes): the middle
    article, then the ones after it."""
    anns = sorted(seeds.glob("*.ann.yaml"))
    ann = anns[(len(anns) // 2 + k) % len(anns)]
    original = ann.read_text(encoding="utf-8")
    ann.write_text(original.replace("label: ", "label: Reworded ", 1), encoding="utf-8")
    return ann, original


def _restore(edited: tuple[Path, str]) -> None:
    path, original = edited
    path.write_text(original, encoding="utf-8")
