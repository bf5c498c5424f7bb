"""render_xlsx re-opened with openpyxl: the official layout with 序号 and 评价 columns, paged
for print; findings linked to their cells; the score as numbers equal to the JSON's."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from jixiao.model import Form, KeyIndicator
from jixiao.render import render_xlsx
from jixiao.render.xlsx import MAX_ROW_PT, page_capacity, print_scale
from jixiao.scoring import evaluate, evaluation_to_json
from jixiao.scoring.types import Evaluation

from .conftest import load_form, make_evaluation

HEAD_TEXTS = {"序号", "年度整体目标", "年度整体目标（续）"}  # in column A or B


@pytest.fixture(scope="module", params=["seed.json", "practice-1.json"])
def real(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    ev = evaluate(load_form(request.param))
    path = tmp_path_factory.mktemp("xlsx") / "report.xlsx"
    render_xlsx(ev, path, generated=date(2024, 3, 15))
    return ev, openpyxl.load_workbook(path)


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


def _pages(ws: Worksheet) -> list[range]:
    """The sheet rows of each printed page (manual page breaks)."""
    breaks = sorted(b.id for b in ws.row_breaks.brk)
    last = int(re.search(r"(\d+)$", str(ws.print_area)).group(1))  # type: ignore[union-attr]
    starts = [1, *(b + 1 for b in breaks)]
    ends = [*breaks, last]
    return [range(a, b + 1) for a, b in zip(starts, ends, strict=True)]


def test_sheets_are_named_in_chinese(seed_book: openpyxl.Workbook) -> None:
    assert seed_book.sheetnames == ["自评表", "检查发现", "评分", "指标判定"]


def test_head_values_and_number_formats(seed_book: openpyxl.Workbook, seed_form: Form) -> None:
    ws = seed_book["自评表"]
    assert ws["A1"].value == "黄埔区广州开发区部门整体支出绩效自评表（2021年度）"
    assert ws["A2"].value == "单位：万元"
    r = _find(ws, "部门名称", 2)  # column A is the 序号 column, empty here
    assert ws.cell(r, 1).value is None
    assert ws.cell(r, 3).value == "广州市黄埔区人民政府文冲街道办事处"
    assert f"C{r}:G{r}" in _merged(ws)
    f = seed_form.funds
    expected = {
        "整体支出年度预算数": (f.annual_budget, 4),
        "整体支出年初预算数": (f.initial_budget, 6),
        "实际支出数": (f.actual_expenditure, 4),
        "年度调整额": (f.adjustment, 6),
        "其中：一般公共预算": (f.general_public_budget, 4),
    }
    for label, (value, col) in expected.items():
        cell = ws.cell(_find(ws, label), col)
        assert cell.value == pytest.approx(float(value)), label
        assert cell.number_format == "#,##0.00"
    rate_row = _find(ws, "预算完成率", 3)
    assert ws.cell(rate_row, 4).value == pytest.approx(0.966)
    assert ws.cell(rate_row, 4).number_format == "0.00%"
    assert ws.cell(rate_row, 6).value == pytest.approx(0.0619)
    label_row = _find(ws, "部门资金情况", 2)
    assert f"B{label_row}:B{label_row + 3}" in _merged(ws)


def test_rows_carry_the_forms_numbering_and_texts(real) -> None:
    ev, wb = real
    ws = wb["自评表"]
    form = ev.form
    for i, k in enumerate(form.key_indicators, start=1):
        r = _find(ws, str(i), 1)
        assert (ws.cell(r, 3).value or "") == k.name
        assert (ws.cell(r, 4).value or "") == k.expected_value
        assert (ws.cell(r, 5).value or "").startswith(k.completion.splitlines()[0].strip()[:10])
        assert f"E{r}:G{r}" in _merged(ws)
    for n, t in enumerate(form.tasks, start=1):
        for m, ind in enumerate(t.indicators, start=1):
            r = _find(ws, f"{n}.{m}", 1)
            assert (ws.cell(r, 5).value or "") == ind.category
            first = ind.completion.strip().splitlines()[0].strip() if ind.completion else ""
            assert (ws.cell(r, 6).value or "").startswith(first[:8])
        first_row = _find(ws, f"{n}.1" if t.indicators else str(n), 1)
        assert ws.cell(first_row, 7).value == pytest.approx(float(t.funds))
        assert ws.cell(first_row, 7).number_format == "#,##0.00"


def test_each_page_begins_with_its_sections_head_and_none_ends_with_one(real) -> None:
    _, wb = real
    ws = wb["自评表"]
    pages = _pages(ws)
    assert len(pages) >= 3 and int(ws.page_setup.scale) == print_scale()
    for page in pages[1:]:
        first = page[0]
        heads = {ws.cell(first, 1).value, ws.cell(first, 2).value}
        assert heads & (HEAD_TEXTS | {"部门名称", "存在问题", "改进措施"}), heads
        assert ws.cell(first, 8).value == "评价" or heads & {"部门名称", "存在问题", "改进措施"}
    for page in pages:
        last = page[-1]
        assert ws.cell(last, 1).value != "序号" and ws.cell(last, 8).value != "评价", last
        height = sum(ws.row_dimensions[r].height or 15 for r in page)
        assert height <= page_capacity() + 1  # what was planned fits the page


def test_a_task_continued_on_a_new_page_reprints_its_name(real) -> None:
    ev, wb = real
    ws = wb["自评表"]
    seen: set[int] = set()
    continued = 0
    for page in _pages(ws):
        numbers = [
            (r, ws.cell(r, 1).value)
            for r in page
            if re.fullmatch(r"\d+\.\d+", str(ws.cell(r, 1).value or ""))
        ]
        if not numbers:
            continue
        row, first = numbers[0]
        n, m = (int(x) for x in first.split("."))
        if m > 1 or n in seen:
            continued += 1
            assert ws.cell(row, 2).value == ev.form.tasks[n - 1].name + "（续）"
        seen.update(int(v.split(".")[0]) for _, v in numbers)
    assert continued >= 1


def test_verdicts_are_printed_text_in_the_marks_column(real) -> None:
    ev, wb = real
    ws = wb["自评表"]
    key = {v.path: v for v in ev.verdicts}
    for i, _ in enumerate(ev.form.key_indicators):
        v = key[f"key_indicators[{i}]"]
        r = _find(ws, str(i + 1), 1)
        assert v.verdict.label in (ws.cell(r, 8).value or ""), (i, ws.cell(r, 8).value)
    from jixiao.checks import RULES

    marks = "\n".join(str(c.value) for c in ws["H"] if c.value)
    for f in ev.findings:
        assert f"{f.severity.label}：{RULES[f.rule].title}" in marks


def test_findings_link_to_their_cells(real) -> None:
    from jixiao.paths import number_of

    ev, wb = real
    ws = wb["检查发现"]
    form = wb["自评表"]
    header = [c.value for c in ws[1]]
    assert header == [
        "序号",
        "严重程度",
        "规则",
        "位置（点击转到表中）",
        "表中序号",
        "原表位置",
        "说明",
    ]
    rows = list(ws.iter_rows(min_row=2))
    assert len(rows) == len(ev.findings)
    for row, f in zip(rows, sorted_findings(ev), strict=True):
        link = row[3].hyperlink
        assert link is not None and link.location, row[3].value
        sheet, ref = link.location.split("!")
        assert sheet == "'自评表'"
        target = form[ref]
        number = number_of(f.path)
        if number:  # the linked cell is in the row of the finding's 序号
            shown = form.cell(target.row, 1).value
            assert shown == number or shown.startswith(number + "."), (f.path, ref)
        assert "[" not in str(row[3].value)  # a place in words, not a path
    assert ws.freeze_panes == "A2"


def sorted_findings(ev: Evaluation):  # type: ignore[no-untyped-def]
    from jixiao.checks import sort_findings

    return sort_findings(ev.findings)


def test_score_sheet_numbers_equal_the_json(real) -> None:
    ev, wb = real
    ws = wb["评分"]
    data = evaluation_to_json(ev)["score"]
    assert ws["A3"].value.startswith("得分")
    assert ws["B3"].value == data["total"] and ws["B3"].number_format == "0.00"
    assert ws["B4"].value == data["upper"] and ws["B4"].number_format == "0.00"
    assert ws["B2"].value == ev.score.scheme_name  # the scheme by name, not its id
    values = [[c.value for c in r] for r in ws.iter_rows()]
    flat = " ".join(str(v) for r in values for v in r if v is not None)
    for code in ("dept-overall", "execution", "key_indicators[", "funds.execution_rate", "待定"):
        assert code not in flat
    head = next(i for i, r in enumerate(values) if r[0] == "项目（点击转到表中）")
    items = values[head + 1 : head + 1 + len(ev.score.items)]
    for row, item, json_item in zip(items, ev.score.items, data["items"], strict=True):
        assert row[2] == json_item["weight"]
        assert row[3] == json_item["points"]  # None while pending
        assert row[8] == ("待复核" if item.pending else None)
        assert row[5] == item.basis
    for r in range(head + 2, head + 2 + len(items)):
        for col in (3, 4, 5):
            assert ws.cell(r, col).number_format == "0.00"


def test_reviewer_columns_are_kept(practice_eval: Evaluation, tmp_path: Path) -> None:
    render_xlsx(practice_eval, tmp_path / "p.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "p.xlsx")["评分"]
    values = [[c.value for c in r] for r in ws.iter_rows()]
    head = next(r for r in values if r[0] == "项目（点击转到表中）")
    assert head[10:14] == ["复核结论", "复核得分", "复核说明", "复核人"]
    item = next(r for r in values if r[9] == "6")
    assert item[3] == pytest.approx(2.0) and item[11] == pytest.approx(2.0)
    assert item[12] == "结案率接近目标，酌情给一半分" and item[13] == "王复核"


def test_verdicts_sheet(practice_eval: Evaluation, tmp_path: Path) -> None:
    render_xlsx(practice_eval, tmp_path / "p.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "p.xlsx")["指标判定"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    assert len(rows) == len(practice_eval.verdicts)
    by_number = {r[1]: r for r in rows}
    assert by_number["4"][4] == "未达成" and by_number["8"][4] == "无法判断"
    assert by_number["4"][0].startswith("第4项年度关键指标")


def test_print_furniture(real) -> None:
    ev, wb = real
    ws = wb["自评表"]
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
    assert ws.oddHeader.left.text == ev.form.department
    assert ws.oddHeader.right.text == f"{ev.form.year}年度"
    assert ws.oddFooter.center.text == "第 &P 页，共 &N 页"
    assert ws.oddFooter.left.text == "生成日期 2024-03-15"
    assert ws.oddFooter.right.text.startswith("jixiao ")
    assert all((ws.row_dimensions[r].height or 0) <= MAX_ROW_PT for r in range(1, ws.max_row + 1))
    # the sign-off block of the scheme closes the printed sheet
    last = _pages(ws)[-1][-1]
    assert [c.value for c in ws[last] if c.value] == ["评价人：", "复核人：", "日期："]


def test_notes_become_comments(seed_book: openpyxl.Workbook, seed_form: Form) -> None:
    ws = seed_book["自评表"]
    r = _find(ws, seed_form.key_indicators[2].completion, 5)
    comment = ws.cell(r, 5).comment
    assert comment is not None and "【无法判断】完成情况只列出病例数" in comment.text
    ok = _find(ws, seed_form.key_indicators[1].completion, 5)
    assert "【已达成】" in ws.cell(ok, 5).comment.text
    assert ws.cell(r, 5).fill.fgColor.rgb.endswith("FFF3D1")


def test_a_text_too_tall_for_a_page_goes_on_over_pages(seed_form: Form, tmp_path: Path) -> None:
    seed_form.overall_goal_completion = "完成率达到百分之百，" * 400  # 4000 characters
    ev = make_evaluation(seed_form, not_met={}, undetermined={}, findings=[], overrides={})
    render_xlsx(ev, tmp_path / "tall.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "tall.xlsx")["自评表"]
    parts = [c for c in ws["E"] if "完成率达到百分之百" in str(c.value or "")]
    assert len(parts) >= 2  # cut between lines, continued on the next page
    assert "".join(c.value for c in parts) == "完成率达到百分之百，" * 400
    assert all((ws.row_dimensions[r].height or 0) <= MAX_ROW_PT for r in range(1, ws.max_row + 1))
    assert _find(ws, "年度整体目标（续）", 2)


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    form = Form(
        department='=HYPERLINK("x","y")',
        key_indicators=[KeyIndicator(name="=1+1", expected_value="≥1", completion="完成\x012项")],
    )
    ev = make_evaluation(form, not_met={}, undetermined={}, findings=[], overrides={})
    render_xlsx(ev, tmp_path / "f.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "f.xlsx")["自评表"]
    r = _find(ws, "部门名称", 2)
    assert ws.cell(r, 3).value == '=HYPERLINK("x","y")'
    assert ws.cell(r, 3).data_type == "s"
    k = _find(ws, "=1+1", 3)
    assert ws.cell(k, 3).data_type == "s"
    assert ws.cell(k, 5).value == "完成2项"  # a control character Excel refuses is dropped


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
    r = _find(ws, "实际支出数", 3)
    assert ws.cell(r, 4).value is None
    assert ws.cell(_find(ws, "整体支出年度预算数", 3), 4).value == 100
