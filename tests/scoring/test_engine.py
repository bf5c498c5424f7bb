"""The scoring engine on hand-made verdicts: the seed, the practice form, execution, intervals."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from jixiao.model import Form, Funds, KeyIndicator
from jixiao.scoring import evaluate, load_scheme, round2, score_form
from tests.scoring.helpers import (
    MET,
    NOT_MET,
    PRACTICE_SPECIAL,
    SEED_SPECIAL,
    UNDET,
    key_verdicts,
)

D = Decimal


@pytest.fixture(scope="module")
def scheme():
    return load_scheme("dept-overall")


def test_seed_score_by_hand(seed_form: Form, scheme) -> None:
    # Hand calculation. 预算执行: printed 预算完成率 96.60% → 0.966 × 10 = 9.66.
    # 关键指标: 90 / 16 = 5.625 each; 15 met → 15 × 5.625 = 84.375; key_indicators[0] pending.
    # total = 9.66 + 84.375 = 94.035 → 94.04 (half up); upper = 94.035 + 5.625 = 99.66.
    s = score_form(seed_form, key_verdicts(seed_form, SEED_SPECIAL), scheme)
    assert s.total == D("94.035")
    assert s.upper == D("99.66")
    assert round2(s.total) == D("94.04")
    assert s.display() == "94.04 – 99.66"
    assert (s.grade, s.grade_upper) == ("优", "优")
    assert s.pending == 1
    execution, key = s.parts
    assert (execution.id, execution.points, execution.upper) == ("execution", D("9.66"), D("9.66"))
    assert (key.id, key.weight, key.points, key.upper) == (
        "key_indicators",
        D(90),
        D("84.375"),
        D(90),
    )
    assert "16 项，每项 90 ÷ 16 = 5.625 分" in key.detail and "待复核 1 项" in key.detail
    pending = [i for i in s.items if i.pending]
    assert [i.path for i in pending] == ["key_indicators[0]"]
    assert pending[0].upper == D("5.625") and pending[0].name == "党建基层组织建设达标情况"
    met = [i for i in s.items if i.verdict == MET]
    assert len(met) == 15 and all(i.points == D("5.625") for i in met)


def test_float_rounding_would_be_wrong_here(seed_form: Form, scheme) -> None:
    # 94.035 as a binary float is 94.03499…, so round() gives 94.03; the Decimal sum is exact.
    assert round(9.66 + 15 * 5.625, 2) == 94.03
    s = score_form(seed_form, key_verdicts(seed_form, SEED_SPECIAL), scheme)
    assert str(round2(s.total)) == "94.04"


def test_practice_score_by_hand(practice_form: Form, scheme) -> None:
    # 预算执行: 95.64% → 9.564. 11 key indicators, 90/11 each.
    # 8 met → 8 × 90/11; [5] 87.6% of ≥90% → (87.6/90) × 90/11 = 87.6/11; [3] 0; [7] pending.
    # total = 9.564 + (720 + 87.6)/11 = 9.564 + 73.41818… = 82.98218… → 82.98
    # upper = total + 90/11 = 9.564 + 897.6/11 = 9.564 + 81.6 = 91.164 → 91.16
    s = score_form(practice_form, key_verdicts(practice_form, PRACTICE_SPECIAL), scheme)
    w = Fraction(90, 11)
    total = Fraction("9.564") + 8 * w + Fraction("87.6") / 90 * w
    # the ratio arrives as a float (0.9733333333333334), exact to ~1e-16
    assert abs(Fraction(s.total) - total) < Fraction(1, 10**12)
    assert round2(s.total) == D("82.98")
    assert abs(s.upper - D("91.164")) < D("1e-12") and round2(s.upper) == D("91.16")
    assert (s.grade, s.grade_upper) == ("良", "优")
    assert s.display() == "82.98 – 91.16" and s.display_grade() == "良 – 优"
    items = {i.path: i for i in s.items}
    assert items["key_indicators[3]"].points == 0
    assert "定性指标未达成" in items["key_indicators[3]"].explanation
    assert round2(items["key_indicators[5]"].points) == D("7.96")
    assert "完成比例 97.33%" in items["key_indicators[5]"].explanation
    assert items["key_indicators[7]"].pending


def test_equal_weights_sum_exactly(practice_form: Form, scheme) -> None:
    # 90/11 does not terminate in decimal, yet 11 met indicators make exactly 90.
    s = score_form(practice_form, key_verdicts(practice_form), scheme)
    assert s.parts[1].points == D(90)
    assert s.total == D("99.564") and s.pending == 0 and not s.is_interval
    assert s.display() == "99.56"


def _funds_form(**funds: str | None) -> Form:
    return Form(
        department="测试街道办事处",
        funds=Funds(**{k: None if v is None else D(v) for k, v in funds.items()}),
        key_indicators=[KeyIndicator(name="群众满意度", expected_value="≥90%", completion="95%")],
    )


@pytest.mark.parametrize(
    ("funds", "points", "note"),
    [
        ({"execution_rate": "96.60"}, D("9.66"), "表中所列"),
        # not printed: 实际支出 / 年度预算 = 30216.57 / 31593.14 = 0.956428… → 9.56428…
        (
            {"annual_budget": "31593.14", "actual_expenditure": "30216.57"},
            D("30216.57") / D("31593.14") * 10,
            "按实际支出",
        ),
        ({"execution_rate": "104.2"}, D(10), "超过 100% 按 100% 计"),
        ({"execution_rate": "0"}, D(0), "表中所列"),
    ],
)
def test_execution_part(funds: dict, points: Decimal, note: str, scheme) -> None:
    form = _funds_form(**funds)
    s = score_form(form, key_verdicts(form), scheme)
    part = s.parts[0]
    assert abs(part.points - points) < D("1e-20")
    assert note in part.detail
    assert s.total == part.points + 90


def test_execution_rate_printed_wins_over_computed(scheme) -> None:
    # The printed rate is what the form reports; checking it against the figures is a check's job.
    form = _funds_form(execution_rate="90", annual_budget="100", actual_expenditure="95")
    s = score_form(form, key_verdicts(form), scheme)
    assert s.parts[0].points == D(9)


@pytest.mark.parametrize(
    "funds",
    [
        {},
        {"annual_budget": "100"},
        {"actual_expenditure": "95"},
        {"annual_budget": "0", "actual_expenditure": "5"},
    ],
)
def test_execution_unknown_is_pending(funds: dict, scheme) -> None:
    form = _funds_form(**funds)
    s = score_form(form, key_verdicts(form), scheme)
    assert s.parts[0].points == 0 and s.parts[0].upper == 10
    assert s.total == 90 and s.upper == 100 and s.pending == 1
    assert s.items[0].path == "funds.execution_rate" and s.items[0].pending
    assert "无法计算" in s.items[0].explanation


def test_interval_with_several_pending(seed_form: Form, scheme) -> None:
    special = {i: (UNDET, False, None) for i in (0, 4, 9)}
    s = score_form(seed_form, key_verdicts(seed_form, special), scheme)
    # 13 met × 5.625 = 73.125; + 9.66 = 82.785 → 82.79; upper + 3 × 5.625 = 99.66
    assert s.total == D("82.785") and s.upper == D("99.66") and s.pending == 3
    assert (s.grade, s.grade_upper) == ("良", "优")
    assert s.display() == "82.79 – 99.66"


def test_not_met_quantitative_without_ratio_scores_zero(seed_form: Form, scheme) -> None:
    s = score_form(seed_form, key_verdicts(seed_form, {1: (NOT_MET, True, None)}), scheme)
    item = s.items[2]
    assert item.path == "key_indicators[1]" and item.points == 0
    assert "没有可计算的完成比例" in item.explanation


def test_missing_verdict_is_pending(seed_form: Form, scheme) -> None:
    verdicts = [v for v in key_verdicts(seed_form) if v.path != "key_indicators[2]"]
    s = score_form(seed_form, verdicts, scheme)
    assert s.pending == 1 and s.upper == D("99.66")
    assert "没有对本项的研判结果" in s.items[3].explanation


def test_form_without_key_indicators(scheme) -> None:
    form = Form(department="测试", funds=Funds(execution_rate=D("100")))
    s = score_form(form, [], scheme)
    assert s.total == s.upper == D(10)
    assert s.grade == "差"
    assert "没有可计分的指标" in s.parts[1].detail


def test_evaluate_with_given_verdicts_and_findings(seed_form: Form) -> None:
    ev = evaluate(seed_form, verdicts=key_verdicts(seed_form, SEED_SPECIAL), findings=[])
    assert ev.score.scheme == "dept-overall"
    assert ev.score.total == D("94.035")
    assert ev.findings == [] and ev.overrides == []
    assert ev.verdicts[0].verdict == UNDET
