"""The shared grid: placement, note anchoring, row runs, sizes, formatting."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.assess.types import IndicatorVerdict, Verdict
from jixiao.checks.types import Finding, Severity
from jixiao.model import Form, Indicator, Task
from jixiao.render.layout import NCOLS, build_layout
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


def test_every_row_covers_the_seven_columns(seed_form: Form) -> None:
    layout = build_layout(_eval(seed_form))
    covered: dict[int, int] = {}
    for c in layout.cells():
        for r in range(c.row, c.row + c.rowspan):
            covered[r] = covered.get(r, 0) + c.colspan
    assert set(covered.values()) == {NCOLS}
    assert len(covered) == layout.nrows
    ind_rows = sum(max(1, len(t.indicators)) for t in seed_form.tasks)
    assert NCOLS == 7  # 序号 + the official six
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
    assert [b.name for b in layout.blocks] == ["funds", "goal", "key", "tasks", "end"]
    tasks = layout.blocks[3]
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
    assert layout.placed[0] is holders[0]


def test_task_funds_and_rates_anchor_to_their_numbers(seed_form: Form) -> None:
    fs = [
        Finding(rule="a", severity=Severity.ERROR, path="tasks[3].funds", message="m1"),
        Finding(rule="b", severity=Severity.INFO, path="funds.execution_rate", message="m2"),
    ]
    layout = build_layout(_eval(seed_form, findings=fs))
    by_msg = {f.message: c for c in layout.cells() for _, f in c.findings}
    assert by_msg["m1"].kind == "money" and by_msg["m1"].number == Decimal("65.0")
    assert by_msg["m2"].kind == "rate" and by_msg["m2"].number == Decimal("96.6")
    assert by_msg["m1"].status == "bad" and by_msg["m2"].status == "info"


def test_unknown_paths_go_with_the_title(seed_form: Form) -> None:
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
    assert layout.title.findings == [(0, f)] and layout.title.verdicts == [v]
    assert layout.placed[0] is layout.title and layout.title.id == "c-form"


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


def test_numbers_column_carries_the_forms_own_numbering(seed_form: Form) -> None:
    layout = build_layout(_eval(seed_form))
    numbers = [c.text for c in layout.cells() if c.kind == "no" and c.text]
    keys = [str(i) for i in range(1, len(seed_form.key_indicators) + 1)]
    assert numbers[: len(keys)] == keys
    tasks = [
        f"{i + 1}.{j + 1}" if t.indicators else f"{i + 1}"
        for i, t in enumerate(seed_form.tasks)
        for j in range(max(1, len(t.indicators)))
    ]
    assert numbers[len(keys) :] == tasks
    # every 序号 sits in column 0 and the heads say so
    assert all(c.col == 0 for c in layout.cells() if c.kind == "no")
    heads = [c.text for c in layout.cells() if c.kind == "head" and c.col == 0]
    assert heads == ["序号", "序号"]


def test_cells_have_unique_ids_from_their_paths(seed_form: Form) -> None:
    layout = build_layout(_eval(seed_form))
    ids = [c.id for c in layout.cells() if c.id]
    assert len(ids) == len(set(ids))
    cell = layout.cell_for("tasks[2].indicators[4]")
    assert (
        cell.id == "c-tasks-2-indicators-4"
        and cell.display == seed_form.tasks[2].indicators[4].completion
    )
    assert layout.cell_for("tasks[2].indicators[4].category").kind == "category"
    assert layout.cell_for("nothing[3]") is layout.title
