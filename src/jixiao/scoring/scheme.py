"""Scoring schemes as data: parts with weights, verdict scoring rules, grade bands.

A scheme is a TOML file (see ``docs/scoring.md``). The packaged schemes live in
``jixiao/scoring/schemes/``; ``load_scheme`` accepts a packaged name or any file path
and validates it, raising ``SchemeError`` with a plain Chinese message.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from jixiao.assess.types import Verdict
from jixiao.fileio import InputError, read_input
from jixiao.parsing import DataError, load_toml, type_name

DEFAULT_SCHEME = "dept-overall"

# What a part scores.
SOURCES = {
    "execution_rate": "预算执行率",
    "key_indicators": "年度关键指标",
    "task_indicators": "主要任务的指标",
    "all_indicators": "全部指标（年度关键指标与主要任务的指标）",
}
# How an indicator with a given verdict scores: a keyword or a fraction 0…1 of its weight.
RULE_KEYWORDS = {
    "full": "满分",
    "ratio": "完成比例 × 分值",
    "zero": "0 分",
    "pending": "待复核（不自动给分）",
}
RULE_KEYS = ("met", "not_met_quantitative", "not_met_qualitative", "undetermined")
# Each verdict rule's case, as the reports name it.
RULE_CASES = {
    "met": Verdict.MET.label,
    "not_met_quantitative": f"定量指标{Verdict.NOT_MET.label}",
    "not_met_qualitative": f"定性指标{Verdict.NOT_MET.label}",
    "undetermined": Verdict.UNDETERMINED.label,
}
DEFAULT_RULES = {
    "met": "full",
    "not_met_quantitative": "ratio",
    "not_met_qualitative": "zero",
    "undetermined": "pending",
}
SPLITS = ("equal",)
MISSING_RATE = ("pending", "zero")
# The most points a part may weigh (and the farthest a grade bound may be from 0): far above
# any real scheme (100 points in all), low enough that sums and roundings stay exact.
MAX_POINTS = 1_000_000

Rule = str | Decimal  # a keyword of RULE_KEYWORDS, or a fraction of the weight
MAX_SIGNOFF = 6  # sign-off roles a report prints at most


def describe_rule(rule: Rule) -> str:
    """A verdict rule in Chinese: 满分, 完成比例 × 分值, 按分值的 50% 计 …"""
    if isinstance(rule, str):
        return RULE_KEYWORDS[rule]
    return f"按分值的 {(rule * 100).normalize():f}% 计"


class ScoringError(ValueError):
    """A scheme, an override file or an override that cannot be used. Message in Chinese."""


class SchemeError(ScoringError):
    pass


@dataclass(frozen=True)
class Part:
    id: str
    name: str
    weight: Decimal
    source: str
    # indicator parts
    split: str = "equal"
    rules: dict[str, Rule] = field(default_factory=lambda: dict(DEFAULT_RULES))
    # execution-rate part
    cap: bool = True
    missing: str = "pending"

    def describe_rules(self) -> list[tuple[str, str]]:
        """How this part scores, as (case, rule) pairs of plain Chinese for the reports."""
        if self.source == "execution_rate":
            rate = "预算完成率 × 分值" + ("，超过 100% 按 100% 计" if self.cap else "")
            missing = "待复核（不自动给分）" if self.missing == "pending" else "0 分"
            return [
                ("列出预算完成率时", rate),
                ("未列出时", "完成率按 实际支出数 ÷ 年度预算数 计算"),
                ("二者都无法得到时", missing),
            ]
        return [(case, describe_rule(self.rules[key])) for key, case in RULE_CASES.items()]


@dataclass(frozen=True)
class Band:
    name: str
    min: Decimal


@dataclass(frozen=True)
class Scheme:
    id: str
    name: str
    parts: tuple[Part, ...]
    grades: tuple[Band, ...]  # highest band first
    description: str = ""
    source: str = ""  # the file it came from
    signoff: tuple[str, ...] = ()  # roles of the sign-off block (评价人, 复核人, 日期), if any

    @property
    def total_weight(self) -> Decimal:
        return sum((p.weight for p in self.parts), Decimal(0))

    def grade(self, points: Decimal) -> str:
        """The band ``points`` falls in (highest band whose lower bound it reaches)."""
        for band in self.grades:
            if points >= band.min:
                return band.name
        return self.grades[-1].name


def available_schemes() -> list[str]:
    """Names of the schemes shipped with the package."""
    folder = resources.files("jixiao.scoring") / "schemes"
    return sorted(p.name[: -len(".toml")] for p in folder.iterdir() if p.name.endswith(".toml"))


def load_scheme(name_or_path: str | Path | None = None) -> Scheme:
    """A packaged scheme by name (``dept-overall``) or a scheme file by path, validated."""
    if name_or_path is None:
        name_or_path = DEFAULT_SCHEME
    text = str(name_or_path)
    path = Path(text)
    if isinstance(name_or_path, Path) or text.endswith(".toml") or path.exists():
        try:
            data = read_input(path)  # regular files only, at most the max_bytes limit
        except InputError as e:
            raise SchemeError(f"评分方案文件 {text}：{e.problem}") from None
        return parse_scheme(data, text, default_id=path.stem)
    return _packaged(text)


@lru_cache(maxsize=16)
def _packaged(name: str) -> Scheme:
    names = available_schemes()
    if name not in names:
        raise SchemeError(
            f"没有名为 {name!r} 的评分方案；内置方案有：{'、'.join(names)}，"
            "也可以给出 .toml 文件路径"
        )
    res = resources.files("jixiao.scoring") / "schemes" / f"{name}.toml"
    return parse_scheme(res.read_bytes(), f"{name}（内置）", default_id=name)


def parse_scheme(data: bytes | str, source: str = "评分方案", default_id: str = "") -> Scheme:
    """Parse and validate scheme TOML. Every problem raises ``SchemeError`` naming ``source``."""
    where = f"评分方案 {source}"
    try:
        text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
        raw = load_toml(text)  # within the nesting and digit limits; NaN/inf refused
    except UnicodeDecodeError:
        raise SchemeError(f"{where} 不是 UTF-8 编码的文本") from None
    except DataError as e:
        raise SchemeError(f"{where} {e}") from None
    _keys(raw, {"id", "name", "description", "signoff", "part", "grade"}, where)
    scheme_id = _str(raw["id"], f"{where} 的 id", required=True) if "id" in raw else ""
    scheme_id = scheme_id or default_id or "custom"
    name = _str(raw.get("name"), f"{where} 的 name（方案名称）", required=True)
    description = _str(raw.get("description", ""), f"{where} 的 description")
    signoff = _signoff(raw.get("signoff", []), f"{where} 的 signoff（签字栏）")

    parts_raw = raw.get("part")
    if not isinstance(parts_raw, list) or not parts_raw:
        raise SchemeError(f"{where} 没有任何计分部分：至少需要一个 [[part]]")
    parts: list[Part] = []
    for i, p in enumerate(parts_raw, 1):
        parts.append(_part(p, f"{where} 的第 {i} 个 [[part]]"))
    ids = [p.id for p in parts]
    dup = sorted({x for x in ids if ids.count(x) > 1})
    if dup:
        raise SchemeError(f"{where} 中部分 id 重复：{'、'.join(dup)}")

    total = sum((p.weight for p in parts), Decimal(0))
    grades_raw = raw.get("grade")
    if not isinstance(grades_raw, list) or not grades_raw:
        raise SchemeError(f"{where} 没有等级划分：至少需要一个 [[grade]]（name 与 min）")
    bands = [_band(g, f"{where} 的第 {i} 个 [[grade]]") for i, g in enumerate(grades_raw, 1)]
    bands.sort(key=lambda b: b.min, reverse=True)
    for kind, values in (("名称", [b.name for b in bands]), ("下限", [str(b.min) for b in bands])):
        dup = sorted({x for x in values if values.count(x) > 1})
        if dup:
            raise SchemeError(f"{where} 中等级{kind}重复：{'、'.join(dup)}")
    if bands[-1].min > 0:
        raise SchemeError(
            f"{where} 的等级没有覆盖低分：最低一档 {bands[-1].name} 的下限是 {bands[-1].min}，"
            "应为 0，否则低于它的得分没有等级"
        )
    if bands[0].min > total:
        raise SchemeError(
            f"{where} 中等级 {bands[0].name} 的下限 {bands[0].min} 超过了方案满分 {total}，"
            "永远达不到"
        )
    return Scheme(
        id=scheme_id,
        name=name,
        parts=tuple(parts),
        grades=tuple(bands),
        description=description,
        source=source,
        signoff=signoff,
    )


def _signoff(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or len(value) > MAX_SIGNOFF:
        raise SchemeError(
            f'{where} 应是至多 {MAX_SIGNOFF} 个栏目名称的列表，如 ["评价人", "复核人", "日期"]'
        )
    roles = tuple(_str(v, f"{where} 的栏目名称", required=True) for v in value)
    if len(set(roles)) != len(roles):
        raise SchemeError(f"{where} 中栏目名称重复")
    return roles


def _part(p: Any, where: str) -> Part:
    if not isinstance(p, dict):
        raise SchemeError(f"{where} 应是一个表（[[part]]）")
    _keys(p, {"id", "name", "weight", "source", "split", "scoring", "cap", "missing"}, where)
    pid = _str(p.get("id"), f"{where} 的 id", required=True)
    where = f"{where}（{pid}）"
    name = _str(p.get("name"), f"{where} 的 name", required=True)
    weight = _number(p.get("weight"), f"{where} 的 weight（分值）")
    if weight <= 0:
        raise SchemeError(f"{where} 的 weight（分值）必须大于 0，现为 {weight}")
    if weight > MAX_POINTS:
        raise SchemeError(f"{where} 的 weight（分值）不能超过 {MAX_POINTS}，现为 {weight}")
    source = p.get("source")
    if source not in SOURCES:
        raise SchemeError(f"{where} 的 source 为 {source!r}，应为以下之一：{_choices(SOURCES)}")
    if source == "execution_rate":
        for key in ("split", "scoring"):
            if key in p:
                raise SchemeError(f"{where} 按预算执行率计分，不能设置 {key}")
        cap = p.get("cap", True)
        if not isinstance(cap, bool):
            raise SchemeError(f"{where} 的 cap 应为 true 或 false")
        missing = p.get("missing", "pending")
        if missing not in MISSING_RATE:
            raise SchemeError(
                f'{where} 的 missing 为 {missing!r}，应为 "pending"（待复核）或 "zero"（0 分）'
            )
        return Part(pid, name, weight, source, cap=cap, missing=missing)

    for key in ("cap", "missing"):
        if key in p:
            raise SchemeError(f"{where} 按指标计分，不能设置 {key}（它只用于预算执行率）")
    split = p.get("split", "equal")
    if split not in SPLITS:
        raise SchemeError(
            f'{where} 的 split 为 {split!r}，目前只支持 "equal"（各指标平均分配分值）'
        )
    scoring = p.get("scoring", {})
    if not isinstance(scoring, dict):
        raise SchemeError(f"{where} 的 scoring 应是一个表（[part.scoring]）")
    _keys(scoring, set(RULE_KEYS), f"{where} 的 scoring")
    rules: dict[str, Rule] = dict(DEFAULT_RULES)
    for key, value in scoring.items():
        rules[key] = _rule(value, key, f"{where} 的 scoring.{key}")
    return Part(pid, name, weight, source, split=split, rules=rules)


def _rule(value: Any, key: str, where: str) -> Rule:
    if isinstance(value, str):
        if value not in RULE_KEYWORDS:
            raise SchemeError(
                f"{where} 为 {value!r}，应为 {_choices(RULE_KEYWORDS)}，或 0 到 1 之间的得分比例"
            )
        if value == "ratio" and key not in ("met", "not_met_quantitative"):
            raise SchemeError(
                f'{where} 不能是 "ratio"：只有定量指标才有完成比例'
                "（用于 met 或 not_met_quantitative）"
            )
        return value
    frac = _number(value, where)
    if not 0 <= frac <= 1:
        raise SchemeError(f"{where} 的得分比例应在 0 到 1 之间，现为 {frac}")
    return frac


def _band(g: Any, where: str) -> Band:
    if not isinstance(g, dict):
        raise SchemeError(f"{where} 应是一个表（[[grade]]）")
    _keys(g, {"name", "min"}, where)
    name = _str(g.get("name"), f"{where} 的 name（等级名称）", required=True)
    low = _number(g.get("min"), f"{where}（{name}）的 min（下限）")
    if abs(low) > MAX_POINTS:
        raise SchemeError(f"{where}（{name}）的 min（下限）应在 ±{MAX_POINTS} 以内，现为 {low}")
    return Band(name, low)


def _keys(table: dict[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise SchemeError(
            f"{where} 中有无法识别的键：{'、'.join(unknown)}"
            f"（可用的键：{'、'.join(sorted(allowed))}）"
        )


def _str(value: Any, what: str, required: bool = False) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise SchemeError(f"{what} 必须是非空文字" if required else f"{what} 必须是文字")
    return value.strip()


def _number(value: Any, what: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        shown = "缺失" if value is None else f"为{type_name(value)} {_short(value)}"
        raise SchemeError(f"{what} 应为数字，现{shown}")
    number = Decimal(value)
    if not number.is_finite():  # load_toml refuses these; a scheme built in code may not
        raise SchemeError(f"{what} 应为有限的数字，现为 {number}")
    return number


def _short(value: Any) -> str:
    shown = repr(value)
    return shown if len(shown) <= 40 else shown[:39] + "…"


def _choices(options: dict[str, str]) -> str:
    return "、".join(f'"{k}"（{v}）' for k, v in options.items())
