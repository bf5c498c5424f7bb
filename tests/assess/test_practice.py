"""The labelled practice pairs (tests/data/assess-practice.jsonl, a copy of
../shared/assess/practice.jsonl) scored the way ../shared/tools/compare_assess.py scores
them: through ``jixiao assess --jsonl``, a ratio right within 0.01.

The pairs are examples of the conventions, not a target to tune to: every rule has its
own tests in other words (test_conventions.py)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from jixiao.cli import app
from tests.conftest import DATA

PRACTICE = DATA / "assess-practice.jsonl"
FIELDS = ("name", "target", "actual", "unit", "sign")


def test_practice_pairs_verdicts_and_ratios(tmp_path):
    gold = [json.loads(line) for line in PRACTICE.read_text(encoding="utf-8").splitlines()]
    pairs = tmp_path / "in.jsonl"
    pairs.write_text(
        "".join(
            json.dumps({k: g.get(k, "") for k in FIELDS}, ensure_ascii=False) + "\n" for g in gold
        ),
        encoding="utf-8",
    )
    r = CliRunner().invoke(app, ["assess", "--jsonl", str(pairs)])
    assert r.exit_code == 0, r.stderr
    out = [json.loads(line) for line in r.stdout.splitlines()]
    assert len(out) == len(gold) == 114
    verdicts = sum(g["verdict"] == o["verdict"] for g, o in zip(gold, out, strict=True))
    labelled = [(g, o) for g, o in zip(gold, out, strict=True) if g["ratio"] is not None]
    ratios = sum(
        o["ratio"] is not None and abs(o["ratio"] - g["ratio"]) <= 0.01 for g, o in labelled
    )
    assert verdicts / len(gold) >= 0.97, verdicts
    assert ratios / len(labelled) >= 0.97, ratios
    for o in out:
        assert o["ratio"] is None or 0 <= o["ratio"] <= 1
        assert o["explanation"]
