"""Scoring labelled target/completion pairs the way ../shared/tools/compare_assess.py does:
through ``jixiao assess --jsonl``, a verdict right when equal, a ratio right within 0.01
(only pairs whose labelled ratio is a number count)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from jixiao.cli import app

FIELDS = ("name", "target", "actual", "unit", "sign")


def score(cases: Path, tmp_path: Path) -> tuple[int, int, int, int, list[dict]]:
    """(verdicts right, pairs, ratios right, labelled ratios, answers) of a labelled file."""
    gold = [json.loads(line) for line in cases.read_text(encoding="utf-8").splitlines()]
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
    assert len(out) == len(gold)
    verdicts = sum(g["verdict"] == o["verdict"] for g, o in zip(gold, out, strict=True))
    labelled = [(g, o) for g, o in zip(gold, out, strict=True) if g["ratio"] is not None]
    ratios = sum(
        o["ratio"] is not None and abs(o["ratio"] - g["ratio"]) <= 0.01 for g, o in labelled
    )
    return verdicts, len(gold), ratios, len(labelled), out
