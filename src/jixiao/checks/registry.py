"""The rule registry, the context rules read, and the runner.

A rule is a small function ``(ctx) -> Iterable[Finding]`` registered with
``@rule(id, severity, title)``. ``severity`` is the rule's usual severity; a rule
may give a single finding a milder one (``missing_field`` on a sub-task that
shares its goal cells with the task above is ``info``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property

from jixiao.assess.types import IndicatorVerdict
from jixiao.checks.types import Finding, Severity
from jixiao.model import Form, Provenanced

RuleFunc = Callable[["CheckContext"], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    title: str  # one line of Chinese: what the rule looks for
    func: RuleFunc


RULES: dict[str, Rule] = {}

SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def rule(id: str, severity: Severity, title: str) -> Callable[[RuleFunc], RuleFunc]:
    """Register a rule function under a stable id."""

    def register(func: RuleFunc) -> RuleFunc:
        if id in RULES:
            raise ValueError(f"duplicate rule id {id!r}")
        RULES[id] = Rule(id=id, severity=severity, title=title, func=func)
        return func

    return register


class CheckContext:
    """What a rule reads: the form, and the indicator verdicts (computed on first use)."""

    def __init__(self, form: Form, verdicts: list[IndicatorVerdict] | None = None) -> None:
        self.form = form
        self._verdicts = verdicts
        self._lines: dict[str, int | None] = {}

    @cached_property
    def verdicts(self) -> list[IndicatorVerdict]:
        if self._verdicts is not None:
            return self._verdicts
        from jixiao.assess import assess_form

        return list(assess_form(self.form))

    @cached_property
    def unit(self) -> str:
        return self.form.unit or ""

    def line(self, path: str) -> int | None:
        """The source line of ``path``; else the first line inside it; else its parent's."""
        if path not in self._lines:
            line = self.form.line_of(path)
            if line is None:
                try:
                    line = _first_line(self.form.resolve(path))
                except (AttributeError, IndexError, ValueError):
                    line = None
            parent = _parent(path)
            if line is None and parent:
                line = self.line(parent)
            self._lines[path] = line
        return self._lines[path]

    def finding(
        self, rule_id: str, path: str, message: str, severity: Severity | None = None
    ) -> Finding:
        return Finding(
            rule=rule_id,
            severity=severity or RULES[rule_id].severity,
            path=path,
            line=self.line(path),
            message=message,
        )


def _first_line(obj: object) -> int | None:
    """The first source line of a part or any part inside it (tasks → their indicators)."""
    if isinstance(obj, list):
        lines = [_first_line(x) for x in obj]
    elif isinstance(obj, Provenanced):
        lines = [obj.first_line()]
        for value in obj.__dict__.values():
            if isinstance(value, list | Provenanced):
                lines.append(_first_line(value))
    else:
        return None
    found = [x for x in lines if x is not None]
    return min(found) if found else None


def _parent(path: str) -> str:
    if path.endswith("]"):
        return path[: path.rindex("[")]
    return path.rpartition(".")[0]


# Form order of top-level fields; a path sorts by these, then by its indices.
_FIELD_ORDER = {
    f: i
    for i, f in enumerate(
        "title year unit department funds overall_goal overall_goal_completion key_indicators"
        " tasks problems improvement_measures".split()
    )
}
_SUB_ORDER = {
    f: i
    for i, f in enumerate(
        # funds; key indicators; tasks
        "annual_budget initial_budget adjustment general_public_budget actual_expenditure"
        " execution_rate adjustment_rate"
        " name expected_value completion"
        " expected_goal goal_completion funds indicators category".split()
    )
}
_PART_RE = re.compile(r"([A-Za-z_]+)(?:\[(\d+)\])?")


def path_key(path: str) -> tuple[int, ...]:
    """A sort key putting paths in the order their parts appear on the form."""
    key: list[int] = []
    for depth, part in enumerate(path.split(".")):
        m = _PART_RE.fullmatch(part)
        if not m:
            key += [99, 0]
            continue
        name, index = m.groups()
        order = _FIELD_ORDER if depth == 0 else _SUB_ORDER
        # a bare list path (tasks) sorts before its items
        key += [order.get(name, 98), int(index) + 1 if index is not None else 0]
    return tuple(key)


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    rule_order = {rid: i for i, rid in enumerate(RULES)}
    return sorted(
        findings,
        key=lambda f: (SEVERITY_ORDER[f.severity], path_key(f.path), rule_order.get(f.rule, 999)),
    )


def run_rule(
    rule_id: str, form: Form, verdicts: list[IndicatorVerdict] | None = None
) -> list[Finding]:
    """The findings of one rule, in form order."""
    ctx = CheckContext(form, verdicts)
    return sort_findings(RULES[rule_id].func(ctx))


def run_checks(form: Form, verdicts: list[IndicatorVerdict] | None = None) -> list[Finding]:
    """Run every rule on ``form``; findings sorted by severity, then form order.

    ``verdicts`` are the indicator verdicts of ``jixiao.assess.assess_form``; they are
    computed when not given (and only if a rule needs them).
    """
    ctx = CheckContext(form, verdicts)
    findings: list[Finding] = []
    for r in RULES.values():
        findings.extend(r.func(ctx))
    return sort_findings(findings)
