"""Hand-made evaluations of the seed and practice forms for the render tests.

The verdicts, findings and score here are made up (but shaped like the real
ones); the renderers must draw whatever they are given.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.assess.types import IndicatorVerdict, Verdict
from jixiao.checks.types import Finding, Severity
from jixiao.model import Form
from jixiao.scoring.types import Evaluation, ItemScore, Override, PartScore, Score

DATA = Path(__file__).resolve().parent.parent / "data"


def load_form(name: str) -> Form:
    return Form.from_shared(json.loads((DATA / name).read_text(encoding="utf-8")))


def _verdict(
    path: str, name: str, target: str, actual: str, verdict: Verdict, why: str
) -> IndicatorVerdict:
    return IndicatorVerdict(
        path=path,
        name=name,
        target_text=target,
        actual_text=actual,
        verdict=verdict,
        explanation=why,
        ratio=1.0 if verdict is Verdict.MET else None,
    )


def make_evaluation(
    form: Form,
    *,
    not_met: dict[int, str],
    undetermined: dict[int, str],
    findings: list[Finding],
    overrides: dict[int, Override],
) -> Evaluation:
    """Key indicators are met unless listed; one item per key indicator, 4 points each."""
    verdicts: list[IndicatorVerdict] = []
    items: list[ItemScore] = []
    for i, k in enumerate(form.key_indicators):
        path = f"key_indicators[{i}]"
        if i in not_met:
            v = _verdict(path, k.name, k.expected_value, k.completion, Verdict.NOT_MET, not_met[i])
        elif i in undetermined:
            v = _verdict(
                path, k.name, k.expected_value, k.completion, Verdict.UNDETERMINED, undetermined[i]
            )
        else:
            v = _verdict(
                path,
                k.name,
                k.expected_value,
                k.completion,
                Verdict.MET,
                f"完成值“{k.completion}”达到预期“{k.expected_value}”",
            )
        o = overrides.get(i)
        assessed = v.verdict
        if o is not None and o.verdict is not None:  # an evaluation carries reviewed verdicts
            v = v.model_copy(update={"verdict": o.verdict, "explanation": v.explanation})
        verdicts.append(v)
        points = (
            None
            if v.verdict is Verdict.UNDETERMINED
            else (Decimal(4) if v.verdict is Verdict.MET else Decimal(0))
        )
        if o is not None and o.score is not None:
            points = o.score
        items.append(
            ItemScore(
                path=path,
                name=k.name,
                part="key",
                weight=Decimal(4),
                verdict=v.verdict,
                points=points,
                upper=Decimal(4),
                explanation=v.explanation,
                override=o,
                assessed_verdict=assessed,
            )
        )
    # one task indicator verdict, to show badges in the task table
    if form.tasks and form.tasks[0].indicators:
        ind = form.tasks[0].indicators[0]
        verdicts.append(
            _verdict(
                "tasks[0].indicators[0]",
                ind.category,
                "",
                ind.completion,
                Verdict.UNDETERMINED,
                "完成情况未列明与预期目标对应的数值，无法判断",
            )
        )
    won = sum((i.points or Decimal(0)) for i in items)
    pending = sum(1 for i in items if i.points is None)
    upper = won + 4 * pending
    key_weight = Decimal(4 * len(items))
    parts = [
        PartScore(
            id="funds",
            name="预算执行",
            weight=Decimal(20),
            points=Decimal("18.5"),
            upper=Decimal("18.5"),
            detail="预算完成率按比例计分",
        ),
        PartScore(
            id="key",
            name="年度关键指标",
            weight=key_weight,
            points=won,
            upper=upper,
            detail=f"{len(items)} 项，每项 4 分",
        ),
    ]
    total = Decimal("18.5") + won
    top = Decimal("18.5") + upper

    def grade(x: Decimal) -> str:
        share = x / (Decimal(20) + key_weight)
        return "优" if share >= Decimal("0.9") else "良" if share >= Decimal("0.8") else "中"

    score = Score(
        scheme="示例方案-2021",
        total=total,
        upper=top,
        grade=grade(total),
        grade_upper=grade(top),
        parts=parts,
        items=items,
        pending=pending,
    )
    return Evaluation(
        form=form,
        verdicts=verdicts,
        findings=findings,
        score=score,
        overrides=list(overrides.values()),
    )


@pytest.fixture
def seed_form() -> Form:
    return load_form("seed.json")


@pytest.fixture
def seed_eval(seed_form: Form) -> Evaluation:
    return make_evaluation(
        seed_form,
        not_met={},
        undetermined={
            0: "预期为“优”，完成情况为获奖表述，未说明评定等级",
            2: "完成情况只列出病例数，未说明是否发生输入疫情",
        },
        findings=[
            Finding(
                rule="funds.general_public_budget_format",
                severity=Severity.INFO,
                path="funds.general_public_budget",
                line=9,
                message="一般公共预算数未按千分位格式填写",
            ),
            Finding(
                rule="indicator.duplicate_category",
                severity=Severity.WARNING,
                path="tasks[0].indicators[5]",
                line=None,
                message="同一任务中“可持续影响指标”出现两次，请核对是否重复填报",
            ),
            Finding(
                rule="key.rate_over_100",
                severity=Severity.WARNING,
                path="overall_goal_completion",
                line=14,
                message="“第一针覆盖率达到168%”超过100%，需说明口径",
            ),
        ],
        overrides={
            0: Override(
                path="key_indicators[0]",
                verdict=Verdict.MET,
                comment="获评全省基层党建创新案例，可视为达到“优”",
                reviewer="李审核",
            ),
        },
    )


@pytest.fixture
def practice_eval() -> Evaluation:
    form = load_form("practice-1.json")
    return make_evaluation(
        form,
        not_met={
            5: "完成值87.6%低于目标≥90%",
            3: "排名全市第5名，未进入目标全市前3名",
        },
        undetermined={7: "完成情况只列举行动，未说明是否实现“两个确保”目标"},
        findings=[
            Finding(
                rule="funds.adjustment_rate",
                severity=Severity.ERROR,
                path="funds.adjustment_rate",
                line=None,
                message="预算调整率应为 年度调整额÷年初预算数 = 3,127.84÷28,465.30 = 10.99%，"
                "表中填 9.90%，相差 1.09 个百分点",
            ),
            Finding(
                rule="indicator.empty_completion",
                severity=Severity.ERROR,
                path="tasks[3].indicators[4]",
                line=None,
                message="可持续影响指标的完成情况为空",
            ),
            Finding(
                rule="indicator.share_over_100",
                severity=Severity.WARNING,
                path="tasks[2].indicators[1]",
                line=None,
                message="参保率103%超过100%，不合常理，请说明或更正",
            ),
        ],
        overrides={
            5: Override(
                path="key_indicators[5]",
                score=Decimal("2"),
                comment="结案率接近目标，酌情给一半分",
                reviewer="王复核",
            ),
        },
    )
