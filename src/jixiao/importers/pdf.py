"""PDF importer: a printed 部门整体支出绩效自评表 with a text layer, read into the form.

Layers: ``pdf_read`` (characters and rulings of each page, limits, refusals) →
``pdf_grid`` (each page's ruled tables as cell grids, text outside them) → this
module, which turns the pages into the rows-of-cells seam (``grid.Row``) that the
one layout reader (``layout.build_form``) reads. Here, with general rules:

* **which tables are the form**: ``pick.form_rows`` decides, as for documents
  and web pages: the tables holding the template's labels, those continuing
  them, and the title and unit lines before them; other tables (a score table, a
  findings list) and text outside the form are reported in one warning;
* **rows**: each band between two horizontal rulings is a row; its cells are the
  cells crossing it, left to right, a merged cell counting once; a merged cell's
  text is in the first row it spans and its other rows have an empty cell there;
  a table continued on the next page that lacks its left columns gets empty
  cells in their place (its columns are mapped onto the columns before it);
* **page furniture**: text outside the tables at the top or bottom of pages that
  repeats on several pages (a running header, a page number with its count, a
  repeated title or unit) is dropped, but for the first title or unit; lone
  page numbers and continuation marks (续表, （续）) too;
* **page breaks**: the cells at the foot of a page and those at the top of the
  next (after a repeated header row) are paired by column. A pair is a repeat
  (the cell printed again, maybe with （续）: a restarted label), empty (a merged
  cell restarted), a continuation (the text above looks cut: it fills its last
  line and its cell down to the foot of a full page, neither text is a label or
  a figure, the cells are as wide) or new. The last row's own cells go on
  together or not at all, and so do merged cells (a task's name, goal, funds)
  ending together below; a group goes on unless one of its cells is new, and a
  row starting with a new or repeated label is a new row. So a row cut by a page
  break is one row again, a merged cell cut by it stays one cell, a restarted
  label is read once, and a new row stays new;
* **notes**: lines at the end of a cell, printed in a clearly smaller type than
  the cell's text (or, in a cell with nothing else, than the table's text) and
  starting with a verdict, severity or review label (已达成, 未达成, 无法判断,
  错误, 警告, 提示, 复核: the notes jixiao's own reports attach to cells),
  possibly after what they are about (主要任务：提示 …), are
  not part of the cell; they are counted in one warning.

Provenance: ``SourceRef(page=…, line=row on that page, cell=cell in that row)``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import partial
from itertools import pairwise

from jixiao.cells import NO_LINE_START
from jixiao.importers.base import FormImportError, ImportResult
from jixiao.importers.grid import Row, norm_key
from jixiao.importers.layout import _PAGE_MARK, build_form, looks_like_name, parse_money
from jixiao.importers.pdf_grid import (
    Cell,
    Line,
    PageGrid,
    Table,
    cell_text,
    join_wrapped,
    line_pitch,
    page_grid,
    side_by_side,
)
from jixiao.importers.pdf_read import read_pages
from jixiao.importers.pick import Block, form_rows
from jixiao.importers.template import (
    UNIT_LINE,
    funds_field,
    header_kind,
    is_continuation_mark,
    is_title,
    label_key,
    row_keys,
    section_label,
)
from jixiao.labels import SEVERITY_LABELS, VERDICT_LABELS
from jixiao.model import Category, SourceRef

__all__ = ["import_pdf", "pdf_rows", "sniff"]

# A line in a type this much smaller than the cell's text is a note.
NOTE_RATIO = 0.92
# Cell padding printers leave on either side (points), at most.
PAD = 6.0
_TERMINAL = tuple("。！？!?")
# Characters a line may not start with (kinsoku, jixiao.cells): the one before them moves along.
_NO_START = NO_LINE_START
# The labels a note starts with: jixiao's verdicts, finding severities and reviews.
NOTE_LABELS = (*VERDICT_LABELS.values(), *SEVERITY_LABELS.values(), "复核")
# A note line: a label, possibly after what the note is about (主要任务：提示 …).
_NOTE = re.compile(r"^(?:[^：:\s]{1,12}[：:])?(?:" + "|".join(NOTE_LABELS) + ")")


def sniff(head: bytes) -> bool:
    """A PDF starts with ``%PDF-`` within its first kilobyte."""
    return b"%PDF-" in head[:1024]


def import_pdf(data: bytes, path: str | None = None) -> ImportResult:
    """Import a form from the bytes of a PDF with a text layer."""
    rows, warnings = pdf_rows(data, path)
    result = build_form(rows, path)
    result.format = "pdf"
    result.warnings[:0] = warnings
    return result


def pdf_rows(data: bytes, path: str | None = None) -> tuple[list[Row], list[str]]:
    """The rows of cells a PDF holds, and the warnings reading it gave (for tests and tools)."""
    pages, joined = side_by_side(list(read_pages(data, path)))
    reader = _Reader([page_grid(p) for p in pages], path)
    rows = reader.rows()
    if joined:
        reader.warnings.insert(
            0,
            "表格过宽，打印时分在左右相邻的页上；已按左右拼接后读取（"
            + "；".join("第" + "、".join(map(str, row)) + "页" for row in joined[:3])
            + ("等" if len(joined) > 3 else "")
            + "），单元格位置按左侧页记",
        )
    return rows, reader.warnings


# -- text of a cell -------------------------------------------------------------------


def _split_notes(lines: list[Line], table_pt: float) -> tuple[list[Line], list[Line]]:
    """A cell's lines without its trailing small-type notes, and the notes."""
    if not lines:
        return lines, []
    small = max(max(ln.pt for ln in lines), table_pt) * NOTE_RATIO
    k = len(lines)
    while k > 0 and lines[k - 1].pt <= small:
        k -= 1
    # The notes start at the first small line that starts with a label.
    while k < len(lines) and not _NOTE.match(lines[k].text):
        k += 1
    return lines[:k], lines[k:]


def _body_pt(table: Table) -> float:
    """The type size of a table's text: the largest size in most of its cells."""
    count: dict[float, int] = {}
    for cell in table.cells:
        if cell.lines:
            key = round(max(ln.pt for ln in cell.lines), 1)
            count[key] = count.get(key, 0) + 1
    return max(count, key=lambda k: count[k]) if count else 0.0


def _plain(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


# -- the reader --------------------------------------------------------------------------


@dataclass
class _Part:
    """A cell of a form table with its text.

    A cell continuing one on the page before gives its text to that cell (its
    ``origin``, where the whole text is kept) and keeps its own printed lines.
    """

    cell: Cell
    text: str
    lines: list[Line]
    origin: _Part | None = None

    @property
    def root(self) -> _Part:
        return self.origin.root if self.origin is not None else self


@dataclass
class _Tab:
    page: int
    table: Table
    parts: list[_Part]
    pad: int = 0  # empty cells put in front of every row (columns missing on the left)
    bands: list[list[int]] = field(default_factory=list)  # cells crossing each band

    @property
    def bottom(self) -> float:
        """How far down the table prints: its bottom edge, or text overflowing it."""
        lines = [ln.bottom for k in self.bands[-1] for ln in self.parts[k].lines]
        return max([self.table.bottom, *lines])

    def band_texts(self, r: int) -> list[str]:
        return [self.parts[k].text if self.parts[k].cell.r0 == r else "" for k in self.bands[r]]


def _bands(table: Table) -> list[list[int]]:
    nc = len(table.xs) - 1
    out = []
    for r in range(table.nrows):
        ks: list[int] = []
        for j in range(nc):
            k = table.index[r * nc + j]
            if not ks or ks[-1] != k:
                ks.append(k)
        out.append(ks)
    return out


def _is_form_text(text: str) -> bool:
    """A section label of the form (the layout reads them in a table's first column)."""
    return bool(text) and section_label(text) is not None


def _header(texts: list[str]) -> bool:
    """A column-header row of the form: short texts only, naming a section's columns."""
    filled = [t for t in texts if t]
    if len(filled) < 2 or any(len(t) > 24 for t in filled):
        return False
    return header_kind(row_keys(texts)) is not None


def _title_kind(text: str) -> str | None:
    """ "unit" for a unit line (单位：万元), "title" for a line naming the form, else None."""
    key = norm_key(text)
    if UNIT_LINE.match(key) and len(key) <= 12:
        return "unit"
    return "title" if is_title(text) else None


def _unwrap_titles(lines: list[Line]) -> list[Line]:
    """A title wrapped over two or more lines (same type, line under line) as one line."""
    out = list(lines)
    k = 0
    while k < len(out):
        title = out[k]
        if _title_kind(title.text) == "title":
            below = next(
                (
                    m
                    for m in range(k + 1, len(out))
                    if _title_kind(out[m].text) != "unit"
                    and abs(out[m].pt - title.pt) <= 0.1 * title.pt
                    and -0.25 * title.size <= out[m].top - title.bottom < 0.5 * title.size
                    and out[m].x0 < title.x1
                    and out[m].x1 > title.x0
                ),
                None,
            )
            if below is not None:
                ln = out.pop(below)
                out[k] = Line(
                    join_wrapped(title.text, ln.text),
                    min(title.x0, ln.x0),
                    title.top,
                    max(title.x1, ln.x1),
                    ln.bottom,
                    title.size,
                    max(title.em, ln.em),
                    title.pt,
                )
                continue
        k += 1
    return out


def _title_or_unit(text: str) -> bool:
    return _title_kind(text) is not None


class _Reader:
    def __init__(self, grids: list[PageGrid], path: str | None) -> None:
        self.grids = grids
        self.path = path
        self.warnings: list[str] = []
        self.notes: list[str] = []
        self.tabs: dict[int, list[_Tab]] = {}

    def rows(self) -> list[Row]:
        grids = self.grids
        if not any(g.chars for g in grids):
            if any(g.images for g in grids):
                raise FormImportError(self.path, SCANNED)
            raise FormImportError(self.path, "PDF 中没有任何文字，不是部门整体支出绩效自评表")
        scanned = [g.number for g in grids if not g.chars and g.images]
        if scanned:
            self.warnings.append(
                f"第{_pages(scanned)}页只有图像（扫描页），没有文字层，其内容未能读取"
            )
        for g in grids:
            self.tabs[g.number] = [self._tab(g.number, t) for t in g.tables]
            g.free = _unwrap_titles(g.free)
        furniture = self._furniture()
        self._continuations()
        blocks = self._blocks(furniture)
        if not any(b.marks for b in blocks if b.kind == "table") and _looks_scanned(grids):
            raise FormImportError(self.path, SCANNED)  # images with a stamp or page numbers
        rows, left_out = form_rows(blocks)
        for prev, row in pairwise(rows):
            row.break_before = row.page != prev.page
        if self.notes:
            self.warnings.append(
                f"较小字号的判定、检查或复核批注未作为表格内容导入（{len(self.notes)}处，"
                f"如{self.notes[0]}）"
            )
        self.warnings += left_out
        return rows

    # -- cells and tables --------------------------------------------------------------
    def _tab(self, page: int, table: Table) -> _Tab:
        parts = []
        table_pt = _body_pt(table)
        for cell in table.cells:
            body, notes = _split_notes(cell.lines, table_pt)
            if notes:
                note = cell_text(notes)
                self.notes.append(f"第{page}页「{note[:30]}」")
            parts.append(_Part(cell, cell_text(body), body))
        return _Tab(page, table, parts, bands=_bands(table))

    def _continuations(self) -> None:
        """Tables going on from the foot of one page to the top of the next: the same table.

        Its cells are joined across the break (``_join``); a continued table lacking the
        left columns (a merged cell not drawn again) gets empty cells in their place.
        """
        for g in self.grids[1:]:
            above, below = self.tabs.get(g.number - 1), self.tabs[g.number]
            if not above or not below or not _aligned(above[-1], below[0]):
                continue
            a, b = above[-1], below[0]
            x0 = b.table.x0
            if x0 > a.table.x0 + 2.0 and any(abs(x0 - x) <= 2.0 for x in a.table.xs):
                b.pad = a.pad + sum(1 for k in a.bands[-1] if a.parts[k].cell.x1 <= x0 + 2.0)
            elif abs(x0 - a.table.x0) <= 2.0:
                b.pad = a.pad
            self._join(a, b)

    def _deepest(self, page: int) -> float:
        """How far down tables reach on pages of this page's size: the text area's bottom."""
        height = self.grids[page - 1].height
        return max(
            (
                t.bottom
                for g in self.grids
                if abs(g.height - height) < 1
                for t in self.tabs[g.number]
            ),
            default=0.0,
        )

    # -- furniture -----------------------------------------------------------------------
    def _furniture(self) -> set[tuple[int, int]]:
        """Free lines (page, index) that are page furniture."""
        zones: dict[str, list[tuple[int, int, str]]] = {}
        drop: set[tuple[int, int]] = set()
        for g in self.grids:
            top = min((t.top for t in g.tables), default=None)
            bottom = max((t.bottom for t in g.tables), default=None)
            small = max((_body_pt(t) for t in g.tables), default=0.0) * NOTE_RATIO
            note: Line | None = None
            for i, ln in enumerate(g.free):
                key = norm_key(ln.text)
                # Notes printed outside the cells (about a whole section), and their wraps.
                if ln.pt <= small and (
                    _NOTE.match(ln.text)
                    or (note is not None and ln.top - note.bottom < 0.5 * ln.size)
                ):
                    if _NOTE.match(ln.text):
                        self.notes.append(f"第{g.number}页「{ln.text[:30]}」")
                    note = ln
                    drop.add((g.number, i))
                    continue
                note = None
                if is_continuation_mark(ln.text):
                    drop.add((g.number, i))
                    continue
                in_margin = top is None or ln.bottom <= top + 1 or ln.top >= bottom - 1
                if not in_margin:
                    continue
                if _PAGE_MARK.match(key):
                    drop.add((g.number, i))
                    continue
                zones.setdefault(re.sub(r"\d+", "#", key), []).append((g.number, i, key))
        repeated = [seen for seen in zones.values() if len({p for p, _, _ in seen}) >= 2]
        for seen in repeated:
            for p, i, _ in seen:
                drop.add((p, i))
        # A title or unit printed on every page: its first print is the form's title or unit,
        # unless the page shows another (then the repeated line is a running header).
        for seen in repeated:
            p0, i0, _ = seen[0]
            kind = _title_kind(self._free(p0, i0).text)
            if kind and len({k for _, _, k in seen}) == 1:
                others = [
                    ln
                    for i, ln in enumerate(self.grids[p0 - 1].free)
                    if (p0, i) not in drop and _title_kind(ln.text) == kind
                ]
                if not others:
                    drop.discard((p0, i0))
        return drop

    def _free(self, page: int, i: int) -> Line:
        return self.grids[page - 1].free[i]

    # -- page breaks ------------------------------------------------------------------------
    def _join(self, a: _Tab, b: _Tab) -> None:
        r_last = a.table.nrows - 1
        first = 0
        while first < b.table.nrows and _header(b.band_texts(first)):
            first += 1
        if first >= b.table.nrows:
            return
        full_page = a.bottom >= self._deepest(a.page) - _line_pitch(a, r_last)
        # A row starting with a section label (存在问题) is new, whatever its cells.
        if any(_is_form_text(b.parts[k].text) for k in b.bands[first]):
            full_page = False
        groups: dict[tuple[bool, int], list[tuple[_Part, _Part, str]]] = {}
        for kb in b.bands[first]:
            pb = b.parts[kb]
            if pb.cell.r0 != first:
                continue
            pa = _partner(a, r_last, pb.cell)
            if pa is None:
                continue
            kind = _pair(pa, pb, full_page)
            if kind == "repeat" and _plain(pb.text) != _plain(pa.root.text):
                pb.text = ""  # printed again with 续表, （续）: the cell goes on from above
                pb.origin = pa.root
                continue
            if kind == "wrap":
                # A label or figure wrapped over the break is one cell, whatever the row
                # does (a category merged over two rows goes on while its row ends).
                pa.root.text = join_wrapped(pa.root.text, pb.text)
                pb.text = ""
                pb.origin = pa.root
                continue
            # The cells of the last row itself go on together or not at all; merged cells
            # (a task's name, goal, funds: merged over rows above the break or below it)
            # go on by groups ending together below.
            merged = pa.cell.r0 < r_last or pb.cell.r1 - pb.cell.r0 > 1
            key = (True, pb.cell.r1) if merged else (False, 0)
            groups.setdefault(key, []).append((pa, pb, kind))
        # A new label starting the row below (a category, a section) makes it a new row:
        # the cells of the row above do not go on into it.
        new_row = any(k == "new" and _label(q.text) for ps in groups.values() for _, q, k in ps)
        for key, pairs in groups.items():
            kinds = {kind for _, _, kind in pairs}
            # The row above's own cells never restart with their text when the row is
            # cut: a label printed again there (a merged category) starts a new row.
            row_restarts = key == (False, 0) and (new_row or "repeat" in kinds)
            if "new" in kinds or row_restarts:
                # A new row: a merged name or a label repeated from above is still the
                # cell restarted (a task of the same name has a funds cell of its own).
                for pa, pb, kind in pairs:
                    merged = pa.cell.r0 < r_last or pb.cell.r1 - pb.cell.r0 > 1
                    restarted = (merged and looks_like_name(pb.text)) or _label(pb.text)
                    if kind == "repeat" and restarted and parse_money(pb.text) is None:
                        pb.text = ""
                        pb.origin = pa.root
                continue
            joins = bool(kinds & {"cont", "repeat"})
            for pa, pb, kind in pairs:
                if kind == "empty":
                    pb.origin = pa.root  # a merged cell restarted empty
                elif joins:
                    if kind in ("cont", "maybe"):
                        pa.root.text = join_wrapped(pa.root.text, pb.text)
                    pb.text = ""
                    pb.origin = pa.root

    # -- rows ------------------------------------------------------------------------------
    def _blocks(self, furniture: set[tuple[int, int]]) -> list[Block]:
        """The pages as blocks in reading order: free lines and tables, top to bottom.

        Lines are numbered through the document; a table cell is located by page, table
        on the page, and its row and column in that table's grid.
        """
        blocks: list[Block] = []
        line = 0
        for g in self.grids:
            items: list[tuple[float, Line | tuple[int, _Tab]]] = [
                (ln.top, ln) for i, ln in enumerate(g.free) if (g.number, i) not in furniture
            ]
            items += [(t.table.top, (k, t)) for k, t in enumerate(self.tabs[g.number])]
            items.sort(key=lambda it: it[0])
            for _, item in items:
                if isinstance(item, Line):
                    line += 1
                    blocks.append(Block("para", [Row(line, [item.text], g.number, [item.text])]))
                    continue
                k, t = item
                rows = []
                for r in range(t.table.nrows):
                    cells = [""] * t.pad + t.band_texts(r)
                    if any(cells):
                        line += 1
                        row = Row(line, cells, g.number, cells)
                        row.locate = partial(_locate, g.number, k + 1, t, r, line)
                        rows.append(row)
                first = next((c for r in rows for c in r.cells if c), "")[:12]
                blocks.append(
                    Block("table", rows, name=f"第{g.number}页第{k + 1}个表格（{first}…）")
                )
        return blocks


def _locate(page: int, table: int, t: _Tab, r: int, line: int, ci: int) -> SourceRef:
    """Where cell ``ci`` of the row made of band ``r`` of table ``t`` sits on its page."""
    ks = t.bands[r]
    if ci < t.pad or ci - t.pad >= len(ks):
        return SourceRef(line=line, cell=ci, page=page)
    cell = t.parts[ks[ci - t.pad]].cell
    return SourceRef(line=line, cell=ci, page=page, table=table, row=cell.r0 + 1, col=cell.c0 + 1)


SCANNED = (
    "这是扫描件或图片 PDF（只有图像，没有文字层），无法读取其中的文字；"
    "请提供由 Excel、Word 等直接导出的 PDF，或先做文字识别（OCR）"
)


def _looks_scanned(grids: list[PageGrid]) -> bool:
    """Pages that are images with hardly any text (a page number, a stamp) are scans."""
    imaged = [g for g in grids if g.images]
    return len(imaged) * 2 >= len(grids) and sum(g.chars for g in grids) < 40 * len(grids)


def _pages(numbers: list[int]) -> str:
    return "、".join(str(n) for n in numbers[:10]) + ("等" if len(numbers) > 10 else "")


def _aligned(a: _Tab, b: _Tab) -> bool:
    """Does table b share most of its column edges with table a (one table over two pages)?"""
    xs = a.table.xs
    hits = sum(1 for x in b.table.xs if any(abs(x - y) <= 2.0 for y in xs))
    return hits >= max(2, (len(b.table.xs) + 1) // 2)


def _partner(a: _Tab, r: int, cell: Cell) -> _Part | None:
    """The cell of table a's band r that overlaps ``cell`` most (by column)."""
    best, best_overlap = None, 0.0
    for k in a.bands[r]:
        p = a.parts[k]
        overlap = min(p.cell.x1, cell.x1) - max(p.cell.x0, cell.x0)
        if overlap > best_overlap:
            best, best_overlap = p, overlap
    if best is None or best_overlap < 0.5 * min(best.cell.width, cell.width):
        return None
    return best


def _cut(p: _Part, following: str = "") -> bool:
    """Does the cell's printed text look cut off: filling its last line, down to its bottom?

    A line also counts as full when the word ``following`` it (a number or Latin
    word, which does not break) would not have fitted at its end.
    """
    if not p.lines:
        return False
    last = p.lines[-1]
    width = last.x1 - last.x0
    room = max(max(ln.x1 - ln.x0 for ln in p.lines), p.cell.width - 2 * PAD)
    word = re.match(r"[^\s\u2e80-\uffef]*", following)
    slack = max(2.2, 0.6 * len(word.group()) + 0.5 if word else 0.0) * last.em
    if following[1:2] in _NO_START:  # the next character took a closing mark along
        slack += last.em
    return width >= room - slack and last.bottom >= p.cell.bottom - last.size - 2 * PAD


def _label(text: str) -> bool:
    """A label of the form: a section, a funds line, an indicator category, a title or unit."""
    return _label_kind(text) is not None


def _label_kind(text: str) -> tuple[str, str] | None:
    """Which label a text is (a section, funds field, category, title or unit), or None."""
    if len(text) > 24:
        return None
    for kind, found in (
        ("section", section_label(text)),
        ("funds", funds_field(text)),
        ("category", Category.parse(text)),
        ("title", _title_kind(text)),
    ):
        if found is not None:
            return kind, str(found)
    return None


def _wrapped(above: str, below: str) -> bool:
    """Is ``below`` the rest of a label or figure ``above`` that a line wrap cut in two?

    Together they are the label above, the piece below no label of its own
    (可持续影响 | 指标), a label neither piece is (经济效益指 | 标), or a figure the
    piece above is not (64,850, | 912.80).
    """
    whole = join_wrapped(above, below)
    kind = _label_kind(above)
    if kind is not None or _label(below):
        return not _label(below) and _label_kind(whole) == kind
    return _label(whole) or (parse_money(above) is None and parse_money(whole) is not None)


def _ends_in_word(text: str) -> bool:
    """Does the text stop on a CJK word (审减率), not on punctuation or a figure?

    A text cut there by a break reads on with the figure below it (审减率 | 6.8%).
    """
    last = text.rstrip()[-1:]
    return (
        bool(last)
        and unicodedata.category(last) == "Lo"
        and unicodedata.east_asian_width(last) in ("W", "F")
    )


def _pair(pa: _Part, pb: _Part, full_page: bool) -> str:
    """How a cell at the top of a page relates to the cell above the break.

    ``repeat``: it repeats the cell above (a label restarted); ``empty``: nothing
    (a merged cell restarted); ``wrap``: the same cell cut by the break: its text
    is drawn over the break and clipped on each page (``Cell.cut_above``,
    ``Cell.cut_below``), or a
    label or figure is cut in two (``_wrapped``), the text above filling its last
    line down to the foot of a full page; ``cont``: the rest of the text above: that text fills its last line and
    its cell down to the foot of a full page, and neither is a label or a figure
    (but a figure below a text stopping on a word); the cell below is as wide; ``maybe``: so, but the text above ends a sentence
    (joined only when another cell of its group goes on); ``new``: anything else.
    """
    if not pb.text:
        return "empty"
    above = _plain(pa.root.text)
    if is_continuation_mark(pb.text):
        return "repeat"
    if above and (_plain(pb.text) == above or label_key(pb.text) == label_key(pa.root.text)):
        return "repeat"
    if pb.cell.cut_above or pa.cell.cut_below:
        return "wrap"  # drawn on over the break and clipped on each page: the same cell
    as_wide = min(pa.cell.width, pb.cell.width) >= 0.8 * max(pa.cell.width, pb.cell.width)
    if full_page and above and as_wide and _wrapped(pa.root.text, pb.text) and _cut(pa, pb.text):
        return "wrap"
    if (
        full_page
        and above
        and as_wide
        and _cut(pa, pb.text)
        and parse_money(pa.root.text) is None
        and (parse_money(pb.text) is None or _ends_in_word(pa.root.text))
        and not _label(pa.root.text)
        and not _label(pb.text)
    ):
        # A sentence ending at the end of the last line may be the whole text, or not.
        return "maybe" if pa.root.text.rstrip().endswith(_TERMINAL) else "cont"
    return "new"


def _line_pitch(t: _Tab, r: int) -> float:
    """The line pitch of the text in band r of table t (or a usual line's when empty).

    A page is full when another line would not fit under its last table.
    """
    pitches = [line_pitch(t.parts[k].lines) for k in t.bands[r] if t.parts[k].lines]
    return max(pitches) if pitches else 18.0
