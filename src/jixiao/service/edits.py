"""Field edits on a form: set a field, insert or remove a row — checked, then re-validated.

A change names a path in the form (the same paths as findings and verdicts):
``{"op": "set", "path": "tasks[2].indicators[1].completion", "value": "完成率98%"}``,
``{"op": "insert", "path": "tasks[2].indicators[1]", "value": {"category": "质量指标"}}``
(before index 1; the list's length appends), ``{"op": "remove", "path": "key_indicators[3]"}``.
An edited field loses its provenance (it no longer comes from the source file).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError

from jixiao.limits import LimitError, limits
from jixiao.model import FUNDS_FIELDS, Form
from jixiao.paths import FormPath, PathError
from jixiao.service.errors import Invalid

_STEP = re.compile(r"^([a-z_]+)(?:\[(\d+)\])?$")

TEXT_FIELDS = {
    "": {
        "title",
        "unit",
        "department",
        "overall_goal",
        "overall_goal_completion",
        "problems",
        "improvement_measures",
    },
    "key_indicators": {"name", "expected_value", "completion"},
    "tasks": {"name", "expected_goal", "goal_completion"},
    "indicators": {"category", "completion"},
}
NUMBER_FIELDS = {"funds": set(FUNDS_FIELDS), "tasks": {"funds"}}
LISTS = {"": {"key_indicators", "tasks"}, "tasks": {"indicators"}}
ROW_KEYS = {
    "key_indicators": TEXT_FIELDS["key_indicators"],
    "tasks": TEXT_FIELDS["tasks"] | {"funds", "indicators"},
    "indicators": TEXT_FIELDS["indicators"],
}


class Change(BaseModel):
    op: Literal["set", "insert", "remove"] = "set"
    path: str = Field(min_length=1, max_length=200)
    value: Any = None


def apply_changes(form: Form, changes: list[Change]) -> Form:
    """A new form with the changes applied in order; ``Invalid`` names the bad change."""
    if not changes:
        raise Invalid("没有要保存的修改")
    if len(changes) > 500:
        raise Invalid("一次修改过多（最多 500 处）")
    data = form.model_dump(mode="json")
    for n, c in enumerate(changes, 1):
        where = f"第 {n} 处修改（{c.path}）"
        steps = _parse(c.path, where)
        if c.op == "set":
            _set(data, steps, c.value, where)
        else:
            _row(data, steps, c.op, c.value, where)
    try:
        return Form.model_validate(data)
    except ValidationError as e:
        first = e.errors()[0]
        loc = ".".join(str(x) for x in first["loc"])
        raise Invalid(f"修改后的表单无效：{loc} {first['msg']}") from None


def _shape(path: str) -> tuple[str, str, int | None] | None:
    """(kind of the object holding the last step, its name, its index) when ``path`` is a
    well-formed path into the form's shape (fields and lists by name), else None."""
    try:
        steps = FormPath.parse(path).steps
    except PathError:
        return None
    if not steps:
        return None
    kind = ""
    for name, index in steps[:-1]:
        if name in LISTS.get(kind, set()):
            if index is None:
                return None
        elif not (kind == "" and name == "funds" and index is None):
            return None
        kind = name
    return kind, *steps[-1]


@lru_cache(maxsize=8192)
def field_kind(path: str) -> Literal["text", "number"] | None:
    """``"text"`` or ``"number"`` when an edit may ``set`` the field at ``path``, else None."""
    shape = _shape(path)
    if shape is None or shape[2] is not None:
        return None
    kind, name, _ = shape
    if name in NUMBER_FIELDS.get(kind, set()):
        return "number"
    if name in TEXT_FIELDS.get(kind, set()):
        return "text"
    return None


@lru_cache(maxsize=8192)
def row_kind(path: str) -> str | None:
    """The list a row path names (``key_indicators[3]`` → ``key_indicators``, the rows an
    edit may ``insert`` or ``remove``), else None."""
    shape = _shape(path)
    if shape is None or shape[2] is None or shape[1] not in LISTS.get(shape[0], set()):
        return None
    return shape[1]


def _parse(path: str, where: str) -> list[tuple[str, int | None]]:
    steps = []
    for part in "".join(path.split()).split("."):
        mt = _STEP.match(part)
        if not mt:
            raise Invalid(f"{where}：路径写法不正确（如 tasks[2].indicators[1].completion）")
        steps.append((mt.group(1), int(mt.group(2)) if mt.group(2) is not None else None))
    return steps


def _walk(data: dict[str, Any], steps: list[tuple[str, int | None]], where: str) -> tuple[Any, str]:
    """The object holding the last step, and the kind of that object ("" for the form)."""
    obj: Any = data
    kind = ""
    for name, index in steps[:-1]:
        if not isinstance(obj, dict) or name not in obj:
            raise Invalid(f"{where}：表单中没有 {name}")
        obj = obj[name]
        kind = name
        if index is not None:
            if not isinstance(obj, list) or index >= len(obj):
                raise Invalid(f"{where}：{name} 没有第 {index} 项")
            obj = obj[index]
    return obj, kind


def _set(data: dict[str, Any], steps: list[tuple[str, int | None]], value: Any, where: str) -> None:
    obj, kind = _walk(data, steps, where)
    name, index = steps[-1]
    if index is not None:
        raise Invalid(f"{where}：只能修改字段，不能整行替换（请用 insert/remove）")
    if name == "year" and kind == "":
        if not isinstance(value, int) or isinstance(value, bool) or not 1990 <= value <= 2200:
            raise Invalid(f"{where}：年度应为 1990–2200 之间的整数")
    elif name in NUMBER_FIELDS.get(kind, set()):
        value = _number(value, where)
    elif name in TEXT_FIELDS.get(kind, set()):
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise Invalid(f"{where}：应为文字")
        _check_text(value, where)
    else:
        raise Invalid(f"{where}：{name} 不是可修改的字段")
    obj[name] = value
    obj.get("provenance", {}).pop(name, None)


def _number(value: Any, where: str) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise Invalid(f"{where}：应为数字或留空")
    try:
        d = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        raise Invalid(f"{where}：{value!r} 不是数字") from None
    if not d.is_finite() or abs(d) >= Decimal("1e15"):
        raise Invalid(f"{where}：数字超出范围")
    return str(d)


def _row(
    data: dict[str, Any],
    steps: list[tuple[str, int | None]],
    op: str,
    value: Any,
    where: str,
) -> None:
    obj, kind = _walk(data, steps, where)
    name, index = steps[-1]
    if index is None or name not in LISTS.get(kind, set()):
        raise Invalid(f"{where}：insert/remove 的路径应指向一行，如 tasks[2] 或 key_indicators[0]")
    rows = obj[name]
    if op == "remove":
        if index >= len(rows):
            raise Invalid(f"{where}：{name} 没有第 {index} 项")
        del rows[index]
        return
    if index > len(rows):
        raise Invalid(f"{where}：插入位置超出范围（{name} 共 {len(rows)} 项）")
    _check_rows(data, name, where)
    row = _new_row(name, value if value is not None else {}, where)
    rows.insert(index, row)


def _new_row(kind: str, value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise Invalid(f"{where}：新行应为对象")
    unknown = sorted(set(value) - ROW_KEYS[kind])
    if unknown:
        raise Invalid(f"{where}：无法识别的字段 {'、'.join(unknown)}")
    row: dict[str, Any] = {"provenance": {}}
    for key in sorted(TEXT_FIELDS[kind]):
        v = value.get(key, "")
        if not isinstance(v, str):
            raise Invalid(f"{where}：{key} 应为文字")
        _check_text(v, where)
        row[key] = v
    if kind == "tasks":
        row["funds"] = _number(value.get("funds"), where)
        inds = value.get("indicators", [])
        if not isinstance(inds, list) or len(inds) > limits().max_indicators:
            raise Invalid(f"{where}：indicators 应为列表")
        row["indicators"] = [_new_row("indicators", i, where) for i in inds]
    return row


def _check_text(value: str, where: str) -> None:
    try:
        limits().check("max_cell_chars", len(value), at=f"{where}：")
    except LimitError as e:
        raise Invalid(e.problem) from None


def _check_rows(data: dict[str, Any], kind: str, where: str) -> None:
    """One more row of ``kind`` must keep the form within the task and indicator limits."""
    try:
        if kind == "tasks":
            limits().check("max_tasks", len(data["tasks"]) + 1, at=f"{where}：")
        else:
            count = len(data["key_indicators"]) + sum(len(t["indicators"]) for t in data["tasks"])
            limits().check("max_indicators", count + 1, at=f"{where}：")
    except LimitError as e:
        raise Invalid(e.problem) from None


def flatten(shared: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """A shared-shape form as path → value, for field-by-field comparison."""
    out: dict[str, Any] = {}
    for key, value in shared.items():
        if key == "schema":
            continue
        path = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict):
            out.update(flatten(value, path))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, dict):
                    out.update(flatten(item, f"{path}[{i}]"))
                else:
                    out[f"{path}[{i}]"] = item
        else:
            out[path] = value
    return out
