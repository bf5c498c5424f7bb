"""The ``jixiao`` command: a thin shell over the Python API.

Each module here registers the commands of one pipeline stage on ``app``.
"""

from __future__ import annotations

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

from jixiao.cli import assess, check, evaluate, forms, store  # noqa: E402,F401  (registers commands)


@app.callback()
def _scales_from_environment() -> None:
    """A bureau's scales extension (JIXIAO_SCALES) is checked before any command uses it."""
    import os

    from jixiao.assess import scales

    if os.environ.get(scales.ENV, "").strip():
        try:
            scales.current()
        except scales.ScalesError as e:
            from jixiao.cli.common import fail

            fail(f"环境变量 {scales.ENV}：{e}")


def main() -> None:
    app()
