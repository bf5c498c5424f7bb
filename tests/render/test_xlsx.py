"""render_xlsx: the official layout re-opened with openpyxl, plus findings and score sheets."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from jixiao.model import Form, KeyIndicator
from jixiao.render import render_xlsx
from jixiao.scoring.types import Evaluation

from .conftest import make_evaluation


@pytest.fixture
def seed_book(seed_eval: Evaluation, tmp_path: Path) -> openpyxl.Workbook:
    path = tmp_path / "seed.xlsx"
    render_xlsx(seed_eval, path)
    return openpyxl.load_workbook(path)


def _find(ws: Worksheet, value: str, col: int | None = None) -> int:
    """The first row whose cell (in ``col``, or any column) holds exactly ``value``."""
    for row in ws.iter_rows():
        for c in row:
            if c.value == value and (col is None or c.column == col):
                return c.row
    raise AssertionError(f"{value!r} not found")


def _merged(ws: Worksheet) -> set[str]:
    return {str(r) for r in ws.merged_cells.ranges}


def test_sheets_are_named_in_chinese(seed_book: openpyxl.Workbook) -> None:
    assert seed_book.sheetnames == ["自评表", "检查发现", "评分", "指标判定"]


def test_head_values_and_number_formats(seed_book: openpyxl.Workbook, seed_form: Form) -> None:
    ws = seed_book["自评表"]
    assert ws["A1"].value == "黄埔区广州开发区部门整体支出绩效自评表（2021年度）"
    assert ws["A2"].value == "单位：万元"
    r = _find(ws, "部门名称", 1)
    assert ws.cell(r, 2).value == "广州市黄埔区人民政府文冲街道办事处"
    assert f"B{r}:F{r}" in _merged(ws)
    f = seed_form.funds
    expected = {
        "整体支出年度预算数": (f.annual_budget, 3),
        "整体支出年初预算数": (f.initial_budget, 5),
        "实际支出数": (f.actual_expenditure, 3),
        "年度调整额": (f.adjustment, 5),
        "其中：一般公共预算": (f.general_public_budget, 3),
    }
    for label, (value, col) in expected.items():
        row = _find(ws, label)
        cell = ws.cell(row, col)
        assert cell.value == pytest.approx(float(value)), label
        assert cell.number_format == "#,##0.00"
    rate_row = _find(ws, "预算完成率", 2)
    assert ws.cell(rate_row, 3).value == pytest.approx(0.966)
    assert ws.cell(rate_row, 3).number_format == "0.00%"
    assert ws.cell(rate_row, 5).value == pytest.approx(0.0619)
    label_row = _find(ws, "部门资金情况", 1)
    assert f"A{label_row}:A{label_row + 3}" in _merged(ws)


def test_task_cells_merge_like_the_printed_form(
    seed_book: openpyxl.Workbook, seed_form: Form
) -> None:
    ws = seed_book["自评表"]
    merged = _merged(ws)
    head = _find(ws, "主要任务", 1)
    assert [ws.cell(head, c).value for c in range(1, 7)] == [
        "主要任务",
        "预期目标",
        "目标完成情况",
        "关键指标",
        "指标完成情况",
        "任务涉及资金",
    ]
    first = head + 1
    assert ws.cell(first, 1).value == "坚持党建引领加强基层组织建设"
    n01 = len(seed_form.tasks[0].indicators) + len(seed_form.tasks[1].indicators)
    assert f"A{first}:A{first + n01 - 1}" in merged
    r = first
    for t in seed_form.tasks:
        n = max(1, len(t.indicators))
        if n > 1:
            for col in "BCF":  # goal, completion and funds span the task's indicator rows
                assert f"{col}{r}:{col}{r + n - 1}" in merged, (t.name, col)
        assert (ws.cell(r, 2).value or "") == t.expected_goal.strip()
        assert ws.cell(r, 6).value == pytest.approx(float(t.funds))
        assert ws.cell(r, 6).number_format == "#,##0.00"
        for k, ind in enumerate(t.indicators):
            assert (ws.cell(r + k, 4).value or "") == ind.category
            assert (ws.cell(r + k, 5).value or "") == "\n".join(
                p.strip() for p in ind.completion.splitlines() if p.strip()
            )
        r += n
    assert ws.cell(r, 1).value == "存在问题"
    assert ws.cell(r + 1, 1).value == "改进措施"


def test_every_key_indicator_completion(seed_book: openpyxl.Workbook, seed_form: Form) -> None:
    ws = seed_book["自评表"]
    head = _find(ws, "关键指标", 2)
    for i, k in enumerate(seed_form.key_indicators, start=1):
        assert ws.cell(head + i, 2).value == k.name
        assert ws.cell(head + i, 3).value == k.expected_value
        assert ws.cell(head + i, 4).value == k.completion
        assert f"D{head + i}:F{head + i}" in _merged(ws)
    label = _find(ws, "年度关键指标", 1)
    assert f"A{label}:A{label + len(seed_form.key_indicators)}" in _merged(ws)


def test_row_heights_follow_text_length(seed_book: openpyxl.Workbook) -> None:
    ws = seed_book["自评表"]
    goal = _find(ws, "年度整体目标", 2) + 1  # the overall goal texts: long
    short = _find(ws, "党群站验收合格率", 2)
    assert ws.row_dimensions[goal].height > 200
    assert ws.row_dimensions[short].height <= 25
    assert all((ws.row_dimensions[r].height or 0) <= 409 for r in range(1, ws.max_row + 1))


def test_a_text_too_tall_for_one_row_spans_several(seed_form: Form, tmp_path: Path) -> None:
    seed_form.overall_goal_completion = "完成率达到百分之百，" * 400  # 4000 characters
    ev = make_evaluation(seed_form, not_met={}, undetermined={}, findings=[], overrides={})
    render_xlsx(ev, tmp_path / "tall.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "tall.xlsx")["自评表"]
    top = _find(ws, "年度整体目标", 2) + 1
    span = next(r for r in ws.merged_cells.ranges if r.min_row == top and r.min_col == 4)
    assert span.max_row > top  # several sheet rows…
    rows = range(span.min_row, span.max_row + 1)
    assert all(ws.row_dimensions[r].height <= 409 for r in rows)
    assert sum(ws.row_dimensions[r].height for r in rows) > 409  # …tall enough together
    # every column of that grid row is merged over the same sheet rows
    b = next(r for r in ws.merged_cells.ranges if r.min_row == top and r.min_col == 2)
    assert (b.min_row, b.max_row) == (span.min_row, span.max_row)
    assert ws.cell(top, 4).value.startswith("完成率达到百分之百")


def test_page_setup_for_printing(seed_book: openpyxl.Workbook) -> None:
    ws = seed_book["自评表"]
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert int(ws.page_setup.fitToWidth) == 1 and int(ws.page_setup.fitToHeight) == 0
    assert ws.print_title_rows == "$1:$2"
    assert ws.column_dimensions["E"].width >= 30
    assert ws["B5"].alignment.wrap_text


def test_notes_become_comments(seed_book: openpyxl.Workbook, seed_form: Form) -> None:
    ws = seed_book["自评表"]
    r = _find(ws, seed_form.key_indicators[2].completion, 4)
    comment = ws.cell(r, 4).comment
    assert comment is not None and "【无法判断】完成情况只列出病例数" in comment.text
    ok = _find(ws, seed_form.key_indicators[1].completion, 4)
    assert "【已达成】" in ws.cell(ok, 4).comment.text
    assert ws.cell(r, 4).fill.fgColor.rgb.endswith("FFF3D1")


def test_findings_sheet(practice_eval: Evaluation, tmp_path: Path) -> None:
    render_xlsx(practice_eval, tmp_path / "p.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "p.xlsx")["检查发现"]
    header = [c.value for c in ws[1]]
    assert header == ["序号", "严重程度", "规则", "位置", "位置说明", "行号", "说明"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    assert [r[1] for r in rows] == ["错误", "错误", "警告"]
    assert rows[0][3] == "funds.adjustment_rate" and rows[0][4] == "部门资金情况·预算调整率"
    assert "10.99%" in rows[0][6]
    assert ws.freeze_panes == "A2"


def test_score_sheet(practice_eval: Evaluation, tmp_path: Path) -> None:
    render_xlsx(practice_eval, tmp_path / "p.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "p.xlsx")["评分"]
    facts = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(1, 6)}
    s = practice_eval.score
    assert facts["得分"] == pytest.approx(float(s.total))
    assert facts["得分上限（待定项全部达成时）"] == pytest.approx(float(s.upper))
    assert facts["待定项"] == 1
    values = [[c.value for c in r] for r in ws.iter_rows()]
    part_names = {r[1] for r in values}
    assert {"预算执行", "年度关键指标"} <= part_names
    item = next(r for r in values if r[0] == "key_indicators[5]")
    assert item[4] == "未达成" and item[5] == pytest.approx(2.0)
    assert item[9] == pytest.approx(2.0) and item[10] == "结案率接近目标，酌情给一半分"
    assert item[11] == "王复核"
    pending = next(r for r in values if r[0] == "key_indicators[7]")
    assert pending[5] == "待定"


def test_verdicts_sheet(practice_eval: Evaluation, tmp_path: Path) -> None:
    render_xlsx(practice_eval, tmp_path / "p.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "p.xlsx")["指标判定"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    assert len(rows) == len(practice_eval.verdicts)
    by_path = {r[0]: r for r in rows}
    assert by_path["key_indicators[3]"][4] == "未达成"
    assert by_path["key_indicators[7]"][4] == "无法判断"


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    form = Form(
        department='=HYPERLINK("x","y")',
        key_indicators=[KeyIndicator(name="=1+1", expected_value="≥1", completion="完成\x012项")],
    )
    ev = make_evaluation(form, not_met={}, undetermined={}, findings=[], overrides={})
    render_xlsx(ev, tmp_path / "f.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "f.xlsx")["自评表"]
    r = _find(ws, "部门名称", 1)
    assert ws.cell(r, 2).value == '=HYPERLINK("x","y")'
    assert ws.cell(r, 2).data_type == "s"
    k = _find(ws, "=1+1", 2)
    assert ws.cell(k, 2).data_type == "s"
    assert ws.cell(k, 4).value == "完成2项"  # a control character Excel refuses is dropped


def test_written_atomically(seed_eval: Evaluation, tmp_path: Path) -> None:
    target = tmp_path / "out.xlsx"
    target.write_bytes(b"old")
    render_xlsx(seed_eval, target)
    assert target.read_bytes()[:2] == b"PK"
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]
    bad = seed_eval.model_copy(update={"score": None})
    with pytest.raises(AttributeError):
        render_xlsx(bad, target)  # fails before writing: the old file stays whole
    assert openpyxl.load_workbook(target).sheetnames[0] == "自评表"
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]


def test_numbers_left_empty_stay_empty(tmp_path: Path) -> None:
    form = Form(department="某局")
    form.funds.annual_budget = Decimal("100")
    ev = make_evaluation(form, not_met={}, undetermined={}, findings=[], overrides={})
    render_xlsx(ev, tmp_path / "e.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "e.xlsx")["自评表"]
    r = _find(ws, "实际支出数", 2)
    assert ws.cell(r, 3).value is None
    assert ws.cell(_find(ws, "整体支出年度预算数", 2), 3).value == 100
