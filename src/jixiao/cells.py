"""What a printed cell holds, one rule each: the blank test, display width, line
breaking, and numbers as forms print them (money, percentages).

Shared by the importers (which read cells), the checks (which judge them), the
renderers and the terminal output (which print them). Nothing here depends on the
rest of jixiao.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

# -- blank cells ---------------------------------------------------------------------------

# A cell holding only dashes, slashes or dots, or a "nothing here" word, says nothing.
_BLANK_RE = re.compile(
    r"[/\\\-—–―_.。·・、…]*|无|暂无|空|不适用|未填写|待补充|待填报|n/?a", re.IGNORECASE
)


def is_blank(text: str | None) -> bool:
    """True when a cell is empty or holds only a placeholder: ``/``, ``—``, ``无``, ``N/A`` …

    Full-width forms and white space do not matter (``／``, ``— —``).
    """
    if not text:
        return True
    s = "".join(unicodedata.normalize("NFKC", text).split())
    return _BLANK_RE.fullmatch(s) is not None


# -- display width ------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def char_width(ch: str) -> int:
    """Width of one character in half-width cells: 2 for CJK and other wide characters.

    East Asian ambiguous characters (“ ” ‘ ’ … — ·) count 2: CJK fonts, in which these
    forms are printed, draw them full width. Combining marks and controls count 0.
    """
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Cc", "Cf", "Mn", "Me"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F", "A") else 1


def display_width(text: str) -> int:
    """Width of ``text`` in half-width cells (see :func:`char_width`)."""
    return sum(char_width(ch) for ch in text)


# -- line breaking ------------------------------------------------------------------------

# A line never starts with closing punctuation (or a unit sign that belongs to the number
# before it) and never ends with opening punctuation or a comparator.
NO_LINE_START = frozenset("，。、；：！？）)]】》」』〉”’,.;:!?%‰℃°…—–～~·」")
NO_LINE_END = frozenset("（([【《「『〈“‘≥≤＞＜>=<≈±￥$#№")
_NUMBER_INNER = frozenset(".,:/")  # inside a number: 6,845.20  12:30  3/4


def _wordish(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in "_'")


def break_opportunities(text: str) -> list[bool]:
    """``ok[i]`` is True when a line may break before ``text[i]`` (i ≥ 1).

    Breaks fall between CJK characters and at spaces, never inside a number or a Latin
    word (``6,845.20``, ``2938``, ``ABC``), nor between a number and its unit (``2938名``),
    never before closing punctuation, after opening punctuation, or between a comparator
    and its number (``≥95%``).
    """
    n = len(text)
    ok = [False] * (n + 1)
    for i in range(1, n):
        a, b = text[i - 1], text[i]
        if b.isspace() or b in NO_LINE_START:
            ok[i] = False  # the break is after the space; closing marks stay on the line
        elif a.isspace():
            ok[i] = True
        elif a in NO_LINE_END:
            ok[i] = False
        elif _wordish(a) and _wordish(b):
            ok[i] = False
        elif a in _NUMBER_INNER and b.isdigit() and i >= 2 and text[i - 2].isdigit():
            ok[i] = False  # 6,8|45 or 45.|20
        elif b in _NUMBER_INNER and a.isdigit() and i + 1 < n and text[i + 1].isdigit():
            ok[i] = False
        elif a in "-+" and b.isdigit() and (i < 2 or not _wordish(text[i - 2])):
            ok[i] = False  # a sign before its number
        elif a.isdigit():
            ok[i] = False  # a number keeps its unit: 2938名, 2021年
        else:
            ok[i] = True
    return ok


def longest_run(text: str, measure=char_width) -> float:  # type: ignore[no-untyped-def]
    """The width of the widest piece of ``text`` no line may break inside (a number, a
    word): the narrowest a column can be without cutting one."""
    best = 0.0
    for para in text.split("\n"):
        ok = break_opportunities(para)
        cuts = [0, *(i for i in range(1, len(para)) if ok[i]), len(para)]
        for a, b in itertools.pairwise(cuts):
            best = max(best, sum(measure(ch) for ch in para[a:b].strip()))
    return best


def line_spans(text: str, width: float, measure=char_width) -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
    """Where ``text`` breaks into lines at most ``width`` wide: (start, end) offsets.

    ``measure`` gives a character's width (default :func:`char_width`). Each paragraph
    (newline) starts a line; lines break only where :func:`break_opportunities` allows;
    a run wider than a whole line (a very long number or word) is cut where it must be.
    Spaces at a break are left out of both lines.
    """
    spans: list[tuple[int, int]] = []
    offset = 0
    for para in text.split("\n"):
        spans.extend((offset + a, offset + b) for a, b in _paragraph_spans(para, width, measure))
        offset += len(para) + 1
    return spans


def wrap(text: str, width: float, measure=char_width) -> list[str]:  # type: ignore[no-untyped-def]
    """``text`` cut into lines at most ``width`` wide (see :func:`line_spans`)."""
    return [text[a:b] for a, b in line_spans(text, width, measure)]


def _paragraph_spans(para: str, width: float, measure) -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
    n = len(para)
    start = 0
    while start < n and para[start].isspace():
        start += 1
    if start == n:
        return [(start, start)]
    ok = break_opportunities(para)
    out: list[tuple[int, int]] = []
    used = 0.0
    last_break = -1  # index of the last break opportunity in the current line
    i = start
    while i < n:
        w = measure(para[i])
        if i > start and ok[i]:
            last_break = i
        if used + w > width and i > start and not para[i].isspace():
            cut = last_break if last_break > start else _forced_cut(para, start, i)
            out.append((start, _rstrip(para, start, cut)))
            start = cut
            while start < n and para[start].isspace():
                start += 1
            used = 0.0
            last_break = -1
            i = start
            continue
        used += w
        i += 1
    if start < n:
        end = _rstrip(para, start, n)
        if end > start or not out:
            out.append((start, end))
    return out


def _forced_cut(text: str, start: int, i: int) -> int:
    """Where to cut a run wider than a line: as late as possible, but never before
    closing punctuation or after opening punctuation (a number may have to give)."""
    for k in range(i, start, -1):
        if text[k] not in NO_LINE_START and text[k - 1] not in NO_LINE_END:
            return k
    return i


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


# -- numbers as printed -------------------------------------------------------------------


def _quantize(value: Decimal | float | int, places: int) -> Decimal:
    d = value if isinstance(value, Decimal) else Decimal(str(value))
    return d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def money(value: Decimal | float | int | None, places: int = 2) -> str:
    """Money as the form prints it: thousands separators, half up: ``28,465.30``; ``""`` if None."""
    if value is None:
        return ""
    return f"{_quantize(value, places):,.{places}f}"


def percent(value: Decimal | float | int | None, places: int = 2) -> str:
    """A percentage (a number already in percent) as printed, half up: ``96.60%``."""
    if value is None:
        return ""
    return f"{_quantize(value, places):.{places}f}%"
