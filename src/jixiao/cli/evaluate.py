"""CLI command of the scoring and render stages: ``evaluate``."""

from __future__ import annotations

import importlib
import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import typer
from rich.markup import escape

from jixiao.checks.types import Severity
from jixiao.cli import app
from jixiao.cli.common import EXIT_FINDINGS, fail, load, out
from jixiao.cli.text import ChineseCommand, say, table
from jixiao.fileio import atomic_target, make_folder, os_problem, remove_empty, write_atomic
from jixiao.limits import LimitError
from jixiao.model import Form
from jixiao.paths import describe_path
from jixiao.scoring import (
    DEFAULT_SCHEME,
    Evaluation,
    Override,
    Scheme,
    ScoringError,
    evaluate,
    evaluation_to_json,
    format_points,
    load_overrides,
    load_scheme,
)

OUTPUT_KINDS = ("html", "xlsx", "pdf", "json")
KIND_ZH = {"html": "HTML", "xlsx": "Excel", "pdf": "PDF", "json": "JSON"}


@app.command("evaluate", cls=ChineseCommand)
def evaluate_command(
    files: list[Path] = typer.Argument(
        ..., metavar="FILE…", help="自评表：提取的文本（.txt）或共享格式 JSON，可给多个"
    ),
    scheme: str = typer.Option(
        DEFAULT_SCHEME, "--scheme", metavar="NAME|FILE", help="评分方案：内置名称或 .toml 文件"
    ),
    overrides: Path | None = typer.Option(
        None, "--overrides", metavar="FILE", help="复核意见文件（.toml 或 .json）"
    ),
    html: Path | None = typer.Option(None, "--html", metavar="P", help="输出 HTML 报告"),
    xlsx: Path | None = typer.Option(None, "--xlsx", metavar="P", help="输出 Excel 工作簿"),
    pdf: Path | None = typer.Option(None, "--pdf", metavar="P", help="输出 PDF 报告"),
    json_out: Path | None = typer.Option(None, "--json", metavar="P", help="输出评价结果 JSON"),
) -> None:
    """研判、检查并评分：给出得分（有待复核项时为区间）、等级和问题，并可输出报告。

    多个表单时，--html/--xlsx/--pdf/--json 均为目录，每个表单各输出一份（以输入文件名命名）。
    有“错误”级问题时退出码为 1，输入有误时为 2。
    """
    try:
        sch = load_scheme(scheme)
        ovs = load_overrides(overrides) if overrides is not None else []
    except ScoringError as e:
        fail(str(e))

    stems = [f.stem for f in files]
    dup = sorted({s for s in stems if stems.count(s) > 1})
    if dup:
        fail(f"多个输入文件同名（{'、'.join(dup)}），输出会互相覆盖；请改名后再评")
    per_form = _split_overrides(ovs, stems)
    targets = _targets(
        {"html": html, "xlsx": xlsx, "pdf": pdf, "json": json_out}, stems, several=len(files) > 1
    )

    # Read every input before writing anything: a bad file stops the run with no output.
    forms: list[Form] = []
    for f in files:
        result = load(str(f))
        if result.truncated:
            fail(f"{f}: 表单不完整（内容被截断），无法可靠评分")
        forms.append(result.form)

    evaluations: list[Evaluation] = []
    for f, form in zip(files, forms, strict=True):
        evaluations.append(_evaluate(f, form, sch, per_form[f.stem]))

    # Folders are made only now that every input is read and scored; a failed write
    # removes the folders this run made that stayed empty.
    created: list[Path] = []
    try:
        for f, ev in zip(files, evaluations, strict=True):
            for kind, target in targets.items():
                _write(kind, ev, target(f.stem), f, created)
    except BaseException:
        remove_empty(created)
        raise

    for f, ev in zip(files, evaluations, strict=True):
        _print_summary(f, ev)
    if len(files) > 1:
        _print_table(files, evaluations)
    for kind, target in targets.items():
        for f in files:
            _say(f"已写出 {KIND_ZH[kind]}：{escape(str(target(f.stem)))}")

    if any(x.severity == Severity.ERROR for ev in evaluations for x in ev.findings):
        raise typer.Exit(EXIT_FINDINGS)


# -- inputs ---------------------------------------------------------------------------


def _split_overrides(ovs: list[Override], stems: list[str]) -> dict[str, list[Override]]:
    """Which overrides apply to which input (by the ``form`` key, the input file's stem)."""
    per: dict[str, list[Override]] = {s: [] for s in stems}
    for o in ovs:
        if o.form is None:
            if len(stems) > 1:
                fail(
                    f"复核意见（{o.path}）没有写 form：评多个表单时，每条复核意见都要用 form 写明"
                    f"它属于哪个输入文件（文件名，不含扩展名：{'、'.join(stems)}）"
                )
            per[stems[0]].append(o)
        elif o.form in per:
            per[o.form].append(o)
        else:
            fail(
                f"复核意见（{o.path}）的 form 为 {o.form!r}，与输入文件不符"
                f"（应为文件名，不含扩展名：{'、'.join(stems)}）"
            )
    return per


def _targets(
    options: dict[str, Path | None], stems: list[str], several: bool
) -> dict[str, Callable[[str], Path]]:
    """Where each requested output goes, as a function of the input file's stem."""
    targets: dict[str, Callable[[str], Path]] = {}
    for kind, p in options.items():
        if p is None:
            continue
        if several or p.is_dir():
            if p.exists() and not p.is_dir():
                fail(f"评多个表单时 --{kind} 应为目录，但 {p} 是一个文件")
            targets[kind] = lambda stem, d=p, k=kind: d / f"{stem}.{k}"  # made when written
        else:
            targets[kind] = lambda stem, f=p: f
    return targets


def _evaluate(path: Path, form: Form, scheme: Scheme, ovs: list[Override]) -> Evaluation:
    try:
        return evaluate(form, scheme, ovs)
    except ScoringError as e:
        fail(f"{path}: {e}")
    except ImportError as e:
        fail(f"研判或检查模块不可用，无法评分（{e}）")


# -- outputs --------------------------------------------------------------------------


def _write(kind: str, ev: Evaluation, target: Path, source: Path, created: list[Path]) -> None:
    try:
        make_folder(target.parent, created)
        if kind == "json":
            text = json.dumps(evaluation_to_json(ev), ensure_ascii=False, indent=2) + "\n"
            write_atomic(target, text.encode("utf-8"))
            return
        renderer = _renderer(kind)
        if kind == "html":
            write_atomic(target, renderer(ev).encode("utf-8"))
        else:
            # Whatever the renderer does, a failure must not leave a partial file.
            with atomic_target(target) as tmp:
                renderer(ev, tmp)
    except typer.Exit:
        raise
    except OSError as e:
        fail(f"{source}: 无法写出 {KIND_ZH[kind]} 到 {target}：{os_problem(e)}")
    except LimitError as e:
        fail(f"{source}: 无法生成 {KIND_ZH[kind]}：{e}")
    except Exception as e:
        fail(f"{source}: 生成 {KIND_ZH[kind]} 失败（{type(e).__name__}: {e}）")


def _renderer(kind: str) -> Callable[..., object]:
    """The renderer of one output kind, imported only when asked for.

    Evaluating must work even when a renderer's dependency (e.g. WeasyPrint's system
    libraries) is broken, so the import happens here and fails with a clear message.
    """
    try:
        render = importlib.import_module("jixiao.render")
        return getattr(render, f"render_{kind}")
    except Exception as e:
        fail(f"无法生成 {KIND_ZH[kind]}：输出模块不可用（{type(e).__name__}: {e}）")


# -- terminal summary -------------------------------------------------------------------


def _say(text: str, indent: int = 0) -> None:
    """A line of the summary (rich markup), broken to the terminal's width like print;
    the lines it continues on are indented by ``indent``."""
    first = " " * (len(text) - len(text.lstrip(" ")))
    say(out, text.lstrip(" "), indent=indent, first=first)


def _severity_counts(ev: Evaluation) -> str:
    c = Counter(f.severity for f in ev.findings)
    return "，".join(f"{s.label} {c.get(s, 0)}" for s in Severity)


def _print_summary(path: Path, ev: Evaluation) -> None:
    s, form = ev.score, ev.form
    head = form.department or "（未填部门名称）"
    year = f" {form.year} 年度" if form.year else ""
    out.print()
    _say(f"[bold]{escape(head)}[/]{year}  [dim]{escape(str(path))}[/]")
    _say(f"评分方案：{escape(s.scheme_name or s.scheme)}")
    score = f"[bold]{s.display()}[/]"
    if s.is_interval:
        score += f"（{s.pending} 项待复核：全部不得分 … 全部得分）"
    _say(f"得分：{score}    等级：[bold]{escape(s.display_grade())}[/]")

    rows = [
        [p.name, format_points(p.weight), format_points(p.points), format_points(p.upper), p.detail]
        for p in s.parts
    ]
    columns = [("部分", 0), ("分值", 0), ("得分", 0), ("最高", 0), ("说明", 1.0)]
    out.print(table(out, columns, rows, header_style="bold", box=None, pad_edge=False))

    pending = [i for i in s.items if i.pending]
    if pending:
        _say("待复核：")
        verdicts = {v.path: v for v in ev.verdicts}
        for i in pending:
            v = verdicts.get(i.path)
            why = v.explanation if v else i.explanation
            line = f"（第 {v.line} 行）" if v and v.line else ""
            place = describe_path(ev.form, i.path)
            _say(
                f"  {escape(place)}{line}：{escape(why)} [dim]0 – {format_points(i.weight)} 分[/]",
                indent=4,
            )
    if ev.overrides:
        _say("复核意见：")
        items = {i.path: i for i in s.items}
        for o in ev.overrides:
            it = items.get(o.path)
            name = it.name if it else ""
            was = ""
            if it and o.verdict is not None and it.assessed_verdict not in (None, o.verdict):
                was = f"（原判定：{it.assessed_verdict.label}）"
            got = f" → {format_points(it.points)} 分" if it and it.points is not None else ""
            place = describe_path(ev.form, o.path) or name
            _say(f"  {escape(place)}{was}：{escape(o.describe())}{got}", indent=4)
    _say(f"问题：{_severity_counts(ev)}")


def _print_table(files: list[Path], evaluations: list[Evaluation]) -> None:
    rows = []
    for f, ev in zip(files, evaluations, strict=True):
        counts = Counter(x.severity for x in ev.findings)
        rows.append(
            [
                f.name,
                ev.form.department,
                ev.score.display(),
                ev.score.display_grade(),
                str(ev.score.pending),
                *(str(counts.get(s, 0)) for s in Severity),
            ]
        )
    columns = [("文件", 1.0), ("部门", 1.0), ("得分", 0), ("等级", 0), ("待复核", 0)]
    columns += [(s.label, 0) for s in Severity]
    out.print()
    out.print(table(out, columns, rows, title="评价汇总", header_style="bold"))
