"""CLI commands on forms themselves: ``import``, ``show``, ``schema``."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import typer
from rich.box import SQUARE
from rich.markup import escape as e
from rich.panel import Panel
from rich.table import Table

from jixiao.cli import app
from jixiao.cli.common import EXIT_BAD_INPUT, emit, err, fail, load, out, write_output
from jixiao.fileio import make_folder, os_problem, remove_empty
from jixiao.importers import FormImportError, ImportResult, load_form
from jixiao.model import Form, shared_json_schema


@app.command("import")
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
    strict: bool = typer.Option(False, "--strict", help="有任何未能归入字段的内容即视为失败"),
) -> None:
    """导入表格，输出共享格式 JSON（一个文件输出到标准输出或 -o；多个文件输出到 -o 目录）。"""
    if len(files) == 1:
        result = load(str(files[0]), strict=strict)
        text = result.form.to_shared_json() + "\n"
        if output is None:
            emit(text)
        else:
            _write(output, text)
        if result.truncated:
            raise typer.Exit(EXIT_BAD_INPUT)
        return
    if output is None:
        fail("导入多个文件时需用 -o 指定输出目录")
    if output.exists() and not output.is_dir():
        fail(f"{output}: 已存在且不是目录")
    created: list[Path] = []
    try:
        make_folder(output, created)
    except OSError as exc:
        fail(f"无法创建输出目录 {output}：{os_problem(exc)}")
    try:
        failed = _import_many(files, output, strict)
    finally:
        remove_empty(created)  # every file failed: no empty folder stays behind
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
    write_output(path, text.encode("utf-8"))


@app.command()
def show(
    file: Path = typer.Argument(..., help="表格文件：提取文本或共享格式 JSON", show_default=False),
) -> None:
    """在终端以表格形式显示一张自评表。"""
    result = load(str(file))
    render_form(result.form)
    if result.truncated:
        raise typer.Exit(EXIT_BAD_INPUT)


@app.command()
def schema() -> None:
    """输出共享格式（department-overall-self-evaluation/1）的 JSON Schema。"""
    emit(json.dumps(shared_json_schema(), ensure_ascii=False, indent=2) + "\n")


def _money(v: Decimal | None) -> str:
    return "" if v is None else f"{v:,.2f}"


def _rate(v: Decimal | None) -> str:
    return "" if v is None else f"{v:.2f}%"


def render_form(form: Form) -> None:
    """Print a form as readable terminal tables."""
    year = f"（{form.year}年度）" if form.year else ""
    head = f"[bold]{e(form.title)}{year}[/]\n部门：{e(form.department)}    单位：{e(form.unit)}"
    out.print(Panel(head, box=SQUARE))
    f = form.funds
    funds = Table(title="部门资金情况", box=SQUARE, show_header=False, title_justify="left")
    for _ in range(4):
        funds.add_column()
    funds.add_row(
        "整体支出年度预算数",
        _money(f.annual_budget),
        "整体支出年初预算数",
        _money(f.initial_budget),
    )
    funds.add_row("实际支出数", _money(f.actual_expenditure), "年度调整额", _money(f.adjustment))
    funds.add_row("其中：一般公共预算", _money(f.general_public_budget), "", "")
    funds.add_row("预算完成率", _rate(f.execution_rate), "预算调整率", _rate(f.adjustment_rate))
    out.print(funds)
    goal = Table(title="年度整体目标", box=SQUARE, title_justify="left", expand=True)
    goal.add_column("年度整体目标", ratio=1, overflow="fold")
    goal.add_column("整体目标完成情况", ratio=1, overflow="fold")
    goal.add_row(e(form.overall_goal), e(form.overall_goal_completion))
    out.print(goal)
    keys = Table(title="年度关键指标", box=SQUARE, title_justify="left", expand=True)
    keys.add_column("#", justify="right")
    keys.add_column("关键指标", ratio=2, overflow="fold")
    keys.add_column("预期实现值", ratio=1, overflow="fold")
    keys.add_column("指标完成情况", ratio=2, overflow="fold")
    for i, k in enumerate(form.key_indicators, 1):
        keys.add_row(str(i), e(k.name), e(k.expected_value), e(k.completion))
    out.print(keys)
    out.print("[bold]主要任务[/]")
    for n, t in enumerate(form.tasks, 1):
        grid = Table(box=SQUARE, show_header=False, expand=True)
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(ratio=1, overflow="fold")
        grid.add_row("预期目标", e(t.expected_goal))
        grid.add_row("目标完成情况", e(t.goal_completion))
        for i in t.indicators:
            grid.add_row(e(i.category), e(i.completion))
        title = f"{n}. {e(t.name)}    任务涉及资金：{_money(t.funds) or '（空）'}"
        out.print(Panel(grid, title=title, title_align="left", box=SQUARE))
    out.print(Panel(e(form.problems), title="存在问题", title_align="left", box=SQUARE))
    out.print(Panel(e(form.improvement_measures), title="改进措施", title_align="left", box=SQUARE))
