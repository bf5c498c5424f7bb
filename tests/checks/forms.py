"""A small, consistent form to build check test cases from (realistic Chinese content)."""

from __future__ import annotations

import copy
from typing import Any

from jixiao.checks import Finding, run_rule
from jixiao.model import Form

BASE: dict[str, Any] = {
    "schema": "department-overall-self-evaluation/1",
    "title": "黄埔区广州开发区部门整体支出绩效自评表",
    "year": 2022,
    "unit": "万元",
    "department": "广州市黄埔区卫生健康局",
    "funds": {
        "annual_budget": 5210.40,
        "initial_budget": 4860.00,
        "actual_expenditure": 5002.35,
        "adjustment": 350.40,
        "general_public_budget": 4987.12,
        "execution_rate": 96.01,
        "adjustment_rate": 7.21,
    },
    "overall_goal": "巩固基本公共卫生服务，做好免疫规划和家庭医生签约服务，提升群众健康水平。",
    "overall_goal_completion": "全年建立居民电子健康档案42.6万份，适龄儿童免疫规划疫苗接种率98.5%，"
    "家庭医生签约服务覆盖率36.2%，群众满意度96.3%。",
    "key_indicators": [
        {"name": "居民电子健康档案建档数", "expected_value": "≥40万份", "completion": "42.6万份"},
        {"name": "适龄儿童免疫规划疫苗接种率", "expected_value": "≥95%", "completion": "98.5%"},
    ],
    "tasks": [
        {
            "name": "实施国家基本公共卫生服务项目",
            "expected_goal": "为辖区常住居民提供免费基本公共卫生服务，建立居民电子健康档案40万份以上。",
            "goal_completion": "建立居民电子健康档案42.6万份，规范管理高血压患者3.1万人。",
            "funds": 2860.55,
            "indicators": [
                {"category": "数量指标", "completion": "建立居民电子健康档案42.6万份"},
                {"category": "质量指标", "completion": "高血压患者规范管理率72.4%"},
                {"category": "时效指标", "completion": "服务经费按季度及时拨付到位"},
                {"category": "成本指标", "completion": "人均基本公共卫生服务经费89元"},
                {"category": "满意度指标", "completion": "服务对象满意度96.3%"},
            ],
        },
        {
            "name": "做好免疫规划工作",
            "expected_goal": "适龄儿童免疫规划疫苗接种率保持在95%以上。",
            "goal_completion": "适龄儿童免疫规划疫苗接种率98.5%，未发生疫苗针对传染病暴发疫情。",
            "funds": 1236.80,
            "indicators": [
                {"category": "数量指标", "completion": "全年接种免疫规划疫苗26.4万剂次"},
                {"category": "质量指标", "completion": "冷链设备完好率100%"},
            ],
        },
    ],
    "problems": "基层卫生人员不足，部分社区健康档案更新不及时。",
    "improvement_measures": "加强基层卫生队伍建设，推进健康档案动态更新。",
}


def make(**changes: Any) -> Form:
    """The base form with top-level changes; ``funds`` is merged, not replaced."""
    data = copy.deepcopy(BASE)
    for key, value in changes.items():
        if key == "funds":
            data["funds"].update(value)
        else:
            data[key] = value
    return Form.from_shared(data)


def with_indicator(category: str, completion: str, task: int = 0) -> Form:
    """The base form with one more indicator row on ``task``."""
    data = copy.deepcopy(BASE)
    data["tasks"][task]["indicators"].append({"category": category, "completion": completion})
    return Form.from_shared(data)


def with_task(**task: Any) -> Form:
    data = copy.deepcopy(BASE)
    base = {"name": "", "expected_goal": "", "goal_completion": "", "funds": 10.0, "indicators": []}
    base.update(task)
    data["tasks"].append(base)
    return Form.from_shared(data)


def findings(rule_id: str, form: Form) -> list[Finding]:
    return run_rule(rule_id, form, verdicts=[])
