"""The form model: the category hierarchy, paths and provenance."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.model import Category, Form, Group, Indicator, SourceRef, Task


@pytest.mark.parametrize(
    ("printed", "category"),
    [
        ("数量指标", Category.QUANTITY),
        ("质量指标", Category.QUALITY),
        ("时效指标", Category.TIMELINESS),
        ("成本指标", Category.COST),
        ("经济效益指标", Category.ECONOMIC),
        ("社会效益", Category.SOCIAL),
        ("生态效益指标", Category.ECOLOGICAL),
        ("环境效益指标", Category.ECOLOGICAL),
        ("可持续影响指标", Category.SUSTAINABLE),
        ("满意度指标", Category.SATISFACTION),
        ("服务对象满意度指标", Category.SATISFACTION),
        ("社会公众满意度", Category.SATISFACTION),
        ("产出指标-数量指标", Category.QUANTITY),
        ("效益指标：社会效益指标", Category.SOCIAL),
        ("质量 指标", Category.QUALITY),
        ("ｓ", None),
        ("开展活动44场次", None),
        ("数量指标完成情况良好，共开展活动", None),
        ("", None),
    ],
)
def test_category_variants(printed: str, category: Category | None):
    assert Category.parse(printed) is category


def test_category_hierarchy_and_order():
    assert [c.group for c in Category][:4] == [Group.OUTPUT] * 4
    assert {c.group for c in list(Category)[4:8]} == {Group.OUTCOME}
    assert Category.SATISFACTION.group is Group.SATISFACTION
    assert Category.QUANTITY.order < Category.COST.order < Category.SOCIAL.order
    assert Category.SUSTAINABLE.order < Category.SATISFACTION.order
    assert Indicator(category="服务对象满意度指标").kind is Category.SATISFACTION
    assert Indicator(category="其他").kind is None


def test_paths_and_lines():
    ind = Indicator(
        category="数量指标", completion="x", provenance={"completion": SourceRef(line=9, cell=4)}
    )
    form = Form(tasks=[Task(name="t", funds=Decimal("1.5"), indicators=[ind])])
    assert form.resolve("tasks[0].indicators[0]") is ind
    assert form.line_of("tasks[0].indicators[0]") == 9
    assert form.line_of("tasks[0].indicators[0].completion") == 9
    assert form.line_of("tasks[3]") is None
    assert SourceRef(line=9, cell=4, page=2).describe() == "第2页第9行第5格"


def test_shared_export_numbers_and_empties():
    form = Form(tasks=[Task(name="t", funds=Decimal("65"))])
    data = form.to_shared()
    assert data["tasks"][0]["funds"] == 65.0 and data["funds"]["annual_budget"] is None
    assert data["problems"] == "" and data["year"] is None
