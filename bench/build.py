"""Build + validate at each corpus size: cold, warm (nothing changed) and after one edit."""

from __future__ import annotations

import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from .proc import run_timed

KG = [sys.executable, "-m", "kg"]


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


def synth(articles: int, folder: Path, seed: int, density: float) -> Path:
    if not (folder / "registry.yaml").exists():
        run_timed([*KG, "synth", "--articles", str(articles), "--out", str(folder),
                   "--seed", str(seed), "--density", str(density)])
    return folder


def measure(articles: int, work: Path, density: float = 1.0, seed: int = 1) -> BuildRun:
    """Time ``kg build`` on a fresh synthetic corpus of ``articles`` articles."""
    name = f"{articles}" if density == 1 else f"{articles}-d{density:g}"
    seeds = synth(articles, work / f"corpus-{name}", seed, density)
    out = work / f"build-{name}"
    shutil.rmtree(out, ignore_errors=True)
    build = [*KG, "build", "--seeds", str(seeds), "--out", str(out)]
    cold = run_timed(build)  # a fresh OUT: an empty cache, every article loaded and converted
    warm = run_timed(build)
    edited = _edit_one(seeds)
    one = run_timed(build)
    _restore(edited)
    quads = int(re.search(r"([\d,]+) quads", cold.output).group(1).replace(",", ""))
    cache = re.search(r"cached: ([^)]*)\)", one.output)
    return BuildRun(articles, density, quads, cold.seconds, cold.peak_mb, warm.seconds, one.seconds,
                    cache.group(1) if cache else "", out / "kg.trig")


def _edit_one(seeds: Path) -> tuple[Path, str]:
    """Reword one claim label of one article (what a curator's typical fix changes)."""
    ann = sorted(seeds.glob("*.ann.yaml"))[len(list(seeds.glob("*.ann.yaml"))) // 2]
    original = ann.read_text(encoding="utf-8")
    ann.write_text(original.replace("label: ", "label: Reworded ", 1), encoding="utf-8")
    return ann, original


def _restore(edited: tuple[Path, str]) -> None:
    path, original = edited
    path.write_text(original, encoding="utf-8")
