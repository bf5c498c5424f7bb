"""Verdicts: does a completion meet its target?

``judge`` parses the target (what kind of measure, which comparator), finds the matching
figure in the completion and says ``met``, ``not_met`` or ``undetermined`` with a
one-line Chinese explanation; ``assess_form`` does this for every key indicator of a
form. When the text does not settle the question the verdict is ``undetermined`` and the
explanation says why: a verdict is never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from jixiao.assess.measure import (
    EQ,
    GE,
    GT,
    LE,
    LT,
    SYMBOL,
    Fig,
    Scan,
    UnitSpec,
    apply_unit,
    normalize,
    parse_sign,
    parse_unit,
    scan,
)
from jixiao.assess.types import (
    Comparator,
    IndicatorVerdict,
    Judgement,
    Kind,
    Measure,
    Verdict,
)

if TYPE_CHECKING:
    from jixiao.model import Form

MET, NOT_MET, UNDETERMINED = Verdict.MET, Verdict.NOT_MET, Verdict.UNDETERMINED

# Rates where lower is better: the rate word the name ends with (城镇登记失业率,
# 重大事故发生率) decides, so 费用报销及时率 stays higher-is-better.
_LOWER_RATE = re.compile(
    r"(?:失业|发生|事故|死亡|病死|伤亡|投诉|差错|错误|空置|闲置|违章|违法|违规|犯罪|发案|复发|"
    r"感染|故障|返工|退件|退回|驳回|逾期|超期|延误|不合格|不达标|超标|流失|辍学|缺陷|漏检|"
    r"误报|差评|拖欠|欠薪|调整|结转|结余|负债|损失|返贫|出错|失误|重复)率[^率]*$"
)
# Quantities where lower is better.
_LOWER_QTY = re.compile(
    r"控制数|控制在|发生数|发生起数|事故数|事故起数|案件数|发案数|投诉数|投诉量|"
    r"成本(?!节约|降低|下降)|费用(?!.*率)|耗时|用时|时长|时限|周期|天数|办理时间|等待时间|"
    r"审批时间|审核时间|办结时间"
)
_NEGATED_WHOLE = re.compile(
    r"^(?:目标|任务)?(?:未|尚未|没有|仍未|未能|没能)(?:完成|实现|达到|达成|达标|落实|开展|通过)"
)
_AFFIRMED_WHOLE = re.compile(
    r"^(?:已经|已|均已|全部|全面|顺利|圆满|如期|按期|按时|足额)*"
    r"(?:完成|实现|达到|达成|达标|落实|通过)了?"
    r"(?:目标|任务|年度目标|预期目标|全年目标|年度任务|全年任务|既定目标|目标任务)?[。!]?$"
)
_ASPIRATION = re.compile(r"^(?:确保|力争|争取|全力|计划|预计|拟|要|按要求|进一步|持续|切实|努力)+")
_ACHIEVE_VERB = re.compile(r"^(?:实现|完成|达到|达成|建成|通过|取得|获得|落实|形成|做到)")
_AFFIRM_BEFORE = re.compile(r"(?:已经|已|均已|全部|全面|顺利|圆满|如期|按期|按时|成功|均)$")
_NEG_BEFORE = re.compile(r"(?:未|没有|尚未|仍未|未能|没能|不能|无法|未予)$")
_AFFIRM_AFTER = re.compile(
    r"^(?:已经|已|均已|全部|全面|顺利|圆满|如期|按期|均)?(?:实现|完成|达到|达成|达标|落实|建成)"
)
_NEG_AFTER = re.compile(r"^(?:未|没有|尚未|仍未|未能|没能)")
_QUOTES = str.maketrans("", "", "“”\"'‘’「」『』")
_DEADLINE_OK = re.compile(r"(?<![未不没])(?:按时|按期|如期|准时|提前|及时)(?!率)")
_DEADLINE_LATE = re.compile(
    r"逾期|延期|延迟|滞后|推迟|超期|超时|拖延|未按时|未按期|未能按时|未能按期|未及时|不及时|未如期"
)
_INCIDENT_LABEL = re.compile(r"发生|出现|新增|发案|事故|确诊|输入|感染|死亡|伤亡|违规|违法|上访")
_INCIDENT_UNITS = frozenset({"例", "起", "宗", "件"})
_BASELINE = re.compile(r"(?:由|从)$")
_DELTA = re.compile(
    r"比上年|较上年|比去年|较去年|同比|环比|(?:增加|增长|减少|下降|上升|降低|提高|提升|增)了?$"
)

_SHORT = 40


@dataclass(frozen=True, slots=True)
class _Ctx:
    name: str
    spec: UnitSpec | None
    override: Comparator | None


_ASCII_COMMA = re.compile(r"(?<!\d),|,(?!\d)")
_ASCII_COLON = re.compile(r"(?<!\d):|:(?!\d)")
_DISPLAY = str.maketrans({";": "；", "(": "（", ")": "）", "!": "！", "?": "？"})


def _short(s: str, n: int = _SHORT) -> str:
    """A normalised text for an explanation: Chinese punctuation back, cut at ``n``."""
    s = _ASCII_COLON.sub("：", _ASCII_COMMA.sub("，", s)).translate(_DISPLAY)
    return s if len(s) <= n else s[: n - 1] + "…"


def _common(a: str, b: str) -> int:
    """Length of the longest common substring (labels and names are short)."""
    if not a or not b:
        return 0
    if len(a) > len(b):
        a, b = b, a
    best = 0
    for i in range(len(a)):
        j = i + best + 1
        while j <= len(a) and a[i:j] in b:
            best = j - i
            j += 1
    return best


def _j(
    verdict: Verdict,
    explanation: str,
    target: Measure | None,
    actual: Measure | None = None,
    ratio: float | None = None,
    quantitative: bool = False,
) -> Judgement:
    return Judgement(
        verdict=verdict,
        ratio=ratio,
        explanation=explanation,
        quantitative=quantitative,
        target=target,
        actual=actual,
    )


# -- choosing figures ---------------------------------------------------------------


def _choose(cands: list[Fig], keys: list[str]) -> Fig | None:
    """The candidate that is this indicator's figure, or None when it cannot be told.

    Baselines (由20天压减至7天) and changes (比上年增加3.1万人) give way to values, a
    restated bound (控制在3.5%以内) to a plain value; then the label sharing the most
    words with the indicator name (or the target's label) wins.
    """
    if len(cands) == 1:
        return cands[0]
    pool = [
        c for c in cands if not (_BASELINE.search(c.raw_label) or _DELTA.search(c.raw_label))
    ] or cands
    if len(pool) > 1:
        plain = [c for c in pool if c.comparator is None or c.kind is Kind.RANK]
        if plain:
            pool = plain
    if len(pool) == 1:
        return pool[0]
    scores = [max((_common(c.label, k) for k in keys if k), default=0) for c in pool]
    best = max(scores)
    top = [c for c, s in zip(pool, scores, strict=True) if s == best]
    if best >= 2 and len(top) == 1:
        return top[0]
    if len({(c.value, c.comparator, c.qualifier) for c in top}) == 1:
        return top[0]  # the same figure stated twice
    return None


def _listing(figs: list[Fig]) -> str:
    return "、".join(dict.fromkeys(f"{f.label}{f.text}" for f in figs[:4]))


def _target_fig(sc: Scan, ctx: _Ctx) -> tuple[Fig | None, str | None]:
    figs = [f for f in sc.figs if not f.is_date] or sc.figs
    for f in figs:
        apply_unit(f, ctx.spec)
    if not figs:
        return None, None
    chosen = _choose(figs, [ctx.name])
    if chosen is None:
        return None, f"预期目标含多个数值（{_listing(figs)}），无法确定本指标对应哪一个"
    return chosen, None


# -- quantities ---------------------------------------------------------------------


def _direction(t: Fig, ctx: _Ctx) -> Comparator:
    c = t.comparator
    if c is not None and not t.weak and c is not EQ:
        return c
    if ctx.override is not None and ctx.override is not EQ:
        return ctx.override
    if c is not None and t.weak:
        return c
    if t.kind is Kind.DEADLINE:
        return LE  # a duration: shorter is better
    rx = _LOWER_RATE if t.unit == "%" else _LOWER_QTY
    return LE if rx.search(ctx.name) or rx.search(t.label) else GE


def _compatible(t: Fig, a: Fig) -> bool:
    if t.unit == a.unit:
        return True
    if t.unit is None or a.unit is None:
        known, bare = (a, t) if t.unit is None else (t, a)
        return known.unit == "%" or (known.scale == 1 and bare.scale == 1)
    return False


def _step(f: Fig) -> Decimal:
    """The place of an approximate figure's last digit: 130余 → 10, 3万余 → 1万."""
    assert f.value is not None
    printed = (f.value / f.scale).normalize()
    exp = printed.as_tuple().exponent
    step = Decimal(1).scaleb(exp if isinstance(exp, int) else 0)
    if f.unit == "%" and step > 1:
        step = Decimal(1)
    return step * f.scale


Interval = tuple[Decimal | None, bool, Decimal | None, bool]  # lo, lo_open, hi, hi_open


def _interval(f: Fig) -> Interval:
    v = f.value
    assert v is not None
    c, q = f.comparator, f.qualifier
    if c in (GE, GT):
        return v, c is GT, None, False
    if c in (LE, LT):
        return None, False, v, c is LT
    if q in ("余", "多"):
        return v, True, v + _step(f), True
    if q == "近":
        return v - _step(f), True, v, True
    if q in ("约", "左右"):
        half = _step(f) / 2
        return v - half, False, v + half, False
    return v, False, v, False


def _check(direction: Comparator, t: Decimal, iv: Interval) -> Verdict:
    lo, lo_open, hi, hi_open = iv
    if direction is GE:
        all_ok = lo is not None and lo >= t
        none_ok = hi is not None and (hi < t or (hi == t and hi_open))
    elif direction is GT:
        all_ok = lo is not None and (lo > t or (lo == t and lo_open))
        none_ok = hi is not None and hi <= t
    elif direction is LE:
        all_ok = hi is not None and hi <= t
        none_ok = lo is not None and (lo > t or (lo == t and lo_open))
    else:  # LT
        all_ok = hi is not None and (hi < t or (hi == t and hi_open))
        none_ok = lo is not None and lo >= t
    return MET if all_ok else NOT_MET if none_ok else UNDETERMINED


def _ratio(lower: bool, t: Decimal, v: Decimal) -> float | None:
    if lower:
        if v == 0:
            return 1.0
        r = t / v
    else:
        if t == 0:
            return 1.0
        r = v / t
    return round(min(1.0, float(r)), 4)


def _figure_text(f: Fig) -> str:
    return f"{SYMBOL[f.comparator]}{f.text}" if f.comparator and f.comparator is not EQ else f.text


def _judge_numeric(t: Fig, tm: Measure, a_text: str, asc: Scan, ctx: _Ctx) -> Judgement:
    assert t.value is not None
    direction = _direction(t, ctx)
    lower = direction in (LE, LT)
    target = tm
    target.comparator = direction  # tm is this call's own: show the direction used
    # A word target (全覆盖) reads as it is; a figure shows the direction used.
    td = f"{SYMBOL[direction]}{t.text}" if any(c.isdigit() for c in t.text) else t.text
    numeric = [f for f in asc.figs if f.numeric]
    cands = [f for f in numeric if _compatible(t, f)]
    if not cands:
        if numeric:
            units = "、".join(dict.fromkeys(f.unit or "无单位" for f in numeric))
            why = f"完成情况的数值单位（{units}）与目标（{t.unit or '无单位'}）不一致"
        else:
            why = "完成情况未给出可比的数值"
        return _j(UNDETERMINED, f"目标{td}，{why}，无法判断", target, quantitative=True)
    a = _choose(cands, [ctx.name, t.label])
    if a is None:
        return _j(
            UNDETERMINED,
            f"目标{td}，完成情况有多个可比数值（{_listing(cands)}），无法确定哪个对应本指标",
            target,
            quantitative=True,
        )
    assert a.value is not None
    ad = _figure_text(a)
    if len(numeric) > 1 and max(_common(a.label, k) for k in (ctx.name, t.label)) >= 2:
        ad = _short(a.label, 16) + ad  # name the figure picked from several
    actual = a.to_measure()
    verdict = _check(direction, t.value, _interval(a))
    how = ("越短越好" if t.kind is Kind.DEADLINE else "越低越好") if lower else ""
    if verdict is MET:
        tail = f"（{how}）" if how else ""
        return _j(MET, f"目标{td}，完成{ad}，已达成{tail}", target, actual, 1.0, True)
    if verdict is NOT_MET:
        if a.qualifier or a.comparator:
            tail = f"（{how}）" if how else ""
            return _j(NOT_MET, f"目标{td}，完成{ad}，未达成{tail}", target, actual, None, True)
        ratio = _ratio(lower, t.value, a.value)
        if ratio is not None and ratio >= 1:  # equal to a strict bound (>90%, <5%)
            pct = "须低于目标值" if lower else "须高于目标值"
        else:
            pct = f"完成度{ratio * 100:.1f}%" if ratio is not None else ""
        tail = "，".join(x for x in (how, pct) if x)
        tail = f"（{tail}）" if tail else ""
        return _j(NOT_MET, f"目标{td}，完成{ad}，未达成{tail}", target, actual, ratio, True)
    return _j(
        UNDETERMINED,
        f"目标{td}，完成{ad}是约数或范围，无法确定是否达到",
        target,
        actual,
        quantitative=True,
    )


# -- ranks, grades, levels -------------------------------------------------------------


def _scoped(f: Fig) -> str:
    return f.text if not f.scope or f.scope in f.text else f"{f.scope}{f.text}"


def _judge_rank(t: Fig, tm: Measure, asc: Scan, ctx: _Ctx) -> Judgement:
    assert t.value is not None
    td = _scoped(t)
    target = tm
    target.comparator = LE
    ranks = [f for f in asc.figs if f.kind is Kind.RANK]
    if not ranks:
        return _j(UNDETERMINED, f"目标{td}，完成情况未给出名次，无法判断", target)
    if t.scope:
        same = [r for r in ranks if r.scope == t.scope]
        ranks = same or ranks
    a = _choose(ranks, [ctx.name, t.label])
    if a is None:
        return _j(
            UNDETERMINED,
            f"目标{td}，完成情况有多个名次（{_listing(ranks)}），无法确定哪个对应本指标",
            target,
        )
    assert a.value is not None
    ad, actual = _scoped(a), a.to_measure()
    if t.scope and a.scope and a.scope != t.scope:
        return _j(
            UNDETERMINED,
            f"目标为{t.scope}排名（{td}），完成情况为{a.scope}排名（{ad}），范围不同，无法判断",
            target,
            actual,
        )
    lo = Decimal(1) if a.comparator is LE else a.value
    if a.value <= t.value:
        return _j(MET, f"目标{td}，实际{ad}，已达成", target, actual)
    if lo > t.value:
        return _j(NOT_MET, f"目标{td}，实际{ad}，未达成", target, actual)
    return _j(UNDETERMINED, f"目标{td}，实际{ad}，无法确定是否达到目标名次", target, actual)


def _judge_grade(t: Fig, tm: Measure, t_text: str, asc: Scan) -> Judgement:
    assert t.value is not None
    td = _short(t_text)
    target = tm
    target.comparator = GE
    grades = [f for f in asc.figs if f.kind is Kind.GRADE]
    if not grades:
        return _j(UNDETERMINED, f"完成情况未给出等级，无法判断是否达到“{td}”", target)
    if len({g.value for g in grades}) > 1:
        return _j(
            UNDETERMINED,
            f"目标{td}，完成情况有多个等级（{_listing(grades)}），无法确定哪个对应本指标",
            target,
        )
    a = grades[0]
    assert a.value is not None
    ad = a.text + ("及以上" if a.comparator is GE else "")
    if a.value >= t.value:
        return _j(MET, f"目标{td}，完成{ad}，已达成", target, a.to_measure())
    return _j(NOT_MET, f"目标{td}，完成{ad}，未达成", target, a.to_measure())


def _judge_level(t: Fig, tm: Measure, t_text: str, asc: Scan, ctx: _Ctx) -> Judgement:
    assert t.value is not None
    td = _short(t_text)
    levels = [f for f in asc.figs if f.kind is Kind.LEVEL]
    if not levels:
        return _j(UNDETERMINED, f"目标{td}，完成情况未给出级别，无法判断", tm)
    a = _choose(levels, [ctx.name, t.label])
    if a is None:
        return _j(UNDETERMINED, f"目标{td}，完成情况有多个级别，无法确定哪个对应本指标", tm)
    assert a.value is not None
    actual = a.to_measure()
    if t.comparator in (GE, LE):
        ok = a.value >= t.value if t.comparator is GE else a.value <= t.value
    elif a.value == t.value:
        ok = True
    else:
        return _j(
            UNDETERMINED,
            f"目标{td}，完成{a.text}；级别数字的高低含义因标准而异，无法判断",
            tm,
            actual,
        )
    verdict, word = (MET, "已达成") if ok else (NOT_MET, "未达成")
    return _j(verdict, f"目标{td}，完成{a.text}，{word}", tm, actual)


# -- zero, deadline, qualitative -------------------------------------------------------


def _judge_zero(t: Fig | None, tm: Measure, t_text: str, a_text: str, asc: Scan, ctx: _Ctx):
    td, ad = _short(t_text), _short(a_text)
    numeric = [f for f in asc.figs if f.numeric]
    zeros = [f for f in numeric if f.value == 0]
    said = [z for z in asc.zero_words if not z.negated] + zeros
    negated = [z for z in asc.zero_words if z.negated]
    positives = [f for f in numeric if f.value and f.value > 0]

    def relevant(p: Fig) -> bool:
        if _INCIDENT_LABEL.search(p.raw_label):
            return True
        if len(numeric) == 1 and not said:
            return True
        return bool(t and t.unit and p.unit == t.unit and _common(p.label, ctx.name) >= 2)

    hits = [p for p in positives if relevant(p)] + negated
    actual = Measure(text=a_text, kind=Kind.ZERO if said else Kind.QUALITATIVE)
    if hits and said:
        return _j(
            UNDETERMINED,
            f"目标{td}，完成情况“{ad}”既有为零的表述也有非零数值，无法判断",
            tm,
            actual,
        )
    if hits:
        first = hits[0]
        actual = first.to_measure() if first.value is not None else actual
        return _j(NOT_MET, f"目标{td}，完成{ad}，未达成", tm, actual)
    if said:
        others = [p for p in positives if p.unit in _INCIDENT_UNITS]
        if others:
            return _j(
                UNDETERMINED,
                f"目标{td}，完成情况另有非零数值（{_listing(others)}），无法确定是否达成",
                tm,
                actual,
            )
        return _j(MET, f"目标{td}，完成{ad}，已达成", tm, actual)
    return _j(UNDETERMINED, f"目标{td}，完成情况未说明是否发生（是否为零），无法判断", tm, actual)


def _judge_deadline(t: Fig | None, tm: Measure, t_text: str, a_text: str, asc: Scan):
    td, ad = _short(t_text), _short(a_text)
    actual = Measure(text=a_text, kind=Kind.DEADLINE)
    if _DEADLINE_LATE.search(a_text):
        return _j(NOT_MET, f"目标{td}，完成情况为“{ad}”，未按时完成，未达成", tm, actual)
    dates = [f for f in asc.figs if f.is_date]
    if t is not None and t.is_date and t.value is not None and dates:
        d = dates[-1]
        assert d.value is not None
        verdict, word = (MET, "已达成") if d.value <= t.value else (NOT_MET, "未达成")
        return _j(verdict, f"目标{td}，完成时间{d.text}，{word}", tm, d.to_measure())
    if _DEADLINE_OK.search(a_text):
        return _j(MET, f"目标{td}，完成情况为“{ad}”，已达成", tm, actual)
    return _j(UNDETERMINED, f"目标{td}，完成情况未说明完成时间，无法判断", tm, actual)


def _judge_qualitative(tm: Measure, t_text: str, a_text: str) -> Judgement:
    td = _short(t_text)
    actual = Measure(text=a_text, kind=Kind.QUALITATIVE)
    tq = t_text.translate(_QUOTES).rstrip("。;")
    core = _ASPIRATION.sub("", tq) or tq
    aq = a_text.translate(_QUOTES)
    verb_m = _ACHIEVE_VERB.match(core)
    verb = verb_m.group(0) if verb_m else "达到"
    met = _j(MET, f"目标为{td}，完成情况表明已{verb}，已达成", tm, actual)
    not_met = _j(NOT_MET, f"目标为{td}，完成情况表明未{verb}，未达成", tm, actual)
    if _AFFIRMED_WHOLE.match(aq):
        return met
    idx = aq.find(core) if len(core) >= 2 else -1
    if idx >= 0:
        before = aq[:idx]
        if _NEG_BEFORE.search(before):
            return not_met
        if _AFFIRM_BEFORE.search(before) or verb_m:
            return met
    if verb_m:
        obj = core[verb_m.end() :]
        j = aq.find(obj) if len(obj) >= 2 else -1
        if j >= 0:
            after = aq[j + len(obj) :]
            if _NEG_AFTER.match(after) or _NEG_BEFORE.search(aq[:j]):
                return not_met
            if _AFFIRM_AFTER.match(after):
                return met
    return _j(UNDETERMINED, f"目标为{td}，完成情况未说明是否已{verb}，无法判断", tm, actual)


# -- entry points -------------------------------------------------------------------------


def judge(
    target: str,
    actual: str,
    *,
    name: str = "",
    unit: str | None = None,
    sign: str | None = None,
) -> Judgement:
    """Judge one target/completion pair.

    ``name`` (the indicator name) helps pick the completion's figure and the direction
    (失业率 is lower-is-better); ``unit`` gives unitless numbers a unit; ``sign``
    (``+``/``-``, ``>=``/``<=``) sets the direction when the target prints no comparator.
    Raises ``ValueError`` only for a malformed ``sign``; any text is accepted.
    """
    ctx = _Ctx(normalize(name), parse_unit(unit), parse_sign(sign))
    t_text, a_text = normalize(target), normalize(actual)
    if not t_text:
        return _j(UNDETERMINED, "未填报预期目标，无法判断", None)
    tsc = scan(t_text, "target", normalized=True)
    t, problem = _target_fig(tsc, ctx)
    if problem:
        return _j(UNDETERMINED, problem, Measure(text=t_text, kind=Kind.QUALITATIVE))
    if t is not None:
        tm = t.to_measure(t_text)
        kind = t.kind
    elif any(not z.negated for z in tsc.zero_words):
        tm = Measure(text=t_text, kind=Kind.ZERO, value=Decimal(0))
        kind = Kind.ZERO
    else:
        kind = Kind.DEADLINE if tsc.deadline_words else Kind.QUALITATIVE
        tm = Measure(text=t_text, kind=kind)
    if not a_text:
        return _j(NOT_MET, "未填报完成情况", tm)
    if _NEGATED_WHOLE.match(a_text):
        actual_m = Measure(text=a_text, kind=Kind.QUALITATIVE)
        return _j(
            NOT_MET, f"目标{_short(t_text)}，完成情况为“{_short(a_text)}”，未达成", tm, actual_m
        )
    asc = scan(a_text, "actual", normalized=True)
    for f in asc.figs:
        apply_unit(f, ctx.spec)
    if kind is Kind.ZERO and (t is None or t.comparator not in (GE, GT)):
        return _judge_zero(t, tm, t_text, a_text, asc, ctx)
    if t is not None:
        if kind is Kind.RANK:
            return _judge_rank(t, tm, asc, ctx)
        if kind is Kind.GRADE:
            return _judge_grade(t, tm, t_text, asc)
        if kind is Kind.LEVEL:
            return _judge_level(t, tm, t_text, asc, ctx)
        if t.is_date:
            return _judge_deadline(t, tm, t_text, a_text, asc)
        if t.numeric:
            return _judge_numeric(t, tm, a_text, asc, ctx)
    if kind is Kind.DEADLINE:
        return _judge_deadline(None, tm, t_text, a_text, asc)
    return _judge_qualitative(tm, t_text, a_text)


def assess_form(form: Form) -> list[IndicatorVerdict]:
    """A verdict for every key indicator (年度关键指标) that states a target.

    Task indicators in this template print only a completion, no target, so they get no
    verdict; a key indicator with an empty 预期值 is left to the completeness checks.
    """
    verdicts = []
    for i, k in enumerate(form.key_indicators):
        if not normalize(k.expected_value):
            continue
        path = f"key_indicators[{i}]"
        j = judge(k.expected_value, k.completion, name=k.name)
        verdicts.append(
            IndicatorVerdict(
                verdict=j.verdict,
                ratio=j.ratio,
                explanation=j.explanation,
                quantitative=j.quantitative,
                target=j.target,
                actual=j.actual,
                path=path,
                name=k.name,
                target_text=k.expected_value,
                actual_text=k.completion,
                line=form.line_of(path),
            )
        )
    return verdicts
