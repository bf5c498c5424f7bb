"""Forms print the template's section labels in other words (年度总体目标, 年度重点任务,
存在问题及原因分析 …): each variant reads into the same section, with nothing lost."""

from __future__ import annotations

import re

import pytest

from jixiao.importers.template import section_label
from jixiao.importers.text import import_text
from tests.conftest import DATA

SEED = (DATA / "seed.txt").read_text(encoding="utf-8").rstrip("\n") + "\n"

# (the seed's label at a line start, a variant other departments print)
VARIANTS = [
    ("部门名称", "预算单位名称"),
    ("年度整体目标", "年度总体目标"),
    ("主要任务", "年度重点任务"),
    ("存在问题", "存在问题及原因分析"),
    ("改进措施", "改进措施及建议"),
]


def _fields(text: str) -> dict:
    r = import_text(text)
    assert r.unplaced == []
    return r.form.model_dump(mode="json", exclude={"provenance"})


@pytest.mark.parametrize(("label", "variant"), VARIANTS)
def test_a_variant_label_reads_as_the_template_label(label: str, variant: str) -> None:
    changed, n = re.subn(rf"(?m)^{label}\t", f"{variant}\t", SEED)
    assert n >= 1
    assert _fields(changed) == _fields(SEED)


def test_all_variants_at_once() -> None:
    text = SEED
    for label, variant in VARIANTS:
        text = re.sub(rf"(?m)^{label}\t", f"{variant}\t", text)
    assert _fields(text) == _fields(SEED)


@pytest.mark.parametrize(
    "cell",
    ["关键指标", "指标完成情况", "总体目标完成情况", "改进措施落实情况", "问题整改"],
)
def test_a_column_header_or_a_longer_text_is_no_section(cell: str) -> None:
    assert section_label(cell) is None


FUNDS_VARIANTS = [
    ("整体支出年度预算数", "全年预算数（万元）"),
    ("整体支出年初预算数", "年初预算"),
    ("年度调整额", "调整数"),
    ("预算完成率", "预算执行率"),
    ("预算调整率", "调整率"),
]


@pytest.mark.parametrize(("label", "variant"), FUNDS_VARIANTS)
def test_a_funds_label_variant_reads_the_same_figure(label: str, variant: str) -> None:
    changed, n = re.subn(rf"\t{label}\t", f"\t{variant}\t", SEED)
    assert n == 1
    assert _fields(changed) == _fields(SEED)
