"""The one scanner of figures, and parsing targets and completions into measures.

``number_tokens`` finds every number of a normalised text (digits or Chinese numerals,
with multiplier, unit, qualifiers and comparator words); both the verdicts (``scan``,
here) and the checks' figure list (``jixiao.checks.figures``) are built on it, with the
one unit table (``units``) and the one numeral reader (``text.read_number``).

``scan`` adds what only a verdict needs (dates, deadlines, ranks, levels, grades, zero
and timeliness words) and labels each figure; ``parse_measure`` reduces a target or
completion to one ``Measure`` and ``extract_measures`` lists the figures of a text.

Every pattern here is linear: alternations of literal words, bounded repeats, no nested
quantifiers; labels and windows are found by bounded scans, never by a regex anchored at
the end of an unbounded text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from typing import Literal

from jixiao.assess.scales import Scale, Scales, current
from jixiao.assess.text import CN_NUMERAL_CHARS, cn_number, normalize, read_number
from jixiao.assess.types import Comparator, Kind, Measure
from jixiao.assess.units import (
    CN_UNIT_RE,
    MULTIPLIERS,
    UNIT_RE,
    UNITS,
    YEARS,
    UnitSpec,
    parse_unit,
)

__all__ = [
    "EQ",
    "GE",
    "GT",
    "LE",
    "LT",
    "SYMBOL",
    "Fig",
    "NumToken",
    "Scan",
    "UnitSpec",
    "apply_unit",
    "clean_label",
    "cn_number",
    "extract_measures",
    "normalize",
    "number_tokens",
    "parse_measure",
    "parse_sign",
    "parse_unit",
    "primary",
    "scan",
    "split_label",
    "tidy",
]

Role = Literal["target", "actual"]

GE, LE, EQ, GT, LT = Comparator.GE, Comparator.LE, Comparator.EQ, Comparator.GT, Comparator.LT
SYMBOL = {GE: "≥", LE: "≤", GT: ">", LT: "<", EQ: "="}
_ONE = Decimal(1)

# -- comparator and qualifier words -------------------------------------------------------

_PRE_WORDS: dict[str, Comparator] = {
    "不低于": GE, "不少于": GE, "不小于": GE, "不得低于": GE, "不得少于": GE, "大于等于": GE,
    "大于或等于": GE, "≥": GE, "至少": GE, "达到": GE, "达": GE,
    "超过": GT, "高于": GT, "大于": GT, "多于": GT, ">": GT, "逾": GT, "超": GT,
    "不高于": LE, "不超过": LE, "不大于": LE, "不多于": LE, "不得高于": LE, "不得超过": LE,
    "小于等于": LE, "小于或等于": LE, "≤": LE, "控制在": LE, "至多": LE, "最多": LE,
    "低于": LT, "少于": LT, "小于": LT, "<": LT,
    "=": EQ, "等于": EQ,
}  # fmt: skip
_WEAK_WORDS = {"达", "达到"}  # in a completion these state the value reached
_SUF_WORDS: dict[str, Comparator] = {
    "及以上": GE,
    "以上": GE,
    "及以下": LE,
    "以下": LE,
    "以内": LE,
    "之内": LE,
    "内": LE,
}
_PRE_RE = "|".join(re.escape(w) for w in sorted(_PRE_WORDS, key=len, reverse=True))
_SUF_RE = "|".join(re.escape(w) for w in sorted(_SUF_WORDS, key=len, reverse=True))
_QPRE_RE = "将近|接近|大约|约|近"
_QPRE = {"将近": "近", "接近": "近", "近": "近", "大约": "约", "约": "约"}


def _starts(*alternatives: str, chars: str = "") -> str:
    """A lookahead on the possible first characters of ``|``-separated alternatives (and
    of ``chars``).

    Python's ``re`` tries every alternative at every position; this guard lets it skip
    the positions where none can start, which makes scanning several times faster.
    """
    first = {w.lstrip("\\")[0] for alt in alternatives for w in alt.split("|") if w.lstrip("\\")}
    return "(?=[" + re.escape("".join(sorted(first | set(chars)))) + "])"


_BOUNDARY = ",;。:!?()[]【】<>《》{}\"'"
_BOUNDARY_SET = frozenset(_BOUNDARY)
_CN = CN_NUMERAL_CHARS
_NUM = r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?"
_HAS_DIGIT = re.compile("[0-9]")
_HAS_CN = re.compile(f"[{_CN}]")

# -- the number scanner ----------------------------------------------------------------------

_DIGIT_FIG = re.compile(
    _starts(_PRE_RE, _QPRE_RE, chars="-0123456789")
    + rf"(?P<pre>{_PRE_RE})?(?P<qpre>{_QPRE_RE})?(?P<neg>(?<![0-9A-Za-z])-)?"
    rf"(?<![A-Za-z0-9./])(?<![0-9],)(?P<num>{_NUM})(?![0-9])(?P<q1>余|多)?"
    rf"(?P<mult>万亿|千万|百万|万|亿|千(?!克|米|瓦))?(?P<q2>余|多)?(?P<unit>{UNIT_RE})?(?P<q3>左右)?"
    rf"(?P<suf>{_SUF_RE})?"
)
# Chinese numerals carrying a unit (三十二场, 四百八十户, 两万余人).
_CN_FIG = re.compile(
    _starts(_PRE_RE, _QPRE_RE, chars=_CN)
    + rf"(?P<pre>{_PRE_RE})?(?P<qpre>{_QPRE_RE})?(?<![{_CN}第周期拜初])"
    rf"(?P<num>[{_CN}]{{1,12}})(?P<q1>余|多)?(?P<unit>{CN_UNIT_RE})(?P<q3>左右)?"
    rf"(?P<suf>{_SUF_RE})?"
)
# 百分之九十五, 百分之95, 百分百
_PERCENT_WORDS = re.compile(
    _starts(_PRE_RE, "百")
    + rf"(?P<pre>{_PRE_RE})?(?P<pw>百分(?:之(?P<num>[0-9]{{1,6}}(?:\.[0-9]{{1,6}})?|[{_CN}]{{1,8}})|百))"
)


class _Taken:
    """Character positions already read by an earlier pass (a bytearray: O(1) a char)."""

    __slots__ = ("used",)

    def __init__(self, n: int) -> None:
        self.used = bytearray(n + 1)

    def hit(self, a: int, b: int) -> bool:
        return self.used.find(1, a, b) >= 0

    def add(self, a: int, b: int) -> None:
        self.used[a:b] = b"\x01" * (b - a)

    def empty(self) -> bool:
        return self.used.find(1) < 0


@dataclass(slots=True)
class NumToken:
    """One number of a text with what is printed around it (the scanner's raw output)."""

    start: int  # start of the match, comparator and qualifier words included
    num_start: int  # start of the number itself
    num_end: int
    end: int  # end of unit, qualifiers and suffix
    number: str  # as printed: "1,234.5", "三十二"
    value: Decimal  # the printed number (3.12 of 3.12万人); negative for -1.5
    cn: bool  # written in Chinese numerals
    pre: str | None = None  # comparator word before (不低于, 达到 …)
    qpre: str | None = None  # 约/近/将近 …
    q: str | None = None  # 余/多
    mult: str | None = None  # 万/亿/千/万亿
    unit: str | None = None  # printed unit
    q3: str | None = None  # 左右
    suf: str | None = None  # 以上/以下/以内/内 …
    percent_words: bool = False  # 百分之…

    @property
    def decimals(self) -> int:
        return len(self.number.split(".")[1]) if "." in self.number else 0


# A magnitude standing alone after an approximation or a bound: 近万人次, 逾千人, 超亿元.
_LONE_MAGNITUDE = {"百": Decimal(100), "千": Decimal(1000), "万": Decimal(10_000), "亿": Decimal(10**8)}  # fmt: skip
_LONE_BEFORE = frozenset({"逾", "超", "超过", "多于", "高于"})


def _lone_magnitude(m: re.Match[str]) -> Decimal | None:
    """The value of 近万 / 逾千: a lone magnitude counts as one of it when the words before
    say the figure is about or beyond it (万元 alone stays a unit)."""
    if m.group("qpre") or m.group("pre") in _LONE_BEFORE:
        return _LONE_MAGNITUDE.get(m.group("num"))
    return None


def _single_cn_ok(s: str, m: re.Match[str]) -> bool:
    """A one-character Chinese numeral counts only when its figure closes the clause or is
    qualified: 慰问四户 and 五座 are counts, 一次性 and 两个确保 are words."""
    if m.group("q1") or m.group("q3") or m.group("suf"):
        return True
    if _lone_magnitude(m) is not None:
        return True
    e = m.end()
    return e >= len(s) or s[e] in _BOUNDARY_SET or s[e] in "、等"


def number_tokens(s: str) -> list[NumToken]:
    """Every number of a normalised text, in order: digits, Chinese numerals with a unit,
    百分之…. Numbers inside codes (PM2.5, 12345热线 stays a number: callers decide)."""
    out: list[NumToken] = []
    if _HAS_DIGIT.search(s):
        for m in _DIGIT_FIG.finditer(s):
            value = read_number(m.group("num"))
            if value is None:
                continue
            if m.group("neg"):
                value = -value
            out.append(_token(m, value, cn=False))
    if _HAS_CN.search(s):
        taken = _Taken(len(s))
        for t in out:
            taken.add(t.num_start, t.end)
        for m in _CN_FIG.finditer(s):
            if len(m.group("num")) == 1 and not _single_cn_ok(s, m):
                continue
            value = read_number(m.group("num"))
            if value is None:
                value = _lone_magnitude(m)
            if value is None or taken.hit(m.start("num"), m.end()):
                continue
            out.append(_token(m, value, cn=True))
        if "百分" in s:
            for m in _PERCENT_WORDS.finditer(s):
                number = m.group("num") or "百"
                value = read_number(number)
                if value is None:
                    continue
                out.append(
                    NumToken(
                        start=m.start(),
                        num_start=m.start("pw"),
                        num_end=m.end(),
                        end=m.end(),
                        number=number,
                        value=value,
                        cn=not number[0].isdigit(),
                        pre=m.group("pre"),
                        unit="%",
                        percent_words=True,
                    )
                )
        out.sort(key=lambda t: t.start)
    return out


def _token(m: re.Match[str], value: Decimal, cn: bool) -> NumToken:
    g = m.groupdict()
    return NumToken(
        start=m.start(),
        num_start=m.start("num"),
        num_end=m.end("num"),
        end=m.end(),
        number=g["num"],
        value=value,
        cn=cn,
        pre=g.get("pre"),
        qpre=g.get("qpre"),
        q=g.get("q1") or g.get("q2"),
        mult=g.get("mult"),
        unit=g.get("unit"),
        q3=g.get("q3"),
        suf=g.get("suf"),
    )


# -- labels ------------------------------------------------------------------------------------

# Words between a label and its number that do not change what the number is, with the
# characters that must not precede them (为 of 行为, 计 of 统计, 均 of 人均).
_CONNECTORS: dict[str, str] = {
    **dict.fromkeys(
        "达到了 达到 高达 达 是 约为 约 近 逾 超过 超 将近 接近 控制在 保持在 保持 稳定在 维持在 "
        "提升至 提升到 提高至 提高到 上升至 上升到 增至 增加至 增加到 降至 下降至 降低至 降低到 "
        "减少至 压减至 压缩至 缩短至 实现 分别 已 共计 共 累计 合计 总计 了 在 : = 仅 仍 全部 "
        "不低于 不少于 不超过 不高于 低于 高于 大于 小于 多达 ≥ ≤ > < 至 到 有 都 由 从 、".split(),
        "",
    ),
    "为": "行作认因成",
    "计": "统设会审估预",
    "均": "人平",
}
_CONNECTORS_BY_LAST: dict[str, list[str]] = {}
for _w in sorted(_CONNECTORS, key=len, reverse=True):
    _CONNECTORS_BY_LAST.setdefault(_w[-1], []).append(_w)


def split_label(raw: str) -> tuple[str, str]:
    """Split the words before a number into (label, connectors at its end):
    覆盖率均达到 → (覆盖率, 均达到); 劝导违规行为 stays whole. One backward pass."""
    end = len(raw)
    while end > 0:
        for w in _CONNECTORS_BY_LAST.get(raw[end - 1], ()):
            start = end - len(w)
            if start >= 0 and raw.startswith(w, start):
                guard = _CONNECTORS[w]
                if guard and start > 0 and raw[start - 1] in guard:
                    continue
                end = start
                break
        else:
            break
    return raw[:end], raw[end:]


_LABEL_LEAD = re.compile(r"(?:[、,;:。]|其中|并且|以及|并|且|和|及|共计|合计|累计|中$)+")


def clean_label(raw: str) -> str:
    """The label words of a figure: its clause text without leading joiners and the
    trailing connectors (为, 达, 至 …)."""
    m = _LABEL_LEAD.match(raw)
    label = raw[m.end() :] if m else raw
    return split_label(label)[0]


# -- figures of a verdict ------------------------------------------------------------------------


@dataclass(slots=True)
class Fig:
    """One figure found in a text (internal; ``to_measure`` gives the public form)."""

    kind: Kind
    start: int
    end: int
    text: str  # the figure as printed, without comparator words
    value: Decimal | None = None  # in the base unit
    unit: str | None = None  # base unit
    family: str | None = None  # unit family (个/项/家 are all counts of things)
    scale: Decimal = _ONE  # printed number * scale = value
    mult: Decimal = _ONE  # the printed multiplier (万 of 3.12万人), part of scale
    comparator: Comparator | None = None
    weak: bool = False  # comparator only from 达/达到
    qualifier: str | None = None
    label: str = ""
    raw_label: str = ""
    scope: str | None = None
    negated: bool = False  # a zero word negated (未清零)
    is_date: bool = False  # a calendar date (12月31日前, 年底前), not a figure
    year: int | None = None  # the year a date names (2023年12月)
    bare: bool = False  # printed without a unit
    fraction: bool = False  # printed like 0.985 (a share of one)
    cn: bool = False  # written in Chinese numerals
    decline: bool = False  # stated as a fall (同比下降1.5%)
    rise: bool = False  # stated as a rise (增长9.1%)
    prior: bool = False  # a prior-year or baseline value (2022年为91.5%, 上年)
    compared: bool = False  # prior only as a change against last year (较上年增长5.8%)
    percentile: bool = False  # a rank as a share of the field (前30%)
    total: int | None = None  # the size of the field a rank is in (共20个)
    vague: bool = False  # 前列, 前茅: a place no worse than the scales' vague_top
    levels: list[tuple[Scale, int]] = field(default_factory=list)  # scales holding a grade/level
    suffix: str | None = None  # of a numbered level: 级, 星级

    def to_measure(self, text: str | None = None) -> Measure:
        return Measure(
            text=self.text if text is None else text,
            kind=self.kind,
            comparator=self.comparator,
            value=self.value,
            unit=self.unit,
            qualifier=self.qualifier,
            label=self.label or None,
            scope=self.scope,
            scale=self.levels[0][0].id if self.levels else None,
        )

    @property
    def numeric(self) -> bool:
        """A quantity that compares by value (percent, count, amount, area, duration, 0)."""
        return self.value is not None and self.kind in _NUMERIC_KINDS and not self.is_date


_NUMERIC_KINDS = frozenset(
    {Kind.PERCENT, Kind.COUNT, Kind.AMOUNT, Kind.AREA, Kind.DEADLINE, Kind.ZERO}
)


@dataclass(slots=True)
class Scan:
    """Everything found in one normalised text."""

    text: str
    figs: list[Fig]
    zero_words: list[Fig]
    deadline_words: list[str]


_MICRO = Decimal("0.000001")


def tidy(d: Decimal) -> Decimal:
    """A value without float noise or exponent notation: 31200.00 → 31200, 2.180 → 2.18."""
    try:
        if d.as_tuple().exponent < -6:  # type: ignore[operator]
            d = d.quantize(_MICRO)
        if d == d.to_integral_value():
            return d.to_integral_value()
        return d.normalize()
    except InvalidOperation:  # more digits than the context holds
        return d


def _cmp(pre: str | None, suf: str | None, role: Role) -> tuple[Comparator | None, bool]:
    """The comparator of a figure from the words around it, and whether it is weak."""
    if suf and suf in _SUF_WORDS:
        return _SUF_WORDS[suf], False
    if pre:
        if pre in _WEAK_WORDS:
            return (GE, True) if role == "target" else (None, False)
        return _PRE_WORDS[pre], False
    return None, False


def _qualifier(*parts: str | None) -> str | None:
    for p in parts:
        if p:
            return _QPRE.get(p, p)
    return None


def _is_boundary(s: str, i: int) -> bool:
    return i >= len(s) or s[i] in _BOUNDARY_SET


def _number_fig(s: str, t: NumToken, role: Role, whole: bool) -> Fig | None:
    raw = t.value
    scale = MULTIPLIERS[t.mult] if t.mult else _ONE
    bare = False
    family = None
    if t.unit:
        entry = UNITS[t.unit]
        if t.unit == "年" and not (t.decimals == 0 and 1900 <= raw <= 2100):
            entry = YEARS  # 50年: a span of years, not a year
        if not entry.measure:
            return None
        if entry.base in ("岁", "年") and t.suf and _attributive(s, t.end):
            return None  # 60岁以上老人, 3年以上工龄: describing who, not a measure
        base, kind, family = entry.base, entry.kind, entry.family
        if entry.factor != 1:
            scale = scale * entry.factor
    else:
        if t.mult is None:
            if not _is_boundary(s, t.num_end) and not (t.q or t.q3 or t.suf):
                # a bare number running into words: a hotline (12345热线), a code (133链条)
                return None
            if "." not in t.number and 1900 <= raw <= 2100 and not whole:
                return None  # a bare year: (2021)
        base, kind, bare = None, Kind.COUNT, True
    suf, match_end = t.suf, t.end
    if suf == "内" and kind is not Kind.DEADLINE:
        suf, match_end = None, t.end - 1  # 16个内涝…: 内 starts the next words
    comparator, weak = _cmp(t.pre, suf, role)
    value = raw if scale == 1 else tidy(raw * scale)
    if value == 0 and comparator not in (GE, GT):
        kind = Kind.ZERO
    start = t.num_start - (len(t.qpre) if t.qpre else 0)
    if t.value < 0:
        start -= 1
    end = match_end - (len(suf) if suf else 0)
    return Fig(
        kind=kind,
        start=t.start,
        end=match_end,
        text=s[start:end],
        value=value,
        unit=base,
        family=family,
        scale=scale,
        mult=MULTIPLIERS[t.mult] if t.mult else _ONE,
        comparator=comparator,
        weak=weak,
        qualifier=_qualifier(t.qpre, t.q, t.q3),
        bare=bare,
        fraction=bare and "." in t.number and 0 < abs(raw) <= 1,
        cn=t.cn,
    )


def _attributive(s: str, i: int) -> bool:
    """A figure followed by a word it describes (60岁以上老人)."""
    return i < len(s) and "\u3400" <= s[i] <= "\u9fff" and s[i] not in "，。；、的"


def _sentence_window(s: str, i: int, n: int = 30) -> str:
    """The text before ``i`` in its sentence, at most ``n`` characters."""
    lo = max(0, i - n)
    w = s[lo:i]
    j = max(w.rfind("。"), w.rfind(";"))
    return w[j + 1 :]


# -- ranks -----------------------------------------------------------------------------------

_RANK = re.compile(
    r"(?=[全排位名并第前居])(?P<scope>全国|全省|全市|全区|全县|全镇|全街)?"
    r"(?P<mid>排名|排行|排位|位列|位居|名列|居)?(?P<tie>并列)?(?P<kw>第|前)"
    r"(?P<n>[0-9]{1,4}|[一二两三四五六七八九十百]{1,4})(?![0-9])(?P<pct>%)?(?P<suf>名|位)?"
)
_SCOPE_NEAR = re.compile(r"全(国|省|市|区|县)|(省|市|区|县)(?:内|各|属|直)")
_RANK_CONTEXT = re.compile(r"排名|排行|排位|名次|位列|位居|名列|在.{0,12}中")
_TOTAL_AFTER = re.compile(
    rf"[(/]?(?:共|总共|共有)(?P<m>[0-9]{{1,4}}|[{_CN}]{{1,4}})|/(?P<m2>[0-9]{{1,4}})"
)
_TOTAL_BEFORE = re.compile(
    rf"(?P<m>[0-9]{{1,4}}|[{_CN}]{{1,4}})(?:个|家|所|支|名|位)[^,;。0-9]{{0,8}}中"
    r"(?:排名|排|位列|名列|位居)?$"
)


def _rank_figs(s: str, taken: _Taken, scales: Scales) -> list[Fig]:
    figs = []
    for m in _RANK.finditer(s):
        start = m.start()
        if s[max(0, start - 2) : start] == "倒数" or taken.hit(start, m.end()):
            continue
        kw, suf, pct = m.group("kw"), m.group("suf"), m.group("pct")
        whole = start == 0 and m.end() == len(s)
        if pct and kw != "前":
            continue
        if not suf and not pct:
            if not _is_boundary(s, m.end()) and s[m.end()] not in "、和":
                continue
            window = _sentence_window(s, start)
            if not (whole or m.group("scope") or m.group("mid") or _RANK_CONTEXT.search(window)):
                continue
        n = cn_number(m.group("n"))
        if n is None or n == 0 or (pct and n > 100):
            continue
        scope = m.group("scope")
        if scope is None:
            near = list(_SCOPE_NEAR.finditer(_sentence_window(s, start)))
            if near:
                scope = "全" + (near[-1].group(1) or near[-1].group(2))
        total = None
        if kw == "第":
            after = _TOTAL_AFTER.match(s, m.end(), min(len(s), m.end() + 12))
            before = _TOTAL_BEFORE.search(s[max(0, start - 20) : start])
            for tm, g in ((after, "m"), (after, "m2"), (before, "m")):
                if tm and tm.group(g):
                    total = cn_number(tm.group(g))
                    if total:
                        break
            if total is not None and total < n:
                total = None
        figs.append(
            Fig(
                kind=Kind.RANK,
                start=start,
                end=m.end(),
                text=m.group(0),
                value=Decimal(n),
                unit="%" if pct else "名",
                comparator=LE if kw == "前" else EQ,
                qualifier="并列" if m.group("tie") else None,
                scope=scope,
                percentile=bool(pct),
                total=total,
            )
        )
        taken.add(start, m.end())
    if scales.vague_re.search(s):
        for w in scales.vague_ranks:
            i = s.find(w)
            if i < 0 or taken.hit(i, i + len(w)):
                continue
            near = _SCOPE_NEAR.search(_sentence_window(s, i, 8))
            figs.append(
                Fig(
                    kind=Kind.RANK,
                    start=i,
                    end=i + len(w),
                    text=w,
                    value=Decimal(scales.vague_top),
                    unit="名",
                    comparator=LE,
                    scope=("全" + (near.group(1) or near.group(2))) if near else None,
                    vague=True,
                )
            )
            taken.add(i, i + len(w))
    return figs


# -- levels and grades ---------------------------------------------------------------------------

_LEVEL = re.compile(
    r"(?=[0-9一二三四五六七八九十])(?<![省市区县镇街村组0-9])"
    r"(?P<n>[0-9]{1,2}|[一二三四五六七八九十])(?P<suf>星级|级|星)(?P<cmp>及以上|以上|及以下|以下)?"
)
_LEVEL_CONTEXT = re.compile(
    r"达到|达|标准|等级|级别|为|评为|评定|水平|通过|取得|获得|获评|创建|保持"
)


def _level_figs(s: str, taken: _Taken, scales: Scales) -> list[Fig]:
    figs = []
    rx = scales.level_re
    if rx is not None and scales.level_first_re.search(s) and scales.level_any_re.search(s):
        for m in rx.finditer(s):
            if taken.hit(m.start(), m.end()):
                continue
            word = m.group(0)
            key = word if word in scales.level_words else word[:-1]
            cands = scales.level_words.get(key)
            if not cands:
                continue
            cmp_m = re.match("及以上|以上|及以下|以下", s[m.end() : m.end() + 3])
            end = m.end() + (cmp_m.end() if cmp_m else 0)
            cmp_word = cmp_m.group(0) if cmp_m else None
            figs.append(
                Fig(
                    kind=Kind.LEVEL,
                    start=m.start(),
                    end=end,
                    text=key,
                    value=Decimal(len(cands[0][0].levels) - cands[0][1]),
                    unit="级",
                    comparator=_SUF_WORDS[cmp_word] if cmp_word else None,
                    levels=list(cands),
                )
            )
            taken.add(m.start(), end)
    if "级" in s or "星" in s:
        for m in _LEVEL.finditer(s):
            if taken.hit(m.start(), m.end()):
                continue
            whole = m.start() <= 2 and m.end() == len(s)
            before = s[max(0, m.start() - 6) : m.start()]
            if not (whole or _is_boundary(s, m.end()) or _LEVEL_CONTEXT.search(before)):
                if m.group("suf") == "级" and s[m.end() : m.end() + 3] not in ("标准化",):
                    if not re.match("标准|测评|证书|资质|达标", s[m.end() : m.end() + 2]):
                        continue
            n = cn_number(m.group("n"))
            if n is None:
                continue
            cmp_word = m.group("cmp")
            figs.append(
                Fig(
                    kind=Kind.LEVEL,
                    start=m.start(),
                    end=m.end(),
                    text=s[m.start() : m.end("suf")],
                    value=Decimal(n),
                    unit="级",
                    comparator=_SUF_WORDS[cmp_word] if cmp_word else None,
                    suffix=m.group("suf"),
                )
            )
            taken.add(m.start(), m.end())
    return figs


_GRADE_ANCHOR = (
    "被评为|评为|评定为|评价为|评级为|评估为|考核为|考评为|等次为|等级为|结果为|定级为|"
    "获评|评定|考核|考评|验收|评估|评价|等次|等级|达到|达|为|获|是"
)
_GRADE_TAIL = "等次|等级|档次|级"


class _GradeRes:
    """The grade patterns of one scales table (its words are data)."""

    __slots__ = ("anchored", "first", "tailed", "whole")

    def __init__(self, scales: Scales) -> None:
        words = scales.grade_re
        bound = re.escape(_BOUNDARY)
        self.anchored = re.compile(
            _starts(_GRADE_ANCHOR)
            + rf"(?:{_GRADE_ANCHOR})(?:结果)?(?:为|获|被评为|评为)?(?P<g>{words})"
            rf"(?:{_GRADE_TAIL})?(?P<suf>及以上|以上)?(?=$|[{bound}])"
        )
        multi = "|".join(w for w in words.split("|") if len(w) > 1)
        self.tailed = re.compile(rf"(?P<g>{multi})(?:等次|等级|档次)(?P<suf>及以上|以上)?")
        self.whole = re.compile(
            rf"(?:{_GRADE_ANCHOR})?(?:结果)?(?:为)?(?P<g>{words})(?:{_GRADE_TAIL})?"
            rf"(?P<suf>及以上|以上)?"
        )
        self.first = re.compile("[" + re.escape("".join({w[0] for w in scales.grade_words})) + "]")


_GRADE_CACHE: dict[int, tuple[Scales, _GradeRes]] = {}


def _grade_res(scales: Scales) -> _GradeRes:
    hit = _GRADE_CACHE.get(id(scales))
    if hit is None or hit[0] is not scales:
        hit = (scales, _GradeRes(scales))
        _GRADE_CACHE[id(scales)] = hit
    return hit[1]


def _grade_fig(s: str, m: re.Match[str], scales: Scales) -> Fig:
    g = m.group("g")
    cands = scales.grade_words[g]
    return Fig(
        kind=Kind.GRADE,
        start=m.start("g"),
        end=m.end(),
        text=g,
        value=Decimal(len(cands[0][0].levels) - cands[0][1]),
        comparator=GE if m.group("suf") else None,
        levels=list(cands),
    )


def _grade_figs(s: str, taken: _Taken, scales: Scales) -> list[Fig]:
    res = _grade_res(scales)
    if not res.first.search(s):
        return []
    whole = res.whole.fullmatch(s)
    if whole:
        taken.add(0, len(s))
        return [_grade_fig(s, whole, scales)]
    figs = []
    for rx in (res.anchored, res.tailed):
        for m in rx.finditer(s):
            if not taken.hit(m.start("g"), m.end()):
                figs.append(_grade_fig(s, m, scales))
                taken.add(m.start("g"), m.end())
    return figs


# -- dates and deadlines ----------------------------------------------------------------------

_CN_MONTH = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10, "十一": 11, "十二": 12}  # fmt: skip
_DATE = re.compile(
    r"(?=[次明翌下0-9一二三四五六七八九十])(?P<next>次年|明年|翌年|下一年度|下一年)?"
    r"(?:(?P<y>[0-9]{4})年)?(?<![0-9个每第])"
    r"(?P<m>1[0-2]|0?[1-9]|十二|十一|十|[一二三四五六七八九])月份?"
    r"(?:(?P<d>[1-3][0-9]|0?[1-9])[日号]|(?P<part>底|末|初|中旬|上旬|下旬))?"
    r"(?P<before>前|之前|以前)?"
)
_YEAR = re.compile(r"[0-9]{4}年度?")


def _date_figs(s: str, taken: _Taken) -> list[Fig]:
    figs = []
    for m in _DATE.finditer(s):
        if taken.hit(m.start(), m.end()):
            continue
        mt = m.group("m")
        month = int(mt) if mt.isdigit() else _CN_MONTH[mt]
        if m.group("d"):
            day = int(m.group("d"))
            if day > 31:
                continue
        elif m.group("part") in ("初", "上旬"):
            day = 10
        elif m.group("part") == "中旬":
            day = 20
        else:
            day = 31
        if not mt.isdigit() and not (m.group("d") or m.group("part") or m.group("before")):
            if not _is_boundary(s, m.end()) and s[m.end() : m.end() + 2] not in (
                "完成",
                "开工",
                "竣工",
                "完工",
                "建成",
            ):
                continue  # 三月 inside words; a bare Chinese month needs a date around it
        if m.group("next"):
            month += 12  # in the following year: later than any date of this one
        taken.add(m.start(), m.end())
        figs.append(_date_fig(m, month * 100 + day))
    return figs


def _date_fig(m: re.Match[str], value: int, comparator: Comparator | None = None) -> Fig:
    """A date or deadline matched by ``m`` (groups ``y`` and ``before``): month*100+day."""
    return Fig(
        kind=Kind.DEADLINE,
        start=m.start(),
        end=m.end(),
        text=m.group(0),
        value=Decimal(value),
        unit="日期",
        comparator=comparator or (LE if m.group("before") else None),
        is_date=True,
        year=int(m.group("y")) if m.group("y") else None,
    )


# A date in digits: 2023-07-05, 2023.3.20, 2023/3/20 (one separator throughout).
_NUM_DATE = re.compile(
    r"(?<![0-9.])(?P<y>(?:19|20)[0-9]{2})(?P<sep>[-./])(?P<m>1[0-2]|0?[1-9])(?P=sep)"
    r"(?P<d>3[01]|[12][0-9]|0?[1-9])(?![0-9])(?P<before>前|之前|以前)?"
)
_NUM_DATE_GATE = re.compile(r"[0-9][-./][0-9]{1,2}[-./][0-9]")


def _num_date_figs(s: str, taken: _Taken) -> list[Fig]:
    figs = []
    for m in _NUM_DATE.finditer(s):
        if taken.hit(m.start(), m.end()):
            continue
        taken.add(m.start(), m.end())
        figs.append(_date_fig(m, int(m.group("m")) * 100 + int(m.group("d"))))
    return figs


_PERIOD_CACHE: dict[int, tuple[Scales, re.Pattern[str] | None]] = {}


def _period_re(scales: Scales) -> re.Pattern[str] | None:
    hit = _PERIOD_CACHE.get(id(scales))
    if hit is None or hit[0] is not scales:
        rx = (
            re.compile(
                rf"(?:(?P<y>[0-9]{{4}})年?)?(?P<w>{scales.periods_re})(?P<before>前|之前|以前)?"
            )
            if scales.periods
            else None
        )
        hit = (scales, rx)
        _PERIOD_CACHE[id(scales)] = hit
    return hit[1]


def _period_figs(s: str, taken: _Taken, scales: Scales) -> list[Fig]:
    rx = _period_re(scales)
    if rx is None:
        return []
    figs = []
    for m in rx.finditer(s):
        if taken.hit(m.start(), m.end()):
            continue
        taken.add(m.start(), m.end())
        figs.append(_date_fig(m, scales.periods[m.group("w")], LE))
    return figs


# 无 at the start of a clause (全年无安全事故, 保持无事故) but not in words (无法, 无纸化 …),
# and a lone 零 closing a clause (发生数：零): the judge's own readings beside the table's
# none_words.
_ZERO_NO = (
    r"(?:^|(?<=[,;、。:保现到持年本均]))无(?!法|纸|障|人机|线|缝|偿|需|疑|论|意|关|效|形|限|私|畏|微)"
    r"|(?:^|(?<=[,;、。:为是]))零(?=$|[,;。])"
)
_ZERO_CACHE: dict[int, tuple[Scales, re.Pattern[str], re.Pattern[str]]] = {}


def _zero_res(scales: Scales) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The zero-word pattern of a scales table and a gate on its first characters."""
    hit = _ZERO_CACHE.get(id(scales))
    if hit is None or hit[0] is not scales:
        words = "|".join(re.escape(w) for w in scales.none_words)
        alt = f"{words}|{_ZERO_NO}" if words else _ZERO_NO
        first = "".join(sorted({w[0] for w in scales.none_words} | {"无", "零"}))
        gate = re.compile("[" + re.escape(first) + "]")
        hit = (scales, re.compile(f"(?=[{re.escape(first)}])(?:{alt})"), gate)
        _ZERO_CACHE[id(scales)] = hit
    return hit[1], hit[2]


_ZERO_NEGATED = re.compile(r"(?:未|没有|尚未|未能|没能|仍未)$")

# Words before a number that make it a change, a baseline or a prior-year value.
_DECLINE = re.compile(r"(?:下降|减少|降低|回落|下滑|缩减|负增长|减|降)了?$")
_RISE = re.compile(r"(?:增长|增加|提高|提升|上升|增|涨)了?$")
_PRIOR = re.compile(r"上年|去年|上一年|前一年|同期|上期|基期|基数|原来|原有|此前")
_PRIOR_YEAR = re.compile(r"[0-9]{4}年度?(?:为|是|:|底|末)?$")
# A comparison with last year (较上年, 比去年同期): the figure after it is a change, not the
# prior year's value.
_COMPARED = re.compile(r"(?:较|比|与)(?:上年|去年|上一年|前一年|上期|同期)(?:同期)?")


def scan(
    text: str,
    role: Role = "actual",
    *,
    normalized: bool = False,
    scales: Scales | None = None,
) -> Scan:
    """Find every figure of a text, in order, with labels; plus zero and timeliness words."""
    sc = scales or current()
    s = text if normalized else normalize(text)
    taken = _Taken(len(s))
    digits = _HAS_DIGIT.search(s) is not None
    figs: list[Fig] = []
    if "月" in s:
        figs += _date_figs(s, taken)
    if digits and ("-" in s or "." in s or "/" in s) and _NUM_DATE_GATE.search(s):
        figs += _num_date_figs(s, taken)
    figs += _period_figs(s, taken, sc)  # 年底前, 2023年底前, 第三季度
    if digits and "年" in s:
        for m in _YEAR.finditer(s):
            if not taken.hit(m.start(), m.end()):
                taken.add(m.start(), m.end())
    if "第" in s or "前" in s or sc.vague_re.search(s):
        figs += _rank_figs(s, taken, sc)
    figs += _level_figs(s, taken, sc)
    if sc.grade_any_re.search(s):
        figs += _grade_figs(s, taken, sc)
    for w in ("全覆盖", "全部覆盖"):
        i = s.find(w)
        if i < 0 or taken.hit(i, i + len(w)) or (i > 0 and s[i - 1] in "未没不"):
            continue
        figs.append(
            Fig(kind=Kind.PERCENT, start=i, end=i + len(w), text=w, value=Decimal(100), unit="%")
        )
        taken.add(i, i + len(w))
    whole_text = taken.empty()
    for t in number_tokens(s):
        if taken.hit(t.num_start, t.num_end) or (t.num_start > 0 and s[t.num_start - 1] == "第"):
            continue
        whole = whole_text and t.start == 0 and t.end == len(s)
        if t.percent_words:
            comparator, weak = _cmp(t.pre, None, role)
            fig = Fig(
                kind=Kind.PERCENT if t.value else Kind.ZERO,
                start=t.start,
                end=t.end,
                text=s[t.num_start : t.end],
                value=t.value,
                unit="%",
                family="%",
                comparator=comparator,
                weak=weak,
                cn=t.cn,
            )
        else:
            fig = _number_fig(s, t, role, whole)
        if fig is not None:
            figs.append(fig)
            taken.add(t.num_start, t.num_end)
    figs.sort(key=lambda f: f.start)
    figs = _join_durations(figs, s)
    prev_end = 0
    for f in figs:
        j = f.start
        while j > prev_end and s[j - 1] not in _BOUNDARY_SET:
            j -= 1
        f.raw_label = s[j : f.start] if j < f.start else ""
        f.label = clean_label(f.raw_label)
        if f.numeric:
            tail = s[max(0, f.start - 8) : f.start]
            f.decline = bool(_DECLINE.search(tail))
            f.rise = not f.decline and bool(_RISE.search(tail))
            window = s[max(j, f.start - 16) : f.start]
            in_parens = j > 0 and s[j - 1] in "(["
            f.prior = bool(_PRIOR.search(window)) or (
                in_parens and bool(_PRIOR_YEAR.search(window))
            )
            if f.prior and (f.rise or f.decline) and _COMPARED.search(window):
                f.compared = not _PRIOR.search(_COMPARED.sub("", window))
        prev_end = max(prev_end, f.end)
    zero_words = []
    zero_re, zero_gate = _zero_res(sc)
    if zero_gate.search(s):
        for m in zero_re.finditer(s):
            negated = bool(_ZERO_NEGATED.search(s[max(0, m.start() - 2) : m.start()]))
            zero_words.append(
                Fig(kind=Kind.ZERO, start=m.start(), end=m.end(), text=m.group(0), negated=negated)
            )
    deadline_words = (
        list(dict.fromkeys(m.group(0) for m in sc.timeliness_re.finditer(s)))
        if sc.timeliness_re.search(s)
        else []
    )
    return Scan(s, figs, zero_words, deadline_words)


def _join_durations(figs: list[Fig], s: str) -> list[Fig]:
    """1小时20分钟 is one duration (80 minutes), not two figures."""
    out: list[Fig] = []
    for f in figs:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.end == f.start
            and prev.kind is f.kind is Kind.DEADLINE
            and not prev.is_date
            and not f.is_date
            and prev.unit == f.unit == "天"
            and prev.comparator is None
            and prev.value is not None
            and f.value is not None
            and f.scale < prev.scale
        ):
            prev.value = tidy(prev.value + f.value)
            prev.end = f.end
            prev.text = s[prev.start : f.end] if not f.comparator else prev.text + f.text
            prev.comparator = f.comparator
            prev.scale = f.scale
            continue
        out.append(f)
    return out


# -- public API ------------------------------------------------------------------------------


def apply_unit(fig: Fig, spec: UnitSpec | None) -> Fig:
    """The figure with the unit the caller states (a 度量单位 column) when it printed none;
    a new figure, the scanned one is left as it is."""
    if spec is None or fig.unit is not None or fig.value is None:
        return fig
    if fig.kind not in (Kind.COUNT, Kind.ZERO):
        return fig
    return replace(
        fig,
        value=fig.value * spec.factor,
        scale=fig.scale * spec.factor,
        unit=spec.base or None,
        family=spec.family or None,
        kind=fig.kind if fig.kind is Kind.ZERO else spec.kind,
        text=fig.text + spec.text,
    )


_SIGNS: dict[str, Comparator] = {
    "+": GE, "≥": GE, ">": GT, "-": LE, "≤": LE, "<": LT, "=": EQ, "==": EQ,
    "↑": GE, "↓": LE, "正向": GE, "反向": LE, "正向指标": GE, "反向指标": LE,
    "越高越好": GE, "越低越好": LE, "越大越好": GE, "越小越好": LE,
    "大于等于": GE, "小于等于": LE, "大于": GT, "小于": LT, "等于": EQ,
    "不低于": GE, "不高于": LE, "不少于": GE, "不超过": LE,
}  # fmt: skip


def parse_sign(sign: str | None) -> Comparator | None:
    """The direction a 指标性质 column prints: ``+``/``≥``/``≧``/``>=`` → ≥, ``-``/``≤``/``≦``
    → ≤, ``>``, ``<``, ``=``/``═``, 正向/反向 … (full-width forms too).

    Raises ``ValueError`` for anything else.
    """
    if sign is None:
        return None
    s = normalize(sign)
    if not s:
        return None
    if s not in _SIGNS:
        raise ValueError(f"无法识别的方向 {sign!r}：应为 +、-、≥、≤、>、<、= 或 正向/反向")
    return _SIGNS[s]


def primary(sc: Scan) -> Fig | None:
    """The figure a short target or completion states: the first non-date figure, else a
    date."""
    for f in sc.figs:
        if not f.is_date:
            return f
    return sc.figs[0] if sc.figs else None


def parse_measure(text: str, *, unit: str | None = None, sign: str | None = None) -> Measure:
    """Parse a target (or a one-figure completion) into a ``Measure``.

    The measure is the text's first figure (number with unit, rank, level, grade, date);
    without one, zero words (不发生, 清零, 杜绝 …) make it ``zero``, timeliness words (按时,
    及时 …) ``deadline``, anything else is ``qualitative``. 达/达到 read as ≥ here (a
    target). ``unit`` gives unitless numbers a unit; ``sign`` (``+``/``-``, ``>=``/``<=``)
    sets the comparator when the text prints none. ``text`` is the input text.
    """
    cmp_override = parse_sign(sign)
    sc = scan(text, "target")
    fig = primary(sc)
    original = (text or "").strip()
    if fig is None:
        if any(not z.negated for z in sc.zero_words):
            return Measure(text=original, kind=Kind.ZERO, value=Decimal(0))
        kind = Kind.DEADLINE if sc.deadline_words else Kind.QUALITATIVE
        return Measure(text=original, kind=kind)
    fig = apply_unit(fig, parse_unit(unit))
    if cmp_override is not None and (fig.comparator is None or fig.weak):
        fig = replace(fig, comparator=cmp_override)
    return fig.to_measure(original)


def extract_measures(text: str) -> list[Measure]:
    """All figures of a completion or narrative text, in order, each with its kind, unit,
    comparator, qualifier and label (the words before it in its clause). Years and dates
    are left out."""
    return [f.to_measure() for f in scan(text, "actual").figs if not f.is_date]
