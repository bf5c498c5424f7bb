"""Other departments' files made the way the practice files were made (the held-out corpus).

``practicegen`` writes a form in the practice files' template; ``heldout`` builds
the corpus from nine departments' forms (``tests/data/heldout/README.md``) with
LibreOffice and Chromium, which the tests do not run: a selection of the files
it made is committed under ``tests/data/office/heldout/`` and must import with
F1 ≥ 0.99 (``shared/tools/compare_form.py``) and nothing unplaced.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from jixiao.importers import load_form
from jixiao.importers.webpage import import_html
from tests.conftest import DATA, SHARED
from tests.importers.practicegen import TASK_HEAD, Setup, layout, write
from tests.importers.test_generated import compare

PRACTICE = SHARED / "examples" / "office" / "practice-1"
PRACTICE_GOLD = json.loads((SHARED / "examples" / "practice-1.json").read_text(encoding="utf-8"))
HELDOUT = DATA / "office" / "heldout"
MANIFEST = json.loads((HELDOUT / "manifest.json").read_text(encoding="utf-8"))
COMPARE = SHARED / "tools" / "compare_form.py"
ROOT = DATA.parent.parent


# -- the generator makes the practice files again -----------------------------------------


def test_practicegen_writes_the_practice_workbook_again(tmp_path: Path) -> None:
    ours = openpyxl.load_workbook(write(PRACTICE_GOLD, "xlsx", Setup(), tmp_path / "p.xlsx"))
    theirs = openpyxl.load_workbook(PRACTICE / "form.xlsx")
    a, b = ours.active, theirs.active
    assert sorted(map(str, a.merged_cells.ranges)) == sorted(map(str, b.merged_cells.ranges))
    assert [x.id for x in a.row_breaks.brk] == [x.id for x in b.row_breaks.brk]
    values = [[c.value for c in row] for row in a.iter_rows()]
    assert values == [[c.value for c in row] for row in b.iter_rows()]
    widths = [a.column_dimensions[c].width for c in "ABCDEF"]
    assert widths == [b.column_dimensions[c].width for c in "ABCDEF"]
    assert a.print_title_rows == b.print_title_rows
    assert (a.page_setup.orientation, a.page_setup.scale) == ("landscape", 85)
    heights = [a.row_dimensions[r].height for r in range(1, a.max_row + 1)]
    practice = [b.row_dimensions[r].height for r in range(1, b.max_row + 1)]
    assert all(h >= p for h, p in zip(heights, practice, strict=True))  # room for every line


def test_practicegen_writes_the_practice_page_and_document_again(tmp_path: Path) -> None:
    page = write(PRACTICE_GOLD, "html", Setup(), tmp_path / "p.html").read_text(encoding="utf-8")
    assert page == (PRACTICE / "form.html").read_text(encoding="utf-8")
    ours = load_form(write(PRACTICE_GOLD, "docx", Setup(), tmp_path / "p.docx"))
    theirs = load_form(PRACTICE / "form.docx")
    assert ours.form.to_shared() == theirs.form.to_shared()
    refs = [(k.source("name").row, k.source("name").col) for k in ours.form.key_indicators]
    assert refs == [
        (k.source("name").row, k.source("name").col) for k in theirs.form.key_indicators
    ]


def test_practicegen_restarts_the_key_label_on_the_page_it_goes_on_to() -> None:
    gold = json.loads((DATA / "heldout" / "culture.json").read_text(encoding="utf-8"))
    lay = layout(gold, Setup(), paged=True)
    keys = [c for c in lay.cells if c.text == "年度关键指标" and c.col == 0]
    assert len(keys) == 2  # 20 key indicators do not fit under the top of the form
    assert lay.breaks[0] == keys[1].row - 1  # the label starts again after the break
    assert keys[0].row + keys[0].rowspan == keys[1].row


# -- a table going on with its header printed again ---------------------------------------


def test_a_table_going_on_with_its_header_printed_again_is_read_with_the_form(
    tmp_path: Path,
) -> None:
    # The last page of a printed sheet holds the task header (the print titles) and
    # 改进措施 alone; saved as a page, that is a second table after the 存在问题 row.
    page = write(PRACTICE_GOLD, "html", Setup(), tmp_path / "p.html").read_text(encoding="utf-8")
    header = "<tr>" + "".join(f'<td class="h">{t}</td>' for t in TASK_HEAD) + "</tr>"
    assert header in page
    last = page.index('<tr><td class="c">改进措施</td>')
    split = page[:last] + '</table>\n<table border="1">' + header + page[last:]
    result = import_html(split.encode("utf-8"), "split.html")
    assert result.form.improvement_measures == PRACTICE_GOLD["improvement_measures"]
    assert result.warnings == [] and result.unplaced == [] and not result.truncated


# -- the held-out files -------------------------------------------------------------------


def test_the_held_out_folder_holds_what_its_manifest_lists() -> None:
    files = {m["file"] for m in MANIFEST}
    on_disk = {p.name for p in HELDOUT.iterdir() if p.name not in ("manifest.json", "README.md")}
    assert files == on_disk
    kinds = {re.sub(r"^[a-z]+-[a-z-]+?(?=[._])", "", m["file"]) for m in MANIFEST}
    assert {"_xlsx.pdf", "_docx.pdf", "_html_chromium.pdf", ".xlsx", ".docx", ".html"} <= kinds
    assert len({m["gold"] for m in MANIFEST}) >= 8


@pytest.mark.parametrize("entry", MANIFEST, ids=[m["file"] for m in MANIFEST])
def test_held_out_file_imports_at_f1_099_with_nothing_unplaced(entry: dict, tmp_path: Path) -> None:
    result = load_form(HELDOUT / entry["file"])
    assert result.unplaced == [], [u.describe() for u in result.unplaced]
    assert not result.truncated
    out = tmp_path / "out.json"
    out.write_text(result.form.to_shared_json(), encoding="utf-8")
    gold = ROOT / entry["gold"]
    run = subprocess.run(
        [sys.executable, str(COMPARE), str(gold), str(out), "--min-f1", "0.99"],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr + entry["made"]
    # The same measure in-process, with the fields that differ.
    f1, misses = compare(json.loads(gold.read_text(encoding="utf-8")), result.form.to_shared())
    assert f1 >= 0.99, misses[:10]
