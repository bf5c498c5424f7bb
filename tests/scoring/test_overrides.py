"""Reviewer overrides: files (TOML and JSON), how they change the score, and what is refused."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.model import Form
from jixiao.scoring import (
    Override,
    OverrideError,
    evaluate,
    load_overrides,
    load_scheme,
    round2,
    score_form,
)
from tests.scoring.helpers import MET, NOT_MET, PRACTICE_SPECIAL, SEED_SPECIAL, UNDET, key_verdicts

D = Decimal

SEED_REVIEW = """
[[override]]
path = "key_indicators[0]"
verdict = "met"
comment = "获评省级基层党建创新案例，经复核认定达到“优”"
reviewer = "张三"
"""


def _write(tmp_path: Path, text: str, name: str = "review.toml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def _score(form: Form, special: dict, overrides: list[Override]):
    return score_form(form, key_verdicts(form, special), load_scheme(), overrides)


def test_toml_override_resolves_the_seed(tmp_path: Path, seed_form: Form) -> None:
    ovs = load_overrides(_write(tmp_path, SEED_REVIEW))
    assert ovs == [
        Override(
            path="key_indicators[0]",
            verdict=MET,
            comment="获评省级基层党建创新案例，经复核认定达到“优”",
            reviewer="张三",
        )
    ]
    ev = evaluate(
        seed_form, overrides=ovs, verdicts=key_verdicts(seed_form, SEED_SPECIAL), findings=[]
    )
    s = ev.score
    # 9.66 + 16 × 5.625 = 99.66, no longer an interval
    assert s.total == s.upper == D("99.66") and s.pending == 0 and not s.is_interval
    item = s.items[1]
    assert (item.verdict, item.assessed_verdict, item.points) == (MET, UNDET, D("5.625"))
    assert item.override is not None and item.override.reviewer == "张三"
    assert "复核认定已达成" in item.explanation and "张三" in item.explanation
    assert "经复核认定达到“优”" in item.explanation
    # the evaluation's verdicts are the reviewed ones; the override is listed
    assert ev.verdicts[0].verdict == MET
    assert ev.override_for("key_indicators[0]") is ev.overrides[0]
    assert "经复核 1 项" in s.parts[1].detail


def test_json_override_file_same_meaning(tmp_path: Path) -> None:
    data = {
        "overrides": [
            {
                "path": "key_indicators[0]",
                "verdict": "met",
                "comment": "经复核达到“优”",
                "reviewer": "张三",
            },
            {"path": "key_indicators[ 3 ]", "score": 2.5, "comment": "部分完成"},
        ]
    }
    ovs = load_overrides(_write(tmp_path, json.dumps(data, ensure_ascii=False), "r.json"))
    assert [o.path for o in ovs] == ["key_indicators[0]", "key_indicators[3]"]
    assert ovs[1].score == D("2.5") and ovs[1].verdict is None and ovs[1].reviewer is None
    # a bare list is accepted too
    listed = load_overrides(_write(tmp_path, json.dumps(data["overrides"]), "l.json"))
    assert listed == ovs


def test_score_override_within_bounds(seed_form: Form) -> None:
    s = _score(
        seed_form,
        SEED_SPECIAL,
        [Override(path="key_indicators[0]", score=D("3"), comment="部分达到")],
    )
    assert s.total == s.upper == D("97.035")
    assert round2(s.total) == D("97.04")
    item = s.items[1]
    assert item.points == 3 and item.verdict == UNDET  # a score keeps the automatic verdict
    assert "复核给分 3.00 分" in item.explanation


def test_score_override_at_the_bounds(seed_form: Form) -> None:
    full = _score(
        seed_form,
        SEED_SPECIAL,
        [Override(path="key_indicators[0]", score=D("5.625"), comment="满分")],
    )
    zero = _score(
        seed_form, SEED_SPECIAL, [Override(path="key_indicators[0]", score=D(0), comment="不得分")]
    )
    assert full.total == D("99.66") and zero.total == zero.upper == D("94.035")


def test_override_can_lower_a_met_verdict(practice_form: Form) -> None:
    # A reviewer finds 城镇新增就业人数 not met: it is quantitative and keeps its ratio rule.
    special = dict(PRACTICE_SPECIAL)
    special[0] = (MET, True, 0.95)
    before = _score(practice_form, special, [])
    after = _score(
        practice_form,
        special,
        [
            Override(
                path="key_indicators[0]",
                verdict=NOT_MET,
                comment="统计口径有误，实际未完成",
                reviewer="李四",
            )
        ],
    )
    w = D(90) / 11
    assert abs((before.total - after.total) - (w - D("0.95") * w)) < D("1e-12")
    assert "定量指标未达成" in after.items[1].explanation


def test_override_on_execution_rate_by_score(seed_form: Form) -> None:
    s = _score(
        seed_form,
        SEED_SPECIAL,
        [Override(path="funds.execution_rate", score=D("8"), comment="扣除结转资金后重新核定")],
    )
    assert s.parts[0].points == 8 and s.total == D("92.375")
    with pytest.raises(OverrideError, match="请用 score 直接给分"):
        _score(
            seed_form,
            SEED_SPECIAL,
            [Override(path="funds.execution_rate", verdict=MET, comment="x")],
        )


@pytest.mark.parametrize(
    ("override", "message"),
    [
        (
            Override(path="key_indicators[0]", score=D("5.7"), comment="超出"),
            "应在 0 到本项分值 5.625 之间",
        ),
        (Override(path="key_indicators[0]", score=D("-1"), comment="负分"), "超出范围"),
        (Override(path="funds.execution_rate", score=D("10.5"), comment="超出"), "0 到本项分值 10"),
        (Override(path="key_indicators[16]", verdict=MET, comment="越界"), "在表中不存在"),
        (
            Override(path="tasks[0].indicators[0]", verdict=MET, comment="x"),
            "不在本评分方案的计分范围内",
        ),
        (Override(path="key_indicators[0]", verdict=MET, comment="  "), "缺少 comment"),
        (Override(path="key_indicators[0]", comment="都没有"), "二者之一"),
    ],
)
def test_refused_when_applied(seed_form: Form, override: Override, message: str) -> None:
    with pytest.raises(OverrideError, match=re.escape(message)):
        _score(seed_form, SEED_SPECIAL, [override])


def test_duplicate_paths_refused(seed_form: Form) -> None:
    o = Override(path="key_indicators[0]", verdict=MET, comment="a")
    with pytest.raises(OverrideError, match="不止一次"):
        _score(seed_form, SEED_SPECIAL, [o, o.model_copy(update={"path": "key_indicators[ 0]"})])


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ('path = "key_indicators[0]"\nverdict = "met"', "缺少 comment：每条复核意见都必须写明理由"),
        ('path = "key_indicators[0]"\nverdict = "met"\ncomment = ""', "缺少 comment"),
        ('path = "key_indicators[0]"\nverdict = "met"\ncomment = "  "', "缺少 comment"),
        (
            'path = "key_indicators[0]"\ncomment = "没有结论"',
            "verdict（判定）或 score（分数）二者之一",
        ),
        ('path = "key_indicators[0]"\nverdict = "met"\nscore = 3\ncomment = "x"', "不能同时给出"),
        ('path = "key_indicators[0]"\nverdict = "good"\ncomment = "x"', "verdict 'good' 无法识别"),
        ('path = "key_indicators[0]"\nscore = "3"\ncomment = "x"', "score 应为数字"),
        ('path = "key_indicators[0]"\nscore = -0.5\ncomment = "x"', "不能小于 0"),
        ('verdict = "met"\ncomment = "x"', "缺少 path"),
        ('path = "第一项"\nverdict = "met"\ncomment = "x"', "不是有效的指标路径"),
        (
            'path = "key_indicators[0]"\nverdict = "met"\ncomment = "x"\nreason = "y"',
            "无法识别的键：reason",
        ),
        ('path = "key_indicators[0]"\nverdict = "met"\ncomment = "x"\nreviewer = ""', "reviewer"),
    ],
)
def test_bad_override_file_refused(tmp_path: Path, entry: str, message: str) -> None:
    p = _write(tmp_path, f"[[override]]\n{entry}\n")
    with pytest.raises(OverrideError) as e:
        load_overrides(p)
    assert message in str(e.value)
    assert f"复核文件 {p} 第 1 条" in str(e.value)


def test_override_file_level_errors(tmp_path: Path) -> None:
    with pytest.raises(OverrideError, match="不存在"):
        load_overrides(tmp_path / "none.toml")
    with pytest.raises(OverrideError, match=r"\.toml 或 \.json"):
        load_overrides(_write(tmp_path, "x", "review.yaml"))
    with pytest.raises(OverrideError, match="不是合法的 TOML"):
        load_overrides(_write(tmp_path, "[[override]\n"))
    with pytest.raises(OverrideError, match="不是合法的 JSON"):
        load_overrides(_write(tmp_path, "{", "r.json"))
    with pytest.raises(OverrideError, match=r"\[\[override\]\]"):
        load_overrides(_write(tmp_path, '[[overide]]\npath = "key_indicators[0]"\n'))
    dup = SEED_REVIEW + SEED_REVIEW
    with pytest.raises(OverrideError, match=r"第 2 条.*与第 1 条针对同一指标"):
        load_overrides(_write(tmp_path, dup))


def test_chinese_verdict_words(tmp_path: Path) -> None:
    p = _write(
        tmp_path,
        '[[override]]\npath = "key_indicators[1]"\nverdict = "未完成"\ncomment = "核实未完成"\n',
    )
    assert load_overrides(p)[0].verdict == NOT_MET


def test_empty_override_file_is_no_review(tmp_path: Path) -> None:
    assert load_overrides(_write(tmp_path, "# 暂无复核意见\n")) == []
