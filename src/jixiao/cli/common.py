"""Helpers shared by the CLI commands: consoles, clean failures, loading forms."""

from __future__ import annotations

from typing import NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from jixiao.importers import FormImportError, ImportResult, load_form

out = Console(highlight=False)
err = Console(stderr=True, highlight=False, soft_wrap=True)

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
