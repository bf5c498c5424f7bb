"""Rules on 部门资金情况 (funds) and 任务涉及资金: sums, rates, and bounds.

Money figures are compared with a rounding tolerance of 1.5 units of their last
printed decimal (0.015 for figures printed to 0.01): each figure may be off by half
a unit from its exact value, so a sum of rounded figures may be off by one.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from jixiao.cells import money
from jixiao.cells import percent as pct
from jixiao.checks.registry import CheckContext, rule
from jixiao.checks.types import Finding, Severity
from jixiao.checks.wording import decimals_of
from jixiao.labels import FUNDS_SHORT
from jixiao.paths import describe_path as place

RATE_TOLERANCE = Decimal("0.01")  # percentage points, for rates printed to 0.01


def money_tolerance(*values: Decimal) -> Decimal:
    """1.5 units of the finest last printed decimal among ``values`` (at most 2 decimals)."""
    d = max((decimals_of(v) for v in values), default=2)
    d = max(d, 2)
    return Decimal("1.5").scaleb(-d)


def rate_tolerance(printed: Decimal) -> Decimal:
    """How far a printed rate may be from the exact one: 0.01 points, or its rounding if coarser."""
    d = decimals_of(printed)
    if d >= 2:
        return RATE_TOLERANCE
    return Decimal(5).scaleb(-d - 1) + Decimal("0.005")


@rule("funds_sum", Severity.ERROR, "年度预算数应等于年初预算数加年度调整额")
def funds_sum(ctx: CheckContext) -> Iterator[Finding]:
    f = ctx.form.funds
    annual, initial, adj = f.annual_budget, f.initial_budget, f.adjustment
    if annual is None or initial is None or adj is None:
        return
    tol = money_tolerance(annual, initial, adj)
    total = initial + adj
    if abs(total - annual) <= tol:
        return
    u = ctx.unit
    msg = (
        f"年度预算数{money(annual)}{u}不等于年初预算数{money(initial)}{u}加年度调整额"
        f"{money(adj)}{u}（合计{money(total)}{u}），相差{money(abs(total - annual))}{u}"
    )
    severity = None
    if adj > 0 and abs(initial - adj - annual) <= tol:
        msg += "；年初预算数减去调整额正好等于年度预算数，调减的调整额应填写为负数"
        severity = Severity.WARNING
    yield ctx.finding("funds_sum", "funds.annual_budget", msg + "。", severity)


def _rate_finding(
    ctx: CheckContext,
    field: str,
    numerator: tuple[str, Decimal],
    denominator: tuple[str, Decimal],
    alternatives: list[tuple[str, Decimal, str, Decimal]],
) -> Iterator[Finding]:
    """A finding when the printed rate ``field`` is not numerator ÷ denominator.

    ``alternatives`` are other (numerator, denominator) pairs that are common mistakes;
    when the printed rate matches one, the message says so.
    """
    printed = getattr(ctx.form.funds, field)
    (n_name, n_val), (d_name, d_val) = numerator, denominator
    if printed is None or d_val == 0:
        return
    computed = n_val / d_val * 100
    diff = abs(printed - computed)
    tol = rate_tolerance(printed)
    if diff <= tol:
        return
    msg = (
        f"{FUNDS_SHORT[field]}填报{pct(printed, max(2, decimals_of(printed)))}，按{n_name}{money(n_val)}÷{d_name}"
        f"{money(d_val)}计算应为{pct(computed)}，相差{diff:.2f}个百分点"
    )
    for a_name, a_val, b_name, b_val in alternatives:
        if b_val == 0:
            continue
        alt = a_val / b_val * 100
        if abs(printed - alt) <= tol:
            wrong = b_name if b_name != d_name else a_name
            role = "分母" if b_name != d_name else "分子"
            msg += (
                f"；填报值与{a_name}÷{b_name}（{money(a_val)}÷{money(b_val)}={pct(alt)}）一致，"
                f"可能误用了{wrong}作{role}"
            )
            break
    yield ctx.finding(field, f"funds.{field}", msg + "。")


@rule("execution_rate", Severity.ERROR, "预算完成率应等于实际支出数÷年度预算数")
def execution_rate(ctx: CheckContext) -> Iterator[Finding]:
    f = ctx.form.funds
    if f.actual_expenditure is None or f.annual_budget is None:
        return
    alternatives = []
    if f.initial_budget is not None:
        alternatives.append(
            (
                FUNDS_SHORT["actual_expenditure"],
                f.actual_expenditure,
                FUNDS_SHORT["initial_budget"],
                f.initial_budget,
            )
        )
    yield from _rate_finding(
        ctx,
        "execution_rate",
        (FUNDS_SHORT["actual_expenditure"], f.actual_expenditure),
        (FUNDS_SHORT["annual_budget"], f.annual_budget),
        alternatives,
    )


@rule("adjustment_rate", Severity.ERROR, "预算调整率应等于年度调整额÷年初预算数")
def adjustment_rate(ctx: CheckContext) -> Iterator[Finding]:
    f = ctx.form.funds
    if f.adjustment is None or f.initial_budget is None:
        return
    alternatives = []
    if f.annual_budget is not None:
        alternatives.append(
            (FUNDS_SHORT["adjustment"], f.adjustment, FUNDS_SHORT["annual_budget"], f.annual_budget)
        )
    yield from _rate_finding(
        ctx,
        "adjustment_rate",
        (FUNDS_SHORT["adjustment"], f.adjustment),
        (FUNDS_SHORT["initial_budget"], f.initial_budget),
        alternatives,
    )


@rule("general_budget_exceeds_total", Severity.ERROR, "一般公共预算不应超过年度预算数")
def general_budget_exceeds_total(ctx: CheckContext) -> Iterator[Finding]:
    f = ctx.form.funds
    gpb, annual = f.general_public_budget, f.annual_budget
    if gpb is None or annual is None or gpb - annual <= money_tolerance(gpb, annual):
        return
    u = ctx.unit
    yield ctx.finding(
        "general_budget_exceeds_total",
        "funds.general_public_budget",
        f"其中一般公共预算{money(gpb)}{u}大于年度预算数{money(annual)}{u}，多出"
        f"{money(gpb - annual)}{u}；一般公共预算是年度预算的一部分，不应超过年度预算数。",
    )


@rule("expenditure_exceeds_budget", Severity.WARNING, "实际支出数超过年度预算数")
def expenditure_exceeds_budget(ctx: CheckContext) -> Iterator[Finding]:
    f = ctx.form.funds
    actual, annual = f.actual_expenditure, f.annual_budget
    if actual is None or annual is None or actual - annual <= money_tolerance(actual, annual):
        return
    u = ctx.unit
    yield ctx.finding(
        "expenditure_exceeds_budget",
        "funds.actual_expenditure",
        f"实际支出数{money(actual)}{u}超过年度预算数{money(annual)}{u}，超出"
        f"{money(actual - annual)}{u}；支出不应超过预算，如含上年结转等未列入年度预算的资金，"
        "应在表中说明。",
    )


@rule("task_funds_exceed_expenditure", Severity.WARNING, "各项任务涉及资金合计超过实际支出数")
def task_funds_exceed_expenditure(ctx: CheckContext) -> Iterator[Finding]:
    form = ctx.form
    amounts = [t.funds for t in form.tasks if t.funds is not None]
    actual = form.funds.actual_expenditure
    if not amounts or actual is None:
        return
    total = sum(amounts, Decimal(0))
    d = max(max(decimals_of(a) for a in amounts), decimals_of(actual), 2)
    tol = Decimal(5).scaleb(-d - 1) * (len(amounts) + 1)
    if total - actual <= tol:
        return
    u = ctx.unit
    msg = (
        f"{len(amounts)}项主要任务的任务涉及资金合计{money(total)}{u}，超过实际支出数"
        f"{money(actual)}{u}，多出{money(total - actual)}{u}"
    )
    annual = form.funds.annual_budget
    if annual is not None and total - annual > tol:
        msg += f"，也超过年度预算数{money(annual)}{u}"
    yield ctx.finding(
        "task_funds_exceed_expenditure", "tasks", msg + "；请核对各任务资金是否重复计列。"
    )


@rule("missing_funds", Severity.WARNING, "主要任务没有填写任务涉及资金")
def missing_funds(ctx: CheckContext) -> Iterator[Finding]:
    for i, task in enumerate(ctx.form.tasks):
        if task.funds is None:
            path = f"tasks[{i}].funds"
            yield ctx.finding(
                "missing_funds", path, f"{place(ctx.form, f'tasks[{i}]')}没有填写任务涉及资金。"
            )
