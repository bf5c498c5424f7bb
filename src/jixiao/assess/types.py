"""Shared result types of the assess stage (measures, judgements, verdicts)."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel


class Verdict(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    UNDETERMINED = "undetermined"


class Kind(StrEnum):
    """What sort of measure a target or completion text states."""

    PERCENT = "percent"
    COUNT = "count"
    AMOUNT = "amount"
    AREA = "area"
    RANK = "rank"
    GRADE = "grade"
    LEVEL = "level"
    ZERO = "zero"
    DEADLINE = "deadline"
    QUALITATIVE = "qualitative"


class Comparator(StrEnum):
    GE = ">="
    LE = "<="
    EQ = "="
    GT = ">"
    LT = "<"


class Measure(BaseModel):
    """A parsed target or completion: comparator, value, unit, kind."""

    text: str
    kind: Kind
    comparator: Comparator | None = None
    value: Decimal | None = None
    unit: str | None = None
    qualifier: str | None = None  # 余/多/近/约/左右 …


class Judgement(BaseModel):
    """The verdict on one target/actual pair."""

    verdict: Verdict
    ratio: float | None = None  # achievement ratio for quantitative measures, capped at 1
    explanation: str  # one line of plain Chinese
    quantitative: bool = False
    target: Measure | None = None
    actual: Measure | None = None


class IndicatorVerdict(Judgement):
    """A judgement placed in a form: which indicator, where."""

    path: str  # e.g. key_indicators[3] or tasks[2].indicators[1]
    name: str
    target_text: str
    actual_text: str
    line: int | None = None
