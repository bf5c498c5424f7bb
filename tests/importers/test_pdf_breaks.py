"""PDF page breaks as word processors, spreadsheets and browsers print them.

Each test prints a short form over two pages (``pdfgen.two_pages``) with one
artefact the held-out prints showed (``tests/importers/heldout.py``), at the
place where it occurs: the foot of page 1 and the top of page 2.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pypdf
import pytest

from jixiao.importers.pdf import import_pdf
from jixiao.importers.pdf_grid import page_grid, side_by_side
from jixiao.importers.pdf_read import read_pages
from tests.conftest import DATA
from tests.importers.pdfgen import side_by_side_pdf, two_pages
from tests.importers.practicegen import Setup, write
from tests.importers.test_generated import compare


def _task(data: bytes, name: str = "任务乙"):
    result = import_pdf(data)
    assert result.unplaced == [], [u.describe() for u in result.unplaced]
    tasks = [t for t in result.form.tasks if t.name == name]
    assert [t.name for t in result.form.tasks][:2] == ["任务甲", name]
    return tasks[0], result


def test_a_label_and_a_figure_wrapped_over_the_break_are_one_cell_each():
    # A word processor lets a row break across pages: each cell goes on where its
    # text wrapped, a narrow category in the middle of its label (可持续影响 | 指标), a
    # narrow funds cell in the middle of its figure (64,850, | 912.80), and a completion
    # just before the figure that did not fit on its last line (审减率 | 6.8%).
    cut = (
        '<tr><td class="cut">任务乙</td><td class="cut">控制项目成本</td>'
        '<td class="cut">成本得到控制</td><td class="cut">可持续影响</td>'
        '<td class="cut">项目成本控制在批复概算以内，结算审减率</td>'
        '<td class="cut">64,850,</td></tr>'
    )
    rest = "<tr><td></td><td></td><td></td><td>指标</td><td>6.8%</td><td>912.80</td></tr>"
    task, _ = _task(two_pages(cut, rest))
    assert [(i.category, i.completion) for i in task.indicators] == [
        ("可持续影响指标", "项目成本控制在批复概算以内，结算审减率6.8%")
    ]
    assert str(task.funds) == "64850912.80"


def test_a_figure_starting_a_new_row_is_not_joined_to_a_finished_text():
    # The same print, but the text above ends a sentence: the figure below is a new row.
    cut = (
        '<tr><td class="cut">任务乙</td><td class="cut">控制项目成本</td>'
        '<td class="cut">成本得到控制</td><td class="cut">成本指标</td>'
        '<td class="cut">项目成本控制在批复概算以内，未超支。</td>'
        '<td class="cut">50.00</td></tr>'
    )
    rest = "<tr><td></td><td></td><td></td><td></td><td>6.8%</td><td></td></tr>"
    task, _ = _task(two_pages(cut, rest))
    assert [i.completion for i in task.indicators] == [
        "项目成本控制在批复概算以内，未超支。",
        "6.8%",
    ]


GOAL = "落实任务乙的第一段目标文字共二十八字写满两行。第二段目标写在下一页上。"


def _clipped(text: str, height: float, shift: float = 0.0) -> str:
    """A cell's text drawn whole but clipped to ``height`` points, moved up ``shift``."""
    inner = f'<div style="margin-top:{-shift}pt">{text}</div>'
    return f'<div class="clip" style="height:{height}pt">{inner}</div>'


def test_a_merged_cell_clipped_on_both_pages_is_one_cell():
    # A spreadsheet program does not break rows but cuts merged cells: it draws a
    # merged cell whole on both pages, each time clipped to its part on that page.
    # Here the goal is cut between its two paragraphs (nothing shows it is cut but
    # the clip), the name falls wholly on page 2 and the funds wholly on page 1.
    first, rest = GOAL.split("。", 1)
    goal = f"{first}。<br>{rest}"
    cut = (
        f"<tr><td>{_clipped('任务乙名称', 29, -40)}</td><td>{_clipped(goal, 29)}</td>"
        f"<td>{_clipped('完成乙', 29)}</td><td>生态效益指标</td><td>完成甲项</td>"
        f"<td>{_clipped('120.00', 29)}</td></tr>"
    )
    rest_row = (
        f"<tr><td>{_clipped('任务乙名称', 29)}</td><td>{_clipped(goal, 29, 29)}</td>"
        f"<td>{_clipped('完成乙', 29, 29)}</td><td>社会效益指标</td><td>完成乙项</td>"
        f"<td>{_clipped('120.00', 29, 29)}</td></tr>"
    )
    data = two_pages(cut, rest_row)
    pages = list(read_pages(data))
    assert pages[0].hidden and pages[1].hidden  # the clipped-away text is kept apart
    shown = "".join(ch.text for ch in pages[1].chars)
    assert "第一段" not in shown and "120.00" not in shown  # ... and is not printed text
    below = [c.c0 for t in page_grid(pages[0]).tables for c in t.cells if c.cut_below]
    above = [c.c0 for t in page_grid(pages[1]).tables for c in t.cells if c.cut_above]
    assert (below, above) == ([0, 1], [1, 2, 5])  # the columns drawn on over the break
    task, _ = _task(data, "任务乙名称")
    assert "".join(task.expected_goal.split()) == GOAL
    assert [(i.category, i.completion) for i in task.indicators] == [
        ("生态效益指标", "完成甲项"),
        ("社会效益指标", "完成乙项"),
    ]
    assert str(task.funds) == "120.00"


def test_text_running_out_below_the_table_goes_back_to_its_cell():
    # A browser does not clip a cell cut by a page break: its text runs on below the
    # table's bottom edge. Here the edge falls between two lines (the next one does
    # not fit), and the page's footer, in a smaller type, follows right under it.
    text = "落实任务乙的预期目标，文字较长需要四行才能写完，超出表格底边的两行回到单元格"
    box = '<div style="height:47pt;line-height:2">{}</div>'  # lines 20pt apart, 14pt high
    cut = (
        f'<tr><td>任务乙</td><td style="vertical-align:top">{box.format(text)}</td>'
        "<td>完成乙</td><td>数量指标</td><td>完成2项</td><td>80.00</td></tr>"
    )
    footer = (
        '<div style="font-size:6pt;line-height:1;margin:12pt 0 0 70pt">file:///D:/自评表.html</div>'
    )
    rest = "<tr><td>任务丙</td><td>丙的目标</td><td>丙已完成</td><td>数量指标</td><td>完成1项</td><td>20.00</td></tr>"
    data = two_pages(cut, rest, footer=footer)
    table = page_grid(next(iter(read_pages(data)))).tables[0]
    goal_cell = next(c for c in table.cells if c.r0 == table.nrows - 1 and c.c0 == 1)
    assert goal_cell.lines[-1].bottom > table.bottom  # the text did run out of the table
    result = import_pdf(data)
    assert result.unplaced == []
    task = next(t for t in result.form.tasks if t.name == "任务乙")
    assert "".join(task.expected_goal.split()) == text  # whole, and without the footer
    assert [t.name for t in result.form.tasks] == ["任务甲", "任务乙", "任务丙"]


def test_a_line_across_the_table_edge_is_read_whole_and_in_order():
    # The table's bottom edge runs through a line of overflowing text: the characters
    # printed a little lower (a figure set lower) fall below it, the others above.
    shifted = '<span style="position:relative;top:4pt">1.2</span>'
    text = (
        f"加快推进中小学校建设全年新建改扩建学校十二所，新增公办学位{shifted}万个以上，缓解入学压力"
    )
    box = f'<div style="height:51pt;line-height:2">{text}</div>'
    cut = (
        f'<tr><td>任务乙</td><td style="vertical-align:top">{box}</td>'
        "<td>完成乙</td><td>数量指标</td><td>完成2项</td><td>80.00</td></tr>"
    )
    rest = "<tr><td>任务丙</td><td>丙的目标</td><td>丙已完成</td><td>数量指标</td><td>完成1项</td><td>20.00</td></tr>"
    data = two_pages(cut, rest)
    table = page_grid(next(iter(read_pages(data)))).tables[0]
    below = [ch.text for ch in next(iter(read_pages(data))).chars if ch.cy > table.bottom]
    assert "1" in below and "万" not in below  # the edge does cut the line
    task = next(t for t in import_pdf(data).form.tasks if t.name == "任务乙")
    assert (
        task.expected_goal
        == "加快推进中小学校建设全年新建改扩建学校十二所，新增公办学位1.2万个以上，缓解入学压力"
    )


def test_a_page_is_full_when_its_last_row_leaves_less_room_than_a_line():
    # A word processor cuts a row where the next line no longer fits: the table then
    # ends up to a line pitch (not a line's height) short of the deepest table, here
    # page 2's. The wrapped label is still read as cut by the break.
    cut = (
        '<tr><td class="cut">任务乙</td><td class="cut">控制项目成本</td>'
        '<td class="cut">成本得到控制</td><td class="cut">可持续影响</td>'
        '<td class="cut">结算审减率6.8%</td><td class="cut">50.00</td></tr>'
    )

    def printed(filler: float) -> bytes:
        rest = (
            "<tr><td></td><td></td><td></td><td>指标</td><td></td><td></td></tr>"
            f'<tr style="height:{filler:.1f}pt"><td>任务丙</td><td>丙的目标</td>'
            "<td>丙已完成</td><td>数量指标</td><td>完成1项</td><td>20.00</td></tr>"
        )
        return two_pages(cut, rest)

    def bottoms(data: bytes) -> list[float]:
        return [page_grid(p).tables[0].bottom for p in read_pages(data)]

    first, second = bottoms(printed(20))
    one_line = 14.5  # 10 pt type, line height 1.45; a lone line's pitch is taken as 1.5 lines
    data = printed(20 + first - second + 1.25 * one_line)
    first, second = bottoms(data)
    assert one_line < second - first < 1.5 * one_line
    task, _ = _task(data)
    assert [i.category for i in task.indicators] == ["可持续影响指标"]


@pytest.mark.parametrize("over_then_down", [False, True])
def test_a_sheet_too_wide_for_the_paper_is_laid_side_by_side_again(
    over_then_down: bool, tmp_path: Path
):
    # Printed at 100 % the form does not fit across the page: the program prints the
    # left and the right columns on pages of their own, a cell crossing the edge drawn
    # on both and clipped at it, in the order down then over or over then down.
    gold = json.loads((DATA / "heldout" / "changzhou.json").read_text(encoding="utf-8"))
    page = write(gold, "html", Setup(), tmp_path / "form.html").read_text(encoding="utf-8")
    data = side_by_side_pdf(page, over_then_down)
    pages = list(read_pages(data))
    assert len(pages) == 4 and all(p.hidden for p in pages)
    result = import_pdf(data)
    assert compare(gold, result.form.to_shared())[0] == 1.0
    assert result.unplaced == []
    joined = "第1、2页；第3、4页" if over_then_down else "第1、3页；第2、4页"
    assert any("表格过宽" in w and joined in w for w in result.warnings)


def test_pages_cut_at_their_right_edge_with_no_pages_beside_them_are_read_as_printed(
    tmp_path: Path,
):
    gold = json.loads((DATA / "heldout" / "changzhou.json").read_text(encoding="utf-8"))
    page = write(gold, "html", Setup(), tmp_path / "form.html").read_text(encoding="utf-8")
    left_half = pypdf.PdfWriter(clone_from=io.BytesIO(side_by_side_pdf(page)))
    while len(left_half.pages) > 2:
        left_half.remove_page(2)  # the right-hand pages were not published
    out = io.BytesIO()
    left_half.write(out)
    pages = list(read_pages(out.getvalue()))
    assert side_by_side(pages) == (pages, [])


def test_a_label_cut_in_the_middle_goes_on_while_its_row_ends():
    # A category merged over two rows, its two indicators on either side of the break:
    # the label is cut in the middle of a word (经济效益指 | 标), the first row's
    # completion ends above the break and the second row's starts below it.
    cut = (
        '<tr><td class="cut">任务乙</td><td class="cut">促进消费</td>'
        '<td class="cut">消费增长</td><td class="cut" style="width:48pt">经济效益指</td>'
        '<td class="cut">带动消费增长。</td><td class="cut">30.00</td></tr>'
    )
    rest = "<tr><td></td><td></td><td></td><td>标</td><td>新增就业岗位30个</td><td></td></tr>"
    task, _ = _task(two_pages(cut, rest))
    assert [(i.category, i.completion) for i in task.indicators] == [
        ("经济效益指标", "带动消费增长。"),
        ("经济效益指标", "新增就业岗位30个"),
    ]
