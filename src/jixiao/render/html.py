"""The evaluation as one self-contained HTML document laid out like the printed form."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, Template

from jixiao.assess.types import Verdict
from jixiao.checks.types import Finding, Severity
from jixiao.render.layout import (
    SEVERITY_LABEL,
    SEVERITY_ORDER,
    VERDICT_LABEL,
    Block,
    Cell,
    Layout,
    build_layout,
    describe_override,
    describe_path,
    fmt_points,
    overrides_of,
    row_heights,
)
from jixiao.scoring.types import Evaluation, Override


@cache
def _template() -> Template:
    env = Environment(
        loader=PackageLoader("jixiao.render", "templates"),
        autoescape=True,  # every form text is untrusted
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        VERDICT_LABEL=VERDICT_LABEL,
        SEVERITY_LABEL=SEVERITY_LABEL,
        fmt_points=fmt_points,
        describe_override=describe_override,
    )
    return env.get_template("form.html.j2")


@dataclass(slots=True)
class _Summary:
    score_text: str
    score_note: str
    interval: bool
    grade_text: str
    grade_note: str
    verdict_counts: dict[str, int]
    severity_counts: dict[str, int]
    findings: list[tuple[Finding, str]]
    overrides: list[tuple[Override, str, Verdict | None]]


def _summary(ev: Evaluation) -> _Summary:
    score = ev.score
    interval = score.is_interval
    scheme = score.scheme_name or score.scheme
    score_text = score.display()
    if interval:
        score_note = f"{score.pending} 项待定：下限为待定项全部不得分，上限为全部得分"
    else:
        score_note = f"评分方案：{scheme}" if scheme else ""
    grade_text = score.display_grade() or "—"
    grade_note = "视待定项复核结果而定" if score.grade != score.grade_upper else ""
    verdicts = {v.value: 0 for v in Verdict}
    for v in ev.verdicts:
        verdicts[v.verdict.value] += 1
    severities = {s.value: 0 for s in Severity}
    for f in ev.findings:
        severities[f.severity.value] += 1
    form = ev.form
    findings = [
        (f, describe_path(form, f.path))
        for f in sorted(ev.findings, key=lambda f: (SEVERITY_ORDER[f.severity], f.line or 0))
    ]
    items = {i.path: i for i in score.items}
    overrides = []
    for o in overrides_of(ev):
        item = items.get(o.path)
        before = (item.assessed_verdict or item.verdict) if item is not None else None
        overrides.append((o, describe_path(form, o.path), before))
    return _Summary(
        score_text=score_text,
        score_note=score_note,
        interval=interval,
        grade_text=grade_text,
        grade_note=grade_note,
        verdict_counts=verdicts,
        severity_counts=severities,
        findings=findings,
        overrides=overrides,
    )


# Page geometry of the stylesheet (A4 landscape, 10 mm side margins, 9 pt text).
_BODY_MM = 297 - 20
_BODY_HEIGHT_MM = 210 - 26
_COLUMNS = (0.10, 0.20, 0.24, 0.10, 0.27, 0.09)  # keep in step with col.c-* in form.css
_CELL_PAD_MM = 3.2
_UNIT_MM = 9 * 0.3528 / 2  # a half-width character of 9 pt text
_SIZE = {
    "line": 9 * 0.3528 * 1.45,
    "pad": 2.6,
    "note_line": 7.5 * 0.3528 * 1.35,
    "note_scale": 9 / 7.5,
}
# A run of rows tied by merged cells is kept on one page when it is at most this
# tall; a taller one would leave too much of a page blank, so it may break
# (between rows, never inside one).
_KEEP_MAX_MM = _BODY_HEIGHT_MM * 0.5


def _widths() -> list[float]:
    return [(w * _BODY_MM - _CELL_PAD_MM) / _UNIT_MM for w in _COLUMNS]


def _groups(layout: Layout) -> list[tuple[Block, list[tuple[list[list[Cell]], bool]]]]:
    widths = _widths()
    out = []
    for b in layout.blocks:
        groups = []
        for g in b.groups():
            height = sum(row_heights(g, widths, min_height=0.0, **_SIZE))
            groups.append((g, height <= _KEEP_MAX_MM))
        out.append((b, groups))
    return out


def render_html(ev: Evaluation) -> str:
    """The evaluation as a self-contained, print-ready HTML document (zh-CN).

    The official table comes with its merged cells, each verdict and finding in
    the cell it is about, and a summary (score, grade, parts, findings, reviewer
    overrides) above it. No external resources are referenced.
    """
    layout = build_layout(ev)
    context: dict[str, Any] = {
        "form": ev.form,
        "score": ev.score,
        "layout": layout,
        "blocks": _groups(layout),
        "s": _summary(ev),
    }
    return _template().render(context)
