"""Importer for extracted-text forms (work in progress)."""

from __future__ import annotations

from jixiao.importers.base import FormImportError, ImportResult


def sniff(head: bytes) -> bool:
    return True


def import_text_bytes(data: bytes, path: str | None = None) -> ImportResult:
    raise FormImportError(path, "文本导入尚在开发中")
