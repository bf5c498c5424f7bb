"""The labelled-figure extractor the checks use."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.checks.figures import FigureKind, extract_figures, label_key, normalize_text


def one(text: str):
    (fig,) = extract_figures(text)
    return fig


def test_label_and_connector():
    fig = one("城镇登记失业率控制在2.18%")
    assert fig.kind is FigureKind.PERCENT and fig.value == Decimal("2.18")
    assert fig.label == "城镇登记失业率" and fig.gap == "控制在" and fig.exact


def test_scale_and_base_value():
    fig = one("全年城镇新增就业3.12万人")
    assert fig.unit == "人" and fig.scale == 4 and fig.base_value == Decimal("31200")
    assert fig.tolerance == Decimal("50")
    assert label_key(fig.label) == "城镇新增就业"


def test_thousands_separator_and_money():
    fig = one("发放就业补贴6,512.37万元")
    assert fig.value == Decimal("6512.37") and fig.unit == "元" and fig.scale == 4


def test_yi_yuan():
    assert one("缓缴社会保险费4.37亿元").base_value == Decimal("437000000")


def test_previous_figure_ends_the_label():
    a, b = extract_figures("受理案件4,862宗结案4,259宗")
    assert a.label == "受理案件" and b.label == "结案"


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("开设课堂130余堂", "余"),
        ("吸引8500余人次参加", "余"),
        ("开展活动近140场次", "近"),
        ("消杀约850万平方米", "约"),
        ("群众满意度达95%以上", "以上"),
        ("失业率控制在3.5%以内", "以内"),
        ("满意度不低于90%", "不低于"),
        ("受益群众3万余人", "余"),
    ],
)
def test_approximate_and_bounded_figures(text: str, qualifier: str):
    fig = next(f for f in extract_figures(text) if f.kind is not FigureKind.DATE)
    assert fig.qualifier == qualifier and not fig.exact


def test_dates_ranges_and_ranks():
    figs = extract_figures(
        "截至12月8日，18-59岁人群第一针覆盖率达到168%，第二针覆盖率全区排名第9名"
    )
    kinds = [(f.text, f.kind) for f in figs]
    assert kinds[0] == ("12月", FigureKind.DATE) and kinds[1] == ("8日", FigureKind.DATE)
    assert kinds[2] == ("18", FigureKind.BARE)
    assert figs[3].text == "59岁" and figs[3].qualifier == "范围"
    assert figs[4].label == "人群第一针覆盖率"
    assert figs[4].gap == "达到"
    assert figs[5].kind is FigureKind.RANK and figs[5].label == "第二针覆盖率全区排名"


def test_duration_is_not_a_date():
    fig = one("认定后30日内实现就业安置")
    assert fig.kind is FigureKind.QUANTITY and fig.unit == "日"


def test_shared_label_with_fenbie():
    a, _b = extract_figures("失业保险、工伤保险参保人数分别达59.7万人、61.2万人")
    assert a.shared and a.label == "工伤保险参保人数"


def test_attributive_figure():
    a, b = extract_figures("我街辖内新增28家企业，产值增长52.61%")
    assert a.attributive and not b.attributive


def test_pm25_is_not_a_figure():
    figs = extract_figures("PM2.5平均浓度达标，排水单元达标率110%")
    assert [f.text for f in figs] == ["110%"]


def test_full_width_and_wrapped_text():
    assert normalize_text("强化社 会管理") == "强化社会管理"
    fig, rank = extract_figures("空岗信息发布完成率为３０８％，排名第 2")
    assert fig.value == 308 and fig.kind is FigureKind.PERCENT and fig.label == "空岗信息发布完成率"
    assert rank.kind is FigureKind.RANK and rank.value == 2


def test_label_key_drops_quotes_and_fillers():
    assert label_key("全年“黄埔人才卡”发放") == "黄埔人才卡发放"
    assert label_key("累计其中新增") == "新增"
    assert label_key("和谐劳动关系企业") == "和谐劳动关系企业"
    assert label_key("全年") == "全年"  # never stripped to nothing


def test_chinese_numerals_and_units_come_from_the_one_scanner():
    # the assess stage's scanner reads the numbers: Chinese numerals, 千, 百分比, km
    figs = extract_figures("开展宣讲三十二场，接待群众2千余人次，合格率98百分比，巡河126km")
    assert [(f.value, f.unit, f.scale, f.kind) for f in figs] == [
        (Decimal(32), "场", 0, FigureKind.QUANTITY),
        (Decimal(2), "人次", 3, FigureKind.QUANTITY),
        (Decimal(98), "%", 0, FigureKind.PERCENT),
        (Decimal(126), "km", 0, FigureKind.QUANTITY),
    ]
    assert figs[1].qualifier == "余" and figs[1].base_value == 2000
    assert figs[0].label == "开展宣讲"


def test_checks_and_verdicts_read_the_same_numbers():
    from jixiao.assess import Kind, extract_measures

    text = "建成村级服务站十二个，覆盖率达到96.5%，发放补贴1,186,400元"
    figs = extract_figures(text)
    measures = [m for m in extract_measures(text) if m.kind is not Kind.LEVEL]  # 村级
    assert [f.base_value for f in figs] == [Decimal(12), Decimal("96.5"), Decimal(1186400)]
    assert [m.value for m in measures] == [f.base_value for f in figs]


def test_invisible_characters_do_not_split_a_figure():
    (fig,) = extract_figures("参保率9\u200d8.5%")
    assert fig.value == Decimal("98.5") and fig.kind is FigureKind.PERCENT
