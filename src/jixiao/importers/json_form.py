"""Importer for a form already in the shared JSON interchange shape.

The JSON is read within the limits (``jixiao.parsing``) and validated at the edge
(``jixiao.validate``): every problem is one Chinese message naming the field's path.
UTF-8 is the format's encoding; UTF-16/UTF-32 with a byte-order mark (Windows "Unicode"
text) and UTF-16 without one are read too.
"""

from __future__ import annotations

import re

from jixiao.importers.base import FormImportError, ImportResult
from jixiao.importers.decode import decode
from jixiao.model import Form
from jixiao.parsing import DataError, load_json, type_name
from jixiao.validate import FormDataError

_UNICODE_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")
# A JSON array starts with "[" then a value; "[附件1]" in a text is not one.
_ARRAY = re.compile(rb'\[\s*(?:[\[\]{"\d-]|true|false|null)')
MAX_UNKNOWN_SHOWN = 8


def _head_texts(head: bytes) -> list[bytes]:
    """The head as UTF-8 bytes, and as UTF-16/32 text when it may be (a BOM or NUL bytes)."""
    found = [head]
    if head.startswith(_UNICODE_BOMS) or head[:64].count(0) >= 8:
        for enc in ("utf-16", "utf-32", "utf-16-le", "utf-16-be"):
            try:
                found.append(head.decode(enc, errors="ignore").encode("utf-8"))
            except UnicodeError:
                continue
    return found


def sniff(head: bytes) -> bool:
    for text in _head_texts(head):
        s = text.lstrip(b"\xef\xbb\xbf \t\r\n")
        if s.startswith(b"{") or _ARRAY.match(s) is not None:
            return True
    return False


def import_json(data: bytes, path: str | None = None) -> ImportResult:
    warnings: list[str] = []
    if data.startswith(_UNICODE_BOMS) or data[:4096].count(0):
        text, encoding = decode(data, path)  # UTF-16/32: the text decoder knows them
        warnings.append(f"JSON 文件是 {encoding} 编码（共享格式应为 UTF-8），已按 {encoding} 读取")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            raise FormImportError(
                path, f"不是 UTF-8 编码的 JSON 文本（第 {e.start + 1} 个字节无法解码）"
            ) from None
    try:
        obj = load_json(text)
    except DataError as e:
        raise FormImportError(path, str(e)) from None
    if not isinstance(obj, dict):
        raise FormImportError(
            path, f"JSON 不是部门整体支出绩效自评表：顶层应为对象（{{…}}），实际为{type_name(obj)}"
        )
    if not ({"funds", "tasks", "key_indicators"} & obj.keys()):
        raise FormImportError(
            path, "JSON 不是部门整体支出绩效自评表（缺少 funds/tasks/key_indicators）"
        )
    unknown: list[str] = []
    try:
        form = Form.from_shared(obj, unknown)
    except FormDataError as e:
        raise FormImportError(path, f"JSON 表单字段有误：{e}") from None
    if unknown:
        shown = "、".join(unknown[:MAX_UNKNOWN_SHOWN]) + (
            "等" if len(unknown) > MAX_UNKNOWN_SHOWN else ""
        )
        warnings.append(f"JSON 中有 {len(unknown)} 处共享格式没有的字段，已忽略：{shown}")
    form.source_file = path
    return ImportResult(form=form, format="json", warnings=warnings)
