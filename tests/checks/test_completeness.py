"""missing_field and empty_indicator."""

from __future__ import annotations

import copy

import pytest

from jixiao.checks import Severity
from jixiao.checks.completeness import is_blank
from jixiao.model import Form
from tests.checks.forms import BASE, findings, make, with_indicator, with_task


def test_base_form_is_complete():
    assert findings("missing_field", make()) == []
    assert findings("empty_indicator", make()) == []


@pytest.mark.parametrize("text", ["", "  ", "/", "—", "——", "-", "无", "暂无", " ／ "])
def test_placeholders_are_blank(text: str):
    assert is_blank(text)


@pytest.mark.parametrize("text", ["0", "无重大安全事故", "100%", "无确诊病例"])
def test_real_content_is_not_blank(text: str):
    assert not is_blank(text)


@pytest.mark.parametrize(
    ("field", "value", "path", "words"),
    [
        ("title", "", "title", "表名未填写"),
        ("department", " ", "department", "部门名称未填写"),
        ("unit", "", "unit", "金额单位未填写"),
        ("year", None, "year", "年度未填写"),
        ("overall_goal", "", "overall_goal", "年度整体目标为空"),
        ("overall_goal_completion", "/", "overall_goal_completion", "整体目标完成情况只填写了“/”"),
        ("problems", "", "problems", "存在问题为空"),
        ("improvement_measures", "无", "improvement_measures", "改进措施只填写了“无”"),
    ],
)
def test_missing_top_level_fields(field: str, value, path: str, words: str):
    (f,) = findings("missing_field", make(**{field: value}))
    assert f.path == path and f.severity is Severity.ERROR
    assert words in f.message


def test_missing_funds_figure():
    (f,) = findings("missing_field", make(funds={"general_public_budget": None}))
    assert f.path == "funds.general_public_budget"
    assert "一般公共预算未填写" in f.message


def test_key_indicator_without_name_target_or_completion():
    form = make(
        key_indicators=[
            {"name": "", "expected_value": "≥95%", "completion": "98%"},
            {"name": "家庭医生签约服务覆盖率", "expected_value": "", "completion": "36.2%"},
            {"name": "孕产妇系统管理率", "expected_value": "≥90%", "completion": ""},
        ]
    )
    got = findings("missing_field", form)
    assert [f.path for f in got] == [
        "key_indicators[0].name",
        "key_indicators[1].expected_value",
        "key_indicators[2].completion",
    ]
    assert all(f.severity is Severity.ERROR for f in got)
    assert "“家庭医生签约服务覆盖率”没有填写指标值" in got[1].message


def test_task_without_name_or_goals():
    got = findings(
        "missing_field",
        with_task(name="", indicators=[{"category": "数量指标", "completion": "开展义诊12次"}]),
    )
    assert [f.path for f in got] == [
        "tasks[2].name",
        "tasks[2].expected_goal",
        "tasks[2].goal_completion",
    ]
    assert all(f.severity is Severity.ERROR for f in got)


def test_task_without_indicators():
    got = findings(
        "missing_field",
        with_task(
            name="开展爱国卫生运动", expected_goal="创建卫生街道", goal_completion="完成创建"
        ),
    )
    assert [f.path for f in got] == ["tasks[2].indicators"]


def test_sub_task_under_a_merged_name_cell_may_share_the_goal_cells():
    form = with_task(
        name="做好免疫规划工作",
        funds=120.0,
        indicators=[{"category": "数量指标", "completion": "开展预防接种宣传45场"}],
    )
    got = findings("missing_field", form)
    assert [(f.path, f.severity) for f in got] == [
        ("tasks[2].expected_goal", Severity.INFO),
        ("tasks[2].goal_completion", Severity.INFO),
    ]
    assert "与第2项主要任务同属一个合并的任务名称单元格" in got[0].message


def test_seed_sub_task_goal_cells_are_info_only(seed_form: Form):
    got = findings("missing_field", seed_form)
    assert [(f.path, f.severity) for f in got] == [
        ("tasks[12].expected_goal", Severity.INFO),
        ("tasks[12].goal_completion", Severity.INFO),
    ]


def test_indicator_without_category():
    (f,) = findings("missing_field", with_indicator("", "开展健康讲座20场"))
    assert f.path == "tasks[0].indicators[5].category" and f.severity is Severity.WARNING


def test_empty_indicator_practice(practice_form: Form):
    (f,) = findings("empty_indicator", practice_form)
    assert f.path == "tasks[3].indicators[4]" and f.severity is Severity.ERROR
    assert "“构建和谐劳动关系化解劳动争议”的第5项指标（可持续影响指标）" in f.message


def test_empty_indicators_seed(seed_form: Form):
    got = findings("empty_indicator", seed_form)
    assert [f.path for f in got] == [
        "tasks[3].indicators[4]",
        "tasks[10].indicators[8]",
        "tasks[11].indicators[1]",
        "tasks[12].indicators[1]",
    ]
    assert "（满意度指标）" in got[1].message


def test_placeholder_indicator_is_empty():
    (f,) = findings("empty_indicator", with_indicator("时效指标", "/"))
    assert "只填写了“/”" in f.message


def test_missing_everything_form():
    data = copy.deepcopy(BASE)
    data["key_indicators"] = []
    data["tasks"] = []
    got = findings("missing_field", Form.from_shared(data))
    assert [f.path for f in got] == ["key_indicators", "tasks"]
