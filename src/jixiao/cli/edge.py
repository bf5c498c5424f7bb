"""The process edge of the ``jixiao`` command: what happens around every command.

- Options every command shares (``jixiao --max-bytes N …``) and the ``JIXIAO_MAX_*``
  environment (``jixiao.limits``).
- Exit statuses: 0 ok; 1 an error-severity finding (``check``, ``evaluate``); 2 bad input,
  bad usage or an output that cannot be written; 3 an internal error (a bug: one line, and
  the traceback only with ``JIXIAO_DEBUG=1``); 128+N when stopped by signal N (130 for
  Ctrl-C, 143 for SIGTERM). Nothing else exits 1.
- Usage errors in Chinese, not Click's English.
- stdout/stderr that cannot be written (a full disk, a closed pipe): one clear message and
  exit 2; a reader that stopped early (``jixiao schema | head``) is not an error worth a
  message, so a closed pipe is silent.
- SIGTERM and SIGHUP unwind like Ctrl-C, so temporary output files are removed.
"""

from __future__ import annotations

import os
import signal
import sys
import traceback
from collections.abc import Sequence
from typing import Any, TextIO

import typer

from jixiao.cli import app
from jixiao.cli.common import EXIT_BAD_INPUT, err, fail
from jixiao.fileio import os_problem
from jixiao.limits import LimitError, Limits, limits, parse_size, set_limits

EXIT_INTERNAL = 3


@app.callback()
def _options(
    max_bytes: str | None = typer.Option(
        None,
        "--max-bytes",
        metavar="N",
        help="读取的单个输入文件的最大字节数（默认 50000000；可写 50M、200M 等；"
        "也可用环境变量 JIXIAO_MAX_BYTES 设置）",
    ),
) -> None:
    """Options and settings every command shares (the app's help text is set on ``app``).

    The environment is checked here, before any command runs: the limits (JIXIAO_MAX_*) and
    a bureau's scales extension (JIXIAO_SCALES).
    """
    try:
        limits()
    except ValueError as e:
        fail(str(e))
    from jixiao.assess import scales

    if os.environ.get(scales.ENV, "").strip():
        try:
            scales.current()
        except scales.ScalesError as e:
            fail(f"环境变量 {scales.ENV}：{e}")
    if max_bytes is not None:
        value = parse_size(max_bytes)
        if value is None:
            fail(f"--max-bytes 应为正整数（可带 K、M、G，如 50M），现为 {max_bytes!r}")
        set_limits(max_bytes=value)


# -- streams --------------------------------------------------------------------------


class StreamError(Exception):
    """Writing to stdout or stderr failed (not an OSError, so no library swallows it)."""

    def __init__(self, name: str, error: OSError) -> None:
        super().__init__(f"{name}: {error}")
        self.name = name
        self.error = error


class _Guarded:
    """A text stream whose write errors become ``StreamError``; all else is the stream's."""

    def __init__(self, stream: TextIO, name: str) -> None:
        self._stream = stream
        self._name = name

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except OSError as e:
            raise StreamError(self._name, e) from e

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as e:
            raise StreamError(self._name, e) from e

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _discard(fd: int) -> None:
    """Point ``fd`` at /dev/null, so the interpreter's last flush cannot fail again."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, fd)
        os.close(null)
    except OSError:
        pass


# -- signals --------------------------------------------------------------------------


class Interrupted(BaseException):
    """A termination signal, raised where the program is so ``finally`` blocks clean up."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _on_signal(signum: int, frame: object) -> None:
    raise Interrupted(signum)


def _install_signals() -> dict[int, Any]:
    """Install the handlers; returns the previous ones."""
    previous = {}
    for sig in (signal.SIGTERM, signal.SIGHUP):
        try:
            previous[sig] = signal.signal(sig, _on_signal)
        except (ValueError, OSError):  # not the main thread, or not supported here
            pass
    return previous


# -- usage errors ---------------------------------------------------------------------


def _hint(e: Exception) -> str:
    """The option or argument a usage error is about, as the user typed or sees it."""
    hint = getattr(e, "param_hint", None)
    if isinstance(hint, str | list | tuple) and hint:
        return hint if isinstance(hint, str) else " / ".join(hint)
    param = getattr(e, "param", None)
    if param is None:
        return ""
    opts = [o for o in getattr(param, "opts", []) if o.startswith("-")]
    return opts[0] if opts else str(getattr(param, "metavar", None) or param.name.upper())


def _usage_message(e: Exception) -> str:
    """A Click usage error in Chinese."""
    kind = type(e).__name__
    message = str(getattr(e, "message", e))
    guess = ""
    if "Did you mean" in message:
        message, _, rest = message.partition("Did you mean")
        guess = f"（是否想用 {rest.strip(' ?')}）"
        message = message.strip(" .")
    if kind == "MissingParameter":
        hint = _hint(e)
        return f"缺少{'选项' if hint.startswith('-') else '参数'} {hint}"
    if kind == "NoSuchOption":
        possible = getattr(e, "possibilities", None)
        said = f"没有选项 {getattr(e, 'option_name', '')}"
        return said + (f"（是否想用：{'、'.join(sorted(possible))}）" if possible else guess)
    if kind == "BadOptionUsage" and "requires an argument" in message:
        return f"选项 {getattr(e, 'option_name', '')} 需要一个值"
    if kind == "BadParameter":
        return f"{_hint(e)} 的值无效：{message}"
    if message.startswith("No such command"):
        return "没有这个命令：" + message.removeprefix("No such command").strip(" .") + guess
    if message.startswith("Got unexpected extra argument"):
        extra = message[message.find("(") + 1 : message.rfind(")")]
        return f"多余的参数：{extra}"
    if kind == "FileError":
        return f"无法打开文件 {getattr(e, 'ui_filename', '')}：{message}"
    return f"用法有误：{message}{guess}"


def _show_usage_error(e: Any) -> int:
    if type(e).__name__ == "NoArgsIsHelpError":
        e.show()  # the help text itself
        return e.exit_code
    ctx = getattr(e, "ctx", None)
    lines = [f"[bold red]错误[/]：{_escape(_usage_message(e))}"]
    if ctx is not None:
        usage = ctx.get_usage().replace("Usage: ", "用法：", 1)
        lines.append(_escape(usage))
        lines.append(f"运行 {_escape(ctx.command_path)} --help 查看说明")
    err.print("\n".join(lines))
    return EXIT_BAD_INPUT


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


# -- the whole run --------------------------------------------------------------------


def run(args: Sequence[str] | None = None) -> int:
    """Run the ``jixiao`` command with ``args`` (default: sys.argv); returns the exit status."""
    try:
        before = limits()  # --max-bytes holds for this run only
    except ValueError as e:  # a bad JIXIAO_MAX_* variable
        return _quiet_message(str(e), EXIT_BAD_INPUT)
    previous = _install_signals()
    stdout, stderr = sys.stdout, sys.stderr
    sys.stdout = _Guarded(stdout, "标准输出")  # type: ignore[assignment]
    sys.stderr = _Guarded(stderr, "标准错误")  # type: ignore[assignment]
    try:
        return _run(args)
    finally:
        sys.stdout, sys.stderr = stdout, stderr
        set_limits(before)
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _run(args: Sequence[str] | None) -> int:
    try:
        try:
            rv = app(
                args=list(args) if args is not None else None,
                prog_name="jixiao",
                standalone_mode=False,
            )
            code = rv if isinstance(rv, int) else 0
            sys.stdout.flush()
            return code
        except typer.Abort:
            return 130
        except typer.TyperException as e:  # Click's usage errors
            return _show_usage_error(e)
    except Interrupted as e:
        _quiet_message(f"已中断（信号 {signal.Signals(e.signum).name}），未完成的输出已删除")
        return 128 + e.signum
    except StreamError as e:
        return _stream_failed(e)
    except LimitError as e:
        return _quiet_message(str(e), EXIT_BAD_INPUT)
    except MemoryError:
        return _quiet_message(
            "内存不足：输入太大（可用 --max-bytes 等限制调小可读取的大小）", EXIT_BAD_INPUT
        )
    except Exception as e:
        if os.environ.get("JIXIAO_DEBUG"):
            traceback.print_exc()
        return _quiet_message(
            f"内部错误（{type(e).__name__}）：这是 jixiao 的缺陷，请报告；"
            "设置环境变量 JIXIAO_DEBUG=1 可显示详细信息",
            EXIT_INTERNAL,
        )


def _stream_failed(e: StreamError) -> int:
    import errno

    if e.name == "标准输出":
        _discard(1)
        if e.error.errno == errno.EPIPE:
            return EXIT_BAD_INPUT  # the reader stopped early (| head): nothing to say
        return _quiet_message(f"无法写出到标准输出：{os_problem(e.error)}", EXIT_BAD_INPUT)
    _discard(2)  # stderr itself is broken: nothing can be said
    return EXIT_BAD_INPUT


def _quiet_message(message: str, code: int = 0) -> int:
    """Print an error on stderr if stderr still works; returns ``code``."""
    try:
        err.print(f"[bold red]错误[/]：{_escape(message)}")
    except (StreamError, OSError):
        _discard(2)
    return code


__all__ = ["EXIT_INTERNAL", "Interrupted", "Limits", "run"]
