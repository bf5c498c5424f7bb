"""Workbooks (XLSX, XLS): sheets of shown cell texts and merged ranges → rows → the form.

The format backends read a workbook into ``Sheet`` objects (each cell's text as the
sheet shows it, merged ranges, hidden rows and columns); this module turns the
sheet holding the form into rows (``grid.grid_rows``) with sheet!A1 provenance and
lets the layout reader build the form. Hidden rows and columns are not part of the
form a person sees: their texts are left out and reported in a warning.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from jixiao.importers.archive import check_table_rows
from jixiao.importers.base import FormImportError, ImportResult
from jixiao.importers.grid import GridCell, Row, clean_cell, grid_rows
from jixiao.importers.layout import build_form
from jixiao.importers.pick import best_sheet
from jixiao.limits import limits
from jixiao.model import SourceRef, column_letter


@dataclass
class Sheet:
    name: str
    values: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) 0-based
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # r0, c0, r1, c1
    hidden_rows: set[int] = field(default_factory=set)
    hidden_cols: set[int] = field(default_factory=set)
    hidden: bool = False  # the sheet itself is hidden

    def address(self, r: int, c: int) -> str:
        return f"{column_letter(c + 1)}{r + 1}"

    def hidden_cells(self) -> list[str]:
        return [
            self.address(r, c)
            for (r, c), text in sorted(self.values.items())
            if text and (r in self.hidden_rows or c in self.hidden_cols)
        ]

    def rows(self, path: str | None = None) -> list[Row]:
        """The visible cells as rows; a merged range is one cell at its top-left corner.

        Merged ranges are clipped to the used part of the sheet; their total area is
        bounded by the cell limit, so a file of huge merged ranges is refused.
        """
        spans = {}
        covered = set()
        max_r = max((r for r, _ in self.values), default=0)
        max_c = max((c for _, c in self.values), default=0)
        area = 0
        for r0, c0, r1, c1 in self.merges:
            r1, c1 = min(r1, max_r), min(c1, max_c)
            if r1 < r0 or c1 < c0:
                continue
            area += (r1 - r0 + 1) * (c1 - c0 + 1)
            if area > limits().max_cells:
                at = f"工作表「{self.name}」的合并单元格"
                raise FormImportError(path, limits().exceeded("max_cells", area, at=at).problem)
            spans[(r0, c0)] = (r1 - r0 + 1, c1 - c0 + 1)
            covered.update(
                (r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1) if (r, c) != (r0, c0)
            )
        cells = []
        for (r, c), text in self.values.items():
            if (r, c) in covered or r in self.hidden_rows or c in self.hidden_cols:
                continue
            rowspan, colspan = spans.pop((r, c), (1, 1))
            cells.append(GridCell(r, c, clean_cell(text), rowspan, colspan))
        for (r, c), (rowspan, colspan) in spans.items():  # merged ranges with an empty corner
            if r not in self.hidden_rows and c not in self.hidden_cols:
                cells.append(GridCell(r, c, "", rowspan, colspan))
        name = self.name

        def locate(cell: GridCell, line: int, index: int) -> SourceRef:
            return SourceRef(line=line, cell=index, sheet=name, row=cell.row + 1, col=cell.col + 1)

        return grid_rows(cells, 1, locate, line_of=lambda r: r + 1)


def check_sheet_size(rows: int, cells: int, path: str | None, sheet: str) -> None:
    """Refuse a sheet beyond the row or cell limits (checked while it is read)."""
    lim = limits()
    where = f"工作表「{sheet}」"
    check_table_rows(rows, path, where)
    if cells > lim.max_cells:
        raise FormImportError(path, lim.exceeded("max_cells", None, at=where).problem)


def check_cell(text: str, path: str | None, sheet: str, r: int, c: int) -> None:
    lim = limits()
    if len(text) > lim.max_cell_chars:
        at = f"工作表「{sheet}」{column_letter(c + 1)}{r + 1}单元格"
        raise FormImportError(path, lim.exceeded("max_cell_chars", len(text), at=at).problem)


def import_sheets(sheets: list[Sheet], path: str | None, fmt: str) -> ImportResult:
    """Read the form from the workbook's sheet that holds it."""
    visible = [s for s in sheets if not s.hidden] or sheets
    if not visible:
        raise FormImportError(path, "工作簿中没有工作表")
    rows = [(s.name, s.rows(path)) for s in visible]
    best, warnings = best_sheet(rows)
    sheet = visible[best]
    result = build_form(rows[best][1], path)
    result.format = f"{fmt}（工作表「{sheet.name}」）"
    hidden = sheet.hidden_cells()
    if hidden:
        shown = "、".join(hidden[:5]) + ("等" if len(hidden) > 5 else "")
        warnings.append(
            f"工作表「{sheet.name}」隐藏的行或列中有 {len(hidden)} 个单元格有内容，未导入：{shown}"
        )
    result.warnings[:0] = warnings
    return result
