"""The official table for the web pages: ``jixiao.render``'s layout of an evaluation, with
what a page adds to each cell — the field it edits, the rows it adds or removes, the
reviewer decision it takes, the comments on it.

The layout (cells, merges, the 序号 column, the verdicts, findings and reviewer decisions
attached to each cell, each cell's id) is ``jixiao.render.layout.build_layout``; the notes
are the layout's ``Cell.notes()``; places are named by ``jixiao.paths``. Nothing here lays
the form out again.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

from jixiao.paths import FormPath, describe_path
from jixiao.render.html import COLUMNS
from jixiao.render.layout import Cell, Layout, Note, build_layout
from jixiao.render.summary import Report, build_report
from jixiao.scoring import Evaluation
from jixiao.service.edits import field_kind, row_kind
from jixiao.service.types import CommentInfo

# Column widths of the official table in percent (the HTML report's, 序号 first).
COLUMN_WIDTHS = [round(w * 100, 2) for w in COLUMNS]


@lru_cache(maxsize=8192)
def _is_list(anchor: str) -> bool:
    """``key_indicators``, ``tasks`` or ``tasks[n].indicators``: a list rows are added to."""
    try:
        p = FormPath.parse(anchor)
    except ValueError:
        return False
    return bool(p.steps) and p.steps[-1][1] is None and row_kind(f"{anchor}[0]") is not None


@dataclass(slots=True)
class WebCell:
    """A layout cell and what a page can do with it."""

    cell: Cell
    key: str  # the cell's HTML id without "c-" (the layout's ``Cell.id``)
    fields: list[str]  # the field paths this cell edits (a merged task name: several)
    kind: str | None  # "text" | "number" | None (not editable)
    value: str  # the field's value as an input shows it
    notes: list[Note]
    rows: list[str]  # the row paths this cell starts (insert after / remove)
    lists: list[str]  # the list paths a row can be appended to from here
    target: str  # the path a comment on this cell is about
    scored: str | None  # the scored item a reviewer may decide on here
    label: str = ""  # the field in words (for assistive technology)
    comments: list[CommentInfo] = field(default_factory=list)


@dataclass(slots=True)
class Row:
    cells: list[WebCell]
    heads: list[WebCell]  # its column heads that carry notes (shown in a row above)


@dataclass(slots=True)
class Grid:
    layout: Layout
    title: WebCell
    unit: WebCell
    blocks: list[list[Row]]
    signature: str  # changes when the table's structure changes
    comments: list[tuple[CommentInfo, str]]  # every comment with its place in words
    report: Report  # the score, how it was computed, the findings (the reports' own pieces)
    columns: list[float] = field(default_factory=lambda: list(COLUMN_WIDTHS))

    def cells(self) -> list[WebCell]:
        return [self.title, self.unit, *(c for b in self.blocks for r in b for c in r.cells)]


def input_value(value: Any) -> str:
    """A field's value as an input shows it: numbers plainly (no exponent, no separators)."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def build_grid(
    ev: Evaluation, comments: list[CommentInfo] | None = None, *, labels: bool = False
) -> Grid:
    """The layout of ``ev`` with each cell's field, rows, scored item and comments (and,
    with ``labels``, each field named in words, as an editor's inputs need)."""
    layout = build_layout(ev)
    form = ev.form
    scored = {i.path for i in ev.score.items}
    by_cell: dict[int, WebCell] = {}

    def web(c: Cell, fields: list[str] | None = None) -> WebCell:
        if fields is None:
            fields = [a for a in c.anchors if field_kind(a)]
        kind = field_kind(fields[0]) if fields else None
        value = ""
        if fields:
            try:
                value = input_value(form.resolve(fields[0]))
            except (AttributeError, IndexError, ValueError):
                fields, kind = [], None
        w = WebCell(
            cell=c,
            key=c.id[2:] if c.id else f"x{len(by_cell)}",
            fields=fields,
            kind=kind,
            value=value,
            notes=c.notes(),
            rows=[a for a in c.anchors if row_kind(a)],
            lists=[a for a in c.anchors if _is_list(a)],
            target=(fields[0] if fields else (c.anchors[0] if c.anchors else "")),
            scored=next((a for a in c.anchors if a in scored), None),
            label=describe_path(form, fields[0]) if fields and labels else "",
        )
        by_cell[id(c)] = w
        return w

    title = web(layout.title, ["title"])  # the table's title row shows the form's title
    unit = web(layout.unit)
    blocks = []
    for b in layout.blocks:
        rows = []
        for r in b.rows:
            cells = [web(c) for c in r]
            heads = [w for w in cells if w.cell.kind == "head" and w.cell.anchors]
            rows.append(Row(cells, heads))
        blocks.append(rows)
    placed = []
    for cm in comments or []:
        placed.append((cm, describe_path(form, cm.path) if cm.path else "整张表"))
        if cm.path:
            by_cell[id(layout.cell_for(cm.path))].comments.append(cm)
    shape = "|".join(
        f"{w.key}:{w.cell.rowspan}x{w.cell.colspan}" for b in blocks for r in b for w in r.cells
    )
    return Grid(
        layout=layout,
        title=title,
        unit=unit,
        blocks=blocks,
        signature=hashlib.sha1(shape.encode()).hexdigest()[:16],
        comments=placed,
        report=build_report(ev, layout),
    )
