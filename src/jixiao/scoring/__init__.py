"""Scoring stage: configurable schemes, reviewer overrides and the evaluation of a form.

``evaluate(form)`` runs assess and checks, scores the verdicts under a scheme (default
``dept-overall``: 预算执行 10 分 + 关键指标 90 分), applies reviewer overrides and returns an
``Evaluation``; ``evaluation_to_json`` gives its documented JSON shape.
"""

from __future__ import annotations

from jixiao.scoring.engine import (
    EXECUTION_PATH,
    evaluate,
    execution_rate,
    indicator_paths,
    score_form,
)
from jixiao.scoring.export import EVALUATION_SCHEMA, evaluation_to_json, points
from jixiao.scoring.overrides import OverrideError, load_overrides, parse_overrides
from jixiao.scoring.scheme import (
    DEFAULT_SCHEME,
    Scheme,
    SchemeError,
    ScoringError,
    available_schemes,
    load_scheme,
    parse_scheme,
)
from jixiao.scoring.types import (
    POINTS_FORMAT,
    Evaluation,
    GradeBand,
    ItemScore,
    Override,
    PartScore,
    Score,
    format_points,
    round2,
)

__all__ = [
    "DEFAULT_SCHEME",
    "EVALUATION_SCHEMA",
    "EXECUTION_PATH",
    "POINTS_FORMAT",
    "Evaluation",
    "GradeBand",
    "ItemScore",
    "Override",
    "OverrideError",
    "PartScore",
    "Scheme",
    "SchemeError",
    "Score",
    "ScoringError",
    "available_schemes",
    "evaluate",
    "evaluation_to_json",
    "execution_rate",
    "format_points",
    "indicator_paths",
    "load_overrides",
    "load_scheme",
    "parse_overrides",
    "parse_scheme",
    "points",
    "round2",
    "score_form",
]
