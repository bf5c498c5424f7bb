"""Labelled figures in free text: every number with its unit and the words just before it.

``extract_figures("全年城镇新增就业3.12万人，城镇登记失业率控制在2.18%")`` gives two
figures, 3.12 万人 labelled 城镇新增就业 (``全年`` is a filler) and 2.18 % labelled
城镇登记失业率 (``控制在`` is a connector). The label is the text of the figure's clause
before it, starting after the previous figure of the same clause; the connectors
between label and number are kept apart (``gap``) so a rule can tell a value
(覆盖率达到168%) from a change (覆盖率同比提升12%).

The numbers themselves are read by the assess stage's one scanner
(``jixiao.assess.measure.number_tokens``: one unit table, one numeral reader, Chinese
numerals included) on the same normalised text, and labels are split from their
connectors by the same ``split_label``. This module adds what the checks need on top:
figure kinds, labels as printed, shared and attributive figures, ranges, and the
rounding tolerance of each figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache

from jixiao.assess.measure import number_tokens, split_label
from jixiao.assess.text import normalize
from jixiao.assess.units import MULTIPLIER_EXP


class FigureKind(StrEnum):
    PERCENT = "percent"
    QUANTITY = "quantity"  # a number with a unit: 人, 万元, 宗, 平方米 …
    RANK = "rank"  # 第5名, 第2
    DATE = "date"  # 2021年, 12月, 12月8日
    BARE = "bare"  # a number without a unit (18-59岁's 18, hotline 12345)


# Clause boundaries. A colon is a boundary too, except right before the figure.
_HARD = set("，,；;。！？!?\n、（）()【】[]|")
_COLON = set("：:")

_APPROX_BEFORE = ("约", "近", "逾", "超过", "超", "将近", "接近", "多达")
_COMPARATOR_BEFORE = tuple("不低于 不少于 不超过 不高于 低于 高于 大于 小于 ≥ ≤ > <".split())
# Leading words that do not change the subject of a label.
_FILLERS = sorted(
    # multi-character words only: 和/均/共 also start real subjects (和谐, 均衡, 共享)
    "全年 年度 本年度 本年 今年 当年 累计 共计 合计 其中 同时 全部 此外 以及 另外".split(),
    key=len,
    reverse=True,
)
_FILLERS_HEAD_RE = re.compile("(?:" + "|".join(map(re.escape, _FILLERS)) + ")+")
_SPACE_RE = re.compile(r"\s+")
_QUOTES = str.maketrans("", "", "“”\"'‘’「」『』《》〈〉")
# Words after a figure that make it a bound or an approximation.
_POST = frozenset({"以上", "及以上", "以下", "及以下", "以内", "之内", "左右"})
_PERCENT_UNITS = frozenset({"%", "百分比"})


@dataclass(frozen=True)
class Figure:
    """One number in a text, with its unit and label."""

    text: str  # as it reads after normalisation, e.g. "3.12万人", "168%"
    value: Decimal  # the printed number (3.12)
    unit: str  # printed unit without the scale: 人, 元, %, "" (bare)
    scale: int  # power of ten of the printed scale: 4 for 万, 8 for 亿
    decimals: int  # decimals as printed
    kind: FigureKind
    label: str  # the words before the number, connectors removed ("" when none)
    gap: str  # the connectors between label and number ("达到", "控制在", "")
    qualifier: str | None  # 约/近/余/多/以上/以内/左右/不低于 … when the figure is not exact
    shared: bool  # one of several figures sharing a label (…分别达59.7万人、61.2万人)
    attributive: bool  # followed by a noun (新增28家企业): it counts what follows, not the label
    start: int
    end: int

    @property
    def base_value(self) -> Decimal:
        """The value in the unit without scale (3.12万人 → 31200)."""
        return self.value.scaleb(self.scale)

    @property
    def tolerance(self) -> Decimal:
        """Half a unit of the last printed digit, in base units: how far rounding can move it."""
        return Decimal(5).scaleb(self.scale - self.decimals - 1)

    @property
    def exact(self) -> bool:
        return self.qualifier is None


_SPACE_BEFORE_CJK_RE = re.compile(r"[ \t\u3000]+(?=[\u3400-\u9fff“”‘’《》（）])")
_SPACE_AFTER_CJK_RE = re.compile(r"(?<=[\u3400-\u9fff“”‘’《》（）,;:，；：、。])[ \t\u3000]+")


def join_wrapped(text: str) -> str:
    """No white space next to a CJK character: wrapped cells carry stray spaces (强化社 会管理)."""
    return _SPACE_AFTER_CJK_RE.sub("", _SPACE_BEFORE_CJK_RE.sub("", text or ""))


def normalize_text(text: str) -> str:
    """The text the figures' positions refer to: the assess stage's ``normalize`` (NFKC,
    invisible characters and white space dropped, line breaks as ``;``)."""
    return normalize(text)


def strip_connectors(label: str) -> tuple[str, str]:
    """Split ``label`` into (label, connectors at its end): 覆盖率均达到 → (覆盖率, 均达到)."""
    return split_label(label)


def label_key(label: str) -> str:
    """The label as compared across the form: no quotes or spaces, no leading fillers."""
    s = _SPACE_RE.sub("", label.translate(_QUOTES))
    m = _FILLERS_HEAD_RE.match(s)
    return s[m.end() :] if m and m.end() < len(s) else s


def extract_figures(text: str) -> list[Figure]:
    """Every figure in ``text``, in order. Cached: texts repeat across rules."""
    return list(_extract(text or ""))


@lru_cache(maxsize=4096)
def _extract(text: str) -> tuple[Figure, ...]:
    s = normalize_text(text)
    figures: list[Figure] = []
    prev_end = 0
    for t in number_tokens(s):
        start, end = t.num_start, t.end
        post = t.q3 or t.suf
        if t.suf == "内":  # 30日内实现: 内 starts the next words
            end, post = end - 1, None
        clause_start = _clause_start(s, start, prev_end)
        raw = s[clause_start:start]
        in_range = bool(figures) and figures[-1].end == start - 1 and s[start - 1] in "-~—至到"
        rank = raw.endswith("第")
        if rank:
            raw = raw[:-1]
        label, gap = strip_connectors(raw)
        value = abs(t.value)
        scale = MULTIPLIER_EXP.get(t.mult or "", 0)
        unit = "%" if t.unit in _PERCENT_UNITS else t.unit or ""
        if unit == "%":
            kind = FigureKind.PERCENT
        elif rank:
            kind = FigureKind.RANK
        elif _is_date(value, unit, scale, t.decimals, s, end):
            kind = FigureKind.DATE
        elif unit or scale:
            kind = FigureKind.QUANTITY
        else:
            kind = FigureKind.BARE
        qualifier = t.q or (post if post in _POST else None)
        if in_range:  # the second end of a range (18-59岁)
            label, gap, qualifier = "", "", "范围"
        if qualifier is None:
            for w in _COMPARATOR_BEFORE + _APPROX_BEFORE:
                if gap.endswith(w):
                    qualifier = w
                    break
        if kind is FigureKind.RANK and label.endswith("前"):
            label, qualifier = label[:-1], "前"
        shared = "分别" in gap or (
            start > 0 and s[start - 1] == "、" and bool(figures) and figures[-1].end >= start - 1
        )
        attributive = end < len(s) and (s[end].isalnum() or "\u3400" <= s[end] <= "\u9fff")
        figures.append(
            Figure(
                text=("第" if rank else "") + s[start:end],
                value=value,
                unit=unit,
                scale=scale,
                decimals=t.decimals,
                kind=kind,
                label=label.strip(),
                gap=gap,
                qualifier=qualifier,
                shared=shared,
                attributive=attributive,
                start=start,
                end=end,
            )
        )
        prev_end = end
    return tuple(figures)


def _clause_start(s: str, start: int, prev_end: int) -> int:
    i = start
    # a colon directly before the figure belongs to the gap (失业率：2.18%)
    j = i
    while j > 0 and s[j - 1] in _COLON:
        j -= 1
    i = j
    while i > prev_end and s[i - 1] not in _HARD and s[i - 1] not in _COLON:
        i -= 1
    return max(i, prev_end)


def _is_date(value: Decimal, unit: str, scale: int, decimals: int, s: str, end: int) -> bool:
    if scale or decimals:
        return False
    if unit == "年":
        return 1900 <= value <= 2100
    if unit == "月":
        return 1 <= value <= 12
    if unit == "日":
        return end >= 2 and "月" in s[max(0, end - 6) : end - 1] and 1 <= value <= 31
    return False


def clear_cache() -> None:
    """Forget cached extractions (for benchmarks and long-running processes)."""
    _extract.cache_clear()
