"""Bytes → text for extracted-text forms: encoding detection and binary rejection.

Chinese government files come as UTF-8 (with or without BOM), GB18030/GBK and
UTF-16 (Windows "Unicode" text). Detection order: BOM, then NUL-byte pattern
(UTF-16 without BOM), then strict UTF-8, then GB18030. A file that decodes to
mostly control characters is binary, not a form.
"""

from __future__ import annotations

import codecs
import re

from jixiao.importers.base import FormImportError

_BOMS: list[tuple[bytes, str]] = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]
_BAD_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")


def decode(data: bytes, path: str | None = None) -> tuple[str, str]:
    """Decode a text file; returns (text, encoding). Raises FormImportError for empty or binary input."""
    if not data or not data.strip(b" \t\r\n\f\v\x00"):
        raise FormImportError(path, "文件为空")
    text, encoding = _decode(data, path)
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise FormImportError(path, "文件为空")
    _reject_binary(text, path)
    return text, encoding


def _decode(data: bytes, path: str | None) -> tuple[str, str]:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(enc.replace("-sig", "")), enc
            except UnicodeDecodeError:
                raise FormImportError(
                    path, f"文件以 {enc} 标记开头，但内容无法按 {enc} 解码"
                ) from None
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
                try:
                    return data.decode(enc), enc
                except UnicodeDecodeError:
                    break
        raise FormImportError(path, "不是文本文件（含二进制内容），无法作为表格文本导入")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        pass
    raise FormImportError(path, "无法识别文件编码（既不是 UTF-8/UTF-16，也不是 GB18030/GBK）")


def _reject_binary(text: str, path: str | None) -> None:
    sample = text[:8192]
    bad = len(_BAD_CHARS.findall(sample))
    if bad > max(8, len(sample) // 50):
        raise FormImportError(path, "不是文本文件（含大量控制字符或乱码），无法作为表格文本导入")
