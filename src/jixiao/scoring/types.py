"""Result types of the scoring stage: the evaluation of one form."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, Field

from jixiao.assess.types import IndicatorVerdict, Verdict
from jixiao.checks.types import Finding
from jixiao.model import Form


class Override(BaseModel):
    """A reviewer's decision on one indicator: a verdict or a score, always with a reason."""

    path: str
    verdict: Verdict | None = None
    score: Decimal | None = None
    comment: str
    reviewer: str | None = None


class ItemScore(BaseModel):
    """How one scored item (e.g. a key indicator) fared."""

    path: str
    name: str
    part: str  # id of the part it belongs to
    weight: Decimal
    verdict: Verdict | None = None
    points: Decimal | None = None  # None while pending (undetermined, no override)
    upper: Decimal  # points if a pending judgement were won
    explanation: str = ""
    override: Override | None = None


class PartScore(BaseModel):
    id: str
    name: str
    weight: Decimal
    points: Decimal  # points won so far
    upper: Decimal  # points if every pending judgement were won
    detail: str = ""


class Score(BaseModel):
    scheme: str
    total: Decimal
    upper: Decimal
    grade: str  # grade of total
    grade_upper: str  # grade of upper
    parts: list[PartScore]
    items: list[ItemScore] = Field(default_factory=list)
    pending: int = 0


class Evaluation(BaseModel):
    """Form + verdicts + findings + score: what the renderers draw."""

    form: Form
    verdicts: list[IndicatorVerdict]
    findings: list[Finding]
    score: Score
