"""Write a form as the practice files were made: the same template, layout, widths and fonts.

``../shared/examples/office/practice-1/`` holds one department's form as an Excel
workbook, a Word document and a web page, and the PDFs LibreOffice prints from the
workbook and the document. This module writes any form (a dict in the shared JSON
shape) the same way, so that other departments' files "made the same way" can be
measured (``tests/importers/heldout.py`` builds the held-out corpus with it):

* one table on a six-column grid weighted 14 : 30 : 40 : 13 : 46 : 16 (the sheet's
  column widths in characters; the document's grid and the page's ``colgroup`` in
  the same proportions), 宋体 10 pt, labels centred, texts left, figures right;
* 部门名称 over five columns; 部门资金情况 merged down its four rows, the right-hand
  labels over two columns; 年度整体目标 with a bold sub-header row; 年度关键指标 merged
  down its rows with a bold header row (关键指标 | 预期实现值 | 指标完成情况); the bold
  task header; a task's goal, goal completion and funds merged over its indicator
  rows, its name merged over the sub-tasks sharing it, a category merged over
  consecutive rows of that category; 存在问题 and 改进措施 over five columns;
* the workbook: figures stored as numbers shown through ``#,##0.00`` and rates as
  fractions through ``0.00%``; row heights from the texts' line counts (14.5 pt a
  line, at least 20); manual page breaks where the next task no longer fits the
  page, the 年度关键指标 label merged anew on each page it continues on, the task
  header row as the print titles, a centred 第 x 页，共 y 页 footer;
* the document and the page: figures as text (31,593.14 and 95.64%).

``Setup`` varies what a department's copy of the template may change: paper
orientation, margins, print scale or fit to width, manual page breaks, the
repeated header, thousands separators, a 合计 row, rows that may not break.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from html import escape
from pathlib import Path
from typing import Any

from tests.importers.officegen import Cell

WIDTHS = (14, 30, 40, 13, 46, 16)  # the practice sheet's column widths (characters)
TASK_HEAD = ("主要任务", "预期目标", "目标完成情况", "关键指标", "指标完成情况", "任务涉及资金")
FUNDS_ROWS = (
    ("整体支出年度预算数", "annual_budget", "整体支出年初预算数", "initial_budget"),
    ("实际支出数", "actual_expenditure", "年度调整额", "adjustment"),
    ("其中：一般公共预算", "general_public_budget", "", None),
    ("预算完成率", "execution_rate", "预算调整率", "adjustment_rate"),
)
RATES = frozenset({"execution_rate", "adjustment_rate"})
A4 = (595.3, 841.9)  # points, portrait
LINE_PT = 14.5  # one line of 10 pt 宋体 (Noto Serif CJK as printed) in a sheet row
MAX_ROW_PT = 409.0  # Excel's highest row


@dataclass(frozen=True)
class Setup:
    """A department's page setup and template choices (the practice file's are the defaults)."""

    landscape: bool = True
    margins: tuple[float, float, float, float] = (0.5, 0.5, 0.6, 0.7)  # l, r, t, b (inches)
    doc_margins: tuple[int, int, int, int] = (850, 850, 1020, 1020)  # the document's, twips
    scale: int = 85  # print scale (per cent) of the workbook
    fit_width: bool = False  # the workbook printed fitted to the page width
    breaks: bool = True  # manual page breaks where the next task does not fit (workbook)
    repeat_header: bool = True  # the task header row printed on every page
    thousands: bool = True  # figures with thousands separators
    total_row: bool = False  # a 合计 row under the tasks
    cant_split: bool = False  # document rows may not break across pages
    over_then_down: bool = False  # pages of a too-wide sheet: over, then down
    font_pt: float = 10.0


@dataclass
class Layout:
    cells: list[Cell]
    heights: list[float]  # points, one per grid row (the workbook's row heights)
    header_row: int  # the task header's grid row
    breaks: list[int]  # grid rows after which a manual page break falls


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def line_count(text: str, chars: float) -> int:
    """How many lines a text takes in a cell ``chars`` characters wide (as the practice sheet)."""
    if not text:
        return 1
    return sum(max(1, math.ceil(display_width(p) / chars)) for p in text.split("\n"))


def row_height(lines: int) -> float:
    return float(max(20, int(LINE_PT * lines + 5.5)))


def _figure(gold: dict, field: str | None) -> Decimal | None:
    if field is None:
        return None
    v = gold["funds"].get(field)
    return None if v is None else Decimal(str(v))


def layout(gold: dict, setup: Setup, paged: bool) -> Layout:
    """The template's cells for ``gold``; ``paged``: the workbook's page breaks and restarts."""
    cells: list[Cell] = []
    heights: list[float] = []

    def add(r: int, c: int, text: str = "", rs: int = 1, cs: int = 1, kind: str = "text",
            value: Decimal | None = None) -> Cell:  # fmt: skip
        cell = Cell(r, c, text, rs, cs, value=value, kind=kind)
        cells.append(cell)
        return cell

    def new_row(height: float = 20.0) -> int:
        heights.append(height)
        return len(heights) - 1

    def chars(c: Cell) -> float:
        return sum(WIDTHS[c.col : c.col + c.colspan])

    year = gold.get("year")
    title = f"{gold['title']}（{year}年度）" if year else gold["title"]
    r = new_row(37)
    add(r, 0, title, cs=6, kind="title")
    r = new_row(18)
    add(r, 0, f"单位：{gold['unit']}", cs=6, kind="unit")
    r = new_row()
    add(r, 0, "部门名称", kind="label")
    add(r, 1, gold["department"], cs=5)
    first = len(heights)
    for k, (l1, f1, l2, f2) in enumerate(FUNDS_ROWS):
        r = new_row()
        if k == 0:
            add(r, 0, "部门资金情况", rs=4, kind="label")
        add(r, 1, l1, kind="label")
        add(r, 2, kind="rate" if f1 in RATES else "money", value=_figure(gold, f1))
        add(r, 3, l2, cs=2, kind="label")
        add(r, 5, kind="rate" if f2 in RATES else "money", value=_figure(gold, f2))
    assert len(heights) == first + 4
    r = new_row()
    add(r, 0, "年度整体目标", rs=2, kind="label")
    add(r, 1, "年度整体目标", cs=2, kind="head")
    add(r, 3, "整体目标完成情况", cs=3, kind="head")
    r = new_row()
    add(r, 1, gold["overall_goal"], cs=2)
    add(r, 3, gold["overall_goal_completion"], cs=3)
    key_head = new_row()
    add(key_head, 1, "关键指标", kind="head")
    add(key_head, 2, "预期实现值", kind="head")
    add(key_head, 3, "指标完成情况", cs=3, kind="head")
    key_rows = []
    for ki in gold["key_indicators"]:
        r = new_row()
        key_rows.append(r)
        add(r, 1, ki["name"])
        add(r, 2, ki["expected_value"], kind="center")
        add(r, 3, ki["completion"], cs=3)
    header_row = new_row()
    for c, text in enumerate(TASK_HEAD):
        add(header_row, c, text, kind="head")
    # Tasks: groups of sub-tasks sharing a name; a task has one row an indicator.
    groups: list[list[tuple[dict, list[int]]]] = []
    tasks = gold["tasks"]
    k = 0
    while k < len(tasks):
        group = []
        name = tasks[k]["name"]
        while k < len(tasks) and tasks[k]["name"] == name and (not group or name):
            t = tasks[k]
            rows = [new_row() for _ in range(max(1, len(t["indicators"])))]
            group.append((t, rows))
            k += 1
        groups.append(group)
    for group in groups:
        for t, rows in group:
            r0, n = rows[0], len(rows)
            add(r0, 1, t["expected_goal"], rs=n)
            add(r0, 2, t["goal_completion"], rs=n)
            add(r0, 5, kind="money", rs=n, value=_figure({"funds": t}, "funds"))
            inds = t["indicators"]
            j = 0
            while j < n:
                cat = inds[j]["category"] if inds else ""
                span = 1
                while j + span < len(inds) and inds[j + span]["category"] == cat:
                    span += 1
                add(rows[j], 3, cat, rs=span, kind="label")
                for m in range(span):
                    add(rows[j + m], 4, inds[j + m]["completion"] if inds else "")
                j += span
    total_row = None
    if setup.total_row:
        total_row = new_row()
        add(total_row, 0, "合计", cs=5, kind="label")
        funds = [Decimal(str(t["funds"])) for t in tasks if t.get("funds") is not None]
        add(total_row, 5, kind="money", value=sum(funds, Decimal(0)))
    r = new_row()
    add(r, 0, "存在问题", kind="label")
    add(r, 1, gold["problems"], cs=5)
    r = new_row()
    add(r, 0, "改进措施", kind="label")
    add(r, 1, gold["improvement_measures"], cs=5)

    # Row heights: each row fits its own cells' lines; a merged cell's rows together fit it.
    for c in cells:
        if c.rowspan == 1 and c.kind not in ("title", "unit") and c.text:
            need = row_height(line_count(c.text, chars(c)))
            heights[c.row] = min(MAX_ROW_PT, max(heights[c.row], need))
    name_spans = [(g[0][1][0], g[-1][1][-1], g[0][0]["name"]) for g in groups]
    merged = [c for c in cells if c.rowspan > 1 and c.text] + [
        Cell(a, 0, name, b - a + 1) for a, b, name in name_spans
    ]
    for c in merged:
        need = LINE_PT * line_count(c.text, chars(c)) + 5.5
        have = sum(heights[c.row : (c.row + c.rowspan - 1) + 1])
        if need > have:
            extra = (need - have) / c.rowspan
            for rr in range(c.row, (c.row + c.rowspan - 1) + 1):
                heights[rr] = min(MAX_ROW_PT, math.ceil(heights[rr] + extra))

    # Pages: break where the next unit does not fit; the key label and a task name shared by
    # sub-tasks are merged anew on each page they continue on.
    breaks: list[int] = []
    key_starts = [key_head]
    name_starts: dict[int, list[int]] = {g[0][1][0]: [g[0][1][0]] for g in groups}
    if paged and setup.breaks:
        _paginate(
            heights, setup, key_head, key_rows, header_row, groups, total_row,
            breaks, key_starts, name_starts,
        )  # fmt: skip
    # The merged label cells, per page.
    key_end = key_rows[-1] if key_rows else key_head
    for k, start in enumerate(key_starts):
        end = key_starts[k + 1] - 1 if k + 1 < len(key_starts) else key_end
        add(start, 0, "年度关键指标", rs=end - start + 1, kind="label")
    for a, b, name in name_spans:
        starts = name_starts[a]
        for k, start in enumerate(starts):
            end = starts[k + 1] - 1 if k + 1 < len(starts) else b
            add(start, 0, name, rs=end - start + 1, kind="name")
    return Layout(cells, heights, header_row, breaks)


def _paginate(
    heights: list[float],
    setup: Setup,
    key_head: int,
    key_rows: list[int],
    header_row: int,
    groups: list[list[tuple[dict, list[int]]]],
    total_row: int | None,
    breaks: list[int],
    key_starts: list[int],
    name_starts: dict[int, list[int]],
) -> None:
    """Manual page breaks as the practice sheet has them.

    Rows before the key indicators, each key indicator row, each group of sub-tasks
    sharing a name (the task header goes with the first) and each closing row is a
    unit; a unit that no longer fits starts a new page. A group taller than a page
    goes on by whole sub-tasks, its name merged anew on each page; a sub-task taller
    than a page is left to the program's own page breaks.
    """
    room = _page_room(setup)
    header_h = heights[header_row] if setup.repeat_header else 0.0
    used = 0.0
    header_seen = False

    def new_page(after: int) -> None:
        nonlocal used
        breaks.append(after)
        used = header_h if header_seen else 0.0

    def fresh() -> float:
        return header_h if header_seen else 0.0

    units: list[tuple[str, list[int]]] = [("row", [r]) for r in range(key_head)]
    units.append(("row", [key_head, *key_rows[:1]]))  # the key header goes with a row
    units += [("key", [r]) for r in key_rows[1:]]
    for n, g in enumerate(groups):
        rows = [rr for _, rs in g for rr in rs]
        units.append(("group", [header_row, *rows] if n == 0 else rows))
    if total_row is not None:
        units.append(("row", [total_row]))
    units += [("row", [len(heights) - 2]), ("row", [len(heights) - 1])]
    gi = 0
    for kind, rows in units:
        h = sum(heights[r] for r in rows)
        if kind != "group":
            if used + h > room and used > fresh():
                new_page(rows[0] - 1)
                if kind == "key":
                    key_starts.append(rows[0])
            used += h
            continue
        group = groups[gi]
        gi += 1
        if used + h <= room:
            used += h
            header_seen = True
            continue
        if h <= room - header_h or len(group) == 1:
            if used > fresh():
                new_page(rows[0] - 1)
            used += h
            header_seen = True
            continue
        # Taller than a page: sub-task by sub-task.
        first = group[0][1][0]
        for k, (_, sub) in enumerate(group):
            piece = [header_row, *sub] if (k == 0 and rows[0] == header_row) else sub
            ph = sum(heights[r] for r in piece)
            if used + ph > room and used > fresh():
                new_page(piece[0] - 1)
                if k:
                    name_starts[first].append(sub[0])
            used += ph
            header_seen = True


def _page_room(setup: Setup) -> float:
    """The sheet height (points) one printed page holds, with a little to spare."""
    short, long = A4
    paper_h = short if setup.landscape else long
    _, _, top, bottom = setup.margins
    usable = paper_h - 72 * (top + bottom)
    return usable / (_scale(setup) / 100) * 0.985


def _scale(setup: Setup) -> float:
    if not setup.fit_width:
        return setup.scale
    short, long = A4
    paper_w = long if setup.landscape else short
    left, right, _, _ = setup.margins
    # Calibri 11's character is 7 px; LibreOffice prints the columns some 3 % wider.
    table_pt = sum(w * 7 + 5 for w in WIDTHS) * 0.75 * 1.035
    return min(100.0, 100 * (paper_w - 72 * (left + right)) / table_pt)


def _money(value: Decimal | None, kind: str, setup: Setup) -> str:
    if value is None:
        return ""
    if kind == "rate":
        return f"{value:.2f}%"
    return f"{value:,.2f}" if setup.thousands else f"{value:.2f}"


# -- the workbook -----------------------------------------------------------------------


def write_xlsx(gold: dict, setup: Setup, path: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.worksheet.pagebreak import Break

    lay = layout(gold, setup, paged=True)
    wb = Workbook()
    ws = wb.active
    ws.title = "部门整体支出绩效自评表"
    ws.sheet_view.showGridLines = False
    for k, w in enumerate(WIDTHS):
        ws.column_dimensions["ABCDEF"[k]].width = w
    for r, h in enumerate(lay.heights):
        ws.row_dimensions[r + 1].height = h
    thin = Side(style="thin", color="000000")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    song = Font(name="宋体", size=setup.font_pt)
    bold = Font(name="宋体", size=setup.font_pt, bold=True)
    money_fmt = "#,##0.00" if setup.thousands else "0.00"
    for c in lay.cells:
        cell = ws.cell(c.row + 1, c.col + 1)
        if c.kind in ("money", "rate"):
            if c.value is not None:
                cell.value = float(c.value / 100) if c.kind == "rate" else float(c.value)
                cell.number_format = "0.00%" if c.kind == "rate" else money_fmt
            cell.font = song
            cell.border = box
            cell.alignment = Alignment(horizontal="right", vertical="center", indent=1)
        elif c.kind == "title":
            cell.value = c.text
            cell.font = Font(name="宋体", size=16, bold=True)
            cell.alignment = Alignment(horizontal="center", vertical="center")
        elif c.kind == "unit":
            cell.value = c.text
            cell.font = song
            cell.alignment = Alignment(horizontal="right", vertical="center")
        else:
            cell.value = c.text or None
            cell.font = bold if c.kind == "head" else song
            cell.border = box
            left = c.kind in ("text", "name")
            cell.alignment = Alignment(
                horizontal="left" if left else "center", vertical="center", wrap_text=True
            )
        if c.rowspan > 1 or c.colspan > 1:
            ws.merge_cells(
                start_row=c.row + 1,
                start_column=c.col + 1,
                end_row=(c.row + c.rowspan - 1) + 1,
                end_column=c.col + c.colspan,
            )
    ws.print_options.horizontalCentered = True
    left, right, top, bottom = setup.margins
    ws.page_margins.left, ws.page_margins.right = left, right
    ws.page_margins.top, ws.page_margins.bottom = top, bottom
    ws.page_margins.header = ws.page_margins.footer = 0.3
    ws.page_setup.orientation = "landscape" if setup.landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    if setup.fit_width:
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
    else:
        ws.page_setup.scale = setup.scale
    if setup.over_then_down:
        ws.page_setup.pageOrder = "overThenDown"
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.oddFooter.center.font = "宋体"
    ws.oddFooter.center.size = 9
    if setup.repeat_header:
        ws.print_title_rows = f"{lay.header_row + 1}:{lay.header_row + 1}"
    ws.print_area = f"A1:F{len(lay.heights)}"
    for after in lay.breaks:
        ws.row_breaks.append(Break(id=after + 1))
    wb.save(path)
    return path


# -- the document -----------------------------------------------------------------------


def write_docx(gold: dict, setup: Setup, path: Path) -> Path:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Emu, Pt, Twips

    lay = layout(gold, setup, paged=False)
    doc = Document()
    sec = doc.sections[0]
    short, long = 11906, 16838  # A4 in twips
    sec.orientation = WD_ORIENT.LANDSCAPE if setup.landscape else WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = (
        (Twips(long), Twips(short)) if setup.landscape else (Twips(short), Twips(long))
    )
    left, right, top, bottom = (Twips(m) for m in setup.doc_margins)
    sec.left_margin, sec.right_margin, sec.top_margin, sec.bottom_margin = left, right, top, bottom
    text_w = sec.page_width - sec.left_margin - sec.right_margin
    grid = [int(Emu(text_w).twips * w / sum(WIDTHS)) for w in WIDTHS]

    def run(p, text: str, bold: bool = False, size: float = setup.font_pt) -> None:
        r = p.add_run(text)
        r.bold = bold
        r.font.size = Pt(size)
        r.font.name = "宋体"
        fonts = r._element.get_or_add_rPr().get_or_add_rFonts()
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attr), "宋体")

    title, unit = lay.cells[0], lay.cells[1]
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_after = Pt(6)
    run(p, title.text, bold=True, size=16)
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run(p, unit.text)
    body = [c for c in lay.cells if c.kind not in ("title", "unit")]
    top_row = min(c.row for c in body)
    nrows = len(lay.heights) - top_row
    table = doc.add_table(rows=nrows, cols=6)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tbl = table._tbl
    for k, gc in enumerate(tbl.tblGrid.findall(qn("w:gridCol"))):
        gc.set(qn("w:w"), str(grid[k]))
    rows = [list(tr.tc_lst) for tr in tbl.tr_lst]
    drop: set[tuple[int, int]] = set()
    align = {
        "text": WD_ALIGN_PARAGRAPH.LEFT,
        "name": WD_ALIGN_PARAGRAPH.LEFT,
        "money": WD_ALIGN_PARAGRAPH.RIGHT,
        "rate": WD_ALIGN_PARAGRAPH.RIGHT,
    }
    from docx.table import _Cell

    for c in body:
        r0 = c.row - top_row
        for r in range(r0, r0 + c.rowspan):
            tc = rows[r][c.col]
            pr = tc.get_or_add_tcPr()
            width = OxmlElement("w:tcW")
            width.set(qn("w:type"), "dxa")
            width.set(qn("w:w"), str(sum(grid[c.col : c.col + c.colspan])))
            for old in pr.findall(qn("w:tcW")):
                pr.remove(old)
            pr.append(width)
            if c.colspan > 1:
                span = OxmlElement("w:gridSpan")
                span.set(qn("w:val"), str(c.colspan))
                pr.append(span)
                drop.update((r, col) for col in range(c.col + 1, c.col + c.colspan))
            if c.rowspan > 1:
                merge = OxmlElement("w:vMerge")
                if r == r0:
                    merge.set(qn("w:val"), "restart")
                pr.append(merge)
            valign = OxmlElement("w:vAlign")
            valign.set(qn("w:val"), "center")
            pr.append(valign)
        cell = _Cell(rows[r0][c.col], table)
        text = _money(c.value, c.kind, setup) if c.kind in ("money", "rate") else c.text
        paras = text.split("\n") if text else [""]
        for k, part in enumerate(paras):
            p = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
            p.alignment = align.get(c.kind, WD_ALIGN_PARAGRAPH.CENTER)
            if part:
                run(p, part, bold=c.kind == "head")
    for r, col in drop:
        tc = rows[r][col]
        tc.getparent().remove(tc)
    trs = tbl.tr_lst
    for tr in trs:
        if setup.cant_split:
            tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    doc.save(str(path))
    return path


# -- the web page -----------------------------------------------------------------------


def write_html(gold: dict, setup: Setup, path: Path) -> Path:
    lay = layout(gold, setup, paged=False)
    title, unit = lay.cells[0], lay.cells[1]
    total = sum(WIDTHS)
    cols = "".join(f'<col style="width:{100 * w / total:.1f}%">' for w in WIDTHS)
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{escape(title.text)}</title>",
        "<style>",
        "body{font-family:'宋体',SimSun,'Noto Serif CJK SC',serif;font-size:10.5pt}",
        "table{border-collapse:collapse;width:100%}",
        "td{border:1px solid #000;padding:3px 4px;vertical-align:middle}",
        "td.c{text-align:center}td.n{text-align:right}td.h{text-align:center;font-weight:bold}",
        "p{margin:0}",
        "</style>",
        "</head>",
        "<body>",
        f'<p style="text-align:center;font-size:16pt;font-weight:bold">{escape(title.text)}</p>',
        f'<p style="text-align:right">{escape(unit.text)}</p>',
        '<table border="1" cellspacing="0" cellpadding="3">',
        f"<colgroup>{cols}</colgroup>",
    ]
    body = [c for c in lay.cells if c.kind not in ("title", "unit")]
    by_row: dict[int, list[Cell]] = {}
    for c in body:
        by_row.setdefault(c.row, []).append(c)
    cls = {"label": "c", "center": "c", "head": "h", "money": "n", "rate": "n"}
    for r in sorted(by_row):
        tds = []
        for c in sorted(by_row[r], key=lambda c: c.col):
            attrs = ""
            if c.rowspan > 1:
                attrs += f' rowspan="{c.rowspan}"'
            if c.colspan > 1:
                attrs += f' colspan="{c.colspan}"'
            if c.kind in cls:
                attrs += f' class="{cls[c.kind]}"'
            text = _money(c.value, c.kind, setup) if c.kind in ("money", "rate") else c.text
            lines = [escape(x) for x in text.split("\n")]
            inner = "".join(f"<p>{x}</p>" for x in lines) if len(lines) > 1 else lines[0]
            tds.append(f"<td{attrs}>{inner}</td>")
        out.append("<tr>" + "".join(tds) + "</tr>")
    out += ["</table>", "</body>", "</html>", ""]
    path.write_text("\n".join(out), encoding="utf-8")
    return path


WRITERS = {"xlsx": write_xlsx, "docx": write_docx, "html": write_html}


def write(gold: dict[str, Any], fmt: str, setup: Setup, path: Path) -> Path:
    """Write ``gold`` (shared JSON shape) as a practice-style ``fmt`` file at ``path``."""
    return WRITERS[fmt](gold, setup, path)
