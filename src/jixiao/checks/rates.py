"""``rate_over_100``: a share (覆盖率, 合格率, 满意度, 占比 …) printed above 100%.

A share is a part over its whole, so it cannot exceed 100%. Ratios against a
target or a base year may: 任务完成率 126%, 考核指标完成率 170%, 增长 52.61%,
增速 159.7%, "完成全年考核任务的151.65%". The rule therefore flags a percentage
only when the words right before it (after connectors such as 达到/为/均达) end
with a share word from ``CAPPED`` and not with one from ``UNCAPPED``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from jixiao.checks.figures import Figure, FigureKind, extract_figures, normalize_text
from jixiao.checks.registry import CheckContext, rule
from jixiao.checks.types import Finding, Severity
from jixiao.checks.wording import num
from jixiao.paths import describe_path as place

# Shares: a part of a finite whole. Longest match wins, so list compounds too. Left out on
# purpose: ratios to a plan (资金到位率) and counts of repeated acts (检查率, 巡查率, 检测率),
# which can honestly pass 100%.
CAPPED = tuple(
    (
        "覆盖率 合格率 达标率 满意度 满意率 知晓率 参与率 办结率 签订率 签约率 "
        "参保率 结案率 完好率 及时率 占比 比例 比重 整治率 拆除率 开设率 好评率 "
        "可办率 就业率 失业率 纳管率 备案率 验收率 接种率 通过率 成功率 正确率 "
        "准确率 优良率 处置率 整改率 回复率 答复率 响应率 落实率 公开率 "
        "建档率 录入率 核查率 消除率 任职率 安置率 回访率 出勤率 知情率 受理率 "
        "审核率 登记率 申报率 抽检率 清零率 达标比例 "
        "消除比例 覆盖面 普及率 入网率 联网率 上线率 采集率 注册率 持证率 签到率 "
        "处理率 办理率 解决率 化解率 调解率 清偿率 兑现率 发放率 享受率 认定率"
    ).split()
)
# Ratios that may exceed 100%: against a target, a plan, a base year, a capacity.
UNCAPPED = tuple(
    (
        "完成率 完成比例 完成占比 达成率 达成比例 增长率 增长比例 增幅 增速 增长 "
        "执行率 使用率 利用率 入学率 超额 同比 环比 回报率 贡献率 完成度 进度"
    ).split()
)

EXCERPT_CHARS = 24  # of a long clause, keep this many characters before the figure

WHY = (
    "{word}是部分占全体的比例，最高为100%；超过100%通常是分子分母口径不一致"
    "（如分母用户籍人口、分子含外来人口）或数字填错，应说明口径或更正"
)


def capped_word(label: str) -> str | None:
    """The share word ``label`` ends with, or None if it is not a share (or may exceed 100%)."""
    rev = label[::-1]
    if not label or _UNCAPPED_TAIL_RE.match(rev):
        return None
    m = _CAPPED_TAIL_RE.match(rev)
    return m.group()[::-1] if m else None


def _tail_re(words: tuple[str, ...]) -> re.Pattern[str]:
    """Matches any of ``words`` at the start of a reversed label, longest first."""
    return re.compile("|".join(re.escape(w[::-1]) for w in sorted(words, key=len, reverse=True)))


_CAPPED_TAIL_RE = _tail_re(CAPPED)
_UNCAPPED_TAIL_RE = _tail_re(UNCAPPED)


def texts(ctx: CheckContext) -> Iterator[tuple[str, str, str]]:
    """Every free text of the form as (path, text, fallback label for a bare figure)."""
    form = ctx.form
    yield "overall_goal", form.overall_goal, ""
    yield "overall_goal_completion", form.overall_goal_completion, ""
    for i, k in enumerate(form.key_indicators):
        yield f"key_indicators[{i}]", k.expected_value, k.name
        yield f"key_indicators[{i}]", k.completion, k.name
    for i, t in enumerate(form.tasks):
        yield f"tasks[{i}].expected_goal", t.expected_goal, ""
        yield f"tasks[{i}].goal_completion", t.goal_completion, ""
        for j, ind in enumerate(t.indicators):
            yield f"tasks[{i}].indicators[{j}]", ind.completion, ""
    yield "problems", form.problems, ""
    yield "improvement_measures", form.improvement_measures, ""


def _label(fig: Figure, figures: list[Figure], fallback: str) -> str:
    if fig.label or not fallback:
        return fig.label
    # a bare figure standing alone in a key indicator cell ("100%") takes the indicator's name
    return normalize_text(fallback) if len(figures) == 1 else ""


def _excerpt(s: str, fig: Figure) -> str:
    """The clause around a figure of the normalised text ``s``."""
    start = fig.start
    # looks back at most EXCERPT_CHARS + 1 characters: many figures in one long clause
    # cost their number, not their number times the clause
    while start > 0 and fig.start - start <= EXCERPT_CHARS and s[start - 1] not in _CLAUSE_END:
        start -= 1
    if fig.start - start > EXCERPT_CHARS:
        return "…" + s[fig.start - EXCERPT_CHARS : fig.end].strip()
    return s[start : fig.end].strip()


_CLAUSE_END = frozenset("，,；;。！？!?\n")


@rule("rate_over_100", Severity.WARNING, "不可能超过100%的比率（覆盖率、合格率、满意度等）超过100%")
def rate_over_100(ctx: CheckContext) -> Iterator[Finding]:
    form = ctx.form
    for path, text, fallback in texts(ctx):
        figures = extract_figures(text)
        normalized: str | None = None  # once per text, when a figure needs an excerpt
        for fig in figures:
            if fig.kind is not FigureKind.PERCENT or fig.value <= 100:
                continue
            label = _label(fig, figures, fallback)
            word = capped_word(label)
            if word is None:
                continue
            if fig.label:
                normalized = normalize_text(text) if normalized is None else normalized
                excerpt = _excerpt(normalized, fig)
            else:
                excerpt = f"{label}{fig.text}"
            yield ctx.finding(
                "rate_over_100",
                path,
                f"{place(form, path)}写有“{excerpt}”：{word}{num(fig.value)}%，超过100%。"
                + WHY.format(word=word)
                + "。",
            )
