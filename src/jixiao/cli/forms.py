"""CLI commands on forms themselves: ``import``, ``show``, ``schema``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from rich.box import SQUARE
from rich.markup import escape as e

from jixiao.cells import money, percent
from jixiao.cli import app
from jixiao.cli.common import EXIT_BAD_INPUT, err, fail, load, out
from jixiao.cli.text import ChineseCommand, say, table
from jixiao.fileio import write_atomic
from jixiao.importers import FormImportError, ImportResult, load_form
from jixiao.labels import FUNDS_BY_FIELD, FUNDS_PRINTED, FUNDS_ROWS
from jixiao.model import Form, Funds, shared_json_schema
from jixiao.paths import FormPath


@app.command("import", cls=ChineseCommand)
def import_(
    files: list[Path] = typer.Argument(
        ..., help="表格文件：提取文本（.txt）或共享格式 JSON", show_default=False
    ),
    output: Path | None = typer.Option(
        None,
        "-o",
        "--output",
        help="输出：单个文件时为 JSON 文件路径（默认标准输出）；多个文件时为目录",
    ),
    strict: bool = typer.Option(
        False, "--strict", metavar="", help="有任何未能归入字段的内容即视为失败"
    ),
) -> None:
    """导入表格，输出共享格式 JSON（一个文件输出到标准输出或 -o；多个文件输出到 -o 目录）。"""
    if len(files) == 1:
        result = load(str(files[0]), strict=strict)
        text = result.form.to_shared_json() + "\n"
        if output is None:
            sys.stdout.write(text)
        else:
            _write(output, text)
        if result.truncated:
            raise typer.Exit(EXIT_BAD_INPUT)
        return
    if output is None:
        fail("导入多个文件时需用 -o 指定输出目录")
    if output.exists() and not output.is_dir():
        fail(f"{output}: 已存在且不是目录")
    output.mkdir(parents=True, exist_ok=True)
    failed = _import_many(files, output, strict)
    if failed:
        err.print(f"{len(files) - failed} 个成功，{failed} 个失败或不完整")
        raise typer.Exit(EXIT_BAD_INPUT)
    err.print(f"已导入 {len(files)} 个文件到 {output}")


def _import_many(files: list[Path], outdir: Path, strict: bool) -> int:
    """Import each file into outdir/<stem>.json; returns how many failed or were incomplete."""
    failed = 0
    names: set[str] = set()
    progress = None
    if err.is_terminal:
        from rich.progress import Progress

        progress = Progress(console=err, transient=True)
        progress.start()
        bar = progress.add_task("导入中", total=len(files))
    try:
        for f in files:
            ok = _import_one(f, outdir, strict, names)
            failed += 0 if ok else 1
            if progress is not None:
                progress.advance(bar)
    finally:
        if progress is not None:
            progress.stop()
    return failed


def _import_one(f: Path, outdir: Path, strict: bool, names: set[str]) -> bool:
    try:
        result = load_form(f)
    except FormImportError as exc:
        err.print(f"[bold red]错误[/]：{e(str(exc))}")
        return False
    _report(str(f), result)
    if strict and result.unplaced:
        err.print(
            f"[bold red]错误[/]：{e(str(f))}: 有 {len(result.unplaced)} 处内容未能归入字段（--strict）"
        )
        return False
    stem = f.stem
    name = stem
    n = 1
    while name in names:  # two inputs with the same stem from different folders
        n += 1
        name = f"{stem}-{n}"
    names.add(name)
    _write(outdir / f"{name}.json", result.form.to_shared_json() + "\n")
    return not result.truncated


def _report(path: str, result: ImportResult) -> None:
    for w in result.warnings:
        err.print(f"[yellow]警告[/]：{e(path)}: {e(w)}")
    for u in result.unplaced:
        err.print(f"[yellow]警告[/]：{e(path)}: 未能归入任何字段的内容，{e(u.describe())}")


def _write(path: Path, text: str) -> None:
    try:
        write_atomic(path, text.encode("utf-8"))
    except OSError as e:
        fail(f"{path}: 无法写入（{e.strerror}）")


@app.command(cls=ChineseCommand)
def show(
    file: Path = typer.Argument(..., help="表格文件：提取文本或共享格式 JSON", show_default=False),
) -> None:
    """在终端以表格形式显示一张自评表。"""
    result = load(str(file))
    render_form(result.form)
    if result.truncated:
        raise typer.Exit(EXIT_BAD_INPUT)


@app.command(cls=ChineseCommand)
def schema() -> None:
    """输出共享格式（department-overall-self-evaluation/1）的 JSON Schema。"""
    sys.stdout.write(json.dumps(shared_json_schema(), ensure_ascii=False, indent=2) + "\n")


def render_form(form: Form) -> None:
    """Print a form as readable terminal tables; lines never break inside a number."""
    year = f"（{form.year}年度）" if form.year else ""
    say(out, f"[bold]{e(form.title)}{year}[/]")
    say(out, f"部门：{e(form.department)}    单位：{e(form.unit)}")
    f = form.funds
    funds = [
        [FUNDS_PRINTED[a], _figure(f, a), FUNDS_PRINTED[b] if b else "", _figure(f, b) if b else ""]
        for a, b in FUNDS_ROWS
    ]
    columns = [("", 1.0), ("", 0), ("", 1.0), ("", 0)]
    out.print(table(out, columns, funds, title="部门资金情况", box=SQUARE, show_header=False))
    goal = [[form.overall_goal, form.overall_goal_completion]]
    columns = [("年度整体目标", 1.0), ("整体目标完成情况", 1.0)]
    out.print(table(out, columns, goal, title="年度整体目标", box=SQUARE))
    keys = [
        [FormPath.key_indicator(i).number(), k.name, k.expected_value, k.completion]
        for i, k in enumerate(form.key_indicators)
    ]
    columns = [("序号", 0), ("关键指标", 2.0), ("预期实现值", 1.0), ("指标完成情况", 2.0)]
    out.print(table(out, columns, keys, title="年度关键指标", box=SQUARE))
    say(out, "[bold]主要任务[/]")
    for n, t in enumerate(form.tasks):
        funds_text = money(t.funds) or "（空）"
        say(out, f"[bold]{n + 1}. {e(t.name)}[/]    任务涉及资金：{funds_text}")
        rows = [["", "预期目标", t.expected_goal], ["", "目标完成情况", t.goal_completion]]
        rows += [
            [FormPath.indicator(n, j).number(), i.category, i.completion]
            for j, i in enumerate(t.indicators)
        ]
        columns = [("序号", 0), ("", 0.25), ("", 1.0)]
        out.print(table(out, columns, rows, box=SQUARE, show_header=False))
    for label, text in (("存在问题", form.problems), ("改进措施", form.improvement_measures)):
        out.print(table(out, [(label, 1.0)], [[text]], box=SQUARE))


def _figure(funds: Funds, field: str) -> str:
    value = getattr(funds, field)
    return percent(value) if FUNDS_BY_FIELD[field].rate else money(value)
