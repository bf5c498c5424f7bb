"""Shared result types of the assess stage (measures, judgements, verdicts)."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel

from jixiao.labels import VERDICT_LABELS


class Verdict(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    UNDETERMINED = "undetermined"

    @property
    def label(self) -> str:
        """The verdict in Chinese, as every report and command shows it."""
        return VERDICT_LABELS[self]


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
    """A parsed target or completion: comparator, value, unit, kind.

    ``value`` is in the base unit of the unit's family (3.12万人 → 31200 人, 5万平方米 →
    50000 平方米, 1.36亿元 → 136000000 元); ``text`` keeps the figure as printed. For a
    rank ``value`` is the place (前3 → 3 with ``<=``; 前30% → 30 with unit ``%``). For a
    grade or a level on a scale of ``scales.toml`` it is the place counted from the bottom,
    so higher is better (等次 优 5, 良 4, 中/合格 3, 基本合格 2, 差/不合格 1) and ``scale``
    names the scale; for a numbered level (二级) its number; for a dated deadline
    month*100+day.
    """

    text: str
    kind: Kind
    comparator: Comparator | None = None
    value: Decimal | None = None
    unit: str | None = None
    qualifier: str | None = None  # 余/多/近/约/左右 …
    # The words just before the figure within its clause (e.g. 城镇登记失业率 for
    # 城镇登记失业率2.18%); set by ``extract_measures``.
    label: str | None = None
    # The ranking's scope for ranks (全市, 全区 …), when the text says it.
    scope: str | None = None
    # The scale a grade or level belongs to (an id of scales.toml: grade, water, admin …).
    scale: str | None = None


class Judgement(BaseModel):
    """The verdict on one target/actual pair."""

    verdict: Verdict
    # achievement ratio in [0, 1] wherever the pair compares as numbers, points, ranks or a
    # zero target; None for grades, levels, dates and qualitative pairs
    ratio: float | None = None
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
