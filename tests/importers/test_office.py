"""Office backends (XLSX, XLS, DOCX, HTML): practice files, generated files, jixiao's own reports.

Generated files: every form of tests/data (the seed, the practice form and four
department forms) written by ``officegen`` with openpyxl, xlwt, python-docx and
lxml-free HTML, plain and with each template/program artefact, must import back
field for field with nothing unplaced.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from jixiao.importers import detect, import_bytes, load_form
from jixiao.model import Form
from tests.conftest import SHARED
from tests.importers.officegen import Variant, layout, write, write_docx, write_html
from tests.importers.test_generated import FORMS, compare, load

PRACTICE = SHARED / "examples" / "office" / "practice-1"
PRACTICE_JSON = SHARED / "examples" / "practice-1.json"
COMPARE = SHARED / "tools" / "compare_form.py"


# -- the practice files, measured with the shared tool --------------------------------


@pytest.mark.parametrize("name", ["form.xlsx", "form.docx", "form.html"])
def test_practice_office_file_imports_with_nothing_unplaced(name: str, tmp_path: Path) -> None:
    result = load_form(PRACTICE / name)
    assert result.unplaced == [], [u.describe() for u in result.unplaced]
    assert not result.truncated
    out = tmp_path / "out.json"
    out.write_text(result.form.to_shared_json(), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, str(COMPARE), str(PRACTICE_JSON), str(out), "--min-f1", "0.99"],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "F1 1.0000" in run.stdout, run.stdout


def test_practice_files_are_sniffed_by_content_not_extension() -> None:
    for name, fmt in (("form.xlsx", "xlsx"), ("form.docx", "docx"), ("form.html", "html")):
        data = (PRACTICE / name).read_bytes()
        assert detect(data, "upload.bin").name == fmt
        assert detect(data, None).name == fmt
    # A workbook misnamed .docx is still a workbook.
    assert detect((PRACTICE / "form.xlsx").read_bytes(), "x.docx").name == "xlsx"


def test_provenance_names_the_source_cell() -> None:
    form = load_form(PRACTICE / "form.xlsx").form
    ref = form.funds.source("execution_rate")
    assert ref.address == "部门整体支出绩效自评表!C7"
    assert ref.describe() == "工作表「部门整体支出绩效自评表」C7单元格"
    assert form.tasks[0].indicators[1].source("completion").address.endswith("!E24")
    dform = load_form(PRACTICE / "form.docx").form
    dref = dform.key_indicators[0].source("completion")
    assert (dref.table, dref.row, dref.col) == (1, 9, 4)  # the title and unit are paragraphs
    assert dref.describe() == "第1个表格第9行第4列"
    hform = load_form(PRACTICE / "form.html").form
    href = hform.tasks[1].source("funds")
    assert href.table == 1 and href.col == 6


# -- generated files ------------------------------------------------------------------


def _check(name: str, fmt: str, v: Variant, seed: int, tmp_path: Path) -> None:
    gold = load(name)
    path = write(Form.from_shared(gold), fmt, v, tmp_path, seed)
    result = import_bytes(path.read_bytes(), str(path))
    f1, misses = compare(gold, result.form.to_shared())
    unplaced = [f"{u.describe()} {u.text[:30]}" for u in result.unplaced]
    assert f1 == 1.0 and not unplaced, f"{name} {fmt} {v}: F1 {f1}\n" + "\n".join(
        misses[:15] + unplaced[:10]
    )
    assert not result.truncated


@pytest.mark.parametrize("fmt", ["xlsx", "xls", "docx", "html"])
@pytest.mark.parametrize("name", sorted(FORMS))
def test_generated_plain_and_every_artefact(name: str, fmt: str, tmp_path: Path) -> None:
    _check(name, fmt, Variant.plain(), 0, tmp_path)
    _check(name, fmt, Variant.all(), 1, tmp_path)


@pytest.mark.parametrize("fmt", ["xlsx", "xls", "docx", "html"])
@pytest.mark.parametrize("seed", range(3))
def test_generated_random_artefacts(fmt: str, seed: int, tmp_path: Path) -> None:
    rng = random.Random(f"{fmt}-{seed}")
    for name in sorted(FORMS):
        _check(name, fmt, Variant.random(rng), seed, tmp_path)


# -- each backend's own artefacts, one at a time --------------------------------------


@pytest.fixture
def street() -> Form:
    return Form.from_shared(load("street"))


def test_xlsx_form_away_from_a1_with_blank_column(street: Form, tmp_path: Path) -> None:
    v = Variant(row0=4, col0=2, blank_col=3)
    path = write(street, "xlsx", v, tmp_path)
    result = load_form(path)
    assert result.form.funds.source("annual_budget").address.endswith("!E8")  # C+2, 3+4+1
    assert compare(load("street"), result.form.to_shared())[0] == 1.0


def test_xlsx_hidden_rows_and_columns_are_left_out_and_reported(
    street: Form, tmp_path: Path
) -> None:
    path = write(street, "xlsx", Variant(hidden=True), tmp_path)
    result = load_form(path)
    assert result.unplaced == []
    text = " ".join(result.warnings)
    assert "隐藏的行或列" in text and "2 个单元格" in text
    assert "只导入了工作表「部门整体支出绩效自评表」" in text and "「填表说明」" in text


def test_xlsx_numbers_show_through_their_formats(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    base = write(Form.from_shared(load("seed")), "xlsx", Variant(), tmp_path)
    wb = load_workbook(base)
    ws = wb.worksheets[0]
    # The figures typed as a program computes them, with formats as Excel users set them.
    ws["C4"].value, ws["C4"].number_format = 15616.279999999999, "General"
    ws["C7"].value, ws["C7"].number_format = 0.966, "0.0%"
    ws["E4"].value, ws["E4"].number_format = "14,706.12", "@"  # a number stored as text
    ws["E5"].value, ws["E5"].number_format = 910.16, '#,##0.00"万元"'
    wb.save(base)
    funds = load_form(base).form.funds
    assert str(funds.annual_budget) == "15616.28"
    assert str(funds.execution_rate) == "96.6"
    assert str(funds.initial_budget) == "14706.12"
    assert str(funds.adjustment) == "910.16"


def test_docx_split_table_and_repeated_header(street: Form, tmp_path: Path) -> None:
    v = Variant(split=True, header_repeat=True)
    table = layout(street, v, random.Random(0))
    assert table.split_at is not None
    path = write_docx(table, v, tmp_path / "split.docx")
    from docx import Document

    assert len(Document(str(path)).tables) == 2
    result = load_form(path)
    assert compare(load("street"), result.form.to_shared())[0] == 1.0
    assert result.unplaced == []
    refs = {t.source("funds").table for t in result.form.tasks}
    assert refs == {1, 2}


def test_html_gbk_page_with_other_tables(street: Form, tmp_path: Path) -> None:
    v = Variant(gbk=True, extra_tables=True, split=True)
    path = write_html(layout(street, v, random.Random(2)), v, tmp_path / "page.htm")
    assert b"charset=gbk" in path.read_bytes()
    result = load_form(path)
    assert result.format == "html (gb18030)"
    assert compare(load("street"), result.form.to_shared())[0] == 1.0
    assert result.unplaced == []
    assert any("第1个表格（首页…）" in w and "第4个表格（主办" in w for w in result.warnings)


def test_html_rowspan_zero_and_nested_paragraphs() -> None:
    page = """<html><head><meta charset="utf-8"></head><body>
    <p>测试部门整体支出绩效自评表（2023年度）</p><p>单位：万元</p>
    <table>
    <tr><td>部门名称</td><td colspan="5">某某区测试局</td></tr>
    <tr><td rowspan="0">改进措施</td><td colspan="5"><div><p>一是加强管理。</p><p>二是<br>完善制度。</p></div></td></tr>
    </table></body></html>"""
    result = import_bytes(page.encode(), "t.html")
    assert result.form.department == "某某区测试局"
    assert result.form.improvement_measures == "一是加强管理。\n二是\n完善制度。"


# -- jixiao's own reports read back ----------------------------------------------------


@pytest.mark.parametrize("name", ["seed", "practice-1"])
def test_own_reports_import_back(name: str, tmp_path: Path) -> None:
    from jixiao.render import render_html, render_xlsx
    from jixiao.scoring import evaluate

    gold = load(name)
    ev = evaluate(Form.from_shared(gold))
    html_path = tmp_path / "report.html"
    html_path.write_text(render_html(ev), encoding="utf-8")
    xlsx_path = tmp_path / "report.xlsx"
    render_xlsx(ev, xlsx_path)
    for path in (html_path, xlsx_path):
        result = load_form(path)
        f1, misses = compare(gold, result.form.to_shared())
        assert f1 == 1.0, f"{path.name}: {misses[:10]}"
        assert result.unplaced == [], [u.describe() for u in result.unplaced][:5]


def test_compare_json_of_generated_forms_is_exact() -> None:
    # The generator writes every field of the gold: a plain layout has each text once.
    gold = load("health")
    table = layout(Form.from_shared(gold), Variant(), random.Random(0))
    texts = {c.text for c in table.cells if c.text}
    assert gold["department"] in texts
    assert all(k["completion"] in texts for k in gold["key_indicators"] if k["completion"])
    assert json.dumps(gold, ensure_ascii=False)  # the gold itself is plain JSON


# -- files saved by another program ---------------------------------------------------

OTHER = {
    "health-libreoffice.xls": "health",
    "health-libreoffice.xlsx": "health",
    "health-libreoffice-calc.html": "health",
    "education-libreoffice.docx": "education",
    "education-libreoffice-writer.html": "education",
}


@pytest.mark.parametrize("name", sorted(OTHER))
def test_files_saved_by_libreoffice(name: str) -> None:
    """Generated forms opened and saved again by LibreOffice (Calc: xls, xlsx, html; Writer:
    docx, html), kept in tests/data/office: another program's markup, styles and merges."""
    result = load_form(Path(__file__).parent.parent / "data" / "office" / name)
    f1, misses = compare(load(OTHER[name]), result.form.to_shared())
    assert f1 == 1.0, misses[:10]
    assert result.unplaced == [], [u.describe() for u in result.unplaced][:5]


@pytest.mark.parametrize("fmt", ["xlsx", "docx", "html"])
def test_numbering_column_and_continued_names_are_not_content(fmt: str, tmp_path: Path) -> None:
    """A 序号 column (1, 2, 3.1 …, as jixiao's reports print) and a merged task name
    reprinted as 「name（续）」 part-way down the task read as the plain form."""
    gold = load("seed")
    path = write(Form.from_shared(gold), fmt, Variant(numbers=True, continued=True), tmp_path)
    result = load_form(path)
    f1, misses = compare(gold, result.form.to_shared())
    assert f1 == 1.0, misses[:10]
    assert result.unplaced == []
    assert not any(t.name.endswith("（续）") for t in result.form.tasks)
