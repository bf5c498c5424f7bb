"""The evaluation as an Excel workbook: the official table plus findings and score sheets."""

from __future__ import annotations

import io
import os
from collections.abc import Iterable, Sequence
from decimal import Decimal
from math import ceil
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.cell.cell import Cell as XlCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.worksheet import Worksheet

from jixiao.assess.types import Verdict
from jixiao.checks.types import Severity
from jixiao.fileio import write_atomic
from jixiao.render.layout import (
    SEVERITY_LABEL,
    SEVERITY_ORDER,
    VERDICT_LABEL,
    Cell,
    Layout,
    build_layout,
    describe_path,
    row_heights,
    wrapped_lines,
)
from jixiao.scoring.types import Evaluation

FORM_SHEET = "自评表"
FINDINGS_SHEET = "检查发现"
SCORE_SHEET = "评分"
VERDICTS_SHEET = "指标判定"

FONT_NAME = "宋体"
MONEY_FORMAT = "#,##0.00"
RATE_FORMAT = "0.00%"
# Column widths of the official table, in Excel character units (A..F).
FORM_WIDTHS = (14.0, 30.0, 36.0, 13.0, 40.0, 13.0)
LINE_PT = 14.0  # one line of 10 pt text
PAD_PT = 5.0
MIN_ROW_PT = 20.0
MAX_ROW_PT = 409.0  # Excel's limit for one row
MAX_CELL_CHARS = 32767  # Excel's limit for one cell

_thin = Side(style="thin", color="333333")
BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
_hair = Side(style="thin", color="BBBBBB")
LIST_BORDER = Border(left=_hair, right=_hair, top=_hair, bottom=_hair)
FONT = Font(name=FONT_NAME, size=10)
BOLD = Font(name=FONT_NAME, size=10, bold=True)
TITLE_FONT = Font(name=FONT_NAME, size=16, bold=True)
HEAD_FILL = PatternFill("solid", fgColor="F2F2F2")
STATUS_FILL = {
    "bad": PatternFill("solid", fgColor="FDE7E5"),
    "doubt": PatternFill("solid", fgColor="FFF3D1"),
}
SEVERITY_FILL = {
    Severity.ERROR: PatternFill("solid", fgColor="FDE7E5"),
    Severity.WARNING: PatternFill("solid", fgColor="FFF3D1"),
    Severity.INFO: PatternFill("solid", fgColor="E6EFFA"),
}
VERDICT_FILL = {
    Verdict.MET: PatternFill("solid", fgColor="E3F4E6"),
    Verdict.NOT_MET: PatternFill("solid", fgColor="FDE7E5"),
    Verdict.UNDETERMINED: PatternFill("solid", fgColor="FFF3D1"),
}
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_TOP_LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)
_RIGHT = Alignment(horizontal="right", vertical="center", wrap_text=True)
ALIGN = {
    "label": _CENTER,
    "head": _CENTER,
    "name": _CENTER,
    "category": _CENTER,
    "text": _TOP_LEFT,
    "blank": _TOP_LEFT,
    "money": _RIGHT,
    "rate": _RIGHT,
}


def render_xlsx(ev: Evaluation, path: str | os.PathLike[str]) -> None:
    """Write ``ev`` as an .xlsx workbook at ``path`` (atomically).

    Sheets: 自评表 (the official table with its merged cells; verdicts and
    findings as cell comments), 检查发现, 评分 and 指标判定.
    """
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = FORM_SHEET
    _form_sheet(ws, build_layout(ev))
    _findings_sheet(wb.create_sheet(FINDINGS_SHEET), ev)
    _score_sheet(wb.create_sheet(SCORE_SHEET), ev)
    _verdicts_sheet(wb.create_sheet(VERDICTS_SHEET), ev)
    buf = io.BytesIO()
    wb.save(buf)
    write_atomic(path, buf.getvalue())


# -- values ------------------------------------------------------------------
def _clean(text: str) -> str:
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    if len(text) > MAX_CELL_CHARS:
        text = text[: MAX_CELL_CHARS - 1] + "…"
    return text


def _put(cell: XlCell, value: Any) -> None:
    """Set a value; text is always text (a form text starting with = is no formula)."""
    if isinstance(value, str):
        cell.value = _clean(value)
        cell.data_type = "s"
    else:
        cell.value = value


def _num(v: Decimal | None) -> float | None:
    return None if v is None else float(v)


# -- the official table ------------------------------------------------------
def _form_sheet(ws: Worksheet, layout: Layout) -> None:
    for i, w in enumerate(FORM_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ncols = len(FORM_WIDTHS)

    # title and unit rows
    _put(ws.cell(1, 1), layout.title.text)
    ws.cell(1, 1).font = TITLE_FONT
    ws.cell(1, 1).alignment = _CENTER
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols)
    ws.row_dimensions[1].height = 32
    _put(ws.cell(2, 1), layout.unit.text)
    ws.cell(2, 1).font = FONT
    ws.cell(2, 1).alignment = Alignment(horizontal="right", vertical="center")
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=ncols)
    ws.row_dimensions[2].height = 20
    for c, r in ((layout.title, 1), (layout.unit, 2)):
        if c.has_notes:
            _comment(ws.cell(r, 1), c, FORM_WIDTHS[0] * 4)

    rows = [r for b in layout.blocks for r in b.rows]
    heights = row_heights(
        rows, [w - 1.5 for w in FORM_WIDTHS], MIN_ROW_PT, line=LINE_PT, pad=PAD_PT
    )
    # A grid row taller than Excel allows becomes several sheet rows, merged in every column.
    split = [max(1, ceil(h / MAX_ROW_PT)) for h in heights]
    start = [0] * (len(rows) + 1)
    start[0] = 3
    for i, k in enumerate(split):
        start[i + 1] = start[i] + k
        for j in range(k):
            ws.row_dimensions[start[i] + j].height = round(heights[i] / k, 1)

    for c in (c for r in rows for c in r):
        top = start[c.row]
        bottom = start[c.row + c.rowspan] - 1
        left, right = c.col + 1, c.col + c.colspan
        xc = ws.cell(top, left)
        _form_value(xc, c)
        xc.border = BORDER
        xc.alignment = ALIGN[c.kind]
        xc.font = BOLD if c.kind in ("label", "head", "name") else FONT
        fill = HEAD_FILL if c.is_header else STATUS_FILL.get(c.status or "")
        if fill is not None:
            xc.fill = fill
        if c.has_notes:
            _comment(xc, c, sum(FORM_WIDTHS[c.col : c.col + c.colspan]))
        if bottom > top or right > left:
            _merge(ws, top, left, bottom, right, xc)

    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.print_title_rows = "1:2"
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.print_area = f"A1:{get_column_letter(ncols)}{start[-1] - 1}"
    ws.sheet_view.zoomScale = 100


def _merge(ws: Worksheet, top: int, left: int, bottom: int, right: int, xc: XlCell) -> None:
    """Merge a range and border every cell of it (so the merged area prints framed).

    ``Worksheet.merge_cells`` does the same edge by edge with new style objects,
    which costs most of the workbook's time; one shared border is enough here.
    """
    ws.merged_cells.add(MergedCellRange(ws, f"{xc.coordinate}:{get_column_letter(right)}{bottom}"))
    for r in range(top, bottom + 1):
        for k in range(left, right + 1):
            if r != top or k != left:
                ws.cell(r, k).border = BORDER


def _form_value(xc: XlCell, c: Cell) -> None:
    if c.kind == "money":
        _put(xc, _num(c.number))
        xc.number_format = MONEY_FORMAT
    elif c.kind == "rate":
        _put(xc, None if c.number is None else float(c.number / 100))
        xc.number_format = RATE_FORMAT
    elif c.text:
        _put(xc, "\n".join(c.paragraphs))


def _comment(xc: XlCell, c: Cell, width_chars: float) -> None:
    text = "\n".join(c.note_lines())
    width = max(240, min(480, int(width_chars * 8)))
    lines = wrapped_lines(text, width / 7)
    comment = Comment(_clean(text), "jixiao", height=min(400, 20 + lines * 16), width=width)
    xc.comment = comment


# -- list sheets -------------------------------------------------------------
def _table(
    ws: Worksheet,
    top: int,
    header: Sequence[str],
    widths: Sequence[float],
    rows: Iterable[Sequence[Any]],
    formats: dict[int, str] | None = None,
    fills: Sequence[PatternFill | None] | None = None,
    fill_col: int = 0,
) -> int:
    """Write a header and rows from row ``top``; returns the next free row."""
    for i, (h, w) in enumerate(zip(header, widths, strict=True), start=1):
        xc = ws.cell(top, i)
        _put(xc, h)
        xc.font = BOLD
        xc.fill = HEAD_FILL
        xc.border = LIST_BORDER
        xc.alignment = _CENTER
        letter = get_column_letter(i)
        if (ws.column_dimensions[letter].width or 0) < w:
            ws.column_dimensions[letter].width = w
    r = top
    for n, values in enumerate(rows):
        r += 1
        need = MIN_ROW_PT - 4
        for i, v in enumerate(values, start=1):
            xc = ws.cell(r, i)
            _put(xc, v)
            xc.font = FONT
            xc.border = LIST_BORDER
            xc.alignment = _TOP_LEFT
            if formats and i in formats:
                xc.number_format = formats[i]
            if isinstance(v, str) and v:
                need = max(need, wrapped_lines(v, widths[i - 1] - 1.5) * LINE_PT + 4)
        if fills is not None and fills[n] is not None:
            ws.cell(r, fill_col).fill = fills[n]  # type: ignore[assignment]
        ws.row_dimensions[r].height = min(MAX_ROW_PT, need)
    return r + 1


def _list_page_setup(ws: Worksheet, header_row: int) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"


def _findings_sheet(ws: Worksheet, ev: Evaluation) -> None:
    findings = sorted(ev.findings, key=lambda f: (SEVERITY_ORDER[f.severity], f.line or 0))
    rows = [
        (
            n,
            SEVERITY_LABEL[f.severity],
            f.rule,
            f.path,
            describe_path(ev.form, f.path),
            f.line,
            f.message,
        )
        for n, f in enumerate(findings, start=1)
    ]
    header = ("序号", "严重程度", "规则", "位置", "位置说明", "行号", "说明")
    widths = (6, 10, 26, 26, 40, 8, 70)
    end = _table(
        ws,
        1,
        header,
        widths,
        rows,
        fills=[SEVERITY_FILL[f.severity] for f in findings],
        fill_col=2,
    )
    if not rows:
        _put(ws.cell(2, 7), "未发现问题")
    ws.freeze_panes = "A2"
    if rows:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{end - 1}"
    _list_page_setup(ws, 1)


def _points(v: Decimal | None) -> float | None:
    return None if v is None else float(v)


def _score_sheet(ws: Worksheet, ev: Evaluation) -> None:
    s = ev.score
    grade = s.grade if s.grade == s.grade_upper else f"{s.grade}–{s.grade_upper}"
    facts: list[tuple[str, Any]] = [
        ("评分方案", s.scheme),
        ("得分", _points(s.total)),
        ("得分上限（待定项全部达成时）", _points(s.upper)),
        ("等级", grade),
        ("待定项", s.pending),
    ]
    ws.column_dimensions["A"].width = 24
    for r, (k, v) in enumerate(facts, start=1):
        _put(ws.cell(r, 1), k)
        ws.cell(r, 1).font = BOLD
        ws.cell(r, 1).fill = HEAD_FILL
        _put(ws.cell(r, 2), v)
        ws.cell(r, 2).font = FONT
        ws.cell(r, 2).alignment = Alignment(horizontal="left")
        for col in (1, 2):
            ws.cell(r, col).border = LIST_BORDER
    r = len(facts) + 2
    _put(ws.cell(r, 1), "评分构成")
    ws.cell(r, 1).font = BOLD
    parts = [
        (p.id, p.name, _points(p.weight), _points(p.points), _points(p.upper), p.detail)
        for p in s.parts
    ]
    r = _table(
        ws, r + 1, ("编号", "部分", "权重", "得分", "上限", "说明"), (24, 22, 10, 10, 10, 40), parts
    )
    r += 1
    _put(ws.cell(r, 1), "各项得分")
    ws.cell(r, 1).font = BOLD
    items = []
    fills: list[PatternFill | None] = []
    for i in s.items:
        o = i.override
        items.append(
            (
                i.path,
                i.name,
                i.part,
                _points(i.weight),
                VERDICT_LABEL[i.verdict] if i.verdict else "",
                _points(i.points) if i.points is not None else "待定",
                _points(i.upper),
                i.explanation,
                VERDICT_LABEL[o.verdict] if o and o.verdict else "",
                _points(o.score) if o and o.score is not None else None,
                o.comment if o else "",
                (o.reviewer or "") if o else "",
            )
        )
        fills.append(VERDICT_FILL.get(i.verdict) if i.verdict else None)
    header = (
        "位置",
        "指标",
        "部分",
        "权重",
        "判定",
        "得分",
        "上限",
        "说明",
        "复核结论",
        "复核得分",
        "复核说明",
        "复核人",
    )
    widths = (24, 22, 10, 10, 10, 10, 10, 40, 10, 10, 30, 10)
    _table(ws, r + 1, header, widths, items, fills=fills, fill_col=5)
    ws.freeze_panes = None
    _list_page_setup(ws, r + 1)


def _verdicts_sheet(ws: Worksheet, ev: Evaluation) -> None:
    rows = [
        (
            v.path,
            v.name,
            v.target_text,
            v.actual_text,
            VERDICT_LABEL[v.verdict],
            v.ratio,
            v.explanation,
            v.line,
        )
        for v in ev.verdicts
    ]
    header = ("位置", "指标", "预期", "完成情况", "判定", "完成比例", "说明", "行号")
    widths = (24, 22, 20, 40, 8, 10, 50, 8)
    end = _table(
        ws,
        1,
        header,
        widths,
        rows,
        formats={6: "0.0%"},
        fills=[VERDICT_FILL[v.verdict] for v in ev.verdicts],
        fill_col=5,
    )
    ws.freeze_panes = "A2"
    if rows:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{end - 1}"
    _list_page_setup(ws, 1)
