"""Write a ``Form`` as the office files departments publish: XLSX, XLS, DOCX and HTML.

The official table is laid out once as cells with spans on a six-column grid
(``layout``), as the templates do: section labels merged down, label cells merged
across, a task's name / goals / funds merged over its indicator rows, a category
merged over consecutive rows of the same category, a name merged over sub-tasks
that share it. ``Variant`` adds what other templates and programs do, each a
case a careful reader still reads unambiguously:

* the table placed away from A1 (``row0``/``col0``) and an empty column inside it;
* label cells merged across a different number of columns (``wide``);
* the 年度关键指标 label cell restarted part-way (a label merged per page);
* the task header row repeated before a later task (printed on each page);
* a 合计 row under the tasks;
* money stored as text (with thousands separators) instead of numbers, and
  numbers with binary floating-point artefacts (15616.279999999999);
* manual line breaks inside long cells, and task names wrapped with one;
* hidden rows and columns holding other text (spreadsheets);
* the table split into two tables at a task boundary (documents, web pages);
* other tables before and after the form, and a GBK page (web pages).

The writers use openpyxl, xlwt, python-docx and lxml, in a temporary folder.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, fields, replace
from decimal import Decimal
from pathlib import Path

from jixiao.model import Form

NCOLS = 6


@dataclass
class Cell:
    row: int
    col: int
    text: str = ""
    rowspan: int = 1
    colspan: int = 1
    value: Decimal | None = None  # a figure
    kind: str = "text"  # text, money, rate, label


@dataclass(frozen=True)
class Variant:
    row0: int = 0
    col0: int = 0
    blank_col: int | None = None  # an empty grid column inserted before this column
    wide: bool = False
    key_restart: bool = False
    header_repeat: bool = False
    total_row: bool = False
    money_as_text: bool = False
    float_artefacts: bool = False
    line_breaks: bool = False
    hidden: bool = False
    split: bool = False
    extra_tables: bool = False
    gbk: bool = False
    numbers: bool = False  # a 序号 column on the left, as jixiao's reports print
    continued: bool = False  # a task's merged name reprinted as 「name（续）」 part-way

    @classmethod
    def plain(cls) -> Variant:
        return cls()

    @classmethod
    def all(cls) -> Variant:
        return cls(2, 1, 3, *[True] * (len(fields(cls)) - 3))

    @classmethod
    def random(cls, rng: random.Random) -> Variant:
        v = cls(
            row0=rng.choice((0, 0, 1, 3)),
            col0=rng.choice((0, 0, 1, 2)),
            blank_col=rng.choice((None, None, 2, 3, 5)),
        )
        flags = {f.name: rng.random() < 0.5 for f in fields(cls)[3:]}
        return replace(v, **flags)


@dataclass
class Table:
    cells: list[Cell]
    split_at: int | None = None  # grid row where a second table starts (documents)
    header_rows: tuple[int, ...] = ()  # rows that are the task header

    @property
    def nrows(self) -> int:
        return max(c.row + c.rowspan for c in self.cells)

    @property
    def ncols(self) -> int:
        return max(c.col + c.colspan for c in self.cells)


def _wrap_name(name: str) -> str:
    half = len(name) // 2
    return name[:half] + "\n" + name[half:] if len(name) >= 8 else name


def layout(form: Form, v: Variant, rng: random.Random) -> Table:
    """The form's official table as cells with spans (before the offset and blank column)."""
    cells: list[Cell] = []
    r = 0

    def add(row: int, col: int, text: str = "", rs: int = 1, cs: int = 1, **kw) -> Cell:
        c = Cell(row, col, text, rs, cs, **kw)
        cells.append(c)
        return c

    title = f"{form.title}（{form.year}年度）" if form.year else form.title
    add(r, 0, title, cs=NCOLS, kind="label")
    add(r + 1, 0, f"单位：{form.unit}", cs=NCOLS, kind="label")
    r += 2
    add(r, 0, "部门名称", kind="label")
    add(r, 1, form.department, cs=5)
    r += 1
    fu = form.funds
    add(r, 0, "部门资金情况", rs=4, kind="label")
    pairs = [
        ("整体支出年度预算数", fu.annual_budget, "整体支出年初预算数", fu.initial_budget, "money"),
        ("实际支出数", fu.actual_expenditure, "年度调整额", fu.adjustment, "money"),
        ("其中：一般公共预算", fu.general_public_budget, "", None, "money"),
        ("预算完成率", fu.execution_rate, "预算调整率", fu.adjustment_rate, "rate"),
    ]
    for k, (l1, v1, l2, v2, kind) in enumerate(pairs):
        add(r + k, 1, l1, kind="label")
        add(r + k, 2, value=v1, kind=kind)
        if v.wide:
            add(r + k, 3, l2, cs=2, kind="label")
            add(r + k, 5, value=v2, kind=kind)
        else:
            add(r + k, 3, l2, kind="label")
            add(r + k, 4, value=v2, cs=2, kind=kind)
    r += 4
    add(r, 0, "年度整体目标", rs=2, kind="label")
    add(r, 1, "年度整体目标", cs=2, kind="label")
    add(r, 3, "整体目标完成情况", cs=3, kind="label")
    add(r + 1, 1, form.overall_goal, cs=2)
    add(r + 1, 3, form.overall_goal_completion, cs=3)
    r += 2
    keys = form.key_indicators
    restart = rng.randrange(1, len(keys)) if v.key_restart and len(keys) >= 2 else None
    first_span = 1 + (restart if restart is not None else len(keys))
    add(r, 0, "年度关键指标", rs=first_span, kind="label")
    add(r, 1, "关键指标", kind="label")
    add(r, 2, "预期实现值", kind="label")
    add(r, 3, "指标完成情况", cs=2 if v.wide else 3, kind="label")
    r += 1
    for k, ki in enumerate(keys):
        if k == restart:
            add(r, 0, "年度关键指标", rs=len(keys) - k, kind="label")
        add(r, 1, ki.name)
        add(r, 2, ki.expected_value)
        add(r, 3, ki.completion, cs=2 if v.wide else 3)
        r += 1
    header_rows = []
    numbers: dict[int, str] = {r - 1 - len(keys) + k: str(k) for k in range(1, len(keys) + 1)}
    numbers[r - 1 - len(keys)] = "序号"

    def header() -> None:
        nonlocal r
        numbers[r] = "序号"
        for col, text in enumerate(
            ("主要任务", "预期目标", "目标完成情况", "关键指标", "指标完成情况", "任务涉及资金")
        ):
            add(r, col, text, kind="label")
        header_rows.append(r)
        r += 1

    header()
    tasks = form.tasks
    repeat_at = rng.randrange(1, len(tasks)) if v.header_repeat and len(tasks) >= 2 else None
    split_at = None
    k = 0
    while k < len(tasks):
        # Sub-tasks sharing a name share one merged name cell.
        group = [tasks[k]]
        while k + len(group) < len(tasks) and tasks[k + len(group)].name == tasks[k].name:
            group.append(tasks[k + len(group)])
        if repeat_at is not None and k <= repeat_at < k + len(group):
            repeat_at = k  # never inside a merged name
        if k == repeat_at and k:
            header()
            if v.split:
                split_at = header_rows[-1]
        elif v.split and split_at is None and k and k >= len(tasks) // 2:
            split_at = r
        heights = [max(len(t.indicators), 1) for t in group]
        name = group[0].name
        total = sum(heights)
        cut = total // 2 if v.continued and total >= 2 else total
        add(r, 0, _wrap_name(name) if v.line_breaks else name, rs=cut)
        if cut < total:
            add(r + cut, 0, f"{name}（续）", rs=total - cut)
        for t, h in zip(group, heights, strict=True):
            for j in range(h):
                numbers[r + j] = f"{k + group.index(t) + 1}.{j + 1}"
            add(r, 1, t.expected_goal, rs=h)
            add(r, 2, t.goal_completion, rs=h)
            add(r, 5, value=t.funds, rs=h, kind="money")
            inds = t.indicators
            j = 0
            while j < h:
                ind = inds[j] if j < len(inds) else None
                span = 1
                while (
                    ind is not None
                    and j + span < len(inds)
                    and inds[j + span].category == ind.category
                    and rng.random() < 0.7
                ):
                    span += 1
                add(r + j, 3, ind.category if ind else "", rs=span)
                for m in range(span):
                    add(r + j + m, 4, inds[j + m].completion if ind else "")
                j += span
            r += h
        k += len(group)
    if v.total_row:
        add(r, 0, "合计", cs=5, kind="label")
        total = sum((t.funds for t in tasks if t.funds is not None), Decimal(0))
        add(r, 5, value=total, kind="money")
        r += 1
    add(r, 0, "存在问题", kind="label")
    add(r, 1, form.problems, cs=5)
    add(r + 1, 0, "改进措施", kind="label")
    add(r + 1, 1, form.improvement_measures, cs=5)
    if v.numbers:
        for c in cells:
            if c.row <= 1:
                c.colspan += 1  # the title and unit span the whole width
            else:
                c.col += 1
        cells += [Cell(row, 0, text, kind="label") for row, text in numbers.items()]
    table = Table(cells, split_at=split_at, header_rows=tuple(header_rows))
    if v.line_breaks:
        for c in cells:
            if c.kind == "text" and c.col in (1, 2) and len(c.text) > 30 and "\n" not in c.text:
                cut = len(c.text) // 2
                c.text = c.text[:cut] + "\n" + c.text[cut:]
    return _place(table, v)


def _place(table: Table, v: Variant) -> Table:
    """Move the table to its offset and insert the blank column."""
    for c in table.cells:
        if v.blank_col is not None:
            if c.col >= v.blank_col:
                c.col += 1
            elif c.col + c.colspan > v.blank_col:
                c.colspan += 1  # a merged cell crossing the blank column spans it
        c.row += v.row0
        c.col += v.col0
    if table.split_at is not None:
        table.split_at += v.row0
    table.header_rows = tuple(h + v.row0 for h in table.header_rows)
    return table


def shown(c: Cell, v: Variant, for_text: bool = False) -> str | float | None:
    """The cell's content as a writer stores it: a number, or text."""
    if c.value is None:
        return c.text or None
    if c.kind == "rate":
        if v.money_as_text or for_text:
            return f"{c.value:.2f}%"
        return float(c.value / 100)
    if v.money_as_text or for_text:
        return f"{c.value:,.2f}"
    x = float(c.value)
    if v.float_artefacts:
        x = float(f"{x:.2f}") - 1e-9 * (1 if x else 0)
    return x


# -- writers ------------------------------------------------------------------------


def write_xlsx(table: Table, v: Variant, path: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment

    wb = Workbook()
    ws = wb.active
    ws.title = "部门整体支出绩效自评表"
    if v.hidden:
        notes = wb.create_sheet("填表说明", 0)  # another sheet, first in the workbook
        notes["A1"] = "请按模板填写，金额单位为万元。"
    for c in table.cells:
        cell = ws.cell(c.row + 1, c.col + 1)
        cell.value = shown(c, v)
        if c.value is not None and not v.money_as_text:
            cell.number_format = "0.00%" if c.kind == "rate" else "#,##0.00"
        if isinstance(cell.value, str) and "\n" in cell.value:
            cell.alignment = Alignment(wrap_text=True)
        if c.rowspan > 1 or c.colspan > 1:
            ws.merge_cells(
                start_row=c.row + 1,
                start_column=c.col + 1,
                end_row=c.row + c.rowspan,
                end_column=c.col + c.colspan,
            )
    if v.hidden:
        col = table.ncols + 1
        ws.cell(table.nrows // 2, col, "辅助列：核对用")
        ws.column_dimensions[_letter(col)].hidden = True
        extra = table.nrows + 2
        ws.cell(extra, 1, "旧版数据，勿用")
        ws.row_dimensions[extra].hidden = True
    wb.save(path)
    return path


def _letter(col: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(col)


def write_xls(table: Table, v: Variant, path: Path) -> Path:
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("自评表")
    styles: dict[str, xlwt.XFStyle] = {}

    def style(fmt: str) -> xlwt.XFStyle:
        if fmt not in styles:
            styles[fmt] = xlwt.easyxf("alignment: wrap on", num_format_str=fmt)
        return styles[fmt]

    for c in table.cells:
        value = shown(c, v)
        fmt = "General"
        if c.value is not None and not v.money_as_text:
            fmt = "0.00%" if c.kind == "rate" else "#,##0.00"
        if value is None:
            value = ""
        if c.rowspan > 1 or c.colspan > 1:
            ws.write_merge(
                c.row, c.row + c.rowspan - 1, c.col, c.col + c.colspan - 1, value, style(fmt)
            )
        else:
            ws.write(c.row, c.col, value, style(fmt))
    if v.hidden:
        extra = table.nrows + 1
        ws.write(extra, 0, "旧版数据，勿用")
        ws.row(extra).hidden = True
    wb.save(str(path))
    return path


def write_docx(table: Table, v: Variant, path: Path) -> Path:
    from docx import Document
    from docx.enum.text import WD_BREAK

    doc = Document()
    if v.extra_tables:
        doc.add_paragraph("附件2")
        other = doc.add_table(rows=2, cols=2)
        other.cell(0, 0).text, other.cell(0, 1).text = "文号", "黄财绩〔2023〕5号"
        other.cell(1, 0).text, other.cell(1, 1).text = "公开方式", "主动公开"
    title = next(c for c in table.cells if c.kind == "label" and c.row == table.cells[0].row)
    unit = table.cells[1]
    doc.add_paragraph(title.text)
    doc.add_paragraph(unit.text)
    body = [c for c in table.cells if c is not title and c is not unit]
    top = min(c.row for c in body)
    parts = [(top, table.split_at or table.nrows)]
    if table.split_at is not None:
        parts.append((table.split_at, table.nrows))
    for k, (lo, hi) in enumerate(parts):
        if k:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        t = doc.add_table(rows=hi - lo, cols=table.ncols)
        t.style = "Table Grid"
        _docx_merge(t, [c for c in body if lo <= c.row < hi], lo, hi, v)
    if v.extra_tables:
        doc.add_paragraph("填表人：张三    联系电话：020-82000000")
    doc.save(str(path))
    return path


def _docx_merge(t, cells: list[Cell], lo: int, hi: int, v: Variant) -> None:
    """Fill a python-docx table and merge as Word does: gridSpan across, vMerge down.

    Done on the cell elements directly (python-docx's ``merge`` is quadratic in the
    table size).
    """
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.table import _Cell

    rows = [list(tr.tc_lst) for tr in t._tbl.tr_lst]
    drop: set[tuple[int, int]] = set()
    for c in cells:
        r0 = c.row - lo
        rs = min(c.rowspan, hi - c.row)
        for r in range(r0, r0 + rs):
            tc = rows[r][c.col]
            pr = tc.get_or_add_tcPr()
            if c.colspan > 1:
                span = OxmlElement("w:gridSpan")
                span.set(qn("w:val"), str(c.colspan))
                pr.append(span)
                drop.update((r, col) for col in range(c.col + 1, c.col + c.colspan))
            if rs > 1:
                merge = OxmlElement("w:vMerge")
                if r == r0:
                    merge.set(qn("w:val"), "restart")
                pr.append(merge)
        _docx_text(_Cell(rows[r0][c.col], t), str(shown(c, v, for_text=True) or ""))
    for r, col in drop:
        tc = rows[r][col]
        tc.getparent().remove(tc)


def _docx_text(cell, text: str) -> None:
    paras = text.split("\n") if text else [""]
    cell.paragraphs[0].text = paras[0]
    for p in paras[1:]:
        cell.add_paragraph(p)


def write_html(table: Table, v: Variant, path: Path) -> Path:
    from html import escape

    encoding = "gbk" if v.gbk else "utf-8"
    out = [
        "<!DOCTYPE html>",
        "<html><head>",
        f'<meta http-equiv="Content-Type" content="text/html; charset={encoding}">',
        "<title>部门整体支出绩效自评</title></head><body>",
    ]
    if v.extra_tables:
        out.append(
            '<table class="nav"><tr><td>首页</td><td>政务公开</td><td>财政预决算</td></tr></table>'
        )
        out.append("<div>发布时间：2023-05-20　来源：区财政局</div>")
    title, unit = table.cells[0], table.cells[1]
    out.append(f"<p><b>{escape(title.text)}</b></p><p>{escape(unit.text)}</p>")
    body = [c for c in table.cells if c is not title and c is not unit]
    top = min(c.row for c in body)
    bounds = [top, table.split_at or table.nrows, table.nrows]
    if table.split_at is None:
        bounds = [top, table.nrows]
    for k in range(len(bounds) - 1):
        lo, hi = bounds[k], bounds[k + 1]
        if k:
            out.append("<p>（续表）</p>")
        out.append('<table border="1" cellspacing="0">')
        for r in range(lo, hi):
            out.append("<tr>")
            for c in sorted((c for c in body if c.row == r), key=lambda c: c.col):
                attrs = ""
                rs = min(c.rowspan, hi - r)
                if rs > 1:
                    attrs += f' rowspan="{rs}"'
                if c.colspan > 1:
                    attrs += f' colspan="{c.colspan}"'
                text = str(shown(c, v, for_text=True) or "")
                lines = [escape(x) for x in text.split("\n")]
                inner = (
                    "".join(f"<p>{x}</p>" for x in lines)
                    if len(lines) > 1 and r % 2
                    else "<br>".join(lines)
                )
                out.append(f"<td{attrs}>{inner}</td>")
            out.append("</tr>")
        out.append("</table>")
    if v.extra_tables:
        out.append('<table class="foot"><tr><td>主办：区财政局</td><td>联系我们</td></tr></table>')
    out.append("</body></html>")
    path.write_bytes(
        "\n".join(out).encode("gb18030" if v.gbk else "utf-8")
    )  # GBK pages hold GB18030
    return path


WRITERS = {"xlsx": write_xlsx, "xls": write_xls, "docx": write_docx, "html": write_html}


def write(form: Form, fmt: str, v: Variant, folder: Path, seed: int = 0) -> Path:
    """Write ``form`` as a file of format ``fmt`` with variant ``v``; returns its path."""
    table = layout(form, v, random.Random(seed))
    return WRITERS[fmt](table, v, folder / f"form-{seed}.{fmt}")
