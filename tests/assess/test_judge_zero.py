"""judge() on zero targets (0次, 不发生, 清零, 杜绝 …)."""

from __future__ import annotations

import pytest

from jixiao.assess import Verdict, judge

MET, NOT_MET, UNDET = Verdict.MET, Verdict.NOT_MET, Verdict.UNDETERMINED


@pytest.mark.parametrize(
    ("target", "actual"),
    [
        ("0次", "0次"),
        ("清零", "清零"),
        ("清零", "石化路以西旧村改造项目全面“清零”"),
        ("确保不发生疫情、不输入疫情", "确诊病例0例、疑似病例0例"),
        ("不发生重大安全事故", "全年未发生重大安全事故"),
        ("不发生重大安全事故", "检查企业1433家次，未发生重大安全事故"),
        ("0起", "来穗人员或出租屋相关的较大责任性事件发生率为0"),
        ("杜绝违规招聘", "公开招聘全程接受纪检监督，未发生违规招聘问题"),
        ("零就业家庭动态清零", "零就业家庭发现一户、帮扶一户、动态清零"),
    ],
)
def test_zero_met(target: str, actual: str):
    j = judge(target, actual)
    assert j.verdict is MET, j.explanation
    assert j.ratio == 1.0  # a zero target met scores 1


@pytest.mark.parametrize(
    ("target", "actual"),
    [
        ("0次", "2次"),
        ("0起", "发生1起"),
        ("不发生重大安全事故", "全年发生重大安全事故1起"),
        ("清零", "尚未清零"),
        ("0例", "1例"),
        # the 未发生 is about another thing (casualties); the accidents are the kind named
        ("不发生安全事故", "发生事故2起，未发生人员伤亡"),
    ],
)
def test_zero_not_met(target: str, actual: str):
    j = judge(target, actual)
    assert (j.verdict, j.ratio) == (NOT_MET, 0.0)


@pytest.mark.parametrize(
    ("target", "actual", "why"),
    [
        ("确保不发生疫情、不输入疫情", "确诊病例0例、疑似病例2例", "另有非零数值"),
        ("杜绝重大事故", "加强安全检查", "未说明是否发生"),
        ("不发生安全事故", "发生事故2起，未发生事故造成的人员伤亡", "既有为零的表述也有非零数值"),
    ],
)
def test_zero_undetermined(target: str, actual: str, why: str):
    j = judge(target, actual)
    assert j.verdict is UNDET
    assert why in j.explanation


def test_zero_explanations():
    assert judge("0次", "0次").explanation == "目标0次，完成0次，已达成"
    assert judge("0次", "发生1起").explanation == "目标0次，完成发生1起，未达成"
    assert (
        judge("确保不发生疫情、不输入疫情", "确诊病例0例、疑似病例0例").explanation
        == "目标确保不发生疫情、不输入疫情，完成确诊病例0例、疑似病例0例，已达成"
    )


def test_counts_of_other_things_do_not_break_a_zero_target():
    # 检查1433家次 is work done, not an incident.
    j = judge("重大安全事故0起", "检查企业1433家次，未发生重大安全事故")
    assert j.verdict is MET
