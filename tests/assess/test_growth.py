"""Hostile input: every scanner of figures runs in time linear in its input.

Each reader is fed an adversarial text at 1×, 2×, 4× and 8× its size and the time must
grow about linearly: the ratio of the 8× time to the 1× time stays far below the 64 a
quadratic reader would take (and the exponential ones of issue 12 much more). Times are
the best of three in CPU time (the machine is shared), compared with each other only,
never with a fixed budget.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

import pytest

from jixiao.assess import judge
from jixiao.assess.measure import number_tokens, scan
from jixiao.checks.figures import clear_cache, extract_figures

# Pieces that once made a regex backtrack or a scan quadratic, repeated n times.
PIECES = [
    ("达到", "甲5%"),  # a connector run before a figure: 107 s at 26 repeats before
    ("12月31日", ""),
    ("2021年", ""),
    ("第1名", ""),
    ("三十二场", ""),
    ("1,234,", "5"),
    ("基本未见明显", "改善"),
    ("93.2%（2022年为91.5%）", ""),
    ("由85%提高到", "88%"),
    ("全市前30%，", ""),
    ("水质Ⅲ类、", ""),
    ("考核为优秀等次，", ""),
    ("9", ""),
    ("、", "8%"),
    ("2023.1.", "5"),  # dates in digits share separators with decimals
    ("近万", "人次"),
    ("较上年增长5%（上年", "）"),
    ("零,", ""),
    ("公开透明未", "公开"),
]
LIMIT = 24  # 8× the input may take at most this many times as long (quadratic: 64)


def _best(fn: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(3):
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return best


def _growth(fn: Callable[[str], object], piece: str, tail: str, base: int) -> float:
    """Time at 8× over time at 1×; measured again once if a burst of load on the shared
    machine made it look superlinear (a quadratic reader fails both times)."""
    ratio = 0.0
    for _attempt in range(2):
        gc.disable()
        try:
            times = [_best(lambda k=k: fn(piece * (base * k) + tail)) for k in (1, 2, 4, 8)]
        finally:
            gc.enable()
        ratio = times[-1] / max(times[0], 1e-5)
        if ratio < LIMIT:
            break
    return ratio


def _base(piece: str) -> int:
    return max(40, 400 // len(piece))


@pytest.mark.parametrize(("piece", "tail"), PIECES)
def test_number_tokens_and_scan_grow_linearly(piece: str, tail: str):
    assert _growth(number_tokens, piece, tail, _base(piece)) < LIMIT
    assert _growth(scan, piece, tail, _base(piece)) < LIMIT


@pytest.mark.parametrize(("piece", "tail"), PIECES)
def test_checks_figures_grow_linearly(piece: str, tail: str):
    def extract(text: str) -> object:
        clear_cache()
        return extract_figures(text)

    assert _growth(extract, piece, tail, _base(piece)) < LIMIT


TARGETS = ["≥90%", "前30%", "良好以上", "12月31日前", "不发生", "显著改善"]


@pytest.mark.parametrize(("piece", "tail"), PIECES[:8])
def test_judge_grows_linearly(piece: str, tail: str):
    for target in TARGETS:
        ratio = _growth(
            lambda text, target=target: judge(target, text, name=piece * 3),
            piece,
            tail,
            _base(piece) // 4,
        )
        assert ratio < LIMIT, target


# The rules the held-out set added, through the judge: a yes/no question answered in its
# own words, a four-character claim denied in one word, a change indicator's figures.
RULE_TARGETS = [
    ("是", "是否按规定公开部门预决算信息"),
    ("公开透明", "收费公开"),
    ("≥5%", "税收收入增长率"),
    ("不发生", "重大安全事故"),
    ("按期完成", "工程进度"),
]


@pytest.mark.parametrize(("piece", "tail"), PIECES[-5:])
def test_judge_rules_grow_linearly(piece: str, tail: str):
    for target, name in RULE_TARGETS:
        ratio = _growth(
            lambda text, target=target, name=name: judge(target, text, name=name),
            piece,
            tail,
            _base(piece) // 4,
        )
        assert ratio < LIMIT, target


def test_issue_12_reproductions_finish_at_once():
    t0 = time.process_time()
    assert judge("≥90%", "达到" * 26 + "甲5%").verdict.value == "not_met"
    judge("≥90%", "12月31日" * 300)
    judge("≥90%", "2021年" * 1000)
    extract_figures("达到" * 200 + "甲5%")
    assert time.process_time() - t0 < 5  # seconds; each took 8 – 107 s before
