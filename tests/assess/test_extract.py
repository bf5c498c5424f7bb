"""extract_measures: every figure of a narrative text, with unit, kind and label."""

from __future__ import annotations

from decimal import Decimal

from jixiao.assess import Comparator, Kind, extract_measures


def summary(text: str) -> list[tuple[str, Kind, str | None, str | None]]:
    return [(m.text, m.kind, m.unit, m.label) for m in extract_measures(text)]


def test_each_figure_has_its_label():
    assert summary("受理4,862宗，结案4,259宗，结案率87.6%") == [
        ("4,862宗", Kind.COUNT, "宗", "受理"),
        ("4,259宗", Kind.COUNT, "宗", "结案"),
        ("87.6%", Kind.PERCENT, "%", "结案率"),
    ]


def test_label_drops_connectors_and_a_bound_keeps_its_comparator():
    ms = extract_measures("城镇登记失业率2.18%，控制在3.5%以内")
    assert [(m.label, m.value, m.comparator) for m in ms] == [
        ("城镇登记失业率", Decimal("2.18"), None),
        (None, Decimal("3.5"), Comparator.LE),
    ]
    ms = extract_measures("整体隐患办结率为99.3%，燃气类整治办结率100%")
    assert [m.label for m in ms] == ["整体隐患办结率", "燃气类整治办结率"]


def test_labels_run_from_the_previous_figure():
    ms = extract_measures("新引进各类人才3.46万人，其中博士、硕士研究生6,218人")
    assert [(m.label, m.value) for m in ms] == [
        ("新引进各类人才", Decimal(34600)),
        ("博士、硕士研究生", Decimal(6218)),
    ]
    ms = extract_measures("确诊病例0例、疑似病例0例")
    assert [(m.label, m.kind) for m in ms] == [("确诊病例", Kind.ZERO), ("疑似病例", Kind.ZERO)]


def test_rates_over_a_hundred_are_reported_as_printed():
    (m,) = extract_measures("城乡居民基本养老保险参保率103%，困难群体代缴实现应代尽代")
    assert (m.label, m.value, m.kind) == ("城乡居民基本养老保险参保率", Decimal(103), Kind.PERCENT)


def test_same_measure_in_different_units_has_the_same_value():
    a = extract_measures("全年城镇新增就业3.12万人")[0]
    b = extract_measures("城镇新增就业31,200人")[0]
    assert (a.value, a.unit) == (b.value, b.unit) == (Decimal(31200), "人")
    assert a.text == "3.12万人"


def test_ranks_in_narrative_with_scope():
    ms = extract_measures(
        "60岁以上老年人第一针覆盖率70%，第二针覆盖率全区排名第9名；"
        "18岁以上人群第三针加强针我街完成率达28.90%，全区排名第3"
    )
    assert [(m.kind, m.value, m.scope) for m in ms] == [
        (Kind.PERCENT, Decimal(70), None),
        (Kind.RANK, Decimal(9), "全区"),
        (Kind.PERCENT, Decimal("28.90"), None),
        (Kind.RANK, Decimal(3), "全区"),
    ]
    assert ms[1].label == "第二针覆盖率"
    # 达 in a completion states the value reached, not a bound
    assert ms[2].comparator is None


def test_scope_found_earlier_in_the_sentence():
    ms = extract_measures("整体隐患办结率为99.3%，在区各街镇中，排名并列第一")
    assert (ms[-1].kind, ms[-1].value, ms[-1].scope, ms[-1].qualifier) == (
        Kind.RANK,
        Decimal(1),
        "全区",
        "并列",
    )


def test_years_dates_codes_and_hotlines_are_not_figures():
    assert extract_measures("获评2021年度广东基层党建创新案例") == []
    assert extract_measures("辖内PM2.5平均浓度和PM10平均浓度均达到规定标准") == []
    # (2021) is a year and 第10期 an issue number; 一封 closing the clause is a count
    ms = extract_measures("《政务服务简报》（2021）第10期的通报中，收到表扬信一封")
    assert [(m.value, m.unit, m.label) for m in ms] == [(Decimal(1), "封", "收到表扬信")]
    assert extract_measures("举办建党100周年活动，60岁以上老人参加") == []
    ms = extract_measures("全年处理群众投诉案件1307宗，其中12319投诉432宗")
    assert [m.value for m in ms] == [1307, 432]  # 12319 is a hotline, not a count


def test_qualified_and_converted_figures():
    ms = extract_measures("拆除建构筑物面积累计5万平方米，移交集体土地约150亩")
    assert [(m.kind, m.value, m.qualifier) for m in ms] == [
        (Kind.AREA, Decimal(50000), None),
        (Kind.AREA, Decimal(100000), "约"),
    ]
    ms = extract_measures("开展建党100周年系列庆祝活动近140场次，吸引8500余人次参加")
    assert [(m.value, m.unit, m.qualifier) for m in ms] == [
        (Decimal(140), "场", "近"),
        (Decimal(8500), "人次", "余"),
    ]


def test_durations_and_levels():
    ms = extract_measures("平均审核发放时间由20个工作日压减至7个工作日")
    assert [(m.kind, m.value, m.unit) for m in ms] == [
        (Kind.DEADLINE, Decimal(20), "工作日"),
        (Kind.DEADLINE, Decimal(7), "工作日"),
    ]
    (m,) = extract_measures("河涌绿化管养水平达到管养标准2级")
    assert (m.kind, m.value) == (Kind.LEVEL, Decimal(2))


def test_empty_and_wordy_texts():
    assert extract_measures("") == []
    assert extract_measures("形成常态长效治理机制，让辖区交通出行习惯得到较大改善") == []


def test_labels_keep_words_that_end_like_connectors():
    assert extract_measures("劝导违规行为1351宗")[0].label == "劝导违规行为"
    assert extract_measures("培训人均补贴1,086元")[0].label == "培训人均补贴"
    assert extract_measures("避孕药具发放覆盖率为43.64%")[0].label == "避孕药具发放覆盖率"


def test_nei_after_a_count_starts_the_next_words():
    # "防汛挡板16个 内涝隐患点巡查600余次": 内 belongs to 内涝, not to 16个.
    ms = extract_measures("安装防汛挡板16个 内涝隐患点巡查600余次")
    assert [(m.label, m.comparator) for m in ms] == [
        ("安装防汛挡板", None),
        ("内涝隐患点巡查", None),
    ]
    (m,) = extract_measures("认定后30日内实现就业安置")
    assert (m.kind, m.comparator) == (Kind.DEADLINE, Comparator.LE)
