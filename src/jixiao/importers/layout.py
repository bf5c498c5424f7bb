"""Read a 部门整体支出绩效自评表 out of table rows, whatever format they came from.

The official table has fixed sections, each recognised by its label or its column
header row, never by line numbers: 部门名称, 部门资金情况 (label/value pairs),
年度整体目标 (goal | completion), 年度关键指标 (name | expected | completion) and
主要任务 (name | goal | completion | category | indicator completion | funds),
then 存在问题 and 改进措施.

Artefacts of extracted forms, each handled by a general rule (the shared format's
README describes them; tests/importers/test_text_rules.py has one test a rule):

* section labels are consumed wherever they are printed, also when repeated after a
  page break; header rows switch sections; page numbers and a title, unit or header
  row repeated at the top of a page are page furniture;
* a task row is read around its anchors, not its cell count: the category cell is
  recognised by its vocabulary and the funds cell by being a number (or a dash)
  after it, so rows shifted a cell left or right, and rows of 5 or 6 cells, read the
  same;
* a funds cell starts a new task; a task with no name of its own continues the
  merged name cell above it; a row with task texts but no funds fills the current
  task when those cells are still empty there (a merged cell printed on a lower row);
  a row with only goal texts continues the current task's wrapped goal cells;
* a long sentence is never a task name: printed in the name column next to an
  empty goal column it is the goal;
* a row with an indicator completion but no category continues the category cell
  above it (a merged category), as a new indicator;
* a category cell alone on the last row before a page break, followed after the
  break by a row with the same category, is one row cut by the break; so is a
  key-indicator row without a name (the rest of the row above);
* tasks list their indicators in the official category order: a last indicator row
  that breaks that order in one task, while the next task lacks its category and
  would start with a later one, was printed above the next task's name row and
  belongs to it (resolved back to front, so several such rows in a row resolve);
* a signature line under the table (填表人：  审核人：  日期：) is not form text: its
  empty labels are consumed, names and dates written after them are reported;
* a note under the table (注：1.本表金额单位为万元。 说明： 备注 填表说明：, labels in
  ``template.NOTE_LABELS``) is not form text either: a row whose first cell starts
  with a note label, after the row where the form's last section starts, and every
  row after it are reported, never appended to 改进措施 or the last task;
* every non-empty cell is placed in a field, consumed as a label, or reported as
  unplaced with its line and cell.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from jixiao.cells import is_blank
from jixiao.importers.base import FormImportError, ImportResult, Unplaced
from jixiao.importers.grid import Row, join_name, norm_key
from jixiao.importers.template import (
    DEPARTMENT_LINE,
    EXPECTED_SECTIONS,
    NUMBER_HEADERS,
    REPORT_HEADERS,
    TASK_SLOTS,
    TITLE_WORDS,
    TOTAL_LABELS,
    UNIT_LINE,
    header_kind,
    is_continuation_mark,
    is_note_start,
    label_key,
    row_keys,
)
from jixiao.importers.template import funds_field as _funds_field
from jixiao.importers.template import section_label as _section_label
from jixiao.model import Category, Form, Indicator, KeyIndicator, SourceRef, Task

_SENTENCE = re.compile(r"[。；;！!？?]")
# A signature line's cell: a role and a colon, perhaps a short name or date after it.
_SIGNOFF = re.compile(r"([\u4e00-\u9fff]{2,6})[:：](.{0,20})")
_SIGNOFF_ROLES = ("人", "日期", "时间", "电话", "签字", "签名", "盖章")
_CONTINUED_NAME = re.compile(r"\s*[(（]续(?:表|上表|前表)?[)）]$")
_SEQUENCE = re.compile(
    r"^[(（]?(?:\d{1,3}(?:[.．]\d{1,3}){0,3}|[一二三四五六七八九十百]{1,4})[)）.．、]?$"
)
_PAGE_MARK = re.compile(
    r"^(?:第\d+页(?:[,，/]?共\d+页)?|[-—–]\d+[-—–]|\d+/\d+|page\d+(?:of\d+)?|\d{1,3})$",
    re.IGNORECASE,
)
_MONEY = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^[+-]?\d+(?:\.\d+)?$")
_YEAR = re.compile(r"[（(]?\s*((?:19|20)\d{2})\s*年度?\s*[)）]?")


def looks_like_name(text: str) -> bool:
    """A task name is a short heading: no sentence punctuation."""
    s = "".join(text.split())
    return 0 < len(s) <= 40 and not _SENTENCE.search(s)


def parse_money(text: str) -> Decimal | None:
    """A plain number as printed (thousands separators, full-width digits, optional %).

    An accountant's negative in parentheses, (1,234.00), is -1234.00.
    """
    s = unicodedata.normalize("NFKC", text)
    s = "".join(s.split())
    if len(s) > 2 and s[0] == "(" and s[-1] == ")" and s[1] not in "+-":
        s = "-" + s[1:-1]
    for suffix in ("%", "万元", "元"):
        if s.endswith(suffix):
            s = s[: -len(suffix)]
            break
    if not _MONEY.match(s):
        return None
    try:
        return Decimal(s.replace(",", ""))
    except InvalidOperation:
        return None


@lru_cache(maxsize=4096)
def _category(text: str) -> Category | None:
    return Category.parse(text) if text and len(text) <= 24 else None


def _row_keys(row: Row) -> list[str]:
    return row_keys(row.cells)


class _Builder:
    def __init__(self, rows: list[Row], path: str | None) -> None:
        self.numbers: set[tuple[int, int]] = set()  # (line, cell) of 序号 cells consumed
        self.rows = self.drop_number_column(rows)
        self.notes = self.note_rows()  # rows of a note block under the table
        self.path = path
        self.form = Form(source_file=path)
        self.placed: set[tuple[int, int]] = set()
        self.warnings: list[str] = []
        self.section: str | None = None
        self.found: set[str] = set()
        self.title_found = False
        self.title_key = ""
        self.task_cols = {"category": 3, "funds": 5}
        self.goal_cols: list[int] = [1, 3]
        self.tasks: list[Task] = []
        self.resumed = False  # the row after a task header repeated on a new page
        self.last_category: tuple[str, SourceRef] | None = None
        self.text_field: str | None = None  # problems/measures field being continued
        # Texts continued over several rows: their parts, joined once at the end
        # (joining on every row would take time quadratic in the text's length).
        self.parts: dict[tuple[int, str], tuple[object, list[str]]] = {}

    # -- the numbering column ----------------------------------------------------
    def drop_number_column(self, rows: list[Row]) -> list[Row]:
        """Take a 序号 column out of the table: its numbers are the rows' order, not content.

        A column headed 序号 (or 编号, No.) in a header row holds sequence numbers (1, 2,
        3.5, 一, (1)) or nothing on every row; that cell is removed from each row where
        it is a number or empty, so the rows read as the official six columns. A column a
        report adds beside the form (评价, jixiao's printed verdicts) is removed on every row.
        """
        cols: set[int] = set()
        report: set[int] = set()  # a report's own columns (评价), by source column
        for row in rows:
            if header_kind(keys := row_keys(row.cells)) is None:
                continue
            cols |= {ci for ci, key in enumerate(keys) if key in NUMBER_HEADERS}
            report |= {_column(row, ci) for ci, key in enumerate(keys) if key in REPORT_HEADERS}
        if not cols and not report:
            return rows
        out = []
        for row in rows:
            drop = [
                ci
                for ci in range(len(row.cells))
                if (report and _column(row, ci) in report)
                or (
                    ci in cols
                    and (
                        not row.cells[ci]
                        or _SEQUENCE.match(norm_key(row.cells[ci]))
                        or label_key(row.cells[ci]) in NUMBER_HEADERS
                    )
                )
            ]
            if not drop:
                out.append(row)
                continue
            keep = [ci for ci in range(len(row.cells)) if ci not in drop]
            for ci in drop:
                if row.cells[ci]:
                    ref = row.ref(ci)
                    self.numbers.add((ref.line or 0, ref.cell or 0))
            out.append(
                Row(
                    line=row.line,
                    cells=[row.cells[ci] for ci in keep],
                    page=row.page,
                    raw=row.raw,
                    break_before=row.break_before,
                    refs=[row.ref(ci) for ci in keep],  # the cells as the source numbers them
                )
            )
        return out

    # -- notes under the table ---------------------------------------------------
    def note_rows(self) -> set[int]:
        """The rows of a note printed under the table (注：1.本表金额单位为万元。…).

        A note starts on a row whose first cell starts with a note label
        (``template.is_note_start``), after the row where the form's last section
        starts (its label or header row, also when repeated): a note sits under the
        table, and inside a section the same words are that section's text. The
        label must be in the first column, where labels are printed, so a text of
        the section (a goal or completion cell starting with 说明：) is not one. The
        note goes on to the end of the rows: its numbered items and wrapped lines
        are printed under it, and nothing of the form comes after its last section.
        """
        last = -1
        for ri, row in enumerate(self.rows):
            first = row.cells[0] if row.cells else ""
            if (
                header_kind(_row_keys(row)) is not None
                or (first and _section_label(first) is not None)
                or (first and DEPARTMENT_LINE.match(norm_key(first)))
            ):
                last = ri
        start = next(
            (
                ri
                for ri in range(last + 1, len(self.rows))
                if self.rows[ri].cells and is_note_start(self.rows[ri].cells[0])
            ),
            None,
        )
        return set(range(start, len(self.rows))) if start is not None else set()

    # -- helpers -------------------------------------------------------------
    def ref(self, ri: int, ci: int) -> SourceRef:
        return self.rows[ri].ref(ci)

    def place(self, ri: int, ci: int) -> None:
        self.placed.add((ri, ci))

    def set_field(self, obj, field: str, value, ri: int, ci: int) -> None:
        setattr(obj, field, value)
        obj.provenance.setdefault(field, self.ref(ri, ci))
        self.place(ri, ci)

    def append_text(self, obj, field: str, text: str, ri: int, ci: int) -> None:
        key = (id(obj), field)
        entry = self.parts.get(key)
        if entry is None:
            old = getattr(obj, field)
            entry = self.parts[key] = (obj, [old] if old else [])
        parts = entry[1]
        parts.append(text)
        if len(parts) == 1:
            self.set_field(obj, field, text, ri, ci)
        else:
            self.place(ri, ci)

    def join_texts(self) -> None:
        for (_, field), (obj, parts) in self.parts.items():
            if len(parts) > 1:
                setattr(obj, field, "\n".join(parts))
        self.parts.clear()

    # -- main loop -------------------------------------------------------------
    def build(self) -> ImportResult:
        for ri, row in enumerate(self.rows):
            if not row.nonempty():
                continue
            self.row(ri, row)
        self.join_texts()
        self.finish_tasks()
        return self.result()

    def row(self, ri: int, row: Row) -> None:
        cells = row.cells
        keys = _row_keys(row)
        kind = header_kind(keys)
        # Header rows switch sections (also when a page repeats them).
        if kind == "tasks":
            self.resumed = bool(self.tasks)  # the task table goes on after a page break
            self.header(ri, row, "tasks")
            self.task_cols = {
                "category": keys.index("关键指标") if "关键指标" in keys else 3,
                "funds": keys.index("任务涉及资金") if "任务涉及资金" in keys else 5,
            }
            return
        if kind == "key":
            self.header(ri, row, "key")
            return
        if kind == "goal":
            self.header(ri, row, "goal")
            self.goal_cols = [i for i, k in enumerate(keys) if k and i > 0] or [1, 3]
            return
        # Title and unit lines come before the table.
        if self.section is None and self.title_or_unit(ri, row):
            return
        # Page furniture: page numbers, and the title or unit repeated at the top of a page.
        if self.is_furniture(ri, row):
            self.place(ri, row.nonempty()[0][0])
            return
        if ri in self.notes:
            # A note under the table is not form text: its cells stay unplaced and are
            # reported; a signature line after it still has its empty labels consumed.
            self.signoff_line(ri, row)
            return
        # 部门名称：XXX in one cell.
        if cells and cells[0] and not self.form.department:
            m = DEPARTMENT_LINE.match(norm_key(cells[0]))
            if m:
                self.enter("department")
                value = re.split("[:：]", cells[0], maxsplit=1)[1].strip()
                self.set_field(self.form, "department", value, ri, 0)
                return
        # A section label in the first column (possibly repeated after a page break).
        if cells and cells[0]:
            sec = _section_label(cells[0])
            if sec is not None:
                self.place(ri, 0)
                self.enter(sec)
                if sec in ("problems", "measures"):
                    self.text_field = "problems" if sec == "problems" else "improvement_measures"
                    self.long_text(ri, row, start=1)
                    return
                if sec == "department":
                    self.department(ri, row)
                    return
                if len(row.nonempty()) == 1:
                    return
        if any(_funds_field(c) for c in cells if c and len(c) <= 24) and self.section in (
            None,
            "department",
            "funds",
        ):
            self.enter("funds")
            self.funds(ri, row)
            return
        if self.section == "tasks" and self.total_row(ri, row):
            return
        if self.signoff_line(ri, row):
            return
        handler = {
            "goal": self.goal_row,
            "key": self.key_row,
            "tasks": self.task_row,
            "problems": self.continue_text,
            "measures": self.continue_text,
            "department": self.department,
        }.get(self.section or "")
        if handler is not None:
            handler(ri, row)

    def is_furniture(self, ri: int, row: Row) -> bool:
        texts = row.nonempty()
        if len(texts) != 1:
            return False
        key = norm_key(texts[0][1])
        if is_continuation_mark(key):
            return True
        if self.title_found and (
            key == self.title_key or (self.form.unit and UNIT_LINE.match(key))
        ):
            return True
        if not _PAGE_MARK.match(key):
            return False
        # A bare number is a page number only in the first column at a page edge.
        if key.isdigit():
            at_edge = row.break_before or ri + 1 >= len(self.rows) or self.rows[ri + 1].break_before
            return texts[0][0] == 0 and at_edge
        return True

    def enter(self, section: str) -> None:
        self.section = section
        self.found.add(section)

    def header(self, ri: int, row: Row, section: str) -> None:
        for ci, _ in row.nonempty():
            self.place(ri, ci)
        self.enter(section)

    # -- title, unit, department ----------------------------------------------
    def title_or_unit(self, ri: int, row: Row) -> bool:
        handled = False
        for ci, text in row.nonempty():
            key = norm_key(text)
            m = UNIT_LINE.match(key)
            if m and len(key) <= 12:
                self.set_field(self.form, "unit", m.group(1), ri, ci)
                handled = True
            elif not self.title_found and any(w in text for w in TITLE_WORDS):
                self.title(ri, ci, text)
                handled = True
        return handled

    def title(self, ri: int, ci: int, text: str) -> None:
        one_line = " ".join(text.split())
        m = _YEAR.search(one_line)
        if m:
            self.form.year = int(m.group(1))
            self.form.provenance["year"] = self.ref(ri, ci)
            one_line = (one_line[: m.start()] + one_line[m.end() :]).strip()
        title = one_line.strip(" -—:：")
        self.set_field(self.form, "title", join_name(title), ri, ci)
        self.title_found = True
        self.title_key = norm_key(text)

    def department(self, ri: int, row: Row) -> None:
        for ci, text in row.nonempty():
            if (ri, ci) in self.placed:
                continue
            if _section_label(text) == "department":
                self.place(ri, ci)
                continue
            key = norm_key(text)
            if key.startswith("部门名称") and len(key) > 4:
                text = key[4:].lstrip(":：")
            if not self.form.department:
                self.set_field(self.form, "department", text, ri, ci)

    # -- funds ----------------------------------------------------------------
    def funds(self, ri: int, row: Row) -> None:
        cells = row.cells
        ci = 0
        while ci < len(cells):
            field = _funds_field(cells[ci]) if cells[ci] else None
            if field is None:
                ci += 1
                continue
            self.place(ri, ci)
            vi = next((j for j in range(ci + 1, len(cells)) if cells[j]), None)
            if vi is not None and _funds_field(cells[vi]) is None:
                value = parse_money(cells[vi])
                if value is None and is_blank(cells[vi]):
                    self.place(ri, vi)  # printed as empty: the figure stays null
                    self.form.funds.provenance.setdefault(field, self.ref(ri, vi))
                elif value is None:
                    self.warnings.append(
                        f"第{row.line}行第{vi + 1}格：「{cells[ci]}」的值「{cells[vi]}」不是数字"
                    )
                else:
                    self.set_field(self.form.funds, field, value, ri, vi)
                ci = vi + 1
            else:
                ci += 1

    # -- overall goal -----------------------------------------------------------
    def goal_row(self, ri: int, row: Row) -> None:
        texts = [(ci, t) for ci, t in row.nonempty() if not (ci == 0 and _section_label(t))]
        fields = ("overall_goal", "overall_goal_completion")
        if len(texts) >= 2:
            pairs = list(zip(fields, texts[:2], strict=True))
        elif texts:
            ci = texts[0][0]
            # One text: the column closest to its position decides which.
            cols = self.goal_cols[:2] if len(self.goal_cols) >= 2 else [1, 3]
            which = 0 if abs(ci - cols[0]) <= abs(ci - cols[1]) else 1
            pairs = [(fields[which], texts[0])]
        else:
            return
        for field, (ci, text) in pairs:
            self.append_text(self.form, field, text, ri, ci)

    # -- key indicators ---------------------------------------------------------
    def key_row(self, ri: int, row: Row) -> None:
        cells = row.cells[: row.trimmed_len()]
        # Column 0 holds the section label (or nothing); text there is a row shifted left.
        first = 0 if cells and cells[0] and not _section_label(cells[0]) else 1
        data = list(range(first, len(cells)))
        # Rows shifted right carry extra empty cells in front.
        while len(data) > 3 and not cells[data[0]]:
            data.pop(0)
        if not any(cells[i] for i in data):
            return
        fields = list(zip(("name", "expected_value", "completion"), data, strict=False))
        keys = self.form.key_indicators
        if keys and not cells[data[0]]:
            # No name: the lower part of the row above, cut by a page break or a wrap.
            for field, ci in fields:
                if cells[ci]:
                    self.append_text(keys[-1], field, cells[ci], ri, ci)
            return
        k = KeyIndicator()
        for field, ci in fields:
            if cells[ci]:
                self.set_field(k, field, cells[ci], ri, ci)
        keys.append(k)

    # -- tasks --------------------------------------------------------------------
    def task_row(self, ri: int, row: Row) -> None:
        cells = row.cells
        n = row.trimmed_len()
        cat_idx = next((i for i in range(n) if _category(cells[i])), None)
        last = max((i for i in range(n) if cells[i]), default=None)
        funds_idx = None
        funds_value = None
        in_funds_column = last is not None and (
            (cat_idx is not None and last >= cat_idx + 2)
            or (cat_idx is None and last >= self.task_cols["funds"])
        )
        if in_funds_column and "%" not in cells[last]:
            funds_value = parse_money(cells[last])
            if funds_value is not None or is_blank(cells[last]):
                funds_idx = last  # a figure, or a dash printed for "no funds"
        # Without a category cell, the category column is where a completion may start.
        anchor = cat_idx if cat_idx is not None else self.task_cols["category"]
        start = anchor + 1 if cat_idx is not None else anchor
        after = [i for i in range(start, n) if cells[i] and i != funds_idx]
        comp_idx = after[0] if after else None
        before = [i for i in range(min(anchor, n)) if cells[i]]
        slots = self.task_slots(before, anchor, cells)
        continued, self.resumed = self.resumed, False
        if "name" in slots and self.tasks and self.continues_name(cells[slots["name"]]):
            self.place(ri, slots.pop("name"))  # a merged name reprinted with （续） on a new page
            continued = True
        if continued and funds_idx is None and slots and "name" not in slots:
            # The first row of a task continued on a new page (after the repeated header or
            # its name reprinted with （续）): its goal cells hold the rest of the current
            # task's texts — a new task would bring its name or its funds cell.
            for slot, ci in slots.items():
                self.append_text(self.tasks[-1], slot, cells[ci], ri, ci)
            slots = {}

        if (
            cat_idx is not None
            and comp_idx is None
            and not slots
            and funds_idx is None
            and self.cut_by_break(ri, cells[cat_idx])
        ):
            self.place(ri, cat_idx)  # the top of a row cut by a page break: read with its rest
            return
        wrapped = (
            self.tasks
            and slots
            and "name" not in slots
            and funds_idx is None
            and cat_idx is None
            and comp_idx is None
        )
        if wrapped:
            # Only goal texts: the lower part of the current task's wrapped goal cells.
            task = self.tasks[-1]
            for slot, ci in slots.items():
                self.append_text(task, slot, cells[ci], ri, ci)
            return
        task = self.current_task(slots, funds_idx)
        for slot, ci in slots.items():
            text = cells[ci]
            if slot == "name":
                text = join_name(text)
            self.set_field(task, slot, text, ri, ci)
        if funds_idx is not None:
            self.set_field(task, "funds", funds_value, ri, funds_idx)

        if cat_idx is not None:
            ind = Indicator()
            self.set_field(ind, "category", join_name(cells[cat_idx]), ri, cat_idx)
            self.last_category = (ind.category, self.ref(ri, cat_idx))
            if comp_idx is not None:
                self.set_field(ind, "completion", cells[comp_idx], ri, comp_idx)
            task.indicators.append(ind)
        elif comp_idx is not None:
            ind = Indicator()
            if self.last_category is not None:
                ind.category, ind.provenance["category"] = self.last_category
            self.set_field(ind, "completion", cells[comp_idx], ri, comp_idx)
            task.indicators.append(ind)
        # Any other cell of the row stays unplaced and is reported.

    def signoff_line(self, ri: int, row: Row) -> bool:
        """A signature line under the table (填表人：  审核人：  日期：) is not form text.

        Its empty labels are furniture; a name or date written after a label stays
        unplaced, so it is reported rather than read into 改进措施.
        """
        texts = row.nonempty()
        if not texts:
            return False
        found = [
            _SIGNOFF.fullmatch("".join(unicodedata.normalize("NFKC", t).split())) for _, t in texts
        ]
        if not all(found) or not any(m.group(1).endswith(_SIGNOFF_ROLES) for m in found if m):
            return False
        for (ci, _), m in zip(texts, found, strict=True):
            if m is not None and not m.group(2):
                self.place(ri, ci)
        return True

    def continues_name(self, text: str) -> bool:
        """A name cell reprinted as 「name（续）」: the current task's merged name, continued."""
        stem = _CONTINUED_NAME.sub("", join_name(text))
        current = next((t.name for t in reversed(self.tasks) if t.name), "")  # sub-tasks share it
        return stem != join_name(text) and stem == current

    def total_row(self, ri: int, row: Row) -> bool:
        """A 合计 row under the tasks: the sum of their funds, checked and consumed."""
        texts = row.nonempty()
        if not texts or label_key(texts[0][1]) not in TOTAL_LABELS:
            return False
        for ci, _ in texts:
            self.place(ri, ci)
        printed = [v for _, t in texts[1:] if (v := parse_money(t)) is not None]
        funds = [t.funds for t in self.tasks if t.funds is not None]
        if printed and funds and abs(printed[-1] - sum(funds)) > Decimal("0.01"):
            self.warnings.append(
                f"{row.ref(texts[0][0]).describe()}：合计 {printed[-1]} 与各项任务涉及资金之和 "
                f"{sum(funds)} 不一致"
            )
        return True

    def task_slots(self, before: list[int], anchor: int, cells: list[str]) -> dict[str, int]:
        """Assign the texts left of the category cell to name / goal / goal completion."""
        if len(before) >= 3:
            return dict(zip(TASK_SLOTS, before[-3:], strict=True))
        taken: dict[int, int] = {}
        for ci in before:
            s = min(max(3 - (anchor - ci), 0), 2)
            while s in taken and s < 2:
                s += 1
            if s in taken:
                continue
            taken[s] = ci
        # A sentence in the name column beside an empty goal column is the goal.
        if 0 in taken and 1 not in taken and not looks_like_name(cells[taken[0]]):
            taken[1] = taken.pop(0)
        return {TASK_SLOTS[s]: ci for s, ci in sorted(taken.items())}

    def current_task(self, slots: dict[str, int], funds_idx: int | None) -> Task:
        cur = self.tasks[-1] if self.tasks else None
        if cur is None:
            return self.new_task()
        if funds_idx is not None:
            if slots or cur.funds is not None:
                return self.new_task()
            return cur  # a merged funds cell printed on a lower row of its task
        if slots and any(getattr(cur, s) for s in slots):
            return self.new_task()
        return cur

    def new_task(self) -> Task:
        t = Task()
        self.tasks.append(t)
        return t

    def cut_by_break(self, ri: int, category: str) -> bool:
        """Is this category cell, alone before a page break, the top of a row cut by the break?"""
        broken = False
        for j in range(ri + 1, len(self.rows)):
            nxt = self.rows[j]
            broken = broken or nxt.break_before
            if not nxt.nonempty():
                continue
            if header_kind(_row_keys(nxt)) is not None or self.is_furniture(j, nxt):
                continue  # a header, title or page number repeated around the break
            kind = _category(category)
            return broken and any(_category(c) == kind for c in nxt.cells)
        return False

    def finish_tasks(self) -> None:
        tasks = self.tasks
        # Back to front, so that rows printed above several consecutive name rows all resolve.
        for k in range(len(tasks) - 1, 0, -1):
            prev, nxt = tasks[k - 1], tasks[k]
            while len(prev.indicators) >= 2 and self.belongs_below(prev, nxt):
                nxt.indicators.insert(0, prev.indicators.pop())
        for k, t in enumerate(tasks):
            if not t.name and k and tasks[k - 1].name:
                t.name = tasks[k - 1].name
                if "name" in tasks[k - 1].provenance:
                    t.provenance["name"] = tasks[k - 1].provenance["name"]
        self.form.tasks = tasks

    @staticmethod
    def belongs_below(prev: Task, nxt: Task) -> bool:
        """Does the last indicator row of prev belong at the start of nxt?

        Tasks list their indicators in the official category order. A last row that
        breaks that order in the task above, while the task below lacks its category
        and would start with a later one, was printed above the name row of the task
        below (a merged name cell is printed on a middle row).
        """
        last, before = prev.indicators[-1], prev.indicators[-2]
        kind, before_kind = last.kind, before.kind
        if kind is None or before_kind is None or kind.order >= before_kind.order:
            return False
        if any(i.kind == kind for i in nxt.indicators):
            return False
        first = nxt.indicators[0].kind if nxt.indicators else None
        return first is None or kind.order < first.order

    # -- problems / measures --------------------------------------------------------
    def long_text(self, ri: int, row: Row, start: int) -> None:
        assert self.text_field is not None
        for ci, text in row.nonempty():
            if ci >= start and (ri, ci) not in self.placed:
                self.append_text(self.form, self.text_field, text, ri, ci)

    def continue_text(self, ri: int, row: Row) -> None:
        if self.text_field is not None:
            self.long_text(ri, row, start=0)

    # -- result ---------------------------------------------------------------------
    def result(self) -> ImportResult:
        unplaced = [
            Unplaced(self.ref(ri, ci), text)
            for ri, row in enumerate(self.rows)
            for ci, text in row.nonempty()
            if (ri, ci) not in self.placed
        ]
        if not self.title_found and not self.found:
            raise FormImportError(
                self.path,
                "不是部门整体支出绩效自评表：未找到表头或任何已知栏目"
                "（部门名称、部门资金情况、年度关键指标、主要任务等）",
            )
        missing = [label for key, label in EXPECTED_SECTIONS if key not in self.found]
        truncated = False
        if missing:
            last_found = (
                max(i for i, (key, _) in enumerate(EXPECTED_SECTIONS) if key in self.found)
                if (self.found)
                else -1
            )
            tail = [label for i, (key, label) in enumerate(EXPECTED_SECTIONS) if i > last_found]
            middle = [m for m in missing if m not in tail]
            if tail:
                truncated = True
                self.warnings.append(
                    "表格不完整，可能被截断：未找到"
                    + "、".join(f"「{m}」" for m in tail)
                    + "；已导入现有内容"
                )
            if middle:
                self.warnings.append("未找到栏目" + "、".join(f"「{m}」" for m in middle))
        result = ImportResult(
            form=self.form,
            format="table",
            warnings=self.warnings,
            unplaced=unplaced,
            truncated=truncated,
        )
        result.placed = {(ref.line or 0, ref.cell or 0) for ref in map(self.ref_of, self.placed)}
        result.placed |= self.numbers
        return result

    def ref_of(self, placed: tuple[int, int]) -> SourceRef:
        return self.ref(*placed)


def _column(row: Row, ci: int) -> int:
    """The source column of a row's cell: the sheet or table column when the source has a
    grid (merged cells make row indexes differ from columns), else the cell's index."""
    col = row.ref(ci).col
    return col if col is not None else ci + 1


def build_form(rows: list[Row], path: str | None = None) -> ImportResult:
    """Read the form out of table rows. Raises FormImportError when the rows are not such a form."""
    return _Builder(rows, path).build()
