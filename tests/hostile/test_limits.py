"""``jixiao.limits``: one frozen set of input limits, settable by environment and program."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.limits import (
    LimitError,
    Limits,
    digits_written,
    limits,
    longest_number,
    parse_size,
    set_limits,
    using,
)


def test_defaults_are_far_above_a_real_form():
    d = Limits()
    assert d.max_bytes == 50_000_000 and d.max_cell_chars == 20_000
    assert d.max_tasks >= 1_000 and d.max_indicators >= 10_000 and d.max_depth >= 8


def test_environment_sets_each_limit():
    got = Limits.from_env({"JIXIAO_MAX_BYTES": "2M", "JIXIAO_MAX_ROWS": "500", "OTHER": "x"})
    assert got.max_bytes == 2_000_000 and got.max_rows == 500
    assert got.max_cells == Limits().max_cells


@pytest.mark.parametrize("bad", ["0", "-1", "many", "1.5M", "99999999999999999999"])
def test_a_bad_environment_value_is_named(bad: str):
    with pytest.raises(ValueError, match="JIXIAO_MAX_DEPTH"):
        Limits.from_env({"JIXIAO_MAX_DEPTH": bad})


def test_digits_cannot_exceed_decimal_precision():
    with pytest.raises(ValueError, match="26"):
        Limits(max_digits=40)


def test_sizes():
    assert parse_size("50M") == 50_000_000
    assert parse_size("64KiB") == 65_536
    assert parse_size(" 10 ") == 10
    assert parse_size("0") is None and parse_size("1e9") is None


def test_exceeding_a_limit_names_the_file_the_value_and_how_to_change_it():
    with pytest.raises(LimitError) as e:
        Limits(max_bytes=100).check("max_bytes", 150, "预算.txt")
    msg = str(e.value)
    assert msg.startswith("预算.txt: ") and "150" in msg and "100" in msg
    assert "--max-bytes" in msg and "JIXIAO_MAX_BYTES" in msg
    Limits(max_bytes=100).check("max_bytes", 100, "预算.txt")  # at the limit is fine


def test_set_and_using_restore_the_limits():
    before = limits()
    with using(max_rows=7) as inner:
        assert limits().max_rows == 7 == inner.max_rows
    assert limits() == before
    old = set_limits(max_depth=9)
    try:
        assert limits().max_depth == 9 and old == before
    finally:
        set_limits(old)


def test_digits_written_out():
    assert digits_written(Decimal("15616.28")) == 7
    assert digits_written(Decimal("1E+30")) == 31
    assert digits_written(Decimal("0.000025")) == 6


def test_longest_number_in_text():
    assert longest_number("年度预算15,616.28万元，2021年12月31日") == (7, 4)
    assert longest_number("没有数字") == (0, -1)
    assert longest_number("账号" + "9" * 400)[0] == 400
