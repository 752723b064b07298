"""Golden drafts: a small English and a small Spanish article drafted against seeds/, compared as
data with the reviewed golden files (regenerate: ``python -m tests.extract.test_golden``)."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml

from kg.extract import Options, extract

from .conftest import ENGLISH, GOLDEN, SEEDS, SPANISH

NOW = datetime(2026, 2, 25, 12, 0, tzinfo=UTC)
CASES = {"wire_en": ENGLISH, "cable_es": SPANISH}


def drafted(name: str) -> dict:
    path, published, lang = CASES[name]
    draft = extract(path, Options(published, SEEDS, lang, name, "reuters", "myind-staff"), now=NOW)
    data = {"annotation": draft.annotation, "registry": draft.registry, "meta": draft.meta}
    return yaml.safe_load(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


def _without_version(data: dict) -> dict:
    """The tool version changes with every release; the draft must not."""
    for part in (data["annotation"], data["registry"] or {}):
        part.get("extraction", {}).pop("version", None)
    return data


@pytest.mark.parametrize("name", sorted(CASES))
def test_draft_equals_its_golden_file(name):
    golden = yaml.safe_load((GOLDEN / f"{name}.yaml").read_text(encoding="utf-8"))
    draft = _without_version(drafted(name))
    for section in ("meta", "registry"):
        assert draft[section] == _without_version(golden)[section], section
    for key in sorted(set(golden["annotation"]) | set(draft["annotation"])):
        assert draft["annotation"].get(key) == golden["annotation"].get(key), f"annotation {key}"


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_file_holds_what_a_curator_expects(name):
    """The golden files are reviewed, not just recorded: the essentials are asserted here."""
    ann = yaml.safe_load((GOLDEN / f"{name}.yaml").read_text(encoding="utf-8"))["annotation"]
    claims = {(c["claimant"], c["stance"]) for c in ann["claims"]}
    counts = {s["label"]: s.get("count") for s in ann["sources"]}
    if name == "wire_en":
        assert ("bruno-rodriguez-parrilla", "denial") in claims
        assert ("government-of-cuba", "acknowledgement") in claims
        assert ("delcy-rodriguez", "assertion") in claims
        assert counts["three sources familiar with the matter"] == 3
        assert any(e["id"] == "us-military-operation-2026-01-03" for e in ann["events"])
    else:
        assert ("government-of-cuba", "acknowledgement") in claims
        assert ("bruno-rodriguez-parrilla", "assertion") in claims
        assert counts["dos fuentes diplomáticas"] == 2
        assert any(d.get("stated", {}).get("value") == "2026-02-24" for d in ann["claims"])
    assert all(item["reviewed"] is False and 0 <= item["confidence"] <= 1
               for section in ("sources", "mentions", "events", "claims") for item in ann.get(section, []))


if __name__ == "__main__":  # regenerate the golden files after a deliberate change
    for case in sys.argv[1:] or sorted(CASES):
        out = Path(GOLDEN / f"{case}.yaml")
        out.write_text(yaml.safe_dump(_without_version(drafted(case)), allow_unicode=True,
                                      sort_keys=False), encoding="utf-8")
        print("wrote", out)
