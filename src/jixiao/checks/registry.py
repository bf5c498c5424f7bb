"""The rule registry, the context rules read, and the runner.

A rule is a small function ``(ctx) -> Iterable[Finding]`` registered with
``@rule(id, severity, title)``. ``severity`` is the rule's usual severity; a rule
may give a single finding a milder one (``missing_field`` on a sub-task that
shares its goal cells with the task above is ``info``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property

from jixiao.assess.types import IndicatorVerdict
from jixiao.checks.types import Finding, Severity
from jixiao.model import Form
from jixiao.paths import Sources, path_key

RuleFunc = Callable[["CheckContext"], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    title: str  # one line of Chinese: what the rule looks for
    func: RuleFunc


RULES: dict[str, Rule] = {}

SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def rule_name(rule_id: str) -> str:
    """The Chinese name people see for a rule (its title); the id stays in the JSON."""
    found = RULES.get(rule_id)
    return found.title if found is not None else rule_id


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
        self.sources = Sources(form)

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
            ref = self.sources.of(path)
            self._lines[path] = ref.line if ref else None
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
