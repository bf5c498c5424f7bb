"""Key indicator verdicts, no_target, unmeasurable_indicator and category_mismatch."""

from __future__ import annotations

import pytest

from jixiao.assess.types import IndicatorVerdict, Verdict
from jixiao.checks import Severity, run_rule
from jixiao.checks.indicators import has_checkable_fact
from jixiao.model import Form
from tests.checks.forms import findings, make, with_indicator


def verdict(path: str, v: Verdict, target: str, actual: str, why: str) -> IndicatorVerdict:
    return IndicatorVerdict(
        verdict=v, explanation=why, path=path, name="", target_text=target, actual_text=actual
    )


# -- key indicator verdicts --------------------------------------------------


def test_not_met_key_indicator_message():
    form = make(
        key_indicators=[
            {"name": "劳动人事争议仲裁结案率", "expected_value": "≥90%", "completion": "87.6%"},
        ]
    )
    v = verdict(
        "key_indicators[0]", Verdict.NOT_MET, "≥90%", "87.6%", "目标≥90%，完成87.6%，未达成"
    )
    (f,) = run_rule("key_indicator_not_met", form, [v])
    assert f.path == "key_indicators[0]" and f.severity is Severity.WARNING
    assert f.message == (
        "第1项年度关键指标“劳动人事争议仲裁结案率”未达到指标值：目标≥90%，完成87.6%，未达成。"
    )
    # an explanation that does not quote the texts gets them in brackets
    v = verdict("key_indicators[0]", Verdict.NOT_MET, "≥90%", "87.6%", "低于目标")
    (f,) = run_rule("key_indicator_not_met", form, [v])
    assert "未达到指标值（指标值“≥90%”，完成情况“87.6%”）：低于目标。" in f.message


def test_met_and_task_verdicts_are_not_key_findings():
    vs = [
        verdict("key_indicators[0]", Verdict.MET, "≥40万份", "42.6万份", "达到"),
        verdict("tasks[0].indicators[1]", Verdict.NOT_MET, "≥80%", "72.4%", "低于目标"),
    ]
    assert run_rule("key_indicator_not_met", make(), vs) == []
    assert run_rule("key_indicator_undetermined", make(), vs) == []


def test_undetermined_key_indicator_says_why():
    form = make(
        key_indicators=[
            {
                "name": "根治欠薪工作成效",
                "expected_value": "实现“两个确保”目标",
                "completion": "组织开展根治欠薪冬季专项行动，对在建工程项目开展全覆盖检查",
            }
        ]
    )
    why = "完成情况只列举了工作措施，没有说明是否实现目标"
    v = verdict(
        "key_indicators[0]",
        Verdict.UNDETERMINED,
        form.key_indicators[0].expected_value,
        form.key_indicators[0].completion,
        why,
    )
    (f,) = run_rule("key_indicator_undetermined", form, [v])
    assert f.severity is Severity.INFO and f.path == "key_indicators[0]"
    assert "“根治欠薪工作成效”无法自动判断是否达成" in f.message
    assert why in f.message and "请人工核实" in f.message


def test_undetermined_with_an_empty_cell_is_left_to_missing_field():
    v = verdict("key_indicators[1]", Verdict.UNDETERMINED, "≥95%", "", "完成情况为空")
    assert run_rule("key_indicator_undetermined", make(), [v]) == []


# -- no_target -----------------------------------------------------------------


def test_no_target_is_one_summary():
    (f,) = findings("no_target", make())
    assert f.path == "tasks" and f.severity is Severity.INFO
    assert "共有7项" in f.message and "均无法自动判断" in f.message


def test_no_target_counts_judged_task_indicators():
    vs = [verdict("tasks[0].indicators[1]", Verdict.MET, "≥70%", "72.4%", "达到")]
    (f,) = run_rule("no_target", make(), vs)
    assert "共有7项" in f.message and "其中6项无法自动判断" in f.message


def test_no_target_skips_empty_indicators(seed_form: Form):
    (f,) = findings("no_target", seed_form)
    total = sum(1 for t in seed_form.tasks for i in t.indicators if i.completion.strip())
    assert total == 74 and f"共有{total}项" in f.message


# -- unmeasurable_indicator ------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "提升城市环境卫生干净整洁水平",
        "广泛深入开展健身活动",
        "营造良好的健康生活氛围，群众健康意识不断增强",
        "进一步优化服务流程，提升服务质量",
    ],
)
def test_vague_completions_are_unmeasurable(text: str):
    (f,) = findings("unmeasurable_indicator", with_indicator("社会效益指标", text))
    assert f.severity is Severity.INFO and f.path == "tasks[0].indicators[5]"
    assert text[:10] in f.message


@pytest.mark.parametrize(
    "text",
    [
        "开展健康讲座20场",
        "荣获消防业务比武竞赛单项一等奖",
        "未发生违规招聘问题",
        "石化路以西旧村改造项目全面“清零”",
        "研究制定了《文冲街城市市容环境整治专项行动工作方案》",
        "辖区水质持续达标",
        "第三方评估结果为优秀",
        "全区第一个成立网格党组织督导中心",
        "",
    ],
)
def test_checkable_completions_are_not_flagged(text: str):
    assert findings("unmeasurable_indicator", with_indicator("社会效益指标", text)) == []


def test_has_checkable_fact():
    assert has_checkable_fact("设立网格党支部93个")
    assert not has_checkable_fact("推进我街经济工作既快又好发展")


def test_seed_unmeasurable(seed_form: Form):
    paths = [f.path for f in findings("unmeasurable_indicator", seed_form)]
    assert "tasks[9].indicators[1]" in paths  # 提升城市环境卫生干净整洁水平
    assert "tasks[14].indicators[3]" in paths  # 广泛深入开展健身活动
    assert "tasks[5].indicators[4]" not in paths  # 制定防汛应急预案
    for t, task in enumerate(seed_form.tasks):
        for i, ind in enumerate(task.indicators):
            if any(c.isdigit() for c in ind.completion):
                assert f"tasks[{t}].indicators[{i}]" not in paths


def test_practice_has_no_unmeasurable(practice_form: Form):
    assert findings("unmeasurable_indicator", practice_form) == []


# -- category_mismatch -------------------------------------------------------------


@pytest.mark.parametrize(
    ("category", "text", "words"),
    [
        ("时效指标", "完成太阳能森林防火智能语音杆安装5套", "没有写明完成时间"),
        ("时效指标", "开展建党100周年系列庆祝活动近140场次", "没有写明完成时间"),
        ("成本指标", "开展义诊12次，受益居民约4000人", "没有写明金额"),
        ("满意度指标", "服务居家长者4000余人次", "没有写明满意度"),
    ],
)
def test_category_mismatch(category: str, text: str, words: str):
    (f,) = findings("category_mismatch", with_indicator(category, text))
    assert f.severity is Severity.INFO and words in f.message and f"“{category}”" in f.message


@pytest.mark.parametrize(
    ("category", "text"),
    [
        ("时效指标", "认定后30日内实现就业安置"),
        ("时效指标", "各项社会保险待遇按月足额发放"),
        ("时效指标", "文园南苑片剩余房屋动迁签约率达100%"),
        ("时效指标", "24小时自助服务区建设为全区街镇中最早建成的一批"),
        ("时效指标", "2022年6月底前完成全部建设任务"),
        ("时效指标", "推行简案快审，简易案件平均审理周期缩短至28天"),
        ("时效指标", "资助资金于每学期结束前发放到位"),
        ("时效指标", "汛期前完成全部排水设施清疏"),
        ("时效指标", "年内完成全部老旧小区改造"),
        ("成本指标", "补贴性职业技能培训人均补贴1,086元，控制在省定补贴标准以内"),
        ("成本指标", "项目支出控制在预算范围内"),
        ("满意度指标", "人社政务服务群众满意度98.7%"),
        ("满意度指标", "政务服务“好差评”好评率99.6%"),
        ("数量指标", "提升城市环境卫生干净整洁水平"),  # not this rule's business
        ("满意度指标", ""),  # empty_indicator's business
    ],
)
def test_category_fits(category: str, text: str):
    assert findings("category_mismatch", with_indicator(category, text)) == []


def test_seed_category_mismatch(seed_form: Form):
    paths = [f.path for f in findings("category_mismatch", seed_form)]
    assert paths == [
        "tasks[0].indicators[2]",
        "tasks[1].indicators[1]",
        "tasks[5].indicators[2]",
        "tasks[9].indicators[2]",
    ]


def test_practice_has_no_category_mismatch(practice_form: Form):
    assert findings("category_mismatch", practice_form) == []
