"""CLI commands of the assess and checks stages: ``assess`` and ``check``."""

from __future__ import annotations

import io
import json
import sys
from typing import Any

import typer

from jixiao.assess import judge
from jixiao.assess.types import Judgement
from jixiao.cli import app
from jixiao.cli.common import EXIT_BAD_INPUT, err, fail, out
from jixiao.cli.text import ChineseCommand


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
    if isinstance(v, bool) or not isinstance(v, str | int | float):
        raise ValueError(f"字段 {key!r} 应为文本，而不是 {type(v).__name__}")
    return str(v)


def _judge_line(line: str) -> dict[str, Any]:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as e:
        raise ValueError(f"不是合法的 JSON（第{e.colno}列附近有误）") from None
    if not isinstance(obj, dict):
        raise ValueError("应为一个 JSON 对象")
    target = _text_field(obj, "target", True) or ""
    actual = _text_field(obj, "actual", True) or ""
    name = _text_field(obj, "name", False) or ""
    unit = _text_field(obj, "unit", False)
    sign = _text_field(obj, "sign", False)
    return _result(judge(target, actual, name=name, unit=unit, sign=sign))


def _run_jsonl(path: str) -> int:
    """Judge one pair per line; a bad line gets an error object. Returns the bad count."""
    try:
        stream = (
            io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8-sig")
            if path == "-"
            else open(path, encoding="utf-8-sig")  # closed below
        )
    except OSError as e:
        fail(f"读不到文件 {path}：{e.strerror}")
    bad = 0
    write = sys.stdout.write
    try:
        for no, line in enumerate(stream, 1):
            if not line.strip():
                continue
            try:
                result = _judge_line(line)
            except ValueError as e:
                bad += 1
                message = f"第{no}行：{e}"
                err.print(f"[bold red]错误[/]：{path}: {message}", markup=True, highlight=False)
                result = {"verdict": None, "ratio": None, "explanation": None, "error": message}
            write(json.dumps(result, ensure_ascii=False) + "\n")
    except UnicodeDecodeError:
        fail(f"{path} 不是 UTF-8 编码的文本")
    finally:
        if path != "-":
            stream.close()
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
        sys.stdout.write(json.dumps(_result(j), ensure_ascii=False) + "\n")
        return
    out.print(f"结论：{j.verdict.label}（{j.verdict.value}）", markup=False)
    if j.ratio is not None:
        out.print(f"完成度：{j.ratio * 100:.1f}%（{j.ratio}）", markup=False)
    out.print(f"说明：{j.explanation}", markup=False)
