"""parse_measure on ranks, grades, levels, zero targets, deadlines and the rest."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.assess import Comparator, Kind, parse_measure

GE, LE, EQ = Comparator.GE, Comparator.LE, Comparator.EQ


@pytest.mark.parametrize(
    ("text", "comparator", "value", "scope", "qualifier"),
    [
        ("前3", LE, 3, None, None),
        ("前3名", LE, 3, None, None),
        ("全区前三", LE, 3, "全区", None),
        ("全市前3名", LE, 3, "全市", None),
        ("全市第5名", EQ, 5, "全市", None),
        ("全区第二", EQ, 2, "全区", None),
        ("第2", EQ, 2, None, None),
        ("排名第2", EQ, 2, None, None),
        ("排名并列第一", EQ, 1, None, "并列"),
        ("全省前十", LE, 10, "全省", None),
        ("第十二名", EQ, 12, None, None),
    ],
)
def test_ranks(text, comparator, value, scope, qualifier):
    m = parse_measure(text)
    assert m.kind is Kind.RANK
    assert (m.comparator, m.value, m.scope, m.qualifier) == (comparator, value, scope, qualifier)


@pytest.mark.parametrize(
    "text", ["第一针覆盖率70%", "第10期简报", "举办第三届职业技能大赛", "前三季度", "倒数第2"]
)
def test_ordinals_that_are_not_ranks(text: str):
    assert parse_measure(text).kind is not Kind.RANK


@pytest.mark.parametrize(
    ("text", "value", "comparator"),
    [
        ("优", 5, None),
        ("优秀", 5, None),
        ("良", 4, None),
        ("良好", 4, None),
        ("良好及以上", 4, GE),
        ("合格", 3, None),
        ("中等", 3, None),
        ("基本合格", 2, None),
        ("不合格", 1, None),
        ("差", 1, None),
        ("考核结果为优秀", 5, None),
        ("评为良好等次", 4, None),
        ("验收合格", 3, None),
    ],
)
def test_grades(text: str, value: int, comparator):
    # the place on the 等次 scale counted from the bottom: higher is better
    m = parse_measure(text)
    assert (m.kind, m.value, m.comparator, m.scale) == (Kind.GRADE, value, comparator, "grade")


@pytest.mark.parametrize(
    "text", ["优化营商环境", "获评2021年度广东基层党建创新案例", "验收合格率100%", "良性互动"]
)
def test_grade_words_inside_other_words_are_not_grades(text: str):
    assert parse_measure(text).kind is not Kind.GRADE


@pytest.mark.parametrize(
    ("text", "value", "comparator"),
    [("达到2级", 2, None), ("2级", 2, None), ("二级", 2, None), ("3级及以上", 3, GE)],
)
def test_levels(text: str, value: int, comparator):
    m = parse_measure(text)
    assert (m.kind, m.value, m.comparator) == (Kind.LEVEL, value, comparator)


def test_government_tiers_are_not_levels():
    assert parse_measure("市区两级联动").kind is not Kind.LEVEL
    assert parse_measure("全年应急等级响应36次").kind is Kind.COUNT


@pytest.mark.parametrize(
    "text",
    [
        "0次",
        "0例",
        "0起",
        "不发生",
        "确保不发生疫情、不输入疫情",
        "零发生",
        "清零",
        "无重大安全事故",
        "杜绝重大责任事故",
        "确诊病例0例、疑似病例0例",
    ],
)
def test_zero_targets(text: str):
    m = parse_measure(text)
    assert m.kind is Kind.ZERO
    assert m.value == 0


def test_no_is_not_zero_in_fixed_words():
    assert parse_measure("推行无纸化办公").kind is Kind.QUALITATIVE
    assert parse_measure("实现无障碍通行").kind is Kind.QUALITATIVE


@pytest.mark.parametrize(
    ("text", "value"),
    [("12月31日前", 1231), ("6月底前完成", 631), ("年底前完成", 1231), ("上半年完成", 630)],
)
def test_dated_deadlines(text: str, value: int):
    m = parse_measure(text)
    assert (m.kind, m.value) == (Kind.DEADLINE, Decimal(value))


@pytest.mark.parametrize("text", ["按时完成", "及时办结", "按期完成年度任务", "如期交付"])
def test_deadline_words(text: str):
    m = parse_measure(text)
    assert m.kind is Kind.DEADLINE
    assert m.value is None


@pytest.mark.parametrize(
    "text", ["实现“两个确保”目标", "提升城市环境卫生干净整洁水平", "", "   ", "完成年度任务"]
)
def test_everything_else_is_qualitative(text: str):
    m = parse_measure(text)
    assert m.kind is Kind.QUALITATIVE
    assert m.value is None
