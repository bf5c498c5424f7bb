"""The README documents every CLI command and option, and every finding rule id."""

from __future__ import annotations

import re

import pytest
import typer.main

from jixiao.checks import RULES
from jixiao.cli import app
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def commands():
    group = typer.main.get_command(app)
    return sorted(group.commands.items())


def test_readme_has_the_two_commands():
    assert "make run" in README and "make test" in README


@pytest.mark.parametrize(("name", "command"), commands())
def test_every_command_is_documented(name: str, command):
    assert re.search(rf"`jixiao {re.escape(name)}\b", README), f"jixiao {name} is not in the README"


@pytest.mark.parametrize(
    ("name", "option"),
    [
        (name, opt)
        for name, command in commands()
        for param in command.params
        for opt in param.opts
        if opt.startswith("--") and opt != "--help"
    ],
)
def test_every_option_is_documented(name: str, option: str):
    assert option in README, f"jixiao {name} {option} is not in the README"


def test_every_rule_id_is_documented():
    missing = [rule for rule in RULES if f"`{rule}`" not in README]
    assert not missing, f"rule ids missing from the README: {missing}"
