"""Every rule takes time about linear in the form: 1×, 2×, 4×, 8× the input, ratios not times.

Two ways a form grows: more parts (key indicators, tasks, indicators stating the same
measure with different values — the worst case for comparing places pairwise) and longer
cells (runs of numerals, digits and blanks, many figures in one clause — the worst case
for a regular expression that backtracks). The verdicts are made here, so the time is the
rule's own. From 2× to 8×, a quadratic rule grows 16×, a linear one 4×.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from jixiao.assess.types import IndicatorVerdict, Verdict
from jixiao.checks import RULES, run_rule
from jixiao.checks.figures import clear_cache
from jixiao.model import Form
from tests.checks.forms import BASE

SIZES = (1, 2, 4, 8)
# Allowed growth from 2× to 8× (the 1× size is too small to time without hardware caches
# flattering it): linear is 4, n log n a little more; quadratic is 16. The margin is for a
# busy shared machine.
MAX_RATIO = 9


def many_parts(k: int) -> Form:
    """``k`` × 60 key indicators and k × 15 tasks of four indicators each; one measure stated
    with many different values; every task under one merged name, half without a goal."""
    n = 60 * k
    data = {
        **BASE,
        "overall_goal_completion": "适龄儿童免疫规划疫苗接种率98.5%，家庭医生签约服务覆盖率136.2%。",
        "key_indicators": [
            {
                "name": "适龄儿童免疫规划疫苗接种率",
                "expected_value": "≥95%",
                "completion": f"适龄儿童免疫规划疫苗接种率{90 + (i * 7) % 100 / 10}%",
            }
            for i in range(n)
        ],
        "tasks": [
            {
                "name": "做好免疫规划工作",
                "expected_goal": "" if i else "提高接种率",  # every sub-task looks above
                "goal_completion": "" if i % 3 else f"家庭医生签约服务覆盖率{100 + i % 50}%",
                "funds": None if i % 5 == 0 else 1000 + i,  # more than spent at every size
                "indicators": [
                    {"category": "数量指标", "completion": f"建立居民电子健康档案{40 + i % 9}万份"},
                    {"category": "时效指标", "completion": "工作有序开展"},
                    {"category": "成本指标", "completion": "" if i % 4 == 0 else "严格控制"},
                    {"category": "满意度指标", "completion": f"群众知晓率{100 + i % 30}%"},
                ],
            }
            for i in range(15 * k)
        ],
    }
    return Form.from_shared(data)


def long_cells(k: int) -> Form:
    """Cells of k × 2,000 characters built to make a backtracking pattern work hard.

    (Long runs of blanks are left to the figure scanner's own growth tests: every rule
    reads text through ``checks.figures.normalize_text``.)
    """
    n = 2_000 * k
    nasty = [
        "一" * n + "好",  # a run of numerals, no unit after
        "1" * (n // 4) + "x",  # a run of digits, no unit after
        "覆盖率101%" * (n // 8),  # many shares above 100% in one clause
        "全市第" * (n // 3),  # rank words without a number
        "满意" * (n // 2),  # a category word repeated
    ]
    data = {
        **BASE,
        "overall_goal_completion": nasty[2],
        "problems": nasty[3],
        "key_indicators": [
            {"name": "覆盖率" * (n // 30), "expected_value": t[:200], "completion": t}
            for t in nasty
        ],
        "tasks": [
            {
                "name": "任务",
                "expected_goal": t,
                "goal_completion": t,
                "funds": 1,
                "indicators": [
                    {"category": c, "completion": t}
                    for c in ("时效指标", "成本指标", "满意度指标", "质量指标")
                ],
            }
            for t in nasty
        ],
    }
    return Form.from_shared(data)


def verdicts(form: Form) -> list[IndicatorVerdict]:
    """One verdict per key indicator, alternating not met / undetermined."""
    return [
        IndicatorVerdict(
            verdict=Verdict.NOT_MET if i % 2 else Verdict.UNDETERMINED,
            explanation="目标≥95%，完成90%，未达成",
            path=f"key_indicators[{i}]",
            name=k.name,
            target_text=k.expected_value,
            actual_text=k.completion,
        )
        for i, k in enumerate(form.key_indicators)
    ]


def per_call(fn: Callable[[], object], at_least: float = 0.03) -> float:
    """Seconds one call takes, averaged over at least ``at_least`` s (short calls repeat)."""
    calls, spent = 0, 0.0
    while spent < at_least:
        clear_cache()  # the figure cache must not hide the work
        t = time.perf_counter()
        fn()
        spent += time.perf_counter() - t
        calls += 1
    return spent / calls


def growth(rule_id: str, build: Callable[[int], Form], rounds: int = 3) -> list[float]:
    """The best time of each size; the rounds go through all sizes in turn, so a busy spell
    of the shared machine does not fall on one size only."""
    forms = [(f, verdicts(f)) for f in (build(k) for k in SIZES)]
    best = [float("inf")] * len(forms)
    for _ in range(rounds):
        for n, (f, v) in enumerate(forms):
            best[n] = min(best[n], per_call(lambda f=f, v=v: run_rule(rule_id, f, v)))
    return best


def assert_linear(rule_id: str, build: Callable[[int], Form], tries: int = 3) -> None:
    """Linear growth, measured again (up to ``tries`` times) when a busy spell of the shared
    machine made one measurement look worse: a quadratic rule fails every try (16×)."""
    seen = []
    for _ in range(tries):
        times = growth(rule_id, build)
        ratio = times[-1] / times[1]
        if ratio < MAX_RATIO:
            return
        seen.append(f"{[round(t, 4) for t in times]} grows {ratio:.1f}×")
    raise AssertionError(f"{rule_id}: " + "; ".join(seen))


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule_is_linear_in_the_number_of_parts(rule_id: str):
    assert_linear(rule_id, many_parts)


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule_is_linear_in_the_length_of_cells(rule_id: str):
    assert_linear(rule_id, long_cells)


def test_the_hostile_forms_do_give_findings():
    """The growth inputs exercise the rules (a rule that finds nothing proves little)."""
    parts, cells = many_parts(1), long_cells(1)
    for rule_id in ("narrative_mismatch", "missing_field", "rate_over_100", "missing_funds"):
        assert run_rule(rule_id, parts, verdicts(parts)), rule_id
    for rule_id in ("rate_over_100", "category_mismatch", "key_indicator_not_met"):
        assert run_rule(rule_id, cells, verdicts(cells)), rule_id
