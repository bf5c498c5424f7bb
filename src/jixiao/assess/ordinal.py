"""Judging ranks, grades and levels: places and orderings rather than amounts.

Ranks compare places (a lower number is better) and give a ratio (target place ÷ actual
place; for 前N% against 第k名（共m个）, N% ÷ (k/m)). Grades and levels compare on the
scales of ``scales.toml`` (等次, 水质类别, 行政层级, A级, 纳税信用 …) and give no ratio.
"""

from __future__ import annotations

from decimal import Decimal

from jixiao.assess import claims
from jixiao.assess.base import (
    MET,
    NOT_MET,
    UNDETERMINED,
    Ctx,
    choose,
    clip,
    j,
    several,
    short,
)
from jixiao.assess.measure import GE, LE, Fig, Scan
from jixiao.assess.scales import NumberedScale, Scale
from jixiao.assess.types import Judgement, Kind, Measure

# -- ranks -----------------------------------------------------------------------------


def _scoped(f: Fig) -> str:
    return f.text if not f.scope or f.scope in f.text else f"{f.scope}{f.text}"


def _pct(x: Decimal) -> str:
    return f"{x.quantize(Decimal('0.1')).normalize():f}%"


def judge_rank(t: Fig, tm: Measure, asc: Scan, ctx: Ctx) -> Judgement:
    assert t.value is not None
    td = _scoped(t)
    target = tm
    target.comparator = LE
    ranks = [f for f in asc.figs if f.kind is Kind.RANK]
    if not ranks:
        return j(UNDETERMINED, f"目标{td}，完成情况未给出名次，无法判断", target)
    if t.scope:
        same = [r for r in ranks if r.scope == t.scope]
        ranks = same or ranks
    a = choose(ranks, [ctx.name, t.label])
    if a is None:
        return several(td, "名次", ranks, target)
    assert a.value is not None
    ad, actual = _scoped(a), a.to_measure()
    if t.scope and a.scope and a.scope != t.scope:
        return j(
            UNDETERMINED,
            f"目标为{t.scope}排名（{td}），完成情况为{a.scope}排名（{ad}），范围不同，无法判断",
            target,
            actual,
        )
    if t.vague:
        return _vague_target(t, td, a, ad, target, actual, ctx)
    if a.vague:
        return j(
            UNDETERMINED,
            f"目标{td}，完成情况“{a.text}”不是确定的名次，无法判断",
            target,
            actual,
        )
    if t.percentile:
        return _percentile_target(t, td, a, ad, target, actual)
    if a.percentile:
        return j(
            UNDETERMINED,
            f"目标{td}，完成情况为{ad}（百分位），不是名次，无法判断",
            target,
            actual,
        )
    lo = Decimal(1) if a.comparator is LE else a.value
    if a.value <= t.value or lo > t.value:
        return _places(t.value, a.value, td, ad, target, actual, "名次完成度")
    return j(UNDETERMINED, f"目标{td}，实际{ad}，无法确定是否达到目标名次", target, actual)


def _places(
    t: Decimal, a: Decimal, td: str, ad: str, target: Measure, actual: Measure, what: str
) -> Judgement:
    """A place (or percentile) against a target place: lower is better; ratio t ÷ a."""
    if a <= t:
        return j(MET, f"目标{td}，实际{ad}，已达成", target, actual, 1.0)
    ratio = clip(float(t / a))
    return j(
        NOT_MET, f"目标{td}，实际{ad}，未达成（{what}{ratio * 100:.1f}%）", target, actual, ratio
    )


def _vague_target(
    t: Fig, td: str, a: Fig, ad: str, target: Measure, actual: Measure, ctx: Ctx
) -> Judgement:
    top = ctx.scales.vague_top
    if a.vague:
        return j(MET, f"目标{td}，完成情况亦为“{a.text}”，已达成", target, actual, 1.0)
    assert a.value is not None
    if not a.percentile and a.comparator is not LE and a.value <= top:
        return j(
            MET,
            f"目标{td}，实际{ad}，在前{top}名以内（“{t.text}”按前{top}名计），已达成",
            target,
            actual,
            1.0,
        )
    return j(
        UNDETERMINED,
        f"目标“{t.text}”不是确定的名次，实际{ad}不在前{top}名以内，无法判断",
        target,
        actual,
    )


def _percentile_target(
    t: Fig, td: str, a: Fig, ad: str, target: Measure, actual: Measure
) -> Judgement:
    assert t.value is not None and a.value is not None
    if a.percentile:
        return _places(t.value, a.value, td, ad, target, actual, "完成度")
    if not a.total:
        return j(
            UNDETERMINED,
            f"目标{td}，实际{ad}，未给出参评总数，无法换算为百分位",
            target,
            actual,
        )
    share = a.value / Decimal(a.total) * 100
    place = f"第{a.value:f}名/共{a.total}个，前{_pct(share)}"
    within = f"前{_pct(t.value)}"
    if share <= t.value:
        return j(MET, f"{place}，在{within}以内，已达成", target, actual, 1.0)
    ratio = clip(float(t.value / share))
    return j(
        NOT_MET,
        f"{place}，不在{within}以内，未达成（完成度{ratio * 100:.1f}%）",
        target,
        actual,
        ratio,
    )


# -- grades ----------------------------------------------------------------------------


def _relation(a_rank: int, t_rank: int) -> str:
    return "与目标相同" if a_rank == t_rank else "高于目标" if a_rank < t_rank else "低于目标"


def _on_scale(f: Fig, scale: Scale) -> int | None:
    return next((r for s, r in f.levels if s is scale), None)


def judge_grade(t: Fig, tm: Measure, t_text: str, a_text: str, asc: Scan, ctx: Ctx) -> Judgement:
    td = short(t_text)
    target = tm
    target.comparator = GE
    tcands = [(s, r) for s, r in t.levels if s.applies(ctx.context)] or list(t.levels)
    grades = [f for f in asc.figs if f.kind is Kind.GRADE]
    for scale, t_rank in tcands:
        on = [(g, r) for g in grades if (r := _on_scale(g, scale)) is not None]
        if not on:
            continue
        if len({r for _, r in on}) > 1:
            return several(td, "等级", [g for g, _ in on], target)
        a, a_rank = on[0]
        ad = a.text + ("及以上" if a.comparator is GE else "")
        verdict = MET if a_rank <= t_rank else NOT_MET
        word = verdict.label
        return j(
            verdict,
            f"目标{td}，完成{ad}，{_relation(a_rank, t_rank)}（{scale.name}：{scale.order_text()}），{word}",
            target,
            a.to_measure(),
        )
    if grades:
        return j(
            UNDETERMINED,
            f"目标{td}，完成情况的等级“{grades[0].text}”与目标不在同一等级表中，无法判断",
            target,
        )
    banded = _judge_score(t, td, tcands, target, asc, ctx)
    if banded is not None:
        return banded
    passing = [(s, r) for s, r in tcands if s.pass_level is not None and r >= s.pass_level]
    if passing:
        scale = passing[0][0]
        words = [t.text, *scale.levels[scale.pass_level or 0], *scale.pass_words]
        claim = claims.claim(a_text, words, ctx)
        if claim is not None:
            verdict, why = claim
            word = verdict.label
            return j(
                verdict,
                f"目标{td}，完成情况{why}（{scale.name}以“{scale.pass_name}”为合格线），{word}",
                target,
                Measure(text=a_text, kind=Kind.QUALITATIVE),
            )
    return j(UNDETERMINED, f"完成情况未给出等级，无法判断是否达到“{td}”", target)


def _judge_score(
    t: Fig, td: str, tcands: list[tuple[Scale, int]], target: Measure, asc: Scan, ctx: Ctx
) -> Judgement | None:
    """A grade target against a score (自评得分83分): the performance-evaluation bands."""
    scores = [f for f in asc.figs if f.numeric and f.unit == "分"]
    bands = ctx.scales.bands
    if not scores or bands is None:
        return None
    a = choose(scores, [ctx.name, "得分"])
    if a is None or a.value is None:
        return several(td, "得分", scores, target)
    words = a.label + "|" + ctx.name
    if any(w in words for w in bands.no_band) and not any(w in a.label for w in bands.labels):
        return j(
            UNDETERMINED,
            f"目标{td}，完成{a.label}{a.text}；考核得分没有固定的等次分档，无法判断是否为“{td}”",
            target,
            a.to_measure(),
        )
    if not any(w in words for w in bands.labels):
        return j(
            UNDETERMINED,
            f"目标{td}，完成情况给出的是得分（{a.text}），未说明按哪种分档评定等次，无法判断",
            target,
            a.to_measure(),
        )
    scale = ctx.scales.grade_scale(bands.scale)
    grade = bands.grade_of(a.value)
    t_rank = next((r for s, r in tcands if s is scale), None)
    if scale is None or grade is None or t_rank is None:
        return None
    a_rank = next(i for i, lv in enumerate(scale.levels) if grade in lv or grade == lv[0])
    verdict = MET if a_rank <= t_rank else NOT_MET
    word = verdict.label
    return j(
        verdict,
        f"目标{td}，{a.label}{a.text}按{bands.name}（{bands.text()}）为{scale.display[a_rank]}，"
        f"{_relation(a_rank, t_rank)}，{word}",
        target,
        a.to_measure(),
    )


# -- levels ----------------------------------------------------------------------------


def judge_level(t: Fig, tm: Measure, t_text: str, asc: Scan, ctx: Ctx) -> Judgement:
    td = short(t_text)
    levels = [f for f in asc.figs if f.kind is Kind.LEVEL]
    if t.levels:
        return _judge_scaled_level(t, td, tm, levels, ctx)
    assert t.value is not None
    numbered = [f for f in levels if not f.levels and f.suffix == t.suffix]
    if not numbered:
        return j(UNDETERMINED, f"目标{td}，完成情况未给出级别，无法判断", tm)
    a = choose(numbered, [ctx.name, t.label])
    if a is None:
        return several(td, "级别", numbered, tm)
    assert a.value is not None
    actual = a.to_measure()
    scale = _numbered_scale(t, ctx)
    if scale is not None:
        better = a.value <= t.value if scale.better == "lower" else a.value >= t.value
        same = a.value == t.value
        rel = "与目标相同" if same else "高于目标" if better else "低于目标"
        verdict = MET if better or same else NOT_MET
        word = verdict.label
        return j(
            verdict,
            f"目标{td}，完成{a.text}，{rel}（{scale.name}：{scale.order_text()}），{word}",
            tm,
            actual,
        )
    if t.comparator in (GE, LE):
        ok = a.value >= t.value if t.comparator is GE else a.value <= t.value
    elif a.value == t.value:
        return j(MET, f"目标{td}，完成{a.text}，级别相同，已达成", tm, actual)
    else:
        return j(
            UNDETERMINED,
            f"目标{td}，完成{a.text}；级别数字的高低含义因标准而异，无法判断",
            tm,
            actual,
        )
    verdict = MET if ok else NOT_MET
    word = verdict.label
    return j(verdict, f"目标{td}，完成{a.text}，{word}", tm, actual)


def _suffix_ok(scale_suffix: str, printed: str | None) -> bool:
    return (printed or "级").startswith(scale_suffix[0])


def _numbered_scale(t: Fig, ctx: Ctx) -> NumberedScale | None:
    for s in ctx.scales.numbered_scales:
        if _suffix_ok(s.suffix, t.suffix) and any(w in ctx.context for w in s.context):
            return s
    return None


def _judge_scaled_level(t: Fig, td: str, tm: Measure, levels: list[Fig], ctx: Ctx) -> Judgement:
    tcands = [(s, r) for s, r in t.levels if s.applies(ctx.context)]
    if not tcands:
        return j(
            UNDETERMINED,
            f"目标{td}，无法确定“{t.text}”属于哪种级别（{'、'.join(s.name for s, _ in t.levels)}），无法判断",
            tm,
        )
    for scale, t_rank in tcands:
        on = [(f, r) for f in levels if (r := _on_scale(f, scale)) is not None]
        if not on:
            continue
        ranks = {r for _, r in on}
        if len(ranks) > 1:
            return several(td, scale.name, [f for f, _ in on], tm)
        a, a_rank = on[0]
        verdict = MET if a_rank <= t_rank else NOT_MET
        word = verdict.label
        rel = "与目标相同" if a_rank == t_rank else "优于" if a_rank < t_rank else "低于"
        t_disp, a_disp = scale.display[t_rank], scale.display[a_rank]
        if a_rank == t_rank:
            text = f"{scale.name}{a_disp}，{rel}（{scale.order_text()}），{word}"
        else:
            text = f"{scale.name}{a_disp}{rel}目标{t_disp}（{scale.order_text()}），{word}"
        return j(verdict, text, tm, a.to_measure())
    names = "、".join(s.name for s, _ in tcands)
    return j(UNDETERMINED, f"目标{td}，完成情况未给出{names}，无法判断", tm)
