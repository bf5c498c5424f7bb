"""judge() on ranks, grades and levels."""

from __future__ import annotations

import pytest

from jixiao.assess import Verdict, judge

MET, NOT_MET, UNDET = Verdict.MET, Verdict.NOT_MET, Verdict.UNDETERMINED


@pytest.mark.parametrize(
    ("target", "actual", "verdict", "ratio"),
    [
        ("前3", "前3", MET, 1.0),
        ("前3", "第2", MET, 1.0),
        ("全区前三", "全区第二", MET, 1.0),
        ("全市前3名", "全市第3名", MET, 1.0),
        ("全市前3名", "全市第5名", NOT_MET, 0.6),  # target place ÷ actual place
        ("前3", "排名并列第一", MET, 1.0),
        ("第1名", "全市第1名", MET, 1.0),
        ("第1名", "全市第2名", NOT_MET, 0.5),
        ("前3", "前5", UNDET, None),
        ("前5", "前3", MET, 1.0),
    ],
)
def test_rank_verdicts(target: str, actual: str, verdict: Verdict, ratio: float | None):
    j = judge(target, actual)
    assert (j.verdict, j.ratio) == (verdict, ratio)
    assert j.quantitative is (ratio is not None)


def test_rank_explanations():
    j = judge("全市前3名", "全市第5名", name="广州市就业工作目标责任制考核排名")
    assert j.explanation == "目标全市前3名，实际全市第5名，未达成（名次完成度60.0%）"
    assert judge("全区前三", "全区第二").explanation == "目标全区前三，实际全区第二，已达成"


def test_rank_picked_by_name_from_narrative():
    j = judge("前3", "避孕药具发放覆盖率43.64%，在全区街（镇）中排名第2", name="覆盖率排名")
    assert j.verdict is MET
    assert j.actual is not None and j.actual.scope == "全区"


def test_rank_scope_mismatch_is_undetermined():
    j = judge("全市前3名", "全区第2名")
    assert j.verdict is UNDET and "范围不同" in j.explanation


def test_rank_without_a_place_is_undetermined():
    j = judge("前3", "工作成效得到上级肯定")
    assert (j.verdict, j.explanation) == (UNDET, "目标前3，完成情况未给出名次，无法判断")
    j = judge("前3", "排名靠前")
    assert (j.verdict, j.explanation) == (UNDET, "目标前3，完成情况“靠前”不是确定的名次，无法判断")


@pytest.mark.parametrize(
    ("target", "actual", "verdict"),
    [
        ("优", "优", MET),
        ("优", "优秀", MET),
        ("优", "良", NOT_MET),
        ("良好及以上", "优秀", MET),
        ("良好及以上", "良好", MET),
        ("良好及以上", "合格", NOT_MET),
        ("合格", "验收合格", MET),
        ("合格", "考核结果为不合格", NOT_MET),
        ("良", "考核结果为优秀", MET),
    ],
)
def test_grade_verdicts(target: str, actual: str, verdict: Verdict):
    assert judge(target, actual).verdict is verdict


def test_grade_explanations():
    order = "（等次：优＞良＞中＞基本合格＞差）"
    assert judge("优", "优").explanation == f"目标优，完成优，与目标相同{order}，已达成"
    assert judge("优", "良").explanation == f"目标优，完成良，低于目标{order}，未达成"


def test_no_grade_in_the_completion_is_undetermined():
    j = judge("优", "获评2021年度广东基层党建创新案例", name="党建基层组织建设达标情况")
    assert j.verdict is UNDET
    assert j.explanation == "完成情况未给出等级，无法判断是否达到“优”"


@pytest.mark.parametrize(
    ("target", "actual", "verdict"),
    [
        ("达到2级", "2级", MET),
        ("达到2级", "河涌绿化管养水平达到管养标准2级", MET),
        ("二级", "2级", MET),
        ("达到2级", "3级", UNDET),  # whether 1 or 3 is the better level depends on the standard
        ("2级及以上", "3级", MET),
        ("2级及以上", "1级", NOT_MET),
        ("达到2级", "管养到位", UNDET),
    ],
)
def test_level_verdicts(target: str, actual: str, verdict: Verdict):
    assert judge(target, actual).verdict is verdict


def test_level_explanation():
    assert judge("达到2级", "2级").explanation == "目标达到2级，完成2级，级别相同，已达成"
    assert "级别数字的高低含义因标准而异" in judge("达到2级", "3级").explanation
