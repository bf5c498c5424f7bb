"""The shared grid: placement, note anchoring, row runs, sizes, formatting."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.assess.types import IndicatorVerdict, Verdict
from jixiao.checks.types import Finding, Severity
from jixiao.model import Form, Indicator, Task
from jixiao.render.layout import (
    NCOLS,
    Cell,
    build_layout,
    describe_path,
    display_width,
    fmt_money,
    fmt_points,
    fmt_rate,
    path_candidates,
    row_heights,
    wrapped_lines,
)
from jixiao.scoring.types import Evaluation, Score


def _eval(
    form: Form,
    findings: list[Finding] | None = None,
    verdicts: list[IndicatorVerdict] | None = None,
) -> Evaluation:
    score = Score(
        scheme="x", total=Decimal(0), upper=Decimal(0), grade="", grade_upper="", parts=[]
    )
    return Evaluation(form=form, verdicts=verdicts or [], findings=findings or [], score=score)


def test_formats() -> None:
    assert fmt_money(Decimal("15616.28")) == "15,616.28"
    assert fmt_money(Decimal("65")) == "65.00"
    assert fmt_money(Decimal("-910.1")) == "-910.10"
    assert fmt_money(None) == ""
    assert fmt_rate(Decimal("96.6")) == "96.60%"
    assert fmt_points(Decimal("20.00")) == "20"
    assert fmt_points(Decimal("8.181818")) == "8.18"
    assert fmt_points(Decimal("100")) == "100"


def test_cjk_counts_double_width() -> None:
    assert display_width("abc") == 3
    assert display_width("党建") == 4
    assert display_width("“两委”") == 8  # curly quotes print full width in CJK fonts
    assert wrapped_lines("党" * 10, 10) == 2
    assert wrapped_lines("一行\n二行很长很长很长", 8) == 1 + 2
    assert wrapped_lines("", 10) == 1


def test_path_candidates_go_from_leaf_to_root() -> None:
    assert path_candidates("tasks[2].indicators[1].completion") == [
        "tasks[2].indicators[1].completion",
        "tasks[2].indicators[1]",
        "tasks[2].indicators",
        "tasks[2]",
        "tasks",
    ]
    assert path_candidates("funds.adjustment_rate") == ["funds.adjustment_rate", "funds"]


def test_describe_path_in_chinese(seed_form: Form) -> None:
    assert describe_path(seed_form, "tasks[2].indicators[1]") == (
        "主要任务第3项「筑牢疫情防线打好疫情防控战」·第2个指标（质量指标）"
    )
    assert describe_path(seed_form, "funds.adjustment_rate") == "部门资金情况·预算调整率"
    assert describe_path(seed_form, "tasks[3].funds").endswith("任务涉及资金")
    assert (
        describe_path(seed_form, "key_indicators[6]") == "年度关键指标第7项「社会治理成效满意度」"
    )
    assert describe_path(seed_form, "tasks[99]") == "主要任务第100项"
    assert describe_path(seed_form, "") == "整张表"


def test_every_row_covers_the_six_columns(seed_form: Form) -> None:
    layout = build_layout(_eval(seed_form))
    covered: dict[int, int] = {}
    for c in layout.cells():
        for r in range(c.row, c.row + c.rowspan):
            covered[r] = covered.get(r, 0) + c.colspan
    assert set(covered.values()) == {NCOLS}
    assert len(covered) == layout.nrows
    ind_rows = sum(max(1, len(t.indicators)) for t in seed_form.tasks)
    # 部门名称 1, funds 4, goals 2, key indicators 1+16, tasks header 1 + rows, problems 2
    assert layout.nrows == 1 + 4 + 2 + 17 + 1 + ind_rows + 2


def test_no_merged_cell_crosses_a_row_run(seed_form: Form) -> None:
    layout = build_layout(_eval(seed_form))
    for b in layout.blocks:
        for g in b.groups():
            rows = {c.row for r in g for c in r}
            lo, hi = min(rows), max(rows)
            for r in g:
                for c in r:
                    assert lo <= c.row and c.row + c.rowspan - 1 <= hi
    tasks = layout.blocks[1]
    assert tasks.head_rows == 1
    # one run per task name run: 坚持党建引领… (2 tasks) … 加强生态建设… (3 tasks)
    assert len(tasks.groups()) == 10


@pytest.mark.parametrize(
    ("path", "anchor_text"),
    [
        ("tasks[0].indicators[5]", "修订街道绩效考核机制"),
        ("tasks[0].indicators[5].completion", "修订街道绩效考核机制"),
        ("tasks[0].indicators[5].category", "可持续影响指标"),
        ("tasks[1]", "强化网格党组织"),
        ("tasks[1].goal_completion", "党建网格化模式基本形成"),
        ("key_indicators[3]", "清零"),
        ("key_indicators[3].name", "三旧改造旧村拆迁"),
        ("overall_goal_completion", "一、强化党建引领"),
        ("tasks", "主要任务"),
        ("funds", "部门资金情况"),
        ("department", "广州市黄埔区人民政府文冲街道办事处"),
        ("year", "黄埔区广州开发区部门整体支出绩效自评表（2021年度）"),
    ],
)
def test_findings_land_in_the_cell_they_name(seed_form: Form, path: str, anchor_text: str) -> None:
    f = Finding(rule="r", severity=Severity.WARNING, path=path, message="m")
    layout = build_layout(_eval(seed_form, findings=[f]))
    holders = [c for c in (layout.title, layout.unit, *layout.cells()) if c.findings]
    assert len(holders) == 1
    assert holders[0].display.startswith(anchor_text)
    assert not layout.unplaced_findings


def test_task_funds_and_rates_anchor_to_their_numbers(seed_form: Form) -> None:
    fs = [
        Finding(rule="a", severity=Severity.ERROR, path="tasks[3].funds", message="m1"),
        Finding(rule="b", severity=Severity.INFO, path="funds.execution_rate", message="m2"),
    ]
    layout = build_layout(_eval(seed_form, findings=fs))
    by_msg = {f.message: c for c in layout.cells() for f in c.findings}
    assert by_msg["m1"].kind == "money" and by_msg["m1"].number == Decimal("65.0")
    assert by_msg["m2"].kind == "rate" and by_msg["m2"].number == Decimal("96.6")
    assert by_msg["m1"].status == "bad" and by_msg["m2"].status == "info"


def test_unknown_paths_are_kept_apart(seed_form: Form) -> None:
    f = Finding(rule="r", severity=Severity.INFO, path="attachments[0]", message="m")
    v = IndicatorVerdict(
        path="other[1]",
        name="x",
        target_text="",
        actual_text="",
        verdict=Verdict.MET,
        explanation="e",
    )
    layout = build_layout(_eval(seed_form, findings=[f], verdicts=[v]))
    assert layout.unplaced_findings == [f] and layout.unplaced_verdicts == [v]


def test_row_heights_spread_a_merged_cell_over_its_rows() -> None:
    a = Cell("text", "短", rowspan=3, row=0, col=0)
    rows = [
        [a, Cell("text", "x", row=0, col=1)],
        [Cell("text", "y", row=1, col=1)],
        [Cell("text", "z", row=2, col=1)],
    ]
    widths = [10.0, 10.0]
    assert row_heights(rows, widths, 5.0, line=10.0, pad=0.0) == [10.0, 10.0, 10.0]
    a.text = "党" * 45  # 90 units in a 10-unit column: 9 lines → 90, spread over 3 rows
    assert row_heights(rows, widths, 5.0, line=10.0, pad=0.0) == [30.0, 30.0, 30.0]


def test_task_without_indicators_keeps_one_row() -> None:
    form = Form(
        tasks=[
            Task(name="甲", expected_goal="目标", funds=Decimal("1.5")),
            Task(name="甲", indicators=[Indicator(category="数量指标", completion="3个")]),
        ]
    )
    layout = build_layout(_eval(form))
    name = next(c for c in layout.cells() if c.kind == "name")
    assert name.rowspan == 2
    funds = [c for c in layout.cells() if c.kind == "money" and c.number == Decimal("1.5")]
    assert len(funds) == 1 and funds[0].rowspan == 1
