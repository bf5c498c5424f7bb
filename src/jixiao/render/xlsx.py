"""The evaluation as an Excel workbook: the official table, then findings, score and verdicts.

The 自评表 sheet is laid out for A4 landscape print the way the PDF is (``render.pages``):
each page begins with its section's column heads, a task continued on a new page reprints
its name with （续）, and manual page breaks keep the pages where they were planned. The
sheet adds two columns of its own: 序号 (the form's numbering, in front) and 评价 (the
verdicts and findings of the row as printed text, at the end); full explanations are also
cell comments.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable, Sequence
from copy import copy
from datetime import date
from decimal import Decimal
from math import ceil, floor
from typing import Any
from weakref import WeakKeyDictionary

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.cell.cell import Cell as XlCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from jixiao.assess.types import Verdict
from jixiao.cells import char_width, line_spans, wrap
from jixiao.checks.types import Severity
from jixiao.fileio import write_atomic
from jixiao.paths import Sources, describe_path, number_of
from jixiao.render.layout import NCOLS, Cell, Layout, build_layout
from jixiao.render.pages import Box, Page, Piece, Unit, continued, paginate, piece_content
from jixiao.render.summary import Report, build_report
from jixiao.scoring.types import POINTS_FORMAT, Evaluation, round2

FORM_SHEET = "自评表"
FINDINGS_SHEET = "检查发现"
SCORE_SHEET = "评分"
VERDICTS_SHEET = "指标判定"

FONT_NAME = "宋体"
DEFAULT_FONT_NAME = "Arial"
MONEY_FORMAT = "#,##0.00"
RATE_FORMAT = "0.00%"
# Column widths of the form sheet, in Excel character units: 序号, the six columns of the
# official table, 评价.
FORM_WIDTHS = (5.0, 12.0, 26.0, 32.0, 12.0, 36.0, 12.0, 20.0)
MARKS_COL = NCOLS  # 0-based column of 评价
MARKS_HEAD = "评价"
LINE_PT = 14.0  # one line of 10 pt text
PAD_PT = 5.0
MIN_ROW_PT = 20.0
MAX_ROW_PT = 409.0  # Excel's limit for one row
MAX_CELL_CHARS = 32767  # Excel's limit for one cell
TITLE_PT, UNIT_PT = 32.0, 20.0
SIGNOFF_PT = 15.0 + 28.0  # a blank row, then the sign-off row

# A4 landscape in points, and the print margins (inches, as Excel stores them).
PAPER_W, PAPER_H = 841.9, 595.3
MARGIN_SIDE, MARGIN_TOP, MARGIN_BOTTOM, MARGIN_HEADER = 0.4, 0.7, 0.7, 0.3
PX_PER_CHAR = 7.6  # a column unit in pixels: the default font's digit width (7 in Excel, 7.4 in LibreOffice) and some
SAFETY = 0.96  # page capacity kept free for rounding in Excel's and LibreOffice's layout

_thin = Side(style="thin", color="333333")
BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
_hair = Side(style="thin", color="BBBBBB")
LIST_BORDER = Border(left=_hair, right=_hair, top=_hair, bottom=_hair)
FONT = Font(name=FONT_NAME, size=10)
BOLD = Font(name=FONT_NAME, size=10, bold=True)
MUTED = Font(name=FONT_NAME, size=9, color="555555")
LINK = Font(name=FONT_NAME, size=10, color="1F4E9E", underline="single")
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
    "no": _CENTER,
    "text": _TOP_LEFT,
    "blank": _TOP_LEFT,
    "marks": _TOP_LEFT,
    "money": _RIGHT,
    "rate": _RIGHT,
}


def render_xlsx(
    ev: Evaluation, path: str | os.PathLike[str], *, generated: date | None = None
) -> None:
    """Write ``ev`` as an .xlsx workbook at ``path`` (atomically).

    Sheets: 自评表 (the official table, paged for A4 print, with 序号 and 评价 columns
    and comments), 检查发现 (each finding linked to its cell), 评分 (the score item by
    item, numbers as numbers) and 指标判定.
    """
    layout = build_layout(ev)
    report = build_report(ev, layout, generated)
    wb = Workbook()
    _default_font(wb)
    ws = wb.active
    assert ws is not None
    ws.title = FORM_SHEET
    where = _form_sheet(ws, layout, report)
    _findings_sheet(wb.create_sheet(FINDINGS_SHEET), report, where)
    _score_sheet(wb.create_sheet(SCORE_SHEET), ev, report, where)
    _verdicts_sheet(wb.create_sheet(VERDICTS_SHEET), ev, report, where, layout)
    buf = io.BytesIO()
    wb.save(buf)
    write_atomic(path, buf.getvalue())


def _default_font(wb: Workbook) -> None:
    """Arial 10 as the workbook's default font: column widths are counted in its digit
    width, which Excel (Arial) and LibreOffice (the metric-compatible Liberation Sans)
    agree on, so the sheet prints at the planned scale in both."""
    font = Font(name=DEFAULT_FONT_NAME, size=10)
    wb._fonts = IndexedList([font])  # the first font is the default of every cell
    wb._named_styles["Normal"].font = font


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
    elif isinstance(value, Decimal):
        cell.value = float(value)
    else:
        cell.value = value


def _points(v: Decimal | None) -> float | None:
    """Points as the evaluation JSON has them: 2 decimals, half up."""
    return None if v is None else float(round2(v))


class _Styles:
    """Cell styles by their parts, each built once per workbook and copied onto cells.

    Setting font, border, alignment, fill and number format one by one makes openpyxl
    look each up in the workbook's style tables (hashing the style objects) for every
    cell; a style already built is copied whole instead.
    """

    def __init__(self) -> None:
        # per workbook: a style's index numbers belong to the workbook that built it
        self.books: WeakKeyDictionary[Workbook, dict[tuple[int, ...], Any]] = WeakKeyDictionary()

    def apply(
        self,
        xc: XlCell,
        font: Font = FONT,
        border: Border | None = None,
        alignment: Alignment | None = None,
        fill: PatternFill | None = None,
        number_format: str | None = None,
    ) -> None:
        built = self.books.setdefault(xc.parent.parent, {})
        key = (id(font), id(border), id(alignment), id(fill), hash(number_format))
        style = built.get(key)
        if style is not None:
            xc._style = copy(style)
            return
        xc.font = font
        if border is not None:
            xc.border = border
        if alignment is not None:
            xc.alignment = alignment
        if fill is not None:
            xc.fill = fill
        if number_format is not None:
            xc.number_format = number_format
        built[key] = copy(xc._style)


def _link(xc: XlCell, target: str | None) -> None:
    """Make ``xc`` a link to a cell of the form sheet (``'自评表'!F54``)."""
    if target:
        xc.hyperlink = Hyperlink(ref=xc.coordinate, location=target)
        xc.font = LINK


# -- the official table ------------------------------------------------------
def _sheet_width_pt() -> float:
    return sum(w * PX_PER_CHAR * 0.75 for w in FORM_WIDTHS)


def print_scale() -> int:
    """The print scale (percent) that fits the form sheet's width on A4 landscape."""
    printable = PAPER_W - 2 * MARGIN_SIDE * 72
    return max(10, min(100, floor(printable / (_sheet_width_pt() * 1.03) * 100)))


def page_capacity() -> float:
    """How many points of row height one printed page holds at :func:`print_scale`."""
    printable = PAPER_H - (MARGIN_TOP + MARGIN_BOTTOM) * 72
    return printable / (print_scale() / 100) * SAFETY


class _Sizer:
    """Cell contents in lines of known height (points), by the same line breaking as print."""

    def width(self, col: int, span: int) -> float:
        return max(2.0, sum(FORM_WIDTHS[col : col + span]) - 1.5)

    def lines(self, paras: list[str], width: float) -> list[Unit]:
        units = []
        for i, para in enumerate(paras):
            for start, end in line_spans(para, width):
                units.append(Unit(LINE_PT, para=i, start=start, end=end))
        return units

    def box(self, cell: Cell) -> Box:
        width = self.width(cell.col, cell.colspan)
        paras = cell.paragraphs
        units = self.lines(paras, width)
        cont: list[Unit] = []
        if cell.mode == "repeat":
            cont = self.lines(continued(paras) if cell.kind in ("label", "name") else paras, width)
        return Box(cell, units, PAD_PT, cont)


def _marks_boxes(layout: Layout, sizer: _Sizer) -> list[Box]:
    """The 评价 column: a 评价 head in each section's head rows, and for every other row
    the marks of the cells that start in it (a section head's own marks go to its first
    body row, so they print once)."""
    by_row: dict[int, list[str]] = {}
    head_rows: set[int] = set()
    for b in layout.blocks:
        first_body = b.rows[b.head_rows][0].row if len(b.rows) > b.head_rows else None
        for i, r in enumerate(b.rows):
            for c in r:
                if i < b.head_rows:
                    head_rows.add(c.row)
                    if first_body is not None:
                        by_row.setdefault(first_body, []).extend(c.marks())
                else:
                    by_row.setdefault(c.row, []).extend(c.marks())
    out = []
    width = sizer.width(MARKS_COL, 1)
    for r in range(layout.nrows):
        if r in head_rows:
            cell = Cell("head", MARKS_HEAD, row=r, col=MARKS_COL)
            units = sizer.lines(cell.paragraphs, width)
            out.append(Box(cell, units, PAD_PT, units))
        else:
            cell = Cell("marks", "\n".join(by_row.get(r, [])), row=r, col=MARKS_COL)
            out.append(Box(cell, sizer.lines(cell.paragraphs, width), PAD_PT, []))
    return out


def form_pages(layout: Layout) -> list[Page]:
    """The form sheet cut into printed pages (heights in points)."""
    sizer = _Sizer()
    return paginate(
        layout.blocks,
        sizer.box,
        page_capacity(),
        first_extra=TITLE_PT + UNIT_PT,
        min_row=MIN_ROW_PT,
        min_part=2 * LINE_PT + PAD_PT,
        extra_boxes=_marks_boxes(layout, sizer),
    )


def _form_sheet(ws: Worksheet, layout: Layout, report: Report) -> dict[str, str]:
    """Write the form; returns where each anchored cell went (cell id → sheet reference)."""
    for i, w in enumerate(FORM_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ncols = len(FORM_WIDTHS)
    last = get_column_letter(ncols)

    # title and unit rows
    _put(ws.cell(1, 1), layout.title.text)
    ws.cell(1, 1).font = TITLE_FONT
    ws.cell(1, 1).alignment = _CENTER
    ws.merge_cells(f"A1:{last}1")
    ws.row_dimensions[1].height = TITLE_PT
    _put(ws.cell(2, 1), layout.unit.text)
    ws.cell(2, 1).font = FONT
    ws.cell(2, 1).alignment = Alignment(horizontal="right", vertical="center")
    ws.merge_cells(f"A2:{last}2")
    ws.row_dimensions[2].height = UNIT_PT
    where: dict[str, str] = {"c-form": f"'{FORM_SHEET}'!A1", layout.unit.id: f"'{FORM_SHEET}'!A2"}
    for c, r in ((layout.title, 1), (layout.unit, 2)):
        if c.has_notes:
            _comment(ws.cell(r, 1), c.note_lines(), 60)

    row = 3
    pages = form_pages(layout)
    for n, page in enumerate(pages):
        if n:
            ws.row_breaks.append(Break(id=row - 1))
        for sec in page.sections:
            starts = [row]
            for r in sec.rows:
                k = max(1, ceil(r.height / MAX_ROW_PT))  # Excel caps a row's height
                for j in range(k):
                    ws.row_dimensions[row + j].height = round(r.height / k, 1)
                row += k
                starts.append(row)
            for p in sec.pieces:
                top, bottom = starts[p.row], starts[p.row + p.rowspan] - 1
                ref = _piece(ws, p, top, bottom)
                if p.cell.id and not p.cont:
                    where.setdefault(p.cell.id, f"'{FORM_SHEET}'!{ref}")

    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.scale = print_scale()
    ws.sheet_properties.pageSetUpPr.fitToPage = False
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = MARGIN_SIDE
    ws.page_margins.top, ws.page_margins.bottom = MARGIN_TOP, MARGIN_BOTTOM
    ws.page_margins.header = ws.page_margins.footer = MARGIN_HEADER
    _running_header(ws, report)
    ws.print_area = f"A1:{last}{row - 1}"
    ws.sheet_view.zoomScale = 100
    if report.signoff:
        if pages and pages[-1].height + SIGNOFF_PT > page_capacity():
            ws.row_breaks.append(Break(id=row))  # no room left: the sign-off on a page of its own
        _signoff(ws, report, row + 1)
        rows = -(-len(report.signoff) // len(SIGNOFF_COLS))
        ws.print_area = f"A1:{last}{row + rows}"
    return where


def _piece(ws: Worksheet, p: Piece, top: int, bottom: int) -> str:
    c = p.cell
    left, right = c.col + 1, c.col + c.colspan
    xc = ws.cell(top, left)
    paras, _ = piece_content(p)
    number_format = None
    if c.kind == "money" and paras:
        _put(xc, c.number)
        number_format = MONEY_FORMAT
    elif c.kind == "rate" and paras:
        _put(xc, None if c.number is None else c.number / 100)
        number_format = RATE_FORMAT
    elif paras:
        _put(xc, "\n".join(paras))
    font = BOLD if c.kind in ("label", "head", "name") else MUTED if c.kind == "no" else FONT
    fill = HEAD_FILL if c.is_header else None if p.cont else STATUS_FILL.get(c.status or "")
    if c.kind == "marks" and c.text:
        fill = _marks_fill(c.text)
    STYLES.apply(xc, font, BORDER, ALIGN[c.kind], fill, number_format)
    if not p.cont and c.kind != "marks" and c.has_notes:
        _comment(xc, c.note_lines(), sum(FORM_WIDTHS[c.col : c.col + c.colspan]))
    if bottom > top or right > left:
        _merge(ws, top, left, bottom, right, xc)
    return xc.coordinate


def _marks_fill(text: str) -> PatternFill | None:
    if Severity.ERROR.label in text or Verdict.NOT_MET.label in text:
        return STATUS_FILL["bad"]
    if Severity.WARNING.label in text or Verdict.UNDETERMINED.label in text:
        return STATUS_FILL["doubt"]
    return None


def _running_header(ws: Worksheet, report: Report) -> None:
    for hf in (ws.oddHeader, ws.evenHeader):
        hf.left.text = _hf(report.department)
        hf.right.text = _hf(report.year)
        hf.left.size = hf.right.size = 9
    for hf in (ws.oddFooter, ws.evenFooter):
        hf.left.text = _hf(f"生成日期 {report.generated}")
        hf.center.text = "第 &P 页，共 &N 页"
        hf.right.text = _hf(f"jixiao {report.version}")
        hf.left.size = hf.center.size = hf.right.size = 8


def _hf(text: str) -> str:
    """Text for a header/footer section: & starts a code there, so it is doubled."""
    return _clean(text).replace("&", "&&")[:250]


SIGNOFF_COLS = ((2, 3), (5, 6), (7, 8))  # (role, line) columns of the sign-off row


def _signoff(ws: Worksheet, report: Report, row: int) -> None:
    """评价人 / 复核人 / 日期 … with a line to sign on, three to a row."""
    for n, role in enumerate(report.signoff):
        r = row + n // len(SIGNOFF_COLS)
        label, line = SIGNOFF_COLS[n % len(SIGNOFF_COLS)]
        _put(ws.cell(r, label), f"{role}：")
        ws.cell(r, label).font = BOLD
        ws.cell(r, label).alignment = Alignment(horizontal="right", vertical="bottom")
        ws.cell(r, line).border = Border(bottom=_thin)
        ws.row_dimensions[r].height = SIGNOFF_PT - 15.0


def _merge(ws: Worksheet, top: int, left: int, bottom: int, right: int, xc: XlCell) -> None:
    """Merge a range and border every cell of it (so the merged area prints framed).

    ``Worksheet.merge_cells`` does the same edge by edge with new style objects,
    which costs most of the workbook's time; one shared border is enough here.
    """
    ws.merged_cells.add(MergedCellRange(ws, f"{xc.coordinate}:{get_column_letter(right)}{bottom}"))
    for r in range(top, bottom + 1):
        for k in range(left, right + 1):
            if r != top or k != left:
                STYLES.apply(ws.cell(r, k), FONT, BORDER)


def _comment(xc: XlCell, lines: list[str], width_chars: float) -> None:
    text = "\n".join(lines)
    width = max(240, min(480, int(width_chars * 8)))
    n = len(wrap(text, width / 7, char_width))
    xc.comment = Comment(_clean(text), "jixiao", height=min(400, 20 + n * 16), width=width)


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
    links: Sequence[tuple[int, str | None]] | None = None,
) -> int:
    """Write a header and rows from row ``top``; returns the next free row.

    ``links`` gives, per row, a 1-based column and the form-sheet cell it links to.
    """
    for i, (h, w) in enumerate(zip(header, widths, strict=True), start=1):
        xc = ws.cell(top, i)
        _put(xc, h)
        STYLES.apply(xc, BOLD, LIST_BORDER, _CENTER, HEAD_FILL)
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
            fmt = formats.get(i) if formats else None
            fill = fills[n] if fills is not None and i == fill_col else None
            STYLES.apply(xc, FONT, LIST_BORDER, _TOP_LEFT, fill, fmt)
            if isinstance(v, str) and v:
                lines = len(wrap(v, widths[i - 1] - 1.5, char_width))
                need = max(need, lines * LINE_PT + 4)
        if links is not None:
            col, target = links[n]
            _link(ws.cell(r, col), target)
        ws.row_dimensions[r].height = min(MAX_ROW_PT, need)
    return r + 1


def _list_page_setup(ws: Worksheet, header_row: int, report: Report) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"
    _running_header(ws, report)


def _findings_sheet(ws: Worksheet, report: Report, where: dict[str, str]) -> None:
    rows = [
        (e.n, e.finding.severity.label, e.rule, e.where, e.number, e.source, e.finding.message)
        for e in report.findings
    ]
    header = ("序号", "严重程度", "规则", "位置（点击转到表中）", "表中序号", "原表位置", "说明")
    widths = (6, 10, 26, 40, 9, 18, 70)
    end = _table(
        ws,
        1,
        header,
        widths,
        rows,
        fills=[SEVERITY_FILL[e.finding.severity] for e in report.findings],
        fill_col=2,
        links=[(4, where.get(e.target)) for e in report.findings],
    )
    if not rows:
        _put(ws.cell(2, 7), "未发现问题")
    ws.freeze_panes = "A2"
    if rows:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{end - 1}"
    _list_page_setup(ws, 1, report)


STYLES = _Styles()
SCORE_CELL = "B3"  # the 评分 sheet's 得分 value (the JSON's score.total)


def _score_sheet(ws: Worksheet, ev: Evaluation, report: Report, where: dict[str, str]) -> None:
    s = ev.score
    facts: list[tuple[str, Any, str | None]] = [
        ("评分方案", report.scheme, None),
        ("得分" + ("（下限）" if s.is_interval else ""), _points(s.total), POINTS_FORMAT),
        ("得分上限（待复核项全部得分时）", _points(s.upper), POINTS_FORMAT),
        ("等级", report.grade, None),
        ("待复核项", s.pending, "0"),
        ("等级划分", report.bands, None),
        ("数值说明", report.numbers_note, None),
    ]
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 46
    _put(ws.cell(1, 1), f"评分（{report.title}）")
    ws.cell(1, 1).font = BOLD
    for r, (k, v, fmt) in enumerate(facts, start=2):
        _put(ws.cell(r, 1), k)
        ws.cell(r, 1).font = BOLD
        ws.cell(r, 1).fill = HEAD_FILL
        xc = ws.cell(r, 2)
        _put(xc, v)
        xc.font = FONT
        xc.alignment = Alignment(horizontal="left", vertical="top", wrap_text=True)
        if fmt:
            xc.number_format = fmt
        for col in (1, 2):
            ws.cell(r, col).border = LIST_BORDER
        if isinstance(v, str) and len(v) > 20:
            ws.row_dimensions[r].height = len(wrap(v, 44, char_width)) * LINE_PT + 4
    r = len(facts) + 3
    _put(ws.cell(r, 1), "评分构成")
    ws.cell(r, 1).font = BOLD
    # The parts and the items share columns: A what, B how, C–E points, F the rule.
    parts = [
        (
            p.name,
            p.detail,
            _points(p.weight),
            _points(p.points),
            _points(p.upper),
            "；".join(f"{case}：{rule}" for case, rule in p.rules),
        )
        for p in s.parts
    ]
    fmt = {3: POINTS_FORMAT, 4: POINTS_FORMAT, 5: POINTS_FORMAT}
    r = _table(
        ws,
        r + 1,
        ("部分", "说明", "分值", "得分", "上限", "计分规则"),
        (30, 46, 10, 10, 10, 36),
        parts,
        formats=fmt,
    )
    r += 1
    _put(ws.cell(r, 1), "逐项得分")
    ws.cell(r, 1).font = BOLD
    verdicts = {v.path: v for v in ev.verdicts}
    items = []
    fills: list[PatternFill | None] = []
    for row in report.items:
        i, o = row.item, row.item.override
        v = verdicts.get(i.path)
        ratio = v.ratio if v is not None and v.ratio is not None else None
        if ratio is None and i.path == "funds.execution_rate" and row.ratio:
            ratio = float(ev.form.funds.execution_rate or 0) / 100
        items.append(
            (
                row.where,
                i.explanation,
                _points(i.weight),
                _points(i.points),
                _points(i.upper),
                i.basis,
                row.verdict,
                ratio,
                "待复核" if i.pending else "",
                row.number,
                o.verdict.label if o and o.verdict else "",
                _points(o.score) if o and o.score is not None else None,
                o.comment if o else "",
                (o.reviewer or "") if o else "",
            )
        )
        fills.append(VERDICT_FILL.get(i.verdict) if i.verdict else None)
    header = (
        "项目（点击转到表中）",
        "计算",
        "分值",
        "得分",
        "上限",
        "计分规则",
        "判定",
        "完成比例",
        "状态",
        "表中序号",
        "复核结论",
        "复核得分",
        "复核说明",
        "复核人",
    )
    widths = (30, 46, 10, 10, 10, 36, 10, 10, 8, 9, 10, 10, 30, 10)
    fmt = {3: POINTS_FORMAT, 4: POINTS_FORMAT, 5: POINTS_FORMAT, 8: RATE_FORMAT, 12: POINTS_FORMAT}
    _table(
        ws,
        r + 1,
        header,
        widths,
        items,
        formats=fmt,
        fills=fills,
        fill_col=7,
        links=[(1, where.get(row.target)) for row in report.items],
    )
    ws.freeze_panes = None
    _list_page_setup(ws, r + 1, report)


def _verdicts_sheet(
    ws: Worksheet, ev: Evaluation, report: Report, where: dict[str, str], layout: Layout
) -> None:
    rows = []
    links = []
    sources = Sources(ev.form)
    for v in ev.verdicts:
        ref = sources.of(v.path)
        rows.append(
            (
                describe_path(ev.form, v.path),
                number_of(v.path),
                v.target_text,
                v.actual_text,
                v.verdict.label,
                v.ratio,
                v.explanation,
                ref.describe() if ref else "",
            )
        )
        links.append((1, where.get(layout.cell_for(v.path).id)))
    header = (
        "指标（点击转到表中）",
        "表中序号",
        "预期",
        "完成情况",
        "判定",
        "完成比例",
        "说明",
        "原表位置",
    )
    widths = (40, 9, 20, 40, 9, 10, 50, 18)
    end = _table(
        ws,
        1,
        header,
        widths,
        rows,
        formats={6: RATE_FORMAT},
        fills=[VERDICT_FILL[v.verdict] for v in ev.verdicts],
        fill_col=5,
        links=links,
    )
    ws.freeze_panes = "A2"
    if rows:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{end - 1}"
    _list_page_setup(ws, 1, report)
