"""The whole pipeline: real assess and checks verdicts and findings, scored and summarised."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from typer.testing import CliRunner

from jixiao.assess.types import Verdict
from jixiao.checks.types import Severity
from jixiao.cli import app
from jixiao.model import Form
from jixiao.scoring import evaluate, evaluation_to_json, round2
from tests.conftest import DATA

D = Decimal


def test_real_seed_verdicts_and_score(seed_form: Form) -> None:
    ev = evaluate(seed_form)
    # The verdicts assumed in the hand calculation (test_engine): [0] undetermined, 15 met.
    verdicts = {v.path: v.verdict for v in ev.verdicts}
    assert verdicts["key_indicators[0]"] == Verdict.UNDETERMINED
    assert [p for p, v in verdicts.items() if v == Verdict.MET] == [
        f"key_indicators[{i}]" for i in range(1, 16)
    ]
    s = ev.score
    # 9.66 + 15 × 5.625 = 94.035 → 94.04; upper 94.035 + 5.625 = 99.66
    assert s.total == D("94.035") and round2(s.total) == D("94.04")
    assert s.upper == D("99.66")
    assert (s.grade, s.grade_upper, s.pending) == ("优", "优", 1)


def test_real_practice_score(practice_form: Form) -> None:
    ev = evaluate(practice_form)
    verdicts = {v.path: v for v in ev.verdicts}
    assert verdicts["key_indicators[3]"].verdict == Verdict.NOT_MET  # 第5名 vs 前3名
    assert verdicts["key_indicators[5]"].verdict == Verdict.NOT_MET  # 87.6% vs ≥90%
    assert verdicts["key_indicators[5]"].quantitative
    assert verdicts["key_indicators[7]"].verdict == Verdict.UNDETERMINED  # 根治欠薪
    assert verdicts["key_indicators[1]"].verdict == Verdict.MET  # 2.18% ≤ 3.5%, lower is better
    s = ev.score
    # The rank scores its ratio like any quantity: 全市第5名 against 前3名 is 3/5 of its weight.
    # 9.564 + (8 + 0.9733 + 0.6) × 90/11 = 9.564 + 78.327 = 87.891 → 87.89; upper + 90/11 =
    # 96.073 → 96.07 (assess gives ratios to 4 decimals: 0.9733 for 87.6/90).
    assert round2(s.total) == D("87.89") and round2(s.upper) == D("96.07")
    assert abs(s.total - D("87.891")) < D("0.001")
    assert (s.grade, s.grade_upper) == ("良", "优")
    items = {i.path: i for i in s.items}
    assert items["key_indicators[3]"].points == D("0.6") * 90 / 11
    assert items["key_indicators[7]"].pending
    # the planted adjustment-rate error is among the findings
    assert any(
        f.path == "funds.adjustment_rate" and f.severity == Severity.ERROR for f in ev.findings
    )


def test_real_pipeline_cli_with_override(tmp_path: Path) -> None:
    review = tmp_path / "review.toml"
    review.write_text(
        '[[override]]\npath = "key_indicators[7]"\nverdict = "not_met"\n'
        'comment = "仍有欠薪案件未结，未实现“两个确保”"\nreviewer = "李四"\n',
        encoding="utf-8",
    )
    out = tmp_path / "practice.json"
    r = CliRunner().invoke(
        app,
        ["evaluate", str(DATA / "practice-1.json"), "--overrides", str(review), "--json", str(out)],
    )
    assert r.exit_code == 1, r.stderr  # error-severity findings: exit 1, outputs written
    data = json.loads(out.read_text(encoding="utf-8"))
    # a qualitative indicator judged not met scores 0: the interval closes at its low end
    assert data["score"]["total"] == data["score"]["upper"] == 87.89
    assert data["score"]["grade"] == "良" and data["score"]["pending"] == 0
    v = next(v for v in data["verdicts"] if v["path"] == "key_indicators[7]")
    assert (v["verdict"], v["assessed_verdict"]) == ("not_met", "undetermined")
    assert v["override"]["reviewer"] == "李四"
    assert "得分：87.89" in r.stdout and "李四" in r.stdout
    assert evaluation_to_json(evaluate(Form.from_shared(data["form"])))["form"] == data["form"]
