"""Labelled figures in free text: every number with its unit and the words just before it.

``extract_figures("全年城镇新增就业3.12万人，城镇登记失业率控制在2.18%")`` gives two
figures, 3.12 万人 labelled 城镇新增就业 (``全年`` is a filler) and 2.18 % labelled
城镇登记失业率 (``控制在`` is a connector). The label is the text of the figure's clause
before it, starting after the previous figure of the same clause; the connectors
between label and number are kept apart (``gap``) so a rule can tell a value
(覆盖率达到168%) from a change (覆盖率同比提升12%).

The checks stage needs labels precise enough to compare figures across the form
and to know which rate a percentage belongs to; it keeps its own small extractor
for that instead of the assess stage's target/completion parser.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache


class FigureKind(StrEnum):
    PERCENT = "percent"
    QUANTITY = "quantity"  # a number with a unit: 人, 万元, 宗, 平方米 …
    RANK = "rank"  # 第5名, 第2
    DATE = "date"  # 2021年, 12月, 12月8日
    BARE = "bare"  # a number without a unit (18-59岁's 18, hotline 12345)


# Units, longest first so 人次 wins over 人 and 平方米 over 米.
_UNITS = sorted(
    (
        "元 人次 人 户次 户 家次 家 个次 个 项 宗 件 场次 场 次 名 份 "
        "套次 套 条 处 所 座 张 批次 批 支 堂 面 篇 期 台 辆 车次 吨 "
        "平方米 平方公里 公里 千米 米 m2 亩 公顷 天 日 小时 分钟 个月 月 "
        "年 周 例 起 单 笔 间次 间 档次 档 岁 分 倍 册 本 棵 株 盏 根 "
        "首 曲 类 级 届 班 课时 学时 轮 栋 幢 块 辆次 艘"
    ).split(),
    key=len,
    reverse=True,
)

_NUMBER = r"(?<![A-Za-z\d.])(?<!\d,)(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_FIGURE_RE = re.compile(
    _NUMBER
    + r"(?:\s*(%|‰)|(余|多)?(万亿|万|亿)?(余|多)?("
    + "|".join(map(re.escape, _UNITS))
    + r")?)"
    + r"(以上|以下|以内|左右|余|多)?"
)

# Clause boundaries. A colon is a boundary too, except right before the figure.
_HARD = set("，,；;。！？!?\n、（）()【】[]|")
_COLON = set("：:")

# Words between a label and its number that do not change what the number is.
_CONNECTORS = sorted(
    (
        "达到了 达到 高达 达 为 是 约为 约 近 逾 超过 超 将近 接近 控制在 "
        "保持在 保持 稳定在 维持在 提升至 提升到 提高至 提高到 上升至 上升到 "
        "增至 增加至 增加到 降至 下降至 降低至 降低到 减少至 压减至 压缩至 "
        "缩短至 实现 均 分别 已 共计 共 累计 合计 总计 了 在 ： : = 仅 "
        "仍 全部 不低于 不少于 不超过 不高于 低于 高于 大于 小于 多达 ≥ ≤ "
        "> <"
    ).split(),
    key=len,
    reverse=True,
)
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
    """NFKC (full-width digits and ％ to ASCII), then ``join_wrapped``."""
    return join_wrapped(unicodedata.normalize("NFKC", text or ""))


# Connectors at the end of a label, matched on the reversed label (longest first).
_CONNECTORS_TAIL_RE = re.compile("(?:" + "|".join(re.escape(c[::-1]) for c in _CONNECTORS) + ")+")


def strip_connectors(label: str) -> tuple[str, str]:
    """Split ``label`` into (label, connectors at its end): 覆盖率均达到 → (覆盖率, 均达到)."""
    m = _CONNECTORS_TAIL_RE.match(label[::-1])
    if not m:
        return label, ""
    n = m.end()
    return label[: len(label) - n], label[len(label) - n :]


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
    for m in _FIGURE_RE.finditer(s):
        num, pct, q1, scale_s, q2, unit, post = m.groups()
        start = m.start()
        clause_start = _clause_start(s, start, prev_end)
        raw = s[clause_start:start]
        in_range = bool(figures) and figures[-1].end == start - 1 and s[start - 1] in "-~—至到"
        rank = raw.endswith("第")
        if rank:
            raw = raw[:-1]
        label, gap = strip_connectors(raw)
        value = Decimal(num.replace(",", ""))
        decimals = len(num.split(".")[1]) if "." in num else 0
        scale = {"万": 4, "亿": 8, "万亿": 12}.get(scale_s or "", 0)
        unit = pct or unit or ""
        if pct:
            kind = FigureKind.PERCENT
        elif rank:
            kind = FigureKind.RANK
        elif _is_date(value, unit, scale, decimals, s, m.end()):
            kind = FigureKind.DATE
        elif unit:
            kind = FigureKind.QUANTITY
        elif scale:
            kind = FigureKind.QUANTITY
        else:
            kind = FigureKind.BARE
        qualifier = q1 or q2 or post
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
        end = m.end()
        attributive = end < len(s) and (s[end].isalnum() or "\u3400" <= s[end] <= "\u9fff")
        figures.append(
            Figure(
                text=("第" if rank else "") + s[start:end],
                value=value,
                unit=unit,
                scale=scale,
                decimals=decimals,
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
