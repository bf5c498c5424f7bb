"""XLS backend: an Excel 97–2003 workbook (also WPS .et) → sheets → the form.

Read with xlrd (formatting information on, for merged cells, number formats and
hidden rows and columns). Cells show as in Excel through their number format
(``numfmt``). Other OLE2 files are told apart by their streams: a Word 97–2003
document and an encrypted (password-protected) Office file each get a clear message.
"""

from __future__ import annotations

import os

from jixiao.importers.base import FormImportError, ImportResult
from jixiao.importers.numfmt import show
from jixiao.importers.sheets import Sheet, check_cell, check_sheet_size, import_sheets

WHAT = "Excel 97-2003（xls）"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def sniff(data: bytes) -> bool:
    return data.startswith(OLE2)


def _refuse_other_ole2(data: bytes, path: str | None) -> None:
    if _utf16("EncryptedPackage") in data or _utf16("EncryptionInfo") in data:
        raise FormImportError(path, "文件已加密（设置了打开密码），请取消密码保护后再导入")
    if _utf16("WordDocument") in data:
        raise FormImportError(path, "这是 Word 97-2003（.doc/.wps）文档，请另存为 .docx 后再导入")


def read_workbook(data: bytes, path: str | None = None) -> list[Sheet]:
    """Every sheet of an XLS workbook, as shown cell texts with merges and hidden rows/columns."""
    import xlrd
    from xlrd.xldate import xldate_as_datetime

    _refuse_other_ole2(data, path)
    try:
        with open(os.devnull, "w") as devnull:
            book = xlrd.open_workbook(
                file_contents=data, formatting_info=True, logfile=devnull, verbosity=0
            )
    except Exception as e:  # xlrd raises XLRDError, CompDocError, struct/index errors …
        message = str(e)
        if "encrypt" in message.lower() or "password" in message.lower():
            raise FormImportError(
                path, "文件已加密（设置了打开密码），请取消密码保护后再导入"
            ) from None
        raise FormImportError(
            path, f"{WHAT}文件已损坏或不完整（可能被截断），无法读取（{message[:80]}）"
        ) from None
    sheets: list[Sheet] = []
    for sh in book.sheets():
        sheet = Sheet(sh.name, hidden=bool(sh.visibility))
        check_sheet_size(sh.nrows, sh.nrows * sh.ncols, path, sh.name)
        for r in range(sh.nrows):
            for c, cell in enumerate(sh.row(r)):
                if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                    continue
                value = cell.value
                fmt = "General"
                try:
                    xf = book.xf_list[cell.xf_index]
                    fmt = book.format_map[xf.format_key].format_str
                except (IndexError, KeyError, TypeError):
                    pass
                if cell.ctype == xlrd.XL_CELL_DATE:
                    try:
                        value = xldate_as_datetime(value, book.datemode)
                    except (ValueError, OverflowError):
                        pass
                elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                    value = bool(value)
                elif cell.ctype == xlrd.XL_CELL_ERROR:
                    value = xlrd.error_text_from_code.get(value, "#ERR")
                text = show(value, fmt)
                check_cell(text, path, sh.name, r, c)
                if text:
                    sheet.values[(r, c)] = text
        for rlo, rhi, clo, chi in sh.merged_cells:
            sheet.merges.append((rlo, clo, rhi - 1, chi - 1))
        sheet.hidden_rows = {r for r, info in sh.rowinfo_map.items() if info.hidden}
        sheet.hidden_cols = {c for c, info in sh.colinfo_map.items() if info.hidden}
        sheets.append(sheet)
    book.release_resources()
    return sheets


def import_xls(data: bytes, path: str | None = None) -> ImportResult:
    """Import a form from the bytes of an XLS workbook."""
    return import_sheets(read_workbook(data, path), path, "xls")
