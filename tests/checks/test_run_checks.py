"""The registry, run_checks ordering and lines, and the whole rule set on the seed and practice forms."""

from __future__ import annotations

import re

import pytest

from jixiao.assess import assess_form
from jixiao.checks import RULES, CheckContext, Finding, Severity, path_key, rule, run_checks
from jixiao.model import Form, SourceRef
from tests.checks.forms import make

REQUIRED = {
    "funds_sum", "execution_rate", "adjustment_rate", "general_budget_exceeds_total",
    "expenditure_exceeds_budget", "task_funds_exceed_expenditure", "missing_funds",
    "empty_indicator", "missing_field", "rate_over_100", "narrative_mismatch",
    "key_indicator_not_met", "key_indicator_undetermined", "no_target",
    "unmeasurable_indicator", "category_mismatch",
}  # fmt: skip


def test_registry_has_every_rule_with_a_chinese_title():
    assert REQUIRED <= set(RULES)
    for rid, r in RULES.items():
        assert r.id == rid and re.fullmatch(r"[a-z_0-9]+", rid)
        assert isinstance(r.severity, Severity)
        assert re.search(r"[\u4e00-\u9fff]", r.title) and callable(r.func)


def test_duplicate_rule_id_is_refused():
    with pytest.raises(ValueError):
        rule("funds_sum", Severity.ERROR, "重复")(lambda ctx: [])


def test_path_key_follows_the_form():
    paths = [
        "improvement_measures",
        "tasks[10].indicators[0]",
        "tasks[2].indicators[10]",
        "tasks[2].goal_completion",
        "tasks",
        "tasks[2].indicators[1]",
        "key_indicators[3]",
        "funds.adjustment_rate",
        "funds.annual_budget",
        "overall_goal_completion",
        "title",
    ]
    assert sorted(paths, key=path_key) == [
        "title",
        "funds.annual_budget",
        "funds.adjustment_rate",
        "overall_goal_completion",
        "key_indicators[3]",
        "tasks",
        "tasks[2].goal_completion",
        "tasks[2].indicators[1]",
        "tasks[2].indicators[10]",
        "tasks[10].indicators[0]",
        "improvement_measures",
    ]


def test_findings_sorted_by_severity_then_form_order(seed_form: Form):
    found = run_checks(seed_form)
    order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
    keys = [(order[f.severity], path_key(f.path)) for f in found]
    assert keys == sorted(keys)


def test_lines_come_from_provenance_with_a_fallback_to_the_enclosing_part():
    form = make(funds={"adjustment_rate": 9.9})
    form.funds.provenance["adjustment_rate"] = SourceRef(line=7)
    form.tasks[0].indicators[2].provenance["completion"] = SourceRef(line=31)
    ctx = CheckContext(form, [])
    assert ctx.line("funds.adjustment_rate") == 7
    assert ctx.line("funds.execution_rate") == 7  # the funds block's first line
    assert ctx.line("tasks[0].indicators[2]") == 31
    assert ctx.line("tasks") == 31
    assert ctx.line("overall_goal") is None
    (f,) = [f for f in run_checks(form, []) if f.rule == "adjustment_rate"]
    assert f.line == 7


def test_verdicts_are_computed_when_not_given(practice_form: Form):
    assert run_checks(practice_form) == run_checks(practice_form, assess_form(practice_form))


def test_clean_form_has_no_errors_or_warnings():
    found = run_checks(make())
    assert [f for f in found if f.severity is not Severity.INFO] == []


# -- the practice form: exactly the planted problems ---------------------------------


def _serious(found: list[Finding]) -> list[tuple[str, str, str]]:
    return [(f.severity.value, f.rule, f.path) for f in found if f.severity is not Severity.INFO]


def test_practice_gives_exactly_the_planted_errors_and_warnings(practice_form: Form):
    assert _serious(run_checks(practice_form)) == [
        ("error", "adjustment_rate", "funds.adjustment_rate"),
        ("error", "empty_indicator", "tasks[3].indicators[4]"),
        ("warning", "key_indicator_not_met", "key_indicators[3]"),
        ("warning", "key_indicator_not_met", "key_indicators[5]"),
        ("warning", "rate_over_100", "tasks[2].indicators[1]"),
    ]


def test_practice_infos(practice_form: Form):
    infos = [(f.rule, f.path) for f in run_checks(practice_form) if f.severity is Severity.INFO]
    assert infos == [("key_indicator_undetermined", "key_indicators[7]"), ("no_target", "tasks")]


def test_practice_not_met_messages_give_the_numbers(practice_form: Form):
    found = {f.path: f for f in run_checks(practice_form) if f.rule == "key_indicator_not_met"}
    assert "87.6%" in found["key_indicators[5]"].message
    assert "90%" in found["key_indicators[5]"].message
    assert "第5名" in found["key_indicators[3]"].message
    assert "前3名" in found["key_indicators[3]"].message


def test_practice_must_not_flag(practice_form: Form):
    found = run_checks(practice_form)
    paths = {f.path for f in found}
    assert "tasks[6].indicators[0]" not in paths  # 年度任务完成率126% is over-fulfilment
    assert "tasks[0]" not in paths and "tasks[1]" not in paths  # same name: sub-tasks
    assert "key_indicators[1]" not in paths  # 失业率 2.18% ≤ 3.5% is met
    rules = {f.rule for f in found}
    for r in (
        "funds_sum", "execution_rate", "general_budget_exceeds_total",
        "expenditure_exceeds_budget", "task_funds_exceed_expenditure", "missing_funds",
        "missing_field", "narrative_mismatch", "unmeasurable_indicator", "category_mismatch",
    ):  # fmt: skip
        assert r not in rules
    assert not any("126%" in f.message for f in found)


# -- the seed -------------------------------------------------------------------------


def test_seed_errors_and_warnings(seed_form: Form):
    serious = _serious(run_checks(seed_form))
    assert [s for s in serious if s[1] != "key_indicator_not_met"] == [
        ("error", "empty_indicator", "tasks[3].indicators[4]"),
        ("error", "empty_indicator", "tasks[10].indicators[8]"),
        ("error", "empty_indicator", "tasks[11].indicators[1]"),
        ("error", "empty_indicator", "tasks[12].indicators[1]"),
        ("warning", "rate_over_100", "overall_goal_completion"),
        ("warning", "rate_over_100", "overall_goal_completion"),
        ("warning", "rate_over_100", "tasks[8].indicators[1]"),
    ]


def test_seed_never_flags_over_fulfilment(seed_form: Form):
    text = "\n".join(f.message for f in run_checks(seed_form))
    for figure in ("170%", "308%", "52.61%", "159.7%", "151.65%", "126%"):
        assert figure not in text
