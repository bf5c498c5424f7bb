"""Shared result types of the checks stage."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel

from jixiao.labels import SEVERITY_LABELS


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        """The severity in Chinese, as every report and command shows it."""
        return SEVERITY_LABELS[self]


class Finding(BaseModel):
    """One finding on a form: which rule, how serious, where, and why (in Chinese)."""

    rule: str
    severity: Severity
    path: str
    line: int | None = None
    message: str
