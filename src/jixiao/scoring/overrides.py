"""Reviewer override files: TOML (``[[override]]`` tables) or JSON, chosen by extension.

Each override names an indicator path and either a verdict or a score, always with a
comment. What can be checked without the form (shape, comment, verdict/score) is checked
here; the path and the score's upper bound (the item's weight) are checked when the
override is applied to a form (``jixiao.scoring.engine``).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from jixiao.assess.types import Verdict
from jixiao.fileio import InputError, read_input
from jixiao.limits import limits
from jixiao.parsing import DataError, load_json, load_toml, type_name
from jixiao.paths import FormPath, PathError
from jixiao.scoring.scheme import ScoringError
from jixiao.scoring.types import Override


class OverrideError(ScoringError):
    pass


_KEYS = {"path", "verdict", "score", "comment", "reviewer", "form"}
# The words a reviewer may write for a verdict: its id, its label, and common synonyms.
VERDICT_WORDS = {
    **{v.value: v for v in Verdict},
    **{v.label: v for v in Verdict},
    "完成": Verdict.MET,
    "已完成": Verdict.MET,
    "达成": Verdict.MET,
    "未完成": Verdict.NOT_MET,
    "无法判定": Verdict.UNDETERMINED,
    "待定": Verdict.UNDETERMINED,
}


def normalise_path(path: str) -> str:
    """``key_indicators[ 0 ]`` → ``key_indicators[0]``: white space is not significant.

    Raises ``PathError`` when the text is not a path.
    """
    return str(FormPath.parse(path))


def load_overrides(path: str | Path) -> list[Override]:
    """Read and validate an override file (``.toml`` or ``.json``)."""
    p = Path(path)
    where = f"复核文件 {p}"
    ext = p.suffix.lower()
    if ext not in (".toml", ".json"):
        raise OverrideError(f"{where} 的扩展名应为 .toml 或 .json")
    try:
        text = read_input(p).decode("utf-8-sig")  # regular files only, at most max_bytes
    except InputError as e:
        raise OverrideError(f"{where}：{e.problem}") from None
    except UnicodeDecodeError:
        raise OverrideError(f"{where} 不是 UTF-8 编码的文本") from None
    try:
        raw: Any = load_toml(text) if ext == ".toml" else load_json(text)
    except DataError as e:
        raise OverrideError(f"{where} {e}") from None
    if ext == ".toml" or isinstance(raw, dict):
        key, how = (
            ("override", "每条复核意见写成一个 [[override]] 表")
            if ext == ".toml"
            else ("overrides", '应为 {"overrides": [...]} 或一个列表')
        )
        extra = sorted(set(raw) - {key})
        if extra:
            raise OverrideError(f"{where} 中有无法识别的键：{'、'.join(extra)}；{how}")
        entries = raw.get(key, [])
    else:
        entries = raw
    if not isinstance(entries, list):
        raise OverrideError(f"{where} 的复核意见应是一个列表")
    return parse_overrides(entries, where)


def parse_overrides(entries: list[Any], where: str = "复核意见") -> list[Override]:
    """Validate override entries (dicts) and turn them into ``Override`` objects."""
    result: list[Override] = []
    seen: dict[tuple[str | None, str], int] = {}
    lim = limits()
    if len(entries) > lim.max_indicators:
        raise OverrideError(f"{where}：{lim.exceeded('max_indicators', len(entries)).problem}")
    for i, e in enumerate(entries, 1):
        here = f"{where} 第 {i} 条"
        if not isinstance(e, dict):
            raise OverrideError(f"{here} 应是一个表（含 path、verdict 或 score、comment）")
        for key in ("comment", "reviewer", "form"):
            v = e.get(key)
            if isinstance(v, str) and len(v) > lim.max_cell_chars:
                problem = lim.exceeded("max_cell_chars", len(v), at=f"{key} 的").problem
                raise OverrideError(f"{here}：{problem}")
        unknown = sorted(set(e) - _KEYS)
        if unknown:
            raise OverrideError(
                f"{here} 中有无法识别的键：{'、'.join(unknown)}"
                f"（可用的键：{'、'.join(sorted(_KEYS))}）"
            )
        path = e.get("path")
        if not isinstance(path, str) or not path.strip():
            raise OverrideError(f"{here} 缺少 path（指标路径，如 key_indicators[0]）")
        try:
            path = normalise_path(path)
        except PathError:
            shown = repr(path) if len(path) <= 60 else repr(path[:59] + "…")
            raise OverrideError(
                f"{here} 的 path {shown} 不是有效的指标路径"
                "（如 key_indicators[0]、tasks[2].indicators[1]）"
            ) from None
        here = f"{here}（{path}）"
        comment = e.get("comment")
        if not isinstance(comment, str) or not comment.strip():
            raise OverrideError(f"{here} 缺少 comment：每条复核意见都必须写明理由")
        reviewer = e.get("reviewer")
        if reviewer is not None and (not isinstance(reviewer, str) or not reviewer.strip()):
            raise OverrideError(f"{here} 的 reviewer（复核人）应是非空文字")
        form = e.get("form")
        if form is not None and (not isinstance(form, str) or not form.strip()):
            raise OverrideError(f"{here} 的 form（所属表单文件名）应是非空文字")
        has_verdict, has_score = "verdict" in e, "score" in e
        if has_verdict == has_score:
            raise OverrideError(
                f"{here} 应给出 verdict（判定）或 score（分数）二者之一"
                + ("，不能同时给出" if has_verdict else "")
            )
        verdict: Verdict | None = None
        score: Decimal | None = None
        if has_verdict:
            v = e["verdict"]
            verdict = VERDICT_WORDS.get(v.strip()) if isinstance(v, str) else None
            if verdict is None:
                raise OverrideError(
                    f"{here} 的 verdict {v!r} 无法识别，应为 met（完成）、not_met（未完成）"
                    "或 undetermined（无法判断）"
                )
        else:
            s = e["score"]
            if isinstance(s, bool) or not isinstance(s, int | Decimal):
                raise OverrideError(f"{here} 的 score 应为数字，现为{type_name(s)}")
            score = Decimal(s)
            if not score.is_finite():
                raise OverrideError(f"{here} 的 score 应为有限的数字，现为 {s}")
            if score < 0:
                raise OverrideError(f"{here} 的 score {s} 不能小于 0")
        key = (form.strip() if form else None, path)
        if key in seen:
            raise OverrideError(f"{here} 与第 {seen[key]} 条针对同一指标，请合并为一条")
        seen[key] = i
        result.append(
            Override(
                path=path,
                verdict=verdict,
                score=score,
                comment=comment.strip(),
                reviewer=reviewer.strip() if reviewer else None,
                form=form.strip() if form else None,
            )
        )
    return result
