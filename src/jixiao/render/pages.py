"""Page breaking for print, shared by the PDF and the Excel print-out.

The official table is cut into pages the way a careful typist would:

- each section's column-header rows (and its label, 年度关键指标 …) are reprinted at the
  top of every page the section reaches, and never stand alone at a page foot;
- a group of rows tied by merged cells (a task with its indicators) is kept on one page
  when moving it whole leaves at most a fifth of a page blank; otherwise it is cut between
  rows (or, for a row taller than a fifth of a page, between lines of its text);
- a cell cut by a page break goes on as its kind wants (``layout.MODES``): a task name or
  a label is reprinted with （续）, a long text continues with its next line, a figure
  stays on the first page.

The renderer describes each cell's content as :class:`Unit` heights (lines of text,
notes) in its own length unit; :func:`paginate` returns :class:`Page` objects whose
sections list rows with heights and cell pieces with the units each piece shows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from jixiao.render.layout import CONTINUED, CONTINUED_KINDS, Block, Cell

KEEP_BLANK = 0.2  # at most this share of a page is left blank to keep a group whole
# A group of more rows than this (a task with hundreds of indicators) is placed a window of
# rows at a time: each page then costs the window, not the whole rest of the group, and the
# time stays linear in the rows. The window is joined back seamlessly (``joined``).
WINDOW_ROWS = 120


@dataclass(slots=True)
class Unit:
    """A slice of a cell's content that a page break cannot cut: a line or a note."""

    height: float
    para: int = -1  # the paragraph a line belongs to (-1 for a note)
    start: int = 0  # the line's characters in that paragraph
    end: int = 0
    note: int = -1  # index of the note in Cell.notes() (-1 for a line)


@dataclass(slots=True)
class Box:
    """A cell with its content measured: full, and as reprinted on a later page."""

    cell: Cell
    units: list[Unit]
    pad: float  # vertical padding and borders
    cont_units: list[Unit] = field(default_factory=list)  # a repeat-mode reprint

    @property
    def mode(self) -> str:
        return self.cell.mode


@dataclass(slots=True)
class Piece:
    """The part of a cell drawn on one page."""

    box: Box
    row: int  # first row, counted within the section
    rowspan: int
    units: list[Unit]
    cont: bool = False  # the cell began on an earlier page

    @property
    def cell(self) -> Cell:
        return self.box.cell

    @property
    def need(self) -> float:
        return sum(u.height for u in self.units) + self.box.pad

    def moved(self, by: int) -> Piece:
        return Piece(self.box, self.row + by, self.rowspan, self.units, self.cont)


def continued(paras: list[str]) -> list[str]:
    """A name or label as reprinted on a later page: ``…（续）``."""
    if not paras:
        return [CONTINUED]
    return [*paras[:-1], paras[-1] + CONTINUED]


def piece_content(p: Piece) -> tuple[list[str], list[int]]:
    """What a piece shows: its paragraphs, and the indexes of its cell's notes it carries."""
    cell = p.cell
    paras = cell.paragraphs
    n_notes = len(cell.notes())
    if p.box.mode == "flow" and (p.cont or len(p.units) < len(p.box.units)):
        shown: dict[int, tuple[int, int]] = {}
        notes = []
        for u in p.units:
            if u.note >= 0:
                notes.append(u.note)
            elif u.para >= 0:
                start, end = shown.get(u.para, (u.start, u.end))
                shown[u.para] = (min(start, u.start), max(end, u.end))
        return [paras[i][a:b] for i, (a, b) in sorted(shown.items())], notes
    if not p.cont:
        return paras, list(range(n_notes))
    if p.box.mode == "repeat":
        return (continued(paras) if cell.kind in CONTINUED_KINDS else paras), []
    return [], []


@dataclass(slots=True)
class Row:
    source: int  # the grid row it shows (a part of it when the row was cut)
    height: float = 0.0
    head: bool = False  # a column-header row (reprinted on each page)


@dataclass(slots=True)
class Section:
    """A block's rows on one page: its head rows, then body rows."""

    block: Block
    rows: list[Row]
    pieces: list[Piece]
    cont: bool = False  # the block began on an earlier page

    @property
    def height(self) -> float:
        return sum(r.height for r in self.rows)


@dataclass(slots=True)
class Page:
    sections: list[Section] = field(default_factory=list)
    extra: float = 0.0  # space taken before the table (the unit line, a title)

    @property
    def height(self) -> float:
        return self.extra + sum(s.height for s in self.sections)


def heights(n: int, pieces: Sequence[Piece], min_row: float) -> list[float]:
    """Row heights so every piece fits; a merged piece's extra need is spread evenly."""
    out = [min_row] * n
    merged: list[Piece] = []
    for p in pieces:
        if p.rowspan == 1:
            out[p.row] = max(out[p.row], p.need)
        else:
            merged.append(p)
    for p in sorted(merged, key=lambda p: p.rowspan):
        span = range(p.row, p.row + p.rowspan)
        have = sum(out[i] for i in span)
        if p.need > have:
            extra = (p.need - have) / len(span)
            for i in span:
                out[i] += extra
    return out


@dataclass(slots=True)
class _Segment:
    """Body rows of a block not yet placed, with their pieces (rows counted from 0)."""

    rows: list[int]
    pieces: list[Piece]


class _Paginator:
    def __init__(
        self,
        boxes: dict[int, list[Box]],
        capacity: float,
        first_extra: float,
        min_row: float,
        min_part: float,
    ) -> None:
        self.boxes = boxes  # by the grid row the cell starts in
        self.capacity = capacity
        self.min_row = min_row
        self.min_part = min_part  # the least height worth starting a cut row with
        self.pages: list[Page] = [Page(extra=first_extra)]

    @property
    def page(self) -> Page:
        return self.pages[-1]

    def room(self) -> float:
        return self.capacity - self.page.height

    def new_page(self) -> None:
        self.pages.append(Page())

    # -- sections ------------------------------------------------------------------------
    def section(self, block: Block, cont: bool, body: _Segment) -> Section:
        """The block's section on a page: head rows (reprinted), then the body rows."""
        head = [r[0].row for r in block.head]
        nhead = len(head)
        pieces: list[Piece] = []
        for i, r in enumerate(head):
            for box in self.boxes.get(r, []):
                c = box.cell
                ends_in_head = c.row + c.rowspan <= head[-1] + 1 if head else True
                span = c.rowspan if ends_in_head else nhead - i + len(body.rows)
                if span <= 0:
                    continue
                units = box.cont_units if cont else box.units
                pieces.append(Piece(box, i, max(1, span), units, cont=cont))
        pieces += [p.moved(nhead) for p in body.pieces]
        rows = [Row(r, head=True) for r in head] + [Row(r) for r in body.rows]
        for row, h in zip(rows, heights(len(rows), pieces, self.min_row), strict=True):
            row.height = h
        return Section(block, rows, pieces, cont)

    def segment(self, rows: list[int]) -> _Segment:
        first = rows[0]
        pieces = [
            Piece(box, r - first, box.cell.rowspan, box.units)
            for r in rows
            for box in self.boxes.get(r, [])
        ]
        return _Segment(list(rows), pieces)

    # -- placing ---------------------------------------------------------------------------
    def place_block(self, block: Block) -> None:
        started = False  # has the block a section on an earlier page or this one
        current: Section | None = None
        for group in block.groups():
            rest = self.segment([r[0].row for r in group])
            whole = True
            while rest.rows:
                seg, rest = self.window(rest)
                current, started, whole = self.place_segment(block, seg, current, started, whole)

    def window(self, seg: _Segment) -> tuple[_Segment, _Segment]:
        """The first ``WINDOW_ROWS`` rows of a long segment, and the rest."""
        if len(seg.rows) <= WINDOW_ROWS:
            return seg, _Segment([], [])
        natural = heights(len(seg.rows), seg.pieces, self.min_row)
        split = self.cut(seg, natural, WINDOW_ROWS, None)
        return split if split is not None else (seg, _Segment([], []))

    def place_segment(
        self, block: Block, seg: _Segment, current: Section | None, started: bool, whole: bool
    ) -> tuple[Section | None, bool, bool]:
        """Place ``seg`` after ``current`` (the block's section on this page, if any), on as
        many pages as it takes; returns the block's section on the last page and the flags."""
        while seg.rows:
            base = self.page.height - (current.height if current else 0.0)
            body = _Segment(
                (current_rows(current) if current else []) + seg.rows,
                joined(current_pieces(current) if current else [], shift(seg.pieces, current)),
            )
            trial = self.section(block, _cont(current, started), body)
            if base + trial.height <= self.capacity:
                self._commit(current, trial)
                current, started = trial, True
                break
            fresh = self.section(block, True, seg).height
            left = self.capacity - self.page.height
            if (
                whole
                and self.page.sections
                and fresh <= self.capacity
                and left <= KEEP_BLANK * self.capacity
            ):
                self.new_page()  # the whole group on the next page
                current, whole = None, False
                continue
            whole = False
            cut = self.cut_to_fit(block, current, started, seg)
            if cut is None:
                if self.page.sections or current is not None:
                    self.new_page()
                    current = None
                    continue
                cut = self.force_cut(seg)  # nothing fits even on an empty page
            top, seg = cut
            body = _Segment(
                (current_rows(current) if current else []) + top.rows,
                joined(current_pieces(current) if current else [], shift(top.pieces, current)),
            )
            trial = self.section(block, _cont(current, started), body)
            self._commit(current, trial)
            started = True
            self.new_page()
            current = None
        return current, started, whole

    def _commit(self, current: Section | None, section: Section) -> None:
        if current is not None:
            self.page.sections.remove(current)
        self.page.sections.append(section)

    # -- cutting ---------------------------------------------------------------------------
    def cut_to_fit(
        self, block: Block, current: Section | None, started: bool, seg: _Segment
    ) -> tuple[_Segment, _Segment] | None:
        """The largest top part of ``seg`` that fits on this page, and the rest."""
        base = self.page.height - (current.height if current else 0.0)
        natural = heights(len(seg.rows), seg.pieces, self.min_row)
        # Rows beyond what the page could hold at their natural heights cannot be on it:
        # start there, so a group of many rows is not tried row by row from its end.
        room = self.capacity - self.page.height
        last, used = 0, 0.0
        while last < len(natural) - 1 and used + natural[last] <= room:
            used += natural[last]
            last += 1
        for k in range(last, -1, -1):
            before = sum(natural[:k])
            candidates: list[float | None] = []
            if natural[k] > KEEP_BLANK * self.capacity:  # a tall row may be cut between lines
                candidates.append(None)
            if k > 0:
                candidates.append(0.0)
            for part in candidates:
                if part is None:
                    # as much of row k as is left on the page
                    part = self.capacity - self.page.height - before
                    if current is None:
                        part -= self._head_height(block, started)
                    if part < self.min_part:
                        continue
                    split = self.cut(seg, natural, k, part)
                else:
                    split = self.cut(seg, natural, k, None)
                if split is None:
                    continue
                top, rest = split
                body = _Segment(
                    (current_rows(current) if current else []) + top.rows,
                    joined(current_pieces(current) if current else [], shift(top.pieces, current)),
                )
                trial = self.section(block, _cont(current, started), body)
                if base + trial.height <= self.capacity:
                    return top, rest
        return None

    def force_cut(self, seg: _Segment) -> tuple[_Segment, _Segment]:
        natural = heights(len(seg.rows), seg.pieces, self.min_row)
        part = max(self.min_part, self.capacity * 0.8)
        split = self.cut(seg, natural, 0, part) if natural[0] > part else None
        if split is None:
            split = self.cut(seg, natural, 1, None) if len(seg.rows) > 1 else None
        if split is None:
            return seg, _Segment([], [])
        return split

    def _head_height(self, block: Block, started: bool) -> float:
        if not block.head_rows:
            return 0.0
        return self.section(block, started, _Segment([], [])).height

    def cut(
        self, seg: _Segment, natural: list[float], k: int, part: float | None
    ) -> tuple[_Segment, _Segment] | None:
        """Cut ``seg`` before row ``k`` (``part`` None) or inside row ``k`` after ``part``."""
        inside = part is not None
        ntop = k + 1 if inside else k
        top_pieces: list[Piece] = []
        rest_pieces: list[Piece] = []
        row_top = [0.0]
        for h in natural:
            row_top.append(row_top[-1] + h)
        cut_y = row_top[k] + (part or 0.0)
        for p in seg.pieces:
            end = p.row + p.rowspan  # exclusive
            if end <= k or (not inside and end <= k):
                top_pieces.append(p)
                continue
            if p.row > k or (not inside and p.row >= k):
                rest_pieces.append(p.moved(-k))
                continue
            # crosses the cut
            in_top = k + 1 - p.row if inside else k - p.row
            room = cut_y - row_top[p.row] - p.box.pad
            mode = p.box.mode
            if mode == "flow":
                used, total = 0.0, 0
                for u in p.units:
                    if used + u.height > room + 1e-6:
                        break
                    used += u.height
                    total += 1
                top_units, rest_units = p.units[:total], p.units[total:]
            elif mode == "repeat":
                top_units, rest_units = p.units, p.box.cont_units
            else:
                top_units, rest_units = p.units, []
            top_pieces.append(Piece(p.box, p.row, in_top, top_units, p.cont))
            start = k  # the rest begins at the cut row (its lower part) or the next row
            rest_pieces.append(Piece(p.box, 0, end - start, rest_units, cont=True))
        top = _Segment(seg.rows[:ntop], top_pieces)
        rest = _Segment(seg.rows[k:], rest_pieces)
        if not top.rows or not any(u for p in top_pieces for u in p.units):
            return None
        if inside:
            # the cut row's top part holds only what fits in ``part``
            top_h = heights(len(top.rows), top.pieces, self.min_row)
            if sum(top_h) > row_top[k] + part + 1e-6:
                return None
        return top, rest


def _cont(current: Section | None, started: bool) -> bool:
    """Is the block's section on this page a continuation (its label reprinted with （续））?"""
    return current.cont if current is not None else started


def current_rows(section: Section) -> list[int]:
    return [r.source for r in section.rows if not r.head]


def current_pieces(section: Section) -> list[Piece]:
    nhead = sum(1 for r in section.rows if r.head)
    return [p.moved(-nhead) for p in section.pieces if p.row >= nhead]


def joined(before: list[Piece], after: list[Piece]) -> list[Piece]:
    """The pieces of one section, ``after`` below ``before``. A cell cut at the edge of a
    window (``WINDOW_ROWS``) has its upper piece end where its continued lower piece starts:
    it is drawn as the one piece it was."""
    ends = {(id(p.box), p.row + p.rowspan): i for i, p in enumerate(before)}
    out = list(before)
    for p in after:
        i = ends.get((id(p.box), p.row)) if p.cont else None
        if i is None:
            out.append(p)
            continue
        a = out[i]
        units = a.units + p.units if a.box.mode == "flow" else a.units
        out[i] = Piece(a.box, a.row, a.rowspan + p.rowspan, units, a.cont)
    return out


def shift(pieces: list[Piece], current: Section | None) -> list[Piece]:
    if current is None:
        return pieces
    return [p.moved(len(current_rows(current))) for p in pieces]


def paginate(
    blocks: Sequence[Block],
    measure: Callable[[Cell], Box],
    capacity: float,
    *,
    first_extra: float = 0.0,
    min_row: float = 0.0,
    min_part: float = 0.0,
    extra_boxes: Sequence[Box] = (),
) -> list[Page]:
    """Cut the table into pages of ``capacity`` (the printable height, in the unit of
    ``measure``). ``first_extra`` is taken on the first page before the table;
    ``extra_boxes`` are cells the renderer adds to the grid (a column of marks)."""
    boxes: dict[int, list[Box]] = {}
    for b in blocks:
        for r in b.rows:
            for c in r:
                boxes.setdefault(c.row, []).append(measure(c))
    for box in extra_boxes:
        boxes.setdefault(box.cell.row, []).append(box)
    p = _Paginator(boxes, capacity, first_extra, min_row, min_part)
    for b in blocks:
        p.place_block(b)
    return [page for page in p.pages if page.sections]
