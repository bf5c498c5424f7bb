"""Importers: one module per source format, and a registry that picks one.

Every importer turns bytes into the one form model (``jixiao.model.Form``),
wrapped in an ``ImportResult`` with warnings and any unplaced source cells.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from jixiao.fileio import InputError, read_input
from jixiao.importers.archive import is_zip
from jixiao.importers.base import FormImportError, ImportResult, Unplaced
from jixiao.importers.docx import import_docx
from jixiao.importers.docx import sniff as _sniff_docx
from jixiao.importers.json_form import import_json
from jixiao.importers.json_form import sniff as _sniff_json
from jixiao.importers.pdf import import_pdf
from jixiao.importers.pdf import sniff as _sniff_pdf
from jixiao.importers.text import import_text_bytes
from jixiao.importers.text import sniff as _sniff_text
from jixiao.importers.webpage import import_html
from jixiao.importers.webpage import sniff as _sniff_html
from jixiao.importers.xls import import_xls
from jixiao.importers.xls import sniff as _sniff_xls
from jixiao.importers.xlsx import import_xlsx
from jixiao.importers.xlsx import sniff as _sniff_xlsx

__all__ = [
    "FORMATS",
    "FormImportError",
    "ImportResult",
    "Unplaced",
    "import_bytes",
    "load_form",
]


@dataclass(frozen=True)
class Format:
    """A source format: its usual extensions, a content sniffer and a loader.

    ``sniff`` gets the whole file (a ZIP package is told by its directory); it must
    be cheap and never raise.
    """

    name: str
    extensions: tuple[str, ...]
    sniff: Callable[[bytes], bool]
    load: Callable[[bytes, str | None], ImportResult]


def _not_office(data: bytes, path: str | None) -> ImportResult:
    raise FormImportError(
        path, "这是 ZIP 压缩包，但不是 Excel（xlsx）或 Word（docx）文件（或文件已损坏、被截断）"
    )


def _head(sniff: Callable[[bytes], bool]) -> Callable[[bytes], bool]:
    return lambda data: sniff(data[:4096])


# Order matters: the first format whose sniff accepts the content wins; text is last.
FORMATS: list[Format] = [
    Format("json", (".json",), _head(_sniff_json), import_json),
    Format("pdf", (".pdf",), _sniff_pdf, import_pdf),
    Format("xlsx", (".xlsx", ".xlsm", ".xltx", ".xltm"), _sniff_xlsx, import_xlsx),
    Format("xls", (".xls", ".xlt", ".et"), _sniff_xls, import_xls),
    Format("docx", (".docx", ".docm", ".dotx", ".dotm"), _sniff_docx, import_docx),
    Format("html", (".html", ".htm", ".xhtml", ".shtml"), _sniff_html, import_html),
    Format("zip", (), is_zip, _not_office),  # a ZIP that is neither: one clear message
    Format("text", (".txt", ".text", ".tsv", ""), _sniff_text, import_text_bytes),
]


def detect(data: bytes, path: str | None = None) -> Format:
    """The format of a source, by its content; the extension only breaks ties.

    A file whose content no specific format claims is read as text (which refuses
    binary content with a clear message).
    """
    ext = Path(path).suffix.lower() if path else None
    claimed = [fmt for fmt in FORMATS[:-1] if fmt.sniff(data)]
    for fmt in claimed:
        if ext in fmt.extensions:
            return fmt
    return claimed[0] if claimed else FORMATS[-1]


def import_bytes(data: bytes, path: str | None = None) -> ImportResult:
    """Import a form from raw bytes, choosing the importer by extension and content."""
    return detect(data, path).load(data, path)


def load_form(path: str | Path) -> ImportResult:
    """Import a form from a file (extracted text or shared-format JSON)."""
    p = Path(path)
    try:
        data = read_input(p)  # regular files only, at most the max_bytes limit
    except InputError as e:
        raise FormImportError(p, e.problem) from None
    return import_bytes(data, str(p))
