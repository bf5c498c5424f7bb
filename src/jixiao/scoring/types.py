"""Result types of the scoring stage: the evaluation of one form."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from pydantic import BaseModel, Field

from jixiao.assess.types import VERDICT_LABELS, IndicatorVerdict, Verdict
from jixiao.checks.types import Finding
from jixiao.model import Form

VERDICT_ZH: dict[Verdict | None, str] = {**VERDICT_LABELS, None: "—"}

_CENT = Decimal("0.01")


def round2(value: Decimal) -> Decimal:
    """Points as shown and exported: 2 decimals, half up (94.035 → 94.04)."""
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)


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
            what = f"复核给分 {round2(self.score)}"
        else:
            what = f"复核认定{VERDICT_ZH.get(self.verdict, str(self.verdict))}"
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

    @property
    def is_interval(self) -> bool:
        """True while pending items keep the score an interval (total … upper)."""
        return self.upper != self.total

    def display(self) -> str:
        """``94.04`` or, while items are pending, ``94.04 – 99.66``."""
        if round2(self.total) == round2(self.upper):
            return str(round2(self.total))
        return f"{round2(self.total)} – {round2(self.upper)}"

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
