"""Funds rules: sums, rates, bounds and task funds."""

from __future__ import annotations

import copy

import pytest

from jixiao.checks import Severity, run_checks
from jixiao.checks.funds import money_tolerance, rate_tolerance
from jixiao.model import Form
from tests.checks.forms import BASE, findings, make

FUNDS_RULES = (
    "funds_sum",
    "execution_rate",
    "adjustment_rate",
    "general_budget_exceeds_total",
    "expenditure_exceeds_budget",
    "task_funds_exceed_expenditure",
    "missing_funds",
)


@pytest.mark.parametrize("rule_id", FUNDS_RULES)
def test_consistent_base_form_has_no_funds_findings(rule_id: str):
    assert findings(rule_id, make()) == []


def test_no_funds_rule_fires_on_the_seed(seed_form: Form):
    assert [f for f in run_checks(seed_form, verdicts=[]) if f.rule in FUNDS_RULES] == []


def test_practice_funds_only_the_planted_adjustment_rate(practice_form: Form):
    got = [f for f in run_checks(practice_form, verdicts=[]) if f.rule in FUNDS_RULES]
    assert [(f.rule, f.path) for f in got] == [("adjustment_rate", "funds.adjustment_rate")]


# -- funds_sum ---------------------------------------------------------------


def test_funds_sum_flags_a_sum_off_by_a_cent_and_more():
    # 4,860.00 + 350.40 = 5,210.40, printed 5,210.44
    got = findings("funds_sum", make(funds={"annual_budget": 5210.44, "execution_rate": 96.01}))
    assert len(got) == 1
    f = got[0]
    assert f.path == "funds.annual_budget" and f.severity is Severity.ERROR
    assert "5,210.44" in f.message and "4,860.00" in f.message and "350.40" in f.message
    assert "5,210.40" in f.message and "相差0.04万元" in f.message


def test_funds_sum_allows_rounding_of_one_cent():
    # three figures each rounded to 0.01 may sum to one cent off
    assert findings("funds_sum", make(funds={"annual_budget": 5210.41})) == []


def test_funds_sum_negative_adjustment_is_consistent():
    form = make(funds={"annual_budget": 4509.60, "adjustment": -350.40, "adjustment_rate": -7.21})
    assert findings("funds_sum", form) == []


def test_funds_sum_positive_figure_for_a_cut_is_explained():
    # the budget was cut by 350.40 but the adjustment is printed without its sign
    form = make(funds={"annual_budget": 4509.60, "adjustment": 350.40})
    (f,) = findings("funds_sum", form)
    assert f.severity is Severity.WARNING
    assert "调减的调整额应填写为负数" in f.message


def test_funds_sum_skips_missing_figures():
    assert findings("funds_sum", make(funds={"adjustment": None, "annual_budget": 1.0})) == []


def test_money_tolerance():
    from decimal import Decimal

    assert money_tolerance(Decimal("28465.3"), Decimal("3127.84")) == Decimal("0.015")
    assert money_tolerance(Decimal("1.234")) == Decimal("0.0015")


# -- execution_rate / adjustment_rate ----------------------------------------


def test_adjustment_rate_with_the_wrong_denominator_practice(practice_form: Form):
    (f,) = findings("adjustment_rate", practice_form)
    assert f.path == "funds.adjustment_rate" and f.severity is Severity.ERROR
    assert f.message.startswith(
        "预算调整率填报9.90%，按年度调整额3,127.84÷年初预算数28,465.30计算应为10.99%，"
        "相差1.09个百分点"
    )
    assert "年度调整额÷年度预算数" in f.message and "可能误用了年度预算数作分母" in f.message


def test_adjustment_rate_wrong_without_a_known_cause():
    (f,) = findings("adjustment_rate", make(funds={"adjustment_rate": 8.50}))
    assert "应为7.21%" in f.message and "相差1.29个百分点" in f.message
    assert "误用" not in f.message


def test_execution_rate_wrong_denominator_initial_budget():
    # 5,002.35 / 4,860.00 = 102.93%: the 年初预算数 used instead of the 年度预算数
    (f,) = findings("execution_rate", make(funds={"execution_rate": 102.93}))
    assert f.path == "funds.execution_rate"
    assert "预算完成率填报102.93%" in f.message and "应为96.01%" in f.message
    assert "可能误用了年初预算数作分母" in f.message


@pytest.mark.parametrize("printed", [96.01, 96.0, 96.00, 96.005])
def test_execution_rate_within_rounding_is_fine(printed: float):
    # exact value 96.0070…; a rate printed to one decimal is allowed its rounding
    assert findings("execution_rate", make(funds={"execution_rate": printed})) == []


def test_execution_rate_two_hundredths_off_is_flagged():
    (f,) = findings("execution_rate", make(funds={"execution_rate": 96.03}))
    assert "相差0.02个百分点" in f.message


def test_rate_tolerance():
    from decimal import Decimal

    assert rate_tolerance(Decimal("96.60")) == Decimal("0.01")
    assert rate_tolerance(Decimal("96.6")) == Decimal("0.055")


def test_rates_skip_a_zero_denominator():
    form = make(funds={"initial_budget": 0, "annual_budget": 0, "adjustment": 0})
    assert findings("adjustment_rate", form) == []
    assert findings("execution_rate", form) == []


# -- bounds -------------------------------------------------------------------


def test_general_budget_above_annual_budget():
    (f,) = findings("general_budget_exceeds_total", make(funds={"general_public_budget": 5310.40}))
    assert f.path == "funds.general_public_budget" and f.severity is Severity.ERROR
    assert "5,310.40" in f.message and "5,210.40" in f.message and "多出100.00万元" in f.message


def test_general_budget_equal_to_annual_budget_is_fine():
    assert (
        findings("general_budget_exceeds_total", make(funds={"general_public_budget": 5210.40}))
        == []
    )


def test_expenditure_above_budget():
    form = make(funds={"actual_expenditure": 5300.00, "execution_rate": 101.72})
    (f,) = findings("expenditure_exceeds_budget", form)
    assert f.path == "funds.actual_expenditure" and f.severity is Severity.WARNING
    assert "5,300.00" in f.message and "超出89.60万元" in f.message
    assert findings("execution_rate", form) == []


def test_task_funds_above_expenditure_shows_the_sum():
    data = copy.deepcopy(BASE)
    data["tasks"][1]["funds"] = 2500.00  # 2,860.55 + 2,500.00 = 5,360.55
    (f,) = findings("task_funds_exceed_expenditure", Form.from_shared(data))
    assert f.path == "tasks" and f.severity is Severity.WARNING
    assert "合计5,360.55万元" in f.message and "实际支出数5,002.35万元" in f.message
    assert "多出358.20万元" in f.message and "也超过年度预算数5,210.40万元" in f.message


def test_task_funds_below_expenditure_practice(practice_form: Form):
    # the practice tasks total 23,438.21, below 30,216.57
    assert findings("task_funds_exceed_expenditure", practice_form) == []


def test_missing_task_funds():
    data = copy.deepcopy(BASE)
    data["tasks"][1]["funds"] = None
    (f,) = findings("missing_funds", Form.from_shared(data))
    assert f.path == "tasks[1].funds"
    assert "第2项主要任务“做好免疫规划工作”没有填写任务涉及资金" in f.message
