"""The reviewer's conventions (../shared/assess/README.md), one group of cases each.

Every case is worded afresh, from departments other than the practice pairs' (教育, 卫健,
水务, 交通, 应急管理, 税务, 文旅, 街道 …): the conventions are general rules, and each
group holds cases where the rule decides for and against.
"""

from __future__ import annotations

import pytest

from jixiao.assess import judge

M, N, U = "met", "not_met", "undetermined"


def check(name: str, target: str, actual: str, verdict: str, ratio: float | None, **kw) -> None:
    j = judge(target, actual, name=name, **kw)
    assert j.verdict.value == verdict, j.explanation
    if ratio is None:
        assert j.ratio is None, j.explanation
    else:
        assert j.ratio is not None and abs(j.ratio - ratio) <= 0.001, j.explanation
    assert j.explanation


# 1. Direction ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "target", "actual", "unit", "sign", "verdict", "ratio"),
    [
        ("中小学生近视率", "≤50%", "47.3%", None, None, M, 1.0),
        ("中小学生近视率", "50%", "53%", None, None, N, 0.9434),  # 近视率: lower is better
        ("高血压患者规范管理率", "≥60%", "58%", None, None, N, 0.9667),
        ("河长巡河率", "100", "100%", "%", "≧", M, 1.0),  # full-width ≧ in the sign column
        ("信访事项按期办结率", "95", "97%", "%", "＝", M, 1.0),  # = keeps the inferred direction
        ("安全事故死亡人数", "3", "5人", "人", "≦", N, 0.6),
        ("三公经费增幅", "0%", "-3.2%", None, None, M, 1.0),  # growth of a cost
        ("公用经费控制率", "100%", "96%", None, None, M, 1.0),  # within the quota
        ("公用经费控制率", "100%", "103%", None, None, N, 0.9709),
        ("行政复议被纠错率", "≤3%", "4%", None, None, N, 0.75),
        (
            "审批时限压缩率",
            "30%",
            "35%",
            None,
            None,
            M,
            1.0,
        ),  # a reduction achieved: more is better
        ("图书借阅量", "≥12万册", "11.4万册", None, "正向", N, 0.95),
    ],
)
def test_direction(name, target, actual, unit, sign, verdict, ratio):
    check(name, target, actual, verdict, ratio, unit=unit, sign=sign)


def test_sign_column_forms_are_read():
    for sign in ("≧", "＞＝", ">=", "≥", "+", "正向", "↑"):
        assert judge("90", "88%", unit="%", sign=sign, name="培训合格率").verdict.value == N
    for sign in ("≦", "<=", "-", "反向", "越低越好"):
        assert judge("5", "4%", unit="%", sign=sign, name="覆盖率").verdict.value == M
    with pytest.raises(ValueError, match="无法识别的方向"):
        judge("90", "88", sign="大概")


# 2. Ratio: points, declines --------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "target", "actual", "verdict", "ratio"),
    [
        ("森林覆盖率", "提高1个百分点", "提高0.8个百分点", N, 0.8),
        ("常住人口城镇化率", "提升2个百分点", "提升2.5个百分点", M, 1.0),
        ("空气质量优良天数比例", "提高2个百分点", "由85%提高到88%", M, 1.0),
        ("空气质量优良天数比例", "提高5个百分点", "由85%提高到88%", N, 0.6),
        ("税收收入增长率", "≥8%", "同比减少2.3%", N, 0.0),  # growth turned into a decline
        ("单位GDP能耗", "下降3%", "下降3.4%", M, 1.0),  # a fall is the target
        ("单位GDP能耗", "下降3%", "同比上升1.2%", N, 0.0),
        ("旅游综合收入", "增长10%", "增长9.5%", N, 0.95),
        ("义务教育学位", "100%", "126%", M, 1.0),  # capped at 1
    ],
)
def test_ratio(name, target, actual, verdict, ratio):
    check(name, target, actual, verdict, ratio)


# 3. Numbers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "target", "actual", "unit", "verdict", "ratio"),
    [
        ("培训农民工", "≥1200人次", "培训一千三百人次", None, M, 1.0),
        ("新建村级服务站", "≥15个", "建成十二个", None, N, 0.8),
        ("送医下乡义诊", "≥10场", "开展义诊八场", None, N, 0.8),
        ("帮扶低收入户", "≥100户", "帮扶一百余户", None, M, 1.0),
        ("发放救助金", "≥800万元", "0.09亿元", None, M, 1.0),
        ("发放救助金", "≥800万元", "7,650,000元", None, N, 0.9563),
        ("整治农村河道", "≥30公里", "整治河道28.5", None, N, 0.95),  # bare: the target's unit
        ("疏浚沟渠", "≥3万立方米", "疏浚2.7万立方米", None, N, 0.9),
        ("水土流失治理面积", "≥3000亩", "治理180公顷", None, N, 0.9),  # 15亩 a 公顷
        ("应急演练", "≥12次", "组织演练近20次", None, M, 1.0),
        ("应急演练", "≥12次", "组织演练10余次", None, U, None),  # 10余 may be under 12
        ("接诉即办响应时间", "≤30分钟", "平均响应时间0.4小时", None, M, 1.0),
        ("办税时长", "≤1小时", "平均办税时长70分钟", None, N, 0.8571),
        ("突发事件处置时间", "≤2小时", "平均处置时间1小时20分钟", None, M, 1.0),
        ("空气质量优良天数", "300天", "312天", None, M, 1.0),  # days of something wanted
        ("平均结案天数", "30天", "32天", None, N, 0.9375),
        ("义务教育巩固率", "≥99%", "0.996", None, M, 1.0),  # a fraction for a percent
        ("义务教育巩固率", "≥99%", "0.97", None, N, 0.9798),
        ("医保参保率", "≥95%", "百分之九十六", None, M, 1.0),
        ("医疗救助覆盖率", "百分之百", "100%", None, M, 1.0),
        ("游客接待量", "≥50", "48.5", "万人次", N, 0.97),  # the unit column gives both a unit
        ("公交线网长度", "≥120公里", "全年新辟线路125km", None, M, 1.0),
        ("发放消费券", "≥2000万元", "发放消费券2千万元", None, M, 1.0),
        ("门诊服务量", "≥10万人次", "9.5万", None, N, 0.95),  # its own 万, the target's unit
        ("人均预期寿命", "≥78岁", "78.6岁", None, M, 1.0),
        ("设计使用年限", "≥50年", "按50年设计", None, M, 1.0),  # 50年 is a span, 2023年 a year
        ("人均补助标准", "2000", "1800元/人", "元/人", N, 0.9),  # a compound unit column
        ("医疗救助覆盖率", "100%", "百分百", None, M, 1.0),
        ("不动产登记办理时限", "≤3个工作日", "当场办结", None, M, 1.0),  # at most a day
        ("警情响应时间", "≤2小时", "即时响应", None, U, None),  # a day may be more than 2 hours
        ("设施建设宽度", "≥4米", "≥4米", None, M, 1.0),  # the target restated with its sign
    ],
)
def test_numbers(name, target, actual, unit, verdict, ratio):
    check(name, target, actual, verdict, ratio, unit=unit)


def test_invisible_characters_inside_figures_are_dropped():
    assert judge("≥9\u200d0%", "9\ufeff5%").verdict.value == M
    assert judge("≥90%", "8\u200b5%").verdict.value == N


# 4. Which figure -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "target", "actual", "verdict", "ratio"),
    [
        ("医保参保率", "≥95%", "96.8%（上年为95.9%）", M, 1.0),
        ("医保参保率", "≥95%", "94.1%（去年同期96.2%）", N, 0.9905),
        ("群众满意率", "≥95%", "满意率96.5%，较上年提高1.2个百分点", M, 1.0),
        ("道路新建里程", "≥8公里", "计划新建8公里，实际建成9.2公里", M, 1.0),
        ("考核得分", "≥85分", "得分83分，比上年提高5分", N, 0.9765),
        ("家庭医生签约人数", "≥5000人", "走访居民8000人，签约家庭医生4600人", N, 0.92),
        ("达标率", "≥88%", "由85%提高到88%", M, 1.0),
        ("资金支付率", "≥95%", "已拨付资金320万元", U, None),  # an amount is not a rate
        ("项目数量", "≥3个", "新开工项目3个、续建项目5个", U, None),  # two candidates
    ],
)
def test_which_figure(name, target, actual, verdict, ratio):
    check(name, target, actual, verdict, ratio)


def test_two_remaining_candidates_are_named():
    j = judge("≥3个", "新开工项目3个、续建项目5个", name="项目数量")
    assert "新开工项目3个" in j.explanation and "续建项目5个" in j.explanation


# 5. Ranks ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "target", "actual", "verdict", "ratio"),
    [
        ("全省营商环境评价排名", "前10名", "全省第7名", M, 1.0),
        ("全市河长制考核排名", "全市前5", "全市第8", N, 0.625),
        ("全区文明创建测评", "前三名", "位居全区第一", M, 1.0),
        ("全市平安建设考评", "前5名", "全市第五", M, 1.0),
        ("教育质量评价排名", "前25%", "在16个区县中排名第3", M, 1.0),
        ("教育质量评价排名", "前10%", "第5名（共30个单位）", N, 0.6),
        ("教育质量评价排名", "前20%", "位于前15%", M, 1.0),
        ("教育质量评价排名", "前20%", "第3名", U, None),  # no field size: no percentile
        ("年度考评排名", "位居全市前列", "全市第2名", M, 1.0),
        ("年度考评排名", "名列前茅", "全市第9名", U, None),
        ("年度考评排名", "前三", "排名较上年前进2位", U, None),  # a change of rank
        ("年度考评排名", "前3名", "并列第3名", M, 1.0),
    ],
)
def test_ranks(name, target, actual, verdict, ratio):
    check(name, target, actual, verdict, ratio)


def test_rank_percentile_explanation():
    j = judge("前25%", "第4名（共20个区县）", name="考评排名")
    assert j.explanation == "第4名/共20个，前20%，在前25%以内，已达成"


# 6. Grades and levels ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "target", "actual", "verdict"),
    [
        ("年度考核", "良好及以上", "考核结果为合格", N),
        ("年度考核", "称职以上", "优秀", M),
        ("工程验收", "合格", "验收通过", M),
        ("工程验收", "合格", "经验收基本合格", N),
        ("工程验收", "合格", "未通过竣工验收", N),
        ("绩效评价结果", "优", "绩效评价得分93.5分", M),
        ("绩效评价结果", "良以上", "绩效评价得分76分", N),
        ("年度考核结果", "优秀", "年度考核得分95分", U),  # no fixed band for 考核
        ("服务对象评价", "满意", "基本满意", N),
        ("服务质量评价", "较好", "良好", M),
        ("等次", "优秀", "优秀率95%", U),  # a rate named 优秀率 is not the grade
        ("断面水质", "Ⅲ类", "Ⅱ类", M),
        ("断面水质", "达到Ⅲ类标准", "全年均值为Ⅳ类", N),
        ("饮用水源地水质", "达到II类", "稳定保持II类", M),
        ("景区创建", "创建5A级景区", "通过4A级景区评定", N),
        ("纳税信用等级", "A级", "评定为B级", N),
        ("示范创建", "省级", "获评国家级示范区", M),
        ("示范创建", "国家级", "获评市级", N),
        ("安全生产标准化达标", "三级", "取得二级证书", M),  # 一级 is the highest
        ("信息系统等级保护", "二级", "通过三级等保测评", M),  # a higher number protects more
        ("信息系统等级保护", "三级", "通过等保二级测评", N),
        ("农家乐星级评定", "四星级", "评为三星级", N),
        ("管养标准", "达到2级", "3级", U),  # a bare level number: the order is unknown
    ],
)
def test_grades_and_levels(name, target, actual, verdict):
    check(name, target, actual, verdict, None)


def test_grade_and_level_explanations_name_the_scale():
    j = judge("达到Ⅳ类", "断面水质达到Ⅲ类", name="河流断面水质")
    assert j.explanation == "水质类别Ⅲ类优于目标Ⅳ类（Ⅰ类＞Ⅱ类＞Ⅲ类＞Ⅳ类＞Ⅴ类＞劣Ⅴ类），已达成"
    j = judge("良及以上", "自评得分83分", name="项目自评结果")
    assert "≥90优，80–89.99良，60–79.99中，<60差" in j.explanation and "为良" in j.explanation
    j = judge("二级", "取得三级证书", name="安全生产标准化")
    assert "安全生产标准化等级" in j.explanation and "一级最高" in j.explanation


# 7. Deadlines and timeliness ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "target", "actual", "verdict", "ratio"),
    [
        ("校舍维修完工时间", "10月底前", "9月25日竣工", M, None),
        ("校舍维修完工时间", "第三季度", "10月15日完成", N, None),
        ("泵站开工时间", "上半年", "7月开工", N, None),
        ("改造工程", "2023年底前", "2024年1月完成", N, None),
        ("高龄津贴发放", "按季度发放", "每季度按时足额发放", M, None),
        ("救灾资金拨付", "及时", "资金到位后5个工作日内拨付到户", M, None),
        ("救灾资金拨付", "按时拨付", "已拨付", U, None),  # done, but when?
        ("水毁修复进度", "按计划推进", "完成计划进度的92%", N, 0.92),
        ("水毁修复进度", "年底前完成", "已完成主体结构，装修工程推进中", N, None),
        ("老旧小区改造", "年内完成", "受疫情影响顺延至次年3月", N, None),
        ("政务公开", "及时", "未及时更新", N, None),
        ("政务公开", "按时完成", "在规定时限内完成", M, None),
        ("年报编制", "3月底前", "一季度完成", M, None),
        ("办件时效", "按时办结", "办结及时率100%", M, 1.0),
        ("办件时效", "按时办结", "按时办结率97%", N, 0.97),
    ],
)
def test_deadlines(name, target, actual, verdict, ratio):
    check(name, target, actual, verdict, ratio)


def test_a_later_year_misses_this_years_deadline():
    assert judge("年底前完成", "2024年1月完成", year=2023).verdict.value == N
    assert judge("年底前完成", "2023年11月完成", year=2023).verdict.value == M


# 8. Zero targets ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "target", "actual", "verdict", "ratio"),
    [
        ("较大以上道路交通事故", "0起", "未发生", M, 1.0),
        ("群体性事件", "不发生", "发生1起群体性事件", N, 0.0),
        ("重大动物疫情", "无重大动物疫情发生", "发生一般动物疫情2起，已妥善处置", M, 1.0),
        ("涉税违法案件", "0件", "无", M, 1.0),
        ("校园安全事故", "0起", "零发生", M, 1.0),
        ("校园安全事故", "0", "发生校园欺凌事件1起", N, 0.0),
        ("违规使用资金", "无违规使用", "审计发现违规列支2笔", N, 0.0),
        ("食品安全事故", "杜绝", "全年食品安全形势总体平稳", U, None),
        ("学生辍学率", "0", "0.05%", N, 0.0),
        ("道路交通事故", "0", "全年发生交通事故0起，较上年减少3起", M, 1.0),  # a change
        ("重大森林火灾", "无", "无", M, 1.0),  # 无 as the target of a bad event: none
        ("重大森林火灾", "无", "发生1起", N, 0.0),
    ],
)
def test_zero_targets(name, target, actual, verdict, ratio):
    check(name, target, actual, verdict, ratio, unit="%" if name == "学生辍学率" else None)


# 9. Qualitative claims ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "target", "actual", "verdict"),
    [
        ("群众满意度", "提高", "群众满意度明显提高", M),
        ("生态环境", "明显改善", "有所改善", N),
        ("生态环境", "改善", "环境质量持续改善", M),
        ("生态环境", "改善", "环境质量未明显改善", N),
        ("生态环境", "改善", "有待进一步改善", N),
        ("就医负担", "减轻", "群众就医负担有所加重", N),
        ("办事效率", "提高", "办事效率与上年持平", N),
        ("投诉量", "减少", "投诉量同比下降12%", M),
        ("档案管理", "规范", "规范", M),
        ("档案管理", "规范", "基本规范", N),
        ("政策落实", "是", "部分落实", N),
        ("政策落实", "是", "已落实", M),
        ("是否按时公开", "是", "否", N),
        ("是否按时公开", "是", "已按时在门户网站公开", M),
        ("是否按时公开", "是", "未公开", N),
        ("制度建设", "健全", "达到预期目标", M),
        ("工作成效", "有效", "成效明显", M),
        ("服务质量", "持续提升", "未达预期", N),
        ("社会效益", "显著", "见附表", U),
        ("社会效益", "有效带动就业", "开展招聘会6场", U),
        ("群众获得感", "提升", "开展提升群众获得感专项行动", U),  # work done, not the effect
        ("长效机制", "建立", "已建立长效管护机制", M),
        ("信息公开", "公开透明", "力争做到公开透明", U),  # an aim, not a result
        ("是否按时公开", "是", "是，已在政府网站公开", M),
        ("是否按时公开", "是", "部分公开", N),  # a hedge
        ("竣工验收", "通过验收", "已通过省级验收", M),
        ("竣工验收", "通过验收", "尚未组织验收", N),  # 尚未 before a light verb
        ("可持续影响", "长期发挥作用", "长期", M),  # the claim's key word itself
        ("群众负担", "减轻负担", "减轻了群众负担", M),
        ("项目效果", "明显", "效果一般", N),
        ("项目效果", "明显", "尚未显现", N),
        ("项目效果", "显著", "待观察", U),
        ("影响期限", "长期", "短期", N),
        ("设施运行", "正常运行", "运行正常", M),  # the same claim the other way round
        ("设施运行", "正常运行", "未能正常运行", N),
    ],
)
def test_qualitative_claims(name, target, actual, verdict):
    check(name, target, actual, verdict, None)


# 10. Empty ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("actual", ["", "——", "／", "-", "无", " / "])
def test_empty_or_placeholder_completion_is_not_met(actual: str):
    j = judge("≥50万人次", actual, name="客流量")
    assert (j.verdict.value, j.ratio) == (N, 0.0)
    assert j.explanation.startswith("未填报完成情况")


def test_placeholder_target_is_undetermined():
    for target in ("", "/", "—"):
        j = judge(target, "98%", name="覆盖率")
        assert j.verdict.value == U and "预期目标" in j.explanation


def test_undetermined_always_says_what_is_missing():
    for target, actual in [
        ("≥95%", "工作有序推进"),
        ("前3", "排名靠前"),
        ("优", "获评先进集体"),
        ("按时完成", "已完成"),
        ("提升", "开展活动若干场"),
        ("不发生", "总体平稳"),
    ]:
        j = judge(target, actual)
        assert j.verdict.value == U
        assert "无法判断" in j.explanation or "无法确定" in j.explanation
        assert j.explanation.startswith(("目标", "完成情况"))


# Wordings found in a late review (each a rule, with a case for and against) --------------


@pytest.mark.parametrize(
    ("name", "target", "actual", "year", "verdict", "ratio"),
    [
        # a figure target answered with a hedge or "in progress" and no figure: not all of it
        ("整改完成率", "100%", "基本完成", None, N, None),
        ("项目完成率", "≥95%", "大部分完成，剩余部分正在推进", None, N, None),
        ("设施覆盖率", "100%", "基本实现全覆盖", None, N, None),
        ("设施覆盖率", "100%", "已全部覆盖", None, M, 1.0),  # 全部 is the whole
        # a plan with no date of its own is the form's year
        ("建设进度", "按计划推进", "项目已于年内竣工验收", None, M, None),
        ("建设进度", "按计划完成", "2023年11月完成并交付使用", 2023, M, None),
        ("建设进度", "按计划完成", "2024年3月完成验收", 2023, N, None),
        ("建设进度", "按计划推进", "9月开工建设", None, U, None),  # begun, not finished
        # a yes target answered with the name's own predicate
        ("预决算信息公开", "是", "已按规定在门户网站公开", None, M, None),
        ("预决算信息公开", "是", "尚未公开", None, N, None),
        ("资产登记入账", "是", "已全部登记入账", None, M, None),
        # kept within a bound, said with the bound's words
        ("会议费支出", "控制在预算内", "实际支出未超预算", None, M, None),
        ("会议费支出", "控制在预算内", "实际支出超出预算8.6万元", None, N, None),
        ("差旅费", "不超过核定标准", "严格执行，未超过核定标准", None, M, None),
        ("公用经费", "控制在年初预算以内", "支出控制在年初预算范围内", None, M, None),
        ("公用经费", "控制在年初预算以内", "未能控制在预算内", None, N, None),
        # a rate's whole said with the rate's own word
        ("资金到位率", "100%", "资金已全部到位", None, M, 1.0),
        ("验收合格率", "100%", "项目全部验收合格", None, M, 1.0),
        ("资金到位率", "100%", "资金未全部到位", None, N, None),
        ("资金到位率", "100%", "部分到位", None, N, None),
        # a zero target: the 无 that follows names another thing
        ("火灾事故", "0起", "发生火灾2起，无人员伤亡", None, N, 0.0),
        ("火灾事故", "0起", "全年无火灾事故发生", None, M, 1.0),
        # a rate from two counts: the part named by the rate's own word, the whole before it
        ("审计整改率", "100%", "应整改问题15个，已整改13个", None, N, 0.8667),
        ("隐患整改率", "≥95%", "共排查隐患120处，已整改销号118处", None, M, 1.0),
        ("投诉办结率", "≥98%", "受理投诉56件，办结56件", None, M, 1.0),
        ("审计整改率", "100%", "已整改13个，新发现问题2个", None, U, None),  # no whole
        ("审计整改率", "100%", "整改问题20个", None, U, None),  # one count only
    ],
)
def test_late_review_wordings(name, target, actual, year, verdict, ratio) -> None:
    check(name, target, actual, verdict, ratio, year=year)
