"""Verdicts: does a completion meet its target?

``judge`` parses the target (what kind of measure, which comparator), finds the matching
figure in the completion and says ``met``, ``not_met`` or ``undetermined`` with a
one-line Chinese explanation naming the rule or scale used; ``assess_form`` does this for
every key indicator of a form. When the text does not settle the question the verdict is
``undetermined`` and the explanation says what is missing: a verdict is never guessed.

Quantities are judged here; ranks, grades and levels in ``ordinal``; zero targets,
deadlines and qualitative claims in ``claims``. The orderings and words come from
``scales.toml`` (see ``scales``).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import replace
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING

from jixiao.assess import claims, ordinal
from jixiao.assess.base import (
    MET,
    NOT_MET,
    UNDETERMINED,
    Ctx,
    choose,
    clip,
    common,
    j,
    listing,
    several,
    short,
)
from jixiao.assess.measure import (
    EQ,
    GE,
    GT,
    LE,
    LT,
    SYMBOL,
    Fig,
    Role,
    Scan,
    apply_unit,
    normalize,
    parse_sign,
    parse_unit,
    scan,
    tidy,
)
from jixiao.assess.scales import Scales, current
from jixiao.assess.text import is_placeholder
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

_NEGATED_WHOLE = re.compile(
    r"(?:目标|任务)?(?:未|尚未|没有|仍未|未能|没能)(?:完成|实现|达到|达成|达标|落实|开展|通过)"
)
_RATE_WORDS = ("率", "比例", "占比", "比重")


# -- choosing figures ---------------------------------------------------------------


@lru_cache(maxsize=4096)
def _scan(text: str, role: Role, scales: Scales) -> Scan:
    """``scan`` of a normalised text, remembered: forms repeat their targets (≥95%, 100%,
    优) and completions (是, 达成预期指标). Callers never change what it returns."""
    return scan(text, role, normalized=True, scales=scales)


def clear_cache() -> None:
    """Forget remembered scans (for benchmarks and long-running processes)."""
    _scan.cache_clear()


def _target_fig(sc: Scan, ctx: Ctx) -> tuple[Fig | None, str | None]:
    figs = [apply_unit(f, ctx.spec) for f in sc.figs if not f.is_date] or sc.figs
    if not figs:
        return None, None
    chosen = choose(figs, [ctx.name])
    if chosen is None:
        return None, f"预期目标含多个数值（{listing(figs)}），无法确定本指标对应哪一个"
    return chosen, None


# -- direction ------------------------------------------------------------------------


def _rate_is_lower(text: str, scales: Scales) -> bool:
    """A rate named …失业率 / …超支比例: the words before its last rate word decide."""
    rx = scales.lower_rate_re
    if rx is None:
        return False
    best = -1
    word = ""
    for w in _RATE_WORDS:
        i = text.rfind(w)
        if i > best:
            best, word = i, w
    if best < 0:
        return False
    return bool(rx.search(text[max(0, best - 12) : best])) and bool(word)


def _names_reduction(t: Fig, ctx: Ctx) -> bool:
    """The indicator measures a reduction achieved (成本降低率, 一般性支出压减比例,
    发案数下降率): its name or the target's label says so."""
    return any(w in x for x in (ctx.name, t.label) if x for w in ctx.scales.reduction)


def lower_is_better(t: Fig, ctx: Ctx) -> bool:
    """Whether the indicator is one where less is better, from its name and target label."""
    sc = ctx.scales
    texts = [x for x in (ctx.name, t.label) if x]
    if _names_reduction(t, ctx):
        return False  # a reduction achieved (成本降低率, 时限压缩): more is better
    if t.unit == "%":
        if any(_rate_is_lower(x, sc) for x in texts):
            return True
        name = ctx.name
        if "控制率" in name and (any(w in name for w in sc.spending) or t.value == 100):
            return True  # actual ÷ quota, kept within its target
        return any(g in name for g in sc.growth) and any(w in name for w in sc.spending)
    return any(w in x for x in texts for w in sc.lower_quantity)


def _direction(t: Fig, ctx: Ctx) -> Comparator:
    c = t.comparator
    if c is not None and not t.weak and c is not EQ:
        return c
    if ctx.override is not None and ctx.override is not EQ:
        return ctx.override
    if c is not None and t.weak:
        return c
    if t.decline or t.rise:
        return GE  # 提高2个百分点, 下降5%: the size of the change is what counts
    if t.kind is Kind.DEADLINE:
        # a duration: shorter is better, unless it counts days of something wanted
        return GE if any(w in ctx.name for w in ctx.scales.higher_time) else LE
    return LE if lower_is_better(t, ctx) else GE


# -- quantities ---------------------------------------------------------------------


def _fit(t: Fig, a: Fig) -> Fig | None:
    """The completion figure in the target's unit, or None when the units do not compare.

    Same unit or family compare as they are; a bare number takes the target's unit
    (286 against ≥300公里 is 286公里); a fraction against a percent target is a share
    (0.985 against ≥95% is 98.5%).
    """
    assert a.value is not None and t.value is not None
    if t.unit is not None and a.unit is not None:
        if t.unit == a.unit or (t.family is not None and t.family == a.family):
            if t.unit == "%" and a.bare and a.fraction and t.value > 1:
                return replace(
                    a, value=tidy(a.value * 100), text=f"{a.text}（按{tidy(a.value * 100)}%计）"
                )
            return a
        return None
    if a.unit is None and t.unit is not None:
        if t.unit == "%" and a.fraction and t.value > 1:
            return replace(
                a,
                value=tidy(a.value * 100),
                unit="%",
                text=f"{a.text}（按{tidy(a.value * 100)}%计）",
            )
        # 286 against ≥300公里 is 286公里; 11.2万 against ≥10万人次 is 11.2万人次
        value = tidy(a.value * (t.scale if a.mult == 1 else t.scale / t.mult))
        return replace(
            a,
            value=value,
            unit=t.unit,
            family=t.family,
            scale=t.scale,
            text=f"{a.text}（按目标单位计）",
        )
    if t.unit is None and a.unit is not None:
        return a  # the target is read in the completion's unit: see _target_value
    return a


def _target_value(t: Fig, a: Fig) -> Decimal:
    assert t.value is not None
    if t.unit is None and a.unit is not None and a.scale != 1:
        return tidy(t.value * a.scale)  # 2.5 against 3.12万人: 2.5万人
    return t.value


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


def _interval(f: Fig, v: Decimal) -> Interval:
    c, q = f.comparator, f.qualifier
    if c in (GE, GT):
        return v, c is GT, None, False
    if c in (LE, LT):
        return None, False, v, c is LT
    if q in ("余", "多"):
        return v, True, v + _step(f), True
    if q == "近":  # just under: within half the last printed digit's place
        return v - _step(f) / 2, True, v, True
    if q in ("约", "左右"):
        half = _step(f) / 2
        return v - half, False, v + half, False
    return v, False, v, False


def _about_reaches(a: Fig, direction: Comparator, t: Decimal, v: Decimal) -> bool:
    """约98% / 90%左右 against ≥98% / ≤90%: an approximate figure reaches an inclusive
    bound its printed number rounds to (the target lies within half its last printed digit,
    trailing zeros counted: 约1000人 does not reach ≥1050人)."""
    if a.qualifier not in ("约", "左右") or direction not in (GE, LE) or a.value is None:
        return False
    printed = (a.value / a.scale).normalize()
    exp = printed.as_tuple().exponent
    half = Decimal(1).scaleb(min(exp, 0) if isinstance(exp, int) else 0) * a.scale / 2
    return v - half < t < v + half


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


def _ratio(lower: bool, t: Decimal, v: Decimal) -> float:
    """Achievement: actual ÷ target (higher is better) or target ÷ actual (lower is
    better; 1 when the actual is 0), clipped to [0, 1]."""
    if lower:
        if v <= 0:
            return 1.0
        return clip(float(t / v))
    if t <= 0:
        return 1.0 if v >= t else 0.0
    return clip(float(v / t))


def _figure_text(f: Fig) -> str:
    return f"{SYMBOL[f.comparator]}{f.text}" if f.comparator and f.comparator is not EQ else f.text


def _points_from_change(t: Fig, numeric: list[Fig]) -> list[Fig]:
    """由85%提高到88% against a target in percentage points: 3 points."""
    pct = [f for f in numeric if f.unit == "%" and f.value is not None]
    for b, a in itertools.pairwise(pct):
        if b.raw_label.endswith(("由", "从")) and b.end <= a.start and a.value is not None:
            assert b.value is not None
            diff = tidy(b.value - a.value if t.decline else a.value - b.value)
            return [
                replace(
                    a,
                    value=diff,
                    unit="个百分点",
                    family="个百分点",
                    decline=False,
                    rise=False,
                    text=f"{b.text}→{a.text}（{diff}个百分点）",
                )
            ]
    return []


def _rate_word(ctx: Ctx) -> str | None:
    """A rate's own word, the two characters before 率 (到位 for 资金到位率), or None when
    the indicator is not a rate."""
    name = ctx.name.strip()
    return name[-3:-1] if name.endswith("率") and len(name) >= 3 else None


_ALL_WORDS = r"(?:已经|已)?(?:全部|全面|均已|均|都已|都|悉数|一律)(?:已经|已)?"


def _all_of_rate(t: Fig, asc: Scan, ctx: Ctx) -> list[Fig]:
    """资金已全部到位 against 资金到位率 100%: the whole, said with the rate's own word
    (the two characters before 率), is 100%."""
    own = _rate_word(ctx)
    if t.unit != "%" or own is None:
        return []
    m = re.search(_ALL_WORDS + r"[^,;。未不没]{0,4}?" + re.escape(own), asc.text)
    if m is None or (m.start() > 0 and asc.text[m.start() - 1] in "未没不"):
        return []
    return [
        Fig(
            kind=Kind.PERCENT,
            start=m.start(),
            end=m.end(),
            text=f"“{m.group(0)}”（100%）",
            value=Decimal(100),
            unit="%",
            family="%",
        )
    ]


def _share_of_counts(t: Fig, asc: Scan, ctx: Ctx) -> list[Fig]:
    """应整改问题15个，已整改13个 against 整改率 100%: the rate from the two counts. The part
    is the count named by the rate's own word (整改 for 整改率); the whole is the other count
    of the same kind, before it and not smaller."""
    own = _rate_word(ctx)
    if t.unit != "%" or own is None:
        return []
    counts = [f for f in asc.figs if f.numeric and f.unit != "%" and f.value and f.value > 0]
    if len(counts) != 2:
        return []
    whole, part = counts
    if (
        whole.family != part.family
        or own not in part.label
        or whole.label.startswith(("已", "完成", "实际"))
        or part.prior
        or whole.prior
    ):
        return []
    assert whole.value is not None and part.value is not None
    if part.value > whole.value:
        return []
    share = tidy(part.value * 100 / whole.value)
    return [
        replace(
            part,
            kind=Kind.PERCENT,
            value=share,
            unit="%",
            family="%",
            comparator=None,
            text=f"{part.text}/{whole.text}（{share:.1f}%）",
        )
    ]


def _same_day(t: Fig, asc: Scan, ctx: Ctx) -> list[Fig]:
    """当场办结, 即办 against a duration in days: at most one day (1 天 or 1 工作日)."""
    word = next((w for w in ctx.scales.same_day if w in asc.text), None)
    if word is None or t.unit not in ("天", "工作日"):
        return []
    return [
        replace(
            t,
            value=Decimal(1),
            comparator=LE,
            weak=False,
            qualifier=None,
            text=f"“{word}”（不超过1天）",
            label="",
            raw_label="",
            prior=False,
        )
    ]


_HEDGED_VERB = ("完成", "实现", "达到", "达成", "达标", "落实", "满足", "覆盖")


def _hedged_claim(text: str, ctx: Ctx) -> str | None:
    """A hedge before a verb of achievement (基本达到, 大体实现, 部分落实) or before a
    rate's own word (部分到位 for 到位率), or None."""
    own = _rate_word(ctx)
    for h in ctx.scales.hedge:
        for v in (*_HEDGED_VERB, *((own,) if own else ())):
            if h + v in text:
                return h + v
    return None


def _hedged_word_figure(a: Fig, text: str, ctx: Ctx) -> str | None:
    """The hedge (with its verb) just before a figure said in words (全覆盖, 全部): 基本实现."""
    if any(c.isdigit() for c in a.text):
        return None
    before = text[max(0, a.start - 6) : a.start]
    for h in ctx.scales.hedge:
        for tail in ("", *_HEDGED_VERB):
            if before.endswith(h + tail):
                return h + tail
    return None


def _signed(t: Fig, a: Fig, falling: bool) -> tuple[Decimal, str]:
    """The completion's value with the sign its words give (同比下降1.5% is -1.5 against a
    growth target), and a note for the explanation. ``falling``: the target is a fall
    (下降5%, or an indicator measuring a reduction: 压减比例≥10%)."""
    assert a.value is not None
    v = a.value
    if falling:  # a target for a fall: a fall counts up, a rise counts down
        if a.rise or v < 0:
            return -abs(v), "（为增长，不是下降）"
        return abs(v), ""
    if a.decline and v > 0:
        return -v, "（为下降，即负增长）"
    return v, ""


def _judge_numeric(t: Fig, tm: Measure, asc: Scan, ctx: Ctx) -> Judgement:
    assert t.value is not None
    direction = _direction(t, ctx)
    lower = direction in (LE, LT)
    target = tm
    target.comparator = direction  # tm is this call's own: show the direction used
    # A word target (全覆盖) reads as it is; a figure shows the direction used.
    td = short(f"{SYMBOL[direction]}{t.text}" if any(c.isdigit() for c in t.text) else t.text)
    numeric = [f for f in asc.figs if f.numeric]
    cands = [c for c in (_fit(t, f) for f in numeric) if c is not None]
    if not cands and t.unit == "个百分点":
        cands = _points_from_change(t, numeric)
    if not cands and t.kind is Kind.DEADLINE and lower:
        cands = _same_day(t, asc, ctx)
    if not cands:
        cands = _all_of_rate(t, asc, ctx) or _share_of_counts(t, asc, ctx)
    if not cands:
        if numeric:
            units = "、".join(dict.fromkeys(f.unit or "无单位" for f in numeric))
            why = f"完成情况的数值单位（{units}）与目标（{t.unit or '无单位'}）不一致"
        else:
            # 基本完成, 部分完成, 正在推进 against a figure: not all of it (no number to compare)
            word = claims.unfinished_word(asc.text, ctx.scales) or _hedged_claim(asc.text, ctx)
            if word:
                return j(
                    NOT_MET,
                    f"目标{td}，完成情况只写“{word}”，未说明达到目标值，未全部完成，未达成",
                    target,
                    quantitative=True,
                )
            why = "完成情况未给出可比的数值"
        return j(UNDETERMINED, f"目标{td}，{why}，无法判断", target, quantitative=True)
    a = choose(cands, [ctx.name, t.label], change=len(cands) > 1 and _measures_change(t, ctx))
    if a is None:
        return several(td, "可比数值", cands, target, quantitative=True)
    assert a.value is not None
    # only a figure stated as a change (or negative) reads differently for a falling target
    falling = (a.rise or a.decline or a.value < 0) and _falling(t, ctx)
    tv = _target_value(t, a)
    v, note = _signed(t, a, falling)
    ad = short(_figure_text(a), 30)
    if a.decline and not falling and note:
        ad = f"下降{a.text}"
    if len(numeric) > 1 and max(common(a.label, k) for k in (ctx.name, t.label)) >= 2:
        ad = short(a.label, 16) + ad  # name the figure picked from several
    actual = a.to_measure()
    actual.value = v
    iv = _interval(a, v)
    verdict = _check(direction, tv, iv)
    about = verdict is UNDETERMINED and _about_reaches(a, direction, tv, v)
    if about:
        verdict = MET
    how = ("越短越好" if t.kind is Kind.DEADLINE else "越低越好") if lower else ""
    hedge = _hedged_word_figure(a, asc.text, ctx) if verdict is MET else None
    if hedge:  # 基本实现全覆盖: a word for the whole, hedged — not the whole
        return j(
            NOT_MET,
            f"目标{td}，完成情况写明“{hedge}{a.text}”，含保留词，未完全达到，未达成",
            target,
            actual,
            quantitative=True,
        )
    if verdict is MET:
        tail = "，".join(x for x in (how, "约数，目标值在其取整范围内" if about else "") if x)
        tail = f"（{tail}）" if tail else ""
        return j(MET, f"目标{td}，完成{ad}{note}，已达成{tail}", target, actual, 1.0, True)
    if verdict is NOT_MET:
        ratio = _ratio(lower, tv, v)
        if a.qualifier or a.comparator:
            pct = ""
        elif ratio >= 1:  # equal to a strict bound (>90%, <5%)
            pct = "须低于目标值" if lower else "须高于目标值"
        else:
            pct = f"完成度{ratio * 100:.1f}%"
        tail = "，".join(x for x in (how, pct) if x)
        tail = f"（{tail}）" if tail else ""
        return j(NOT_MET, f"目标{td}，完成{ad}{note}，未达成{tail}", target, actual, ratio, True)
    return j(
        UNDETERMINED,
        f"目标{td}，完成{ad}是约数或范围，无法确定是否达到",
        target,
        actual,
        quantitative=True,
    )


def _is_growth(t: Fig, ctx: Ctx) -> bool:
    return any(g in x for x in (ctx.name, t.label) for g in ctx.scales.growth)


def _falling(t: Fig, ctx: Ctx) -> bool:
    """The target is a fall: 下降5%, or an indicator measuring a reduction (压减比例≥10%)."""
    return t.decline or (not t.rise and _names_reduction(t, ctx))


def _measures_change(t: Fig, ctx: Ctx) -> bool:
    """The indicator is itself a change (增长率, 下降5%, 提高2个百分点): this year's change
    against last year is its value."""
    return t.rise or t.unit == "个百分点" or _falling(t, ctx) or _is_growth(t, ctx)


# -- entry points -------------------------------------------------------------------------


def _comparable(kind: Kind, t: Fig | None) -> bool:
    """Whether an empty completion scores a ratio of 0 (numbers, ranks, zero targets)."""
    if kind is Kind.ZERO:
        return True
    return t is not None and (t.numeric or t.kind is Kind.RANK) and not t.is_date


def judge(
    target: str,
    actual: str,
    *,
    name: str = "",
    unit: str | None = None,
    sign: str | None = None,
    scales: Scales | None = None,
    year: int | None = None,
) -> Judgement:
    """Judge one target/completion pair.

    ``name`` (the indicator name) helps pick the completion's figure and the direction
    (失业率 is lower-is-better); ``unit`` (a 度量单位 column) gives unitless numbers a
    unit; ``sign`` (a 指标性质 column: ``+``/``-``, ``≥``/``≤``, ``═``, 正向/反向) sets the
    direction when the target prints no comparator; ``scales`` replaces the table of
    orderings and words (default: ``scales.current()``); ``year`` is the form's year (a
    completion dated in a later year missed a deadline of this one). Raises
    ``ValueError`` only for a malformed ``sign``; any text is accepted.
    """
    sc = scales or current()
    t_text, a_text = normalize(target), normalize(actual)
    name_n = normalize(name)
    ctx = Ctx(
        name_n, parse_unit(unit), parse_sign(sign), sc, ctx_text(name_n, t_text, a_text), year
    )
    if t_text == "无" and claims.INCIDENT_NAME.search(name_n):
        t_text = "无" + name_n  # 无 as the target of 重大安全事故: none shall happen
    if not t_text or is_placeholder(t_text):
        why = f"预期目标只填了“{t_text}”" if t_text else "未填报预期目标"
        return j(UNDETERMINED, f"{why}，无法判断", None)
    tsc = _scan(t_text, "target", sc)
    t, problem = _target_fig(tsc, ctx)
    if problem:
        return j(UNDETERMINED, problem, Measure(text=t_text, kind=Kind.QUALITATIVE))
    if t is not None:
        tm = t.to_measure(t_text)
        kind = t.kind
    elif any(not z.negated for z in tsc.zero_words):
        tm = Measure(text=t_text, kind=Kind.ZERO, value=Decimal(0))
        kind = Kind.ZERO
    else:
        kind = Kind.DEADLINE if tsc.deadline_words else Kind.QUALITATIVE
        tm = Measure(text=t_text, kind=kind)
    zero_target = kind is Kind.ZERO and (t is None or t.comparator not in (GE, GT))
    if zero_target and t is not None and t.unit == "%" and _is_growth(t, ctx):
        zero_target = False  # 增幅0%: a growth rate held at zero, judged as a number
    if not a_text or (is_placeholder(a_text) and not (zero_target and a_text.startswith("无"))):
        ratio = 0.0 if _comparable(kind, t) else None
        why = f"（只填了“{a_text}”）" if a_text else ""
        return j(NOT_MET, f"未填报完成情况{why}", tm, ratio=ratio)
    if _NEGATED_WHOLE.match(a_text):
        actual_m = Measure(text=a_text, kind=Kind.QUALITATIVE)
        return j(NOT_MET, f"目标{short(t_text)}，完成情况为“{short(a_text)}”，未达成", tm, actual_m)
    asc = _scan(a_text, "actual", sc)
    if ctx.spec is not None:
        asc = Scan(
            asc.text,
            [apply_unit(f, ctx.spec) for f in asc.figs],
            asc.zero_words,
            asc.deadline_words,
        )
    if zero_target:
        return claims.judge_zero(t, tm, t_text, a_text, asc, ctx)
    if t is not None:
        if kind is Kind.RANK:
            return ordinal.judge_rank(t, tm, asc, ctx)
        if kind is Kind.GRADE:
            return ordinal.judge_grade(t, tm, t_text, a_text, asc, ctx)
        if kind is Kind.LEVEL:
            return ordinal.judge_level(t, tm, t_text, asc, ctx)
        if t.is_date:
            return claims.judge_deadline(t, tm, t_text, a_text, asc, ctx)
        if t.numeric:
            return _judge_numeric(t, tm, asc, ctx)
    if kind is Kind.DEADLINE:
        return claims.judge_deadline(None, tm, t_text, a_text, asc, ctx)
    return claims.judge_qualitative(tm, t_text, a_text, asc, ctx)


def ctx_text(name: str, t_text: str, a_text: str) -> str:
    """All the text of a pair, where a scale's context words are looked for (bounded)."""
    return name[:60] + "|" + t_text[:200] + "|" + a_text[:400]


def assess_form(form: Form, *, scales: Scales | None = None) -> list[IndicatorVerdict]:
    """A verdict for every key indicator (年度关键指标) that states a target.

    Task indicators in this template print only a completion, no target, so they get no
    verdict; a key indicator with an empty 预期值 is left to the completeness checks.
    """
    verdicts = []
    for i, k in enumerate(form.key_indicators):
        if not normalize(k.expected_value):
            continue
        path = f"key_indicators[{i}]"
        jd = judge(k.expected_value, k.completion, name=k.name, scales=scales, year=form.year)
        verdicts.append(
            IndicatorVerdict(
                verdict=jd.verdict,
                ratio=jd.ratio,
                explanation=jd.explanation,
                quantitative=jd.quantitative,
                target=jd.target,
                actual=jd.actual,
                path=path,
                name=k.name,
                target_text=k.expected_value,
                actual_text=k.completion,
                line=form.line_of(path),
            )
        )
    return verdicts
