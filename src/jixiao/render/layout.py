"""The official table as a grid of cells, shared by the HTML, PDF and XLSX renderers.

The 部门整体支出绩效自评表 has six columns; every section places its cells on them,
with merged cells where the printed form merges them. In front of them the reports add
a narrow 序号 column (column 0) with the form's own numbering — 年度关键指标 ``1`` …,
主要任务 ``3.1`` … (task 3, indicator 1) — so a finding that names 第3项主要任务的第1项指标
can be found at a glance. It is page furniture: it holds nothing from the form.

``build_layout`` turns an :class:`~jixiao.scoring.types.Evaluation` into that grid and
attaches each verdict, finding and reviewer override to the cell it is about, so every
renderer draws the same structure and the same notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.assess.types import IndicatorVerdict, Verdict
from jixiao.cells import money, percent
from jixiao.checks import sort_findings
from jixiao.checks.registry import rule_name
from jixiao.checks.types import Finding, Severity
from jixiao.labels import FUNDS_BY_FIELD, FUNDS_ROWS
from jixiao.model import Form
from jixiao.paths import FormPath, PathError
from jixiao.scoring.types import Evaluation, Override, format_points

NCOLS = 7  # 序号 + the six columns of the official table
NO_COL = 0

CONTINUED = "（续）"  # after a name or label reprinted on a new page

# How a cell's content is treated when a page break cuts it:
#   repeat — printed whole on every page it reaches (labels, names, numbers, headers);
#   flow   — its lines continue on the next page (long texts);
#   first  — printed on the first page only (figures).
MODES = {
    "title": "first",
    "unit": "first",
    "label": "repeat",
    "head": "repeat",
    "name": "repeat",
    "no": "repeat",
    "category": "repeat",
    "text": "flow",
    "money": "first",
    "rate": "first",
    "blank": "first",
    "marks": "first",  # a renderer's column of printed verdicts and findings
}
# Kinds whose reprint on a new page says （续）.
CONTINUED_KINDS = frozenset({"label", "name"})


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def paragraphs(text: str) -> list[str]:
    """The non-empty paragraphs of a cell text (newline separates paragraphs).

    Control characters, which no font can draw, are dropped.
    """
    out = []
    for p in (text or "").splitlines():
        p = _CONTROL.sub("", p).strip()
        if p:
            out.append(p)
    return out


# -- notes -----------------------------------------------------------------------------
@dataclass(slots=True)
class Note:
    """A verdict, finding or override as shown in its cell: a badge and a sentence."""

    kind: str  # verdict | finding | override
    badge: str  # 已达成, 错误, 复核 …
    text: str
    css: str  # v-met, s-error, override …
    finding: int | None = None  # index of the finding in Layout.findings


# -- the grid --------------------------------------------------------------------------
@dataclass(slots=True, eq=False)
class Cell:
    """One (possibly merged) cell of the official table."""

    kind: str  # title | unit | label | head | no | text | name | category | money | rate | blank
    text: str = ""
    number: Decimal | None = None
    rowspan: int = 1
    colspan: int = 1
    anchors: tuple[str, ...] = ()
    row: int = 0  # 0-based, set when the cell is placed
    col: int = 0
    verdicts: list[IndicatorVerdict] = field(default_factory=list)
    findings: list[tuple[int, Finding]] = field(default_factory=list)  # (index, finding)
    overrides: list[Override] = field(default_factory=list)

    @property
    def display(self) -> str:
        if self.kind == "money":
            return money(self.number)
        if self.kind == "rate":
            return percent(self.number)
        return self.text

    @property
    def paragraphs(self) -> list[str]:
        return paragraphs(self.display)

    @property
    def is_header(self) -> bool:
        return self.kind in ("label", "head")

    @property
    def mode(self) -> str:
        return MODES[self.kind]

    @property
    def id(self) -> str:
        """The HTML id of the cell (from its first anchor), or ``""`` without anchors."""
        if not self.anchors:
            return ""
        a = self.anchors[0]
        return "c-" + (re.sub(r"[^A-Za-z0-9]+", "-", a).strip("-") or "form")

    @property
    def has_notes(self) -> bool:
        return bool(self.verdicts or self.findings or self.overrides)

    @property
    def status(self) -> str | None:
        """The most serious state of the notes: bad, doubt, info, ok, or None."""
        sev = {f.severity for _, f in self.findings}
        verdicts = {v.verdict for v in self.verdicts}  # an evaluation's verdicts are reviewed
        if Severity.ERROR in sev or Verdict.NOT_MET in verdicts:
            return "bad"
        if Severity.WARNING in sev or Verdict.UNDETERMINED in verdicts:
            return "doubt"
        if sev:
            return "info"
        if verdicts:
            return "ok"
        return None

    def notes(self) -> list[Note]:
        """Verdicts, reviewer decisions and findings, in that order."""
        out = [
            Note("verdict", v.verdict.label, v.explanation, f"v-{v.verdict.value}")
            for v in self.verdicts
        ]
        out += [Note("override", "复核", describe_override(o), "override") for o in self.overrides]
        out += [
            Note("finding", f.severity.label, f.message, f"s-{f.severity.value}", finding=n)
            for n, f in self.findings
        ]
        return out

    def marks(self) -> list[str]:
        """The notes as short printed marks: 未达成（97.33%）, 错误：任务指标没有填写完成情况 …"""
        out = []
        for v in self.verdicts:
            ratio = f"（完成比例 {percent(v.ratio * 100)}）" if v.ratio is not None else ""
            out.append(v.verdict.label + (ratio if v.verdict is Verdict.NOT_MET else ""))
        out += [f"复核：{describe_override(o)}" for o in self.overrides]
        out += [f"{f.severity.label}：{rule_name(f.rule)}" for _, f in self.findings]
        return out

    def note_lines(self) -> list[str]:
        """The notes as plain lines of Chinese (for spreadsheet comments)."""
        return [f"【{n.badge}】{n.text}" for n in self.notes()]


def describe_override(o: Override) -> str:
    parts = []
    if o.verdict is not None:
        parts.append(f"改判为{o.verdict.label}")
    if o.score is not None:
        parts.append(f"给 {format_points(o.score)} 分")
    text = "，".join(parts) or "复核意见"
    text += f"：{o.comment}" if o.comment else ""
    if o.reviewer:
        text += f"（{o.reviewer}）"
    return text


@dataclass(slots=True)
class Block:
    """A section drawn as one table; its first ``head_rows`` repeat on every printed page."""

    name: str
    rows: list[list[Cell]]
    head_rows: int = 0

    @property
    def head(self) -> list[list[Cell]]:
        return self.rows[: self.head_rows]

    @property
    def first_row(self) -> int:
        return next(c.row for r in self.rows for c in r)

    def groups(self) -> list[list[list[Cell]]]:
        """The body rows cut into the smallest runs that no merged cell crosses.

        A cell starting in a head row (the section's label) is not counted: it spans
        the whole section and is reprinted on every page anyway.
        """
        out: list[list[list[Cell]]] = []
        end = -1
        for row in self.rows[self.head_rows :]:
            if not out or row[0].row > end:
                out.append([])
            out[-1].append(row)
            for c in row:
                end = max(end, c.row + c.rowspan - 1)
        return out


@dataclass(slots=True)
class Layout:
    title: Cell
    unit: Cell
    blocks: list[Block]
    nrows: int
    findings: list[Finding]  # in report order; a note's ``finding`` indexes this list
    placed: dict[int, Cell]  # finding index → the cell it is shown in
    index: dict[str, Cell] = field(default_factory=dict)  # anchor → cell

    def cells(self) -> list[Cell]:
        return [c for b in self.blocks for r in b.rows for c in r]

    def cell_for(self, path: str) -> Cell:
        """The cell a path is shown in: its own, its nearest ancestor's, else the title."""
        try:
            lineage = [str(p) for p in FormPath.parse(path).lineage()]
        except PathError:
            lineage = []
        for cand in lineage:
            if cand in self.index:
                return self.index[cand]
        return self.title  # the whole form, or a place the table does not show


class _Grid:
    """Places cells on the columns, skipping positions covered by earlier merges."""

    def __init__(self) -> None:
        self.row = 0
        self.taken: set[tuple[int, int]] = set()
        self.blocks: list[Block] = []

    def block(self, name: str, head_rows: int = 0) -> Block:
        b = Block(name=name, rows=[], head_rows=head_rows)
        self.blocks.append(b)
        return b

    def add(self, *cells: Cell) -> None:
        col = 0
        placed: list[Cell] = []
        for c in cells:
            while (self.row, col) in self.taken:
                col += 1
            c.row, c.col = self.row, col
            for r in range(self.row, self.row + c.rowspan):
                for k in range(col, col + c.colspan):
                    self.taken.add((r, k))
            col += c.colspan
            placed.append(c)
        while (self.row, col) in self.taken:
            col += 1
        if col != NCOLS:  # a layout bug, never a data problem
            raise AssertionError(f"row {self.row} covers {col} of {NCOLS} columns")
        self.blocks[-1].rows.append(placed)
        self.row += 1


def build_layout(ev: Evaluation) -> Layout:
    """The official table of ``ev.form`` with every note attached to its cell."""
    form = ev.form
    g = _Grid()
    # a finding on the whole form (empty path), or on a place the table lacks, goes with the title
    title = Cell("title", form_title(form), colspan=NCOLS, anchors=("",))
    unit = Cell("unit", f"单位：{form.unit}", colspan=NCOLS, anchors=("unit",))

    # 部门名称, 部门资金情况
    g.block("funds")
    g.add(
        Cell("no"),
        Cell("label", "部门名称"),
        Cell("text", form.department, colspan=5, anchors=("department",)),
    )
    for i, (left, right) in enumerate(FUNDS_ROWS):
        cells = [Cell("no")]
        if i == 0:
            cells.append(Cell("label", "部门资金情况", rowspan=len(FUNDS_ROWS), anchors=("funds",)))
        cells += _funds_pair(form, left, span=1)
        cells += _funds_pair(form, right, span=2) if right else [Cell("blank", colspan=3)]
        g.add(*cells)

    # 年度整体目标: label and column heads, then the two texts
    g.block("goal", head_rows=1)
    g.add(
        Cell("no"),
        Cell("label", "年度整体目标", rowspan=2),
        Cell("head", "年度整体目标", colspan=2),
        Cell("head", "整体目标完成情况", colspan=3),
    )
    g.add(
        Cell("no"),
        Cell("text", form.overall_goal, colspan=2, anchors=("overall_goal",)),
        Cell("text", form.overall_goal_completion, colspan=3, anchors=("overall_goal_completion",)),
    )
    _add_key_indicators(g, form)
    _add_tasks(g, form)

    # 存在问题, 改进措施
    g.block("end")
    g.add(
        Cell("no"),
        Cell("label", "存在问题"),
        Cell("text", form.problems, colspan=5, anchors=("problems",)),
    )
    g.add(
        Cell("no"),
        Cell("label", "改进措施"),
        Cell("text", form.improvement_measures, colspan=5, anchors=("improvement_measures",)),
    )

    layout = Layout(
        title=title,
        unit=unit,
        blocks=g.blocks,
        nrows=g.row,
        findings=sort_findings(ev.findings),
        placed={},
    )
    _attach(layout, ev)
    return layout


def form_title(form: Form) -> str:
    title = form.title or "部门整体支出绩效自评表"
    return f"{title}（{form.year}年度）" if form.year else title


def _funds_pair(form: Form, name: str, span: int) -> list[Cell]:
    label = FUNDS_BY_FIELD[name]
    return [
        Cell("label", label.printed),
        Cell(
            "rate" if label.rate else "money",
            number=getattr(form.funds, name),
            colspan=span,
            anchors=(f"funds.{name}",),
        ),
    ]


def _add_key_indicators(g: _Grid, form: Form) -> None:
    n = len(form.key_indicators)
    g.block("key", head_rows=1)
    g.add(
        Cell("head", "序号"),
        Cell("label", "年度关键指标", rowspan=max(n, 1) + 1, anchors=("key_indicators",)),
        Cell("head", "关键指标"),
        Cell("head", "预期实现值"),
        Cell("head", "指标完成情况", colspan=3),
    )
    if not n:
        g.add(Cell("no"), Cell("blank", colspan=5))
    for i, k in enumerate(form.key_indicators):
        p = FormPath.key_indicator(i)
        g.add(
            Cell("no", p.number()),
            Cell("text", k.name, anchors=(f"{p}.name",)),
            Cell("text", k.expected_value, anchors=(f"{p}.expected_value",)),
            Cell("text", k.completion, colspan=3, anchors=(str(p), f"{p}.completion")),
        )


def _same_name(a: str, b: str) -> bool:
    a, b = "".join(a.split()), "".join(b.split())
    return bool(a) and a == b


def _add_tasks(g: _Grid, form: Form) -> None:
    # 主要任务: its header row repeats on every printed page
    g.block("tasks", head_rows=1)
    g.add(
        Cell("head", "序号"),
        Cell("head", "主要任务", anchors=("tasks",)),
        Cell("head", "预期目标"),
        Cell("head", "目标完成情况"),
        Cell("head", "关键指标"),
        Cell("head", "指标完成情况"),
        Cell("head", "任务涉及资金"),
    )
    tasks = form.tasks
    if not tasks:
        g.add(*(Cell("blank") for _ in range(NCOLS)))
        return
    # Runs of consecutive tasks sharing a name share one merged name cell.
    runs: list[list[int]] = []
    for j, t in enumerate(tasks):
        if runs and _same_name(tasks[runs[-1][-1]].name, t.name):
            runs[-1].append(j)
        else:
            runs.append([j])
    for run in runs:
        height = sum(max(1, len(tasks[j].indicators)) for j in run)
        name = Cell(
            "name",
            tasks[run[0]].name,
            rowspan=height,
            anchors=tuple(f"{FormPath.task(j)}.name" for j in run),
        )
        for j in run:
            t = tasks[j]
            p = FormPath.task(j)
            n = max(1, len(t.indicators))
            goal = Cell("text", t.expected_goal, rowspan=n, anchors=(str(p), f"{p}.expected_goal"))
            done = Cell("text", t.goal_completion, rowspan=n, anchors=(f"{p}.goal_completion",))
            funds = Cell("money", number=t.funds, rowspan=n, anchors=(f"{p}.funds",))
            first = [name] if j == run[0] else []
            if not t.indicators:
                g.add(
                    Cell("no", p.number()),
                    *first,
                    goal,
                    done,
                    Cell("blank"),
                    Cell("blank", anchors=(f"{p}.indicators",)),
                    funds,
                )
            for k, ind in enumerate(t.indicators):
                q = FormPath.indicator(j, k)
                row = [Cell("no", q.number())]
                if k == 0:
                    row += [*first, goal, done]
                row += [
                    Cell("category", ind.category, anchors=(f"{q}.category",)),
                    Cell("text", ind.completion, anchors=(str(q), f"{q}.completion")),
                ]
                if k == 0:
                    row.append(funds)
                g.add(*row)


# -- notes -------------------------------------------------------------------------------
def _attach(layout: Layout, ev: Evaluation) -> None:
    for c in (layout.title, layout.unit, *layout.cells()):
        for a in c.anchors:
            layout.index.setdefault(a, c)
    find = layout.cell_for
    for v in ev.verdicts:
        find(v.path).verdicts.append(v)
    for n, f in enumerate(layout.findings):
        c = find(f.path)
        c.findings.append((n, f))
        layout.placed[n] = c
    for o in overrides_of(ev):
        find(o.path).overrides.append(o)


def overrides_of(ev: Evaluation) -> list[Override]:
    """The reviewer decisions of an evaluation (applied ones, then those on scored items)."""
    seen = {o.path for o in ev.overrides}
    out = list(ev.overrides)
    for item in ev.score.items:
        o = item.override
        if o is not None and o.path not in seen:
            seen.add(o.path)
            out.append(o)
    return out
