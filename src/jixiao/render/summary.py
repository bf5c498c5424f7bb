"""What every report says above (or beside) the form: the score in a form anyone can
check item by item, the findings with their places, the reviewer decisions.

Built once from the evaluation and its layout; the HTML/PDF template and the Excel
sheets draw the same rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import jixiao
from jixiao.assess.types import IndicatorVerdict, Verdict
from jixiao.cells import percent
from jixiao.checks.registry import rule_name
from jixiao.checks.types import Finding, Severity
from jixiao.model import SourceRef
from jixiao.paths import Sources, describe_path, number_of
from jixiao.render.layout import Layout, describe_override, overrides_of
from jixiao.scoring.types import Evaluation, ItemScore, Override, PartScore, format_points

NUMBERS_NOTE = (
    "各项分值和得分按精确值计算并合计（如 90 ÷ 11），只在显示时四舍五入保留两位小数，"
    "所以把表中各项得分逐项相加，可能与合计相差零点零几分。等级按显示的两位小数得分评定。"
)
LEGEND = (
    f"“{Verdict.MET.label}/{Verdict.NOT_MET.label}/{Verdict.UNDETERMINED.label}”"
    "是按填报内容自动研判的结果；"
    f"{Verdict.UNDETERMINED.label}的指标在评分中待复核，需补充佐证后由人工认定。"
    "序号栏为报告所加：年度关键指标按 1、2、3…，主要任务的指标按“任务序号.指标序号”编号。"
)


@dataclass(slots=True)
class FindingEntry:
    n: int  # 1-based, as listed
    finding: Finding
    rule: str  # Chinese rule name
    where: str  # the place in the form's words
    number: str  # the 序号 of its row, if any
    source: str  # the place in the source file, if known
    target: str  # HTML id of the cell it is shown in

    @property
    def id(self) -> str:
        return f"f-{self.n}"


@dataclass(slots=True)
class ItemRow:
    item: ItemScore
    number: str
    where: str
    verdict: str
    ratio: str
    weight: str
    points: str  # 待复核 while pending
    upper: str
    target: str  # HTML id of the indicator's cell


@dataclass(slots=True)
class OverrideRow:
    override: Override
    where: str
    before: Verdict | None
    decision: str
    target: str


@dataclass(slots=True)
class Report:
    title: str
    department: str
    year: str
    scheme: str
    score: str
    score_note: str
    grade: str
    grade_note: str
    interval: bool
    verdict_counts: list[tuple[Verdict, int]]
    severity_counts: list[tuple[Severity, int]]
    parts: list[PartScore]
    items: list[ItemRow]
    total_weight: str
    bands: str
    interval_note: str
    findings: list[FindingEntry]
    overrides: list[OverrideRow]
    signoff: list[str]
    generated: str
    version: str
    numbers_note: str = NUMBERS_NOTE
    legend: str = LEGEND


def build_report(ev: Evaluation, layout: Layout, generated: date | None = None) -> Report:
    s, form = ev.score, ev.form
    sources = Sources(form)
    verdicts: dict[str, IndicatorVerdict] = {v.path: v for v in ev.verdicts}
    interval = s.is_interval
    scheme = s.scheme_name or s.scheme
    if interval:
        score_note = f"{s.pending} 项待复核：下限为待复核项全部不得分，上限为全部得分"
    else:
        score_note = f"评分方案：{scheme}" if scheme else ""
    counts = {v: 0 for v in Verdict}
    for v in ev.verdicts:
        counts[v.verdict] += 1
    sev = {x: 0 for x in Severity}
    for f in ev.findings:
        sev[f.severity] += 1
    return Report(
        title=layout.title.text,
        department=form.department,
        year=f"{form.year}年度" if form.year else "",
        scheme=scheme,
        score=s.display(),
        score_note=score_note,
        grade=s.display_grade() or "—",
        grade_note="视待复核项的复核结果而定" if s.grade != s.grade_upper else "",
        interval=interval,
        verdict_counts=list(counts.items()),
        severity_counts=list(sev.items()),
        parts=list(s.parts),
        items=[_item_row(ev, i, verdicts.get(i.path), layout) for i in s.items],
        total_weight=format_points(sum((p.weight for p in s.parts), start=0)),
        bands=_bands(ev),
        interval_note=_interval_note(ev),
        findings=[
            FindingEntry(
                n=n + 1,
                finding=f,
                rule=rule_name(f.rule),
                where=describe_path(form, f.path),
                number=number_of(f.path),
                source=_describe(sources.of(f.path)),
                target=layout.placed[n].id,
            )
            for n, f in enumerate(layout.findings)
        ],
        overrides=[_override_row(ev, o, layout) for o in overrides_of(ev)],
        signoff=list(s.signoff),
        generated=(generated or date.today()).isoformat(),
        version=jixiao.__version__,
    )


def _describe(ref: SourceRef | None) -> str:
    return ref.describe() if ref is not None else ""


def _item_row(ev: Evaluation, i: ItemScore, v: IndicatorVerdict | None, layout: Layout) -> ItemRow:
    if v is not None and v.ratio is not None:
        ratio = percent(v.ratio * 100)
    elif i.path == "funds.execution_rate" and ev.form.funds.execution_rate is not None:
        ratio = percent(ev.form.funds.execution_rate)
    else:
        ratio = ""
    return ItemRow(
        item=i,
        number=number_of(i.path),
        where=describe_path(ev.form, i.path),
        verdict=i.verdict.label if i.verdict is not None else "—",
        ratio=ratio,
        weight=format_points(i.weight),
        points=format_points(i.points) if i.points is not None else "待复核",
        upper=format_points(i.upper),
        target=layout.cell_for(i.path).id,
    )


def _override_row(ev: Evaluation, o: Override, layout: Layout) -> OverrideRow:
    item = next((i for i in ev.score.items if i.path == o.path), None)
    before = (item.assessed_verdict or item.verdict) if item is not None else None
    return OverrideRow(
        override=o,
        where=describe_path(ev.form, o.path),
        before=before,
        decision=describe_override(o),
        target=layout.cell_for(o.path).id,
    )


def _bands(ev: Evaluation) -> str:
    bands = ev.score.bands
    out = []
    for i, b in enumerate(bands):
        if i == len(bands) - 1 and i > 0:
            out.append(f"{b.name}：低于 {format_points(bands[i - 1].min)} 分")
        else:
            out.append(f"{b.name}：{format_points(b.min)} 分及以上")
    return "；".join(out)


def _interval_note(ev: Evaluation) -> str:
    s = ev.score
    if not s.is_interval:
        return ""
    return (
        f"有 {s.pending} 项待复核，得分是一个区间：下限 {format_points(s.total)} 分"
        f"（待复核项全部不得分），上限 {format_points(s.upper)} 分（全部得满分），"
        f"等级 {s.display_grade()}。复核人认定后区间收拢为一个得分。"
    )
