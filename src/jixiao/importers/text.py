"""Importer for extracted-text forms (text pulled out of a published PDF).

Rows are lines, cells are tab-separated, blank lines are page breaks. The rows
go to ``jixiao.importers.layout``, which reads the form out of them.
"""

from __future__ import annotations

from jixiao.importers.base import ImportResult
from jixiao.importers.decode import decode_text
from jixiao.importers.grid import Row, clean_cell
from jixiao.importers.layout import build_form


def sniff(head: bytes) -> bool:
    """Text is the fallback format: anything not claimed by a more specific importer."""
    return True


def text_rows(text: str) -> list[Row]:
    """Split extracted text into rows of cleaned cells; blank lines mark page breaks.

    Blank lines before the table starts (between title, unit and table) are spacing.
    """
    rows: list[Row] = []
    page = 1
    pending_break = False
    in_table = False
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            pending_break = in_table
            continue
        in_table = in_table or "\t" in line
        if pending_break:
            page += 1
        raw = line.split("\t")
        rows.append(
            Row(
                line=n,
                cells=[clean_cell(c) for c in raw],
                page=page,
                raw=raw,
                break_before=pending_break,
            )
        )
        pending_break = False
    return rows


def import_text(text: str, path: str | None = None, encoding: str = "utf-8") -> ImportResult:
    """Import a form from already-decoded extracted text."""
    result = build_form(text_rows(text), path)
    result.format = f"text ({encoding})"
    return result


def import_text_bytes(data: bytes, path: str | None = None) -> ImportResult:
    """Import a form from the bytes of an extracted-text file (any common encoding)."""
    decoded = decode_text(data, path, table=True)  # also checks the table's limits
    result = import_text(decoded.text, path, decoded.encoding)
    result.warnings[:0] = decoded.warnings
    return result
