"""Importers: one module per source format, and a registry that picks one.

Every importer turns bytes into the one form model (``jixiao.model.Form``),
wrapped in an ``ImportResult`` with warnings and any unplaced source cells.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from jixiao.importers.base import FormImportError, ImportResult, Unplaced
from jixiao.importers.json_form import import_json
from jixiao.importers.json_form import sniff as _sniff_json
from jixiao.importers.pdf import import_pdf
from jixiao.importers.pdf import sniff as _sniff_pdf
from jixiao.importers.text import import_text_bytes
from jixiao.importers.text import sniff as _sniff_text

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
    name: str
    extensions: tuple[str, ...]
    sniff: Callable[[bytes], bool]
    load: Callable[[bytes, str | None], ImportResult]


# Order matters: the first format whose sniff accepts the head wins.
FORMATS: list[Format] = [
    Format("json", (".json",), _sniff_json, import_json),
    Format("pdf", (".pdf",), _sniff_pdf, import_pdf),
    Format("text", (".txt", ".text", ".tsv", ""), _sniff_text, import_text_bytes),
]


def detect(data: bytes, path: str | None = None) -> Format:
    """The format of a source: by extension first, then by content."""
    ext = Path(path).suffix.lower() if path else None
    head = data[:4096]
    if ext is not None:
        for fmt in FORMATS:
            if ext in fmt.extensions and fmt.sniff(head):
                return fmt
    for fmt in FORMATS:
        if fmt.sniff(head):
            return fmt
    return FORMATS[-1]


def import_bytes(data: bytes, path: str | None = None) -> ImportResult:
    """Import a form from raw bytes, choosing the importer by extension and content."""
    return detect(data, path).load(data, path)


def load_form(path: str | Path) -> ImportResult:
    """Import a form from a file (extracted text or shared-format JSON)."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise FormImportError(p, "文件不存在") from None
    except IsADirectoryError:
        raise FormImportError(p, "这是一个目录，不是文件") from None
    except PermissionError:
        raise FormImportError(p, "没有读取权限") from None
    except OSError as e:
        raise FormImportError(p, f"无法读取（{e.strerror}）") from None
    return import_bytes(data, str(p))
