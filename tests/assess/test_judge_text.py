"""judge() on deadlines, qualitative targets, empty and negated completions."""

from __future__ import annotations

import pytest

from jixiao.assess import Verdict, judge

MET, NOT_MET, UNDET = Verdict.MET, Verdict.NOT_MET, Verdict.UNDETERMINED


def test_empty_completion_is_not_met():
    # a comparable target (number, rank, zero) scores 0; a grade or a claim has no ratio
    for target, ratio in (
        ("≥95%", 0.0),
        ("优", None),
        ("清零", 0.0),
        ("实现“两个确保”目标", None),
        ("前3", 0.0),
    ):
        j = judge(target, "")
        assert (j.verdict, j.explanation, j.ratio) == (NOT_MET, "未填报完成情况", ratio)
    assert judge("≥95%", "  \n ").verdict is NOT_MET


def test_empty_target_is_undetermined():
    j = judge("", "99%")
    assert (j.verdict, j.explanation) == (UNDET, "未填报预期目标，无法判断")


@pytest.mark.parametrize("actual", ["未完成", "尚未完成", "未达到目标", "没有实现"])
def test_a_completion_saying_not_done_is_not_met(actual: str):
    j = judge("≥95%", actual)
    assert j.verdict is NOT_MET
    assert actual in j.explanation


@pytest.mark.parametrize(
    ("target", "actual", "verdict"),
    [
        ("12月31日前完成", "已于11月30日完成", MET),
        ("12月31日前完成", "12月31日完成", MET),
        ("6月底前完成", "7月15日完成", NOT_MET),
        ("12月31日前完成", "次年1月15日完成", NOT_MET),
        ("年底前完成", "11月20日全部建成", MET),
        ("按时完成", "已按时完成", MET),
        ("按时完成", "如期完成全部任务", MET),
        ("按时完成", "项目延期至明年", NOT_MET),
        ("按时完成", "未按时完成", NOT_MET),
        ("按时完成", "已完成", UNDET),  # done, but when?
        ("及时办结", "办结及时率100%", MET),  # every case on time
        ("及时办结", "办结及时率96%", NOT_MET),
    ],
)
def test_deadlines(target: str, actual: str, verdict: Verdict):
    assert judge(target, actual).verdict is verdict


def test_deadline_explanations():
    assert (
        judge("12月31日前完成", "已于11月30日完成").explanation
        == "目标12月31日前完成，完成时间11月30日，在期限内，已达成"
    )
    assert (
        judge("按时完成", "已完成").explanation == "目标按时完成，完成情况未说明完成时间，无法判断"
    )


@pytest.mark.parametrize(
    ("target", "actual"),
    [
        ("实现“两个确保”目标", "已实现“两个确保”目标"),
        ("实现“两个确保”目标", "“两个确保”目标全面实现"),
        ("实现“两个确保”目标", "实现“两个确保”目标"),
        ("完成年度任务", "已完成"),
        ("确保完成三旧改造任务", "已完成三旧改造任务"),
        ("建成人才驿站", "全面完成"),
    ],
)
def test_qualitative_met_only_when_affirmed(target: str, actual: str):
    assert judge(target, actual).verdict is MET


@pytest.mark.parametrize(
    ("target", "actual"),
    [
        ("实现“两个确保”目标", "未实现“两个确保”目标"),
        ("实现“两个确保”目标", "“两个确保”目标尚未实现"),
    ],
)
def test_qualitative_denied_is_not_met(target: str, actual: str):
    assert judge(target, actual).verdict is NOT_MET


@pytest.mark.parametrize(
    ("target", "actual"),
    [
        ("实现“两个确保”目标", "组织开展根治欠薪冬季专项行动，对在建工程项目开展全覆盖检查"),
        ("提升服务水平", "开展窗口人员业务培训12次"),
        ("提升服务水平", "力争提升服务水平"),  # an aim restated is no result
    ],
)
def test_qualitative_otherwise_undetermined(target: str, actual: str):
    j = judge(target, actual)
    assert j.verdict is UNDET
    assert j.explanation.startswith(f"目标为{target}，完成情况")
    assert j.explanation.endswith("无法判断")


def test_qualitative_explanations():
    assert (
        judge("实现“两个确保”目标", "已实现“两个确保”目标").explanation
        == "目标为实现“两个确保”目标，完成情况表明已实现，已达成"
    )
    assert (
        judge("实现“两个确保”目标", "组织开展专项行动").explanation
        == "目标为实现“两个确保”目标，完成情况未说明是否已实现，无法判断"
    )
    assert (
        judge(
            "实现“两个确保”目标", "组织开展根治欠薪冬季专项行动，对在建工程全覆盖检查"
        ).explanation
        == "目标为实现“两个确保”目标，完成情况只列出了工作或数据，未说明是否已实现，无法判断"
    )


def test_long_texts_are_cut_in_explanations():
    actual = "石化路以西旧村改造项目全面清零，" * 5
    j = judge("清零", actual)
    assert j.verdict is MET
    assert "…" in j.explanation and len(j.explanation) < 70
