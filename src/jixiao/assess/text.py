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
_MAX_NUMERAL = 16  # characters: longer runs are not numerals a form prints

_CN2AN = None


@lru_cache(maxsize=1024)
def cn_number(text: str) -> int | None:
    """An integer written in digits or Chinese numerals (三, 十二, 两, 四百八十), or None.

    Chinese numerals are read by cn2an; runs of digits without a magnitude (七八 "seven or
    eight", 一一) and malformed runs give None.
    """
    if not text or len(text) > _MAX_NUMERAL:
        return None
    if text.isdigit():
        return int(text)
    if len(text) > 1 and not any(c in CN_MAGNITUDES for c in text):
        return None  # 七八 is "seven or eight", 二〇二一 a year spelled out: not counts
    if text[0] in "十百千万亿":
        text = "一" + text  # 百 is 一百 (百分之百), 十二 stays 12
    global _CN2AN
    if _CN2AN is None:
        import cn2an  # imported once, on first use

        _CN2AN = cn2an
    try:
        v = _CN2AN.cn2an(text, "normal")
    except Exception:  # cn2an raises ValueError and friends on malformed numerals
        return None
    return int(v) if v == int(v) else None


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
