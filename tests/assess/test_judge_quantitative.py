"""judge() on quantities: direction, ratio, picking the figure, units, approximations."""

from __future__ import annotations

import pytest

from jixiao.assess import Comparator, Verdict, judge

MET, NOT_MET, UNDET = Verdict.MET, Verdict.NOT_MET, Verdict.UNDETERMINED


def test_met_with_explicit_comparator():
    j = judge("≥95%", "99%", name="社会治理成效满意度")
    assert (j.verdict, j.ratio, j.quantitative) == (MET, 1.0, True)
    assert j.explanation == "目标≥95%，完成99%，已达成"


def test_not_met_gives_the_achievement_ratio():
    j = judge("≥90%", "87.6%", name="劳动人事争议仲裁结案率")
    assert (j.verdict, j.ratio) == (NOT_MET, 0.9733)
    assert j.explanation == "目标≥90%，完成87.6%，未达成（完成度97.3%）"


def test_a_bare_rate_means_at_least():
    j = judge("90%", "90%", name="规上企业报表申报合格率")
    assert (j.verdict, j.ratio) == (MET, 1.0)
    assert j.target is not None and j.target.comparator is Comparator.GE
    assert judge("100%", "98%", name="党群站验收合格率").verdict is NOT_MET


@pytest.mark.parametrize(
    "name", ["城镇登记失业率", "重大事故发生率", "群众投诉率", "窗口差错率", "预算调整率"]
)
def test_lower_is_better_rates_are_inferred_from_the_name(name: str):
    j = judge("3.5%", "2.18%", name=name)
    assert j.verdict is MET
    assert j.explanation == "目标≤3.5%，完成2.18%，已达成（越低越好）"
    j = judge("3.5%", "4.1%", name=name)
    assert (j.verdict, j.ratio) == (NOT_MET, 0.8537)
    assert j.explanation == "目标≤3.5%，完成4.1%，未达成（越低越好，完成度85.4%）"


def test_the_last_rate_word_decides_the_direction():
    # 费用报销及时率 is a timeliness rate: higher is better despite 费用.
    assert judge("95%", "98%", name="费用报销及时率").verdict is MET
    assert judge("95%", "98%", name="成本节约率").verdict is MET


def test_explicit_bound_wins_over_the_name():
    assert judge("≤3.5%", "2.18%", name="城镇登记失业率").verdict is MET
    assert judge("≥3.5%", "2.18%", name="城镇登记失业率").verdict is NOT_MET


def test_sign_parameter_overrides_inference():
    assert judge("5%", "3%", name="覆盖率", sign="-").verdict is MET
    assert judge("5%", "3%", name="覆盖率", sign="<=").verdict is MET
    assert judge("5%", "3%", name="失业率", sign="+").verdict is NOT_MET
    with pytest.raises(ValueError):
        judge("5%", "3%", sign="upwards")


def test_lower_is_better_quantities():
    j = judge("3起", "1起", name="安全事故控制数")
    assert (j.verdict, j.explanation) == (MET, "目标≤3起，完成1起，已达成（越低越好）")
    j = judge("≤30天", "平均审理周期缩短至28天", name="审理周期")
    assert j.verdict is MET and j.explanation.endswith("（越短越好）")
    assert judge("10个工作日", "12个工作日", name="审批时限").verdict is NOT_MET


def test_counts_with_wan_convert_before_comparing():
    j = judge("≥2.5万人", "3.12万人", name="城镇新增就业人数")
    assert (j.verdict, j.explanation) == (MET, "目标≥2.5万人，完成3.12万人，已达成")
    assert judge("≥20000人", "3.12万人").verdict is MET
    assert judge("≥1亿元", "发放创业担保贷款1.36亿元").verdict is MET
    assert judge("≥9000万元", "1.36亿元").verdict is MET
    assert judge("≥6万平方米", "移交集体土地约150亩").verdict is MET  # 150亩 = 10万平方米
    j = judge("≥2万人", "1.5万人")
    assert (j.verdict, j.ratio) == (NOT_MET, 0.75)


def test_unit_mismatch_is_undetermined():
    j = judge("≥90%", "3000人")
    assert j.verdict is UNDET
    assert j.explanation == "目标≥90%，完成情况的数值单位（人）与目标（%）不一致，无法判断"
    j = judge("≥1.5万人次", "1.89万人")
    assert j.verdict is UNDET and "人次" in j.explanation


def test_unit_parameter_for_bare_numbers():
    j = judge("90", "87.6", unit="%")
    assert j.verdict is NOT_MET and j.explanation.startswith("目标≥90%，完成87.6%")
    assert judge("2.5", "3.12", unit="万人").verdict is MET
    assert judge("≥90", "87.6").verdict is NOT_MET  # bare numbers compare as they are


def test_the_figure_matching_the_name_is_picked():
    j = judge("≥90%", "受理4,862宗，结案4,259宗，结案率87.6%", name="劳动人事争议仲裁结案率")
    assert (j.verdict, j.ratio) == (NOT_MET, 0.9733)
    assert j.actual is not None and j.actual.label == "结案率"
    assert j.explanation == "目标≥90%，完成结案率87.6%，未达成（完成度97.3%）"
    j = judge("≥95%", "整体隐患办结率为99.3%，燃气类整治办结率90%", name="隐患办结率")
    assert j.verdict is MET and "整体隐患办结率99.3%" in j.explanation


def test_a_restated_bound_gives_way_to_the_value():
    j = judge("≤3.5%", "城镇登记失业率2.18%，控制在3.5%以内", name="城镇登记失业率")
    assert j.verdict is MET and "2.18%" in j.explanation


def test_baselines_and_changes_give_way_to_the_value():
    j = judge("≤10个工作日", "平均审核发放时间由20个工作日压减至7个工作日", name="发放时间")
    assert j.verdict is MET and "7个工作日" in j.explanation
    j = judge(
        "≥66万人",
        "企业职工基本养老保险参保人数68.4万人，比上年增加3.1万人",
        name="企业职工基本养老保险参保人数",
    )
    assert j.verdict is MET and "68.4万人" in j.explanation


def test_several_equally_fitting_figures_are_undetermined():
    j = judge("≥95%", "办结率99.3%，整治率80%", name="满意度")
    assert j.verdict is UNDET
    assert "多个可比数值" in j.explanation and "办结率99.3%" in j.explanation
    assert j.ratio is None


def test_no_figure_in_the_completion():
    j = judge("≥95%", "群众普遍满意")
    assert (j.verdict, j.explanation) == (UNDET, "目标≥95%，完成情况未给出可比的数值，无法判断")
    assert judge("≥95%", "已完成").verdict is UNDET


def test_approximate_completions():
    assert judge("≥100堂", "开设课堂130余堂").verdict is MET
    assert judge("≥3万人", "参与人数3万余人").verdict is MET
    assert judge("≥140场次", "开展活动近140场次").verdict is NOT_MET
    j = judge("≥135堂", "开设课堂130余堂")  # 130余 is 131 to 139
    assert j.verdict is UNDET and "约数" in j.explanation
    assert judge("≥4万平方米", "约5万平方米").verdict is MET
    assert judge("≥95%", "群众满意度达95%以上").verdict is MET
    assert judge("≥98%", "群众满意度达95%以上").verdict is UNDET


def test_strict_bounds():
    j = judge("超过90%", "90%")
    assert j.verdict is NOT_MET and j.explanation.endswith("（须高于目标值）")
    assert judge("超过90%", "90.5%").verdict is MET
    assert judge("低于5%", "4.9%").verdict is MET


def test_over_fulfilment_is_capped_at_one():
    j = judge("100%", "126%", name="年度任务完成率")
    assert (j.verdict, j.ratio) == (MET, 1.0)


def test_chinese_numeral_target():
    j = judge("不少于十二次", "开展专题培训15次")
    assert j.verdict is MET
    j = judge("三项", "完成2项")
    assert (j.verdict, j.ratio) == (NOT_MET, 0.6667)


def test_full_width_pair():
    j = judge("≥９０％", "８７．６％")
    assert (j.verdict, j.ratio) == (NOT_MET, 0.9733)


def test_concentration_units_compare_within_their_family() -> None:
    j = judge("≤30微克/立方米", "PM2.5年均浓度26微克/立方米", name="PM2.5年均浓度")
    assert j.verdict == "met" and j.ratio == 1.0
    j = judge("≤35μg/m³", "0.04毫克/立方米", name="PM2.5年均浓度")
    assert j.verdict == "not_met"  # 0.04 mg/m³ = 40 μg/m³


def test_rates_per_hundred_thousand_are_not_ten_thousands() -> None:
    j = judge("≤10/10万", "8.5/10万", name="孕产妇死亡率")
    assert j.verdict == "met" and "10/10万" in j.explanation
    j = judge("≤10/10万", "12.3/10万", name="孕产妇死亡率")
    assert j.verdict == "not_met"


def test_per_mille_converts_to_percent() -> None:
    assert judge("≤3‰", "2.1‰", name="婴儿死亡率").verdict == "met"
    assert judge("≤0.3%", "2.1‰", name="婴儿死亡率").verdict == "met"
    assert judge("≤0.3%", "3.5‰", name="婴儿死亡率").verdict == "not_met"


def test_full_coverage_is_one_hundred_percent() -> None:
    j = judge("全覆盖", "覆盖率85%", name="覆盖率")
    assert j.verdict == "not_met" and j.explanation.startswith("目标全覆盖，")
    assert judge("100%", "已实现全覆盖", name="覆盖率").verdict == "met"
    assert judge("全覆盖", "实现全覆盖").verdict == "met"
    assert judge("全覆盖", "尚未全覆盖").verdict != "met"
