"""The pipeline is the design: each stage imports only the stages before it.

source → importers → model → assess/checks → scoring → render, with store, service, api and
web around it and cli as a thin shell. The web and the API reach the database only through
the service layer. This test reads every module's imports (including those inside
functions) and fails on an import that points forward or sideways.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "jixiao"

# What each package of jixiao may import (besides itself). The shared modules at the top
# (labels, cells, paths, limits, parsing, validate, fileio, model) form the base.
BASE = {"labels", "cells", "paths", "limits", "parsing", "validate", "fileio", "model"}
ALLOWED: dict[str, set[str]] = {
    "importers": BASE,
    "assess": BASE,
    "checks": BASE | {"assess"},
    "scoring": BASE | {"assess", "checks"},
    "render": BASE | {"assess", "checks", "scoring"},
    "store": BASE | {"assess", "checks", "scoring"},
    "service": BASE | {"importers", "assess", "checks", "scoring", "render", "store"},
    "api": BASE | {"assess", "checks", "scoring", "service"},
    "web": BASE | {"assess", "checks", "scoring", "render", "service", "api"},
    "cli": BASE
    | {"importers", "assess", "checks", "scoring", "render", "store", "service", "api", "web"},
}
# The base modules may use each other but nothing above them.
ALLOWED.update({name: BASE for name in BASE})
# Deliberate exceptions, each with its reason.
EXCEPTIONS: dict[tuple[str, str], str] = {
    ("api/__init__.py", "web"): "create_app mounts the pages on the one application",
}


def _unit(path: Path) -> str:
    rel = path.relative_to(SRC)
    return rel.parts[0].removesuffix(".py")


def _imported_units(path: Path) -> set[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ["jixiao", *path.relative_to(SRC).with_suffix("").parts[:-1]]
    found: set[tuple[str, int]] = set()
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
                names = [module] if node.module else [f"{module}.{a.name}" for a in node.names]
            elif node.module:
                names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
        for name in names:
            parts = name.split(".")
            if parts[0] == "jixiao" and len(parts) > 1:
                if (SRC / parts[1]).is_dir() or (SRC / f"{parts[1]}.py").is_file():
                    found.add((parts[1], node.lineno))
    return found


MODULES = sorted(p for p in SRC.rglob("*.py") if p.parent != SRC or p.name != "__init__.py")


def test_every_package_has_a_rule() -> None:
    units = {_unit(p) for p in MODULES}
    assert units <= set(ALLOWED), f"新的包没有层次规则：{sorted(units - set(ALLOWED))}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_imports_follow_the_pipeline(path: Path) -> None:
    unit = _unit(path)
    where = str(path.relative_to(SRC))
    bad = sorted(
        f"第{line}行导入 jixiao.{other}"
        for other, line in _imported_units(path)
        if other != unit and other not in ALLOWED[unit] and (where, other) not in EXCEPTIONS
    )
    assert not bad, f"{path.relative_to(SRC)}（{unit}）越层：{bad}"
