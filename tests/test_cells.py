"""jixiao.cells: the one blank test, display width, line breaking and printed numbers."""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.cells import break_opportunities, display_width, is_blank, money, percent, wrap


@pytest.mark.parametrize(
    "text",
    [
        "",
        None,
        "  ",
        "/",
        "／",
        "—",
        "— —",
        "-",
        "无",
        "暂无",
        "不适用",
        "N/A",
        "n/a",
        "…",
        "待补充",
    ],
)
def test_placeholders_are_blank(text: str | None) -> None:
    assert is_blank(text)


@pytest.mark.parametrize("text", ["0", "无法判断", "已完成", "100%", "—1", "无锡"])
def test_content_is_not_blank(text: str) -> None:
    assert not is_blank(text)


def test_display_width_counts_cjk_and_curly_quotes_double() -> None:
    assert display_width("abc") == 3
    assert display_width("党建") == 4
    assert display_width("“两委”") == 8  # printed full width in CJK fonts
    assert display_width("ａ１") == 4  # full-width forms


def test_lines_never_break_inside_a_number_or_before_closing_punctuation() -> None:
    text = "接收报到党员2938名，发放补贴6,845.20万元，结案率≥95%。（完成）"
    for width in range(4, 40):
        lines = wrap(text, width)
        assert "".join(lines) == text
        for a, b in itertools.pairwise(lines):
            assert b[0] not in "，。、；：）%”", (width, b)
            assert a[-1] not in "（“≥", (width, a)
            if width >= 12:  # wide enough for the longest number and its unit
                assert not (a[-1].isdigit() and (b[0].isdigit() or b[0] in ".,%")), (width, a, b)
        assert all(display_width(x) <= width for x in lines) or width < 12


def test_paragraphs_and_latin_words() -> None:
    assert wrap("第一段\n第二段", 20) == ["第一段", "第二段"]
    assert wrap("Performance evaluation report", 14) == ["Performance", "evaluation", "report"]
    ok = break_opportunities("ab 12.5%党")
    assert ok[3] and not ok[5] and not ok[6] and not ok[7]


@given(st.text(alphabet="党建工作2938.,%，。“”（）ab ", max_size=60), st.integers(4, 30))
def test_wrapping_loses_nothing_but_spaces(text: str, width: int) -> None:
    lines = wrap(text, width)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_money_and_percent_round_half_up() -> None:
    assert money(Decimal("15616.28")) == "15,616.28"
    assert money(Decimal("65")) == "65.00"
    assert money(Decimal("-910.1")) == "-910.10"
    assert money(Decimal("0.005")) == "0.01"  # half up, not to even
    assert money(None) == ""
    assert percent(Decimal("96.6")) == "96.60%"
    assert percent(Decimal("10.985")) == "10.99%"
    assert percent(None) == ""
