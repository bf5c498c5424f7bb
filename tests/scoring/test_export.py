"""The evaluation JSON: shape, numbers with 2 decimals, override and finding info."""

from __future__ import annotations

import json

from jixiao.checks.types import Finding, Severity
from jixiao.model import Form
from jixiao.scoring import Override, evaluate, evaluation_to_json
from tests.scoring.helpers import SEED_SPECIAL, key_verdicts

FINDING = Finding(
    rule="funds.adjustment_rate",
    severity=Severity.ERROR,
    path="funds.adjustment_rate",
    line=7,
    message="预算调整率 9.90% 与 调整额 ÷ 年初预算 = 10.99% 不符",
)


def _json(form: Form, overrides: list[Override] | None = None) -> dict:
    ev = evaluate(
        form,
        overrides=overrides,
        verdicts=key_verdicts(form, SEED_SPECIAL),
        findings=[FINDING],
    )
    data = evaluation_to_json(ev)
    # it is plain JSON: it survives a round trip unchanged
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    return data


def test_score_numbers(seed_form: Form) -> None:
    data = _json(seed_form)
    s = data["score"]
    assert data["schema"] == "jixiao-evaluation/1"
    assert (s["total"], s["upper"], s["grade"], s["grade_upper"]) == (94.04, 99.66, "优", "优")
    assert s["display"] == "94.04 – 99.66" and s["pending"] == 1 and s["scheme"] == "dept-overall"
    assert [(p["id"], p["name"], p["weight"], p["points"], p["upper"]) for p in s["parts"]] == [
        ("execution", "预算执行", 10.0, 9.66, 9.66),
        ("key_indicators", "关键指标", 90.0, 84.38, 90.0),
    ]
    first = s["items"][1]
    assert first["path"] == "key_indicators[0]" and first["points"] is None and first["pending"]
    assert first["upper"] == 5.63 and first["weight"] == 5.63  # items are rounded one by one


def test_verdicts_findings_form(seed_form: Form) -> None:
    data = _json(seed_form)
    v = data["verdicts"][0]
    assert v["path"] == "key_indicators[0]" and v["name"] == "党建基层组织建设达标情况"
    assert v["verdict"] == v["assessed_verdict"] == "undetermined"
    assert v["ratio"] is None and v["line"] == 10 and v["override"] is None
    assert v["where"] == "第1项年度关键指标“党建基层组织建设达标情况”" and v["source"] is None
    assert v["target"] == "优" and v["actual"] == "获评2021年度广东基层党建创新案例"
    assert data["verdicts"][1]["ratio"] == 1.0
    assert data["findings"] == [
        {
            "rule": "funds.adjustment_rate",
            "severity": "error",
            "path": "funds.adjustment_rate",
            "where": "部门资金情况的预算调整率",
            "source": None,  # a form read from JSON has no source locations
            "line": 7,
            "message": "预算调整率 9.90% 与 调整额 ÷ 年初预算 = 10.99% 不符",
        }
    ]
    assert data["form"] == seed_form.to_shared()
    assert data["department"] == "广州市黄埔区人民政府文冲街道办事处" and data["year"] == 2021


def test_override_info(seed_form: Form) -> None:
    o = Override(
        path="key_indicators[0]", verdict="met", comment="经复核认定达到“优”", reviewer="张三"
    )
    data = _json(seed_form, [o])
    v = data["verdicts"][0]
    assert (v["verdict"], v["assessed_verdict"]) == ("met", "undetermined")
    expected = {
        "path": "key_indicators[0]",
        "verdict": "met",
        "score": None,
        "comment": "经复核认定达到“优”",
        "reviewer": "张三",
    }
    assert v["override"] == expected
    assert data["overrides"] == [expected]
    assert data["score"]["total"] == data["score"]["upper"] == 99.66
    assert data["score"]["display"] == "99.66"
