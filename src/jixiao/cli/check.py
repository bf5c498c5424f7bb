"""CLI command of the checks stage: ``check``."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import typer
from rich.markup import escape

from jixiao.checks import Finding, Severity, run_checks
from jixiao.checks.registry import rule_name
from jixiao.cli import app
from jixiao.cli.common import EXIT_BAD_INPUT, EXIT_FINDINGS, emit, load, out
from jixiao.cli.text import ChineseCommand, say
from jixiao.model import Form
from jixiao.paths import Sources, locate, number_of

SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


@app.command("check", cls=ChineseCommand)
def check_command(
    files: list[Path] = typer.Argument(
        ..., metavar="FILE…", help="自评表：提取的文本（.txt）或共享格式 JSON，可给多个"
    ),
    as_json: bool = typer.Option(
        False,
        "--json",
        metavar="",
        help="输出 JSON：一个文件时为问题列表，多个文件时为“文件名 → 问题列表”的对象；"
        "每个问题含 rule、severity、path、where、source、line、message",
    ),
) -> None:
    """检查自评表，列出发现的问题。

    检查资金勾稽、比率、缺项、超过100%的比率、前后不一致、关键指标未达成等。
    问题按严重程度（错误、警告、提示）分组列出，注明规则、在表中的位置（序号）、原表位置和原因。
    有“错误”级问题时退出码为 1，输入无法读取或不完整时为 2，否则为 0。
    """
    # Read every input first: an unreadable file stops the run (exit 2) before any output.
    forms: list[tuple[str, Form]] = []
    truncated = False
    for f in files:
        result = load(str(f))
        truncated = truncated or result.truncated  # load() has warned; what was read is checked
        forms.append((str(f), result.form))

    results = [(name, run_checks(form)) for name, form in forms]
    if as_json:
        forms_by_name = dict(forms)
        lists = {}
        for name, found in results:
            form = forms_by_name[name]
            sources = Sources(form)
            lists[name] = [_as_dict(form, x, sources) for x in found]
        payload = next(iter(lists.values())) if len(lists) == 1 else lists
        emit(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    else:
        for n, ((name, form), (_, found)) in enumerate(zip(forms, results, strict=True)):
            if n:
                out.print()
            _print(name, form, found)
    if truncated:
        raise typer.Exit(EXIT_BAD_INPUT)  # as `jixiao import`: what was read, but a bad input
    if any(x.severity is Severity.ERROR for _, found in results for x in found):
        raise typer.Exit(EXIT_FINDINGS)


def _as_dict(form: Form, f: Finding, sources: Sources) -> dict[str, object]:
    return {
        "rule": f.rule,
        "severity": f.severity.value,
        "path": f.path,
        **locate(form, f.path, sources),
        "line": f.line,
        "message": f.message,
    }


def _print(name: str, form: Form, found: list[Finding]) -> None:
    head = " ".join(x for x in (form.department, f"{form.year}年" if form.year else "") if x)
    say(out, f"[bold]{escape(name)}[/]" + (f"  {escape(head)}" if head else ""))
    if not found:
        out.print("未发现问题。")
        return
    counts = Counter(f.severity for f in found)
    sources = Sources(form)
    for sev in (Severity.ERROR, Severity.WARNING, Severity.INFO):
        if not counts[sev]:
            continue
        out.print(f"[{SEVERITY_STYLE[sev]}]{sev.label}（{counts[sev]}）[/]")
        for f in found:
            if f.severity is not sev:
                continue
            where = locate(form, f.path, sources)
            number = number_of(f.path)
            marks = [f"序号 {number}"] if number else []
            marks += [f"原表{where['source']}"] if where["source"] else []
            tail = f"  [dim]{escape(' · '.join(marks))}[/]" if marks else ""
            say(out, f"[bold]{escape(rule_name(f.rule))}[/]{tail}", indent=4, first="  • ")
            if where["where"] and where["where"] not in f.message:
                say(out, f"位置：{escape(where['where'])}", indent=4, first="    ")
            say(out, escape(f.message), indent=4, first="    ")
    summary = "，".join(
        f"{s.label} {counts[s]} 条" for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)
    )
    out.print(f"共 {len(found)} 条：{summary}")
