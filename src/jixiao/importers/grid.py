"""The table layer shared by every importer: rows of cleaned cells with their source location.

A source format's backend (extracted text, spreadsheet, document, web page, PDF)
turns its input into ``Row`` objects; ``jixiao.importers.layout`` reads the form out
of them. A row lists the cells a reader sees on that row, left to right: a cell
merged across columns is one cell, a cell merged down from a row above leaves one
empty cell in the rows it covers (its text is on its first row). Grid backends
build such rows from cells with spans with ``grid_rows``. Cell cleaning lives here
too, since every backend meets the same artefacts: HTML paragraphs, entities,
stray white space and CJK wrap spaces.
"""

from __future__ import annotations

import html
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache, partial

from jixiao.cells import char_width, display_width
from jixiao.model import SourceRef

_PARA_BREAK = re.compile(r"</p\s{0,20}>\s*<p(?:\s[^<>]{0,200})?>|<br\s{0,20}/?>", re.IGNORECASE)
_TAG = re.compile(r"</?[a-zA-Z][^<>]{0,200}>")
_SPACES = re.compile(r"[ \t\u00a0\u3000\u2002\u2003\u2009\u200b]+")


@dataclass
class Row:
    """One table row: cleaned cell texts, the source line (1-based) and page (1-based).

    ``refs`` optionally gives each cell's location in the source (sheet!A1, table,
    row and column, page), or ``locate`` computes it on demand (most cells never need
    one); without either a cell is located by ``line`` and its index. ``line`` must
    be unique among the rows of one form.
    """

    line: int
    cells: list[str]
    page: int | None = 1
    raw: list[str] = field(default_factory=list, repr=False)
    break_before: bool = False  # a page break separates this row from the row before
    refs: list[SourceRef] = field(default_factory=list, repr=False)
    locate: Callable[[int], SourceRef] | None = field(default=None, repr=False)

    def ref(self, ci: int) -> SourceRef:
        """Where cell ``ci`` came from."""
        if ci < len(self.refs):
            return self.refs[ci]
        if self.locate is not None and ci < len(self.cells):
            return self.locate(ci)
        return SourceRef(line=self.line, cell=ci, page=self.page)

    def nonempty(self) -> list[tuple[int, str]]:
        return [(i, c) for i, c in enumerate(self.cells) if c]

    def trimmed_len(self) -> int:
        n = len(self.cells)
        while n and not self.cells[n - 1]:
            n -= 1
        return n


def clean_cell(raw: str) -> str:
    """A cell's text with markup removed; paragraphs joined by newlines; wrap spaces removed."""
    s = raw
    if "<" in s:
        s = _PARA_BREAK.sub("\n", s)
        s = _TAG.sub("", s)
    if "&" in s:
        s = html.unescape(s)
    paras = []
    for p in s.replace("\r", "\n").split("\n"):
        p = _SPACES.sub(" ", p).strip()
        if p:
            paras.append(unwrap_cjk(p))
    return "\n".join(paras)


def _is_wide(ch: str) -> bool:
    return char_width(ch) == 2


# A wrapped cell's lines are at most about this wide (display cells); longer
# space-separated pieces are paragraphs or items, not wrapped lines.
_MAX_WRAP_WIDTH = 44


def unwrap_cjk(text: str) -> str:
    """Remove the spaces a PDF extractor leaves where a narrow cell wrapped CJK text.

    A space is a wrap space when the text before it filled the cell's width: the
    pieces between spaces are then nearly equally wide (their widest is the column
    width). A short piece ends a paragraph or item, so the space after it stays.
    A space between two Latin letters or digits always stays. Needs at least two
    spaces (three pieces) of evidence.
    """
    if text.count(" ") < 2:
        return text
    pieces = text.split(" ")
    widths = [display_width(p) for p in pieces]
    column = max(widths[:-1])
    if column > _MAX_WRAP_WIDTH or column < 4:
        return text
    out = [pieces[0]]
    for i in range(1, len(pieces)):
        before, after = pieces[i - 1], pieces[i]
        full = widths[i - 1] >= column - 4
        latin_pair = bool(before) and bool(after) and before[-1].isascii() and after[0].isascii()
        latin_pair = latin_pair and before[-1].isalnum() and after[0].isalnum()
        if full and not latin_pair:
            out.append(after)
        else:
            out.append(" " + after)
    return "".join(out)


def join_name(text: str) -> str:
    """A heading (task name) printed in a merged cell: every space next to a CJK character is a wrap."""
    text = text.replace("\n", " ")
    out = []
    for i, ch in enumerate(text):
        if ch == " ":
            prev = text[i - 1] if i else ""
            nxt = text[i + 1] if i + 1 < len(text) else ""
            if (prev and _is_wide(prev)) or (nxt and _is_wide(nxt)):
                continue
        out.append(ch)
    return "".join(out).strip()


@lru_cache(maxsize=8192)
def norm_key(text: str) -> str:
    """Text for matching labels: NFKC, no white space, no trailing colon."""
    s = unicodedata.normalize("NFKC", text)
    s = "".join(s.split())
    return s.rstrip(":")


def _locate_in(
    locate: Callable[[GridCell, int, int], SourceRef], origins: list[GridCell], line: int, ci: int
) -> SourceRef:
    return locate(origins[ci], line, ci)


@dataclass
class GridCell:
    """A cell of a source grid: its top-left corner (0-based), spans and cleaned text."""

    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1


def grid_rows(
    cells: list[GridCell],
    first_line: int,
    locate: Callable[[GridCell, int, int], SourceRef],
    line_of: Callable[[int], int] | None = None,
) -> list[Row]:
    """Rows as a reader sees them, from the cells of one grid (a sheet or a table).

    Each grid row becomes a ``Row`` of its visual cells, left to right: a cell merged
    across columns is one cell; a cell merged down from above is one empty cell on
    the rows it covers. Columns where no non-empty cell starts (blank columns, the
    tail of merged ranges) are dropped, so extra blank columns and labels merged
    across different numbers of columns read alike. Rows without text are left
    out. ``locate(cell, line, index)`` gives a cell's source location; row ``r`` gets line
    ``line_of(r)`` (default: ``first_line`` counting up over the rows kept).
    """
    if not cells:
        return []
    used = sorted({c.col for c in cells if c.text})
    if not used:
        return []
    by_row: dict[int, list[GridCell]] = {}
    for c in cells:
        by_row.setdefault(c.row, []).append(c)
    # Cells merged down cover the rows below their first.
    covering: dict[int, list[GridCell]] = {}
    for c in cells:
        for r in range(c.row + 1, c.row + max(c.rowspan, 1)):
            covering.setdefault(r, []).append(c)
    rows: list[Row] = []
    line = first_line
    for r in sorted(set(by_row) | set(covering)):
        own_cells = by_row.get(r, ())
        if not any(c.text for c in own_cells):
            continue
        occupied: dict[int, tuple[GridCell, bool]] = {}
        for cell_list, own in ((covering.get(r, ()), False), (own_cells, True)):
            for c in cell_list:
                # Only the kept columns inside the cell's span matter.
                k = bisect_left(used, c.col)
                end = c.col + max(c.colspan, 1)
                while k < len(used) and used[k] < end:
                    occupied[used[k]] = (c, own)
                    k += 1
        texts: list[str] = []
        origins: list[GridCell] = []
        row_line = line_of(r) if line_of is not None else line
        last: GridCell | None = None
        for col in used:
            c, own = occupied.get(col) or (GridCell(r, col, ""), True)
            if c is last:
                continue  # the rest of a cell merged across columns
            last = c
            origins.append(c)
            texts.append(c.text if own else "")
        where = partial(_locate_in, locate, origins, row_line)
        rows.append(Row(line=row_line, cells=texts, page=None, locate=where))
        line += 1
    return rows
