"""The ``jixiao`` command: a thin shell over the Python API.

Each module here registers the commands of one pipeline stage on ``app``.
"""

from __future__ import annotations

import sys

import typer

from jixiao.cli.text import ChineseGroup

app = typer.Typer(
    name="jixiao",
    cls=ChineseGroup,
    help="jixiao（绩效）：部门整体支出绩效自评表的导入、研判、检查、评分与输出。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

from jixiao.cli import assess, check, demo, edge, evaluate, forms, store  # noqa: E402,F401  (registers commands)


def main() -> None:
    """The ``jixiao`` console script: run the command, exit with its status (see ``edge``)."""
    sys.exit(edge.run())
