"""Plain-Chinese wording shared by the rules: numbers and places on the form."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from jixiao.checks.figures import join_wrapped
from jixiao.model import Form

FUNDS_LABELS = {
    "annual_budget": "年度预算数",
    "initial_budget": "年初预算数",
    "actual_expenditure": "实际支出数",
    "adjustment": "年度调整额",
    "general_public_budget": "一般公共预算",
    "execution_rate": "预算完成率",
    "adjustment_rate": "预算调整率",
}

FIELD_LABELS = {
    "title": "表名",
    "year": "年度",
    "unit": "金额单位",
    "department": "部门名称",
    "overall_goal": "年度整体目标",
    "overall_goal_completion": "整体目标完成情况",
    "problems": "存在问题",
    "improvement_measures": "改进措施",
}


def decimals_of(value: Decimal) -> int:
    exp = value.as_tuple().exponent
    return max(0, -exp) if isinstance(exp, int) else 0


def money(value: Decimal, places: int = 2) -> str:
    """28465.3 → '28,465.30'."""
    q = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"{q:,.{places}f}"


def pct(value: Decimal | float, places: int = 2) -> str:
    """A percentage as forms print it: 10.988… → '10.99%'."""
    q = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"{q}%"


def num(value: Decimal) -> str:
    """A plain number without trailing zeros: 168.0 → '168', 2.180 → '2.18'."""
    s = f"{value.normalize():f}"
    return s


_BLANKS_RE = re.compile(r"[ \t\u3000]+")


def quote(text: str, limit: int = 40) -> str:
    """A short excerpt in Chinese quotes, cut with an ellipsis."""
    # Runs of blanks become one first: the same result, in time linear in the text.
    t = re.sub(r"\s+", " ", join_wrapped(_BLANKS_RE.sub(" ", text or ""))).strip()
    if len(t) > limit:
        t = t[: limit - 1] + "…"
    return f"“{t}”"


_PATH_RE = re.compile(r"([a-z_]+)(?:\[(\d+)\])?")


def place(form: Form, path: str) -> str:
    """Where ``path`` is, in words a reviewer uses: 第4项主要任务“…”的第5项指标（可持续影响指标）."""
    parts = [(_m.group(1), _m.group(2)) for _m in _PATH_RE.finditer(path)]
    if not parts:
        return path
    head, idx = parts[0]
    if head == "funds":
        field = parts[1][0] if len(parts) > 1 else ""
        return f"部门资金情况的{FUNDS_LABELS.get(field, '')}" if field else "部门资金情况"
    if head in FIELD_LABELS:
        return FIELD_LABELS[head]
    if head == "key_indicators" and idx is not None:
        i = int(idx)
        name = form.key_indicators[i].name if i < len(form.key_indicators) else ""
        where = f"第{i + 1}项年度关键指标" + (f"“{name}”" if name else "")
        if len(parts) > 1:
            where += {
                "name": "的指标名称",
                "expected_value": "的指标值",
                "completion": "的完成情况",
            }.get(parts[1][0], "")
        return where
    if head == "tasks" and idx is not None:
        i = int(idx)
        task = form.tasks[i] if i < len(form.tasks) else None
        where = f"第{i + 1}项主要任务" + (f"“{task.name}”" if task and task.name else "")
        if len(parts) > 1:
            sub, sidx = parts[1]
            if sub == "indicators" and sidx is not None:
                j = int(sidx)
                cat = ""
                if task and j < len(task.indicators):
                    cat = task.indicators[j].category
                where += f"的第{j + 1}项指标" + (f"（{cat}）" if cat else "")
            else:
                where += {
                    "name": "的任务名称",
                    "expected_goal": "的预期目标",
                    "goal_completion": "的目标完成情况",
                    "funds": "的任务涉及资金",
                }.get(sub, "")
        return where
    if head == "tasks":
        return "主要任务"
    if head == "key_indicators":
        return "年度关键指标"
    return path
