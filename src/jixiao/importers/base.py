"""What every importer returns, and how it fails."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from jixiao.model import Form, SourceRef


class FormImportError(Exception):
    """A file that cannot be read as a form. The message is plain Chinese and names the file."""

    def __init__(self, path: str | Path | None, problem: str) -> None:
        self.path = str(path) if path is not None else None
        self.problem = problem
        super().__init__(f"{self.path}: {problem}" if self.path else problem)


@dataclass
class Unplaced:
    """A non-empty source cell the importer could not place in any field."""

    ref: SourceRef
    text: str

    def describe(self) -> str:
        return f"{self.ref.describe()}：{self.text[:60]}"


@dataclass
class ImportResult:
    """A form, plus everything the importer wants a person to know about it."""

    form: Form
    format: str
    warnings: list[str] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)
    truncated: bool = False
    placed: set[tuple[int, int]] = field(default_factory=set)  # (line, cell) of placed cells
