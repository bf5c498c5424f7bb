"""The terminal: `show`, `check` and `evaluate` break lines like print (never inside a number,
never before closing punctuation), and every command's help is in Chinese."""

from __future__ import annotations

import itertools
import re

import pytest
import typer.main
from rich.cells import cell_len
from typer.testing import CliRunner

from jixiao.cli import app
from tests.conftest import DATA

runner = CliRunner()
BOX = "│┃┌┐└┘├┤┬┴┼─━╭╮╰╯═║"
CLOSING = "，。、；：！？）》」』”’%"
FORMS = [DATA / "seed.txt", DATA / "practice-1.json"]


def _columns(line: str) -> list[str]:
    """The cell texts of a table line (or the line itself), box characters removed."""
    parts = re.split(f"[{BOX}]", line)
    return [p.strip() for p in parts] if len(parts) > 1 else [line.strip()]


def _assert_breaks_like_print(out: str, width: int) -> None:
    lines = out.splitlines()
    assert lines
    for line in lines:
        assert cell_len(line.rstrip()) <= width, line  # a terminal counts “ and ─ one cell
    for a, b in itertools.pairwise(lines):
        ca, cb = _columns(a), _columns(b)
        if len(ca) != len(cb):
            continue
        for x, y in zip(ca, cb, strict=True):
            if not x or not y:
                continue
            assert not (x[-1].isdigit() and (y[0].isdigit() or y[0] in ".,%")), (a, b)
            assert y[0] not in CLOSING, (a, b)


@pytest.mark.parametrize("width", [48, 80, 120])
@pytest.mark.parametrize("form", FORMS, ids=lambda p: p.name)
def test_show_breaks_lines_like_print(form, width: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    r = runner.invoke(app, ["show", str(form)])
    assert r.exit_code == 0, r.stderr
    _assert_breaks_like_print(r.stdout, width)
    assert "序号" in r.stdout and "1.1" in r.stdout  # the form's own numbering


@pytest.mark.parametrize("width", [48, 80])
@pytest.mark.parametrize("command", ["check", "evaluate"])
def test_check_and_evaluate_break_lines_like_print(
    command: str, width: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    for form in FORMS:
        r = runner.invoke(app, [command, str(form)])
        assert r.exit_code in (0, 1), r.stderr
        _assert_breaks_like_print(r.stdout, width)


def _commands() -> list[tuple[str, object]]:
    """Every command and group, nested ones too, by their words after ``jixiao``."""
    out: list[tuple[str, object]] = []

    def walk(prefix: str, command: object) -> None:
        out.append((prefix, command))
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            walk(f"{prefix} {name}".strip(), sub)

    walk("", typer.main.get_command(app))
    return out


ENGLISH = (
    "Usage",
    "Options",
    "Arguments",
    "Commands",
    "Show this message",
    "[required]",
    "[default",
)


@pytest.mark.parametrize(("name", "command"), _commands(), ids=lambda x: str(x)[:12])
def test_help_is_in_chinese(name: str, command, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    r = runner.invoke(app, [*name.split(), "--help"])
    assert r.exit_code == 0
    assert "用法：" in r.stdout and "显示本帮助并退出。" in r.stdout
    for word in ENGLISH:
        assert word not in r.stdout, (name, word)
    # no Python type names (<list[Path]>, <int>, <bool>) and no typer braces ({FILES})
    assert not re.search(r"<(list|int|str|bool|float|path|file)\b", r.stdout), (name, r.stdout)
    usage = next(line for line in r.stdout.splitlines() if "用法：" in line)
    assert "{" not in usage, usage
    for param in command.params:  # type: ignore[attr-defined]
        assert re.search(r"[\u4e00-\u9fff]", param.help or ""), (name, param.opts)
    if command.help:  # type: ignore[attr-defined]
        assert re.search(r"[\u4e00-\u9fff]", command.help)  # type: ignore[attr-defined]
