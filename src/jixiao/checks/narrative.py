"""``narrative_mismatch``: one measure stated with different values in two places.

Places compared: 整体目标完成情况, each 年度关键指标's completion, and each task's
目标完成情况 and indicator completions. Two figures are the same measure only when
their labels are identical after normalisation (quotes, spaces and leading fillers
such as 全年/累计 removed) and their units agree (人 vs 人次 differ; 万人 = 10⁴ 人).

Precision over recall: approximate figures (约/近/余/以上), figures sharing a label
(分别达…、…), figures that count the noun after them (新增28家企业), generic labels (结案率, 群众满意度, 党员占比 — which subject?) and pairs
from two different tasks (each task has its own subject) are never compared.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from jixiao.checks.figures import Figure, FigureKind, extract_figures, label_key, normalize_text
from jixiao.checks.registry import CheckContext, path_key, rule
from jixiao.checks.types import Finding, Severity
from jixiao.paths import describe_path as place

_COUNT_TAIL_RE = re.compile(
    r"(?:人次数|人数|户数|家数|个数|次数|数量|总数|总量|总额|金额|规模|数)$"
)
_MEASURE_TAIL_RE = re.compile(r"(?:满意度|占比|比例|比重|率|度)$")
_RANK_TAIL_RE = re.compile(r"(?:排名|名次|位次|排位|排行)$")
_PLACE_HEAD_RE = re.compile(
    r"^(?:在)?(?:全区|全市|全省|全国|辖区|区|市|省)?(?:各?街镇|各?街\(镇\))?中?"
)
# Subjects too vague to tell two statements apart.
GENERIC = frozenset(
    "群众 居民 公众 社会公众 服务对象 受益对象 社会 企业 整体 总体 综合 工作 任务 全年任务 年度任务"
    " 考核指标 项目 全区 辖区 我街 街道 完成 办结 结案 合格 达标 覆盖 增长 同比增长".split()
)
_CHANGE_PREFIXES = ("同比", "环比", "较上年", "比上年", "较去年", "比去年", "较", "比")


@dataclass(frozen=True)
class Statement:
    path: str
    task: int | None  # the task index for task places
    key: str
    dimension: str  # % / 元 / 人 / rank …
    figure: Figure
    excerpt: str


def measure_key(label: str, kind: FigureKind) -> str | None:
    """The comparable key of a label, or None when the label is too vague to compare."""
    key = label_key(label)
    if kind is FigureKind.QUANTITY:
        key = _COUNT_TAIL_RE.sub("", key)
    if kind is FigureKind.PERCENT:
        core = _MEASURE_TAIL_RE.sub("", key)
    elif kind is FigureKind.RANK:
        core = _PLACE_HEAD_RE.sub("", _RANK_TAIL_RE.sub("", key))
    else:
        core = key
    if len(core) < 3 or core in GENERIC or key.startswith(_CHANGE_PREFIXES):
        return None
    return key


def _places(ctx: CheckContext) -> Iterator[tuple[str, int | None, str, str]]:
    form = ctx.form
    yield "overall_goal_completion", None, form.overall_goal_completion, ""
    for i, k in enumerate(form.key_indicators):
        yield f"key_indicators[{i}]", None, k.completion, k.name
    for i, t in enumerate(form.tasks):
        yield f"tasks[{i}].goal_completion", i, t.goal_completion, ""
        for j, ind in enumerate(t.indicators):
            yield f"tasks[{i}].indicators[{j}]", i, ind.completion, ""


def statements(ctx: CheckContext) -> list[Statement]:
    """Every exact, specifically labelled figure of the completion texts."""
    out: list[Statement] = []
    for path, task, text, fallback in _places(ctx):
        figures = extract_figures(text)
        for fig in figures:
            if fig.kind in (FigureKind.DATE, FigureKind.BARE) or not fig.exact:
                continue
            if fig.shared or fig.attributive:
                continue
            label = fig.label
            if not label and fallback and len(figures) == 1:
                label = normalize_text(fallback)
            key = measure_key(label, fig.kind)
            if key is None:
                continue
            dim = "rank" if fig.kind is FigureKind.RANK else fig.unit
            excerpt = f"{label}{fig.gap}{fig.text}" if fig.label else fig.text
            out.append(Statement(path, task, key, dim, fig, excerpt))
    return out


def _same(a: Figure, b: Figure) -> bool:
    return abs(a.base_value - b.base_value) <= max(a.tolerance, b.tolerance)


@rule("narrative_mismatch", Severity.WARNING, "同一指标在表中不同位置填写的数值不一致")
def narrative_mismatch(ctx: CheckContext) -> Iterator[Finding]:
    groups: dict[tuple[str, str], list[Statement]] = defaultdict(list)
    for st in statements(ctx):
        groups[(st.key, st.dimension)].append(st)
    for group in groups.values():
        yield from _group_findings(ctx, group)


def _comparable(a: Statement, b: Statement) -> bool:
    if a.path == b.path:
        return False
    return a.task is None or b.task is None or a.task == b.task


def _group_findings(ctx: CheckContext, group: list[Statement]) -> Iterator[Finding]:
    """One finding per odd statement: the one disagreeing with most others goes first.

    When one place says 97.2% and two others 98.5%, the finding is at the 97.2% place
    and names both others; a plain two-place contradiction is reported at the later place.
    """
    unique: dict[tuple[str, object], Statement] = {}
    for st in sorted(group, key=lambda s: path_key(s.path)):
        unique.setdefault((st.path, st.figure.base_value), st)  # a place repeating itself
    group = list(unique.values())
    pairs = {
        (a, b)
        for n, a in enumerate(group)
        for b in group[n + 1 :]
        if _comparable(a, b) and not _same(a.figure, b.figure)
    }
    while pairs:
        count: dict[int, int] = defaultdict(int)
        for a, b in pairs:
            count[id(a)] += 1
            count[id(b)] += 1
        odd = max(
            (s for s in group if count[id(s)]),
            key=lambda s: (count[id(s)], group.index(s)),
        )
        partners = sorted(
            {b if a is odd else a for a, b in pairs if odd in (a, b)},
            key=lambda s: path_key(s.path),
        )
        pairs = {(a, b) for a, b in pairs if odd not in (a, b)}
        others = "，".join(f"{place(ctx.form, p.path)}为“{p.excerpt}”" for p in partners)
        yield ctx.finding(
            "narrative_mismatch",
            odd.path,
            f"同一指标“{odd.key}”在表中填写的数值不一致：{place(ctx.form, odd.path)}为"
            f"“{odd.excerpt}”，而{others}。请核实哪一个正确并统一。",
        )
