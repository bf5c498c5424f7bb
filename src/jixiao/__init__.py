"""jixiao（绩效）: 部门整体支出绩效自评表 — import, assess, check, score, render."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("jixiao")
except PackageNotFoundError:  # run from a source tree without installing
    __version__ = "0+unknown"
