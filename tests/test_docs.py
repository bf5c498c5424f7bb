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


FINDINGS_DOC = (ROOT / "docs" / "findings.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("doc", [README, FINDINGS_DOC], ids=["README", "findings.md"])
def test_every_rule_id_stands_beside_its_chinese_name(doc: str):
    """People see a rule's Chinese name; the docs give it beside the id the JSON carries."""
    rows = {m.group(1): m.group(0) for m in re.finditer(r"^\| `([a-z_0-9]+)` \|.*$", doc, re.M)}
    for rule_id, rule in RULES.items():
        assert rule_id in rows, rule_id
        assert f"| `{rule_id}` | {rule.title} |" in rows[rule_id], rule_id


def test_readme_shows_each_report():
    """The README shows a screenshot of the HTML, the PDF and the Excel print-out."""
    images = re.findall(r"!\[[^\]]*\]\((docs/img/[^)]+\.png)\)", README)
    assert len(images) >= 3
    for img in images:
        assert (ROOT / img).is_file(), img


def test_no_merge_conflict_markers_are_committed():
    """A merge left half-done must not land: no tracked text file keeps conflict markers."""
    import subprocess

    tracked = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.split(b"\0")
    marker = re.compile(rb"^(<{7}|>{7}) ", re.M)
    bad = []
    for name in filter(None, tracked):
        path = ROOT / name.decode()
        if path.suffix in {".png", ".pdf", ".xlsx", ".xls", ".docx"} or not path.is_file():
            continue
        if marker.search(path.read_bytes()):
            bad.append(name.decode())
    assert not bad, f"conflict markers in: {bad}"
