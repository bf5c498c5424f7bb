"""parse_measure on numbers: percent, counts, amounts, areas, comparators, qualifiers."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.assess import Comparator, Kind, parse_measure

GE, LE, GT, LT = Comparator.GE, Comparator.LE, Comparator.GT, Comparator.LT


@pytest.mark.parametrize(
    ("text", "comparator", "value"),
    [
        ("≥95%", GE, "95"),
        ("90%", None, "90"),
        ("≤3.5%", LE, "3.5"),
        ("93.80%", None, "93.80"),
        (">=90%", GE, "90"),
        ("<=5%", LE, "5"),
        ("≧90%", GE, "90"),
        ("不低于90%", GE, "90"),
        ("90%以上", GE, "90"),
        ("90%及以上", GE, "90"),
        ("达到95%", GE, "95"),
        ("达95%", GE, "95"),
        ("不高于5%", LE, "5"),
        ("不超过5%", LE, "5"),
        ("控制在3.5%以内", LE, "3.5"),
        ("5%以下", LE, "5"),
        ("低于5%", LT, "5"),
        ("高于90%", GT, "90"),
        ("超过90%", GT, "90"),
        ("百分之九十五", None, "95"),
    ],
)
def test_percent_targets(text: str, comparator, value: str):
    m = parse_measure(text)
    assert m.kind is Kind.PERCENT
    assert m.unit == "%"
    assert m.comparator == comparator
    assert m.value == Decimal(value)
    assert m.text == text


def test_full_width_digits_and_signs_are_read():
    m = parse_measure("≥１００％")
    assert (m.kind, m.comparator, m.value) == (Kind.PERCENT, GE, Decimal(100))
    assert parse_measure("９８．５％").value == Decimal("98.5")
    assert parse_measure("＞９０％").comparator is GT


@pytest.mark.parametrize(
    ("text", "kind", "value", "unit"),
    [
        ("≥2.5万人", Kind.COUNT, "25000", "人"),
        ("3.12万人", Kind.COUNT, "31200", "人"),
        ("2315人", Kind.COUNT, "2315", "人"),
        ("招聘工作人员586名", Kind.COUNT, "586", "人"),  # 名 counts people
        ("1.89万人次", Kind.COUNT, "18900", "人次"),
        ("1.2万家次", Kind.COUNT, "12000", "家次"),
        ("348宗", Kind.COUNT, "348", "宗"),
        ("96场", Kind.COUNT, "96", "场"),
        ("44场次", Kind.COUNT, "44", "场"),
        ("41项", Kind.COUNT, "41", "项"),
        ("1,473宗", Kind.COUNT, "1473", "宗"),
        ("1,234.5元", Kind.AMOUNT, "1234.5", "元"),
        ("6,512.37万元", Kind.AMOUNT, "65123700", "元"),
        ("1.36亿元", Kind.AMOUNT, "136000000", "元"),
        ("303290.77平方米", Kind.AREA, "303290.77", "平方米"),
        ("24.95万平方米", Kind.AREA, "249500", "平方米"),
        ("150亩", Kind.AREA, "100000", "平方米"),
        ("3亩", Kind.AREA, "2000", "平方米"),
        ("2公顷", Kind.AREA, "20000", "平方米"),
        ("≤30天", Kind.DEADLINE, "30", "天"),
        ("20个工作日内", Kind.DEADLINE, "20", "工作日"),
    ],
)
def test_counts_amounts_areas_convert_to_the_base_unit(text, kind, value, unit):
    m = parse_measure(text)
    assert (m.kind, m.value, m.unit) == (kind, Decimal(value), unit)


def test_mu_is_two_thirds_of_a_thousand_square_metres():
    assert parse_measure("1亩").value == Decimal("666.666667")


@pytest.mark.parametrize(
    ("text", "qualifier", "value"),
    [
        ("130余堂", "余", "130"),
        ("20多次", "多", "20"),
        ("近140场次", "近", "140"),
        ("约5万平方米", "约", "50000"),
        ("3万余人", "余", "30000"),
        ("95%左右", "左右", "95"),
        ("将近2000人次", "近", "2000"),
    ],
)
def test_qualifiers_are_kept(text: str, qualifier: str, value: str):
    m = parse_measure(text)
    assert m.qualifier == qualifier
    assert m.value == Decimal(value)


@pytest.mark.parametrize(
    ("text", "comparator", "value", "unit"),
    [
        ("三项", None, 3, "项"),
        ("不少于十二次", GE, 12, "次"),
        ("两场", None, 2, "场"),
        ("约十万人次", None, 100000, "人次"),
    ],
)
def test_chinese_numerals_in_a_one_figure_text(text, comparator, value, unit):
    m = parse_measure(text)
    assert (m.kind, m.comparator, m.value, m.unit) == (Kind.COUNT, comparator, value, unit)


def test_chinese_numerals_inside_words_are_not_figures():
    # 两个确保 is a slogan, 一次性 an adjective: no count in either.
    assert parse_measure("实现“两个确保”目标").kind is Kind.QUALITATIVE
    assert parse_measure("落实一次性扩岗补助政策").kind is Kind.QUALITATIVE


def test_unit_parameter_gives_bare_numbers_a_unit():
    m = parse_measure("≥90", unit="%")
    assert (m.kind, m.value, m.unit) == (Kind.PERCENT, Decimal(90), "%")
    m = parse_measure("2.5", unit="万人")
    assert (m.kind, m.value, m.unit) == (Kind.COUNT, Decimal(25000), "人")
    # a printed unit is kept
    assert parse_measure("3000人", unit="%").unit == "人"


def test_sign_parameter_sets_a_missing_comparator_only():
    assert parse_measure("5%", sign="-").comparator is LE
    assert parse_measure("5%", sign="<=").comparator is LE
    assert parse_measure("90%", sign="+").comparator is GE
    assert parse_measure("≥90%", sign="-").comparator is GE  # printed comparator wins
    with pytest.raises(ValueError, match="无法识别的方向"):
        parse_measure("90%", sign="up")


def test_zero_value_is_a_zero_measure():
    m = parse_measure("0次")
    assert (m.kind, m.value, m.unit) == (Kind.ZERO, Decimal(0), "次")
    assert parse_measure("0%").kind is Kind.ZERO
    assert parse_measure("≥0%").kind is Kind.PERCENT  # a lower bound of zero is no zero target
