"""Bytes → text for extracted-text forms: encoding detection, binary rejection, limits.

Chinese government files come as UTF-8 (with or without BOM), GB18030/GBK and
UTF-16 (Windows "Unicode" text). Detection order: BOM, then NUL-byte pattern
(UTF-16 without BOM), then strict UTF-8, then GB18030. A file cut inside a multibyte
character decodes up to the cut, with a warning (the layout then reports what is missing).

Control characters (NUL, ESC …) mean the same wherever they are: a text made mostly of
them is binary, not a form; a few are removed, with a warning saying how many and where.
The decoded text must be a table within the limits of ``jixiao.limits``: tab-separated
cells, at most ``max_rows`` rows, ``max_cells`` cells, ``max_cell_chars`` characters a
cell and ``max_digits`` digits a number.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from jixiao.importers.base import FormImportError
from jixiao.limits import LimitError, limits, longest_number

_BOMS: list[tuple[bytes, str]] = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]
# Control characters no form holds (tab, line breaks, form feed and vertical tab are layout).
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_BAD_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")
_CELL_SPLIT = re.compile("[\t\r\n\f\v\x1c-\x1e\x85\u2028\u2029]")


@dataclass
class Decoded:
    """A decoded text file and what a person should know about how it was read."""

    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


def decode(data: bytes, path: str | None = None) -> tuple[str, str]:
    """Decode a text file; returns (text, encoding). See ``decode_text`` (its warnings are lost)."""
    d = decode_text(data, path)
    return d.text, d.encoding


def decode_text(data: bytes, path: str | None = None, table: bool = False) -> Decoded:
    """Decode a text file; ``FormImportError`` for an empty or binary one, or one over a limit.

    With ``table``, the text must also be a tab-separated table within the row, cell, cell
    length and digit limits.
    """
    if not data or not data.strip(b" \t\r\n\f\v\x00"):
        raise FormImportError(path, "文件为空")
    warnings: list[str] = []
    text, encoding = _decode(data, path, warnings)
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise FormImportError(path, "文件为空")
    text = _controls(text, path, warnings)
    if table:
        check_table(text, path)
    return Decoded(text, encoding, warnings)


def _decode(data: bytes, path: str | None, warnings: list[str]) -> tuple[str, str]:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            text = _cut_decode(data[len(bom) :], enc.replace("-sig", ""), warnings)
            if text is None:
                raise FormImportError(path, f"文件以 {enc} 标记开头，但内容无法按 {enc} 解码")
            return text, enc
    sample = data[:4096]
    nuls = sample.count(0)
    if nuls:
        even = sample[0::2].count(0)
        odd = sample[1::2].count(0)
        half = len(sample) / 2
        # UTF-16 text has NULs in one byte position of nearly every ASCII char
        # (CJK text has few NULs at all); binary files have them everywhere.
        for enc, zeros, other in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
            if zeros > other * 4 and zeros >= min(half * 0.05, 8):
                text = _cut_decode(data, enc, warnings)
                if text is not None:
                    return text, enc
                break
    for enc in ("utf-8", "gb18030"):
        text = _cut_decode(data, enc, warnings)
        if text is not None:
            return text, enc
    if nuls:  # NUL bytes, not in a UTF-16 pattern, and no text encoding fits: binary
        raise FormImportError(path, "不是文本文件（含二进制内容），无法作为表格文本导入")
    raise FormImportError(path, "无法识别文件编码（既不是 UTF-8/UTF-16，也不是 GB18030/GBK）")


def _cut_decode(data: bytes, encoding: str, warnings: list[str]) -> str | None:
    """``data`` decoded strictly; a multibyte character cut off at the very end is dropped
    (with a warning). None when the bytes are not in ``encoding``."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as e:
        if e.end != len(data) or len(data) - e.start > 3:
            return None  # a bad byte inside, not a character cut at the end
        cut = len(data) - e.start
        try:
            text = data[: e.start].decode(encoding)
        except UnicodeDecodeError:
            return None
    line = text.count("\n") + 1
    warnings.append(
        f"文件在第{line}行的一个字符中间结束（最后 {cut} 个字节不成字），"
        "文件可能被截断；已读取截断处之前的内容"
    )
    return text


def _controls(text: str, path: str | None, warnings: list[str]) -> str:
    """Reject a binary text; remove the few control characters of a real one, with a warning."""
    sample = text[:8192]
    if len(_BAD_CHARS.findall(sample)) > max(8, len(sample) // 50):
        raise FormImportError(path, "不是文本文件（含大量控制字符或乱码），无法作为表格文本导入")
    first = _CONTROL.search(text)
    if first is None:
        return text
    cleaned = _CONTROL.sub("", text)
    removed = len(text) - len(cleaned)
    bad = removed + text.count("\ufffd")
    if bad > max(8, len(text) // 50):
        raise FormImportError(path, "不是文本文件（含大量控制字符或乱码），无法作为表格文本导入")
    line = text.count("\n", 0, first.start()) + 1
    shown = f"U+{ord(first.group()):04X}"
    warnings.append(
        f"删除了 {removed} 个控制字符（第一个是第{line}行的 {shown}），它们不是表格内容"
    )
    return cleaned


def check_table(text: str, path: str | None = None) -> None:
    """``FormImportError`` unless ``text`` is a tab-separated table within the limits."""
    lim = limits()
    if "\t" not in text:
        raise FormImportError(
            path,
            "不是部门整体支出绩效自评表的表格文本：全文没有一个制表符（Tab），"
            "读不出单元格（提取的表格文本以制表符分隔单元格、以换行分隔行）",
        )
    try:
        breaks = text.count("\n") + text.count("\r") - text.count("\r\n")
        rows = breaks + (0 if text.endswith(("\n", "\r")) else 1)
        lim.check("max_rows", rows)
        cells = rows + text.count("\t")
        lim.check("max_cells", cells)
        longest = max(map(len, _CELL_SPLIT.split(text)))
        if longest > lim.max_cell_chars:
            raise lim.exceeded("max_cell_chars", longest, at=_where_cell(text, longest))
        digits, at = longest_number(text)
        if digits > lim.max_digits:
            raise lim.exceeded("max_digits", digits, at=_where(text, at) + "一个数字的")
    except LimitError as e:
        raise FormImportError(path, e.problem) from None


def _where(text: str, offset: int) -> str:
    line_start = text.rfind("\n", 0, offset) + 1
    cell = text.count("\t", line_start, offset) + 1
    return f"第{text.count(chr(10), 0, offset) + 1}行第{cell}格"


def _where_cell(text: str, length: int) -> str:
    """The place of the first cell of ``length`` characters."""
    pos = 0
    for piece in _CELL_SPLIT.split(text):
        if len(piece) == length:
            return _where(text, pos) + "的"
        pos += len(piece) + 1
    return ""
