"""CLI commands on forms themselves: ``import``, ``show``, ``schema``."""

from __future__ import annotations

import json
import os
from pathlib import Path

import typer
from rich.box import SQUARE
from rich.markup import escape as e

from jixiao.cells import money, percent
from jixiao.cli import app, batch
from jixiao.cli.common import EXIT_BAD_INPUT, emit, err, fail, load, out, write_output
from jixiao.cli.text import ChineseCommand, say, table
from jixiao.fileio import make_folder, os_problem, remove_empty
from jixiao.labels import FUNDS_BY_FIELD, FUNDS_PRINTED, FUNDS_ROWS
from jixiao.model import Form, Funds, shared_json_schema
from jixiao.paths import FormPath


@app.command("import", cls=ChineseCommand)
def import_(
    files: list[Path] = typer.Argument(
        ...,
        help="表格文件或目录：Excel（xlsx/xls）、Word（docx）、网页（html）、提取文本（txt）或共享格式 JSON",
        show_default=False,
    ),
    output: Path | None = typer.Option(
        None,
        "-o",
        "--output",
        help="输出：单个文件时为 JSON 文件路径（默认标准输出）；多个文件或目录时为输出目录",
    ),
    strict: bool = typer.Option(
        False, "--strict", metavar="", help="有任何未能归入字段的内容即视为失败"
    ),
    jobs: int = typer.Option(
        0, "-j", "--jobs", help="批量导入时并行的进程数（默认：全部 CPU 核）", show_default=False
    ),
    resume: bool = typer.Option(
        False, "--resume", metavar="", help="批量导入时跳过输出比输入新的文件"
    ),
) -> None:
    """导入表格，输出共享格式 JSON（一个文件输出到标准输出或 -o；多个文件或目录输出到 -o 目录）。"""
    if len(files) == 1 and not files[0].is_dir():
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
        fail("导入多个文件或目录时需用 -o 指定输出目录")
    if output.exists() and not output.is_dir():
        fail(f"{output}: 已存在且不是目录")
    if jobs < 0:
        fail("--jobs 应为正整数")
    missing = [f for f in files if not f.exists()]
    if missing:
        fail(f"{missing[0]}: 文件不存在")
    pairs = batch.plan(files, output)
    if not pairs:
        fail(
            "没有找到可导入的文件（支持的扩展名："
            + "、".join(sorted(batch.supported_extensions()))
            + "）"
        )
    created: list[Path] = []
    try:
        make_folder(output, created)
    except OSError as exc:
        fail(f"无法创建输出目录 {output}：{os_problem(exc)}")
    try:
        statuses = _run_batch(pairs, jobs or os.cpu_count() or 1, resume, strict)
    finally:
        remove_empty(created)  # every file failed: no empty folder stays behind
    for st in statuses:
        style = {"ok": "green", "warnings": "yellow", "failed": "bold red"}.get(st.status, "dim")
        err.print(f"[{style}]{e(st.line())}[/]")
        if st.status != batch.SKIPPED:
            for m in st.messages[1:] if st.status == batch.FAILED else st.messages:
                err.print(f"    {e(m)}")
    counts = {k: sum(1 for st in statuses if st.status == k) for k in batch.LABELS}
    err.print(
        f"共 {len(statuses)} 个文件：成功 {counts['ok']}，有警告 {counts['warnings']}，"
        f"失败 {counts['failed']}，跳过 {counts['skipped']}；输出目录 {output}"
    )
    if counts["failed"]:
        raise typer.Exit(EXIT_BAD_INPUT)


def _run_batch(pairs, jobs: int, resume: bool, strict: bool) -> list[batch.FileStatus]:
    if not err.is_terminal:
        return batch.run(pairs, jobs, resume, strict)
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    with Progress(
        TextColumn("导入中"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
    ) as progress:
        bar = progress.add_task("导入中", total=len(pairs))
        return batch.run(pairs, jobs, resume, strict, lambda st: progress.advance(bar))


def _write(path: Path, text: str) -> None:
    write_output(path, text.encode("utf-8"))


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
    emit(json.dumps(shared_json_schema(), ensure_ascii=False, indent=2) + "\n")


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
