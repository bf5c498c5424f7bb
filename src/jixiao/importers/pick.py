"""Which of a file's sheets, tables and paragraphs hold the form.

Workbooks have several sheets, documents and web pages several tables (a
summary, a findings list, the form split in two at a page break) and paragraphs
around them (the title, the unit, a signature line, a site's navigation). The
template's labels (``template.form_marks``) tell them apart; the layout reader
then reads the form from the chosen rows only.

* A workbook: the sheet that scores highest.
* A document or page: see ``form_rows``. Paragraphs between the form's tables are
  read with them (a repeated title, 续表); before the form, its title, unit and
  department lines are kept; other tables and the text after the form are
  reported in one warning; other text before it (a site's navigation, a
  report's summary) is page furniture and left out.
"""

from __future__ import annotations

from dataclasses import dataclass

from jixiao.importers.grid import GridCell, Row, grid_rows, norm_key
from jixiao.importers.template import (
    DEPARTMENT_LINE,
    SECTION_ORDER,
    UNIT_LINE,
    form_marks,
    is_continuation_mark,
    is_title,
)
from jixiao.model import SourceRef

_FORM_END = "measures"


@dataclass
class Block:
    """A paragraph (one row of one cell) or a table of a document, in document order."""

    kind: str  # "para" or "table"
    rows: list[Row]
    name: str = ""  # how a person finds it: 第2个表格
    _marks: tuple[set[str], int] | None = None

    @property
    def marks(self) -> set[str]:
        return self._scored()[0]

    @property
    def score(self) -> int:
        return self._scored()[1]

    def _scored(self) -> tuple[set[str], int]:
        if self._marks is None:
            self._marks = (
                form_marks(r.cells for r in self.rows) if self.kind == "table" else (set(), 0)
            )
        return self._marks

    @property
    def text(self) -> str:
        return " ".join(c for r in self.rows for c in r.cells if c)


def paragraph_blocks(text: str, line: int) -> list[Block]:
    """A document paragraph's lines (cleaned text), one block each, from ``line`` + 1 on."""
    blocks = []
    for k, part in enumerate(text.split("\n") if text else (), start=line + 1):
        ref = SourceRef(line=k, cell=0)
        blocks.append(Block("para", [Row(k, [part], None, refs=[ref])]))
    return blocks


def table_block(cells: list[GridCell], table: int, line: int) -> Block:
    """Document table number ``table`` as a block; its rows count from ``line`` + 1."""

    def locate(cell: GridCell, row_line: int, index: int) -> SourceRef:
        return SourceRef(line=row_line, cell=index, table=table, row=cell.row + 1, col=cell.col + 1)

    rows = grid_rows(cells, line + 1, locate)
    first = next((t for r in rows for t in r.cells if t), "")[:12]
    return Block("table", rows, name=f"第{table}个表格（{first}…）")


def _orders(marks: set[str]) -> list[int]:
    return [SECTION_ORDER[m] for m in marks]


def _keep_before(text: str) -> bool:
    """A line before the form's table that belongs to the form: its title, unit or department."""
    key = norm_key(text)
    return is_title(text) or bool(UNIT_LINE.match(key) or DEPARTMENT_LINE.match(key))


def _between_ok(block: Block, repeated_title: bool = True) -> bool:
    """Only a page break, 续表 or (after the form's start) a repeated title/unit between tables."""
    return all(
        not c or is_continuation_mark(c) or (repeated_title and _keep_before(c))
        for r in block.rows
        for c in r.cells
    )


def form_rows(blocks: list[Block]) -> tuple[list[Row], list[str]]:
    """The rows of the form's blocks, and a warning about what was left out.

    The table that scores highest (``template.form_marks``) anchors the form; the
    form grows to the tables before and after it that continue it: tables whose
    sections follow on in the template's order, and tables with no section of their
    own that join it with nothing but a page break or 续表 between. It ends at the
    table holding 改进措施.
    """
    tables = [i for i, b in enumerate(blocks) if b.kind == "table" and b.rows]
    if not tables:
        return [r for b in blocks for r in b.rows], []
    anchor = max(tables, key=lambda i: (blocks[i].score, -i))
    lo = min(_orders(blocks[anchor].marks), default=0)
    hi = max(_orders(blocks[anchor].marks), default=0)
    start = end = anchor
    for i in reversed([t for t in tables if t < anchor]):
        marks = blocks[i].marks
        joined = all(_between_ok(b, repeated_title=False) for b in blocks[i + 1 : start])
        if (marks and max(_orders(marks)) <= lo) or (not marks and joined):
            start = i
            lo = min([lo, *_orders(marks)])
        else:
            break
    for i in [t for t in tables if t > anchor]:
        if _FORM_END in blocks[end].marks:
            break
        marks = blocks[i].marks
        joined = all(_between_ok(b) for b in blocks[end + 1 : i])
        if (marks and min(_orders(marks)) >= hi) or (not marks and joined):
            end = i
            hi = max([hi, *_orders(marks)])
        else:
            break
    # Before the form: its title, unit and department lines (from the last title on).
    lead = [i for i in range(start) if blocks[i].kind == "para"]
    # The title names the table (…自评表); a heading that merely mentions 绩效自评 is a fallback.
    titles = [i for i in lead if is_title(blocks[i].text)]
    named = [i for i in titles if "表" in blocks[i].text]
    title_at = (named or titles or [-1])[-1]
    chosen = [
        i
        for i in lead
        if i >= title_at
        and _keep_before(blocks[i].text)
        and (i == title_at or not is_title(blocks[i].text))
    ]
    chosen += list(range(start, end + 1))
    rows = [r for i in chosen for r in blocks[i].rows]
    left_tables = [blocks[i].name for i in tables if i < start or i > end]
    after = [b for b in blocks[end + 1 :] if b.kind == "para" and b.rows]
    notes = []
    if left_tables:
        notes.append("、".join(left_tables[:5]) + ("等" if len(left_tables) > 5 else ""))
    if after:
        notes.append(f"表格后的文字{len(after)}段（「{after[0].text[:30]}」…）")
    warnings = ["表格以外的内容未导入（不是自评表的一部分）：" + "；".join(notes)] if notes else []
    return rows, warnings


def best_sheet(sheets: list[tuple[str, list[Row]]]) -> tuple[int, list[str]]:
    """The index of the sheet that holds the form, and a warning naming the others."""
    if not sheets:
        return -1, []
    scored = [form_marks(r.cells for r in rows) for _, rows in sheets]
    scores = [score for _, score in scored]
    best = max(range(len(sheets)), key=lambda i: (scores[i], -i))
    if scores[best] == 0:
        best = next((i for i, (_, rows) in enumerate(sheets) if rows), 0)
    others = [name for i, (name, rows) in enumerate(sheets) if i != best and rows]
    warnings = []
    if others:
        also = [sheets[i][0] for i in range(len(sheets)) if i != best and len(scored[i][0]) >= 3]
        text = f"只导入了工作表「{sheets[best][0]}」；其他工作表未导入：" + "、".join(
            f"「{n}」" for n in others
        )
        if also:
            text += "（其中" + "、".join(f"「{n}」" for n in also) + "也像自评表）"
        warnings.append(text)
    return best, warnings
