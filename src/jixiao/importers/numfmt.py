"""A spreadsheet cell's value as the sheet shows it, from its number format.

Spreadsheets store numbers, not the text a reader sees: 0.9564 shown as 95.64%
through ``0.00%``, 31593.14 as 31,593.14 through ``#,##0.00``, a date serial as
2022年12月31日. The form is read from what is shown, so a cell's value is formatted
with its number format (the parts that matter for figures and dates: percent,
decimals, thousands separators, literal text, date and time codes). Values in the
General format drop binary floating-point artefacts: a figure is shown with at
most 15 significant digits (Excel's precision), and one within 0.00001 of a whole
number of cents is that number of cents (15616.279999 → 15616.28).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

_BRACKET = re.compile(r"\[[^\]]{0,40}\]")
_CENT = Decimal("0.01")
_ARTEFACT = Decimal("0.00001")


def show(value: object, fmt: str | None = None) -> str:
    """The text a spreadsheet shows for ``value`` under number format ``fmt``."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return _date(value, fmt or "")
    if isinstance(value, dt.timedelta):
        return str(value)
    if isinstance(value, int | float | Decimal):
        return _number(value, fmt or "General")
    return str(value)


def general(value: float | int | Decimal) -> str:
    """A number in the General format, without binary floating-point artefacts."""
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return str(value)
        d = Decimal(f"{value:.15g}")
    else:
        d = Decimal(value)
    exp = d.as_tuple().exponent
    if isinstance(exp, int) and exp <= -5:
        cents = d.quantize(_CENT, rounding=ROUND_HALF_UP)
        if abs(d - cents) < _ARTEFACT:
            d = cents
    return _plain(d)


def _plain(d: Decimal) -> str:
    s = format(d, "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def _sections(fmt: str) -> list[str]:
    out, cur, quoted = [], "", False
    for ch in fmt:
        if ch == '"':
            quoted = not quoted
        if ch == ";" and not quoted:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    out.append(cur)
    return out


def _number(value: float | int | Decimal, fmt: str) -> str:
    sections = _sections(fmt)
    section = sections[0]
    negative = value < 0
    if negative and len(sections) > 1 and sections[1].strip():
        section, value = sections[1], -value
        negative = False  # the section prints its own sign or parentheses
    elif value == 0 and len(sections) > 2:
        section = sections[2]
    code = _BRACKET.sub("", section)
    if code.strip().lower() in ("general", "", "@") or "e+" in code.lower() or "/" in code:
        return general(value)
    # Split literal text from the numeric pattern.
    prefix, pattern, suffix = [], [], []
    target = prefix
    i = 0
    while i < len(code):
        ch = code[i]
        if ch == '"':
            j = code.find('"', i + 1)
            j = len(code) if j < 0 else j
            target.append(code[i + 1 : j])
            i = j + 1
            continue
        if ch == "\\" and i + 1 < len(code):
            target.append(code[i + 1])
            i += 2
            continue
        if ch in "_*" and i + 1 < len(code):
            i += 2  # padding and fill characters print nothing of their own
            continue
        if ch in "0#?.," and target is not suffix:
            pattern.append(ch)
            if i + 1 >= len(code) or code[i + 1] not in "0#?.,":
                target = suffix
        elif ch == "%":
            target.append("%")
        else:
            target.append(ch)
        i += 1
    pat = "".join(pattern).rstrip(",")  # trailing commas scale by 1000: rare, ignored
    if not pat:
        return general(value)
    try:
        d = Decimal(f"{value:.15g}") if isinstance(value, float) else Decimal(value)
    except InvalidOperation:
        return str(value)
    d *= Decimal(100) ** code.count("%")
    whole, _, frac = pat.partition(".")
    decimals = sum(1 for ch in frac if ch in "0#?")
    d = d.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = f"{abs(d):,.{decimals}f}" if "," in whole else f"{abs(d):.{decimals}f}"
    if decimals and frac and all(ch == "#" for ch in frac):
        text = text.rstrip("0").rstrip(".")
    sign = "-" if negative and d != 0 else ""
    return "".join(prefix) + sign + text + "".join(suffix)


_DATE_TOKEN = re.compile(r'"[^"]*"|\\.|yyyy|yy|mmmm|mmm|mm|m|dddd|ddd|dd|d|hh|h|ss|s|AM/PM|.', re.I)


def _date(value: dt.date | dt.time, fmt: str) -> str:
    code = _BRACKET.sub("", _sections(fmt)[0])
    if not re.search(r"[ymdhs]", code, re.I):
        if isinstance(value, dt.datetime):
            return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
        return value.isoformat()
    if code.lower() in ("mm-dd-yy", "m/d/yyyy", "m/d/yy"):
        code = "yyyy-mm-dd"  # the locale's short date: shown unambiguously
    tokens = _DATE_TOKEN.findall(code)
    out = []
    for k, tok in enumerate(tokens):
        low = tok.lower()
        if tok.startswith('"'):
            out.append(tok[1:-1])
        elif tok.startswith("\\"):
            out.append(tok[1:])
        elif low in ("yyyy", "yy") and isinstance(value, dt.date):
            out.append(f"{value.year:04d}" if low == "yyyy" else f"{value.year % 100:02d}")
        elif low in ("m", "mm") and _is_minute(tokens, k):
            out.append(f"{getattr(value, 'minute', 0):0{len(low)}d}")
        elif low in ("m", "mm", "mmm", "mmmm") and isinstance(value, dt.date):
            out.append(
                f"{value.month:0{min(len(low), 2)}d}" if len(low) <= 2 else f"{value.month}月"
            )
        elif low in ("d", "dd") and isinstance(value, dt.date):
            out.append(f"{value.day:0{len(low)}d}")
        elif low in ("h", "hh"):
            out.append(f"{getattr(value, 'hour', 0):0{len(low)}d}")
        elif low in ("s", "ss"):
            out.append(f"{getattr(value, 'second', 0):0{len(low)}d}")
        elif low in ("ddd", "dddd", "am/pm"):
            continue
        else:
            out.append(tok)
    return "".join(out).strip()


def _is_minute(tokens: list[str], k: int) -> bool:
    """An m/mm right after an hour or right before a second code is minutes."""
    for j in range(k - 1, -1, -1):
        low = tokens[j].lower()
        if low in ("h", "hh"):
            return True
        if low.strip(":. ") and not low.startswith('"'):
            break
    for j in range(k + 1, len(tokens)):
        low = tokens[j].lower()
        if low in ("s", "ss"):
            return True
        if low.strip(":. ") and not low.startswith('"'):
            break
    return False
