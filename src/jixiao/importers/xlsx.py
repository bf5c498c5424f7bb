"""XLSX backend: an Excel workbook (Excel, WPS, LibreOffice) → sheets → the form.

The package is opened within limits (``archive.open_package``: member count,
uncompressed size, no DTDs), then read with openpyxl in read-only mode, streaming
each sheet once with openpyxl's own sheet parser: cell values (formulas give the
value cached by the program that saved the file), number formats (so a cell shows
95.64% or 31,593.14 as in Excel, see ``numfmt``), merged ranges, hidden rows and
columns. Rows and cells are counted while streaming, so a 100,000-row sheet is
refused at the row limit without being read to its end.
"""

from __future__ import annotations

import io
import warnings
import zipfile
import zlib

from jixiao.importers.archive import check_table_rows, open_package, package_kind, table_row_limit
from jixiao.importers.base import FormImportError, ImportResult
from jixiao.importers.numfmt import show
from jixiao.importers.sheets import Sheet, check_cell, check_sheet_size, import_sheets
from jixiao.limits import limits

WHAT = "Excel（xlsx）"


def sniff(data: bytes) -> bool:
    return package_kind(data) == "xlsx"


def read_workbook(data: bytes, path: str | None = None) -> list[Sheet]:
    """Every sheet of an XLSX workbook, as shown cell texts with merges and hidden rows/columns."""
    from openpyxl import load_workbook
    from openpyxl.cell.read_only import ReadOnlyCell
    from openpyxl.utils.cell import range_boundaries
    from openpyxl.worksheet._reader import WorkSheetParser

    with open_package(data, path, WHAT) as zf:
        _count_rows(zf, path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about unsupported extensions
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError):
        raise FormImportError(path, f"{WHAT}文件已损坏或不完整（可能被截断），无法读取") from None
    except Exception as e:  # openpyxl raises many kinds on malformed parts
        raise FormImportError(
            path, f"{WHAT}文件无法读取（{type(e).__name__}: {str(e)[:80]}）"
        ) from None
    sheets: list[Sheet] = []
    try:
        for ws in wb.worksheets:
            if not hasattr(ws, "_get_source"):
                continue  # a chart sheet
            sheet = Sheet(ws.title, hidden=ws.sheet_state != "visible")
            formats: dict[int, str] = {}
            with ws._get_source() as src:
                parser = WorkSheetParser(
                    src,
                    ws._shared_strings,
                    data_only=True,
                    epoch=wb.epoch,
                    date_formats=wb._date_formats,
                    timedelta_formats=wb._timedelta_formats,
                )
                n_rows = n_cells = 0
                most_rows, most_cells = table_row_limit(), limits().max_cells
                for _, cells in parser.parse():
                    n_rows += 1
                    n_cells += len(cells)
                    if n_rows > most_rows or n_cells > most_cells:
                        check_sheet_size(n_rows, n_cells, path, ws.title)
                    for c in cells:
                        value = c["value"]
                        if value is None or value == "":
                            continue
                        style = c["style_id"] or 0
                        fmt = formats.get(style)
                        if fmt is None:
                            fmt = ReadOnlyCell(ws, 1, 1, None, "n", style).number_format
                            formats[style] = fmt
                        text = show(value, fmt)
                        r, col = c["row"] - 1, c["column"] - 1
                        check_cell(text, path, ws.title, r, col)
                        sheet.values[(r, col)] = text
            if parser.merged_cells is not None:
                for m in parser.merged_cells.mergeCell:
                    c0, r0, c1, r1 = range_boundaries(m.ref)
                    sheet.merges.append((r0 - 1, c0 - 1, r1 - 1, c1 - 1))
            for key, attrs in parser.row_dimensions.items():
                if str(attrs.get("hidden", "")).lower() in ("1", "true"):
                    sheet.hidden_rows.add(int(key) - 1)
            for attrs in parser.column_dimensions.values():
                if str(attrs.get("hidden", "")).lower() in ("1", "true"):
                    lo, hi = int(attrs.get("min", 0)), int(attrs.get("max", 0))
                    sheet.hidden_cols.update(range(lo - 1, min(hi, lo + 16384)))
            sheets.append(sheet)
    except FormImportError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError):
        raise FormImportError(path, f"{WHAT}文件已损坏或不完整（可能被截断），无法读取") from None
    except Exception as e:  # a malformed sheet part
        raise FormImportError(
            path, f"{WHAT}文件的工作表无法读取（{type(e).__name__}: {str(e)[:80]}）"
        ) from None
    finally:
        wb.close()
    return sheets


_ROW_TAGS = (b"<row ", b"<row>", b":row ", b":row>")


def _count_rows(zf: zipfile.ZipFile, path: str | None) -> None:
    """Refuse a sheet with too many rows before openpyxl reads it.

    (openpyxl parses a whole sheet to size it when the sheet does not declare its
    dimension: a 100,000-row sheet would take seconds before the first row.)
    """
    most = table_row_limit()
    for info in zf.infolist():
        if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
            continue
        rows, tail = 0, b""
        try:
            with zf.open(info) as fh:
                while chunk := fh.read(1 << 20):
                    block = tail + chunk
                    rows += sum(block.count(tag) for tag in _ROW_TAGS)
                    tail = block[-5:]
                    rows -= sum(tail.count(tag) for tag in _ROW_TAGS)  # counted again next time
                    if rows > most:
                        check_table_rows(rows, path, f"工作表文件 {info.filename} ")
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError):
            raise FormImportError(
                path, f"{WHAT}文件已损坏或不完整（可能被截断），无法读取"
            ) from None


def import_xlsx(data: bytes, path: str | None = None) -> ImportResult:
    """Import a form from the bytes of an XLSX workbook."""
    return import_sheets(read_workbook(data, path), path, "xlsx")
