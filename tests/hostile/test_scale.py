"""Issue 12, big forms: the reproductions that took minutes finish (growth: tests/checks)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.hostile import inputs
from tests.hostile.helpers import jixiao

# On this shared 2-core machine, under the load of parallel work: it took 82 s (32,000
# key indicators) and 165 s (many tasks) before; the checks are now linear.
BOUND_SECONDS = 45


def test_check_16000_key_indicators(capfd, tmp_path: Path):
    f = tmp_path / "ki.json"
    f.write_text(json.dumps(inputs.many_key_indicators(16_000)), encoding="utf-8")
    r = jixiao(capfd, "check", "--json", str(f))
    assert r.code == 1 and "Traceback" not in r.err  # it has error findings
    found = json.loads(r.out)
    assert sum(x["rule"] == "narrative_mismatch" for x in found) > 10_000
    assert r.seconds < BOUND_SECONDS, r.seconds


def test_check_4000_tasks_under_one_name(capfd, tmp_path: Path):
    f = tmp_path / "tasks.json"
    f.write_text(json.dumps(inputs.many_tasks(4_000)), encoding="utf-8")
    r = jixiao(capfd, "check", "--json", str(f))
    assert r.code in (0, 1) and "Traceback" not in r.err
    assert len(json.loads(r.out)) >= 4_000
    assert r.seconds < BOUND_SECONDS, r.seconds


def test_assess_and_check_with_a_backtracking_bait(capfd, tmp_path: Path):
    """`jixiao assess '≥90%' 达到…达到甲5%` took 107 s; the same text in a key indicator made
    `jixiao check` take 27 s."""
    bait = "达到" * 26 + "甲5%"
    r = jixiao(capfd, "assess", "≥90%", bait)
    assert r.code == 0 and "结论" in r.out and r.seconds < 5, r.seconds
    f = tmp_path / "bait.json"
    f.write_bytes(inputs.seed_json_with("key_indicators[1].completion", bait))
    r = jixiao(capfd, "check", str(f))
    assert r.code in (0, 1) and "Traceback" not in r.err and r.seconds < 10, r.seconds
