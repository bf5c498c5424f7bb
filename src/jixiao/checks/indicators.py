"""Rules on indicators: key indicator verdicts, task indicators that cannot be judged,
completions with nothing to check, and completions that do not fit their category."""

from __future__ import annotations

import re
from collections.abc import Iterator

from jixiao.assess.types import IndicatorVerdict, Verdict
from jixiao.cells import is_blank
from jixiao.checks.registry import CheckContext, rule
from jixiao.checks.types import Finding, Severity
from jixiao.checks.wording import quote
from jixiao.model import Category
from jixiao.paths import FormPath
from jixiao.paths import describe_path as place


@rule("key_indicator_not_met", Severity.WARNING, "年度关键指标未达到指标值")
def key_indicator_not_met(ctx: CheckContext) -> Iterator[Finding]:
    for v in ctx.verdicts:
        if FormPath.parse(v.path).is_key_indicator and v.verdict == Verdict.NOT_MET:
            yield ctx.finding(
                "key_indicator_not_met",
                v.path,
                f"{place(ctx.form, v.path)}未达到指标值{_unsaid(v)}：{_sentence(v.explanation)}",
            )


@rule("key_indicator_undetermined", Severity.INFO, "年度关键指标无法自动判断是否达成")
def key_indicator_undetermined(ctx: CheckContext) -> Iterator[Finding]:
    for v in ctx.verdicts:
        if not FormPath.parse(v.path).is_key_indicator or v.verdict != Verdict.UNDETERMINED:
            continue
        if is_blank(v.target_text) or is_blank(v.actual_text):
            continue  # missing_field reports the empty cell
        yield ctx.finding(
            "key_indicator_undetermined",
            v.path,
            f"{place(ctx.form, v.path)}无法自动判断是否达成{_unsaid(v)}："
            f"{_sentence(v.explanation)}请人工核实。",
        )


def _unsaid(v: IndicatorVerdict) -> str:
    """The target and completion texts the explanation does not already quote, in brackets."""
    said = re.sub(r"\s+", "", v.explanation or "")
    parts = []
    target, actual = v.target_text.strip(), v.actual_text.strip()
    if re.sub(r"\s+", "", target) not in said:
        parts.append(f"指标值{quote(target)}")
    if re.sub(r"\s+", "", actual) not in said:
        parts.append(f"完成情况{quote(actual)}")
    return f"（{'，'.join(parts)}）" if parts else ""


def _sentence(text: str) -> str:
    t = (text or "").strip()
    return t if not t or t[-1] in "。！？.!?" else t + "。"


@rule("no_target", Severity.INFO, "主要任务的指标没有指标值（目标），无法判断是否达成")
def no_target(ctx: CheckContext) -> Iterator[Finding]:
    judged = {
        v.path
        for v in ctx.verdicts
        if FormPath.parse(v.path).is_task_indicator and v.verdict != Verdict.UNDETERMINED
    }
    total = 0
    unjudged = 0
    for i, task in enumerate(ctx.form.tasks):
        for j, ind in enumerate(task.indicators):
            if is_blank(ind.completion):
                continue
            total += 1
            if f"tasks[{i}].indicators[{j}]" not in judged:
                unjudged += 1
    if not unjudged:
        return
    msg = f"主要任务共有{total}项填写了完成情况的指标，表中没有对应的指标值（年初设定的目标），"
    if unjudged == total:
        msg += "均无法自动判断是否达成"
    else:
        msg += f"其中{unjudged}项无法自动判断是否达成（其余{total - unjudged}项在完成情况中写明了目标）"
    yield ctx.finding("no_target", "tasks", msg + "；需对照年初绩效目标逐项人工核实。")


# Something a reviewer can verify: a number, a rank or a named count, a document,
# an award, a zero-incident claim, a pass/fail claim, a thing set up, a deadline kept.
# Runs of numerals are matched only from their first character and never given back
# (a lookbehind and a possessive quantifier), so a long run costs its length, not its square.
_CHECKABLE_RE = re.compile(
    r"\d"
    r"|第[一二三四五六七八九十百]"
    r"|(?<![一二两三四五六七八九十百千万])[一二两三四五六七八九十百千万]++"
    r"(?:个|项|次|名|家|场|件|所|宗|人|户|条|处|座|批|等|级|届|类|支|套"
    r"|份|张|篇|期|台|辆|栋|块|倍|成)"
    r"|《[^》]+》"
    r"|获评|荣获|获得|被评为|评为|授予|表扬|表彰|肯定|通报|示范|先进|优秀|优良|等次|奖"
    r"|未发生|没有发生|无发生|杜绝|清零|零|全覆盖|全部|均已|达标|合格|通过|验收|标准"
    r"|制定|出台|印发|修订|建立|建成|成立|挂牌|开通|上线|签订|落地"
    r"|及时|按时|按期|如期|按季|按月|逐月|到位"
)


def has_checkable_fact(text: str) -> bool:
    return _CHECKABLE_RE.search(text or "") is not None


@rule("unmeasurable_indicator", Severity.INFO, "指标完成情况没有可核实的数字或事实")
def unmeasurable_indicator(ctx: CheckContext) -> Iterator[Finding]:
    form = ctx.form
    for i, task in enumerate(form.tasks):
        for j, ind in enumerate(task.indicators):
            if is_blank(ind.completion) or has_checkable_fact(ind.completion):
                continue
            path = f"tasks[{i}].indicators[{j}]"
            yield ctx.finding(
                "unmeasurable_indicator",
                path,
                f"{place(form, path)}的完成情况{quote(ind.completion)}只是概括性描述，"
                "没有可核实的数字、时间、结果或成果，无法判断完成程度；宜补充量化数据或具体成果。",
            )


_TIME_RE = re.compile(
    r"(?<!\d)\d++\s*+(?:年|月|日|天|周(?!年)|小时|分钟|个月|个工作日|工作日)"
    r"|及时|按时|按期|准时|如期|限时|时限|时效|期限|周期|日内|天内|当天|当日|即时|实时|提前"
    r"|率先|最早|最先|首批|年底|年末|月底|季度|截至|截止|之前|前完成|内完成|每月|每周|每日|每年"
    r"|每季|按月|逐月|按季|按年|常态化|时间|效率|快速|迅速|第一时间|立即|即办|即申|即享|率"
    r"|(?:学期|季度|年度|月|年|期|节|汛期|开学|结束|底|末|初)(?:前|内)|限期|进度|学期|全年"
)
_MONEY_RE = re.compile(
    r"元|资金|经费|费用|成本|预算|支出|节约|节省|补贴|补助|投入|投资|价格|单价|造价|采购|开支"
)
_SATISFACTION_RE = re.compile(r"满意|好评|评价|认可|投诉|点赞|赞誉|称赞|锦旗|表扬|感谢")

_CATEGORY_CHECKS = {
    Category.TIMELINESS: (
        _TIME_RE,
        "没有写明完成时间、时限或及时性（如“按期完成”“10个工作日内办结”“及时率100%”）",
    ),
    Category.COST: (_MONEY_RE, "没有写明金额、资金或成本"),
    Category.SATISFACTION: (_SATISFACTION_RE, "没有写明满意度或服务对象的评价"),
}


@rule("category_mismatch", Severity.INFO, "指标完成情况与指标类别不符")
def category_mismatch(ctx: CheckContext) -> Iterator[Finding]:
    form = ctx.form
    for i, task in enumerate(form.tasks):
        for j, ind in enumerate(task.indicators):
            kind = ind.kind
            check = _CATEGORY_CHECKS.get(kind) if kind else None
            if check is None or is_blank(ind.completion):
                continue
            pattern, lack = check
            if pattern.search(ind.completion):
                continue
            path = f"tasks[{i}].indicators[{j}]"
            yield ctx.finding(
                "category_mismatch",
                path,
                f"{place(form, path)}的完成情况{quote(ind.completion)}{lack}，"
                f"与“{kind}”的类别不符；请核对指标是否填错类别。",
            )
