"""The evaluation as one self-contained HTML document laid out like the printed form.

``render_html`` gives the screen document: a summary with the score item by item, the
findings (each linking to its cell, and back), then the official table, readable from a
phone (390 px) to a wide screen. ``print_html`` gives the same document cut into A4 pages
(``render.pages``) for the PDF: each page's sections reprint their column heads, a task
continued on a new page reprints its name with （续）, and every row has its height fixed
so the pages fall where they were planned.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, Template

from jixiao.cells import char_width, line_spans, wrap
from jixiao.render.layout import CONTINUED_KINDS, NCOLS, Cell, Layout, Note, build_layout
from jixiao.render.pages import Box, Page, Piece, Unit, continued, paginate, piece_content
from jixiao.render.summary import Report, build_report
from jixiao.scoring.types import Evaluation, format_points

# -- print geometry (A4 landscape; keep in step with form.css) --------------------------------
PT = 25.4 / 72  # mm per point
PAGE_W, PAGE_H = 297.0, 210.0
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_SIDE = 16.0, 14.0, 10.0
BODY_W = PAGE_W - 2 * MARGIN_SIDE
BODY_H = PAGE_H - MARGIN_TOP - MARGIN_BOTTOM
# Share of the body width of each column: 序号, then the six of the official table.
COLUMNS = (0.045, 0.10, 0.19, 0.22, 0.095, 0.26, 0.09)
TEXT_PT, LINE_HEIGHT = 9.0, 1.45
NOTE_PT, NOTE_LINE_HEIGHT = 7.5, 1.35
LINE = TEXT_PT * PT * LINE_HEIGHT
NOTE_LINE = NOTE_PT * PT * NOTE_LINE_HEIGHT
BORDER = 0.75 * PT
PAD_V = 2 * 1.2 + BORDER  # padding top + bottom, one border
PAD_H = 2 * 1.6 + BORDER
PARA_GAP = 0.35 * TEXT_PT * PT  # p + p { margin-top: 0.35em }
NOTE_GAP = 0.6 + 0.6  # .note margin-top, and a badge's line being taller than the text's
NOTES_GAP = 1.0  # .notes margin-top
UNIT_LINE = LINE + 1.0  # the 单位 line above the table
SIGNOFF_H = 6.0 + 7.0 + 1.0  # margin, the signature line, its border
# Text is wrapped a little narrower than the column: glyph widths are exact, but the
# browser's line breaking may differ from ours here and there.
WIDTH_SAFETY = 0.96
CAPACITY = BODY_H - 2.0  # what a page may hold; the rest absorbs rounding of row heights

BADGE_KINDS = frozenset({"label", "head", "no"})  # cells too narrow for a sentence: badges only


@cache
def _template() -> Template:
    env = Environment(
        loader=PackageLoader("jixiao.render", "templates"),
        autoescape=True,  # every form text is untrusted
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["points"] = format_points
    env.filters["css_string"] = css_string
    return env.get_template("form.html.j2")


def css_string(text: object) -> str:
    """Text for a CSS string literal: every character escaped, so form text cannot end the
    string or the style element (a department named ``</style>`` stays text)."""
    return "".join(f"\\{ord(ch):06x}" for ch in str(text))


@dataclass(slots=True)
class CellView:
    """A cell (or the part of it on one page) as the template draws it."""

    tag: str
    kind: str
    rowspan: int
    colspan: int
    id: str
    status: str | None
    paragraphs: list[str]
    notes: list[Note] = field(default_factory=list)  # full sentences
    marks: list[Note] = field(default_factory=list)  # badges only
    cont: bool = False


@dataclass(slots=True)
class RowView:
    cells: list[CellView]
    head: bool = False
    height: float | None = None  # mm, print only


@dataclass(slots=True)
class TableView:
    rows: list[RowView]
    cont: bool = False
    head_rows: int = 0  # screen: rows drawn as <thead>
    groups: list[list[RowView]] = field(default_factory=list)  # screen: kept-together tbodys


@dataclass(slots=True)
class PageView:
    tables: list[TableView]
    first: bool


def _view(cell: Cell, paras: list[str] | None = None, cont: bool = False) -> CellView:
    all_notes = cell.notes() if not cont else []
    badges_only = cell.kind in BADGE_KINDS
    return CellView(
        tag="th" if cell.is_header else "td",
        kind=cell.kind,
        rowspan=cell.rowspan,
        colspan=cell.colspan,
        id="" if cont else cell.id,
        status=cell.status if not cont else None,
        paragraphs=cell.paragraphs if paras is None else paras,
        notes=[] if badges_only else all_notes,
        marks=all_notes if badges_only else [],
        cont=cont,
    )


# -- the screen document --------------------------------------------------------------------
def _screen_tables(layout: Layout) -> list[TableView]:
    out = []
    for b in layout.blocks:
        head = [RowView([_view(c) for c in r], head=True) for r in b.head]
        groups = [[RowView([_view(c) for c in r]) for r in g] for g in b.groups()]
        end = b.first_row + b.head_rows
        if any(c.row + c.rowspan > end for r in b.head for c in r):
            # a label spanning the section (年度关键指标) cannot cross from <thead> into
            # <tbody>: the section is one row group
            groups = [head + [row for g in groups for row in g]]
            head = []
        out.append(TableView(rows=head, head_rows=len(head), groups=groups))
    return out


def render_html(ev: Evaluation, *, generated: date | None = None) -> str:
    """The evaluation as a self-contained HTML document (zh-CN), for screens and phones.

    A summary (score and how it was reached item by item, findings linked to their cells,
    reviewer decisions), then the official table with each verdict and finding in the
    cell it is about. No external resources are referenced.
    """
    layout = build_layout(ev)
    report = build_report(ev, layout, generated)
    return _render(report, layout, tables=_screen_tables(layout), pages=None)


def _render(
    report: Report, layout: Layout, *, tables: list[TableView] | None, pages: list[PageView] | None
) -> str:
    context: dict[str, Any] = {
        "r": report,
        "layout": layout,
        "tables": tables,
        "pages": pages,
        "print": pages is not None,
        "ncols": NCOLS,
        "columns": [round(w * 100, 2) for w in COLUMNS],
        "geometry": {
            "page_w": PAGE_W,
            "page_h": PAGE_H,
            "top": MARGIN_TOP,
            "bottom": MARGIN_BOTTOM,
            "side": MARGIN_SIDE,
        },
    }
    return _template().render(context)


# -- the print document ---------------------------------------------------------------------
Advance = Callable[[str], float]  # a character's advance width, in em


def _narrow_em(ch: str) -> float:
    """Advance widths when the font's own are unknown: generous for Latin and digits."""
    return 1.0 if char_width(ch) == 2 else 0.62


class _Sizer:
    """Cell contents in lines and notes of known height (mm), as the print CSS draws them."""

    def __init__(self, advance: Advance) -> None:
        self.advance = advance
        self.col_mm = [w * BODY_W for w in COLUMNS]

    def width_em(self, cell: Cell, font_pt: float) -> float:
        mm = sum(self.col_mm[cell.col : cell.col + cell.colspan]) - PAD_H
        safety = WIDTH_SAFETY * (0.96 if cell.kind in ("label", "head", "name") else 1.0)
        return max(1.0, mm * safety / (font_pt * PT))

    def lines(self, paras: list[str], width: float, nowrap: bool = False) -> list[Unit]:
        units: list[Unit] = []
        for i, para in enumerate(paras):
            gap = PARA_GAP if i else 0.0
            if nowrap:
                units.append(Unit(LINE + gap, para=i, start=0, end=len(para)))
                continue
            for start, end in line_spans(para, width, self.advance):
                units.append(Unit(LINE + gap, para=i, start=start, end=end))
                gap = 0.0
        return units

    def note_units(self, cell: Cell, notes: list[Note]) -> list[Unit]:
        width = self.width_em(cell, NOTE_PT)
        units = []
        for j, n in enumerate(notes):
            text = n.badge + "　　" + n.text
            h = len(wrap(text, width, self.advance)) * NOTE_LINE + NOTE_GAP
            units.append(Unit(h + (NOTES_GAP if j == 0 else 0.0), note=j))
        return units

    def box(self, cell: Cell) -> Box:
        width = self.width_em(cell, TEXT_PT)
        nowrap = cell.kind in ("money", "rate")
        units = self.lines(cell.paragraphs, width, nowrap)
        notes = cell.notes()
        if notes and cell.kind in BADGE_KINDS:
            units.append(Unit(NOTE_LINE + NOTE_GAP + NOTES_GAP, note=-2))  # a line of badges
        elif notes:
            units += self.note_units(cell, notes)
        cont_units: list[Unit] = []
        if cell.mode == "repeat":
            paras = cell.paragraphs
            if cell.kind in CONTINUED_KINDS:
                paras = continued(paras)
            cont_units = self.lines(paras, width, nowrap)
        return Box(cell, units, PAD_V, cont_units)


def _piece_view(p: Piece) -> CellView:
    paras, shown = piece_content(p)
    view = _view(p.cell, paras, cont=p.cont)
    if not p.cont:
        notes = p.cell.notes()
        kept = [notes[i] for i in shown]
        if view.marks:
            view.marks = kept
        else:
            view.notes = kept
    view.rowspan = p.rowspan
    return view


def print_pages(layout: Layout, advance: Advance | None = None) -> list[Page]:
    """The official table cut into A4 pages (heights in mm)."""
    sizer = _Sizer(advance or _narrow_em)
    return paginate(
        layout.blocks,
        sizer.box,
        CAPACITY,
        first_extra=UNIT_LINE,
        min_row=LINE + PAD_V,
        min_part=2 * LINE + PAD_V,
    )


def print_html(
    ev: Evaluation, advance: Advance | None = None, *, generated: date | None = None
) -> tuple[str, int]:
    """The evaluation as an HTML document cut into A4 pages for printing, and how many
    pages the official table was planned to take (the summary pages come before)."""
    layout = build_layout(ev)
    report = build_report(ev, layout, generated)
    pages = print_pages(layout, advance)
    views: list[PageView] = []
    for n, page in enumerate(pages):
        tables = []
        for sec in page.sections:
            starts: dict[int, list[Piece]] = {}
            for p in sec.pieces:
                starts.setdefault(p.row, []).append(p)
            rows = []
            for i, row in enumerate(sec.rows):
                cells = sorted(starts.get(i, []), key=lambda p: p.cell.col)
                rows.append(
                    RowView([_piece_view(p) for p in cells], head=row.head, height=row.height)
                )
            tables.append(TableView(rows=rows, cont=sec.cont))
        views.append(PageView(tables=tables, first=n == 0))
    planned = len(pages)
    if report.signoff and pages and pages[-1].height + SIGNOFF_H > CAPACITY:
        planned += 1  # the sign-off block goes on a page of its own
    return _render(report, layout, tables=None, pages=views), planned
