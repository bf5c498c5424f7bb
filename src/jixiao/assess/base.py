"""What every kind of judgement shares: the context of a pair, building a judgement,
short quotes for explanations, and picking the figure that belongs to the indicator."""

from __future__ import annotations

import re
from dataclasses import dataclass

from jixiao.assess.measure import Fig
from jixiao.assess.scales import Scales
from jixiao.assess.types import Comparator, Judgement, Kind, Measure, Verdict
from jixiao.assess.units import UnitSpec

MET, NOT_MET, UNDETERMINED = Verdict.MET, Verdict.NOT_MET, Verdict.UNDETERMINED


@dataclass(frozen=True, slots=True)
class Ctx:
    """One pair's surroundings: the indicator name, the unit and sign columns, the
    scales in use, and all the pair's text (for a scale's context words)."""

    name: str
    spec: UnitSpec | None
    override: Comparator | None
    scales: Scales
    context: str = ""
    year: int | None = None  # the form's year: a date in a later year is late


SHORT = 40
_ASCII_COMMA = re.compile(r"(?<!\d),|,(?!\d)")
_ASCII_COLON = re.compile(r"(?<!\d):|:(?!\d)")
_DISPLAY = str.maketrans({";": "；", "(": "（", ")": "）", "!": "！", "?": "？"})


def short(s: str, n: int = SHORT) -> str:
    """A normalised text for an explanation: Chinese punctuation back, cut at ``n``."""
    s = s if len(s) <= n else s[: n - 1] + "…"
    return _ASCII_COLON.sub("：", _ASCII_COMMA.sub("，", s)).translate(_DISPLAY)


_KEY_CHARS = 24  # of a label or name, only the words nearest the figure are compared


def common(a: str, b: str) -> int:
    """Length of the longest common substring of the ends of two labels (bounded)."""
    a, b = a[-_KEY_CHARS:], b[-_KEY_CHARS:]
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


def j(
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
        quantitative=quantitative or ratio is not None,
        target=target,
        actual=actual,
    )


def clip(r: float) -> float:
    """A ratio within [0, 1], to four decimals."""
    return round(min(1.0, max(0.0, r)), 4)


_BASELINE = re.compile(r"(?:由|从)$")
_DELTA = re.compile(
    r"比上年|较上年|比去年|较去年|同比|环比|(?:增加|增长|减少|下降|上升|降低|提高|提升|增)了?$"
)
# A figure labelled as the plan or the target restated (目标≥300人, 计划300人).
_PLAN = re.compile(r"^(?:年初|全年|年度)?(?:目标|计划|预期|任务|指标值|目标值)")


def _aside(c: Fig, change: bool) -> bool:
    """A figure that is not the indicator's value: a baseline, a change, a prior-year value
    or the plan restated. For an indicator that measures a change (增长率, 下降5%, 提高2个百分点)
    the change this year (较上年增长5.8%) is the value; last year's (上年增长4.1%) is not."""
    if change and (c.rise or c.decline) and (c.compared or not c.prior):
        return bool(_BASELINE.search(c.raw_label[-4:]) or _PLAN.match(c.label))
    return bool(
        c.prior
        or _BASELINE.search(c.raw_label[-4:])
        or _DELTA.search(c.raw_label[-12:])
        or _PLAN.match(c.label)
    )


def choose(cands: list[Fig], keys: list[str], change: bool = False) -> Fig | None:
    """The candidate that is this indicator's figure, or None when it cannot be told.

    Baselines (由20天压减至7天), changes (比上年增加3.1万人), prior-year values
    (2022年为91.5%) and the plan restated (目标≥300人) give way to the value — changes
    only when the indicator is not itself a change (``change``); a restated bound
    (控制在3.5%以内) to a plain value; then the label sharing the most words with the
    indicator name (or the target's label) wins.
    """
    if len(cands) == 1:
        return cands[0]
    pool = [c for c in cands if not _aside(c, change)] or cands
    if len(pool) > 1:
        plain = [c for c in pool if c.comparator is None or c.kind is Kind.RANK]
        if plain:
            pool = plain
    if len(pool) == 1:
        return pool[0]
    scores = [max((common(c.label, k) for k in keys if k), default=0) for c in pool]
    best = max(scores)
    top = [c for c, s in zip(pool, scores, strict=True) if s == best]
    if best >= 2 and len(top) == 1:
        return top[0]
    if len({(c.value, c.comparator, c.qualifier) for c in top}) == 1:
        return top[0]  # the same figure stated twice
    return None


def listing(figs: list[Fig]) -> str:
    return "、".join(dict.fromkeys(f"{f.label[-12:]}{f.text}" for f in figs[:4]))


def several(
    td: str, what: str, figs: list[Fig], target: Measure | None, quantitative: bool = False
) -> Judgement:
    """Undetermined: the completion holds several candidates of one kind, named."""
    return j(
        UNDETERMINED,
        f"目标{td}，完成情况有多个{what}（{listing(figs)}），无法确定哪个对应本指标",
        target,
        quantitative=quantitative,
    )
