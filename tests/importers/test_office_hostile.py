"""Hostile and broken office files: one clear Chinese message, exit 2, within bounded time.

Zip bombs (declared and real), XML entity expansion, a 100,000-row sheet, huge
spans, deep nesting, a truncated file of every format, encrypted and foreign files.
"""

from __future__ import annotations

import io
import random
import time
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.importers import FormImportError, import_bytes
from jixiao.model import Form
from tests.importers.officegen import Variant, write
from tests.importers.test_generated import load

PRACTICE = Path(__file__).resolve().parents[3] / "shared" / "examples" / "office" / "practice-1"


def _refused(data: bytes, name: str, *needles: str, seconds: float = 5.0) -> str:
    t = time.perf_counter()
    with pytest.raises(FormImportError) as info:
        import_bytes(data, name)
    assert time.perf_counter() - t < seconds
    message = info.value.problem
    for needle in needles:
        assert needle in message, message
    return message


def _rezip(data: bytes, replace: dict[str, bytes], add: dict[str, bytes] | None = None) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            zf.writestr(info.filename, replace.get(info.filename, src.read(info)))
        for name, body in (add or {}).items():
            zf.writestr(name, body)
    return out.getvalue()


@pytest.fixture(scope="module")
def xlsx() -> bytes:
    return (PRACTICE / "form.xlsx").read_bytes()


@pytest.fixture(scope="module")
def docx() -> bytes:
    return (PRACTICE / "form.docx").read_bytes()


# -- zip bombs ------------------------------------------------------------------------


def test_declared_zip_bomb_is_refused_from_the_directory(xlsx: bytes) -> None:
    # Patch the central directory: the sheet claims 4 GB uncompressed.
    data = bytearray(xlsx)
    name = b"xl/worksheets/sheet1.xml"
    pos = 0
    while True:
        at = data.find(b"PK\x01\x02", pos)
        assert at >= 0
        n = int.from_bytes(data[at + 28 : at + 30], "little")
        if data[at + 46 : at + 46 + n] == name:
            break
        pos = at + 4
    data[at + 24 : at + 28] = (0xFFFFFFF0).to_bytes(4, "little")
    _refused(bytes(data), "bomb.xlsx", "压缩炸弹", "JIXIAO_MAX_UNZIPPED_BYTES", seconds=1)


def test_real_zip_bomb_is_refused_before_inflating(docx: bytes, monkeypatch) -> None:
    monkeypatch.setenv("JIXIAO_MAX_UNZIPPED_BYTES", "8M")
    bomb = _rezip(docx, {}, {"word/media/zeros.bin": bytes(20_000_000)})
    assert len(bomb) < 200_000
    _refused(bomb, "bomb.docx", "解压后共", "超过上限 8,000,000 字节", seconds=2)


def test_too_many_members(xlsx: bytes, monkeypatch) -> None:
    monkeypatch.setenv("JIXIAO_MAX_ZIP_MEMBERS", "50")
    many = _rezip(xlsx, {}, {f"xl/media/x{i}.bin": b"x" for i in range(60)})
    _refused(many, "many.xlsx", "个部件", "JIXIAO_MAX_ZIP_MEMBERS")


# -- XML entity expansion ---------------------------------------------------------------

# "Billion laughs": each entity is ten of the one before; lol9 is 10^9 "lol"s.
LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol0 "lol">\n'
    + b"".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">\n'.encode() for i in range(1, 10))
    + b"]>\n"
)


def test_entity_expansion_in_xlsx_is_refused(xlsx: bytes) -> None:
    src = zipfile.ZipFile(io.BytesIO(xlsx))
    sheet = src.read("xl/worksheets/sheet1.xml")
    body = sheet.split(b"?>", 1)[-1]
    bomb = _rezip(
        xlsx, {"xl/worksheets/sheet1.xml": LAUGHS + body.replace(b"<v>", b"<v>&lol9;", 1)}
    )
    _refused(bomb, "lol.xlsx", "DTD", "sheet1.xml", seconds=2)


def test_entity_expansion_in_docx_is_refused(docx: bytes) -> None:
    src = zipfile.ZipFile(io.BytesIO(docx))
    body = src.read("word/document.xml").split(b"?>", 1)[-1]
    bomb = _rezip(docx, {"word/document.xml": LAUGHS + body.replace(b"<w:t>", b"<w:t>&lol9;", 1)})
    _refused(bomb, "lol.docx", "DTD", "document.xml", seconds=2)


# -- size --------------------------------------------------------------------------------


def test_hundred_thousand_row_sheet_is_refused_quickly(xlsx: bytes) -> None:
    rows = "".join(
        f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>第{i}行</t></is></c></row>'
        for i in range(1, 100_001)
    )
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org'
        f'/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>'
    ).encode()
    big = _rezip(xlsx, {"xl/worksheets/sheet1.xml": sheet})
    _refused(big, "big.xlsx", "超过 10,000 行", "JIXIAO_MAX_TABLE_ROWS", seconds=5)


def test_html_spans_beyond_the_cell_limit_are_refused() -> None:
    page = b"<html><body><table>" + b'<tr><td colspan="1000" rowspan="65534">x</td></tr>' * 200
    page += b"</table></body></html>"
    _refused(page, "span.html", "表格单元格数", seconds=5)


def test_deeply_nested_html_reads_without_recursion_error() -> None:
    page = b"<html><body>" + b"<div>" * 20_000 + b"x" + b"</div>" * 20_000 + b"</body></html>"
    with pytest.raises(FormImportError) as info:
        import_bytes(page, "deep.html")
    assert "没有表格" in info.value.problem


# -- truncated, encrypted, foreign ----------------------------------------------------------


@pytest.mark.parametrize("fmt", ["xlsx", "xls", "docx"])
def test_truncated_office_files_are_refused(fmt: str, tmp_path: Path) -> None:
    path = write(Form.from_shared(load("street")), fmt, Variant(), tmp_path)
    data = path.read_bytes()
    for cut in (len(data) // 3, len(data) - 100):
        _refused(data[:cut], path.name, "已损坏或不完整")


def test_truncated_html_reads_what_it_has(tmp_path: Path) -> None:
    path = write(Form.from_shared(load("street")), "html", Variant(), tmp_path)
    data = path.read_bytes()
    result = import_bytes(data[: len(data) // 2], path.name)
    assert result.truncated and result.form.department
    assert any("可能被截断" in w for w in result.warnings)


def test_encrypted_and_word97_files_get_their_own_message() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    _refused(ole + "EncryptedPackage".encode("utf-16-le"), "a.xlsx", "已加密")
    _refused(ole + "WordDocument".encode("utf-16-le"), "a.doc", "另存为 .docx")


def test_random_bytes_after_office_magic_never_escape(xlsx: bytes) -> None:
    rng = random.Random(8)
    for magic in (xlsx[:30], b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"<html><table><tr><td>"):
        for _ in range(20):
            data = magic + rng.randbytes(rng.randrange(0, 3000))
            try:
                import_bytes(data, "x")
            except FormImportError:
                pass


def test_cli_refuses_with_one_line_and_exit_2(tmp_path: Path, xlsx: bytes) -> None:
    bad = tmp_path / "cut.xlsx"
    bad.write_bytes(xlsx[:4000])
    r = CliRunner().invoke(app, ["import", str(bad)])
    assert r.exit_code == 2
    assert "已损坏或不完整" in r.output and "Traceback" not in r.output
    assert len([line for line in r.output.splitlines() if line.strip()]) == 1
