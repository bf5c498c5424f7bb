"""A note printed under the form's table (注：1.本表金额单位为万元。…) is not form text.

Published forms often end with such notes. They are reported as unplaced, with their
location, and never read into 改进措施, 存在问题 or the last task; the same words
inside the form's fields stay where they are.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from jixiao.importers import load_form
from jixiao.importers.pdf import import_pdf
from jixiao.importers.template import is_note_start
from jixiao.importers.text import import_text
from jixiao.model import Form
from tests.conftest import DATA
from tests.importers.mini import HEAD, TASK_HEADER, mini_form
from tests.importers.officegen import WRITERS, Cell, Variant, layout
from tests.importers.pdfgen import Style, html_document
from tests.importers.test_generated import compare, load

SEED = (DATA / "seed.txt").read_text(encoding="utf-8").rstrip("\n") + "\n"
SEED_LINES = SEED.count("\n")

NOTES = {
    "label and text in two cells": "注：\t1.本表金额单位为万元；2.指标完成情况据实填写。\t\t\t\n",
    "label and text in one cell": "注：1.本表金额单位为万元；2.指标完成情况据实填写。\n",
    "ascii colon": "注:1.本表金额单位为万元。\t\t\t\t\t\n",
    "numbered list on the rows below": (
        "注：\t\t\t\t\t\n"
        "1.本表金额单位为万元。\t\t\t\t\t\n"
        "\t2.“指标完成情况”栏据实填写，不得空缺。\t\t\t\t\n"
        "（3）任务涉及资金为财政资金。\t\t\t\t\t\n"
    ),
    "numbered item right after the label": (
        "注1.本表由部门财务科填报。\t\t\t\t\t\n2.本表一式两份。\t\t\t\t\t\n"
    ),
    "说明": "说明：\t本表数据截至2021年12月31日。\t\t\t\t\n",
    "备注": "备注\t预算完成率=实际支出数/整体支出年度预算数×100%。\t\t\t\t\n",
    "填表说明 with a wrapped line": (
        "填表说明：1.年度关键指标按预算批复填写；\t\t\t\t\t\n"
        "其余栏目按实际完成情况填写。\t\t\t\t\t\n"
    ),
    "after a page break": "\n注：本表金额单位为万元。\t\t\t\t\t\n",
    "with a signature line below": (
        "注：本表金额单位为万元。\t\t\t\t\t\n填表人：张三\t\t审核人：\t\t日期：2022年3月\n"
    ),
}


def texts_of(block: str) -> list[str]:
    return [c for line in block.splitlines() for c in line.split("\t") if c]


def test_the_seed_itself_has_nothing_unplaced() -> None:
    assert import_text(SEED).unplaced == []


@pytest.mark.parametrize("block", NOTES.values(), ids=NOTES.keys())
def test_a_note_under_the_table_is_reported_not_read_into_the_measures(block: str) -> None:
    base = import_text(SEED)
    noted = import_text(SEED + block)
    assert noted.form.to_shared() == base.form.to_shared()
    assert "注" not in noted.form.improvement_measures
    expected = [t for t in texts_of(block) if t not in ("审核人：",)]  # an empty label is furniture
    assert [u.text for u in noted.unplaced] == expected
    for u in noted.unplaced:
        assert u.ref.line > SEED_LINES  # located on the note's own lines
        line = (SEED + block).splitlines()[u.ref.line - 1]
        assert line.split("\t")[u.ref.cell] == u.text
        assert u.describe().startswith(f"第{u.ref.page}页第{u.ref.line}行第{u.ref.cell + 1}格")
    assert noted.warnings == base.warnings


def test_a_note_after_the_tasks_when_problems_and_measures_are_missing() -> None:
    cut = SEED[: SEED.index("存在问题\t")]
    block = "注：\t1.本表金额单位为万元。\t\t\t\t\n\t2.指标完成情况据实填写。\t\t\t\t\n"
    base = import_text(cut)
    noted = import_text(cut + block)
    assert base.truncated and noted.truncated  # the form still lacks its tail
    assert noted.form.to_shared() == base.form.to_shared()
    assert [u.text for u in noted.unplaced] == texts_of(block)
    last = noted.form.tasks[-1]
    assert "本表" not in last.goal_completion + last.expected_goal
    assert all("本表" not in i.completion for i in last.indicators)


def test_the_field_read_from_the_seed_matches_the_gold_with_a_note_below() -> None:
    noted = import_text(SEED + NOTES["numbered list on the rows below"])
    assert compare(load("seed"), noted.form.to_shared())[0] == 1.0


# -- office formats: the note in a row of the sheet or table under the form --------------


@pytest.mark.parametrize("fmt", ["xlsx", "xls", "docx", "html"])
def test_a_note_row_under_an_office_table_is_reported(fmt: str, tmp_path: Path) -> None:
    gold = load("seed")
    table = layout(Form.from_shared(gold), Variant(), random.Random(0))
    first, width = table.nrows, table.ncols
    notes = ["注：1.本表金额单位为万元。", "2.指标完成情况据实填写，不得空缺。"]
    table.cells += [Cell(first + k, 0, text, colspan=width) for k, text in enumerate(notes)]
    path = WRITERS[fmt](table, Variant(), tmp_path / f"noted.{fmt}")
    result = load_form(path)
    assert compare(gold, result.form.to_shared())[0] == 1.0
    assert "本表" not in result.form.improvement_measures
    assert [u.text for u in result.unplaced] == notes
    assert all(u.ref.col == 1 and u.ref.row is not None for u in result.unplaced)
    if fmt in ("xlsx", "xls"):  # the sheet's own rows: the note rows under the table
        addresses = [(u.ref.address or "").split("!")[-1] for u in result.unplaced]
        assert addresses == [f"A{first + 1}", f"A{first + 2}"]


def test_a_note_row_in_a_printed_table_is_reported() -> None:
    """A PDF printed from a table whose last rows are the note, ruled like the rest."""
    from weasyprint import HTML

    gold = load("seed")
    page = html_document(gold, Style())
    notes = ["注：1.本表金额单位为万元。", "2.指标完成情况据实填写，不得空缺。"]
    end = page.rindex("</tbody></table>")
    rows = "".join(f'<tr><td colspan="6">{text}</td></tr>' for text in notes)
    result = import_pdf(HTML(string=page[:end] + rows + page[end:]).write_pdf())
    assert compare(gold, result.form.to_shared())[0] == 1.0
    assert [u.text for u in result.unplaced] == notes
    first, second = (u.ref for u in result.unplaced)  # the rows under 改进措施, on its page
    measures = result.form.provenance["improvement_measures"]
    assert first.page == second.page == measures.page and first.table == measures.table
    assert (first.col, second.col, second.row) == (1, 1, first.row + 1) and first.row > measures.row


# -- the same words inside the form stay where they are ----------------------------------


def test_a_note_label_inside_the_measures_stays_in_the_measures() -> None:
    text = SEED + "\t注：以上措施自2022年起逐项落实，年底前完成。\t\t\t\t\n"
    result = import_text(text)
    assert result.unplaced == []
    assert result.form.improvement_measures.endswith(
        "\n注：以上措施自2022年起逐项落实，年底前完成。"
    )


def test_a_note_mark_mid_text_is_part_of_the_text() -> None:
    tail = "存在问题\t基层医务人员仍然不足（注：缺口约30人）。\t\t\t\t\n改进措施\t加大基层人才招引力度。\t\t\t\t\n"
    text = mini_form("公共卫生\t目标\t完成\t数量指标\t接种2万人次\t300\n").replace(
        "存在问题\t基层医务人员仍然不足。\t\t\t\t\n改进措施\t加大基层人才招引力度。\t\t\t\t\n", tail
    )
    result = import_text(text)
    assert result.unplaced == []
    assert result.form.problems == "基层医务人员仍然不足（注：缺口约30人）。"


def test_a_task_named_like_a_note_label_is_a_task() -> None:
    """Tasks are the form's last section here (存在问题 and 改进措施 are missing)."""
    rows = (
        "疫苗接种\t完成全区接种任务\t已完成\t数量指标\t接种2万人次\t300\n"
        "说明会组织\t举办政策说明会3场\t举办4场\t数量指标\t说明会4场\t20\n"
        "\t说明：覆盖全区各街道。\t\t\t\t\n"
        "备注信息管理\t完善备注信息\t已完善\t质量指标\t信息准确率100%\t5\n"
    )
    result = import_text(HEAD + TASK_HEADER + rows)
    assert result.unplaced == []
    tasks = result.form.tasks
    assert [t.name for t in tasks] == ["疫苗接种", "说明会组织", "备注信息管理"]
    assert tasks[1].expected_goal == "举办政策说明会3场\n说明：覆盖全区各街道。"


@pytest.mark.parametrize(
    ("text", "note"),
    [
        ("注：", True),
        ("注:1.本表金额单位为万元。", True),
        ("注1.本表由部门财务科填报。", True),
        ("注（1）本表金额单位为万元。", True),
        ("说明：本表数据截至年底。", True),
        ("备注", True),
        ("填表说明：", True),
        ("说明一、本表金额单位为万元。", True),
        ("说明会组织", False),
        ("注册企业培育", False),
        ("注意事项宣传", False),
        ("说明2场", False),
        ("注1.5万元", False),
        ("详见注：", False),
        ("备注栏", False),
    ],
)
def test_note_labels(text: str, note: bool) -> None:
    assert is_note_start(text) is note
