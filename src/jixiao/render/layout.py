"""The official table as a grid of cells, shared by the HTML and XLSX renderers.

The 部门整体支出绩效自评表 has six columns; every section places its cells on
them, with merged cells where the printed form merges them. ``build_layout``
turns an :class:`~jixiao.scoring.types.Evaluation` into that grid and attaches
each verdict, finding and reviewer override to the cell it is about, so both
renderers draw the same structure and the same notes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from math import ceil

from jixiao.assess.types import VERDICT_LABELS, IndicatorVerdict, Verdict
from jixiao.checks.types import SEVERITY_LABELS, Finding, Severity
from jixiao.model import Form, Task
from jixiao.scoring.types import Evaluation, Override, round2

NCOLS = 6

VERDICT_LABEL = VERDICT_LABELS
SEVERITY_LABEL = SEVERITY_LABELS
SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}

FUNDS_LABELS = {
    "annual_budget": "整体支出年度预算数",
    "initial_budget": "整体支出年初预算数",
    "actual_expenditure": "实际支出数",
    "adjustment": "年度调整额",
    "general_public_budget": "其中：一般公共预算",
    "execution_rate": "预算完成率",
    "adjustment_rate": "预算调整率",
}
# Two label/value pairs per row, as the printed form has them.
FUNDS_ROWS: tuple[tuple[str, str | None], ...] = (
    ("annual_budget", "initial_budget"),
    ("actual_expenditure", "adjustment"),
    ("general_public_budget", None),
    ("execution_rate", "adjustment_rate"),
)
RATE_FIELDS = frozenset({"execution_rate", "adjustment_rate"})


# -- formatting --------------------------------------------------------------
def fmt_money(v: Decimal | None) -> str:
    """Money with thousands separators and two decimals; empty when unknown."""
    return "" if v is None else f"{v:,.2f}"


def fmt_rate(v: Decimal | None) -> str:
    """A rate stored in percent, as printed: ``96.60%``."""
    return "" if v is None else f"{v:.2f}%"


def fmt_points(v: Decimal | float | int | None) -> str:
    """Points without useless zeros: 20, 85.5, 92.25."""
    if v is None:
        return ""
    s = str(round2(Decimal(str(v))))  # half up, as the evaluation JSON
    return s.rstrip("0").rstrip(".") if "." in s else s


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


def display_width(text: str) -> int:
    """Width in half-width units: CJK and other wide (or ambiguous) characters count 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in text)


def wrapped_lines(text: str, width: float) -> int:
    """Lines ``text`` needs in a column ``width`` half-width characters wide."""
    width = max(width, 2.0)
    return sum(max(1, ceil(display_width(p) / width)) for p in paragraphs(text)) or 1


# -- the grid ----------------------------------------------------------------
@dataclass(slots=True, eq=False)
class Cell:
    """One (possibly merged) cell of the official table."""

    kind: str  # title | unit | label | head | text | name | category | money | rate | blank
    text: str = ""
    number: Decimal | None = None
    rowspan: int = 1
    colspan: int = 1
    anchors: tuple[str, ...] = ()
    row: int = 0  # 0-based, set when the cell is placed
    col: int = 0
    verdicts: list[IndicatorVerdict] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    overrides: list[Override] = field(default_factory=list)

    @property
    def display(self) -> str:
        if self.kind == "money":
            return fmt_money(self.number)
        if self.kind == "rate":
            return fmt_rate(self.number)
        return self.text

    @property
    def paragraphs(self) -> list[str]:
        return paragraphs(self.display)

    @property
    def is_header(self) -> bool:
        return self.kind in ("label", "head")

    @property
    def has_notes(self) -> bool:
        return bool(self.verdicts or self.findings or self.overrides)

    @property
    def status(self) -> str | None:
        """The most serious state of the notes: error, bad, doubt, ok, or None."""
        sev = {f.severity for f in self.findings}
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

    def note_lines(self) -> list[str]:
        """The notes as plain lines of Chinese (for spreadsheet comments)."""
        lines = []
        for v in self.verdicts:
            lines.append(f"【{VERDICT_LABEL[v.verdict]}】{v.explanation}")
        for o in self.overrides:
            lines.append(f"【复核】{describe_override(o)}")
        for f in self.findings:
            where = f"（第{f.line}行）" if f.line else ""
            lines.append(f"【{SEVERITY_LABEL[f.severity]}】{f.message}{where}")
        return lines


def describe_override(o: Override) -> str:
    parts = []
    if o.verdict is not None:
        parts.append(f"改判为{VERDICT_LABEL[o.verdict]}")
    if o.score is not None:
        parts.append(f"给{fmt_points(o.score)}分")
    text = "，".join(parts) or "复核意见"
    text += f"：{o.comment}" if o.comment else ""
    if o.reviewer:
        text += f"（{o.reviewer}）"
    return text


@dataclass(slots=True)
class Block:
    """Consecutive rows drawn as one table; the first ``head_rows`` repeat on each page."""

    rows: list[list[Cell]]
    head_rows: int = 0

    @property
    def head(self) -> list[list[Cell]]:
        return self.rows[: self.head_rows]

    def groups(self) -> list[list[list[Cell]]]:
        """The body rows cut into the smallest runs that no merged cell crosses.

        A run can be kept on one printed page; merged cells never cross two runs.
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
    unplaced_findings: list[Finding]
    unplaced_verdicts: list[IndicatorVerdict]

    def cells(self) -> list[Cell]:
        return [c for b in self.blocks for r in b.rows for c in r]


class _Grid:
    """Places cells on six columns, skipping positions covered by earlier merges."""

    def __init__(self) -> None:
        self.row = 0
        self.taken: set[tuple[int, int]] = set()
        self.blocks: list[Block] = []

    def block(self, head_rows: int = 0) -> Block:
        b = Block(rows=[], head_rows=head_rows)
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
    # a finding on the whole form (empty path) goes with the title
    title = Cell("title", form_title(form), colspan=NCOLS, anchors=("title", "year", ""))
    unit = Cell("unit", f"单位：{form.unit}", colspan=NCOLS, anchors=("unit",))

    # 部门名称, 部门资金情况, 年度整体目标, 年度关键指标
    g.block()
    g.add(
        Cell("label", "部门名称"), Cell("text", form.department, colspan=5, anchors=("department",))
    )
    for i, (left, right) in enumerate(FUNDS_ROWS):
        cells = (
            [Cell("label", "部门资金情况", rowspan=len(FUNDS_ROWS), anchors=("funds",))]
            if i == 0
            else []
        )
        cells += _funds_pair(form, left, span=1)
        cells += _funds_pair(form, right, span=2) if right else [Cell("blank", colspan=3)]
        g.add(*cells)
    _add_goals(g, form)
    _add_key_indicators(g, form)

    # 主要任务: its header row repeats on every printed page
    g.block(head_rows=1)
    g.add(
        Cell("head", "主要任务", anchors=("tasks",)),
        Cell("head", "预期目标"),
        Cell("head", "目标完成情况"),
        Cell("head", "关键指标"),
        Cell("head", "指标完成情况"),
        Cell("head", "任务涉及资金"),
    )
    _add_tasks(g, form)

    # 存在问题, 改进措施
    g.block()
    g.add(Cell("label", "存在问题"), Cell("text", form.problems, colspan=5, anchors=("problems",)))
    g.add(
        Cell("label", "改进措施"),
        Cell("text", form.improvement_measures, colspan=5, anchors=("improvement_measures",)),
    )

    layout = Layout(
        title=title,
        unit=unit,
        blocks=g.blocks,
        nrows=g.row,
        unplaced_findings=[],
        unplaced_verdicts=[],
    )
    _attach(layout, ev)
    return layout


def form_title(form: Form) -> str:
    title = form.title or "部门整体支出绩效自评表"
    return f"{title}（{form.year}年度）" if form.year else title


def _funds_pair(form: Form, name: str, span: int) -> list[Cell]:
    value = getattr(form.funds, name)
    kind = "rate" if name in RATE_FIELDS else "money"
    return [
        Cell("label", FUNDS_LABELS[name]),
        Cell(kind, number=value, colspan=span, anchors=(f"funds.{name}",)),
    ]


def _add_goals(g: _Grid, form: Form) -> None:
    g.add(
        Cell("label", "年度整体目标", rowspan=2),
        Cell("head", "年度整体目标", colspan=2),
        Cell("head", "整体目标完成情况", colspan=3),
    )
    g.add(
        Cell("text", form.overall_goal, colspan=2, anchors=("overall_goal",)),
        Cell("text", form.overall_goal_completion, colspan=3, anchors=("overall_goal_completion",)),
    )


def _add_key_indicators(g: _Grid, form: Form) -> None:
    n = len(form.key_indicators)
    g.add(
        Cell("label", "年度关键指标", rowspan=max(n, 1) + 1, anchors=("key_indicators",)),
        Cell("head", "关键指标"),
        Cell("head", "预期实现值"),
        Cell("head", "指标完成情况", colspan=3),
    )
    if not n:
        g.add(Cell("blank", colspan=5))
    for i, k in enumerate(form.key_indicators):
        p = f"key_indicators[{i}]"
        g.add(
            Cell("text", k.name, anchors=(f"{p}.name",)),
            Cell("text", k.expected_value, anchors=(f"{p}.expected_value",)),
            Cell("text", k.completion, colspan=3, anchors=(p, f"{p}.completion")),
        )


def _same_name(a: str, b: str) -> bool:
    a, b = "".join(a.split()), "".join(b.split())
    return bool(a) and a == b


def _add_tasks(g: _Grid, form: Form) -> None:
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
            anchors=tuple(f"tasks[{j}].name" for j in run),
        )
        for j in run:
            t = tasks[j]
            p = f"tasks[{j}]"
            n = max(1, len(t.indicators))
            head = [name] if j == run[0] else []
            head += [
                Cell("text", t.expected_goal, rowspan=n, anchors=(p, f"{p}.expected_goal")),
                Cell("text", t.goal_completion, rowspan=n, anchors=(f"{p}.goal_completion",)),
            ]
            funds = Cell("money", number=t.funds, rowspan=n, anchors=(f"{p}.funds",))
            if not t.indicators:
                g.add(*head, Cell("blank"), Cell("blank", anchors=(f"{p}.indicators",)), funds)
            for k, ind in enumerate(t.indicators):
                q = f"{p}.indicators[{k}]"
                row = head if k == 0 else []
                row += [
                    Cell("category", ind.category, anchors=(f"{q}.category",)),
                    Cell("text", ind.completion, anchors=(q, f"{q}.completion")),
                ]
                if k == 0:
                    row.append(funds)
                g.add(*row)


# -- sizes -------------------------------------------------------------------
def cell_height(
    c: Cell,
    widths: Sequence[float],
    line: float,
    pad: float,
    note_line: float = 0.0,
    note_scale: float = 1.0,
) -> float:
    """Height ``c`` needs: its wrapped text (and notes, when drawn in the cell).

    ``widths`` are the column widths in half-width characters of the cell text;
    ``note_scale`` is how many note characters fit in one text character.
    """
    units = sum(widths[c.col : c.col + c.colspan])
    h = wrapped_lines(c.display, units) * line + pad
    if note_line:
        for text in c.note_lines():
            h += wrapped_lines(text, units * note_scale) * note_line
    return h


def row_heights(
    rows: list[list[Cell]], widths: Sequence[float], min_height: float, **size: float
) -> list[float]:
    """Heights of ``rows`` so every cell's text fits; a merged cell's need is spread evenly."""
    if not rows:
        return []
    first = next(c.row for r in rows for c in r) if any(rows) else 0
    heights = [min_height] * len(rows)
    merged: list[tuple[Cell, float]] = []
    for r in rows:
        for c in r:
            h = cell_height(c, widths, **size)
            if c.rowspan == 1:
                heights[c.row - first] = max(heights[c.row - first], h)
            else:
                merged.append((c, h))
    for c, h in sorted(merged, key=lambda m: m[0].rowspan):
        span = range(c.row - first, min(len(rows), c.row - first + c.rowspan))
        have = sum(heights[i] for i in span)
        if h > have:
            extra = (h - have) / len(span)
            for i in span:
                heights[i] += extra
    return heights


# -- notes -------------------------------------------------------------------
_TOKEN = re.compile(r"\[\d+\]|[^.\[\]]+")


def path_candidates(path: str) -> list[str]:
    """``path`` and each of its ancestors, longest first (``a[1].b`` → a[1].b, a[1], a)."""
    tokens = _TOKEN.findall((path or "").strip())
    out = []
    for n in range(len(tokens), 0, -1):
        out.append(
            "".join(t if t.startswith("[") or i == 0 else "." + t for i, t in enumerate(tokens[:n]))
        )
    return out or [""]


def _attach(layout: Layout, ev: Evaluation) -> None:
    index: dict[str, Cell] = {}
    for c in (layout.title, layout.unit, *layout.cells()):
        for a in c.anchors:
            index.setdefault(a, c)

    def find(path: str) -> Cell | None:
        for cand in path_candidates(path):
            if cand in index:
                return index[cand]
        return None

    for v in ev.verdicts:
        c = find(v.path)
        if c is None:
            layout.unplaced_verdicts.append(v)
        else:
            c.verdicts.append(v)
    for f in sorted(ev.findings, key=lambda f: SEVERITY_ORDER[f.severity]):
        c = find(f.path)
        if c is None:
            layout.unplaced_findings.append(f)
        else:
            c.findings.append(f)
    for o in overrides_of(ev):
        c = find(o.path)
        if c is not None:
            c.overrides.append(o)


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


# -- describing places -------------------------------------------------------
_FIELD_NAMES = {
    "title": "标题",
    "year": "年度",
    "unit": "单位",
    "department": "部门名称",
    "funds": "部门资金情况",
    "overall_goal": "年度整体目标",
    "overall_goal_completion": "整体目标完成情况",
    "key_indicators": "年度关键指标",
    "tasks": "主要任务",
    "problems": "存在问题",
    "improvement_measures": "改进措施",
    "name": "名称",
    "expected_value": "预期实现值",
    "completion": "完成情况",
    "expected_goal": "预期目标",
    "goal_completion": "目标完成情况",
    "indicators": "关键指标",
    "category": "指标类别",
    **FUNDS_LABELS,
}


def describe_path(form: Form, path: str) -> str:
    """A place in the form in plain Chinese, e.g. 主要任务第3项「…」·第2个指标（质量指标）."""
    tokens = _TOKEN.findall(path or "")
    if not tokens:
        return "整张表"
    parts: list[str] = []
    obj: object = form
    i = 0
    while i < len(tokens):
        name = tokens[i]
        i += 1
        if name.startswith("["):  # malformed path such as "[3]"
            parts.append(name)
            continue
        index = None
        if i < len(tokens) and tokens[i].startswith("["):
            index = int(tokens[i][1:-1])
            i += 1
        value = getattr(obj, name, None) if obj is not None else None
        if index is None:
            if name == "funds" and isinstance(obj, Task):
                parts.append("任务涉及资金")
            else:
                parts.append(_FIELD_NAMES.get(name, name))
            obj = value
            continue
        item = value[index] if isinstance(value, list) and 0 <= index < len(value) else None
        if name == "indicators":
            label = getattr(item, "category", "")
            parts.append(f"第{index + 1}个指标" + (f"（{label}）" if label else ""))
        else:
            label = getattr(item, "name", "")
            section = _FIELD_NAMES.get(name, name)
            parts.append(f"{section}第{index + 1}项" + (f"「{label}」" if label else ""))
        obj = item
    return "·".join(parts)
