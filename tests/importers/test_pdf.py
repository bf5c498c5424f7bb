"""PDF importer: the practice prints, jixiao's own reports, and PDFs printed by the tests.

The printed test PDFs (``pdfgen``) lay out the seed, the practice form and the
department forms of ``tests/data/generated`` with different page sizes, column
widths, fonts, borders and padding, and with the artefacts of printing: merged
cells, rows moved or cut by page breaks, merged cells restarted (empty, with
their text, with （续）), repeated headers, running headers and footers, page
numbers, sections as separate tables with their own columns. Each must import
field for field (F1 1.00) with no unplaced cell.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pytest
from typer.testing import CliRunner
from weasyprint import HTML

from jixiao.cli import app
from jixiao.importers import FormImportError, import_bytes, load_form
from jixiao.importers.pdf import import_pdf, pdf_rows, sniff
from jixiao.importers.pdf_grid import cell_text, page_grid
from jixiao.importers.pdf_read import read_pages
from jixiao.limits import Limits, using
from jixiao.model import Form
from jixiao.render import render_pdf
from jixiao.scoring import evaluate
from tests.conftest import DATA
from tests.importers.pdfgen import Style, render
from tests.importers.test_generated import compare

OFFICE = DATA / "office" / "practice-1"
FORMS = {
    "seed": DATA / "seed.json",
    "practice-1": DATA / "practice-1.json",
    **{p.stem: p for p in sorted((DATA / "generated").glob("*.json"))},
}
runner = CliRunner()


def gold(name: str) -> dict:
    return json.loads(FORMS[name].read_text(encoding="utf-8"))


def check(name: str, data: bytes) -> None:
    result = import_pdf(data, f"{name}.pdf")
    f1, misses = compare(gold(name), result.form.to_shared())
    unplaced = [u.describe() for u in result.unplaced]
    assert (f1, unplaced) == (1.0, []), f"{name}: F1 {f1:.4f}\n" + "\n".join(misses[:10] + unplaced)


# -- the practice prints (LibreOffice, from the Excel and the Word file) ------------------


@pytest.mark.parametrize("name", ["form_xlsx.pdf", "form_docx.pdf"])
def test_practice_prints_import_as_the_compare_tool_checks(tmp_path: Path, name: str):
    out = tmp_path / "out.json"
    r = runner.invoke(app, ["import", str(OFFICE / name), "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert "未能归入" not in r.output  # nothing unplaced
    gold_json, tool_py = str(DATA / "practice-1.json"), str(DATA / "compare_form.py")
    tool = subprocess.run(
        [sys.executable, tool_py, gold_json, str(out), "--min-f1", "0.99"],
        capture_output=True,
        text=True,
    )
    assert tool.returncode == 0, tool.stdout + tool.stderr
    check("practice-1", (OFFICE / name).read_bytes())


def test_practice_form_printed_by_a_browser_imports():
    # form.html printed by headless Chromium (Skia, Type 3 fonts, its own header and
    # footer with date, title, file URL and page x/y; rows and merged cells cut by breaks).
    check("practice-1", (OFFICE / "form_html_chrome.pdf").read_bytes())


@pytest.mark.parametrize("rotate", [90, 180, 270])
def test_rotated_pages_read_as_displayed(rotate: int):
    # Pages stored turned in their own space, with /Rotate turning them upright on screen.
    writer = pypdf.PdfWriter(clone_from=io.BytesIO((OFFICE / "form_docx.pdf").read_bytes()))
    for page in writer.pages:
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        turn, box = {
            90: ((0, 1, -1, 0, h, 0), (h, w)),
            180: ((-1, 0, 0, -1, w, h), (w, h)),
            270: ((0, -1, 1, 0, 0, w), (h, w)),
        }[rotate]
        page.add_transformation(pypdf.Transformation(turn))
        page.mediabox = page.cropbox = pypdf.generic.RectangleObject((0, 0, *box))
        page.rotate(rotate)
    out = io.BytesIO()
    writer.write(out)
    check("practice-1", out.getvalue())


def test_pages_placed_as_scaled_form_xobjects_read_the_same():
    # As n-up printing and stamping tools do: each page drawn inside a form XObject.
    src = pdfium.PdfDocument((OFFICE / "form_xlsx.pdf").read_bytes())
    dst = pdfium.PdfDocument.new()
    for i in range(len(src)):
        page = dst.new_page(*src[i].get_size())
        obj = src.page_as_xobject(i, dst).as_pageobject()
        obj.transform(pdfium.PdfMatrix().scale(0.8, 0.8).translate(40, 30))
        page.insert_obj(obj)
        page.gen_content()
    out = io.BytesIO()
    dst.save(out)
    check("practice-1", out.getvalue())


def test_practice_print_provenance_is_page_row_and_cell():
    result = load_form(OFFICE / "form_docx.pdf")
    assert result.format == "pdf"
    task = result.form.tasks[2]  # 推进社会保险扩面提质增效: starts at the foot of page 2
    ref = task.source("name")
    assert (ref.page, ref.cell) == (2, 0) and ref.line and ref.line > 1
    assert "第2页" in ref.describe()
    # Its second indicator is cut by the page break: one indicator, text from both pages.
    ind = task.indicators[1]
    assert ind.completion == "城乡居民基本养老保险参保率103%，困难群体代缴实现应代尽代"
    assert ind.source("completion").page == 2


# -- jixiao's own PDF report ----------------------------------------------------------------


@pytest.mark.parametrize("name", ["seed", "practice-1"])
def test_own_pdf_report_imports_back_to_the_same_form(tmp_path: Path, name: str):
    form = Form.from_shared(gold(name))
    path = tmp_path / "report.pdf"
    render_pdf(evaluate(form), path)
    result = import_pdf(path.read_bytes(), str(path))
    f1, misses = compare(gold(name), result.form.to_shared())
    assert f1 == 1.0, "\n".join(misses[:10])
    assert result.unplaced == []
    # The summary, findings and notes are read past and said so.
    assert any("批注" in w for w in result.warnings)
    assert any("表格以外" in w for w in result.warnings)


# -- printed by the tests ---------------------------------------------------------------------

CASES = {
    "plain": ("seed", Style()),
    "portrait-serif": (
        "practice-1",
        Style(page="A4", font="Noto Serif CJK SC", size_pt=8, widths=(12, 18, 22, 12, 26, 10)),
    ),
    "split-running": (
        "street",
        Style(split_tables=True, running=True, thead=False, border_pt=1.5, padding_mm=2),
    ),
    "breaks-same": (
        "education",
        Style(task_breaks=(3, 9, 15), key_breaks=(4,), restart="same", title_every_page=True),
    ),
    "breaks-cont": (
        "health",
        Style(
            task_breaks=(2, 7, 12), restart="cont", page="A3 landscape", size_pt=11, valign="top"
        ),
    ),
    "cut": ("ecology", Style(task_breaks=(4, 11, 17), key_breaks=(3,), cut=True)),
    "cut-split": (
        "practice-1",
        Style(task_breaks=(4, 11), cut=True, split_tables=True, running=True, margin_mm=20),
    ),
    "narrow-thick": (
        "seed",
        Style(widths=(8, 24, 24, 10, 23, 11), border_pt=2.25, padding_mm=0.5, page_numbers=False),
    ),
}


@pytest.fixture(scope="module")
def printed() -> dict[str, bytes]:
    return {}


def pdf_of(printed: dict[str, bytes], case: str) -> bytes:
    if case not in printed:
        name, style = CASES[case]
        printed[case] = render(gold(name), style)
    return printed[case]


@pytest.mark.parametrize("case", list(CASES))
def test_printed_form_imports_field_for_field(printed: dict[str, bytes], case: str):
    check(CASES[case][0], pdf_of(printed, case))


def _split_texts(data: bytes, texts: list[str]) -> list[str]:
    """The texts that no single cell of the PDF holds whole (cut by a page break)."""
    cells = [
        "".join(cell_text(c.lines).split())
        for p in read_pages(data)
        for t in page_grid(p).tables
        for c in t.cells
    ]
    return [t for t in texts if t and not any("".join(t.split()) in c for c in cells)]


@pytest.mark.parametrize("case", ["cut", "cut-split"])
def test_rows_cut_by_a_page_break_are_one_row_again(printed: dict[str, bytes], case: str):
    data = pdf_of(printed, case)
    g = gold(CASES[case][0])
    completions = [i["completion"] for t in g["tasks"] for i in t["indicators"]]
    goals = [t["expected_goal"] for t in g["tasks"]]
    # The print really cuts texts (a row's completion, a merged goal) in two ...
    assert _split_texts(data, completions + goals)
    # ... and the import has them whole, each in one indicator or task.
    form = import_pdf(data).form.to_shared()

    def squash(texts: list[str]) -> list[str]:
        return ["".join(t.split()) for t in texts]

    got = [i["completion"] for t in form["tasks"] for i in t["indicators"]]
    assert squash(got) == squash(completions)
    assert squash([t["expected_goal"] for t in form["tasks"]]) == squash(goals)


def test_page_furniture_is_not_read(printed: dict[str, bytes]):
    rows, _ = pdf_rows(pdf_of(printed, "split-running"))
    texts = [c for r in rows for c in r.cells if c]
    assert not any("页" in t and "共" in t for t in texts)  # page x of y
    assert not any(t.endswith("部门整体支出绩效自评") for t in texts)  # running header
    dept = gold("street")["department"]
    assert texts.count(dept) == 1  # the 部门名称 cell, not the running header


def test_restarted_labels_are_read_once(printed: dict[str, bytes]):
    rows, _ = pdf_rows(pdf_of(printed, "breaks-cont"))
    assert not any("（续）" in c for r in rows for c in r.cells)
    rows, _ = pdf_rows(pdf_of(printed, "breaks-same"))
    keys = [c for r in rows for c in r.cells if c == "年度关键指标"]
    assert len(keys) == 1  # restarted on the next page, read once


def test_a_table_lacking_the_left_columns_is_mapped_onto_the_columns_before(
    printed: dict[str, bytes],
):
    # WeasyPrint does not draw a merged cell again on the next page: the key
    # indicator rows there lack the 年度关键指标 column and get an empty cell for it.
    rows, _ = pdf_rows(pdf_of(printed, "plain"))
    first_key = gold("seed")["key_indicators"][0]["name"]
    later = [r for r in rows if r.page > 1 and r.cells and first_key not in r.cells]
    names = {k["name"] for k in gold("seed")["key_indicators"]}
    shifted = [r for r in later if len(r.cells) > 1 and r.cells[1] in names]
    assert shifted and all(r.cells[0] == "" for r in shifted)


# -- small prints for single rules ---------------------------------------------------------


def _html_pdf(body: str, css: str = "") -> bytes:
    style = (
        "@page { size: A4 landscape; margin: 15mm } html { font-family: 'Noto Sans CJK SC';"
        " font-size: 9pt } table { border-collapse: collapse; width: 100% }"
        " td { border: 0.75pt solid #000; padding: 1mm }" + css
    )
    return HTML(
        string=f"<html><head><style>{style}</style></head><body>{body}</body></html>"
    ).write_pdf()


MINI = """<h1>黄埔区部门整体支出绩效自评表（2023年度）</h1><p>单位：万元</p><table>
<tr><td>部门名称</td><td colspan=3>广州市黄埔区测试局</td></tr>
<tr><td>年度关键指标</td><td>关键指标</td><td>预期实现值</td><td>指标完成情况</td></tr>
<tr><td></td><td>群众满意度</td><td>≥90%</td><td>95%{note}</td></tr>
</table>"""


def test_notes_in_smaller_type_are_not_cell_text():
    note = '<div style="font-size:7pt">已达成 目标≥90%，完成95%，已达成</div>'
    result = import_pdf(_html_pdf(MINI.format(note=note)))
    assert result.form.key_indicators[0].completion == "95%"
    assert any("批注" in w for w in result.warnings)
    # The same words in the cell's own type are the cell's text.
    plain = import_pdf(_html_pdf(MINI.format(note="<div>已达成</div>")))
    assert "".join(plain.form.key_indicators[0].completion.split()) == "95%已达成"


def test_a_table_before_the_form_is_reported_not_read():
    other = "<table><tr><td>附件</td><td>说明</td></tr><tr><td>1</td><td>佐证材料清单</td></tr></table><br>"
    result = import_pdf(_html_pdf(other + MINI.format(note="")))
    assert result.form.department == "广州市黄埔区测试局"
    assert result.unplaced == []
    assert any("表格以外" in w and "附件" in w for w in result.warnings)


# -- refusals ----------------------------------------------------------------------------------


def _refused(tmp_path: Path, data: bytes, problem: str) -> None:
    f = tmp_path / "bad.pdf"
    f.write_bytes(data)
    with pytest.raises(FormImportError) as e:
        load_form(f)
    assert problem in str(e.value) and str(f) in str(e.value)
    r = runner.invoke(app, ["import", str(f)])
    assert r.exit_code == 2 and problem in r.stderr
    assert "Traceback" not in r.output + r.stderr


def test_scanned_pdf_is_refused(tmp_path: Path):
    png = io.BytesIO()
    from PIL import Image

    Image.new("RGB", (400, 300), "white").save(png, "PNG")
    import base64

    uri = "data:image/png;base64," + base64.b64encode(png.getvalue()).decode()
    _refused(tmp_path, _html_pdf(f'<img src="{uri}" style="width:200mm">'), "扫描件")
    # A scan with a page number printed on it is still a scan.
    scan = f'<img src="{uri}" style="width:200mm"><p>第 1 页</p>'
    _refused(tmp_path, _html_pdf(scan), "扫描件")


def _encrypted(user: str, owner: str) -> bytes:
    reader = pypdf.PdfReader(io.BytesIO((OFFICE / "form_docx.pdf").read_bytes()))
    writer = pypdf.PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    writer.encrypt(user_password=user, owner_password=owner, algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_encrypted_pdf_needing_a_password_is_refused(tmp_path: Path):
    _refused(tmp_path, _encrypted("secret", "owner"), "已加密")


def test_pdf_encrypted_only_against_changes_is_read():
    # An empty user password: every viewer opens it; only editing is restricted.
    check("practice-1", _encrypted("", "owner"))


def test_pdf_with_text_but_no_form_is_refused(tmp_path: Path):
    body = "<p>关于做好2023年度预算绩效管理工作的通知</p><table><tr><td>序号</td><td>事项</td></tr></table>"
    _refused(tmp_path, _html_pdf(body), "不是部门整体支出绩效自评表")


def test_truncated_pdf_is_refused(tmp_path: Path):
    data = (OFFICE / "form_xlsx.pdf").read_bytes()
    _refused(tmp_path, data[: len(data) // 2], "已损坏或不完整")


def _pdf(objects: list[bytes]) -> bytes:
    out = b"%PDF-1.7\n"
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out


def test_pdf_with_too_many_pages_is_refused_at_once(tmp_path: Path):
    doc = pdfium.PdfDocument.new()
    for _ in range(2000):
        doc.new_page(595, 842)
    buf = io.BytesIO()
    doc.save(buf)
    _refused(tmp_path, buf.getvalue(), "PDF 页数为 2,000 页，超过上限 300 页")
    with using(max_pdf_pages=1999):
        _refused(
            tmp_path, buf.getvalue(), "超过上限 1,999 页（上限可用环境变量 JIXIAO_MAX_PDF_PAGES"
        )
    assert Limits.from_env({"JIXIAO_MAX_PDF_PAGES": "5000"}).max_pdf_pages == 5000


def test_deeply_nested_objects_are_read_within_bounds(tmp_path: Path):
    nested = b"[" * 200_000 + b"]" * 200_000
    text = b"BT /F1 12 Tf 72 712 Td (Hello) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Deep "
        + nested
        + b" >>",
        b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream",
    ]
    _refused(tmp_path, _pdf(objects), "不是部门整体支出绩效自评表")
    # A page tree nested thousands of levels deep.
    n = 3000
    tree = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for i in range(n):
        parent = b"/Parent %d 0 R " % (i + 1) if i else b""
        tree.append(b"<< /Type /Pages /Kids [%d 0 R] /Count 1 %s>>" % (i + 3, parent))
    tree.append(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] >>" % (n + 1))
    _refused(tmp_path, _pdf(tree), "PDF")


def test_page_with_too_many_objects_is_refused(tmp_path: Path):
    lines = b"".join(b"%d 10 m %d 20 l S\n" % (i % 500, i % 500) for i in range(3000))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(lines) + lines + b"\nendstream",
    ]
    with using(max_pdf_objects=1000):
        _refused(tmp_path, _pdf(objects), "PDF 第1页的绘图对象数超过上限 1,000 个")


def test_pdf_is_recognised_by_content():
    data = (OFFICE / "form_xlsx.pdf").read_bytes()
    assert sniff(data[:4096]) and not sniff(b"%PD")
    assert import_bytes(data, None).format == "pdf"
