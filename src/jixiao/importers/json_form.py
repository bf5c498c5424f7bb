"""Importer for a form already in the shared JSON interchange shape."""

from __future__ import annotations

import json

from pydantic import ValidationError

from jixiao.importers.base import FormImportError, ImportResult
from jixiao.model import Form


def sniff(head: bytes) -> bool:
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")


def import_json(data: bytes, path: str | None = None) -> ImportResult:
    try:
        text = data.decode("utf-8-sig")
        obj = json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise FormImportError(path, f"不是有效的 JSON（{e}）") from None
    if not isinstance(obj, dict) or not ({"funds", "tasks", "key_indicators"} & obj.keys()):
        raise FormImportError(
            path, "JSON 不是部门整体支出绩效自评表（缺少 funds/tasks/key_indicators）"
        )
    try:
        form = Form.from_shared(obj)
    except (ValidationError, ValueError, TypeError, AttributeError) as e:
        raise FormImportError(path, f"JSON 表单字段有误：{_short(e)}") from None
    form.source_file = path
    return ImportResult(form=form, format="json")


def _short(e: Exception) -> str:
    return str(e).splitlines()[0][:200]
