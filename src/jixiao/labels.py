"""The form's printed labels, one table per concept.

Every stage that names a part of the form reads it here: the importer (which label
means which funds figure), the checks (messages), the path describer and the renderers
(the official table). Nothing here depends on the rest of jixiao.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FundsLabel:
    """One figure of 部门资金情况: its field, how the form prints it, how a sentence names it."""

    field: str
    printed: str  # the official table's label
    short: str  # in a sentence: 部门资金情况的年度预算数
    variants: tuple[str, ...] = ()  # other labels forms print for the same figure
    rate: bool = False  # a percentage (as printed), not money

    @property
    def labels(self) -> tuple[str, ...]:
        """Every label a form may print for this figure (without a leading 其中：)."""
        return (self.printed, self.short, *self.variants)


FUNDS: tuple[FundsLabel, ...] = (
    FundsLabel(
        "annual_budget", "整体支出年度预算数", "年度预算数", ("全年预算数", "年度预算", "全年预算")
    ),
    FundsLabel("initial_budget", "整体支出年初预算数", "年初预算数", ("年初预算",)),
    FundsLabel(
        "actual_expenditure",
        "实际支出数",
        "实际支出数",
        ("整体支出实际支出数", "全年执行数", "实际支出", "全年实际支出数", "全年支出数", "执行数"),
    ),
    FundsLabel(
        "adjustment",
        "年度调整额",
        "年度调整额",
        ("预算调整额", "调整额", "调整数", "年度调整数", "预算调整数"),
    ),
    FundsLabel(
        "general_public_budget",
        "其中：一般公共预算",
        "一般公共预算",
        ("一般公共预算支出", "一般公共预算拨款"),
    ),
    FundsLabel("execution_rate", "预算完成率", "预算完成率", ("预算执行率", "执行率"), rate=True),
    FundsLabel("adjustment_rate", "预算调整率", "预算调整率", ("调整率",), rate=True),
)
FUNDS_BY_FIELD: dict[str, FundsLabel] = {f.field: f for f in FUNDS}
FUNDS_FIELDS: tuple[str, ...] = tuple(f.field for f in FUNDS)
# The printed label of each figure, and the field each printed label (or variant) names.
FUNDS_PRINTED: dict[str, str] = {f.field: f.printed for f in FUNDS}
FUNDS_SHORT: dict[str, str] = {f.field: f.short for f in FUNDS}
FUNDS_BY_LABEL: dict[str, str] = {label: f.field for f in FUNDS for label in f.labels}
# The official table prints two label/value pairs per row.
FUNDS_ROWS: tuple[tuple[str, str | None], ...] = (
    ("annual_budget", "initial_budget"),
    ("actual_expenditure", "adjustment"),
    ("general_public_budget", None),
    ("execution_rate", "adjustment_rate"),
)

# Top-level parts of the form, as a sentence names them.
FIELD_LABELS: dict[str, str] = {
    "title": "表名",
    "year": "年度",
    "unit": "金额单位",
    "department": "部门名称",
    "funds": "部门资金情况",
    "overall_goal": "年度整体目标",
    "overall_goal_completion": "整体目标完成情况",
    "key_indicators": "年度关键指标",
    "tasks": "主要任务",
    "problems": "存在问题",
    "improvement_measures": "改进措施",
}
# Fields of a key indicator, a task and a task indicator, as a sentence names them.
KEY_INDICATOR_LABELS: dict[str, str] = {
    "name": "指标名称",
    "expected_value": "指标值",
    "completion": "完成情况",
}
TASK_LABELS: dict[str, str] = {
    "name": "任务名称",
    "expected_goal": "预期目标",
    "goal_completion": "目标完成情况",
    "funds": "任务涉及资金",
    "indicators": "关键指标",
}
INDICATOR_LABELS: dict[str, str] = {
    "category": "指标类别",
    "completion": "指标完成情况",
}


# A verdict and a finding's severity in Chinese, keyed by their codes (Verdict and
# Severity values); every report and command shows these words.
VERDICT_LABELS: dict[str, str] = {"met": "已达成", "not_met": "未达成", "undetermined": "无法判断"}
SEVERITY_LABELS: dict[str, str] = {"error": "错误", "warning": "警告", "info": "提示"}
