"""The scoring engine: verdicts + scheme + reviewer overrides → score, and the evaluation.

Points are summed exactly (``fractions.Fraction``: 90 / 11 per indicator still sums to 90)
and stored as ``Decimal``; rounding to 2 decimals happens only when shown or exported.
A pending item (an undetermined verdict nobody has reviewed yet, or an execution rate
that cannot be known) wins no points, and the score is the interval
``total`` (every pending item lost) … ``upper`` (every pending item won).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, localcontext
from fractions import Fraction
from pathlib import Path

from jixiao.assess.types import IndicatorVerdict, Verdict
from jixiao.cells import percent
from jixiao.checks.types import Finding
from jixiao.model import Form
from jixiao.paths import PathError
from jixiao.scoring.overrides import OverrideError, load_overrides, normalise_path
from jixiao.scoring.scheme import RULE_CASES, Part, Scheme, describe_rule, load_scheme
from jixiao.scoring.types import (
    Evaluation,
    GradeBand,
    ItemScore,
    Override,
    PartScore,
    Score,
    format_points,
    round2,
)

EXECUTION_PATH = "funds.execution_rate"


def evaluate(
    form: Form,
    scheme: Scheme | str | Path | None = None,
    overrides: Sequence[Override] | str | Path | None = None,
    *,
    verdicts: Sequence[IndicatorVerdict] | None = None,
    findings: Sequence[Finding] | None = None,
) -> Evaluation:
    """Evaluate one form: verdicts, findings, score and grade.

    ``scheme`` is a ``Scheme``, a packaged scheme name or a scheme file (default
    ``dept-overall``); ``overrides`` a list of ``Override`` or an override file. Verdicts
    come from ``jixiao.assess.assess_form`` and findings from ``jixiao.checks.run_checks``
    unless given. Raises ``ScoringError`` (Chinese message) for a bad scheme or override.
    """
    sch = scheme if isinstance(scheme, Scheme) else load_scheme(scheme)
    if overrides is None:
        ovs: list[Override] = []
    elif isinstance(overrides, str | Path):
        ovs = load_overrides(overrides)
    else:
        ovs = list(overrides)
    if verdicts is None:
        from jixiao.assess import assess_form

        verdicts = assess_form(form)
    score = score_form(form, verdicts, sch, ovs)
    reviewed = apply_verdict_overrides(verdicts, score)
    if findings is None:
        from jixiao.checks import run_checks

        findings = run_checks(form, reviewed)
    applied = [i.override for i in score.items if i.override is not None]
    return Evaluation(
        form=form, verdicts=reviewed, findings=list(findings), score=score, overrides=applied
    )


def apply_verdict_overrides(
    verdicts: Sequence[IndicatorVerdict], score: Score
) -> list[IndicatorVerdict]:
    """The verdicts after review: a reviewer's verdict replaces the automatic one."""
    decided = {
        i.path: i.override.verdict
        for i in score.items
        if i.override is not None and i.override.verdict is not None
    }
    out: list[IndicatorVerdict] = []
    for v in verdicts:
        new = decided.get(v.path)
        out.append(v if new is None or new == v.verdict else v.model_copy(update={"verdict": new}))
    return out


# -- scoring ---------------------------------------------------------------------------


@dataclass
class _Item:
    """An item being scored, with exact arithmetic."""

    path: str
    name: str
    part: str
    weight: Fraction
    points: Fraction | None
    explanation: str
    basis: str = ""
    verdict: Verdict | None = None
    assessed: Verdict | None = None
    judgement: IndicatorVerdict | None = None  # the automatic verdict, for its ratio and kind
    override: Override | None = None

    @property
    def upper(self) -> Fraction:
        return self.weight if self.points is None else self.points


def score_form(
    form: Form,
    verdicts: Sequence[IndicatorVerdict],
    scheme: Scheme,
    overrides: Sequence[Override] = (),
) -> Score:
    """Score a form's verdicts under a scheme, applying reviewer overrides.

    Raises ``OverrideError`` when an override names a path the scheme does not score, or
    gives a score outside 0 … the item's weight.
    """
    by_path = {v.path: v for v in verdicts}
    parts: list[tuple[Part, list[_Item]]] = []
    for part in scheme.parts:
        if part.source == "execution_rate":
            items = [_execution_item(form, part)]
        else:
            items = _indicator_items(form, part, by_path)
        parts.append((part, items))

    index = {it.path: it for _, items in parts for it in items}
    _apply_overrides(form, overrides, index, {p.id: p for p in scheme.parts})

    part_scores: list[PartScore] = []
    item_scores: list[ItemScore] = []
    total = upper = Fraction(0)
    for part, items in parts:
        won = sum((it.points or Fraction(0) for it in items), Fraction(0))
        best = sum((it.upper for it in items), Fraction(0))
        total += won
        upper += best
        part_scores.append(
            PartScore(
                id=part.id,
                name=part.name,
                weight=part.weight,
                points=_dec(won),
                upper=_dec(best),
                detail=_part_detail(part, items),
                rules=part.describe_rules(),
            )
        )
        item_scores.extend(
            ItemScore(
                path=it.path,
                name=it.name,
                part=it.part,
                weight=_dec(it.weight),
                verdict=it.verdict,
                points=None if it.points is None else _dec(it.points),
                upper=_dec(it.upper),
                explanation=it.explanation,
                basis=it.basis,
                override=it.override,
                assessed_verdict=it.assessed,
            )
            for it in items
        )
    total_d, upper_d = _dec(total), _dec(upper)
    return Score(
        scheme=scheme.id,
        scheme_name=scheme.name,
        total=total_d,
        upper=upper_d,
        grade=scheme.grade(round2(total_d)),
        grade_upper=scheme.grade(round2(upper_d)),
        parts=part_scores,
        items=item_scores,
        pending=sum(1 for it in item_scores if it.points is None),
        bands=[GradeBand(name=b.name, min=b.min) for b in scheme.grades],
        signoff=list(scheme.signoff),
    )


def execution_rate(form: Form) -> tuple[Fraction | None, str]:
    """The budget execution rate as a fraction (0.966), and where it came from, in Chinese."""
    f = form.funds
    if f.execution_rate is not None:
        rate = Fraction(f.execution_rate) / 100
        return rate, f"预算完成率 {_pct(rate)}（表中所列）"
    if f.actual_expenditure is not None and f.annual_budget:
        rate = Fraction(f.actual_expenditure) / Fraction(f.annual_budget)
        return rate, (
            f"预算完成率未列出，按实际支出 {f.actual_expenditure} ÷ 年度预算 {f.annual_budget}"
            f" 计算为 {_pct(rate)}"
        )
    return None, "预算完成率未列出，且缺少实际支出数或年度预算数，无法计算"


def _execution_item(form: Form, part: Part) -> _Item:
    weight = Fraction(part.weight)
    rate, source = execution_rate(form)
    item = _Item(EXECUTION_PATH, "预算执行率", part.id, weight, None, "")
    rules = dict(part.describe_rules())
    if rate is None:
        item.basis = f"二者都无法得到时：{rules['二者都无法得到时']}"
        if part.missing == "zero":
            item.points, item.explanation = Fraction(0), f"{source}，本项 0 分"
        else:
            item.explanation = f"{source}，待复核（0 – {format_points(weight)} 分）"
        return item
    item.basis = rules["列出预算完成率时"]
    used = max(rate, Fraction(0))
    if part.cap and used > 1:
        used = Fraction(1)
        source += "，超过 100% 按 100% 计"
    elif used != rate:
        source += "，按 0 计"
    item.points = used * weight
    item.explanation = f"{source} × {format_points(weight)} = {format_points(item.points)} 分"
    return item


def indicator_paths(form: Form, source: str) -> list[tuple[str, str]]:
    """(path, name) of every indicator a part with this ``source`` scores, in form order."""
    out: list[tuple[str, str]] = []
    if source in ("key_indicators", "all_indicators"):
        out += [(f"key_indicators[{i}]", k.name) for i, k in enumerate(form.key_indicators)]
    if source in ("task_indicators", "all_indicators"):
        for t, task in enumerate(form.tasks):
            for j, ind in enumerate(task.indicators):
                name = "·".join(x for x in (task.name, ind.category) if x)
                out.append((f"tasks[{t}].indicators[{j}]", name))
    return out


def _indicator_items(form: Form, part: Part, by_path: dict[str, IndicatorVerdict]) -> list[_Item]:
    paths = indicator_paths(form, part.source)
    if not paths:
        return []
    weight = Fraction(part.weight) / len(paths)
    items = []
    for path, name in paths:
        v = by_path.get(path)
        item = _Item(path, (v.name if v and v.name else name), part.id, weight, None, "")
        if v is None:
            item.explanation = f"没有对本项的研判结果，待复核（0 – {format_points(weight)} 分）"
        else:
            item.verdict = item.assessed = v.verdict
            item.judgement = v
            item.points, item.explanation, item.basis = _rule_points(part, v.verdict, v, weight)
        items.append(item)
    return items


def _rule_points(
    part: Part, verdict: Verdict, v: IndicatorVerdict | None, weight: Fraction
) -> tuple[Fraction | None, str, str]:
    """Points for one verdict under the part's rules, how they were reached, and the rule."""
    quantitative = bool(v and v.quantitative)
    if verdict == Verdict.MET:
        key = "met"
    elif verdict == Verdict.NOT_MET:
        key = "not_met_quantitative" if quantitative else "not_met_qualitative"
    else:
        key = "undetermined"
    rule = part.rules[key]
    what = RULE_CASES[key]
    basis = f"{what}：{describe_rule(rule)}"
    w = format_points(weight)
    if rule == "pending":
        return None, f"{what}，待复核（0 – {w} 分）", basis
    if rule == "full":
        return weight, f"{what}，得满分 {w} 分", basis
    if rule == "zero":
        return Fraction(0), f"{what}，0 分", basis
    if rule == "ratio":
        ratio = _ratio(v)
        if ratio is None:
            if verdict == Verdict.MET:
                return weight, f"{what}，得满分 {w} 分", basis
            return Fraction(0), f"{what}，没有可计算的完成比例，0 分", basis
        points = ratio * weight
        return points, f"{what}，完成比例 {_pct(ratio)} × {w} = {format_points(points)} 分", basis
    frac = Fraction(rule)
    points = frac * weight
    return points, f"{what}，按分值的 {_pct(frac)} 计 {format_points(points)} 分", basis


def _ratio(v: IndicatorVerdict | None) -> Fraction | None:
    if v is None or v.ratio is None:
        return None
    # repr() is the float's shortest exact spelling (0.9733333333333334), not its binary value
    r = Fraction(Decimal(repr(float(v.ratio))))
    return min(max(r, Fraction(0)), Fraction(1))


def _apply_overrides(
    form: Form, overrides: Sequence[Override], index: dict[str, _Item], parts: dict[str, Part]
) -> None:
    seen: set[str] = set()
    for o in overrides:
        try:
            path = normalise_path(o.path)
        except PathError:
            raise OverrideError(f"复核意见中的路径 {o.path!r} 不是有效的指标路径") from None
        if path in seen:
            raise OverrideError(f"复核意见中 {path} 出现了不止一次，请合并为一条")
        seen.add(path)
        item = index.get(path)
        if item is None:
            raise OverrideError(_unknown_path(form, path))
        if not o.comment or not o.comment.strip():
            raise OverrideError(f"对 {path} 的复核意见缺少 comment：每条复核意见都必须写明理由")
        if (o.verdict is None) == (o.score is None):
            raise OverrideError(f"对 {path} 的复核意见应给出 verdict 或 score 二者之一")
        who = f"（复核人：{o.reviewer}）" if o.reviewer else ""
        if o.score is not None:
            s = Fraction(o.score)
            if not 0 <= s <= item.weight:
                raise OverrideError(
                    f"对 {path}（{item.name}）的复核分数 {o.score} 超出范围：应在 0 到本项分值"
                    f" {_exact(item.weight)} 之间"
                )
            item.points = s
            item.explanation = f"复核给分 {format_points(s)} 分{who}：{o.comment}"
            item.basis = "复核给分"
        else:
            if path == EXECUTION_PATH:
                raise OverrideError(
                    f"{path}（预算执行率）没有完成与否的判定，复核时请用 score 直接给分"
                )
            item.verdict = o.verdict
            pts, how, basis = _rule_points(parts[item.part], o.verdict, item.judgement, item.weight)
            item.points = pts
            item.explanation = f"复核认定{how}{who}：{o.comment}"
            item.basis = f"复核认定{basis}"
        item.override = o.model_copy(update={"path": path})


def _unknown_path(form: Form, path: str) -> str:
    try:
        form.resolve(path)
    except (AttributeError, IndexError, ValueError, TypeError):
        return f"复核意见中的路径 {path} 在表中不存在"
    return f"复核意见中的路径 {path} 不在本评分方案的计分范围内，无法复核"


def _part_detail(part: Part, items: list[_Item]) -> str:
    if part.source == "execution_rate":
        return items[0].explanation
    if not items:
        return "表中没有可计分的指标，本部分 0 分"
    counts = {v: 0 for v in (Verdict.MET, Verdict.NOT_MET, Verdict.UNDETERMINED)}
    for it in items:
        if it.verdict is not None:
            counts[it.verdict] += 1
    pending = sum(1 for it in items if it.points is None)
    reviewed = sum(1 for it in items if it.override is not None)
    n = len(items)
    text = (
        f"{n} 项，每项 {_share(part.weight, n)} 分："
        f"{Verdict.MET.label} {counts[Verdict.MET]} 项，{Verdict.NOT_MET.label} "
        f"{counts[Verdict.NOT_MET]} 项，{Verdict.UNDETERMINED.label} {counts[Verdict.UNDETERMINED]} 项"
    )
    if reviewed:
        text += f"；经复核 {reviewed} 项"
    if pending:
        text += f"；待复核 {pending} 项"
    return text


# -- numbers ---------------------------------------------------------------------------


def _dec(x: Fraction) -> Decimal:
    """A Fraction as a Decimal: exact when it terminates, else 28 significant digits."""
    with localcontext() as ctx:
        ctx.prec = 28
        return Decimal(x.numerator) / Decimal(x.denominator)


def _share(weight: Decimal, n: int) -> str:
    """One item's equal share of a part: ``90 ÷ 16 = 5.625`` or ``90 ÷ 11 ≈ 8.18``."""
    x = Fraction(weight) / n
    if n == 1:
        return format_points(x)
    exact = _exact(x)
    if "/" in exact or len(exact.partition(".")[2]) > 4:
        return f"{weight.normalize():f} ÷ {n} ≈ {format_points(x)}"
    return f"{weight.normalize():f} ÷ {n} = {exact}"


def _exact(x: Fraction) -> str:
    """A bound exactly, for a reviewer who must stay within it: 5.625, or 90/11（约 8.18）."""
    d = x.denominator
    while d % 2 == 0:
        d //= 2
    while d % 5 == 0:
        d //= 5
    if d == 1:
        return format(_dec(x).normalize(), "f")
    return f"{x.numerator}/{x.denominator}（约 {format_points(x)}）"


def _pct(x: Fraction) -> str:
    return percent(_dec(x * 100))
