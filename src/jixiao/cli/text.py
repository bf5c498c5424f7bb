"""Terminal text: Chinese help furniture for the commands, and lines that break like print.

Rich folds a long CJK run wherever the terminal ends, which cuts numbers (党员293|8名) and
starts lines with a comma. Every line jixiao prints is broken by ``jixiao.cells.line_spans``
instead: between CJK characters and at spaces, never inside a number or a Latin word, never
before closing punctuation.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import typer.rich_utils as rich_utils
from rich.console import Console
from rich.table import Table
from rich.text import Text
from typer.core import TyperCommand, TyperGroup

from jixiao.cells import display_width, line_spans, longest_run

# -- help in Chinese -----------------------------------------------------------------------
HELP_OPTION_HELP = "显示本帮助并退出。"
USAGE_PREFIX = "用法："
rich_utils.ARGUMENTS_PANEL_TITLE = "参数"
rich_utils.OPTIONS_PANEL_TITLE = "选项"
rich_utils.COMMANDS_PANEL_TITLE = "命令"
rich_utils.ERRORS_PANEL_TITLE = "错误"
rich_utils.ABORTED_TEXT = "已中止。"
rich_utils.DEFAULT_STRING = "[默认：{}]"
rich_utils.REQUIRED_LONG_STRING = "[必填]"
rich_utils.ENVVAR_STRING = "[环境变量：{}]"
rich_utils.DEPRECATED_STRING = "（已停用）"
rich_utils.RICH_HELP = "运行 [blue]'{command_path} {help_option}'[/] 查看帮助。"


# What a value is called in help where a parameter names no metavar of its own (typer would
# print its Python type: <list[Path]>, <int>, <bool>, {files}).
METAVARS: dict[Any, str] = {int: "N", float: "X", str: "TEXT"}


def _metavar(param: Any) -> str:
    """The metavar of a parameter without one: a flag has none; an argument is named by
    its own name (FILES); an option by the kind of value it takes."""
    if getattr(param, "is_flag", False) or getattr(param, "count", False):
        return ""
    if param.param_type_name == "argument":
        return (param.name or "VALUE").upper()
    desc = getattr(param, "type_descriptor", None)
    if desc is not None and (desc.is_path or desc.is_file):
        return "PATH"
    return METAVARS.get(getattr(desc, "annotation", None), "VALUE")


def _no_type(ctx: Any) -> None:
    return None


class _Chinese:
    """Usage line and the --help option in Chinese (the rest is each command's own help);
    plain metavars instead of typer's Python type names."""

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = HELP_OPTION_HELP
            option.metavar = ""
        return option

    def get_params(self, ctx: Any) -> Any:
        params = super().get_params(ctx)  # type: ignore[misc]
        for param in params:
            if param.metavar is None:
                param.metavar = _metavar(param)
            if param.param_type_name == "argument":
                param.display_type_rich = _no_type  # its metavar already says what it is
        return params

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        """用法：jixiao import [选项] FILES... — an argument as click writes it (NAME,
        [NAME] when optional, ... when repeated), not typer's {NAME}."""
        pieces = [self.options_metavar]  # type: ignore[attr-defined]
        for param in self.get_params(ctx):
            if param.param_type_name != "argument":
                continue
            name = param.metavar.rstrip(".…")
            name = name if param.required else f"[{name}]"
            pieces.append(name + ("..." if param.nargs != 1 else ""))
        if hasattr(self, "subcommand_metavar"):
            pieces.append(self.subcommand_metavar)
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=USAGE_PREFIX)


class ChineseCommand(_Chinese, TyperCommand):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.options_metavar = "[选项]"


class ChineseGroup(_Chinese, TyperGroup):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.options_metavar = "[选项]"
        self.subcommand_metavar = "命令 [参数]..."


# -- lines -----------------------------------------------------------------------------------
def fold(text: str, width: int) -> str:
    """``text`` with a newline wherever a terminal line of ``width`` cells should end."""
    return "\n".join(text[a:b] for a, b in line_spans(text, max(width, 4)))


def lines(text: str | Text, width: int) -> list[Text]:
    """Styled text (or rich markup) cut into terminal lines of at most ``width`` cells."""
    t = Text.from_markup(text) if isinstance(text, str) else text
    return [t[a:b] for a, b in line_spans(t.plain, max(width, 4))]


def say(console: Console, text: str | Text, indent: int = 0, first: str | Text = "") -> None:
    """Print ``text`` (rich markup) wrapped to the console, later lines indented."""
    head = Text.from_markup(first) if isinstance(first, str) else first
    width = console.width - indent
    for n, line in enumerate(lines(text, width - (head.cell_len if first else 0))):
        if n == 0 and first:
            console.print(head + line)
        else:
            console.print(Text(" " * indent) + line)


def table(
    console: Console,
    columns: Sequence[tuple[str, float]],
    rows: Sequence[Sequence[str]],
    **options: Any,
) -> Table:
    """A rich table whose cells are broken by :func:`fold` to fit the console.

    ``columns`` are (header, ratio); a ratio of 0 means "as wide as its widest value"
    (numbers, short labels), never broken.
    """
    room = console.width - (len(columns) + 1) - 2 * len(columns)  # borders and padding
    texts = [[h] + [str(r[i]) for r in rows] for i, (h, _) in enumerate(columns)]
    fixed = {
        i: max(display_width(t) for t in texts[i])
        for i, (_, ratio) in enumerate(columns)
        if ratio == 0
    }
    floor = [max(4, *(int(longest_run(t)) for t in col)) for col in texts]
    ratios = [i for i, (_, ratio) in enumerate(columns) if ratio]
    if sum(fixed.values()) + sum(floor[i] for i in ratios) > room:
        # too narrow for every value on one line: let the fixed columns wrap too
        for i in fixed:
            fixed[i] = floor[i]
    rest = max(sum(floor[i] for i in ratios), room - sum(fixed.values()))
    total = sum(ratio for _, ratio in columns) or 1
    widths = [
        fixed[i] if i in fixed else max(floor[i], int(rest * ratio / total))
        for i, (_, ratio) in enumerate(columns)
    ]
    options.setdefault("show_lines", True)  # a row ends at a rule: wrapped lines are not rows
    t = Table(**options)
    for (header, _), w in zip(columns, widths, strict=True):
        t.add_column(fold(header, w), width=w, no_wrap=True)
    for r in rows:
        t.add_row(*(Text(fold(str(v), w)) for v, w in zip(r, widths, strict=True)))
    return t
