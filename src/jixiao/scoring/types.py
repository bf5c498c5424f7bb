"""Result types of the scoring stage: the evaluation of one form."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from pydantic import BaseModel, Field

from jixiao.assess.types import IndicatorVerdict, Verdict
from jixiao.checks.types import Finding
from jixiao.model import Form

_CENT = Decimal("0.01")
# Excel's number format for points: the same two decimals as format_points.
POINTS_FORMAT = "0.00"


def round2(value: Decimal) -> Decimal:
    """Points as shown and exported: 2 decimals, half up (94.035 → 94.04)."""
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)


def format_points(value: Decimal | Fraction | float | int | None) -> str:
    """Points as every report and command shows them: 2 decimals, half up (``94.04``,
    ``10.00``, ``8.18``); ``""`` for None. Sums are exact; only the display rounds."""
    if value is None:
        return ""
    if isinstance(value, Fraction):
        d = Decimal(value.numerator) / Decimal(value.denominator)
    else:
        d = value if isinstance(value, Decimal) else Decimal(str(value))
    return f"{round2(d):.2f}"


class Override(BaseModel):
    """A reviewer's decision on one indicator: a verdict or a score, always with a reason."""

    path: str
    verdict: Verdict | None = None
    score: Decimal | None = None
    comment: str
    reviewer: str | None = None
    form: str | None = None  # with several input files: the stem of the file it is for

    def describe(self) -> str:
        """The decision in plain Chinese: ``复核认定已达成（张三）：理由`` or ``复核给分 4.00：理由``."""
        if self.score is not None:
            what = f"复核给分 {format_points(self.score)}"
        elif self.verdict is not None:
            what = f"复核认定{self.verdict.label}"
        else:
            what = "复核"
        who = f"（{self.reviewer}）" if self.reviewer else ""
        return f"{what}{who}：{self.comment}"


class ItemScore(BaseModel):
    """How one scored item (e.g. a key indicator) fared."""

    path: str
    name: str
    part: str  # id of the part it belongs to
    weight: Decimal
    verdict: Verdict | None = None  # after review (None for the execution-rate item)
    points: Decimal | None = None  # None while pending (undetermined, no override)
    upper: Decimal  # points if a pending judgement were won
    explanation: str = ""  # how the points were reached, in Chinese
    basis: str = ""  # the scheme rule that gave the points: 定量指标未达成：完成比例 × 分值
    override: Override | None = None
    assessed_verdict: Verdict | None = None  # the automatic verdict, before any review

    @property
    def pending(self) -> bool:
        return self.points is None


class PartScore(BaseModel):
    id: str
    name: str
    weight: Decimal
    points: Decimal  # points won so far
    upper: Decimal  # points if every pending judgement were won
    detail: str = ""
    rules: list[tuple[str, str]] = Field(default_factory=list)  # (case, rule) in Chinese


class GradeBand(BaseModel):
    name: str
    min: Decimal  # the lowest score (as shown, 2 decimals) of the band


class Score(BaseModel):
    scheme: str  # scheme id
    scheme_name: str = ""
    total: Decimal
    upper: Decimal
    grade: str  # grade of total
    grade_upper: str  # grade of upper
    parts: list[PartScore]
    items: list[ItemScore] = Field(default_factory=list)
    pending: int = 0  # number of pending items
    bands: list[GradeBand] = Field(default_factory=list)  # highest first
    signoff: list[str] = Field(default_factory=list)  # roles of the report's sign-off block

    @property
    def is_interval(self) -> bool:
        """True while pending items keep the score an interval (total … upper)."""
        return self.upper != self.total

    def display(self) -> str:
        """``94.04`` or, while items are pending, ``94.04 – 99.66``."""
        if round2(self.total) == round2(self.upper):
            return format_points(self.total)
        return f"{format_points(self.total)} – {format_points(self.upper)}"

    def display_grade(self) -> str:
        """``优`` or, when the interval spans two bands, ``良 – 优``."""
        if self.grade == self.grade_upper:
            return self.grade
        return f"{self.grade} – {self.grade_upper}"


class Evaluation(BaseModel):
    """Form + verdicts + findings + score: what the renderers draw."""

    form: Form
    verdicts: list[IndicatorVerdict]  # after review: an overridden verdict is replaced
    findings: list[Finding]  # checks run on the verdicts after review
    score: Score
    overrides: list[Override] = Field(default_factory=list)  # the reviewer decisions applied

    def override_for(self, path: str) -> Override | None:
        return next((o for o in self.overrides if o.path == path), None)
