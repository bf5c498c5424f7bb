"""narrative_mismatch: one measure, two different values, two places."""

from __future__ import annotations

import copy

import pytest

from jixiao.checks import Severity
from jixiao.checks.figures import FigureKind
from jixiao.checks.narrative import measure_key
from jixiao.model import Form
from tests.checks.forms import BASE, findings, make


def test_base_form_agrees_with_itself():
    assert findings("narrative_mismatch", make()) == []


def test_seed_and_practice_have_no_contradictions(seed_form: Form, practice_form: Form):
    assert findings("narrative_mismatch", seed_form) == []
    assert findings("narrative_mismatch", practice_form) == []


def test_overall_completion_against_key_indicator():
    form = make(
        overall_goal_completion="全年建立居民电子健康档案42.6万份，适龄儿童免疫规划疫苗接种率97.2%。"
    )
    # the key indicator and the task both say 98.5%: the odd place is the overall completion
    (f,) = findings("narrative_mismatch", form)
    assert f.severity is Severity.WARNING and f.path == "overall_goal_completion"
    assert f.message == (
        "同一指标“适龄儿童免疫规划疫苗接种率”在表中填写的数值不一致：整体目标完成情况为"
        "“适龄儿童免疫规划疫苗接种率97.2%”，而第2项年度关键指标“适龄儿童免疫规划疫苗接种率”"
        "为“98.5%”，第2项主要任务“做好免疫规划工作”的目标完成情况为“适龄儿童免疫规划疫苗接种率"
        "98.5%”。请核实哪一个正确并统一。"
    )


def test_two_place_contradiction_is_reported_at_the_later_place():
    data = copy.deepcopy(BASE)
    data["key_indicators"][1]["completion"] = "97.0%"
    data["tasks"][1]["goal_completion"] = "适龄儿童免疫规划疫苗接种率98.5%"
    data["overall_goal_completion"] = "全年建立居民电子健康档案42.6万份。"
    (f,) = findings("narrative_mismatch", Form.from_shared(data))
    assert f.path == "tasks[1].goal_completion"
    assert "97.0%" in f.message and "98.5%" in f.message


def test_task_goal_completion_against_its_indicator():
    data = copy.deepcopy(BASE)
    data["tasks"][0]["indicators"][0]["completion"] = "建立居民电子健康档案41.8万份"
    (f,) = findings("narrative_mismatch", Form.from_shared(data))
    # the overall completion and the goal completion both say 42.6万份
    assert f.path == "tasks[0].indicators[0]"
    assert "41.8万份" in f.message and "42.6万份" in f.message


def test_units_are_converted_and_rounding_allowed():
    data = copy.deepcopy(BASE)
    data["tasks"][0]["indicators"][0]["completion"] = "建立居民电子健康档案425,960份"
    assert findings("narrative_mismatch", Form.from_shared(data)) == []
    data["tasks"][0]["indicators"][0]["completion"] = "建立居民电子健康档案412,000份"
    assert len(findings("narrative_mismatch", Form.from_shared(data))) >= 1


def test_different_units_are_not_compared():
    # 人 and 人次 are different measures
    data = copy.deepcopy(BASE)
    data["tasks"][0]["goal_completion"] = "规范管理高血压患者3.1万人"
    data["tasks"][0]["indicators"][1]["completion"] = "规范管理高血压患者4.6万人次"
    assert findings("narrative_mismatch", Form.from_shared(data)) == []


def test_two_tasks_are_different_subjects():
    data = copy.deepcopy(BASE)
    data["tasks"][0]["indicators"][4]["completion"] = "服务对象满意度96.3%，家长培训参与满意度90.1%"
    data["tasks"][1]["indicators"][1]["completion"] = "家长培训参与满意度97.5%"
    assert findings("narrative_mismatch", Form.from_shared(data)) == []


@pytest.mark.parametrize(
    ("overall", "task"),
    [
        ("结案率87.6%", "结案率90.1%"),  # generic: which cases?
        ("群众满意度96%", "群众满意度98%"),  # generic: which service?
        ("全区排名第3", "全区排名第5"),  # generic rank
        ("服务群众约4000人", "服务群众4200人"),  # approximate
        ("开设课堂130余堂", "开设课堂150堂"),  # approximate
        ("失业、工伤保险参保人数分别达59.7万人、61.2万人", "工伤保险参保人数60.3万人"),
        ("新增28家企业", "新增30家企业"),  # the figure counts the noun after it
    ],
)
def test_vague_or_approximate_statements_are_not_compared(overall: str, task: str):
    data = copy.deepcopy(BASE)
    data["overall_goal_completion"] = overall
    data["tasks"][0]["goal_completion"] = task
    assert findings("narrative_mismatch", Form.from_shared(data)) == []


def test_rank_contradiction():
    data = copy.deepcopy(BASE)
    data["overall_goal_completion"] = "基本公共卫生服务项目绩效考核全市排名第2名。"
    data["tasks"][0]["goal_completion"] = "基本公共卫生服务项目绩效考核全市排名第4名。"
    (f,) = findings("narrative_mismatch", Form.from_shared(data))
    assert "绩效考核全市排名第2名" in f.message and "绩效考核全市排名第4名" in f.message
    assert f.path == "tasks[0].goal_completion"


def test_one_odd_place_is_reported_once():
    data = copy.deepcopy(BASE)
    data["overall_goal_completion"] = (
        "适龄儿童免疫规划疫苗接种率97.2%；适龄儿童免疫规划疫苗接种率97.2%。"
    )
    got = findings("narrative_mismatch", Form.from_shared(data))
    assert [f.path for f in got] == ["overall_goal_completion"]


@pytest.mark.parametrize(
    ("label", "kind", "key"),
    [
        ("全年城镇新增就业", FigureKind.QUANTITY, "城镇新增就业"),
        ("城镇新增就业人数", FigureKind.QUANTITY, "城镇新增就业"),
        ("城镇登记失业率", FigureKind.PERCENT, "城镇登记失业率"),
        ("结案率", FigureKind.PERCENT, None),
        ("党员占比", FigureKind.PERCENT, None),
        ("群众满意度", FigureKind.PERCENT, None),
        ("同比增长", FigureKind.PERCENT, None),
        ("全区排名", FigureKind.RANK, None),
        ("在全区街镇中排名", FigureKind.RANK, None),
        ("第二针覆盖率全区排名", FigureKind.RANK, "第二针覆盖率全区排名"),
    ],
)
def test_measure_key(label: str, kind: FigureKind, key: str | None):
    assert measure_key(label, kind) == key
