"""The reviewer's orderings and words, read from ``scales.toml`` (package data).

``current()`` is the table every judgement uses: the shipped ``scales.toml`` extended by
the files named in the ``JIXIAO_SCALES`` environment variable (separated by
``os.pathsep``). ``load(*paths)`` builds a table from the shipped file and the given
extensions; ``judge(..., scales=...)`` and ``assess_form(..., scales=...)`` accept one.
The file's header says how an extension merges. A malformed file raises ``ScalesError``
with a Chinese message naming the file and the key.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

from jixiao.assess.text import normalize

ENV = "JIXIAO_SCALES"
_SCALE_LISTS = ("grade_scale", "level_scale", "numbered_scale")
_WORD_TABLES = ("words", "deadline", "direction", "zero", "rank")
_KNOWN = frozenset((*_SCALE_LISTS, *_WORD_TABLES, "score_bands"))


class ScalesError(ValueError):
    """A scales file that cannot be used. The message is Chinese and names the file."""


@dataclass(frozen=True, slots=True)
class Scale:
    """An ordered scale of grades or levels, best first."""

    id: str
    name: str
    levels: tuple[tuple[str, ...], ...]  # normalised spellings of each level
    display: tuple[str, ...]  # each level as explanations print it
    context: tuple[str, ...] = ()
    pass_level: int | None = None
    pass_words: tuple[str, ...] = ()
    pass_name: str = ""  # the pass level as the table prints it (合格)

    def order_text(self) -> str:
        """The order in one line: 优＞良＞中＞基本合格＞差."""
        return "＞".join(self.display)

    def applies(self, context_text: str) -> bool:
        return not self.context or any(w in context_text for w in self.context)


@dataclass(frozen=True, slots=True)
class NumberedScale:
    """Levels printed as numbers (二级, 五星级), and which end is better."""

    id: str
    name: str
    context: tuple[str, ...]
    better: str  # "lower" or "higher"
    suffix: str = "级"

    def order_text(self) -> str:
        """一级最高 or 数字越大级别越高."""
        return f"一{self.suffix}最高" if self.better == "lower" else "数字越大等级越高"


@dataclass(frozen=True, slots=True)
class ScoreBands:
    scale: str
    name: str
    labels: tuple[str, ...]
    no_band: tuple[str, ...]
    bands: tuple[tuple[Decimal, str], ...]  # (minimum score, grade), highest first

    def grade_of(self, score: Decimal) -> str | None:
        for low, grade in self.bands:
            if score >= low:
                return grade
        return None

    def text(self) -> str:
        """The bands in one line: ≥90优，80–89.99良，60–79.99中，<60差."""
        parts = []
        upper: Decimal | None = None
        for low, grade in self.bands:
            if upper is None:
                parts.append(f"≥{low:g}{grade}")
            elif low > 0:
                parts.append(f"{low:g}–{upper - Decimal('0.01'):g}{grade}")
            else:
                parts.append(f"<{upper:g}{grade}")
            upper = low
        return "，".join(parts)


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True) if w)


def _search_re(words: Iterable[str]) -> re.Pattern[str]:
    alt = _alternation(words)
    return re.compile(alt if alt else "(?!)")


class Scales:
    """The whole table, validated, with the lookups the judge needs."""

    def __init__(self, data: Mapping[str, Any], source: str = "scales.toml") -> None:
        self.source = source
        self.grade_scales = tuple(
            _scale(d, f"grade_scale[{i}]", source)
            for i, d in enumerate(_list(data, "grade_scale", source))
        )
        self.level_scales = tuple(
            _scale(d, f"level_scale[{i}]", source)
            for i, d in enumerate(_list(data, "level_scale", source))
        )
        self.numbered_scales = tuple(
            _numbered(d, f"numbered_scale[{i}]", source)
            for i, d in enumerate(_list(data, "numbered_scale", source))
        )
        self.bands = _bands(data.get("score_bands"), source)
        words = _table(data, "words", source)
        deadline = _table(data, "deadline", source)
        direction = _table(data, "direction", source)
        zero = _table(data, "zero", source)
        rank = _table(data, "rank", source)

        def w(table: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
            return _words(table.get(key, []), f"{where}.{key}", source)

        def longest(t: tuple[str, ...]) -> tuple[str, ...]:
            return tuple(sorted(t, key=len, reverse=True))

        self.affirm = longest(w(words, "affirm", "words"))
        self.deny = longest(w(words, "deny", "words"))
        self.not_deny = w(words, "not_deny", "words")
        self.yes = frozenset(w(words, "yes", "words"))
        self.no = frozenset(w(words, "no", "words"))
        self.hedge = longest(w(words, "hedge", "words"))
        self.strong_degree = longest(w(words, "strong_degree", "words"))
        self.weak_degree = longest(w(words, "weak_degree", "words"))
        self.flat = w(words, "flat", "words")
        self.achieve = w(words, "achieve", "words")
        self.change = frozenset(w(words, "change", "words"))
        self.attachment = w(words, "attachment", "words")
        self.deny_phrases = longest(w(words, "deny_phrases", "words"))
        self.aim = w(words, "aim", "words")
        self.activity_verbs = w(words, "activity_verbs", "words")
        self.activity_nouns = w(words, "activity_nouns", "words")
        self.opposites = _opposites(words.get("opposites", []), source)
        self.timeliness = w(deadline, "timeliness", "deadline")
        self.on_time = w(deadline, "on_time", "deadline")
        self.late = w(deadline, "late", "deadline")
        self.unfinished = w(deadline, "unfinished", "deadline")
        self.same_day = w(deadline, "same_day", "deadline")
        self.periods = _periods(deadline.get("periods", {}), source)
        self.lower_rate = w(direction, "lower_rate", "direction")
        self.lower_quantity = w(direction, "lower_quantity", "direction")
        self.reduction = w(direction, "reduction", "direction")
        self.higher_time = w(direction, "higher_time", "direction")
        self.spending = w(direction, "spending", "direction")
        self.growth = w(direction, "growth", "direction")
        self.severity = w(zero, "severity", "zero")
        self.none_words = longest(w(zero, "none_words", "zero"))
        self.vague_ranks = w(rank, "vague", "rank")
        top = rank.get("vague_top", 3)
        if isinstance(top, bool) or not isinstance(top, int) or not 1 <= top <= 1000:
            raise ScalesError(f"{source}：rank.vague_top 应为 1 到 1000 之间的整数")
        self.vague_top = top
        self._compile()

    # -- lookups -------------------------------------------------------------------------

    def _compile(self) -> None:
        self.grade_words: dict[str, list[tuple[Scale, int]]] = {}
        for sc in self.grade_scales:
            for rank, spellings in enumerate(sc.levels):
                for sp in spellings:
                    self.grade_words.setdefault(sp, []).append((sc, rank))
        self.grade_re = _alternation(self.grade_words)
        self.level_words: dict[str, list[tuple[Scale, int]]] = {}
        for sc in self.level_scales:
            for rank, spellings in enumerate(sc.levels):
                for sp in spellings:
                    self.level_words.setdefault(sp, []).append((sc, rank))
        # an optional 级 after a spelling: 4A and 4A级, 省级 stays 省级
        self.level_re = (
            re.compile(r"(?<![A-Za-z\d])(?:" + _alternation(self.level_words) + r")级?")
            if self.level_words
            else None
        )
        self.level_first_re = re.compile(
            "[" + re.escape("".join({w[0] for w in self.level_words})) + "]"
            if self.level_words
            else "(?!)"
        )
        self.lower_rate_re = (
            re.compile("(?:" + _alternation(self.lower_rate) + ")$") if self.lower_rate else None
        )
        self.periods_re = _alternation(self.periods)
        # cheap gates: is any word of a kind in a text at all?
        self.grade_any_re = _search_re(self.grade_words)
        self.level_any_re = _search_re(self.level_words)
        self.vague_re = _search_re(self.vague_ranks)
        # 及时 but not 及时率 (a rate's name)
        self.timeliness_re = re.compile(
            "(?:" + _alternation(self.timeliness) + ")(?!率)" if self.timeliness else "(?!)"
        )
        self.side: dict[str, list[tuple[frozenset[str], frozenset[str]]]] = {}
        for a, b in self.opposites:
            for same, other in ((a, b), (b, a)):
                for word in same:
                    self.side.setdefault(word, []).append((frozenset(same), frozenset(other)))

    def grade_scale(self, scale_id: str) -> Scale | None:
        return next((s for s in self.grade_scales if s.id == scale_id), None)


def _err(source: str, where: str, what: str) -> ScalesError:
    return ScalesError(f"{source}：{where} {what}")


def _list(data: Mapping[str, Any], key: str, source: str) -> list[Mapping[str, Any]]:
    v = data.get(key, [])
    if not isinstance(v, list) or not all(isinstance(x, dict) for x in v):
        raise _err(source, key, "应为表的数组（[[" + key + "]]）")
    return v


def _table(data: Mapping[str, Any], key: str, source: str) -> Mapping[str, Any]:
    v = data.get(key, {})
    if not isinstance(v, dict):
        raise _err(source, key, "应为表（[" + key + "]）")
    return v


def _words(v: Any, where: str, source: str) -> tuple[str, ...]:
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        raise _err(source, where, "应为文字的列表")
    out = tuple(dict.fromkeys(normalize(x) for x in v))
    if "" in out:
        raise _err(source, where, "含有空文字")
    return out


def _text(d: Mapping[str, Any], key: str, where: str, source: str) -> str:
    v = d.get(key)
    if not isinstance(v, str) or not v.strip():
        raise _err(source, f"{where}.{key}", "应为非空文字")
    return v.strip()


def _scale(d: Mapping[str, Any], where: str, source: str) -> Scale:
    sid, name = _text(d, "id", where, source), _text(d, "name", where, source)
    raw = d.get("levels")
    if (
        not isinstance(raw, list)
        or len(raw) < 2
        or not all(
            isinstance(lv, list) and lv and all(isinstance(x, str) and x.strip() for x in lv)
            for lv in raw
        )
    ):
        raise _err(source, f"{where}.levels", "应为至少两级、每级至少一种写法的列表（从高到低）")
    levels = tuple(tuple(dict.fromkeys(normalize(x) for x in lv)) for lv in raw)
    seen: set[str] = set()
    for lv in levels:
        for sp in lv:
            if sp in seen:
                raise _err(source, f"{where}.levels", f"中“{sp}”出现了两次")
            seen.add(sp)
    context = _words(d.get("context", []), f"{where}.context", source)
    pass_level = None
    pass_name = ""
    if "pass" in d:
        pass_name = _text(d, "pass", where, source)
        p = normalize(pass_name)
        pass_level = next((i for i, lv in enumerate(levels) if p in lv), None)
        if pass_level is None:
            raise _err(source, f"{where}.pass", f"“{p}”不是本等级表中的一级")
    pass_words = _words(d.get("pass_words", []), f"{where}.pass_words", source)
    display = tuple(lv[0].strip() for lv in raw)
    return Scale(sid, name, levels, display, context, pass_level, pass_words, pass_name)


def _numbered(d: Mapping[str, Any], where: str, source: str) -> NumberedScale:
    sid, name = _text(d, "id", where, source), _text(d, "name", where, source)
    better = d.get("better")
    if better not in ("lower", "higher"):
        raise _err(source, f"{where}.better", '应为 "lower"（数字小者为优）或 "higher"')
    suffix = normalize(d.get("suffix", "级")) if isinstance(d.get("suffix", "级"), str) else ""
    if suffix not in ("级", "星", "星级", "档", "类"):
        raise _err(source, f"{where}.suffix", "应为 级、星、星级、档 或 类")
    context = _words(d.get("context", []), f"{where}.context", source)
    if not context:
        raise _err(source, f"{where}.context", "不能为空：数字级别须有上下文词才能确定高低")
    return NumberedScale(sid, name, context, better, suffix)


def _bands(v: Any, source: str) -> ScoreBands | None:
    if v is None:
        return None
    if not isinstance(v, dict):
        raise _err(source, "score_bands", "应为表")
    raw = v.get("bands")
    if not isinstance(raw, list) or not raw:
        raise _err(source, "score_bands.bands", "应为 {min, grade} 的列表")
    bands = []
    for i, b in enumerate(raw):
        low, grade = (b.get("min"), b.get("grade")) if isinstance(b, dict) else (None, None)
        if isinstance(low, bool) or not isinstance(low, int | float) or not 0 <= low <= 1000:
            raise _err(source, f"score_bands.bands[{i}].min", "应为 0 到 1000 之间的数")
        if not isinstance(grade, str) or not grade.strip():
            raise _err(source, f"score_bands.bands[{i}].grade", "应为等次文字")
        bands.append((Decimal(str(low)), normalize(grade)))
    bands.sort(key=lambda b: b[0], reverse=True)
    return ScoreBands(
        scale=_text(v, "scale", "score_bands", source),
        name=v.get("name", "评价分档") if isinstance(v.get("name"), str) else "评价分档",
        labels=_words(v.get("labels", []), "score_bands.labels", source),
        no_band=_words(v.get("no_band", []), "score_bands.no_band", source),
        bands=tuple(bands),
    )


def _opposites(v: Any, source: str) -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    out = []
    if not isinstance(v, list):
        raise _err(source, "words.opposites", "应为 [[一方的词], [另一方的词]] 的列表")
    for i, pair in enumerate(v):
        if not isinstance(pair, list) or len(pair) != 2:
            raise _err(source, f"words.opposites[{i}]", "应为两组词：[[一方], [另一方]]")
        a = _words(pair[0], f"words.opposites[{i}][0]", source)
        b = _words(pair[1], f"words.opposites[{i}][1]", source)
        out.append((a, b))
    return tuple(out)


def _periods(v: Any, source: str) -> dict[str, int]:
    if not isinstance(v, dict):
        raise _err(source, "deadline.periods", "应为表：时段 = 月×100+日")
    out = {}
    for k, n in v.items():
        if (
            isinstance(n, bool)
            or not isinstance(n, int)
            or not (101 <= n <= 1231 and 1 <= n % 100 <= 31)
        ):
            raise _err(source, f"deadline.periods.{k}", "应为 月×100+日，如 1231")
        out[normalize(k)] = n
    return out


# -- reading and merging files ---------------------------------------------------------------


def _read(path: str | Path) -> dict[str, Any]:
    p = Path(path)
    try:
        if not p.is_file():
            raise ScalesError(f"{p}：不是可读的文件（等级与用语表应为 TOML 文件）")
        if p.stat().st_size > 1_000_000:
            raise ScalesError(f"{p}：文件过大（超过 1 MB），不像等级与用语表")
        text = p.read_text(encoding="utf-8-sig")
    except OSError as e:
        raise ScalesError(f"{p}：读不到文件（{e.strerror}）") from None
    except UnicodeDecodeError:
        raise ScalesError(f"{p}：不是 UTF-8 编码的文本") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ScalesError(f"{p}：不是合法的 TOML（{e}）") from None
    except RecursionError:
        raise ScalesError(f"{p}：嵌套过深") from None
    unknown = sorted(set(data) - _KNOWN)
    if unknown:
        raise ScalesError(
            f"{p}：未知的表 {'、'.join(unknown)}（可用：{'、'.join(sorted(_KNOWN))}）"
        )
    return data


def merge(base: Mapping[str, Any], ext: Mapping[str, Any]) -> dict[str, Any]:
    """``ext`` laid over ``base`` as the file header describes (new scales first)."""
    out: dict[str, Any] = {k: v for k, v in base.items()}
    for key in _SCALE_LISTS:
        added = ext.get(key)
        if not added:
            continue
        if not isinstance(added, list):
            out[key] = added  # reported by Scales()
            continue
        ids = {d.get("id") for d in added if isinstance(d, dict)}
        kept = [d for d in base.get(key, []) if d.get("id") not in ids]
        out[key] = [*added, *kept]
    if "score_bands" in ext:
        out["score_bands"] = ext["score_bands"]
    for key in _WORD_TABLES:
        if key not in ext:
            continue
        table = dict(base.get(key, {}))
        for k, v in ext[key].items() if isinstance(ext[key], dict) else ():
            old = table.get(k)
            if isinstance(old, list) and isinstance(v, list):
                table[k] = [*old, *v]
            elif isinstance(old, dict) and isinstance(v, dict):
                table[k] = {**old, **v}
            else:
                table[k] = v
        out[key] = table if isinstance(ext[key], dict) else ext[key]
    return out


def _shipped() -> dict[str, Any]:
    text = resources.files("jixiao.assess").joinpath("scales.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def load(*paths: str | Path) -> Scales:
    """The shipped table extended by ``paths``, in order."""
    data = _shipped()
    names = ["scales.toml"]
    for p in paths:
        ext = _read(p)
        try:
            Scales(merge(_shipped(), ext), source=str(p))  # each file valid on its own terms
        except ScalesError:
            raise
        data = merge(data, ext)
        names.append(str(p))
    return Scales(data, source=" + ".join(names))


_CURRENT: Scales | None = None


def env_paths() -> list[str]:
    """The extension files named by ``JIXIAO_SCALES``."""
    return [p for p in os.environ.get(ENV, "").split(os.pathsep) if p.strip()]


def current() -> Scales:
    """The table in use: shipped, extended by ``JIXIAO_SCALES`` (read once)."""
    global _CURRENT
    if _CURRENT is None:
        _CURRENT = load(*env_paths())
    return _CURRENT


def reset() -> None:
    """Forget the table in use, so the next ``current()`` reads ``JIXIAO_SCALES`` again."""
    global _CURRENT
    _CURRENT = None
