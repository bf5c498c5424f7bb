"""Input limits: how much jixiao reads before it refuses an input.

One frozen dataclass, ``Limits``, and one accessor, ``limits()``, used by every reader
(text and JSON forms, schemes, override files, ``assess --jsonl``, and the office, PDF and
upload backends), so one setting governs them all. The defaults are far above any real
form; each can be changed

- by an environment variable, ``JIXIAO_MAX_BYTES``, ``JIXIAO_MAX_ROWS`` … (``ENV_PREFIX`` +
  the field name in capitals), read when ``limits()`` is first called;
- on the command line: ``jixiao --max-bytes N …``;
- by a program (the server's config): ``set_limits(max_bytes=…)``, or ``using(…)`` for a block.

Exceeding a limit raises ``LimitError``, whose message is one plain Chinese sentence naming
the input, the value found, the limit and how to change it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace
from decimal import Decimal

ENV_PREFIX = "JIXIAO_MAX_"

# Decimal arithmetic works with 28 significant digits; money is shown with 2 decimals, so a
# number may have at most 26 digits before the result of a rounding loses precision.
DIGITS_CEILING = 26


@dataclass(frozen=True)
class Limits:
    """The most jixiao reads from one input. Every field is a positive integer."""

    max_bytes: int = 50_000_000
    """Size of one input file or stream (text or JSON form, scheme, overrides, JSONL), bytes."""
    max_rows: int = 200_000
    """Rows (lines) of one table."""
    max_cells: int = 2_000_000
    """Cells of one table (all rows together)."""
    max_cell_chars: int = 20_000
    """Characters of one cell or one text field."""
    max_tasks: int = 20_000
    """主要任务 of one form."""
    max_indicators: int = 200_000
    """Indicators of one form: 年度关键指标 and the tasks' indicators together."""
    max_depth: int = 32
    """Nesting of JSON arrays/objects and TOML tables/arrays."""
    max_digits: int = 24
    """Digits of one number, written out in full (1e30 has 31)."""
    max_pdf_pages: int = 300
    """Pages of one PDF."""
    max_pdf_objects: int = 200_000
    """Drawing objects (text runs, paths, images) of one PDF page."""

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"{LABELS[f.name]}上限应为正整数，现为 {value!r}")
        if self.max_digits > DIGITS_CEILING:
            raise ValueError(
                f"{LABELS['max_digits']}上限最多为 {DIGITS_CEILING}（计算精度所限），"
                f"现为 {self.max_digits}"
            )

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Limits:
        """The defaults, with any ``JIXIAO_MAX_*`` variable of ``env`` (default os.environ)."""
        env = os.environ if env is None else env
        changes: dict[str, int] = {}
        for f in fields(cls):
            name = env_name(f.name)
            raw = env.get(name)
            if raw is None or not raw.strip():
                continue
            value = parse_size(raw)
            if value is None:
                raise ValueError(f"环境变量 {name} 应为正整数（可带 K、M、G），现为 {raw!r}")
            changes[f.name] = value
        return cls(**changes)

    def exceeded(
        self, name: str, found: int | None = None, where: str | None = None, at: str = ""
    ) -> LimitError:
        """The error for ``found`` (None: not known) above the limit ``name``.

        ``where`` names the input (a file), ``at`` the place inside it (第12行第3格).
        """
        return LimitError(name, getattr(self, name), found, where, at)

    def check(self, name: str, found: int, where: str | None = None, at: str = "") -> None:
        """Raise ``LimitError`` when ``found`` is above the limit ``name``."""
        if found > getattr(self, name):
            raise self.exceeded(name, found, where, at)


# What each limit counts, in the words of a message.
LABELS = {
    "max_bytes": "文件大小",
    "max_rows": "表格行数",
    "max_cells": "表格单元格数",
    "max_cell_chars": "文字长度",
    "max_tasks": "主要任务数",
    "max_indicators": "指标数",
    "max_depth": "嵌套层数",
    "max_digits": "数字位数",
    "max_pdf_pages": "PDF 页数",
    "max_pdf_objects": "绘图对象数",
}
UNITS = {
    "max_bytes": "字节",
    "max_rows": "行",
    "max_cells": "格",
    "max_cell_chars": "字",
    "max_tasks": "项",
    "max_indicators": "项",
    "max_depth": "层",
    "max_digits": "位",
    "max_pdf_pages": "页",
    "max_pdf_objects": "个",
}
# The command-line option of a limit, where there is one.
OPTIONS = {"max_bytes": "--max-bytes"}


def env_name(field: str) -> str:
    """``max_bytes`` → ``JIXIAO_MAX_BYTES``."""
    return ENV_PREFIX + field.removeprefix("max_").upper()


class LimitError(ValueError):
    """An input beyond a limit. ``str()`` is one Chinese sentence: what, where, how to change.

    ``problem`` is the sentence without the input's name (for callers that add it).
    """

    def __init__(
        self,
        name: str,
        limit: int,
        found: int | None = None,
        where: str | None = None,
        at: str = "",
    ) -> None:
        self.name = name
        self.limit = limit
        self.found = found
        self.where = where
        how = f"环境变量 {env_name(name)}"
        how = f" {OPTIONS[name]} 或{how}" if name in OPTIONS else how
        unit = UNITS[name]
        said = f"为 {found:,} {unit}，" if found is not None else ""
        self.problem = f"{at}{LABELS[name]}{said}超过上限 {limit:,} {unit}（上限可用{how} 调整）"
        super().__init__(f"{where}: {self.problem}" if where else self.problem)


_SIZE_RE = re.compile(r"\s*(\d{1,15})\s*(?:([kmg])(i)?)?b?\s*", re.IGNORECASE)


def parse_size(text: str) -> int | None:
    """``50000000``, ``50M``, ``50MB``, ``64KiB`` → an integer (K/M/G decimal, Ki/Mi/Gi binary)."""
    m = _SIZE_RE.fullmatch(text)
    if not m:
        return None
    number, prefix, binary = m.groups()
    scale = 1
    if prefix:
        scale = (1024 if binary else 1000) ** ("kmg".index(prefix.lower()) + 1)
    value = int(number) * scale
    return value if value >= 1 else None


def digits_written(value: Decimal) -> int:
    """How many digits ``value`` has written out in full: 1e30 → 31, 0.000025 → 6, 15616.28 → 7."""
    _sign, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int):  # NaN or infinity
        return 0
    n = len(digits)
    return n + max(exponent, 0) + max(-exponent - n, 0)


# A number as text prints it: digits, optional thousands groups, optional decimals.
_NUMBER_RE = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")


def longest_number(text: str) -> tuple[int, int]:
    """(digits, offset) of the number in ``text`` with the most digits; (0, -1) when none.

    One pass (each number is matched once), so it is linear in the text.
    """
    best, at = 0, -1
    for m in _NUMBER_RE.finditer(text):
        token = m.group()
        if len(token) > best:
            n = len(token) - token.count(",") - token.count(".")
            if n > best:
                best, at = n, m.start()
    return best, at


_current: Limits | None = None


def limits() -> Limits:
    """The limits in force: set by ``set_limits``/``using``, else the defaults and environment."""
    global _current
    if _current is None:
        _current = Limits.from_env()
    return _current


def set_limits(new: Limits | None = None, **changes: int) -> Limits:
    """Put ``new`` (or the current limits with ``changes``) in force; returns the old limits."""
    global _current
    old = limits()
    _current = replace(new or old, **changes)
    return old


@contextmanager
def using(new: Limits | None = None, **changes: int) -> Iterator[Limits]:
    """Within the block, ``new`` (or the current limits with ``changes``) are in force."""
    old = set_limits(new, **changes)
    try:
        yield limits()
    finally:
        set_limits(old)
