"""Scoring schemes as data: the packaged scheme, custom schemes, and clear errors for bad ones."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.model import Form
from jixiao.scoring import (
    SchemeError,
    available_schemes,
    load_scheme,
    parse_scheme,
    round2,
    score_form,
)
from tests.scoring.helpers import NOT_MET, PRACTICE_SPECIAL, SEED_SPECIAL, UNDET, key_verdicts

D = Decimal
HERE = Path(__file__).parent


def test_default_scheme_is_packaged() -> None:
    assert "dept-overall" in available_schemes()
    s = load_scheme()
    assert s.id == "dept-overall" and s.total_weight == 100
    assert [(p.id, p.weight, p.source) for p in s.parts] == [
        ("execution", D(10), "execution_rate"),
        ("key_indicators", D(90), "key_indicators"),
    ]
    assert s.parts[1].rules == {
        "met": "full",
        "not_met_quantitative": "ratio",
        "not_met_qualitative": "zero",
        "undetermined": "pending",
    }
    assert [(b.name, b.min) for b in s.grades] == [
        ("优", 90),
        ("良", 80),
        ("中", 60),
        ("差", 0),
    ]


@pytest.mark.parametrize(
    ("points", "grade"),
    [
        ("100", "优"),
        ("90", "优"),
        ("89.99", "良"),
        ("80", "良"),
        ("79.99", "中"),
        ("60", "中"),
        ("59.99", "差"),
        ("0", "差"),
    ],
)
def test_grade_bands(points: str, grade: str) -> None:
    assert load_scheme().grade(D(points)) == grade


def test_custom_scheme_file_key_only(practice_form: Form) -> None:
    # tests/scoring/data/key-only.toml: key indicators only, 100 points, not_met → 0,
    # undetermined → half. practice-1: 11 indicators at 100/11 each; 8 met, [3] and [5]
    # not met (0), [7] undetermined → 0.5. total = 8.5 × 100/11 = 77.2727… → 77.27
    scheme = load_scheme(HERE / "data" / "key-only.toml")
    assert scheme.id == "key-only"
    s = score_form(practice_form, key_verdicts(practice_form, PRACTICE_SPECIAL), scheme)
    assert [p.id for p in s.parts] == ["key"]
    assert round2(s.total) == D("77.27") and s.total == s.upper and s.pending == 0
    assert s.grade == "不达标"
    items = {i.path: i for i in s.items}
    assert items["key_indicators[5]"].points == 0
    assert "按分值的 50.00% 计" in items["key_indicators[7]"].explanation


def test_custom_scheme_string_path_and_fraction_band(seed_form: Form) -> None:
    # The seed under key-only: 15 met + 1 undetermined at half = 15.5 × 6.25 = 96.875 → 达标.
    s = score_form(
        seed_form,
        key_verdicts(seed_form, SEED_SPECIAL),
        load_scheme(str(HERE / "data" / "key-only.toml")),
    )
    assert s.total == D("96.875") and s.grade == "达标"
    # a decimal band bound (85.5) is kept exactly
    assert load_scheme(HERE / "data" / "key-only.toml").grades[1].min == D("85.5")


def test_task_indicator_part(tmp_path: Path, seed_form: Form) -> None:
    # A scheme that also scores task indicators: each task indicator has no verdict here,
    # so the whole part is pending, and the score is an interval over its 30 points.
    p = tmp_path / "tasks.toml"
    p.write_text(
        """
name = "含任务指标"
[[part]]
id = "key"
name = "关键指标"
weight = 70
source = "key_indicators"
[[part]]
id = "tasks"
name = "任务指标"
weight = 30
source = "task_indicators"
[part.scoring]
undetermined = "zero"
[[grade]]
name = "合格"
min = 60
[[grade]]
name = "不合格"
min = 0
""",
        encoding="utf-8",
    )
    scheme = load_scheme(p)
    assert scheme.id == "tasks"  # the file stem when no id is given
    s = score_form(seed_form, key_verdicts(seed_form), scheme)
    n_tasks = sum(len(t.indicators) for t in seed_form.tasks)
    tasks = [i for i in s.items if i.part == "tasks"]
    assert len(tasks) == n_tasks > 0
    assert tasks[0].path == "tasks[0].indicators[0]"
    assert s.total == 70 and s.upper == 100 and s.pending == n_tasks
    assert s.display_grade() == "合格"


def test_not_met_rules_configurable(tmp_path: Path, seed_form: Form) -> None:
    p = tmp_path / "strict.toml"
    p.write_text(
        'name = "严格"\n[[part]]\nid = "k"\nname = "关键指标"\nweight = 100\n'
        'source = "key_indicators"\n[part.scoring]\nnot_met_quantitative = "zero"\n'
        'not_met_qualitative = 0.25\nundetermined = "zero"\n'
        '[[grade]]\nname = "合格"\nmin = 60\n[[grade]]\nname = "不合格"\nmin = 0\n',
        encoding="utf-8",
    )
    special = {1: (NOT_MET, True, 0.9), 2: (NOT_MET, False, None), 3: (UNDET, False, None)}
    s = score_form(seed_form, key_verdicts(seed_form, special), load_scheme(p))
    # 13 met × 6.25 + 0 + 0.25 × 6.25 + 0 = 81.25 + 1.5625 = 82.8125
    assert s.total == s.upper == D("82.8125")


BASE = """
name = "测试方案"
[[part]]
id = "k"
name = "关键指标"
weight = 100
source = "key_indicators"
{extra_part}
[[grade]]
name = "合格"
min = 60
[[grade]]
name = "不合格"
min = {low}
"""


def _scheme(extra_part: str = "", low: str = "0", head: str = "") -> str:
    return head + BASE.format(extra_part=extra_part, low=low)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name = [", "不是合法的 TOML"),
        (_scheme().replace('name = "测试方案"', ""), "name（方案名称） 必须是非空文字"),
        (_scheme().replace("weight = 100", "weigth = 100"), "无法识别的键：weigth"),
        (_scheme().replace("weight = 100", "weight = 0"), "weight（分值）必须大于 0"),
        (_scheme().replace("weight = 100", 'weight = "一百"'), "weight（分值） 应为数字"),
        (_scheme().replace('"key_indicators"', '"tasks"'), "source 为 'tasks'"),
        (_scheme('[part.scoring]\nmet = "half"'), "scoring.met 为 'half'"),
        (_scheme('[part.scoring]\nnot_met_qualitative = "ratio"'), "只有定量指标才有完成比例"),
        (_scheme("[part.scoring]\nundetermined = 1.5"), "应在 0 到 1 之间"),
        (_scheme("[part.scoring]\nunknown = 1"), "无法识别的键：unknown"),
        (_scheme("cap = false"), "不能设置 cap"),
        (_scheme(low="10"), "应为 0，否则低于它的得分没有等级"),
        (_scheme().replace("min = 60", "min = 120"), "超过了方案满分 100"),
        (_scheme().replace('name = "合格"', 'name = "不合格"'), "等级名称重复"),
        (
            _scheme('[[part]]\nid = "k"\nname = "再一次"\nweight = 1\nsource = "key_indicators"'),
            "部分 id 重复：k",
        ),
        ('name = "空"\n[[grade]]\nname = "合格"\nmin = 0\n', "至少需要一个 [[part]]"),
        (_scheme().split("[[grade]]")[0], "至少需要一个 [[grade]]"),
        (
            'name = "x"\n[[part]]\nid = "e"\nname = "执行"\nweight = 10\nsource = "execution_rate"\n'
            'missing = "ask"\n[[grade]]\nname = "a"\nmin = 0\n',
            "missing 为 'ask'",
        ),
        (
            'name = "x"\n[[part]]\nid = "e"\nname = "执行"\nweight = 10\nsource = "execution_rate"\n'
            '[part.scoring]\nmet = "full"\n[[grade]]\nname = "a"\nmin = 0\n',
            "不能设置 scoring",
        ),
    ],
)
def test_bad_scheme_is_refused_in_chinese(text: str, message: str) -> None:
    with pytest.raises(SchemeError) as e:
        parse_scheme(text, "bad.toml")
    assert message in str(e.value)
    assert "评分方案 bad.toml" in str(e.value)


def test_unknown_scheme_name_lists_packaged() -> None:
    with pytest.raises(SchemeError, match=r"没有名为 'nonesuch' 的评分方案.*dept-overall"):
        load_scheme("nonesuch")


def test_missing_scheme_file(tmp_path: Path) -> None:
    with pytest.raises(SchemeError, match="不存在"):
        load_scheme(tmp_path / "none.toml")
