"""The checks stage: rules that find problems in a form.

``run_checks(form)`` runs every registered rule and returns the findings sorted by
severity, then by where they are on the form. ``RULES`` maps each stable rule id to
its ``Rule`` (id, severity, Chinese title, function). See ``docs/findings.md``.
"""

from __future__ import annotations

# Importing the rule modules registers their rules, in this order (the tie-break of a sort).
# isort: off
from jixiao.checks import funds, completeness, rates, narrative, indicators  # noqa: F401

# isort: on
from jixiao.checks.registry import (
    RULES,
    CheckContext,
    Rule,
    path_key,
    rule,
    run_checks,
    run_rule,
    sort_findings,
)
from jixiao.checks.types import Finding, Severity

__all__ = [
    "RULES",
    "CheckContext",
    "Finding",
    "Rule",
    "Severity",
    "path_key",
    "rule",
    "run_checks",
    "run_rule",
    "sort_findings",
]
