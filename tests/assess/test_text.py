"""Reading text: normalisation, placeholders, the numeral reader and the one unit table."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.assess.measure import number_tokens, split_label
from jixiao.assess.text import cn_number, is_placeholder, normalize, read_number
from jixiao.assess.units import UNITS, parse_unit


def test_normalize_drops_invisible_characters_and_reads_sign_variants():
    assert normalize("≥9\u200d0％") == "≥90%"
    assert normalize("\ufeff9\u200b5.5%") == "95.5%"
    assert normalize("≧９０") == "≥90" and normalize("≦5") == "≤5" and normalize("═") == "="
    assert normalize("水质Ⅲ类") == "水质III类"  # NFKC spells Roman numerals out
    assert normalize("强化社 会管理\n第二行") == "强化社会管理;第二行"


@pytest.mark.parametrize("text", ["/", "／", "—", "——", "-", "无", "暂无", " / ", "N/A"])
def test_placeholders(text: str):
    assert is_placeholder(normalize(text))


@pytest.mark.parametrize("text", ["0", "无事故", "已完成", "/10万"])
def test_not_placeholders(text: str):
    assert not is_placeholder(normalize(text))


@pytest.mark.parametrize(
    ("text", "value"),
    [("三十二", 32), ("四百八十", 480), ("两", 2), ("十二", 12), ("百", 100), ("一千三百", 1300)],
)
def test_chinese_numerals(text: str, value: int):
    assert cn_number(text) == value
    assert read_number(text) == Decimal(value)


def test_numbers_in_digits():
    assert read_number("1,186,400") == Decimal(1186400)
    assert read_number("0.985") == Decimal("0.985")
    assert cn_number("七八") is None and read_number("") is None


def test_number_tokens_read_digits_and_chinese_numerals_alike():
    tokens = number_tokens(normalize("开展宣讲三十二场，覆盖2.3万人次，其中村级站点十二个"))
    assert [(t.value, t.mult, t.unit, t.cn) for t in tokens] == [
        (Decimal(32), None, "场", True),
        (Decimal("2.3"), "万", "人次", False),
        (Decimal(12), None, "个", True),
    ]
    # one-character numerals inside words are words: 一次性, 两个确保
    assert number_tokens(normalize("一次性告知，实现两个确保")) == []


def test_one_unit_table():
    assert UNITS["公顷"].factor * 15 == UNITS["亩"].factor * 15 * 15  # 15亩 = 1公顷
    assert UNITS["km"].base == UNITS["公里"].base == "米"
    assert UNITS["项"].family == UNITS["家"].family == UNITS["个"].family
    assert UNITS["百分比"].base == "%" and not UNITS["倍"].measure and UNITS["岁"].measure
    spec = parse_unit("万元")
    assert spec is not None and (spec.base, spec.factor) == ("元", Decimal(10000))


def test_split_label_keeps_words_that_end_like_connectors():
    assert split_label("覆盖率均达到") == ("覆盖率", "均达到")
    assert split_label("劝导违规行为") == ("劝导违规行为", "")
    assert split_label("培训人均") == ("培训人均", "")
    assert split_label("失业率控制在") == ("失业率", "控制在")


def test_the_numeral_reader_agrees_with_cn2an():
    # cn2an (a test dependency) writes numbers out; the reader must read them back
    import random

    import cn2an

    rnd = random.Random(7)
    values = [*range(2001), *(rnd.randint(0, 10**12) for _ in range(1000))]
    for v in values:
        assert cn_number(cn2an.an2cn(v, "low")) == v
    for colloquial in ("一百二", "一万二", "七八", "二〇二一", "十百"):
        assert cn_number(colloquial) is None
