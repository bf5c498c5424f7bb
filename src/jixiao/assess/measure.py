"""Parsing targets and completions into structured measures.

``scan`` finds every figure of a text (numbers with their units, ranks, levels, grades,
dates) together with its comparator, qualifier and label; ``parse_measure`` reduces a
target or completion to one ``Measure`` and ``extract_measures`` lists the figures of a
narrative text. Everything here is regex based and precompiled: a call costs a few tens
of microseconds, so the CLI can judge thousands of pairs a second.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Literal

from jixiao.assess.types import Comparator, Kind, Measure

Role = Literal["target", "actual"]

GE, LE, EQ, GT, LT = Comparator.GE, Comparator.LE, Comparator.EQ, Comparator.GT, Comparator.LT

# -- normalisation ------------------------------------------------------------------

_TRANS = str.maketrans(
    {"\u200b": None, "≧": "≥", "⩾": "≥", "≦": "≤", "⩽": "≤", "﹪": "%", "—": "-", "–": "-"}
)


def normalize(text: str) -> str:
    """NFKC (full-width digits and signs), >=/<= as ≥/≤, no white space; a line break
    becomes a clause break. Forms wrap CJK text with stray spaces, so spaces carry no
    meaning."""
    s = unicodedata.normalize("NFKC", text or "")
    s = s.replace(">=", "≥").replace("<=", "≤").translate(_TRANS)
    if "\n" in s or "\r" in s:
        return ";".join(p for p in ("".join(line.split()) for line in s.splitlines()) if p)
    return "".join(s.split())


_CN2AN = None


def cn_number(text: str) -> int | None:
    """An integer written in digits or Chinese numerals (三, 十二, 两), or None."""
    if text.isdigit():
        return int(text)
    global _CN2AN
    if _CN2AN is None:
        import cn2an  # imported once, on first use

        _CN2AN = cn2an
    try:
        v = _CN2AN.cn2an(text, "normal")
    except Exception:  # cn2an raises ValueError and friends on malformed numerals
        return None
    return int(v) if v == int(v) else None


# -- units --------------------------------------------------------------------------

# printed unit -> (base unit, factor to base, kind). A unit mapped to None is not a
# measure (2021年, 60岁, 100周年) and its figure is skipped.
_ONE = Decimal(1)
_UNIT_TABLE: dict[str, tuple[str, Decimal, Kind] | None] = {
    "%": ("%", _ONE, Kind.PERCENT),
    "元": ("元", _ONE, Kind.AMOUNT),
    "平方米": ("平方米", _ONE, Kind.AREA),
    "m2": ("平方米", _ONE, Kind.AREA),
    "平方公里": ("平方米", Decimal(1_000_000), Kind.AREA),
    "平方千米": ("平方米", Decimal(1_000_000), Kind.AREA),
    "km2": ("平方米", Decimal(1_000_000), Kind.AREA),
    "公顷": ("平方米", Decimal(10_000), Kind.AREA),
    "亩": ("平方米", Decimal(2000) / Decimal(3), Kind.AREA),  # 1亩 ≈ 666.67 平方米
    "米": ("米", _ONE, Kind.COUNT),
    "公里": ("米", Decimal(1000), Kind.COUNT),
    "千米": ("米", Decimal(1000), Kind.COUNT),
    "km": ("米", Decimal(1000), Kind.COUNT),
    "吨": ("吨", _ONE, Kind.COUNT),
    "千克": ("吨", Decimal("0.001"), Kind.COUNT),
    "公斤": ("吨", Decimal("0.001"), Kind.COUNT),
    "kg": ("吨", Decimal("0.001"), Kind.COUNT),
    "分": ("分", _ONE, Kind.COUNT),  # a score
    "‰": ("%", Decimal("0.1"), Kind.PERCENT),  # per mille: 2.1‰ = 0.21%
    "个百分点": ("个百分点", _ONE, Kind.COUNT),
    # concentrations and other physical units, each its own family
    "微克/立方米": ("微克/立方米", _ONE, Kind.COUNT),
    "μg/m3": ("微克/立方米", _ONE, Kind.COUNT),
    "ug/m3": ("微克/立方米", _ONE, Kind.COUNT),
    "毫克/立方米": ("微克/立方米", Decimal(1000), Kind.COUNT),
    "mg/m3": ("微克/立方米", Decimal(1000), Kind.COUNT),
    "毫克/升": ("毫克/升", _ONE, Kind.COUNT),
    "mg/L": ("毫克/升", _ONE, Kind.COUNT),
    "mg/l": ("毫克/升", _ONE, Kind.COUNT),
    "分贝": ("分贝", _ONE, Kind.COUNT),
    "dB": ("分贝", _ONE, Kind.COUNT),
    "立方米": ("立方米", _ONE, Kind.COUNT),
    "m3": ("立方米", _ONE, Kind.COUNT),
    "千瓦时": ("千瓦时", _ONE, Kind.COUNT),
    # rates per population: 10/10万 is ten per hundred thousand, not 100,000
    "/10万": ("/10万", _ONE, Kind.COUNT),
    "/十万": ("/10万", _ONE, Kind.COUNT),
    "/万": ("/10万", Decimal(10), Kind.COUNT),
    "/100万": ("/10万", Decimal("0.1"), Kind.COUNT),
    "/千": ("/千", _ONE, Kind.COUNT),
    "度": ("千瓦时", _ONE, Kind.COUNT),
    # durations: lower is better by default
    "天": ("天", _ONE, Kind.DEADLINE),
    "日": ("天", _ONE, Kind.DEADLINE),
    "周": ("天", Decimal(7), Kind.DEADLINE),
    "小时": ("天", _ONE / Decimal(24), Kind.DEADLINE),
    "分钟": ("天", _ONE / Decimal(1440), Kind.DEADLINE),
    "工作日": ("工作日", _ONE, Kind.DEADLINE),
    "个工作日": ("工作日", _ONE, Kind.DEADLINE),
    "个月": ("个月", _ONE, Kind.DEADLINE),
    # not measures
    "周年": None,
    "年度": None,
    "年": None,
    "月": None,
    "号": None,
    "届": None,
    "岁": None,
    "倍": None,
}
# Classifiers of counts; each is its own family except the aliases below.
_COUNT_UNITS = (
    "人 名 位 个 项 次 家 宗 场 起 例 件 户 套 份 张 篇 条 处 所 间 座 台 辆 艘 架 只 头 株 棵 "
    "本 册 期 批 堂 节 课 门 类 首 曲 面 封 块 栋 幢 根 支 队 组 轮 单 笔 趟 岗 档 盏 枚 袋 箱 "
    "人次 家次 户次 车次 套次 间次 档次 场次 批次 架次 台次 件次 个次 艘次 班次 趟次 条次 宗次 项次 "
    "人天 课时 学时 床 张次"
).split()
_ALIASES = {"名": "人", "位": "人", "场次": "场"}
for _u in _COUNT_UNITS:
    _UNIT_TABLE.setdefault(_u, (_ALIASES.get(_u, _u), _ONE, Kind.COUNT))

_MULT = {"万": Decimal(10_000), "亿": Decimal(100_000_000), "千": Decimal(1000)}
_UNIT_RE = "|".join(re.escape(u) for u in sorted(_UNIT_TABLE, key=len, reverse=True))


@dataclass(frozen=True, slots=True)
class UnitSpec:
    """A unit given from outside (the ``unit`` parameter), resolved to its family."""

    text: str
    base: str
    factor: Decimal
    kind: Kind


_UNIT_SPEC_RE = re.compile(rf"^(?P<mult>万|亿|千)?(?P<unit>{_UNIT_RE})?$")


def parse_unit(unit: str | None) -> UnitSpec | None:
    """Resolve a unit such as ``%``, ``万人``, ``人次``, ``亩``; unknown units stay their own."""
    if unit is None:
        return None
    u = normalize(unit)
    if not u:
        return None
    m = _UNIT_SPEC_RE.match(u)
    if m and m.group("unit"):
        entry = _UNIT_TABLE[m.group("unit")]
        if entry is not None:
            base, factor, kind = entry
            mult = _MULT.get(m.group("mult") or "", _ONE)
            return UnitSpec(u, base, factor * mult, kind)
    if m and m.group("mult"):
        return UnitSpec(u, "", _MULT[m.group("mult")], Kind.COUNT)
    return UnitSpec(u, u, _ONE, Kind.COUNT)


# -- comparators --------------------------------------------------------------------

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
_QPRE = {"将近": "近", "接近": "近", "近": "近", "大约": "约", "约": "约"}

SYMBOL = {GE: "≥", LE: "≤", GT: ">", LT: "<", EQ: "="}

# -- regexes ------------------------------------------------------------------------


def _starts(*alternatives: str) -> str:
    """A lookahead on the possible first characters of ``|``-separated alternatives.

    Python's ``re`` tries every alternative at every position; this guard lets it skip
    the positions where none can start, which makes scanning several times faster.
    """
    chars = {w[0] for alt in alternatives for w in alt.split("|") if w}
    digits = "\\d" if any(c == "\\" for c in chars) else ""
    chars.discard("\\")
    return "(?=[" + digits + re.escape("".join(sorted(chars))) + "])"


_BOUNDARY = ",;。:!?()[]【】<>《》{}\"'"
_BOUNDARY_SET = frozenset(_BOUNDARY)
_CN = "零〇一二两三四五六七八九十百"
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"

_FIG = re.compile(
    _starts(_PRE_RE.replace("\\", ""), "将近|接近|大约|约|近", "\\d")
    + rf"(?P<pre>{_PRE_RE})?(?P<qpre>将近|接近|大约|约|近)?(?<![A-Za-z\d./])"
    rf"(?P<num>{_NUM})(?![\d])(?P<q1>余|多)?(?P<mult>万|亿|千(?!克|米|瓦))?(?P<q2>余|多)?"
    rf"(?P<unit>{_UNIT_RE})?(?P<q3>左右)?(?P<suf>{_SUF_RE})?"
)
# A whole text that is one figure, possibly in Chinese numerals (三项, 不少于十二次).
_WHOLE_CN = re.compile(
    rf"^(?P<pre>{_PRE_RE})?(?P<qpre>将近|接近|大约|约|近)?(?P<num>[{_CN}]+)(?P<q1>余|多)?"
    rf"(?P<mult>万|亿|千)?(?P<q2>余|多)?(?P<unit>{_UNIT_RE})(?P<q3>左右)?(?P<suf>{_SUF_RE})?$"
)
# 全覆盖 is coverage of 100% (实现全覆盖, 全部覆盖); 未全覆盖 is not.
_FULL_COVERAGE = re.compile(r"(?<![未没不])(?:全覆盖|全部覆盖)")
_PERCENT_WORDS = re.compile(
    _starts(_PRE_RE.replace("\\", ""), "百") + rf"(?P<pre>{_PRE_RE})?百分之(?P<num>\d+|[{_CN}]+)"
)
_RANK = re.compile(
    r"(?=[全排位名并第前])(?P<scope>全国|全省|全市|全区|全县|全镇|全街)?(?P<mid>排名|排行|排位|位列|位居|名列)?"
    rf"(?P<tie>并列)?(?P<kw>第|前)(?P<n>\d+|[{_CN}]+)(?P<suf>名|位)?"
)
_SCOPE_NEAR = re.compile(r"全(国|省|市|区|县)|(省|市|区|县)(?:内|各|属|直)")
_RANK_CONTEXT = re.compile(r"排名|排行|排位|名次|位列|位居|名列|在.{0,12}中")
_LEVEL = re.compile(
    r"(?=[\d一二三四五六七八九十])"
    r"(?<![省市区县镇街村组])(?P<n>\d+|[一二三四五六七八九十])级(?P<suf>及以上|以上|及以下|以下)?"
)
_LEVEL_CONTEXT = re.compile(r"达到|达|标准|等级|级别|为|评为|评定|水平")
_GRADE_WORDS = "不合格|不及格|优秀|良好|优良|合格|及格|中等|较差|优|良|中|差"
_GRADE_VALUE = {
    "优": 4, "优秀": 4, "优良": 3, "良": 3, "良好": 3, "中": 2, "中等": 2, "合格": 2,
    "及格": 2, "差": 1, "较差": 1, "不合格": 1, "不及格": 1,
}  # fmt: skip
_GRADE_ANCHOR = (
    "被评为|评为|评定为|评价为|评级为|评估为|考核为|考评为|等次为|等级为|结果为|定级为|"
    "获评|评定|考核|考评|验收|评估|评价|等次|等级|达到|达|为|获"
)
_GRADE_TAIL = "等次|等级|档次|级"
_GRADE_ANCHORED = re.compile(
    _starts(_GRADE_ANCHOR)
    + rf"(?:{_GRADE_ANCHOR})(?:结果)?(?:为|获|被评为|评为)?(?P<g>{_GRADE_WORDS})"
    rf"(?:{_GRADE_TAIL})?(?P<suf>及以上|以上)?(?=$|[{re.escape(_BOUNDARY)}])"
)
_GRADE_TAILED = re.compile(
    r"(?=[不优良合中])(?P<g>不合格|不及格|优秀|良好|优良|合格|中等)(?:等次|等级|档次)(?P<suf>及以上|以上)?"
)
_GRADE_WHOLE = re.compile(
    rf"^(?:{_GRADE_ANCHOR})?(?:结果)?(?:为)?(?P<g>{_GRADE_WORDS})(?:{_GRADE_TAIL})?"
    rf"(?P<suf>及以上|以上)?$"
)
_HAS_DIGIT = re.compile(r"\d")
_HAS_GRADE = re.compile(r"[优良中差格]")
_HAS_ZERO = re.compile(r"[未没零清杜不无]")
_HAS_DEADLINE = re.compile(r"[按如准及限年上下当]")
_YEAR = re.compile(r"\d{4}年度?")
_DATE = re.compile(
    r"(?=[次明翌\d])(?P<next>次年|明年|翌年)?(?<!\d)(?P<m>\d{1,2})月份?(?:(?P<d>\d{1,2})[日号]|(?P<part>底|末|初|中旬|上旬|下旬))?"
    r"(?P<before>前|之前|以前)?"
)
_YEAR_END = re.compile(
    r"(?=[年上下])(?P<w>年底|年末|年内|年度内|上半年|下半年)(?P<before>前|之前)?"
)
_ZERO_WORDS = re.compile(
    r"(?=[未没零清杜不无])(?:未发生|没有发生|未出现|没有出现|未发现|零发生|零报告|零事故|零伤亡|零投诉|零输入|零感染|"
    r"零死亡|零差错|零失误|零发案|清零|杜绝|不发生|不出现|不输入|未输入|无一例|"
    r"(?:^|(?<=[,;、。:保现到持年本均]))无(?!法|纸|障|人机|线|缝|偿|需|疑|论|意|关|效|形|限|私|畏|微))"
)
_ZERO_NEGATED = re.compile(r"(?:未|没有|尚未|未能|没能|仍未)$")
_DEADLINE_WORDS = re.compile(
    r"(?=[按如准及限年上下当])(?:按时|按期|如期|准时|及时(?!率)|限期|年底前|年底|年末|年内|年度内|上半年|下半年|当年|当月|当日)"
)


# -- figures ------------------------------------------------------------------------


@dataclass(slots=True)
class Fig:
    """One figure found in a text (internal; ``to_measure`` gives the public form)."""

    kind: Kind
    start: int
    end: int
    text: str  # the figure as printed, without comparator words
    value: Decimal | None = None  # in the base unit
    unit: str | None = None  # base unit (the family)
    scale: Decimal = _ONE  # printed number * scale = value
    comparator: Comparator | None = None
    weak: bool = False  # comparator only from 达/达到
    qualifier: str | None = None
    label: str = ""
    raw_label: str = ""
    scope: str | None = None
    negated: bool = False  # a zero word negated (未清零)
    is_date: bool = False  # a calendar date (12月31日前, 年底前), not a figure

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
        )

    @property
    def numeric(self) -> bool:
        """A quantity that compares by value (percent, count, amount, area, duration, 0)."""
        return self.value is not None and self.kind in _NUMERIC_KINDS


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


def _dec(num: str) -> Decimal | None:
    try:
        return Decimal(num.replace(",", ""))
    except InvalidOperation:
        return None


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


def _overlaps(spans: list[tuple[int, int]], a: int, b: int) -> bool:
    return any(a < e and s < b for s, e in spans)


def _number_fig(s: str, m: re.Match[str], role: Role, cn: bool = False) -> Fig | None:
    pre, qpre, num, q1, mult, q2, unit_text, q3, suf = m.group(
        "pre", "qpre", "num", "q1", "mult", "q2", "unit", "q3", "suf"
    )
    if cn:
        n = cn_number(num)
        raw = Decimal(n) if n is not None else None
    else:
        raw = _dec(num)
    if raw is None:
        return None
    scale = _MULT[mult] if mult else _ONE
    if unit_text:
        entry = _UNIT_TABLE[unit_text]
        if entry is None:
            return None
        base, factor, kind = entry
        if factor is not _ONE:
            scale = scale * factor
    else:
        if mult is None and not cn:
            if not _is_boundary(s, m.end("num")):
                # a bare number running into words: a hotline (12345热线), a code (133链条)
                return None
            if "." not in num and 1900 <= raw <= 2100:
                return None  # a bare year: (2021)
        base, kind = None, Kind.COUNT
    match_end = m.end()
    if suf == "内" and kind is not Kind.DEADLINE:
        suf, match_end = None, m.start("suf")  # 16个内涝…: 内 starts the next words
    comparator, weak = _cmp(pre, suf, role)
    value = raw if scale is _ONE else tidy(raw * scale)
    if value == 0 and comparator not in (GE, GT):
        kind = Kind.ZERO
    start = m.start("qpre") if qpre else m.start("num")
    end = m.start("suf") if m.group("suf") else m.end()
    return Fig(
        kind=kind,
        start=m.start(),
        end=match_end,
        text=s[start:end],
        value=value,
        unit=base,
        scale=scale,
        comparator=comparator,
        weak=weak,
        qualifier=_qualifier(qpre, q1, q2, q3),
    )


def _clause_start(s: str, i: int) -> int:
    j = i
    while j > 0 and s[j - 1] not in _BOUNDARY_SET:
        j -= 1
    return j


def _sentence_window(s: str, i: int) -> str:
    j = max(s.rfind("。", 0, i), s.rfind(";", 0, i))
    return s[j + 1 : i]


def _rank_figs(s: str, taken: list[tuple[int, int]]) -> list[Fig]:
    figs = []
    for m in _RANK.finditer(s):
        start = m.start()
        if s[max(0, start - 2) : start] == "倒数":
            continue
        kw, suf = m.group("kw"), m.group("suf")
        whole = start == 0 and m.end() == len(s)
        if not suf:
            if not _is_boundary(s, m.end()):
                continue
            window = _sentence_window(s, start)
            if not (whole or m.group("scope") or m.group("mid") or _RANK_CONTEXT.search(window)):
                continue
        n = cn_number(m.group("n"))
        if n is None or n == 0:
            continue
        scope = m.group("scope")
        if scope is None:
            near = list(_SCOPE_NEAR.finditer(_sentence_window(s, start)))
            if near:
                scope = "全" + (near[-1].group(1) or near[-1].group(2))
        comparator = LE if kw == "前" else EQ
        figs.append(
            Fig(
                kind=Kind.RANK,
                start=start,
                end=m.end(),
                text=m.group(0),
                value=Decimal(n),
                unit="名",
                comparator=comparator,
                qualifier="并列" if m.group("tie") else None,
                scope=scope,
            )
        )
        taken.append((start, m.end()))
    return figs


def _level_figs(s: str, taken: list[tuple[int, int]]) -> list[Fig]:
    figs = []
    for m in _LEVEL.finditer(s):
        if _overlaps(taken, m.start(), m.end()):
            continue
        whole = m.start() <= 2 and m.end() == len(s)
        before = s[max(0, m.start() - 6) : m.start()]
        if not (whole or _is_boundary(s, m.end()) or _LEVEL_CONTEXT.search(before)):
            continue
        n = cn_number(m.group("n"))
        if n is None:
            continue
        suf = m.group("suf")
        comparator = _SUF_WORDS[suf] if suf else None
        figs.append(
            Fig(
                kind=Kind.LEVEL,
                start=m.start(),
                end=m.end(),
                text=s[m.start() : m.end("n") + 1],
                value=Decimal(n),
                unit="级",
                comparator=comparator,
            )
        )
        taken.append((m.start(), m.end()))
    return figs


def _grade_fig(s: str, m: re.Match[str]) -> Fig:
    suf = m.group("suf")
    return Fig(
        kind=Kind.GRADE,
        start=m.start("g"),
        end=m.end(),
        text=m.group("g"),
        value=Decimal(_GRADE_VALUE[m.group("g")]),
        comparator=GE if suf else None,
    )


def _grade_figs(s: str, taken: list[tuple[int, int]]) -> list[Fig]:
    whole = _GRADE_WHOLE.match(s)
    if whole:
        taken.append((0, len(s)))
        return [_grade_fig(s, whole)]
    figs = []
    for rx in (_GRADE_ANCHORED, _GRADE_TAILED):
        for m in rx.finditer(s):
            if not _overlaps(taken, m.start("g"), m.end()):
                figs.append(_grade_fig(s, m))
                taken.append((m.start("g"), m.end()))
    return figs


def _date_figs(s: str, taken: list[tuple[int, int]]) -> list[Fig]:
    figs = []
    for m in _YEAR.finditer(s):
        taken.append((m.start(), m.end()))
    for m in _DATE.finditer(s):
        month = int(m.group("m"))
        if not 1 <= month <= 12 or _overlaps(taken, m.start(), m.end()):
            continue
        if m.group("d"):
            day = int(m.group("d"))
        elif m.group("part") in ("初", "上旬"):
            day = 10
        elif m.group("part") == "中旬":
            day = 20
        else:
            day = 31
        if m.group("next"):
            month += 12  # in the following year: later than any date of this one
        taken.append((m.start(), m.end()))
        figs.append(
            Fig(
                kind=Kind.DEADLINE,
                start=m.start(),
                end=m.end(),
                text=m.group(0),
                value=Decimal(month * 100 + day),
                unit="日期",
                comparator=LE if m.group("before") else None,
                is_date=True,
            )
        )
    return figs


def _year_end_figs(s: str, taken: list[tuple[int, int]]) -> list[Fig]:
    figs = []
    for m in _YEAR_END.finditer(s):
        if _overlaps(taken, m.start(), m.end()):
            continue
        w = m.group("w")
        value = 630 if w == "上半年" else 1231
        taken.append((m.start(), m.end()))
        figs.append(
            Fig(
                kind=Kind.DEADLINE,
                start=m.start(),
                end=m.end(),
                text=m.group(0),
                value=Decimal(value),
                unit="日期",
                comparator=LE,
                is_date=True,
            )
        )
    return figs


_LABEL_LEAD = re.compile(r"^(?:[、,;:。]|其中|并且|以及|并|且|和|及|共计|合计|累计|中$)+")
# Connectors between a label and its number; not the 为 of 行为, the 均 of 人均, the 计 of 统计.
_LABEL_TAIL = re.compile(
    r"(?:(?<![行作认因成])为|是|达到|达|至|到|共计|共|合计|累计|总计|(?<![统设会审估预])计|有|了|"
    r"(?<![人平])均|都|已|分别|由|从|、)+$"
)


def clean_label(raw: str) -> str:
    """The label words of a figure: its clause text without leading joiners and the
    trailing connectors (为, 达, 至 …)."""
    label = _LABEL_LEAD.sub("", raw)
    return _LABEL_TAIL.sub("", label)


def scan(text: str, role: Role = "actual", *, normalized: bool = False) -> Scan:
    """Find every figure of a text, in order, with labels; plus zero and deadline words."""
    s = text if normalized else normalize(text)
    taken: list[tuple[int, int]] = []
    # Each pass runs only when its telltale characters occur: most texts need two or three.
    digits = _HAS_DIGIT.search(s) is not None
    figs: list[Fig] = _date_figs(s, taken) if digits and ("月" in s or "年" in s) else []
    if "年" in s:
        figs += _year_end_figs(s, taken)
    if "第" in s or "前" in s:
        figs += _rank_figs(s, taken)
    if "级" in s:
        figs += _level_figs(s, taken)
    if _HAS_GRADE.search(s):
        figs += _grade_figs(s, taken)
    for m in _FULL_COVERAGE.finditer(s) if "全覆盖" in s or "全部覆盖" in s else ():
        if _overlaps(taken, m.start(), m.end()):
            continue
        figs.append(
            Fig(
                kind=Kind.PERCENT,
                start=m.start(),
                end=m.end(),
                text=m.group(0),
                value=Decimal(100),
                unit="%",
                comparator=None,
                weak=False,
            )
        )
        taken.append((m.start(), m.end()))
    for m in _PERCENT_WORDS.finditer(s) if "百分之" in s else ():
        n = cn_number(m.group("num"))
        if n is None or _overlaps(taken, m.start(), m.end()):
            continue
        comparator, weak = _cmp(m.group("pre"), None, role)
        figs.append(
            Fig(
                kind=Kind.PERCENT if n else Kind.ZERO,
                start=m.start(),
                end=m.end(),
                text=s[m.start("num") - 3 : m.end()],
                value=Decimal(n),
                unit="%",
                comparator=comparator,
                weak=weak,
            )
        )
        taken.append((m.start(), m.end()))
    whole = _WHOLE_CN.match(s) if not taken else None
    if whole:
        fig = _number_fig(s, whole, role, cn=True)
        if fig:
            figs.append(fig)
    elif digits:
        for m in _FIG.finditer(s):
            ns = m.start("num")
            if _overlaps(taken, ns, m.end("num")) or (ns > 0 and s[ns - 1] == "第"):
                continue
            fig = _number_fig(s, m, role)
            if fig is not None:
                figs.append(fig)
    figs.sort(key=lambda f: f.start)
    prev_end = 0
    for f in figs:
        left = max(prev_end, _clause_start(s, f.start))
        f.raw_label = s[left : f.start] if left < f.start else ""
        f.label = clean_label(f.raw_label)
        prev_end = max(prev_end, f.end)
    zero_words = []
    for m in _ZERO_WORDS.finditer(s) if _HAS_ZERO.search(s) else ():
        negated = bool(_ZERO_NEGATED.search(s[max(0, m.start() - 2) : m.start()]))
        zero_words.append(
            Fig(kind=Kind.ZERO, start=m.start(), end=m.end(), text=m.group(0), negated=negated)
        )
    deadline_words = (
        [m.group(0) for m in _DEADLINE_WORDS.finditer(s)] if _HAS_DEADLINE.search(s) else []
    )
    return Scan(s, figs, zero_words, deadline_words)


# -- public API ---------------------------------------------------------------------


def apply_unit(fig: Fig, spec: UnitSpec | None) -> Fig:
    """Give a unitless number the unit the caller states (``--unit``)."""
    if spec is None or fig.unit is not None or fig.value is None:
        return fig
    if fig.kind not in (Kind.COUNT, Kind.ZERO):
        return fig
    fig.value = fig.value * spec.factor
    fig.scale = fig.scale * spec.factor
    fig.unit = spec.base or None
    if fig.kind is not Kind.ZERO:
        fig.kind = spec.kind
    fig.text = fig.text + spec.text
    return fig


def parse_sign(sign: str | None) -> Comparator | None:
    """``+``/``>=``/``≥`` → ≥, ``-``/``<=``/``≤`` → ≤, also ``>``, ``<``, ``=``.

    Raises ``ValueError`` for anything else.
    """
    if sign is None:
        return None
    s = normalize(sign)
    if not s:
        return None
    table = {"+": GE, "≥": GE, "-": LE, "≤": LE, ">": GT, "<": LT, "=": EQ}
    table.update({"正向": GE, "反向": LE, "越高越好": GE, "越低越好": LE})
    if s not in table:
        raise ValueError(f"无法识别的方向 {sign!r}：应为 +、-、>=、<=、>、< 或 =")
    return table[s]


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
    without one, zero words (不发生, 清零, 杜绝 …) make it ``zero``, deadline words (按时,
    年底前 …) ``deadline``, anything else is ``qualitative``. 达/达到 read as ≥ here (a
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
        fig.comparator = cmp_override
    return fig.to_measure(original)


def extract_measures(text: str) -> list[Measure]:
    """All figures of a completion or narrative text, in order, each with its kind, unit,
    comparator, qualifier and label (the words before it in its clause). Years and dates
    are left out; Chinese numerals count only in ranks and levels (全区第二, 二级)."""
    return [f.to_measure() for f in scan(text, "actual").figs if not f.is_date]
