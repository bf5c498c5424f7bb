"""The official table for the web pages: ``jixiao.render``'s layout of an evaluation, with
what a page adds to each cell — the field it edits, the rows it adds or removes, the
reviewer decision it takes, the comments on it.

The layout (cells, merges, the verdicts and findings attached to each cell) is
``jixiao.render.layout.build_layout``; nothing here re-lays the form out.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from jixiao.render.layout import (
    SEVERITY_LABEL,
    VERDICT_LABEL,
    Cell,
    Layout,
    build_layout,
    describe_override,
    describe_path,
    path_candidates,
)
from jixiao.scoring import Evaluation
from jixiao.service.edits import field_kind, row_kind
from jixiao.service.types import CommentInfo

_LIST_PATH = re.compile(r"^(key_indicators|tasks|tasks\[\d+\]\.indicators)$")


@dataclass(slots=True)
class Note:
    """A verdict, reviewer decision or finding as a cell shows it: a badge and a sentence."""

    kind: str  # verdict | override | finding
    badge: str
    text: str
    css: str


@dataclass(slots=True)
class WebCell:
    """A layout cell and what a page can do with it."""

    cell: Cell
    key: str  # stable HTML id suffix (from the cell's anchors)
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

    @property
    def css(self) -> str:
        c = self.cell
        status = f" st-{c.status}" if c.status else ""
        return f"{c.kind}{status}"


@dataclass(slots=True)
class Grid:
    layout: Layout
    title: WebCell
    unit: WebCell
    blocks: list[list[list[WebCell]]]
    unplaced: list[Note]  # verdicts and findings no cell shows
    signature: str  # changes when the table's structure changes
    comments: list[tuple[CommentInfo, str]]  # every comment with its place in words

    def cells(self) -> list[WebCell]:
        return [self.title, self.unit, *(c for b in self.blocks for r in b for c in r)]


def notes_of(c: Cell) -> list[Note]:
    out = [
        Note("verdict", VERDICT_LABEL[v.verdict], v.explanation, f"v-{v.verdict.value}")
        for v in c.verdicts
    ]
    out += [Note("override", "复核", describe_override(o), "override") for o in c.overrides]
    out += [
        Note(
            "finding",
            SEVERITY_LABEL[f.severity],
            f.message + (f"（第{f.line}行）" if f.line else ""),
            f"s-{f.severity.value}",
        )
        for f in c.findings
    ]
    return out


def input_value(value: Any) -> str:
    """A field's value as an input shows it: numbers plainly (no exponent, no separators)."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _key(c: Cell, n: int) -> str:
    if not c.anchors:
        return f"x{n}"
    return re.sub(r"[^A-Za-z0-9_]+", "-", c.anchors[0]).strip("-") or "form"


def build_grid(ev: Evaluation, comments: list[CommentInfo] | None = None) -> Grid:
    """The layout of ``ev`` with each cell's field, rows, scored item and comments."""
    layout = build_layout(ev)
    form = ev.form
    scored = {i.path for i in ev.score.items}
    seen: dict[str, int] = {}

    def web(c: Cell, n: int) -> WebCell:
        fields = [a for a in c.anchors if field_kind(a)]
        kind = field_kind(fields[0]) if fields else None
        value = ""
        if fields:
            try:
                value = input_value(form.resolve(fields[0]))
            except (AttributeError, IndexError, ValueError):
                fields, kind = [], None
        key = _key(c, n)
        if key in seen:  # anchors are unique in a layout; never let two ids collide
            seen[key] += 1
            key = f"{key}-{seen[key]}"
        else:
            seen[key] = 0
        return WebCell(
            cell=c,
            key=key,
            fields=fields,
            kind=kind,
            value=value,
            notes=notes_of(c),
            rows=[a for a in c.anchors if row_kind(a)],
            lists=[a for a in c.anchors if _LIST_PATH.match(a)],
            target=(fields[0] if fields else (c.anchors[0] if c.anchors else "")),
            scored=next((a for a in c.anchors if a in scored), None),
            label=describe_path(form, fields[0]) if fields else "",
        )

    n = 0
    title = web(layout.title, n)
    unit = web(layout.unit, n + 1)
    n = 2
    blocks = []
    index: dict[str, WebCell] = {}
    for a in title.cell.anchors:
        index.setdefault(a, title)
    for a in unit.cell.anchors:
        index.setdefault(a, unit)
    for b in layout.blocks:
        rows = []
        for r in b.rows:
            row = []
            for c in r:
                w = web(c, n)
                n += 1
                row.append(w)
                for a in c.anchors:
                    index.setdefault(a, w)
            rows.append(row)
        blocks.append(rows)
    placed = []
    for cm in comments or []:
        where = describe_path(form, cm.path) if cm.path else "整张表"
        placed.append((cm, where))
        if cm.path:
            for cand in path_candidates(cm.path):
                if cand in index:
                    index[cand].comments.append(cm)
                    break
    unplaced = [
        Note(
            "verdict",
            VERDICT_LABEL[v.verdict],
            f"{v.path}：{v.explanation}",
            f"v-{v.verdict.value}",
        )
        for v in layout.unplaced_verdicts
    ] + [
        Note("finding", SEVERITY_LABEL[f.severity], f.message, f"s-{f.severity.value}")
        for f in layout.unplaced_findings
    ]
    shape = "|".join(
        f"{w.key}:{w.cell.rowspan}x{w.cell.colspan}" for b in blocks for r in b for w in r
    )
    return Grid(
        layout=layout,
        title=title,
        unit=unit,
        blocks=blocks,
        unplaced=unplaced,
        signature=hashlib.sha1(shape.encode()).hexdigest()[:16],
        comments=placed,
    )
