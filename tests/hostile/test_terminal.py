"""Issue 12, terminal hygiene: text from a form never drives the terminal it is shown on."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.console import Console

from jixiao.cli.common import _Hygiene, emit, terminal_safe
from tests.hostile import inputs
from tests.hostile.helpers import jixiao

ATTACK = inputs.TERMINAL_ATTACK  # sets the window title, then clears the screen


@pytest.mark.parametrize("command", ["show", "check", "evaluate"])
def test_escape_sequences_in_a_form_do_not_reach_the_terminal(capfd, tmp_path: Path, command):
    f = tmp_path / "form.json"
    f.write_bytes(inputs.seed_with_department(ATTACK + "街道办事处"))
    r = jixiao(capfd, command, str(f))
    shown = r.out + r.err
    assert r.code in (0, 1) and "街道办事处" in shown
    assert "\x1b" not in shown and "\x07" not in shown
    assert "]0;PWNED" in shown  # what is left is visible, inert text


def test_file_names_and_warnings_are_cleaned_too(capfd, tmp_path: Path):
    f = tmp_path / "\x1b[2J坏.txt"
    f.write_bytes(b"")
    r = jixiao(capfd, "import", str(f))
    assert r.code == 2 and "\x1b" not in r.err and "[2J坏.txt" in r.err


def test_styles_of_our_own_stay_on_a_real_terminal():
    console = Console(force_terminal=True, color_system="standard", width=60, record=False)
    console.push_render_hook(_Hygiene())
    with console.capture() as cap:
        console.print(f"[bold]部门[/]：{ATTACK}文冲")
    text = cap.get()
    assert "\x1b[1m" in text  # rich's own bold survives
    assert "\x1b]0;" not in text and "\x1b[2J" not in text and "\x07" not in text


def test_terminal_safe_keeps_tabs_newlines_and_chinese():
    assert terminal_safe("甲\t乙\n丙\u202e丁\x9b\x00") == "甲\t乙\n丙丁"


def test_json_on_a_terminal_escapes_what_json_leaves_raw(monkeypatch, capsys):
    monkeypatch.setattr("jixiao.cli.common._isatty", lambda: True)
    emit('{"a": "x\u009b31m\u202ey"}')
    assert capsys.readouterr().out == '{"a": "x\\u009b31m\\u202ey"}'
