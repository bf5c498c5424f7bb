"""jixiao.paths.FormPath: the one path type — parse, format, numbering, description, source."""

from __future__ import annotations

import json

import pytest

from jixiao.importers import load_form
from jixiao.model import Form
from jixiao.paths import FormPath, PathError, describe_path, path_key
from tests.conftest import DATA


@pytest.fixture(scope="module")
def seed() -> Form:
    return Form.from_shared(json.loads((DATA / "seed.json").read_text(encoding="utf-8")))


@pytest.mark.parametrize(
    "text",
    ["tasks[2].indicators[1]", "key_indicators[0].completion", "funds.adjustment_rate", "tasks"],
)
def test_parse_and_format_round_trip(text: str) -> None:
    assert str(FormPath.parse(text)) == text
    assert str(FormPath.parse(text.replace("[", "[ ").replace(".", " . "))) == text


@pytest.mark.parametrize("text", ["tasks[", "[3]", "tasks[x]", "tasks..name", "任务[1]"])
def test_malformed_paths_are_refused(text: str) -> None:
    with pytest.raises(PathError):
        FormPath.parse(text)
    assert describe_path(None, text) == text  # shown as it is
    assert path_key(text) == (99,)


def test_builders_and_structure() -> None:
    p = FormPath.indicator(2, 4, "completion")
    assert str(p) == "tasks[2].indicators[4].completion"
    assert [str(x) for x in p.lineage()] == [
        "tasks[2].indicators[4].completion",
        "tasks[2].indicators[4]",
        "tasks[2].indicators",
        "tasks[2]",
        "tasks",
    ]
    assert (p.task_index, p.indicator_index, p.key_index) == (2, 4, None)
    assert FormPath.indicator(2, 4).is_task_indicator and FormPath.key_indicator(3).is_key_indicator
    assert str(FormPath.funds("execution_rate")) == "funds.execution_rate"


def test_the_forms_own_numbering() -> None:
    assert FormPath.parse("tasks[2].indicators[4]").number() == "3.5"
    assert FormPath.parse("tasks[2].expected_goal").number() == "3"
    assert FormPath.parse("key_indicators[0].name").number() == "1"
    assert FormPath.parse("funds.adjustment_rate").number() == ""


def test_described_as_a_reviewer_says_it(seed: Form) -> None:
    assert describe_path(seed, "tasks[2].indicators[4]") == (
        "第3项主要任务“筑牢疫情防线打好疫情防控战”的第5项指标（可持续影响指标）"
    )
    assert describe_path(seed, "tasks[2].indicators[4].completion").endswith("的指标完成情况")
    assert describe_path(seed, "key_indicators[6]") == "第7项年度关键指标“社会治理成效满意度”"
    assert describe_path(seed, "key_indicators[6].expected_value").endswith("的指标值")
    assert describe_path(seed, "funds.adjustment_rate") == "部门资金情况的预算调整率"
    assert describe_path(seed, "tasks[3].funds").endswith("的任务涉及资金")
    assert describe_path(seed, "overall_goal") == "年度整体目标"
    assert describe_path(seed, "tasks[99]") == "第100项主要任务"
    assert describe_path(seed, "") == "整张表"


def test_resolve_and_sort(seed: Form) -> None:
    assert FormPath.parse("tasks[0].indicators[1]").resolve(seed) is seed.tasks[0].indicators[1]
    with pytest.raises(PathError):
        FormPath.parse("tasks[99]").resolve(seed)
    with pytest.raises(PathError):
        FormPath.parse("tasks[0].__class__").resolve(seed)
    paths = ["improvement_measures", "tasks[10].indicators[0]", "tasks[2].indicators[10]", "title"]
    assert sorted(paths, key=path_key) == [
        "title",
        "tasks[2].indicators[10]",
        "tasks[10].indicators[0]",
        "improvement_measures",
    ]


def test_source_locations_of_an_extracted_text() -> None:
    form = load_form(DATA / "seed.txt").form
    ref = FormPath.parse("tasks[3].indicators[4].completion").source(form)
    assert ref is not None and ref.line is not None
    # a part without a source of its own: the earliest source inside it
    task = FormPath.task(3).source(form)
    assert task is not None and task.line <= ref.line
    assert FormPath.parse("tasks[99]").source(form) is None  # names nothing
    assert form.line_of("tasks[3].indicators[4]") == ref.line
