"""assess_form on the seed and practice forms: every key indicator's verdict and wording."""

from __future__ import annotations

import pytest

from jixiao.assess import IndicatorVerdict, Verdict, assess_form
from jixiao.model import Form, KeyIndicator, SourceRef

MET, NOT_MET, UNDET = Verdict.MET, Verdict.NOT_MET, Verdict.UNDETERMINED

SEED = [
    (UNDET, None, "完成情况未给出等级，无法判断是否达到“优”"),
    (MET, 1.0, "目标≥100%，完成100%，已达成"),
    (MET, 1.0, "目标确保不发生疫情、不输入疫情，完成确诊病例0例、疑似病例0例，已达成"),
    (MET, 1.0, "目标清零，完成清零，已达成"),
    (MET, 1.0, "目标≥100%，完成100%，已达成"),
    (MET, 1.0, "目标0次，完成0次，已达成"),
    (MET, 1.0, "目标≥95%，完成99%，已达成"),
    (MET, 1.0, "目标≥90%，完成90%，已达成"),
    (MET, 1.0, "目标≥100%，完成100%，已达成"),
    (MET, None, "目标优，完成优，与目标相同（等次：优＞良＞中＞基本合格＞差），已达成"),
    (MET, 1.0, "目标前3，实际前3，已达成"),
    (MET, None, "目标达到2级，完成2级，级别相同，已达成"),
    (MET, 1.0, "目标≥90%，完成100%，已达成"),
    (MET, 1.0, "目标全区前三，实际全区第二，已达成"),
    (MET, 1.0, "目标≥90%，完成93.80%，已达成"),
    (MET, None, "目标优，完成优，与目标相同（等次：优＞良＞中＞基本合格＞差），已达成"),
]

PRACTICE = [
    (MET, 1.0, "目标≥2.5万人，完成3.12万人，已达成"),
    (MET, 1.0, "目标≤3.5%，完成2.18%，已达成（越低越好）"),
    (MET, 1.0, "目标≥2000人，完成2315人，已达成"),
    (NOT_MET, 0.6, "目标全市前3名，实际全市第5名，未达成（名次完成度60.0%）"),
    (MET, 1.0, "目标≥66万人，完成68.4万人，已达成"),
    (NOT_MET, 0.9733, "目标≥90%，完成87.6%，未达成（完成度97.3%）"),
    (MET, 1.0, "目标≥100%，完成100%，已达成"),
    (
        UNDET,
        None,
        "目标为实现“两个确保”目标，完成情况只列出了工作或数据，未说明是否已实现，无法判断",
    ),
    (MET, 1.0, "目标≥3万人，完成3.46万人，已达成"),
    (MET, 1.0, "目标≥1.5万人次，完成1.89万人次，已达成"),
    (MET, 1.0, "目标≥95%，完成98.7%，已达成"),
]


def check(verdicts: list[IndicatorVerdict], form: Form, expected) -> None:
    assert len(verdicts) == len(form.key_indicators) == len(expected)
    for i, (v, k, (verdict, ratio, explanation)) in enumerate(
        zip(verdicts, form.key_indicators, expected, strict=True)
    ):
        assert v.path == f"key_indicators[{i}]"
        assert (v.name, v.target_text, v.actual_text) == (k.name, k.expected_value, k.completion)
        assert (v.verdict, v.ratio, v.explanation) == (verdict, ratio, explanation), v.name


def test_seed_key_indicators(seed_form: Form):
    check(assess_form(seed_form), seed_form, SEED)


def test_practice_key_indicators(practice_form: Form):
    verdicts = assess_form(practice_form)
    check(verdicts, practice_form, PRACTICE)
    assert [v.path for v in verdicts if v.verdict is not MET] == [
        "key_indicators[3]",
        "key_indicators[5]",
        "key_indicators[7]",
    ]


def test_verdicts_carry_the_parsed_measures(practice_form: Form):
    v = assess_form(practice_form)[5]
    assert v.quantitative
    assert v.target is not None and v.actual is not None
    assert (str(v.target.comparator), str(v.target.value), v.target.unit) == (">=", "90", "%")
    assert str(v.actual.value) == "87.6"


def test_line_comes_from_provenance():
    k = KeyIndicator(
        name="城镇登记失业率",
        expected_value="≤3.5%",
        completion="2.18%",
        provenance={"name": SourceRef(line=12), "completion": SourceRef(line=13)},
    )
    form = Form(key_indicators=[k])
    (v,) = assess_form(form)
    assert v.line == 12 and v.verdict is MET


def test_indicators_without_a_target_get_no_verdict():
    form = Form(
        key_indicators=[
            KeyIndicator(name="党员教育", expected_value="", completion="开展学习100次"),
            KeyIndicator(name="满意度", expected_value="≥90%", completion=""),
        ]
    )
    (v,) = assess_form(form)
    assert (v.path, v.verdict, v.explanation) == ("key_indicators[1]", NOT_MET, "未填报完成情况")


@pytest.mark.parametrize("fixture", ["seed_form", "practice_form"])
def test_task_indicators_are_not_judged(fixture: str, request: pytest.FixtureRequest):
    form: Form = request.getfixturevalue(fixture)
    assert all(v.path.startswith("key_indicators[") for v in assess_form(form))
