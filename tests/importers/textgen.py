"""Render a ``Form`` as the text a PDF extractor makes of it, with seeded artefacts.

The output has the shape of ``tests/data/seed.txt``: tab-separated cells, blank
lines between pages, ``<p>…</p>`` paragraphs on some pages. Which artefacts
appear, and where, is decided by a ``random.Random``; ``Artefacts`` gives the
probability of each (0 turns it off). Every artefact is one a careful human reads
back unambiguously (with the usual knowledge of the form: every task has a funds
figure, a task's name/goal/funds cells are merged over its rows, categories
follow the official order 数量 → 质量 → … → 满意度):

* page breaks at random rows; inside 年度关键指标 the section label is printed
  again in the first column of the row after the break;
* per page: rows padded to 5 or 6 cells; every cell wrapped in ``<p>``; CJK wrap
  spaces in the task name, goal and completion columns (a space every N wide
  characters, N in 3..12, as a fixed column width does); continuation rows
  shifted one cell left or right; key indicator rows shifted;
* money with or without thousands separators;
* a category shared by consecutive indicators of a task printed only on the
  first of them (merged category cell);
* consecutive tasks with the same name print it only on the first (merged name
  cell); such a sub-task's goal, when it is a sentence, may be printed in the
  name column with the goal column empty;
* a category with no completion printed in the completion column;
* a row cut by a page break: its category alone before the break, the whole row
  after it;
* a task's first indicator row printed just above its name row, when the order
  of categories shows where it belongs (the task before already has that
  category and ends with a later one; this task has it only there and goes on
  with later categories);
* a task's merged name / goal / completion cells printed on a lower row of the
  task (never the funds cell, which starts the task);
* long cells (overall goal, 存在问题/改进措施, a key indicator's expected value and
  completion, a task's goals) cut by a page break, the rest on a row after it.

Combinations a reader could not resolve are never generated (see ``_can_break``,
``_above_ok`` and ``_split_row``): a real category with no completion alone just
above a page break when the row after it has the same category (it reads as a
cut row); a category in the completion column beside task texts or funds (it
reads as a row shifted right); a row shifted right whose completion is a bare
number (it reads as funds); a merged category over a row with no completion; a
key row shifted right with an empty completion (it reads as the lower part of the
row above); a goal in the name column unless it is a sentence; a merged name
printed on a lower sub-task; a lone indicator completion after a page break.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass, field, fields
from decimal import Decimal

from jixiao.model import Category, Form, Task

KEY_LABEL = "年度关键指标"
_SENTENCE = re.compile(r"[。；;！!？?]")


@dataclass(frozen=True)
class Artefacts:
    """The probability of each artefact; 0 disables it."""

    page_break: float = 0.08  # before each row
    paragraphs: float = 0.3  # per page: cells wrapped in <p>
    wrap: float = 0.3  # per page: CJK wrap spaces in narrow columns
    shift: float = 0.35  # per page: continuation rows shifted left or right
    key_shift: float = 0.15  # per page: key indicator rows shifted left or right
    six_cells: float = 0.5  # per page: rows padded to 6 cells instead of 5
    thousands: float = 0.5  # per money figure of 1000 or more
    merge_category: float = 0.6  # per indicator sharing the category above
    merge_name: float = 0.8  # per sub-task sharing the name above
    goal_in_name: float = 0.6  # per sub-task with a merged name and a sentence goal
    lone_right: float = 0.5  # per empty completion: category in the completion column
    cut_row: float = 0.5  # per page break before a row with a category
    cut_first_row: float = 0.5  # ... also when it is the first row after the 主要任务 header
    break_below_open: float = 0.5  # per break below a task row whose category has no completion
    indicator_above: float = 0.5  # per task where the order shows where it belongs
    above_in_a_row: float = 0.5  # ... also when the task before had its first row above
    texts_lower: float = 0.2  # per task: merged name/goal cells printed on a lower row
    split_cell: float = 0.3  # per page break: long cells of the row above cut by the break

    @classmethod
    def none(cls) -> Artefacts:
        return cls(**{f.name: 0.0 for f in fields(cls)})


# -- cells and rows -----------------------------------------------------------------


@dataclass
class Cell:
    text: str = ""
    role: str = ""  # label, dept, text, key, name, goal, cat, icomp, money


@dataclass
class LRow:
    """A logical row before page styling."""

    cells: list[Cell]
    kind: str  # frame, key, header, task
    category: Category | None = None  # kind of the category printed on this row
    category_col: int | None = None
    has_texts: bool = False  # carries name/goal/completion or funds of a task
    has_completion: bool = False
    money_completion: bool = False


@dataclass
class Page:
    paragraphs: bool = False
    widths: dict[int, int] = field(default_factory=dict)  # column -> wide chars per line
    shift: int = 0  # -1 left, +1 right, for continuation rows
    key_shift: int = 0
    cells: int = 5


@dataclass
class Rendering:
    text: str
    notes: list[str]  # the artefacts applied, for failure messages


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F", "A")


def _width(s: str) -> int:
    return sum(2 if _wide(c) else 1 for c in s)


def wrap_cjk(text: str, chars: int) -> str:
    """Break a paragraph into lines of at most ``chars`` wide characters, joined by spaces."""
    limit = 2 * chars
    tokens = re.findall(r"[A-Za-z0-9.,%]+|\s+|.", text)
    lines: list[str] = []
    cur = ""
    for tok in tokens:
        if tok.isspace():
            if cur:
                lines.append(cur)
                cur = ""
            continue
        while _width(tok) > limit:  # a Latin run longer than the column
            room = limit - _width(cur)
            if room <= 0:
                lines.append(cur)
                cur = ""
                continue
            cur, tok = cur + tok[:room], tok[room:]
        if _width(cur) + _width(tok) > limit and cur:
            lines.append(cur)
            cur = ""
        cur += tok
    if cur:
        lines.append(cur)
    return " ".join(lines)


def fmt_money(value: Decimal, rng: random.Random, art: Artefacts) -> str:
    """A money figure as forms print it: 15,616.28 or 15616.28 or 65."""
    if value >= 1000 and rng.random() < art.thousands:
        return f"{value:,.2f}"
    if rng.random() < 0.3:
        return format(value.normalize(), "f")  # as typed: 65, 72.5
    return f"{value:.2f}"


def _money(value: Decimal | None, rng: random.Random, art: Artefacts) -> str:
    return "" if value is None else fmt_money(value, rng, art)


def _rate(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}%"


def _is_money(text: str) -> bool:
    s = "".join(unicodedata.normalize("NFKC", text).split())
    return bool(re.fullmatch(r"[+-]?[\d,]+(?:\.\d+)?", s))


def is_sentence(text: str) -> bool:
    """A goal a reader cannot take for a task name: it has sentence punctuation."""
    return bool(_SENTENCE.search(text))


# -- the logical table --------------------------------------------------------------


class _Renderer:
    def __init__(self, form: Form, rng: random.Random, art: Artefacts) -> None:
        self.form = form
        self.rng = rng
        self.art = art
        self.notes: list[str] = []
        self.above_before = False  # the task before had its first indicator row above

    def chance(self, p: float) -> bool:
        return p > 0 and self.rng.random() < p

    # frame rows
    def frame_rows(self) -> list[LRow]:
        f, rng, art = self.form, self.rng, self.art
        fu = f.funds

        def row(*texts: str, roles: tuple[str, ...] = ()) -> LRow:
            cells = [Cell(t, roles[i] if i < len(roles) else "label") for i, t in enumerate(texts)]
            return LRow(cells, "frame")

        colon = rng.choice([": ", "：", ":"])
        m = lambda v: _money(v, rng, art)  # noqa: E731
        rows = [
            row("部门名称", "", f.department, "", "", roles=("label", "", "dept")),
            row(
                "部门资金情况",
                "整体支出年度预算数",
                m(fu.annual_budget),
                "整体支出年初预算数",
                m(fu.initial_budget),
            ),
            row("", "实际支出数", m(fu.actual_expenditure), "年度调整额", m(fu.adjustment)),
            row("", f"其中{colon}一般公共预算", m(fu.general_public_budget), "", ""),
            row(
                "",
                "预算完成率",
                _rate(fu.execution_rate),
                "预算调整率",
                _rate(fu.adjustment_rate),
            ),
            row("年度整体目标", "年度整体目标", "", "整体目标完成情况", ""),
            row(
                "",
                f.overall_goal,
                "",
                f.overall_goal_completion,
                "",
                roles=("", "text", "", "text"),
            ),
            LRow(
                [Cell(t, "label") for t in (KEY_LABEL, "关键指标", "预期实现值", "指标完成情况")],
                "header",
            ),
        ]
        for k in f.key_indicators:
            cells = [Cell(""), Cell(k.name, "key"), Cell(k.expected_value, "key")]
            cells.append(Cell(k.completion, "key"))
            rows.append(LRow(cells, "key"))
        head = ("主要任务", "预期目标", "目标完成情况", "关键指标", "指标完成情况", "任务涉及资金")
        rows.append(LRow([Cell(t, "label") for t in head], "header"))
        return rows

    def tail_rows(self) -> list[LRow]:
        return [
            LRow([Cell("存在问题", "label"), Cell(self.form.problems, "text")], "frame"),
            LRow(
                [Cell("改进措施", "label"), Cell(self.form.improvement_measures, "text")], "frame"
            ),
        ]

    # task rows
    def task_rows(self) -> list[LRow]:
        tasks = self.form.tasks
        rows: list[LRow] = []
        for k, t in enumerate(tasks):
            prev = tasks[k - 1] if k else None
            nxt = tasks[k + 1] if k + 1 < len(tasks) else None
            rows += self.one_task(k, t, prev, nxt)
        return rows

    def one_task(self, k: int, t: Task, prev: Task | None, nxt: Task | None) -> list[LRow]:
        shares_above = prev is not None and prev.name == t.name
        shares_below = nxt is not None and nxt.name == t.name
        print_name = not (shares_above and self.chance(self.art.merge_name))
        goal_in_name = (
            not print_name and is_sentence(t.expected_goal) and self.chance(self.art.goal_in_name)
        )
        if not print_name:
            self.notes.append(
                f"task {k}: merged name" + (", goal in name column" if goal_in_name else "")
            )

        # Indicator rows: (printed category or None, completion, kind).
        inds = []
        for j, ind in enumerate(t.indicators):
            cat: str | None = ind.category
            if (
                j
                and ind.category == t.indicators[j - 1].category
                and ind.completion
                and t.indicators[j - 1].completion
                and self.chance(self.art.merge_category)
            ):
                cat = None
                self.notes.append(f"task {k}: indicator {j} continues the merged category")
            inds.append((cat, ind.completion, ind.kind))

        above = prev is not None and _above_ok(prev, t) and self.chance(self.art.indicator_above)
        if above and self.above_before and not self.chance(self.art.above_in_a_row):
            above = False
        self.above_before = above
        lower: dict[str, int] = {}
        if (
            not above
            and print_name
            and not shares_above
            and not shares_below
            and len(inds) >= 2
            and self.chance(self.art.texts_lower)
        ):
            for slot in ("name", "expected_goal", "goal_completion"):
                if getattr(t, slot) and self.rng.random() < 0.6:
                    lower[slot] = self.rng.randrange(1, len(inds))
            if lower:
                self.notes.append(f"task {k}: texts on lower rows {lower}")

        rows: list[LRow] = []
        if above:
            self.notes.append(f"task {k}: first indicator printed above the name row")
            rows.append(self.indicator_row(*inds[0]))
            inds = inds[1:]
        for j, (cat, comp, kind) in enumerate(inds):
            r = self.indicator_row(cat, comp, kind)
            if j == 0:
                r.cells[5] = Cell(_money(t.funds, self.rng, self.art), "money")
                r.has_texts = True
            texts = {
                "name": t.name if print_name else "",
                "expected_goal": t.expected_goal,
                "goal_completion": t.goal_completion,
            }
            for col, slot in enumerate(("name", "expected_goal", "goal_completion")):
                if lower.get(slot, 0) == j and texts[slot]:
                    role = "name" if slot == "name" else "goal"
                    r.cells[col] = Cell(texts[slot], role)
                    r.has_texts = True
            if j == 0 and goal_in_name:
                r.cells[0], r.cells[1] = Cell(t.expected_goal, "goal"), Cell("")
            if r.has_texts and r.category_col == 4:
                # Only a row with nothing else may print its category in the completion
                # column: beside task texts or funds it reads as a row shifted right.
                r.cells[3], r.cells[4] = r.cells[4], Cell()
                r.category_col = 3
            rows.append(r)
        return rows

    def indicator_row(self, cat: str | None, comp: str, kind: Category | None) -> LRow:
        cells = [Cell() for _ in range(6)]
        r = LRow(cells, "task", has_completion=bool(comp), money_completion=_is_money(comp))
        if cat is not None:
            col = 3
            if not comp and self.chance(self.art.lone_right):
                col = 4
            cells[col] = Cell(cat, "cat")
            r.category, r.category_col = kind, col
        if comp:
            cells[4] = Cell(comp, "icomp")
        return r


def _above_ok(prev: Task, t: Task) -> bool:
    """May t's first indicator row be printed above t's name row, as the last row of prev?

    A reader puts it back where the official category order says: prev already
    has that category and ends with a later one, t has it only in its first row,
    and t goes on with later categories.
    """
    if len(t.indicators) < 2 or not prev.indicators or not t.indicators[0].completion:
        return False
    first = t.indicators[0].kind
    last = prev.indicators[-1].kind
    second = t.indicators[1].kind
    if first is None or last is None or second is None:
        return False
    if last.order <= first.order or second.order <= first.order:
        return False
    if not any(i.kind == first for i in prev.indicators):
        return False
    return all(i.kind != first for i in t.indicators[1:])


def tail_ambiguous(prev: Task, nxt: Task) -> bool:
    """Would a reader take prev's last indicator for nxt's row printed above nxt's name row?

    True when the form's own content is ambiguous: prev ends out of the official
    order with a category it already has, which nxt lacks and would start with.
    """
    if len(prev.indicators) < 2:
        return False
    last, before = prev.indicators[-1].kind, prev.indicators[-2].kind
    if last is None or before is None or last.order >= before.order:
        return False
    if not any(i.kind == last for i in prev.indicators[:-1]):
        return False
    if any(i.kind == last for i in nxt.indicators):
        return False
    first = nxt.indicators[0].kind if nxt.indicators else None
    return first is None or last.order < first.order


# -- pages --------------------------------------------------------------------------


def _can_break(before: LRow, after: LRow, rng: random.Random, art: Artefacts) -> bool:
    """May a page break fall between these rows?

    A category alone (no completion, no task texts) above a break, followed by a
    row with the same category, reads as one row cut by the break; so a real lone
    category is never put there. A category with no completion on a row that also
    carries task texts or funds is not alone, so a break below it is fine for a
    reader; ``art.break_below_open`` lets it happen.
    """
    if before.category is None or before.has_completion or after.category != before.category:
        return True
    if not before.has_texts:
        return False
    return art.break_below_open > 0 and rng.random() < art.break_below_open


def _style_page(rng: random.Random, art: Artefacts) -> Page:
    page = Page()
    page.paragraphs = rng.random() < art.paragraphs
    if rng.random() < art.wrap:
        page.widths = {col: rng.randint(3, 12) for col in (0, 1, 2, 3, 4)}
    if rng.random() < art.shift:
        page.shift = rng.choice((-1, 1))
    if rng.random() < art.key_shift:
        page.key_shift = rng.choice((-1, 1))
    page.cells = 6 if rng.random() < art.six_cells else 5
    return page


def _format(row: LRow, page: Page, label_row: bool = False) -> str:
    cells = [Cell(c.text, c.role) for c in row.cells]
    if row.kind == "task" and not row.has_texts and page.shift:
        if page.shift < 0:
            cells = [*cells[1:], Cell()]
        elif row.category is not None and not row.money_completion:
            cells = [Cell(), *cells]
    if row.kind == "key" and not label_row and page.key_shift:
        # Shifted right, a row must still fill the completion column: text in the
        # expected and completion columns only is the lower part of the row above.
        if page.key_shift < 0:
            cells = [*cells[1:], Cell()]
        elif cells[3].text:
            cells = [Cell(), *cells]
    texts = []
    for col, c in enumerate(cells):
        paras = [p for p in c.text.split("\n") if p.strip()]
        width = page.widths.get(col)
        if width and c.role in ("name", "goal", "cat", "icomp"):
            paras = [wrap_cjk(p, width) for p in paras]
        if page.paragraphs and paras:
            texts.append(" ".join(f"<p>{p}</p>" for p in paras))
        else:
            texts.append(" ".join(paras))
    if row.kind != "header":
        while texts and not texts[-1]:
            texts.pop()
        texts += [""] * (page.cells - len(texts))
    return "\t".join(texts)


def _split(text: str, rng: random.Random) -> tuple[str, str] | None:
    """Cut a long cell text in two, as a page break cuts a tall cell; None when too short."""
    if len("".join(text.split())) < 16:
        return None
    k = rng.randrange(6, len(text) - 6)
    head, tail = text[:k].rstrip(), text[k:].lstrip()
    return (head, tail) if head and tail else None


def _split_row(row: LRow, rng: random.Random) -> tuple[LRow, LRow] | None:
    """The part of a row before a page break and the rest of its long cells after it.

    Only cells whose continuation a reader recognises are cut: the overall goal
    texts, 存在问题 / 改进措施, a key indicator's expected value and completion, a
    task's goal and goal completion in their own columns. Names, categories,
    indicator completions and funds are never cut: a lone indicator completion
    after the break would read as a new indicator under a merged category.
    """
    cols = {
        "frame": lambda c, i: c.role == "text",
        "key": lambda c, i: i in (2, 3),
        "task": lambda c, i: c.role == "goal" and i in (1, 2),
    }.get(row.kind)
    if cols is None:
        return None
    head = LRow([Cell(c.text, c.role) for c in row.cells], row.kind)
    for attr in ("category", "category_col", "has_texts", "has_completion", "money_completion"):
        setattr(head, attr, getattr(row, attr))
    rest = LRow([Cell() for _ in row.cells], row.kind, has_texts=True)
    for i, c in enumerate(row.cells):
        if c.text and cols(c, i) and rng.random() < 0.7:
            parts = _split(c.text, rng)
            if parts:
                head.cells[i] = Cell(parts[0], c.role)
                rest.cells[i] = Cell(parts[1], c.role)
    if not any(c.text for c in rest.cells):
        return None
    return head, rest


def render(form: Form, seed: int | random.Random, art: Artefacts | None = None) -> Rendering:
    """The form as extracted text, with artefacts drawn from ``seed``."""
    rng = seed if isinstance(seed, random.Random) else random.Random(seed)
    art = art or Artefacts()
    r = _Renderer(form, rng, art)
    rows = r.frame_rows() + r.task_rows() + r.tail_rows()

    lines: list[str] = [""] * rng.randint(0, 2)
    paren = rng.choice((("(", ")"), ("（", "）")))
    year = f" {paren[0]}{form.year}年度{paren[1]}" if form.year else ""
    lines += [f"{form.title}{year}", "", f"单位{rng.choice((': ', '：'))}{form.unit}", ""]

    # (row, page, carries the repeated key label) or None for a page break
    out: list[tuple[LRow, Page, bool] | None] = []
    page = _style_page(rng, art)
    for i, row in enumerate(rows):
        if i >= 2 and r.chance(art.page_break) and _can_break(rows[i - 1], row, rng, art):
            rest = None
            first_task_row = rows[i - 1].kind == "header"
            if (
                row.category is not None
                and row.kind == "task"
                and r.chance(art.cut_row)
                and (not first_task_row or r.chance(art.cut_first_row))
            ):
                lone = LRow([Cell() for _ in range(6)], "task", category=row.category)
                assert row.category_col is not None
                lone.cells[row.category_col] = Cell(row.cells[row.category_col].text, "cat")
                out.append((lone, page, False))
                r.notes.append(f"row {i}: cut by the page break")
            elif r.chance(art.split_cell):
                last = out[-1]
                assert last is not None
                parts = _split_row(last[0], rng)
                if parts:
                    out[-1] = (parts[0], last[1], last[2])
                    rest = parts[1]
                    r.notes.append(f"row {i - 1}: long cells split by the page break")
            out.append(None)
            page = _style_page(rng, art)
            r.notes.append(f"break before row {i}: {page}")
            if rest is not None:
                out.append((rest, page, rest.kind == "key"))
            elif row.kind == "key":
                out.append((row, page, True))
                continue
        out.append((row, page, False))

    for item in out:
        if item is None:
            lines.append("")
            continue
        row, pg, label = item
        if label:
            row = LRow([Cell(KEY_LABEL, "label"), *row.cells[1:]], "key")
        lines.append(_format(row, pg, label_row=label))
    return Rendering("\n".join(lines) + "\n", r.notes)
