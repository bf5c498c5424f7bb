"""Import time grows linearly with the input: 1×, 2×, 4×, 8× input, compared as ratios.

Linear growth makes the 8× input take about 4 times as long as the 2× input;
quadratic growth would take 16 times. Each case asserts that ratio stays below 12
(noise and cache effects on a busy machine; the 1× run is a warm-up that fixed costs
dominate),
with the best of two runs of each size. The sizes are large enough that the
quadratic text import this replaced fails (its 8× input took 34 times its 2× input).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

import pytest

from jixiao.importers import import_bytes
from jixiao.importers.grid import clean_cell, unwrap_cjk
from jixiao.importers.layout import parse_money
from jixiao.importers.template import label_key
from jixiao.importers.text import import_text
from tests.conftest import DATA

SEED = (DATA / "seed.txt").read_text(encoding="utf-8")
MAX_RATIO = 12


def _best(fn: Callable[[], object], runs: int = 2) -> float:
    best = float("inf")
    for _ in range(runs):
        t = time.process_time()  # CPU time: other processes on a busy machine do not count
        fn()
        best = min(best, time.process_time() - t)
    return best


def _assert_linear(
    make: Callable[[int], object], run: Callable[[object], object], name: str, runs: int = 2
) -> None:
    inputs = {k: make(k) for k in (1, 2, 4, 8)}
    seen = []
    for _ in range(3):  # measured again after a busy spell; a quadratic run fails each try
        times = {k: _best(lambda k=k: run(inputs[k]), runs) for k in inputs}
        ratio = times[8] / max(times[2], 1e-3)  # below a millisecond, timer noise rules
        if ratio < MAX_RATIO:
            return
        seen.append(", ".join(f"{k}x {t * 1000:.1f} ms" for k, t in times.items()))
    raise AssertionError(f"{name}: " + "; ".join(seen))


def _cjk(rng: random.Random, n: int) -> str:
    return "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(n))


def test_text_import_with_long_continued_text_is_linear() -> None:
    """The seed followed by lines that continue 改进措施 (once quadratic: 119 s for 12 MB)."""
    rng = random.Random(12)
    line = "\t".join(_cjk(rng, 30) for _ in range(4))

    def make(k: int) -> str:
        return SEED + "\n".join([line] * (1200 * k)) + "\n"

    _assert_linear(make, import_text, "continued text")


def test_text_import_with_many_task_rows_is_linear() -> None:
    head, _, tail = SEED.partition("存在问题")
    rows = [f"任务{i}\t目标{i}。\t完成{i}。\t数量指标\t完成{i}项\t{i}.00" for i in range(1, 4000)]

    def make(k: int) -> str:
        return head + "\n".join(rows[: 150 * k]) + "\n存在问题" + tail

    _assert_linear(make, import_text, "task rows")


def test_html_import_with_many_rows_is_linear() -> None:
    row = "<tr><td>改进措施</td><td colspan='5'><p>加强管理。</p><p>完善制度。</p></td></tr>"

    def make(k: int) -> bytes:
        head = "<html><body><p>某部门整体支出绩效自评表</p><table><tr><td>部门名称</td><td>某局</td></tr>"
        return (head + row * (300 * k) + "</table></body></html>").encode()

    _assert_linear(make, lambda data: import_bytes(data, "g.html"), "html rows")


@pytest.mark.parametrize(
    ("name", "unit"),
    [
        ("unclosed paragraph tags", "</p ><p " + "x" * 30),
        ("unclosed tags", "<a" + "b" * 20),
        ("breaks and spaces", "<br/>  \u3000 "),
        ("entities", "&amp;&#x4e00;&"),
    ],
)
def test_clean_cell_is_linear_on_adversarial_markup(name: str, unit: str) -> None:
    _assert_linear(lambda k: unit * 8000 * k, clean_cell, name, runs=3)


def test_scanners_are_linear_on_adversarial_text() -> None:
    _assert_linear(lambda k: "一二 " * 16000 * k, unwrap_cjk, "wrap spaces", runs=3)
    _assert_linear(lambda k: "1" * 80000 * k + "x", parse_money, "digits", runs=3)
    _assert_linear(lambda k: "1," * 80000 * k + "x", parse_money, "thousands groups", runs=3)
    _assert_linear(lambda k: "（续" * 24000 * k, label_key, "continuation marks", runs=3)
