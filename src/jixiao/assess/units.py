"""The one unit table: every unit a figure may print, its family and its factor.

Both readers of figures (the assess stage's verdicts and the checks stage's findings)
look units up here, so a unit added once is read the same everywhere.

A unit converts to the base unit of its family (万元 → 元 via the 万 multiplier, 公里 →
米, 亩 → 平方米, 小时 → 天). Units that are not measures (年, 月, 岁, 倍, 级 …) are listed
too, so the readers recognise them, with ``measure=False``. Count classifiers keep their
own base (场, 项) but share a family when a reviewer counts them alike: 个/项/家 … are
all counts of things, 次/场/期 … of occasions, 名/位 of people.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from jixiao.assess.text import normalize
from jixiao.assess.types import Kind

_ONE = Decimal(1)


@dataclass(frozen=True, slots=True)
class Unit:
    """A printed unit: the base unit of its family, the factor to it, the measure kind."""

    base: str
    factor: Decimal
    kind: Kind
    family: str
    measure: bool = True


def _u(
    base: str, factor: Decimal | int | str = 1, kind: Kind = Kind.COUNT, family: str = ""
) -> Unit:
    return Unit(base, Decimal(factor), kind, family or base)


_NOT = Unit("", _ONE, Kind.COUNT, "", measure=False)

UNITS: dict[str, Unit] = {
    # percent and points
    "%": _u("%", 1, Kind.PERCENT),
    "百分比": _u("%", 1, Kind.PERCENT),
    "‰": _u("%", "0.1", Kind.PERCENT),  # per mille: 2.1‰ = 0.21%
    "个百分点": _u("个百分点"),
    "百分点": _u("个百分点"),
    # money
    "元": _u("元", 1, Kind.AMOUNT),
    # area
    "平方米": _u("平方米", 1, Kind.AREA),
    "m2": _u("平方米", 1, Kind.AREA),
    "平方公里": _u("平方米", 1_000_000, Kind.AREA),
    "平方千米": _u("平方米", 1_000_000, Kind.AREA),
    "km2": _u("平方米", 1_000_000, Kind.AREA),
    "公顷": _u("平方米", 10_000, Kind.AREA),
    "亩": _u("平方米", Decimal(2000) / Decimal(3), Kind.AREA),  # 1亩 ≈ 666.67 平方米, 15亩 = 1公顷
    # length, weight, volume, energy
    "米": _u("米"),
    "公里": _u("米", 1000),
    "千米": _u("米", 1000),
    "km": _u("米", 1000),
    "吨": _u("吨"),
    "千克": _u("吨", "0.001"),
    "公斤": _u("吨", "0.001"),
    "kg": _u("吨", "0.001"),
    "立方米": _u("立方米"),
    "m3": _u("立方米"),
    "千瓦时": _u("千瓦时"),
    "度": _u("千瓦时"),
    "千瓦": _u("千瓦"),
    # a score
    "分": _u("分"),
    # concentrations, noise
    "微克/立方米": _u("微克/立方米"),
    "μg/m3": _u("微克/立方米"),
    "ug/m3": _u("微克/立方米"),
    "毫克/立方米": _u("微克/立方米", 1000),
    "mg/m3": _u("微克/立方米", 1000),
    "毫克/升": _u("毫克/升"),
    "mg/L": _u("毫克/升"),
    "mg/l": _u("毫克/升"),
    "分贝": _u("分贝"),
    "dB": _u("分贝"),
    # rates per population: 10/10万 is ten per hundred thousand, not 100,000
    "/10万": _u("/10万"),
    "/十万": _u("/10万"),
    "/万": _u("/10万", 10),
    "/100万": _u("/10万", "0.1"),
    "/千": _u("/千"),
    # durations (lower is better by default)
    "天": _u("天", 1, Kind.DEADLINE),
    "日": _u("天", 1, Kind.DEADLINE),
    "周": _u("天", 7, Kind.DEADLINE),
    "小时": _u("天", _ONE / Decimal(24), Kind.DEADLINE),
    "分钟": _u("天", _ONE / Decimal(1440), Kind.DEADLINE),
    "秒": _u("天", _ONE / Decimal(86400), Kind.DEADLINE),
    "工作日": _u("工作日", 1, Kind.DEADLINE),
    "个工作日": _u("工作日", 1, Kind.DEADLINE),
    "个月": _u("个月", 1, Kind.DEADLINE),
    # not measures: years, dates, ages, multiples, levels
    "周年": _NOT,
    "年度": _NOT,
    "年": _NOT,
    "月": _NOT,
    "号": _NOT,
    "届": _NOT,
    "倍": _NOT,
    # ages: 人均预期寿命78.6岁 is a measure; 60岁以上老人 describes people (see the scanner)
    "岁": _u("岁"),
    "级": _NOT,
    "季度": _NOT,
    "个季度": _NOT,
}

# Count classifiers by family. The first word of each family names it.
_FAMILIES = {
    "人": "人 名 位",
    "个": (
        "个 项 家 件 处 座 所 间 台 套 条 份 张 篇 本 册 块 栋 幢 根 支 队 组 首 曲 面 封 盏 枚 "
        "只 头 株 棵 艘 架 辆 部 门 类 床 袋 箱 岗 档 单 笔 宗 起 例"
    ),
    "次": "次 场 场次 期 批 批次 轮 堂 节 趟 课 班",
    "户": "户",
    "学时": "学时 课时",
}
# Compounds with 次 count visits or trips, each its own family.
_OWN = (
    "人次 家次 户次 车次 套次 间次 档次 架次 台次 件次 个次 艘次 班次 趟次 条次 宗次 项次 "
    "张次 辆次 人天 人日"
)
# Classifiers whose base is another word (场次 counts 场).
_ALIASES = {"名": "人", "位": "人", "场次": "场"}
for _family, _words in _FAMILIES.items():
    for _w in _words.split():
        UNITS.setdefault(_w, _u(_ALIASES.get(_w, _w), family=_family))
for _w in _OWN.split():
    UNITS.setdefault(_w, _u(_w))

# 年 after a number that is not a year (设计使用年限50年) is a span of years.
YEARS = _u("年")

# 起/例/宗/件 count incidents or cases when a zero target is judged.
INCIDENT_UNITS = frozenset({"例", "起", "宗", "件"})

# Multipliers printed between a number and its unit.
# The power of ten of each multiplier (for the checks' rounding tolerance), and its factor.
MULTIPLIER_EXP = {"万亿": 12, "亿": 8, "千万": 7, "百万": 6, "万": 4, "千": 3}
MULTIPLIERS = {k: Decimal(10) ** e for k, e in MULTIPLIER_EXP.items()}

UNIT_RE = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
# Units a Chinese numeral may carry (三十二场, 四百八十户). Left out: 分 (十分 = very),
# 度 (一度 = once), and the non-measures.
CN_UNIT_RE = "|".join(
    re.escape(u)
    for u in sorted(UNITS, key=len, reverse=True)
    if UNITS[u].measure and u not in ("分", "度", "%", "‰") and not u[0].isascii()
)


@dataclass(frozen=True, slots=True)
class UnitSpec:
    """A unit given from outside (a 度量单位 column), resolved to its family."""

    text: str
    base: str
    factor: Decimal
    kind: Kind
    family: str


_UNIT_SPEC_RE = re.compile(rf"^(?P<mult>万亿|亿|千万|百万|万|千)?(?P<unit>{UNIT_RE})?$")


def parse_unit(unit: str | None) -> UnitSpec | None:
    """Resolve a unit such as ``%``, ``万人``, ``人次``, ``亩``; unknown units stay their own."""
    if unit is None:
        return None
    u = normalize(unit)
    if not u:
        return None
    m = _UNIT_SPEC_RE.match(u) if len(u) <= 20 else None
    if not m and "/" in u[1:20]:
        m = _UNIT_SPEC_RE.match(u[: u.index("/", 1)])  # 元/人 is read as 元, like 1800元/人
    if m and m.group("unit"):
        entry = UNITS[m.group("unit")]
        if entry.measure:
            mult = MULTIPLIERS.get(m.group("mult") or "", _ONE)
            return UnitSpec(u, entry.base, entry.factor * mult, entry.kind, entry.family)
    if m and m.group("mult"):
        return UnitSpec(u, "", MULTIPLIERS[m.group("mult")], Kind.COUNT, "")
    return UnitSpec(u, u, _ONE, Kind.COUNT, u)
