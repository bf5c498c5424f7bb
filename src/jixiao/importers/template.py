"""The official template of the 部门整体支出绩效自评表 as data, shared by every backend.

Section labels, funds labels, column headers and the roles of the task columns
live here once. The layout reader (``layout.py``) reads a form with them, and the
format backends (text, spreadsheet, document, web page, PDF) use them only to
recognise which of a file's tables and sheets hold the form — no backend applies
layout rules of its own.

Labels are matched on ``label_key``: NFKC, no white space, no trailing colon,
without a leading enumeration (一、 1. （一）) and without a trailing continuation
mark (（续） 续表), so a label printed as 「一、部门资金情况」 or 「主要任务（续）」
is the same label.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from jixiao.importers.grid import norm_key
from jixiao.labels import FUNDS, FUNDS_BY_LABEL
from jixiao.model import Category

SECTION_LABELS: dict[str, str] = {
    # matched whole (label_key), so a variant can only name its own section
    "部门名称": "department",
    "部门(单位)名称": "department",
    "单位(部门)名称": "department",
    "单位名称": "department",
    "预算单位": "department",
    "预算单位名称": "department",
    "填报单位": "department",
    "部门资金情况": "funds",
    "资金情况": "funds",
    "部门整体资金情况": "funds",
    "年度资金情况": "funds",
    "年度整体目标": "goal",
    "整体目标": "goal",
    "年度总体目标": "goal",
    "总体目标": "goal",
    "部门整体目标": "goal",
    "年度绩效目标": "goal",
    "整体绩效目标": "goal",
    "年度关键指标": "key",
    "年度关键绩效指标": "key",
    "主要任务": "tasks",
    "年度主要任务": "tasks",
    "年度重点任务": "tasks",
    "重点任务": "tasks",
    "主要工作任务": "tasks",
    "存在问题": "problems",
    "存在的问题": "problems",
    "存在问题及原因": "problems",
    "存在的问题及原因": "problems",
    "存在问题及原因分析": "problems",
    "主要问题": "problems",
    "改进措施": "measures",
    "改进意见": "measures",
    "下一步改进措施": "measures",
    "改进措施及建议": "measures",
    "整改措施": "measures",
    "下一步工作措施": "measures",
    "改进建议": "measures",
}

# Funds labels (and the variants forms print) live in jixiao.labels, the one table the
# importer, the checks and the renderers share.
FUNDS_LABELS: dict[str, str] = FUNDS_BY_LABEL
RATE_FIELDS = frozenset(f.field for f in FUNDS if f.rate)

# The columns of the 主要任务 section, in template order, with their header texts.
TASK_COLUMNS: tuple[tuple[str, str], ...] = (
    ("name", "主要任务"),
    ("expected_goal", "预期目标"),
    ("goal_completion", "目标完成情况"),
    ("category", "关键指标"),
    ("completion", "指标完成情况"),
    ("funds", "任务涉及资金"),
)
TASK_SLOTS = ("name", "expected_goal", "goal_completion")
KEY_HEADER_VALUES = ("预期实现值", "指标完成情况", "年度指标值", "指标值", "实际完成值", "完成值")
TOTAL_LABELS = frozenset({"合计", "总计", "小计", "合计金额", "资金合计", "任务涉及资金合计"})
NUMBER_HEADERS = frozenset({"序号", "编号", "序", "No", "No.", "NO", "NO."})
# Columns a report adds beside the form (jixiao's Excel 评价 column): never form content.
REPORT_HEADERS = frozenset({"评价"})

TITLE_WORDS = ("自评表", "绩效自评", "评价表")
DEPARTMENT_LINE = re.compile(
    r"^(?:部门名称|部门\(单位\)名称|单位名称|填报单位)[:：](.+)$"
)  # norm_key
UNIT_LINE = re.compile(r"^(?:金额)?单位\s*[:：]?\s*(\S+)$")  # on a norm_key: 单位:万元

# Labels of a note printed under the table (注：1.本表金额单位为万元。): how to fill the form
# in, not its content. A note starts with one of them followed by a colon, by a numbered
# item (注1. 说明（一）) or by nothing else in its cell; longest first.
NOTE_LABELS: tuple[str, ...] = ("填表说明", "说明", "备注", "注")
_NOTE_START = re.compile(
    "^(?:" + "|".join(NOTE_LABELS) + r")(?:$|:|(?=\d{1,2}[.、)](?!\d)|\(\d{1,2}\)|"
    r"\([一二三四五六七八九十]{1,3}\)|[一二三四五六七八九十]{1,3}、))"
)

# Sections in form order; a form missing the tail of this list was cut short.
EXPECTED_SECTIONS: tuple[tuple[str, str], ...] = (
    ("department", "部门名称"),
    ("funds", "部门资金情况"),
    ("goal", "年度整体目标"),
    ("key", "年度关键指标"),
    ("tasks", "主要任务"),
    ("problems", "存在问题"),
    ("measures", "改进措施"),
)

_ENUM_PREFIX = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、.．]|[(（][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[、.．](?!\d))"
)
_CONTINUED = re.compile(r"(?:[(（]续(?:表|上表|前表)?[)）]|续表)$")


@lru_cache(maxsize=8192)
def label_key(text: str) -> str:
    """The key a printed label is matched on (see the module docstring)."""
    key = norm_key(text)
    if len(key) > 40:
        return key
    key = _ENUM_PREFIX.sub("", key)
    key = _CONTINUED.sub("", key)
    return key.rstrip(":：")


def is_continuation_mark(text: str) -> bool:
    """A cell or line that only says the table continues: 续表, （续）, （续上表）."""
    key = norm_key(text)
    return len(key) <= 8 and bool(_CONTINUED.fullmatch(key) or key == "续")


def is_note_start(text: str) -> bool:
    """Does a cell start with a note label (注：… 注:1.… 说明：… 备注 填表说明 注1.…)?

    Only the label at the start counts: 「说明会组织」 or 「详见注：」 does not.
    """
    key = "".join(unicodedata.normalize("NFKC", text.lstrip()[:200]).split())
    return bool(_NOTE_START.match(key))


def section_label(text: str) -> str | None:
    """The section a label cell names (department, funds, goal, key, tasks, problems, measures)."""
    return SECTION_LABELS.get(label_key(text)) if len(text) <= 40 else None


@lru_cache(maxsize=4096)
def funds_field(text: str) -> str | None:
    """The funds field a label cell names, such as 整体支出年度预算数 → annual_budget."""
    if len(text) > 40:
        return None
    key = label_key(text)
    key = re.sub(r"[（(](?:万元|元|%)[)）]$", "", key)
    if key.startswith("其中"):
        key = key[2:].lstrip(":：,，")
    return FUNDS_LABELS.get(key)


def header_kind(keys: list[str]) -> str | None:
    """Which section a column-header row opens, from its cells' ``label_key``s."""
    tasks = any(SECTION_LABELS.get(k) == "tasks" for k in keys)  # 主要任务 or a variant
    if tasks and ("预期目标" in keys or "任务涉及资金" in keys or "关键指标" in keys):
        return "tasks"
    if "关键指标" in keys and "预期目标" not in keys and any(v in keys for v in KEY_HEADER_VALUES):
        return "key"
    if "整体目标完成情况" in keys or "年度整体目标完成情况" in keys:
        return "goal"
    return None


def row_keys(cells: Iterable[str]) -> list[str]:
    """The ``label_key`` of each short cell of a row ("" for long cells)."""
    return [label_key(c) if c and len(c) <= 24 else "" for c in cells]


def is_title(text: str) -> bool:
    """A line that reads as the form's title (自评表, 绩效自评 …)."""
    return len(text) <= 80 and any(w in text for w in TITLE_WORDS)


SECTION_ORDER = {key: i for i, (key, _) in enumerate(EXPECTED_SECTIONS)} | {"indicators": 4}


def form_marks(rows: Iterable[list[str]]) -> tuple[set[str], int]:
    """Which parts of the template a block of rows shows, and how strongly.

    The parts are the sections named by a label or opened by a header row,
    ``funds`` when two funds labels are printed, and ``indicators`` when two cells
    name an indicator category. The score adds four a part, three a header row, and
    one a funds label or category cell: a form's table scores far above a list that
    merely mentions sections. Used to tell a file's form tables and sheets from its
    other tables.
    """
    marks: set[str] = set()
    funds = categories = headers = 0
    for cells in rows:
        keys = row_keys(cells)
        kind = header_kind(keys)
        if kind:
            marks.add(kind)
            headers += 1
        for cell, key in zip(cells, keys, strict=True):
            if not key:
                continue
            sec = SECTION_LABELS.get(key)
            if sec:
                marks.add(sec)
            elif funds_field(cell):
                funds += 1
            elif Category.parse(key) is not None:
                categories += 1
    if funds >= 2:
        marks.add("funds")
    if categories >= 2:
        marks.add("indicators")
    return marks, 4 * len(marks) + 3 * headers + funds + categories
