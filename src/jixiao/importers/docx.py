"""DOCX backend: a Word document (Word, WPS, LibreOffice) → paragraphs and tables → the form.

The package is opened within limits (``archive.open_package``) and its main part
(``word/document.xml``, found by content type) parsed with lxml. The body is read
in document order into blocks: paragraphs and tables, also inside content
controls (``w:sdt``) and custom XML. A table's cells are placed on its grid:
``w:gridBefore`` shifts a row, ``w:gridSpan`` spans columns, ``w:vMerge``
restart/continue spans rows (legacy ``w:hMerge`` too). A cell's paragraphs are its
lines, ``w:br`` a line break, a tab a space; a table nested in a cell becomes lines
of that cell. Deleted revisions, field codes and hidden (``w:vanish``) runs are not
text a reader sees. ``pick.form_rows`` chooses the blocks that hold the form —
a table split by a page break into two tables reads as one — and the layout
reader builds the form.
"""

from __future__ import annotations

from lxml import etree

from jixiao.importers.archive import (
    check_table_rows,
    main_part,
    open_package,
    package_kind,
    read_xml,
)
from jixiao.importers.base import FormImportError, ImportResult
from jixiao.importers.grid import GridCell, clean_cell, grid_rows
from jixiao.importers.layout import build_form
from jixiao.importers.pick import Block, form_rows, paragraph_blocks, table_block
from jixiao.limits import limits
from jixiao.model import SourceRef

WHAT = "Word（docx）"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_P, _TBL, _TR, _TC, _R = W + "p", W + "tbl", W + "tr", W + "tc", W + "r"
_WRAPPERS = frozenset({W + "sdt", W + "sdtContent", W + "customXml", W + "smartTag", W + "ins"})
_SKIP = frozenset(
    {W + "del", W + "moveFrom", W + "delText", W + "instrText", W + "rPr", W + "pPr",
     W + "tblPr", W + "trPr", W + "tcPr", W + "sdtPr", W + "sdtEndPr", MC + "Fallback"}
)  # fmt: skip
_VAL = W + "val"


def sniff(data: bytes) -> bool:
    return package_kind(data) == "docx"


def _on(el: etree._Element | None) -> bool:
    """A Word on/off property: present and not switched off."""
    return el is not None and el.get(_VAL, "true").lower() not in ("0", "false", "off")


class _Reader:
    def __init__(self, path: str | None) -> None:
        self.path = path
        self.blocks: list[Block] = []
        self.line = 0
        self.tables = 0
        self.area = 0

    # -- text ---------------------------------------------------------------------
    def text_of(self, el: etree._Element, out: list[str]) -> None:
        """Append the text a reader sees in ``el`` (a paragraph or part of one)."""
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == W + "t":
                out.append(child.text or "")
            elif tag == W + "tab":
                out.append(" ")
            elif tag in (W + "br", W + "cr"):
                out.append("\n")
            elif tag == W + "noBreakHyphen":
                out.append("-")
            elif tag == _R:
                rpr = child.find(W + "rPr")
                if rpr is not None and _on(rpr.find(W + "vanish")):
                    continue
                self.text_of(child, out)
            elif tag == _P:
                out.append("\n")
                self.text_of(child, out)
                out.append("\n")
            elif tag == _TBL:
                for row in self.table_rows(child):
                    out.append("\n" + " ".join(c for c in row if c) + "\n")
            else:
                self.text_of(child, out)

    def paragraph(self, p: etree._Element) -> None:
        out: list[str] = []
        self.text_of(p, out)
        blocks = paragraph_blocks(clean_cell("".join(out)), self.line)
        self.line += len(blocks)
        self.blocks += blocks

    # -- tables -------------------------------------------------------------------
    def rows_of(self, tbl: etree._Element) -> list[etree._Element]:
        out = []
        for child in tbl:
            if child.tag == _TR:
                out.append(child)
            elif child.tag in _WRAPPERS:
                out.extend(self.rows_of(child))
        return out

    def cells_of(self, tr: etree._Element) -> list[etree._Element]:
        out = []
        for child in tr:
            if child.tag == _TC:
                out.append(child)
            elif child.tag in _WRAPPERS:
                out.extend(self.cells_of(child))
        return out

    def cell_text(self, tc: etree._Element) -> str:
        out: list[str] = []
        self.text_of(tc, out)
        text = clean_cell("".join(out))
        if len(text) > limits().max_cell_chars:
            at = f"第{self.tables}个表格"
            raise FormImportError(
                self.path, limits().exceeded("max_cell_chars", len(text), at=at).problem
            )
        return text

    def grid_cells(self, tbl: etree._Element) -> tuple[list[GridCell], int]:
        cells: list[GridCell] = []
        trs = self.rows_of(tbl)
        lim = limits()
        check_table_rows(len(trs), self.path, f"第{self.tables}个表格")
        open_down: dict[int, GridCell] = {}  # column → cell merged down to this row
        for r, tr in enumerate(trs):
            col = _int(tr.find(f"{W}trPr/{W}gridBefore"), 0)
            for tc in self.cells_of(tr):
                pr = tc.find(W + "tcPr")
                span = _int(pr.find(W + "gridSpan") if pr is not None else None, 1) or 1
                vmerge = pr.find(W + "vMerge") if pr is not None else None
                hmerge = pr.find(W + "hMerge") if pr is not None else None
                text = self.cell_text(tc)
                self.area += span
                if self.area > lim.max_cells:
                    at = f"第{self.tables}个表格"
                    raise FormImportError(self.path, lim.exceeded("max_cells", None, at=at).problem)
                if (
                    hmerge is not None
                    and hmerge.get(_VAL) != "restart"
                    and cells
                    and cells[-1].row == r
                ):
                    prev = cells[-1]  # legacy horizontal merge: part of the cell before
                    prev.colspan += span
                    prev.text = "\n".join(t for t in (prev.text, text) if t)
                elif (
                    vmerge is not None
                    and vmerge.get(_VAL, "continue") == "continue"
                    and col in open_down
                ):
                    above = open_down[col]
                    above.rowspan = r - above.row + 1
                    if text:  # Word shows only the first cell's text; keep any other
                        above.text = "\n".join(t for t in (above.text, text) if t)
                else:
                    cell = GridCell(r, col, text, 1, span)
                    cells.append(cell)
                    if vmerge is not None:
                        open_down[col] = cell
                    else:
                        open_down.pop(col, None)
                col += span
        return cells, len(trs)

    def table_rows(self, tbl: etree._Element) -> list[list[str]]:
        """A nested table's rows as texts (no provenance of their own: they are lines of a cell)."""
        cells, _ = self.grid_cells(tbl)
        return [r.cells for r in grid_rows(cells, 1, lambda c, line, i: SourceRef())]

    def table(self, tbl: etree._Element) -> None:
        self.tables += 1
        cells, _ = self.grid_cells(tbl)
        block = table_block(cells, self.tables, self.line)
        self.line += len(block.rows)
        self.blocks.append(block)

    def body(self, el: etree._Element) -> None:
        for child in el:
            tag = child.tag
            if tag == _P:
                self.paragraph(child)
            elif tag == _TBL:
                self.table(child)
            elif tag in _WRAPPERS:
                self.body(child)


def _int(el: etree._Element | None, default: int) -> int:
    if el is None:
        return default
    try:
        return max(0, min(int(el.get(_VAL, default)), 1000))
    except ValueError:
        return default


def document_blocks(data: bytes, path: str | None = None) -> list[Block]:
    """The document's paragraphs and tables, in order."""
    with open_package(data, path, WHAT) as zf:
        name = main_part(zf, "docx") or "word/document.xml"
        root = read_xml(zf, name, path, WHAT)
    body = root.find(W + "body")
    if body is None:
        raise FormImportError(path, f"{WHAT}文件没有正文，不是有效的 Word 文档")
    reader = _Reader(path)
    reader.body(body)
    return reader.blocks


def import_docx(data: bytes, path: str | None = None) -> ImportResult:
    """Import a form from the bytes of a DOCX document."""
    blocks = document_blocks(data, path)
    if not any(b.kind == "table" and b.rows for b in blocks):
        raise FormImportError(path, "Word 文档中没有表格，不是部门整体支出绩效自评表")
    rows, warnings = form_rows(blocks)
    result = build_form(rows, path)
    result.format = "docx"
    result.warnings[:0] = warnings
    return result
