"""Fixtures of the extract tests: the seeds folder to link against, and small test articles."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

pytest.importorskip("spacy", reason="kg extract needs the extract extra")

DATA = Path(__file__).parent / "data"
GOLDEN = Path(__file__).parent / "golden"
SEEDS = Path(__file__).parents[2] / "seeds"
MINI = Path(__file__).parents[1] / "data" / "mini-seeds"  # small: fast for property tests
ENGLISH = (DATA / "wire_en.txt", date(2026, 2, 24), "en")
SPANISH = (DATA / "cable_es.txt", date(2026, 2, 25), "es")
