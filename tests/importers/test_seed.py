"""The real seed form and the practice renderings import perfectly (compare_form.py, F1 = 1.0)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from jixiao.importers import load_form
from tests.conftest import DATA, SHARED

COMPARE = SHARED / "tools" / "compare_form.py"
if not COMPARE.exists():  # a clone without ../shared: the vendored copy of the same tool
    COMPARE = DATA / "compare_form.py"

CASES = [
    ("seed.txt", "seed.json"),
    ("practice-1_s7.txt", "practice-1.json"),
    ("practice-1_s8.txt", "practice-1.json"),
]


@pytest.mark.parametrize(("source", "gold"), CASES)
def test_import_matches_gold_with_f1_one(tmp_path: Path, source: str, gold: str):
    result = load_form(DATA / source)
    assert not result.unplaced and not result.warnings and not result.truncated
    out = tmp_path / "out.json"
    out.write_text(result.form.to_shared_json(), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, str(COMPARE), str(DATA / gold), str(out), "-v", "--min-f1", "1.0"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "F1 1.0000" in proc.stdout


def test_seed_structure():
    form = load_form(DATA / "seed.txt").form
    gold = json.loads((DATA / "seed.json").read_text(encoding="utf-8"))
    assert len(form.key_indicators) == len(gold["key_indicators"]) == 16
    assert [t.name for t in form.tasks] == [t["name"] for t in gold["tasks"]]
    assert [len(t.indicators) for t in form.tasks] == [len(t["indicators"]) for t in gold["tasks"]]


def test_every_field_of_the_seed_has_provenance():
    form = load_form(DATA / "seed.txt").form
    assert set(form.provenance) >= {"title", "year", "unit", "department", "overall_goal"}
    for t in form.tasks:
        assert "name" in t.provenance and "funds" in t.provenance
        for ind in t.indicators:
            assert "category" in ind.provenance
            assert ind.completion == "" or "completion" in ind.provenance
    for k in form.key_indicators:
        assert {"name", "expected_value", "completion"} <= set(k.provenance)
