"""Print a form as a PDF the way departments' programs do, for the PDF importer's tests.

``render(gold, style)`` lays a form (a dict in the shared JSON shape) out as the
official table in HTML and prints it with WeasyPrint. ``Style`` varies what
differs between programs and departments — page size and margins, column widths,
font family and size, border width, cell padding and alignment — and the
artefacts of printing:

* a page break before a task that does not fit: the task moves to the next page
  whole, and the merged cells that go on (the 年度关键指标 label) are not drawn
  again there, so that page's table lacks those columns;
* manual page breaks inside a section (``key_breaks``, ``task_breaks``), after
  which the merged cells that go on are drawn again (``restart``: empty, with
  their text again, or with （续）), as Excel and Word print them;
* a row cut by a manual break (``cut``): its long texts are split where a printed
  line ends, the first lines stay above the break and the rest, with the rest of
  any merged goal cell going on, starts the next page;
* the task header repeated on every page (``thead``), a running header and page
  footer (``running``), page numbers, the title and unit printed at the top of
  every page (``title_every_page``), and every section printed as a separate
  table with its own columns (``split_tables``).
"""

from __future__ import annotations

import html
import itertools
import re
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from weasyprint import HTML

from jixiao.importers.pdf_grid import page_grid
from jixiao.importers.pdf_read import read_pages

FUNDS_ROWS = (
    ("整体支出年度预算数", "annual_budget", "整体支出年初预算数", "initial_budget"),
    ("实际支出数", "actual_expenditure", "年度调整额", "adjustment"),
    ("其中：一般公共预算", "general_public_budget", None, None),
    ("预算完成率", "execution_rate", "预算调整率", "adjustment_rate"),
)
RATES = {"execution_rate", "adjustment_rate"}
TASK_HEAD = ("主要任务", "预期目标", "目标完成情况", "关键指标", "指标完成情况", "任务涉及资金")
NAME, GOAL, DONE, CATEGORY, COMPLETION, FUNDS = range(6)


@dataclass(frozen=True)
class Style:
    page: str = "A4 landscape"
    margin_mm: float = 12.0
    font: str = "Noto Sans CJK SC"
    size_pt: float = 9.0
    widths: tuple[float, ...] = (10, 20, 24, 10, 27, 9)  # the six columns, percent
    border_pt: float = 0.75
    padding_mm: float = 1.2
    valign: str = "middle"
    thead: bool = True  # the task header repeats on every page
    running: bool = False  # running header (department, year) and 第 x 页 共 y 页 footer
    title_every_page: bool = False  # title and unit printed at the top of every page
    page_numbers: bool = True  # a centred 第 x 页，共 y 页 at the bottom
    split_tables: bool = False  # every section its own table, with its own columns
    key_widths: tuple[float, ...] = (14, 32, 20, 34)  # the key table's columns (split_tables)
    key_breaks: tuple[int, ...] = ()  # manual page breaks before these key indicator rows
    task_breaks: tuple[int, ...] = ()  # ... and before these task rows (one row per indicator)
    restart: str = "empty"  # merged label cells after a manual break: empty | same | cont
    cut: bool = False  # a manual break cuts the row above it (and merged goal cells) in two
    merge_categories: bool = True  # consecutive indicators of one category share its cell


@dataclass
class _C:
    text: str
    rowspan: int = 1
    colspan: int = 1
    cls: str = ""

    def html(self) -> str:
        attrs = ""
        if self.rowspan > 1:
            attrs += f' rowspan="{self.rowspan}"'
        if self.colspan > 1:
            attrs += f' colspan="{self.colspan}"'
        if self.cls:
            attrs += f' class="{self.cls}"'
        return f"<td{attrs}>{_esc(self.text)}</td>"


Rows = list[dict[int, _C]]  # per row: the cells starting on it, by column


def _money(v: Any, rate: bool = False) -> str:
    if v is None:
        return ""
    d = Decimal(str(v))
    return f"{d:.2f}%" if rate else f"{d:,.2f}"


def _esc(text: str) -> str:
    return "<br>".join(html.escape(p) for p in (text or "").split("\n"))


def _restarted(c: _C, how: str) -> str:
    if how == "empty" or c.cls not in ("name", "category", "label"):
        return ""
    return c.text if how == "same" else f"{c.text}（续）"


# -- the sections ------------------------------------------------------------------------


def _top(gold: dict) -> list[list[_C]]:
    funds = gold.get("funds") or {}
    rows = [[_C("部门名称", cls="label"), _C(gold.get("department") or "", colspan=5)]]
    for k, (la, fa, lb, fb) in enumerate(FUNDS_ROWS):
        row = [_C("部门资金情况", rowspan=4, cls="label")] if k == 0 else []
        row += [_C(la, cls="label"), _C(_money(funds.get(fa), fa in RATES), cls="money")]
        if lb and fb:
            value = _money(funds.get(fb), fb in RATES)
            row += [_C(lb, cls="label"), _C(value, colspan=2, cls="money")]
        else:
            row += [_C(""), _C("", colspan=2)]
        rows.append(row)
    rows.append(
        [
            _C("年度整体目标", rowspan=2, cls="label"),
            _C("年度整体目标", colspan=2, cls="head"),
            _C("整体目标完成情况", colspan=3, cls="head"),
        ]
    )
    rows.append(
        [
            _C(gold.get("overall_goal") or "", colspan=2, cls="text"),
            _C(gold.get("overall_goal_completion") or "", colspan=3, cls="text"),
        ]
    )
    return rows


def _key_rows(gold: dict, split: bool) -> Rows:
    keys = gold.get("key_indicators") or []
    wide = 1 if split else 3
    rows: Rows = [
        {
            0: _C("年度关键指标", len(keys) + 1, cls="label"),
            1: _C("关键指标", cls="head"),
            2: _C("预期实现值", cls="head"),
            3: _C("指标完成情况", colspan=wide, cls="head"),
        }
    ]
    for k in keys:
        rows.append(
            {
                1: _C(k.get("name") or "", cls="text"),
                2: _C(k.get("expected_value") or "", cls="text"),
                3: _C(k.get("completion") or "", colspan=wide, cls="text"),
            }
        )
    return rows


def _task_rows(gold: dict, merge_categories: bool) -> Rows:
    tasks = gold.get("tasks") or []
    rows: Rows = []
    name_left = 0
    for k, t in enumerate(tasks):
        inds = t.get("indicators") or [{"category": "", "completion": ""}]
        n = len(inds)
        block: Rows = [{} for _ in range(n)]
        if name_left == 0:
            total, j = 0, k
            while j < len(tasks) and (j == k or tasks[j].get("name") == t.get("name")):
                total += len(tasks[j].get("indicators") or [None])
                j += 1
            block[0][NAME] = _C(t.get("name") or "", total, cls="name")
            name_left = total
        name_left -= n
        block[0][GOAL] = _C(t.get("expected_goal") or "", n, cls="text")
        block[0][DONE] = _C(t.get("goal_completion") or "", n, cls="text")
        block[0][FUNDS] = _C(_money(t.get("funds")), n, cls="money")
        i = 0
        while i < n:
            span = 1
            cat = inds[i].get("category") or ""
            if merge_categories and cat:
                while i + span < n and (inds[i + span].get("category") or "") == cat:
                    span += 1
            block[i][CATEGORY] = _C(cat, span, cls="category")
            for m in range(i, i + span):
                block[m][COMPLETION] = _C(inds[m].get("completion") or "", cls="text")
            i += span
        rows.extend(block)
    return rows


# -- manual page breaks ------------------------------------------------------------------


def _covering(rows: Rows, r: int) -> dict[int, tuple[int, _C]]:
    """The cells covering row r, by column: (row they start on, cell)."""
    out = {}
    for r0 in range(r + 1):
        for col, c in rows[r0].items():
            if r0 + c.rowspan > r:
                out[col] = (r0, c)
    return out


def _cut_rows(
    rows: Rows, breaks: list[int], halves: dict[int, tuple[str, str]]
) -> tuple[Rows, list[int]]:
    """Cut the row above each break in two: its texts (and merged text cells) split by ``halves``.

    ``halves`` maps id(cell) to (first lines, rest). The first lines stay above the
    break; a new row after it holds the rest. Returns the rows and the moved breaks.
    """
    out: Rows = []
    moved = []
    for r, row in enumerate(rows):
        out.append(dict(row))
        if r + 1 not in breaks or r + 1 >= len(rows):
            continue
        rest: dict[int, _C] = {}
        for col, (r0, c) in _covering(rows, r).items():
            single = r0 == r and c.rowspan == 1
            first, second = halves.pop(id(c), (c.text, ""))  # a text is split once
            c.text = first
            if second:
                c.cls += " cut"  # the first lines run down to the page's foot
            if single:
                rest[col] = _C(second, colspan=c.colspan, cls=c.cls.replace(" cut", "") + " rest")
            else:
                c.rowspan += 1
                if second:
                    c.rest = (len(out), second)  # type: ignore[attr-defined]
        moved.append(len(out))
        out.append(rest)
    return out, moved


@dataclass
class _Row:
    cells: list[_C]
    group: bool = False  # starts a group kept on one page (the tasks under one merged name)
    height: float | None = None  # points
    mark: str = ""  # a tiny marker printed in the row (to find it in a first print)

    def html(self) -> str:
        style = f' style="height:{self.height:.1f}pt"' if self.height else ""
        cells = [c.html() for c in self.cells]
        if self.mark and cells:
            tiny = f'<span style="font-size:2pt">{self.mark}</span>'
            cells[-1] = cells[-1].replace("</td>", tiny + "</td>")
        return f"<tr{style}>{''.join(cells)}</tr>"


def _pieces(
    rows: Rows,
    breaks: list[int],
    how: str,
    name: str = "",
    fill: dict[str, float] | None = None,
    marks: bool = False,
) -> list[list[_Row]]:
    """Rows cut into pieces at ``breaks``, merged cells restarted at the top of each piece.

    The last row before each break is marked (``marks``) or given a height from
    ``fill`` (keyed by ``name`` and row number), so that a cut row reaches the
    bottom of its page as it does when a page break cuts a row.
    """
    fill = fill or {}
    pieces = []
    cuts = [0, *sorted(b for b in breaks if 0 < b < len(rows)), len(rows)]
    for a, b in itertools.pairwise(cuts):
        piece = []
        for r in range(a, b):
            row: dict[int, _C] = {}
            if r == a:
                for col, (r0, c) in _covering(rows, a).items():
                    if r0 < a:
                        at, rest = getattr(c, "rest", (None, ""))
                        rest = rest if at == a else ""
                        text = rest or _restarted(c, how)
                        base = c.cls.replace(" cut", "")
                        cls = f"{base} rest" if rest else base
                        row[col] = _C(text, min(r0 + c.rowspan, b) - a, c.colspan, cls)
            for col, c in rows[r].items():
                row[col] = _C(c.text, min(c.rowspan, b - r), c.colspan, c.cls)
            out = _Row([row[col] for col in sorted(row)], r > a and NAME in rows[r])
            if r == b - 1 and b < len(rows):
                key = f"{name}{r}"
                out.height = fill.get(key)
                out.mark = f"⟦{key}⟧" if marks else ""
            piece.append(out)
        pieces.append(piece)
    return pieces


# -- the document --------------------------------------------------------------------


def _table(
    rows: list[list[_C]] | list[_Row],
    widths: tuple[float, ...],
    cls: str,
    head: list[_C] | None = None,
    brk: bool = False,
) -> str:
    """A table; rows given with a group flag are kept on one page per group (a task)."""
    cols = "".join(f'<col style="width:{w}%">' for w in widths)
    style = ' style="break-before: page"' if brk else ""
    thead = f"<thead><tr>{''.join(c.html() for c in head)}</tr></thead>" if head else ""
    groups: list[list[_Row]] = [[]]
    for row in rows:
        r = row if isinstance(row, _Row) else _Row(row)
        if r.group and groups[-1]:
            groups.append([])
        groups[-1].append(r)
    body = "".join(
        '<tbody class="keep">' + "".join(r.html() for r in g) + "</tbody>" for g in groups
    )
    return f'<table class="{cls}"{style}><colgroup>{cols}</colgroup>{thead}{body}</table>'


def _css(style: Style, gold: dict, title: str, unit: str) -> str:
    b = style.border_pt
    boxes = ""
    if style.page_numbers:
        counter = '"第 " counter(page) " 页，共 " counter(pages) " 页"'
        if style.running:
            dept = gold.get("department") or ""
            counter = f'"{dept}  第 " counter(page) " 页 共 " counter(pages) " 页"'
        boxes += f"@bottom-center {{ content: {counter}; font-size: 8pt; }}"
    if style.running:
        boxes += f'@top-left {{ content: "{gold.get("department") or ""}"; font-size: 8pt; }}'
        boxes += f'@top-right {{ content: "{gold.get("year")}年度部门整体支出绩效自评"; font-size: 8pt; }}'
    if style.title_every_page:
        boxes += f'@top-center {{ content: "{title}"; font-size: 14pt; font-weight: bold; }}'
        boxes += f'@top-right {{ content: "{unit}"; font-size: 9pt; vertical-align: bottom; }}'
    return f"""
@page {{ size: {style.page}; margin: {style.margin_mm}mm; {boxes} }}
html {{ font-family: "{style.font}"; font-size: {style.size_pt}pt; line-height: 1.4; }}
h1 {{ text-align: center; font-size: {style.size_pt + 6}pt; margin: 0 0 2mm; }}
.unit {{ text-align: right; margin-bottom: 1mm; }}
table {{ border-collapse: collapse; width: 100%; table-layout: fixed; }}
table.cont {{ margin-top: -{b}pt; }}
table.gap {{ margin-top: 3mm; }}
td {{ border: {b}pt solid #000; padding: {style.padding_mm}mm; vertical-align: {style.valign}; overflow-wrap: anywhere; }}
td.label, td.head, td.name, td.category {{ text-align: center; }}
td.money {{ text-align: right; }}
td.rest {{ vertical-align: top; }}
td.cut {{ vertical-align: bottom; }}
thead td {{ font-weight: bold; text-align: center; }}
tr, tbody.keep {{ break-inside: avoid; }}
"""


def _titles(gold: dict) -> tuple[str, str]:
    title = gold.get("title") or ""
    if gold.get("year"):
        title = f"{title}（{gold['year']}年度）"
    return title, (f"单位：{gold['unit']}" if gold.get("unit") else "")


def _halves(
    style: Style, gold: dict, rows: Rows, breaks: list[int], widths: tuple[float, ...]
) -> dict[int, tuple[str, str]]:
    """Where the texts of the rows cut by ``breaks`` end a printed line, about half-way down.

    Each text is printed once alone, in its own column of a table of the same columns.
    """
    cells: list[tuple[_C, int]] = []
    for b in breaks:
        for col, (_r0, c) in _covering(rows, b - 1).items():
            if c.cls == "text" and len(c.text) >= 30 and all(c is not x for x, _ in cells):
                cells.append((c, col))
    if not cells:
        return {}
    probes = []
    for c, col in cells:
        row = [_C("") for _ in range(col)] + [_C(c.text, colspan=c.colspan, cls="text")]
        row += [_C("") for _ in range(col + c.colspan, len(widths))]
        probes.append(_table([row], widths, "form gap"))
    title, unit = _titles(gold)
    plain = replace(style, page_numbers=False, running=False, title_every_page=False)
    doc = f'<html><head><meta charset="utf-8"><style>{_css(plain, gold, title, unit)}</style></head><body>{"".join(probes)}</body></html>'
    pdf = HTML(string=doc).write_pdf()
    tables = [t for p in read_pages(pdf) for t in page_grid(p).tables]
    out: dict[int, tuple[str, str]] = {}
    for (c, col), t in zip(cells, tables, strict=False):
        lines = next(x for x in t.cells if x.c0 == col).lines
        if len(lines) < 2:
            continue
        printed = "".join("".join(ln.text.split()) for ln in lines[: len(lines) // 2])
        i = seen = 0
        while i < len(c.text) and seen < len(printed):
            seen += not c.text[i].isspace()
            i += 1
        if "".join(c.text[:i].split()) == printed:  # else the print did not keep the text
            out[id(c)] = (c.text[:i].rstrip(), c.text[i:].lstrip())
    return out


def html_document(
    gold: dict, style: Style, fill: dict[str, float] | None = None, marks: bool = False
) -> str:
    """The form as an HTML page, styled and broken into pages as ``style`` says.

    ``fill`` and ``marks``: see ``_pieces``.
    """
    title, unit = _titles(gold)
    w = style.widths
    top = _top(gold)
    key_rows = _key_rows(gold, style.split_tables)
    key_breaks = [b + 1 for b in style.key_breaks]
    key_w = style.key_widths if style.split_tables else (w[0], w[1], w[2], w[3] + w[4] + w[5])
    task_rows = _task_rows(gold, style.merge_categories)
    task_breaks = list(style.task_breaks)
    if style.cut:
        halves = _halves(style, gold, key_rows, key_breaks, key_w if style.split_tables else w)
        halves |= _halves(style, gold, task_rows, task_breaks, w)
        key_rows, key_breaks = _cut_rows(key_rows, key_breaks, halves)
        task_rows, task_breaks = _cut_rows(task_rows, task_breaks, halves)
    key_pieces = _pieces(key_rows, key_breaks, style.restart, "k", fill, marks)
    task_pieces = _pieces(task_rows, task_breaks, style.restart, "t", fill, marks)
    head = [_C(t, cls="head") for t in TASK_HEAD]
    tail = [
        [_C("存在问题", cls="label"), _C(gold.get("problems") or "", colspan=5, cls="text")],
        [
            _C("改进措施", cls="label"),
            _C(gold.get("improvement_measures") or "", colspan=5, cls="text"),
        ],
    ]
    cont = "form gap" if style.split_tables else "form cont"
    parts = []
    if style.split_tables:
        parts.append(_table(top[:1], (w[0], 100 - w[0]), "form"))
        parts.append(_table(top[1:5], (w[0], 25, 20, 25, 10, 20 - w[0]), cont))
        goal = [[_C(c.text, c.rowspan, 1, c.cls) for c in row] for row in top[5:]]
        parts.append(_table(goal, (w[0], 40, 60 - w[0]), cont))
        for i, piece in enumerate(key_pieces):
            parts.append(
                _table(piece, key_w, cont, brk=i > 0 or (style.cut and len(key_pieces) > 1))
            )
    elif style.cut and len(key_pieces) > 1:
        # Each piece ending in a cut row starts a page, so that the cut is at a page's foot.
        parts.append(_table(list(map(_Row, top)), w, "form"))
        for piece in key_pieces:
            parts.append(_table(piece, w, "form", brk=True))
    else:
        parts.append(_table([*map(_Row, top), *key_pieces[0]], w, "form"))
        for piece in key_pieces[1:]:
            parts.append(_table(piece, w, "form", brk=True))
    for i, piece in enumerate(task_pieces):
        rows = piece if style.thead or i else [_Row(head), *piece]
        brk = i > 0 or (style.cut and len(task_pieces) > 1)
        parts.append(_table(rows, w, cont, head=head if style.thead else None, brk=brk))
    parts.append(_table(tail, w, cont))
    top_html = (
        ""
        if style.title_every_page
        else f'<h1>{html.escape(title)}</h1><div class="unit">{html.escape(unit)}</div>'
    )
    css = _css(style, gold, title, unit)
    return f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><style>{css}</style></head><body>{top_html}{"".join(parts)}</body></html>'


def render(gold: dict, style: Style) -> bytes:
    """The form printed to PDF bytes.

    With ``style.cut``, a first print finds how far each cut row is from the bottom of
    its page, and the second print makes it that much taller: a page break cuts a row
    only where the page is full.
    """
    if not style.cut:
        return HTML(string=html_document(gold, style)).write_pdf()
    first = HTML(string=html_document(gold, style, marks=True)).write_pdf()
    bottom_margin = style.margin_mm * 72 / 25.4
    fill: dict[str, float] = {}
    for page in read_pages(first):
        for t in page_grid(page).tables:
            for cell in t.cells:
                for ln in cell.lines:
                    m = re.search(r"⟦(\w+)⟧", ln.text)
                    if m and cell.r1 == t.nrows:
                        r = cell.r0
                        gap = page.height - bottom_margin - t.bottom
                        fill[m.group(1)] = t.ys[r + 1] - t.ys[r] + max(gap - 1.5, 0)
    return HTML(string=html_document(gold, style, fill)).write_pdf()
