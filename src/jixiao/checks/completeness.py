"""Rules on what the form leaves empty: required texts, figures and indicator completions."""

from __future__ import annotations

from collections.abc import Iterator

from jixiao.cells import is_blank
from jixiao.checks.registry import CheckContext, rule
from jixiao.checks.types import Finding, Severity
from jixiao.checks.wording import quote
from jixiao.labels import FIELD_LABELS, FUNDS_FIELDS, FUNDS_SHORT
from jixiao.paths import describe_path as place

_TEXT_FIELDS = (
    "title",
    "department",
    "unit",
    "overall_goal",
    "overall_goal_completion",
    "problems",
    "improvement_measures",
)


def _said(text: str) -> str:
    t = (text or "").strip()
    return f"只填写了{quote(t)}" if t else "为空"


@rule("missing_field", Severity.ERROR, "必填内容未填写")
def missing_field(ctx: CheckContext) -> Iterator[Finding]:
    form = ctx.form
    for field in _TEXT_FIELDS[:3]:
        if is_blank(getattr(form, field)):
            yield ctx.finding("missing_field", field, f"{FIELD_LABELS[field]}未填写。")
    if form.year is None:
        yield ctx.finding("missing_field", "year", "年度未填写。")
    for field in FUNDS_FIELDS:
        if getattr(form.funds, field) is None:
            yield ctx.finding(
                "missing_field",
                f"funds.{field}",
                f"部门资金情况的{FUNDS_SHORT[field]}未填写（或未能读出），无法核对资金数据。",
            )
    for field in _TEXT_FIELDS[3:5]:
        if is_blank(getattr(form, field)):
            yield ctx.finding(
                "missing_field", field, f"{FIELD_LABELS[field]}{_said(getattr(form, field))}。"
            )
    yield from _key_indicators(ctx)
    yield from _tasks(ctx)
    for field in _TEXT_FIELDS[5:]:
        if is_blank(getattr(form, field)):
            yield ctx.finding(
                "missing_field", field, f"{FIELD_LABELS[field]}{_said(getattr(form, field))}。"
            )


def _key_indicators(ctx: CheckContext) -> Iterator[Finding]:
    form = ctx.form
    if not form.key_indicators:
        yield ctx.finding("missing_field", "key_indicators", "表中没有任何年度关键指标。")
    for i, k in enumerate(form.key_indicators):
        where = place(form, f"key_indicators[{i}]")
        if is_blank(k.name):
            yield ctx.finding(
                "missing_field", f"key_indicators[{i}].name", f"{where}没有指标名称。"
            )
        if is_blank(k.expected_value):
            yield ctx.finding(
                "missing_field",
                f"key_indicators[{i}].expected_value",
                f"{where}没有填写指标值（目标），无法判断是否达成。",
            )
        if is_blank(k.completion):
            yield ctx.finding(
                "missing_field",
                f"key_indicators[{i}].completion",
                f"{where}的完成情况{_said(k.completion)}。",
            )


def _tasks(ctx: CheckContext) -> Iterator[Finding]:
    form = ctx.form
    if not form.tasks:
        yield ctx.finding("missing_field", "tasks", "表中没有任何主要任务。")
    above = {f: _siblings_above(ctx, f) for f in ("expected_goal", "goal_completion")}
    for i, task in enumerate(form.tasks):
        where = place(form, f"tasks[{i}]")
        if is_blank(task.name):
            yield ctx.finding("missing_field", f"tasks[{i}].name", f"{where}没有任务名称。")
        for field, label in (("expected_goal", "预期目标"), ("goal_completion", "目标完成情况")):
            if not is_blank(getattr(task, field)):
                continue
            if above[field][i] is not None:
                yield ctx.finding(
                    "missing_field",
                    f"tasks[{i}].{field}",
                    f"{where}的{label}为空。它与第{above[field][i] + 1}项主要任务同属一个合并的任务名称"
                    f"单元格，可能与之共用{label}；如该子任务另有{label}，应单独填写。",
                    Severity.INFO,
                )
            else:
                yield ctx.finding(
                    "missing_field", f"tasks[{i}].{field}", f"{where}的{label}未填写。"
                )
        if not task.indicators:
            yield ctx.finding(
                "missing_field", f"tasks[{i}].indicators", f"{where}没有填写任何关键指标。"
            )
        for j, ind in enumerate(task.indicators):
            if is_blank(ind.category) and not is_blank(ind.completion):
                yield ctx.finding(
                    "missing_field",
                    f"tasks[{i}].indicators[{j}].category",
                    f"{place(form, f'tasks[{i}].indicators[{j}]')}没有指标类别"
                    f"（完成情况为{quote(ind.completion)}）。",
                    Severity.WARNING,
                )


def _siblings_above(ctx: CheckContext, field: str) -> list[int | None]:
    """For each task, the nearest task above it under the same merged name cell that fills
    ``field`` (None when there is none). One pass down the tasks."""
    found: list[int | None] = []
    name = ""
    last: int | None = None  # the last task of the current name run that fills field
    for i, task in enumerate(ctx.form.tasks):
        here = task.name.strip()
        if i == 0 or here != name:
            name, last = here, None
        found.append(last if here else None)
        if not is_blank(getattr(task, field)):
            last = i
    return found


@rule("empty_indicator", Severity.ERROR, "任务指标没有填写完成情况")
def empty_indicator(ctx: CheckContext) -> Iterator[Finding]:
    form = ctx.form
    for i, task in enumerate(form.tasks):
        for j, ind in enumerate(task.indicators):
            if is_blank(ind.completion):
                path = f"tasks[{i}].indicators[{j}]"
                yield ctx.finding(
                    "empty_indicator",
                    path,
                    f"{place(form, path)}的指标完成情况{_said(ind.completion)}，"
                    "无法评价该指标是否完成。",
                )
