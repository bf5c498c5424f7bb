"""Office Open XML packages (XLSX, DOCX) opened within limits, and their XML parsed safely.

Before anything is decompressed the ZIP directory is checked: at most
``max_zip_members`` members and at most ``max_unzipped_bytes`` declared uncompressed
bytes in all (``zipfile`` never yields more than a member declares, so a zip bomb is
refused before it is inflated). An XML part with a document type declaration is
refused before it is parsed: OOXML never needs one, and entity declarations are how
"billion laughs" expansion works. XML is parsed with entities left unresolved, no
network access and libxml2's default size limits.

These limits, and the most rows of one sheet or document table (a form has a few
hundred), are settable by environment variable like the other input limits
(``jixiao.limits``, whose row, cell and cell-length limits apply too):
``JIXIAO_MAX_UNZIPPED_BYTES`` (default 200 MB), ``JIXIAO_MAX_ZIP_MEMBERS`` (default
5,000) and ``JIXIAO_MAX_TABLE_ROWS`` (default 10,000).
"""

from __future__ import annotations

import io
import os
import re
import zipfile
import zlib
from dataclasses import dataclass

from lxml import etree

from jixiao.importers.base import FormImportError
from jixiao.limits import limits, parse_size


@dataclass(frozen=True)
class OfficeLimits:
    """Limits of office files, beyond the general ones of ``jixiao.limits``."""

    max_unzipped_bytes: int = 200_000_000
    max_zip_members: int = 5_000
    max_table_rows: int = 10_000

    @classmethod
    def from_env(cls) -> OfficeLimits:
        values = {}
        for name, var in (
            ("max_unzipped_bytes", "JIXIAO_MAX_UNZIPPED_BYTES"),
            ("max_zip_members", "JIXIAO_MAX_ZIP_MEMBERS"),
            ("max_table_rows", "JIXIAO_MAX_TABLE_ROWS"),
        ):
            raw = os.environ.get(var, "").strip()
            if raw:
                value = parse_size(raw)
                if value is None:
                    raise FormImportError(
                        None, f"环境变量 {var} 应为正整数（可带 K、M、G），现为 {raw!r}"
                    )
                values[name] = value
        return cls(**values)


MAIN_TYPES = {
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
        "application/vnd.ms-excel.template.macroEnabled.main+xml",
    ),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "application/vnd.ms-word.document.macroEnabled.main+xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
        "application/vnd.ms-word.template.macroEnabled.main+xml",
    ),
}
_LOCAL_HEADER = b"PK\x03\x04"
_OVERRIDE = re.compile(rb"<Override\b[^>]{0,1000}>", re.IGNORECASE)
_ATTR = re.compile(rb'(PartName|ContentType)\s*=\s*["\']([^"\']{0,300})["\']')


def table_row_limit() -> int:
    """The most rows of one sheet or document table."""
    return min(OfficeLimits.from_env().max_table_rows, limits().max_rows)


def check_table_rows(rows: int, path: str | None, where: str) -> None:
    """Refuse a sheet or table with more rows than any form has (checked while reading)."""
    most = table_row_limit()
    if rows > most:
        raise FormImportError(
            path,
            f"{where}超过 {most:,} 行，不是一张自评表（上限可用环境变量 JIXIAO_MAX_TABLE_ROWS 调整）",
        )


def is_zip(head: bytes) -> bool:
    return head.startswith(_LOCAL_HEADER)


def _local_names(data: bytes, limit: int = 64) -> list[str]:
    """Member names from the local headers at the front (works on a truncated file)."""
    names: list[str] = []
    pos = 0
    while len(names) < limit and data.startswith(_LOCAL_HEADER, pos) and pos + 30 <= len(data):
        name_len = int.from_bytes(data[pos + 26 : pos + 28], "little")
        extra_len = int.from_bytes(data[pos + 28 : pos + 30], "little")
        size = int.from_bytes(data[pos + 18 : pos + 22], "little")
        flags = int.from_bytes(data[pos + 6 : pos + 8], "little")
        names.append(data[pos + 30 : pos + 30 + name_len].decode("utf-8", "replace"))
        if flags & 0x08:  # sizes follow the data: no way to skip without inflating
            break
        pos += 30 + name_len + extra_len + size
    return names


def package_kind(data: bytes) -> str | None:
    """'xlsx' or 'docx' for an OOXML package (by its main part's content type), else None.

    A package whose directory is missing (a truncated file) is told by the names of
    the members at its front.
    """
    if not is_zip(data[:4]):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = zf.namelist()
            types = b""
            if "[Content_Types].xml" in names:
                info = zf.getinfo("[Content_Types].xml")
                if info.file_size <= 1_000_000:
                    types = zf.read(info)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError, ValueError):
        names = _local_names(data)
        types = b""
    for m in _OVERRIDE.finditer(types):
        ctype = dict(_ATTR.findall(m.group())).get(b"ContentType", b"").decode("ascii", "replace")
        for kind, main in MAIN_TYPES.items():
            if ctype in main:
                return kind
    if any(n.startswith("word/") for n in names):
        return "docx"
    if any(n.startswith("xl/") for n in names):
        return "xlsx"
    return None


def main_part(zf: zipfile.ZipFile, kind: str) -> str | None:
    """The package's main part name, from [Content_Types].xml (e.g. word/document.xml)."""
    try:
        types = zf.read("[Content_Types].xml")
    except KeyError:
        return None
    for m in _OVERRIDE.finditer(types):
        attrs = dict(_ATTR.findall(m.group()))
        if attrs.get(b"ContentType", b"").decode("utf-8", "replace") in MAIN_TYPES[kind]:
            return attrs.get(b"PartName", b"").decode("utf-8", "replace").lstrip("/")
    return None


def open_package(data: bytes, path: str | None, what: str) -> zipfile.ZipFile:
    """Open an OOXML package after checking its directory against the limits.

    Every XML part is checked for a document type declaration before anyone parses it.
    """
    lim = OfficeLimits.from_env()
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise FormImportError(path, f"{what}文件已损坏或不完整（可能被截断），无法读取") from None
    infos = zf.infolist()
    if len(infos) > lim.max_zip_members:
        raise FormImportError(
            path,
            f"{what}文件包含 {len(infos):,} 个部件，超过上限 {lim.max_zip_members:,} 个"
            "（可能是恶意构造的文件；上限可用环境变量 JIXIAO_MAX_ZIP_MEMBERS 调整）",
        )
    total = sum(i.file_size for i in infos)
    if total > lim.max_unzipped_bytes:
        raise FormImportError(
            path,
            f"{what}文件解压后共 {total:,} 字节，超过上限 {lim.max_unzipped_bytes:,} 字节"
            "（可能是“压缩炸弹”；上限可用环境变量 JIXIAO_MAX_UNZIPPED_BYTES 调整）",
        )
    for info in infos:
        if info.filename.endswith((".xml", ".rels", ".vml")) and _declares_dtd(
            zf, info, path, what
        ):
            raise FormImportError(
                path,
                f"{what}文件的部件 {info.filename} 含有文档类型（DTD）或实体声明，"
                "正常的 Office 文件不会有；为防止实体膨胀攻击，拒绝读取",
            )
    return zf


_ROOT = re.compile(r"<[A-Za-z_]")


def _declares_dtd(zf: zipfile.ZipFile, info: zipfile.ZipInfo, path: str | None, what: str) -> bool:
    """Does the XML part declare a DTD (or entities) before its root element?"""
    head = b""
    try:
        with zf.open(info) as fh:
            while len(head) < 4_000_000:
                chunk = fh.read(8192)
                if not chunk:
                    break
                head += chunk
                text = _as_text(head)
                root = _ROOT.search(text)
                if root is not None:
                    return "<!DOCTYPE" in text[: root.start()].upper() or "<!ENTITY" in text
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError):
        raise FormImportError(path, f"{what}文件已损坏或不完整（可能被截断），无法读取") from None
    text = _as_text(head).upper()
    return "<!DOCTYPE" in text or "<!ENTITY" in text


def _as_text(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")
    return data.decode("latin-1")


_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True
)


def read_xml(zf: zipfile.ZipFile, name: str, path: str | None, what: str) -> etree._Element:
    """Parse one part of an opened package (checked by ``open_package``)."""
    try:
        data = zf.read(name)
    except KeyError:
        raise FormImportError(path, f"{what}文件缺少部件 {name}，不是完整的文件") from None
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError):
        raise FormImportError(path, f"{what}文件已损坏或不完整（可能被截断），无法读取") from None
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as e:
        raise FormImportError(path, f"{what}文件的部件 {name} 不是有效的 XML（{e.msg}）") from None
