"""Reading form text: normalisation, placeholders and the one numeral reader.

Every reader of targets, completions and narrative figures (the assess stage and the
checks stage) goes through ``normalize`` and ``read_number``, so a character or numeral
form added here works everywhere.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache

# Invisible characters that split a figure without showing (zero-width space/joiners, word
# joiner, BOM, soft hyphen, Mongolian vowel separator, bidi marks): removed before parsing,
# so 9\u200d0% reads as 90%.
INVISIBLE = (
    "\u00ad\u180e\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff"
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
# Sign and dash variants NFKC leaves alone: box-drawing ═ and the 'equal or greater' forms a
# sign column prints; dashes become '-'.
_TRANS = str.maketrans(
    {
        **dict.fromkeys(INVISIBLE),
        "≧": "≥",
        "⩾": "≥",
        "≦": "≤",
        "⩽": "≤",
        "═": "=",
        "〓": "=",
        "﹪": "%",
        "—": "-",
        "–": "-",
        "―": "-",
        "−": "-",
    }
)


def normalize(text: str | None) -> str:
    """The form of a text every reader parses.

    Invisible characters are dropped; NFKC turns full-width digits and signs into ASCII
    (``９０％`` → ``90%``) and Roman numerals into letters (``Ⅲ`` → ``III``); ``>=``/``<=``
    become ``≥``/``≤``; white space is dropped, because forms wrap CJK text with stray
    spaces; a line break becomes a clause break (``;``).
    """
    s = unicodedata.normalize("NFKC", text or "").translate(_TRANS)
    s = s.replace(">=", "≥").replace("<=", "≤")
    if "\n" in s or "\r" in s:
        return ";".join(p for p in ("".join(line.split()) for line in s.splitlines()) if p)
    return "".join(s.split())


# What a cell holds when nothing was reported: a slash, a dash, 无, 暂无 …
PLACEHOLDERS = frozenset(
    {
        "/",
        "//",
        "\\",
        "-",
        "--",
        "---",
        "无",
        "暂无",
        "空",
        "略",
        "N/A",
        "NA",
        "n/a",
        "…",
        "...",
        "×",
    }
)


def is_placeholder(s: str) -> bool:
    """True when a normalised text is only a placeholder for nothing (/, —, 无 …)."""
    return s.strip("。.;") in PLACEHOLDERS


# -- numerals -------------------------------------------------------------------------

CN_DIGITS = "零〇一二两三四五六七八九"
CN_MAGNITUDES = "十百千万亿"
CN_NUMERAL_CHARS = CN_DIGITS + CN_MAGNITUDES
_MAX_NUMERAL = 24  # characters: longer runs are not numerals a form prints

_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip
_CN_SMALL = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 10_000, "亿": 100_000_000}


@lru_cache(maxsize=1024)
def cn_number(text: str) -> int | None:
    """An integer written in digits or Chinese numerals (三, 十二, 两, 四百八十, 一千零五,
    两万), or None.

    One pass over at most 24 characters. Runs of digits without a magnitude (七八 "seven
    or eight", 二〇二一 a year spelled out), colloquial shortenings (一百二) and malformed
    runs give None. (cn2an reads the same numerals but costs most of a second to import.)
    """
    if not text or len(text) > _MAX_NUMERAL:
        return None
    if text.isdigit():
        return int(text)
    total = section = 0
    digit: int | None = None
    last_small = 10_000  # the magnitude just used within the section
    zero = False
    for c in text:
        if c in _CN_DIGIT:
            if digit is not None:
                return None  # two digits in a row: 七八
            d = _CN_DIGIT[c]
            if d == 0:
                zero = True
                continue
            digit = d
        elif c in _CN_SMALL:
            unit = _CN_SMALL[c]
            if unit >= last_small:
                return None  # 十百
            section += (digit if digit is not None else 1) * unit
            digit, last_small, zero = None, unit, False
        elif c in _CN_BIG:
            big = _CN_BIG[c]
            section += digit or 0
            if section == 0 and total == 0:
                return None
            if big == 100_000_000:
                total = (total + section) * big
            else:
                total += section * big
            section, digit, last_small, zero = 0, None, 10_000, False
        else:
            return None
    if digit is not None:
        plain = total == 0 and section == 0
        if not (plain or zero or last_small == 10):
            return None  # 一百二, 一万二: colloquial shortenings, not read
        section += digit
    return total + section


def read_number(text: str) -> Decimal | None:
    """A printed number: digits with thousands separators and decimals (``1,234.5``), or a
    Chinese numeral (``三十二``). None when it is neither."""
    if not text:
        return None
    c = text[0]
    if c.isdigit() or c in "-.":
        try:
            return Decimal(text.replace(",", ""))
        except InvalidOperation:
            return None
    n = cn_number(text)
    return None if n is None else Decimal(n)
