"""The assess stage: parse targets and completions, and judge whether each is met.

- ``parse_measure(text)`` → a ``Measure`` (kind, comparator, value, unit, qualifier)
- ``extract_measures(text)`` → every figure of a narrative text, with its label
- ``judge(target, actual, name=…)`` → a ``Judgement`` (met / not_met / undetermined,
  achievement ratio, one-line Chinese explanation)
- ``assess_form(form)`` → an ``IndicatorVerdict`` for every key indicator with a target
- ``scales.current()`` / ``scales.load(*paths)`` → the orderings and words the judge uses
  (``scales.toml``, extendable through ``JIXIAO_SCALES``)
"""

from __future__ import annotations

from jixiao.assess.measure import extract_measures, parse_measure
from jixiao.assess.scales import Scales, ScalesError
from jixiao.assess.types import (
    Comparator,
    IndicatorVerdict,
    Judgement,
    Kind,
    Measure,
    Verdict,
)
from jixiao.assess.verdict import assess_form, judge

__all__ = [
    "Comparator",
    "IndicatorVerdict",
    "Judgement",
    "Kind",
    "Measure",
    "Scales",
    "ScalesError",
    "Verdict",
    "assess_form",
    "extract_measures",
    "judge",
    "parse_measure",
]
