"""CLI commands of the assess and checks stages: ``assess`` and ``check``."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import typer
from rich.markup import escape

from jixiao.assess import judge
from jixiao.assess.types import Judgement
from jixiao.cli import app
from jixiao.cli.common import EXIT_BAD_INPUT, emit, err, fail, out
from jixiao.cli.text import ChineseCommand
from jixiao.fileio import InputError, read_input
from jixiao.limits import limits
from jixiao.parsing import DataError, load_json, type_name


def _result(j: Judgement) -> dict[str, Any]:
    return {"verdict": j.verdict.value, "ratio": j.ratio, "explanation": j.explanation}


def _text_field(obj: dict[str, Any], key: str, required: bool) -> str | None:
    if key not in obj:
        if required:
            raise ValueError(f"缺少字段 {key!r}")
        return None
    v = obj[key]
    if v is None:
        return "" if required else None
    if isinstance(v, bool) or not isinstance(v, str | int | Decimal):
        raise ValueError(f"字段 {key!r} 应为文本，实际为{type_name(v)}")
    text = str(v)
    lim = limits()
    if len(text) > lim.max_cell_chars:
        raise ValueError(lim.exceeded("max_cell_chars", len(text), at=f"字段 {key!r} 的").problem)
    return text


def _judge_line(line: str) -> dict[str, Any]:
    try:
        obj = load_json(line)  # within the nesting and digit limits
    except DataError as e:
        raise ValueError(str(e)) from None
    if not isinstance(obj, dict):
        raise ValueError("应为一个 JSON 对象")
    target = _text_field(obj, "target", True) or ""
    actual = _text_field(obj, "actual", True) or ""
    name = _text_field(obj, "name", False) or ""
    unit = _text_field(obj, "unit", False)
    sign = _text_field(obj, "sign", False)
    return _result(judge(target, actual, name=name, unit=unit, sign=sign))


def _lines(path: str) -> Iterator[bytes]:
    """The lines of a JSONL file (a regular file) or of stdin (``-``), within max_bytes.

    Standard input is read a line at a time, so results follow their lines as they come.
    """
    if path != "-":
        try:
            yield from read_input(path).split(b"\n")
        except InputError as e:
            fail(f"读不到文件 {path}：{e.problem}")
        return
    cap = limits().max_bytes
    stream = sys.stdin.buffer
    total = 0
    while line := stream.readline(cap - total + 1):
        total += len(line)
        if total > cap:
            fail(f"标准输入：{limits().exceeded('max_bytes').problem}")
        yield line


def _run_jsonl(path: str) -> int:
    """Judge one pair per line; a bad line gets an error object. Returns the bad count."""
    bad = 0
    for no, raw in enumerate(_lines(path), 1):
        try:
            line = raw.decode("utf-8-sig" if no == 1 else "utf-8")
        except UnicodeDecodeError:
            line = None
        if line is not None and not line.strip():
            continue
        try:
            if line is None:
                raise ValueError("不是 UTF-8 编码的文本")
            result = _judge_line(line)
        except ValueError as e:
            bad += 1
            message = f"第{no}行：{e}"
            err.print(f"[bold red]错误[/]：{escape(path)}: {escape(message)}", highlight=False)
            result = {"verdict": None, "ratio": None, "explanation": None, "error": message}
        emit(json.dumps(result, ensure_ascii=False) + "\n")
    sys.stdout.flush()
    return bad


@app.command("assess", cls=ChineseCommand)
def assess_command(
    target: str | None = typer.Argument(
        None, metavar="TARGET", help="预期目标，如 ≥95%、全市前3名"
    ),
    actual: str | None = typer.Argument(None, metavar="ACTUAL", help="完成情况，如 87.6%"),
    name: str = typer.Option("", "--name", metavar="N", help="指标名称（帮助挑选数值、判断方向）"),
    unit: str | None = typer.Option(
        None, "--unit", metavar="U", help="无单位数值的单位，如 %、万人"
    ),
    sign: str | None = typer.Option(
        None, "--sign", metavar="S", help="方向：+ 或 >= 越高越好，- 或 <= 越低越好"
    ),
    as_json: bool = typer.Option(
        False, "--json", metavar="", help="输出 JSON：verdict、ratio、explanation"
    ),
    jsonl: str | None = typer.Option(
        None,
        "--jsonl",
        metavar="FILE",
        help="批量研判：每行一个 JSON 对象 {name,target,actual,unit,sign}，- 表示标准输入",
    ),
) -> None:
    """研判一个指标是否达成：已达成（met）、未达成（not_met）或无法判断（undetermined）。

    给出 TARGET 和 ACTUAL 研判一对；或用 --jsonl FILE 批量研判，每行输出一个
    {"verdict","ratio","explanation"}，顺序与输入一致（空行跳过）。某行有误时该行输出
    {"verdict":null,…,"error":"第N行：…"}，并在标准错误上报告，其余行照常研判，最后退出码为 2。
    """
    if jsonl is not None:
        if target is not None or actual is not None:
            fail("--jsonl 与 TARGET/ACTUAL 不能同时使用")
        if _run_jsonl(jsonl):
            raise typer.Exit(EXIT_BAD_INPUT)
        return
    if target is None or actual is None:
        fail('需要 TARGET 和 ACTUAL 两个参数（完成情况为空时请传 ""），或使用 --jsonl FILE')
    try:
        j = judge(target, actual, name=name, unit=unit, sign=sign)
    except ValueError as e:
        fail(f"--sign：{e}")
    if as_json:
        emit(json.dumps(_result(j), ensure_ascii=False) + "\n")
        return
    out.print(f"结论：{j.verdict.label}（{j.verdict.value}）", markup=False)
    if j.ratio is not None:
        out.print(f"完成度：{j.ratio * 100:.1f}%（{j.ratio}）", markup=False)
    out.print(f"说明：{j.explanation}", markup=False)
