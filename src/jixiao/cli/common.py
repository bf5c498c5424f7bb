"""Helpers shared by the CLI commands: consoles, clean failures, loading forms, output.

Everything printed goes through ``out`` and ``err``, whose render hook removes control and
escape characters from the text (form content, file names, messages) before it reaches a
terminal: a department named ``"\x1b]0;PWNED\x07"`` cannot retitle the window or clear the
screen. JSON printed with ``emit`` escapes them instead (the data stays exact).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer
from rich.console import Console, ConsoleOptions, RenderableType, RenderHook, RenderResult
from rich.markup import escape
from rich.segment import Segment

from jixiao.fileio import os_problem, write_atomic

if TYPE_CHECKING:  # the importers load when a command reads a form (not for jixiao assess)
    from jixiao.importers import ImportResult

# C0 and C1 controls but tab and newline, DEL, and the bidirectional overrides that reorder
# what a reader sees (U+202A–U+202E, U+2066–U+2069).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def terminal_safe(text: str) -> str:
    """``text`` without control, escape and bidi-override characters."""
    return _UNSAFE.sub("", text)


class _Clean:
    """A renderable whose text segments are made terminal-safe (rich's own codes stay)."""

    def __init__(self, inner: RenderableType) -> None:
        self.inner = inner

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for seg in console.render(self.inner, options):
            if seg.control or not _UNSAFE.search(seg.text):
                yield seg
            else:
                yield Segment(terminal_safe(seg.text), seg.style)


class _Hygiene(RenderHook):
    def process_renderables(self, renderables: list[RenderableType]) -> list[RenderableType]:
        return [_Clean(r) for r in renderables]


def _console(**options: object) -> Console:
    console = Console(**options)  # type: ignore[arg-type]
    console.push_render_hook(_Hygiene())
    return console


out = _console(highlight=False)
err = _console(stderr=True, highlight=False, soft_wrap=True)

EXIT_FINDINGS = 1  # error-severity findings (check/evaluate)
EXIT_BAD_INPUT = 2  # unreadable or truncated input, bad options


def fail(message: str, code: int = EXIT_BAD_INPUT) -> NoReturn:
    """Print one clear message on stderr and exit, without a traceback."""
    err.print(f"[bold red]错误[/]：{escape(message)}")
    raise typer.Exit(code)


def warn(message: str) -> None:
    err.print(f"[yellow]警告[/]：{escape(message)}")


def load(path: str, strict: bool = False) -> ImportResult:
    """Load a form (text or JSON) and print its warnings; exit 2 on unreadable input.

    A truncated form is returned (it still has what it has); callers decide the exit status.
    With ``strict``, any unplaced source text is an error.
    """
    from jixiao.importers import FormImportError, load_form

    try:
        result = load_form(path)
    except FormImportError as e:
        fail(str(e))
    for w in result.warnings:
        warn(f"{path}: {w}")
    for u in result.unplaced:
        warn(f"{path}: 未能归入任何字段的内容，{u.describe()}")
    if strict and result.unplaced:
        fail(f"{path}: 有 {len(result.unplaced)} 处内容未能归入字段（--strict）")
    return result


_JSON_UNSAFE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def emit(text: str) -> None:
    """Print JSON text on stdout. On a terminal, the characters JSON leaves raw that a
    terminal acts on (C1 controls, bidi overrides) are written as ``\\uXXXX`` escapes —
    the same JSON value, nothing for the terminal to obey."""
    if _isatty():
        text = _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    sys.stdout.write(text)


def _isatty() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def write_output(path: Path, data: bytes, what: str = "") -> None:
    """Write an output file safely (``jixiao.fileio.write_atomic``); exit 2 with one clear
    message when it cannot be written."""
    try:
        write_atomic(path, data)
    except OSError as e:
        fail(f"无法写出{what}到 {path}：{os_problem(e)}")
