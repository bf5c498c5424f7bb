"""Property: the importer never raises on arbitrary text and never drops a non-empty cell."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.importers import FormImportError
from jixiao.importers.text import import_text, text_rows
from tests.conftest import DATA

SEED_LINES = (DATA / "seed.txt").read_text(encoding="utf-8").splitlines()
VOCAB = [
    "部门名称", "部门资金情况", "年度关键指标", "主要任务", "预期目标", "数量指标", "质量指标",
    "满意度指标", "存在问题", "改进措施", "15,616.28", "96.60%", "<p>", "</p>", "强化社 会管理",
    "", "", "整体目标完成情况", "关键指标", "预期实现值", "指标完成情况", "任务涉及资金", "自评表 (2021年度)",
]  # fmt: skip

cell = st.one_of(st.sampled_from(VOCAB), st.text(max_size=12))
row = st.lists(cell, min_size=1, max_size=7).map("\t".join)
rows_text = st.lists(st.one_of(row, st.just(""), st.sampled_from(SEED_LINES)), max_size=40).map(
    "\n".join
)


def check_nothing_dropped(text: str) -> None:
    try:
        result = import_text(text)
    except FormImportError as e:
        assert "不是部门整体支出绩效自评表" in str(e)
        return
    unplaced = {(u.ref.line, u.ref.cell) for u in result.unplaced}
    for r in text_rows(text):
        for ci, _ in r.nonempty():
            assert (r.line, ci) in result.placed or (r.line, ci) in unplaced, (r.line, ci)
    result.form.to_shared_json()  # always exportable


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows_text)
def test_arbitrary_rows_never_raise_or_drop(text: str):
    check_nothing_dropped(text)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_arbitrary_text_never_raises(text: str):
    check_nothing_dropped(text)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(SEED_LINES), min_size=1, max_size=120).map("\n".join))
def test_shuffled_seed_lines_never_raise_or_drop(text: str):
    check_nothing_dropped(text)
