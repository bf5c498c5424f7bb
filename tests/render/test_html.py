"""render_html: every form text, merged cells, notes, summary, escaping, no network."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from jixiao.checks.types import Finding, Severity
from jixiao.model import Form, Indicator, KeyIndicator, Task
from jixiao.render import render_html
from jixiao.scoring.types import Evaluation, Score

from .conftest import load_form, make_evaluation
from .helpers import cell_with, form_cells, squash, visible_text


def _texts(form: Form) -> list[str]:
    out = [form.title, form.unit, form.department, form.overall_goal, form.overall_goal_completion]
    out += [form.problems, form.improvement_measures]
    for k in form.key_indicators:
        out += [k.name, k.expected_value, k.completion]
    for t in form.tasks:
        out += [t.name, t.expected_goal, t.goal_completion]
        for i in t.indicators:
            out += [i.category, i.completion]
    return [t for t in out if t.strip()]


def _empty_eval(form: Form) -> Evaluation:
    score = Score(
        scheme="x", total=Decimal(0), upper=Decimal(0), grade="差", grade_upper="差", parts=[]
    )
    return Evaluation(form=form, verdicts=[], findings=[], score=score)


def test_every_text_of_the_seed_is_shown(seed_eval: Evaluation) -> None:
    text = visible_text(render_html(seed_eval))
    texts = _texts(seed_eval.form)
    assert len(texts) > 150
    missing = [t for t in texts if squash(t) not in text]
    assert not missing


def test_every_text_of_the_practice_form_is_shown(practice_eval: Evaluation) -> None:
    text = visible_text(render_html(practice_eval))
    assert all(squash(t) in text for t in _texts(practice_eval.form))


def test_document_is_chinese_self_contained_and_titled(seed_eval: Evaluation) -> None:
    doc = render_html(seed_eval)
    assert doc.startswith("<!DOCTYPE html>")
    assert '<html lang="zh-CN">' in doc
    assert not re.search(r"https?://", doc)
    assert not re.search(r"<(script|link|img|iframe)\b|@import|url\(", doc)
    assert "黄埔区广州开发区部门整体支出绩效自评表（2021年度）" in doc
    assert "@page" in doc and "A4" in doc


def test_money_and_rates_are_formatted(seed_eval: Evaluation) -> None:
    cells = form_cells(render_html(seed_eval))
    shown = [squash(c.text) for c in cells if "money" in c.html_classes or "rate" in c.html_classes]
    for value in ("15,616.28", "14,706.12", "15,084.89", "910.16", "12,667.57", "96.60%", "6.19%"):
        assert any(s.startswith(value) for s in shown), value
    assert "446.05" in shown and "65.00" in shown  # task funds, two decimals


def test_funds_section_pairs_two_label_value_cells_per_row(seed_eval: Evaluation) -> None:
    cells = form_cells(render_html(seed_eval))
    label = cell_with(cells, "部门资金情况")
    assert label.rowspan == 4
    texts = [squash(c.text) for c in cells]
    i = texts.index("整体支出年度预算数")
    assert texts[i : i + 4] == [
        "整体支出年度预算数",
        "15,616.28",
        "整体支出年初预算数",
        "14,706.12",
    ]
    j = texts.index("预算完成率")
    assert texts[j + 2] == "预算调整率"


def test_task_name_merges_over_consecutive_tasks_sharing_it(seed_eval: Evaluation) -> None:
    form = seed_eval.form
    cells = form_cells(render_html(seed_eval))
    names = [c for c in cells if "name" in c.html_classes]
    # 15 tasks, runs: 2 + 1 + 1 + 1 + 1 + 1 + 1 + 3 + 3 + 1 names
    assert len(names) == 10
    first = names[0]
    assert squash(first.text) == "坚持党建引领加强基层组织建设"
    assert first.rowspan == len(form.tasks[0].indicators) + len(form.tasks[1].indicators) == 11
    # goal and completion cells span their own task's indicator rows
    for t in form.tasks:
        if t.expected_goal:
            goal = cell_with(cells, t.expected_goal)
            assert goal.rowspan == max(1, len(t.indicators))
        if t.goal_completion:
            assert cell_with(cells, t.goal_completion).rowspan == max(1, len(t.indicators))


def test_name_cell_is_not_merged_across_a_different_task() -> None:
    form = Form(
        department="某区某局",
        tasks=[
            Task(name="甲任务", indicators=[Indicator(category="数量指标", completion="完成3项")]),
            Task(name="乙任务", indicators=[Indicator(category="质量指标", completion="合格")]),
            Task(name="甲任务", indicators=[Indicator(category="时效指标", completion="按时")]),
            Task(name="甲任务", expected_goal="无指标的子任务"),
        ],
    )
    cells = form_cells(render_html(_empty_eval(form)))
    names = [(squash(c.text), c.rowspan) for c in cells if "name" in c.html_classes]
    assert names == [("甲任务", 1), ("乙任务", 1), ("甲任务", 2)]
    assert cell_with(cells, "无指标的子任务").rowspan == 1


def test_markup_in_form_text_is_escaped() -> None:
    form = Form(
        department='某局"><img src=x onerror=alert(1)>',
        key_indicators=[
            KeyIndicator(
                name="满意度", expected_value="≥90%", completion="<script>alert('x')</script>95%"
            )
        ],
        problems="A & B <b>加粗</b>",
    )
    doc = render_html(_empty_eval(form))
    assert "<script>" not in doc and "<img" not in doc and "<b>" not in doc
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;95%" in doc
    assert "A &amp; B &lt;b&gt;加粗&lt;/b&gt;" in doc
    assert "onerror=alert(1)&gt;" in doc and "&#34;&gt;" in doc


def test_paragraphs_of_a_cell_are_separate(seed_form: Form) -> None:
    seed_form.problems = "一是预算编制不够精准；\n二是绩效目标设置不够细化。\n"
    doc = render_html(_empty_eval(seed_form))
    assert "<p>一是预算编制不够精准；</p><p>二是绩效目标设置不够细化。</p>" in doc


def test_verdict_badges_sit_in_the_cell_they_judge(practice_eval: Evaluation) -> None:
    form = practice_eval.form
    cells = form_cells(render_html(practice_eval))
    k5 = cell_with(cells, form.key_indicators[5].completion)
    assert "未达成" in k5.text and "完成值87.6%低于目标≥90%" in k5.text
    assert "st-bad" in k5.html_classes
    k7 = cell_with(cells, form.key_indicators[7].completion)
    assert "无法判断" in k7.text and "st-doubt" in k7.html_classes
    k0 = cell_with(cells, form.key_indicators[0].completion)
    assert "达成" in k0.text and "未达成" not in k0.text
    # the key indicator's name cell carries no badge
    assert squash(cell_with(cells, form.key_indicators[5].name).text) == squash(
        form.key_indicators[5].name
    )


def test_findings_are_marked_in_the_cell_they_point_to(practice_eval: Evaluation) -> None:
    form = practice_eval.form
    cells = form_cells(render_html(practice_eval))
    rate = next(c for c in cells if "rate" in c.html_classes and "9.90%" in c.text)
    assert "错误" in rate.text and "10.99%" in rate.text
    share = cell_with(cells, form.tasks[2].indicators[1].completion)
    assert "警告" in share.text and "参保率103%超过100%" in share.text
    # an empty completion still gets its mark
    empty = [c for c in cells if "可持续影响指标的完成情况为空" in c.text]
    assert len(empty) == 1 and "text" in empty[0].html_classes
    # the funds cell next to it is untouched
    assert "错误" not in cell_with(cells, "95.64%").text


def test_summary_shows_interval_grade_parts_findings_and_overrides(
    practice_eval: Evaluation,
) -> None:
    doc = render_html(practice_eval)
    summary = doc[doc.index('<section class="summary"') : doc.index('<section class="form"')]
    text = visible_text(summary)
    s = practice_eval.score
    assert s.pending == 1 and s.total != s.upper
    assert squash(s.display()) in text and "得分区间" in text
    assert "错误2" in text and "警告1" in text and "提示0" in text
    # a score override keeps the verdict; the task indicator verdict counts too
    assert "已达成8未达成2无法判断2" in text
    for p in s.parts:
        assert p.name in text
    assert "王复核" in text and "结案率接近目标，酌情给一半分" in text and "给2.00分" in text
    assert "预算调整率" in text  # where the error is, in words


def test_override_shows_reviewer_in_the_cell(seed_eval: Evaluation) -> None:
    cells = form_cells(render_html(seed_eval))
    c = cell_with(cells, seed_eval.form.key_indicators[0].completion)
    assert "复核" in c.text and "李审核" in c.text and "改判为已达成" in c.text


def test_finding_on_an_unknown_path_is_still_listed(seed_form: Form) -> None:
    ev = _empty_eval(seed_form)
    ev.findings.append(
        Finding(
            rule="x.y",
            severity=Severity.WARNING,
            path="attachments[2]",
            message="附件缺失，无法核对",
        )
    )
    doc = render_html(ev)
    assert "附件缺失，无法核对" in doc


def test_empty_form_renders_a_blank_table() -> None:
    doc = render_html(_empty_eval(Form()))
    cells = form_cells(doc)
    assert cell_with(cells, "年度关键指标").rowspan == 2
    assert any(squash(c.text) == "主要任务" for c in cells)
    assert "部门整体支出绩效自评表" in doc


def test_every_table_row_covers_seven_columns(seed_eval: Evaluation) -> None:
    """Rebuild the grid from rowspans/colspans: no row is short or overfull."""
    from .helpers import _CellParser

    doc = render_html(seed_eval)
    rows: list[list[tuple[int, int]]] = []
    for table in re.findall(r'<table class="form.*?</table>', doc, re.S):
        for tr in re.findall(r"<tr>.*?</tr>", table, re.S):
            p = _CellParser()
            p.feed(f'<table class="form">{tr}</table>')
            rows.append([(c.rowspan, c.colspan) for c in p.cells])
    taken: dict[int, int] = {}
    for r, row in enumerate(rows):
        width = taken.pop(r, 0) + sum(cs for _, cs in row)
        assert width == 7, (r, row)  # 序号 + the six of the official table
        for rs, cs in row:
            for k in range(1, rs):
                taken[r + k] = taken.get(r + k, 0) + cs
    assert not taken


def test_practice_and_seed_evaluations_are_independent() -> None:
    a = make_evaluation(
        load_form("seed.json"), not_met={}, undetermined={}, findings=[], overrides={}
    )
    doc = render_html(a)
    assert "检查发现（" not in doc  # no findings table when there are none
    assert "错误 0" in doc


# -- the real evaluations of the seed and the practice form ------------------------------


@pytest.fixture(scope="module", params=["seed.json", "practice-1.json"])
def real_eval(request: pytest.FixtureRequest) -> Evaluation:
    from jixiao.scoring import evaluate

    return evaluate(load_form(request.param))


def _ids(doc: str) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', doc))


def test_every_finding_links_to_its_cell_and_the_cell_links_back(real_eval: Evaluation) -> None:
    doc = render_html(real_eval)
    ids = _ids(doc)
    items = re.findall(r'<li id="(f-\d+)" class="finding[^"]*">(.*?)</li>', doc, re.S)
    assert len(items) == len(real_eval.findings) > 0
    for fid, body in items:
        target = re.search(r'<a href="#([^"]+)">', body)
        assert target and target.group(1) in ids, (fid, body)
        # the element it leads to carries a mark that leads back to this finding
        start = doc.index(f'id="{target.group(1)}"')
        end = doc.index("</t", start) if target.group(1) != "c-form" else doc.index("</header>")
        assert f'href="#{fid}"' in doc[start:end], fid


def test_people_see_rule_names_and_places_not_ids_and_paths(real_eval: Evaluation) -> None:
    from jixiao.checks import RULES

    doc = render_html(real_eval)
    text = visible_text(doc)
    for f in real_eval.findings:
        assert squash(RULES[f.rule].title) in text
        assert f.rule not in text  # the id stays in the JSON
    assert "tasks[" not in text and "key_indicators[" not in text
    assert "第" in text and "项主要任务" in text


def test_the_score_can_be_checked_item_by_item(real_eval: Evaluation) -> None:
    from jixiao.scoring.types import format_points

    doc = render_html(real_eval)
    s = real_eval.score
    table = doc[doc.index('<table class="list items cards">') :]
    table = table[: table.index("</table>")]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)[1:]
    assert len(rows) == len(s.items)
    for row, item in zip(rows, s.items, strict=True):
        text = visible_text(row)
        shown = "待复核" if item.pending else format_points(item.points)
        assert squash(shown) in text and squash(format_points(item.weight)) in text
        assert squash(item.basis) in text and item.basis
        if item.verdict is not None:
            assert item.verdict.label in text
    text = visible_text(doc)
    for p in s.parts:
        for case, rule in p.rules:
            assert squash(f"{case}：{rule}") in text
    for band in s.bands:
        assert band.name in text
    assert squash(s.display()) in text
    if s.is_interval:
        assert f"有{s.pending}项待复核，得分是一个区间" in text


def test_practice_partial_credit_is_spelled_out() -> None:
    from jixiao.scoring import evaluate

    ev = evaluate(load_form("practice-1.json"))
    text = visible_text(render_html(ev))
    # 劳动人事争议仲裁结案率: 87.6% against ≥90% earns 97.33% of 90/11 points
    assert "定量指标未达成：完成比例×分值" in text
    assert "完成比例97.33%×8.18=7.96分" in text
    assert "每项90÷11≈8.18分" in text
    partial = [i for i in ev.score.items if "完成比例" in i.basis and i.points != i.weight]
    assert partial and all(squash(i.explanation) in text for i in partial)
    assert squash(ev.score.display()) in text and squash(ev.score.display_grade()) in text


def test_the_form_shows_task_and_indicator_numbers(real_eval: Evaluation) -> None:
    cells = form_cells(render_html(real_eval))
    numbers = [squash(c.text) for c in cells if "no" in c.html_classes and squash(c.text)]
    form = real_eval.form
    assert numbers[: len(form.key_indicators)] == [
        str(i + 1) for i in range(len(form.key_indicators))
    ]
    assert f"{len(form.tasks)}.1" in numbers
    assert sum(1 for c in cells if squash(c.text) == "序号") == 2


def test_narrow_screens_scroll_the_form_and_list_the_findings(real_eval: Evaluation) -> None:
    doc = render_html(real_eval)
    css = doc[doc.index("<style>") : doc.index("</style>")]
    assert "@media screen and (max-width: 720px)" in css
    assert ".form-scroll table.form { min-width: 960px; }" in css
    assert "overflow-wrap: anywhere" not in css  # numbers never break inside
    assert '<div class="scroll form-scroll">' in doc and '<ol class="findings">' in doc
