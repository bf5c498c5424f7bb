"""Validation at the edge: data in the shared form shape, checked before any stage sees it.

``read_shared(data)`` checks a parsed form JSON with pydantic models whose fields accept
exactly what the shared format allows — text or null for texts, a finite number within
``max_digits`` or null for figures, a four-digit year — and whose lists stay within the
``max_tasks``/``max_indicators`` limits and texts within ``max_cell_chars``. What is wrong
is said in Chinese with the field's path: ``funds.annual_budget：应为数字，实际为列表``.
Unknown keys are kept aside (``SharedIn.unknown``) so the importer can report them.

The same field types (``Number``, ``Text``) are used by every reader of user data.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError
from pydantic_core import PydanticCustomError

from jixiao.limits import digits_written, limits
from jixiao.parsing import type_name


class FormDataError(ValueError):
    """Form data that does not fit the shared shape. ``str()`` is Chinese and names the path."""


def _number(value: Any) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        shown = (
            f"文本“{value[:20]}”（数字不要加引号）" if isinstance(value, str) else type_name(value)
        )
        raise PydanticCustomError("number", "应为数字，实际为{shown}", {"shown": shown})
    if isinstance(value, int) and value.bit_length() > 100:
        raise PydanticCustomError("digits", _digits_message(None))
    d = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if not d.is_finite():
        raise PydanticCustomError("finite", "应为有限的数字，实际为 {v}", {"v": str(value)})
    found = digits_written(d)
    if found > limits().max_digits:
        raise PydanticCustomError("digits", _digits_message(found))
    return d


def _digits_message(found: int | None) -> str:
    # a template for PydanticCustomError: braces would be read as placeholders
    return limits().exceeded("max_digits", found).problem.replace("{", "(").replace("}", ")")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise PydanticCustomError("text", "应为文本，实际为{shown}", {"shown": type_name(value)})
    cap = limits().max_cell_chars
    if len(value) > cap:
        problem = limits().exceeded("max_cell_chars", len(value)).problem
        raise PydanticCustomError("text_length", problem.replace("{", "(").replace("}", ")"))
    return value


def _year(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1000 <= value <= 9999:
        small = isinstance(value, int) and not isinstance(value, bool) and value.bit_length() < 64
        shown = f" {value}" if small else type_name(value)
        raise PydanticCustomError("year", "应为四位数的年份，实际为{shown}", {"shown": shown})
    return value


def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise PydanticCustomError("list", "应为列表，实际为{shown}", {"shown": type_name(value)})
    return value


def _object(value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise PydanticCustomError("object", "应为对象，实际为{shown}", {"shown": type_name(value)})
    return value


Number = Annotated[Decimal | None, BeforeValidator(_number)]
Text = Annotated[str, BeforeValidator(_text)]
Year = Annotated[int | None, BeforeValidator(_year)]


class _In(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)


class FundsIn(_In):
    annual_budget: Number = None
    initial_budget: Number = None
    actual_expenditure: Number = None
    adjustment: Number = None
    general_public_budget: Number = None
    execution_rate: Number = None
    adjustment_rate: Number = None


class KeyIndicatorIn(_In):
    name: Text = ""
    expected_value: Text = ""
    completion: Text = ""


class IndicatorIn(_In):
    category: Text = ""
    completion: Text = ""


class TaskIn(_In):
    name: Text = ""
    expected_goal: Text = ""
    goal_completion: Text = ""
    funds: Number = None
    indicators: Annotated[list[IndicatorIn], BeforeValidator(_list)] = Field(default_factory=list)


class SharedIn(_In):
    """A form in the shared shape, validated. Absent or null parts are empty."""

    schema_: Annotated[str | None, BeforeValidator(lambda v: v if v is None else _text(v))] = Field(
        default=None, alias="schema"
    )
    title: Text = ""
    year: Year = None
    unit: Text = ""
    department: Text = ""
    funds: Annotated[FundsIn, BeforeValidator(_object)] = Field(default_factory=FundsIn)
    overall_goal: Text = ""
    overall_goal_completion: Text = ""
    key_indicators: Annotated[list[KeyIndicatorIn], BeforeValidator(_list)] = Field(
        default_factory=list
    )
    tasks: Annotated[list[TaskIn], BeforeValidator(_list)] = Field(default_factory=list)
    problems: Text = ""
    improvement_measures: Text = ""

    def unknown(self) -> list[str]:
        """Paths of the keys the shared shape does not have (``tasks[2].note``)."""
        found = [k for k in self.model_extra or {}]
        found += [f"funds.{k}" for k in self.funds.model_extra or {}]
        for i, k in enumerate(self.key_indicators):
            found += [f"key_indicators[{i}].{x}" for x in k.model_extra or {}]
        for i, t in enumerate(self.tasks):
            found += [f"tasks[{i}].{x}" for x in t.model_extra or {}]
            for j, ind in enumerate(t.indicators):
                found += [f"tasks[{i}].indicators[{j}].{x}" for x in ind.model_extra or {}]
        return found


# pydantic's own error types, said in Chinese (the input's type is added).
_PYDANTIC = {
    "model_type": "应为对象",
    "model_attributes_type": "应为对象",
    "dict_type": "应为对象",
    "list_type": "应为列表",
    "string_type": "应为文本",
}
SHOWN_ERRORS = 3


def path_of(loc: tuple[int | str, ...]) -> str:
    """``("tasks", 3, "funds")`` → ``tasks[3].funds`` (the form's path notation)."""
    out = ""
    for k in loc:
        out += f"[{k}]" if isinstance(k, int) else (f".{k}" if out else str(k))
    return out or "（顶层）"


def describe(e: ValidationError) -> str:
    """The first few errors, each as ``path：problem``, and how many there are in all."""
    parts = []
    errors = e.errors(include_url=False, include_context=False)
    for err in errors[:SHOWN_ERRORS]:
        loc = tuple(x for x in err["loc"] if not (isinstance(x, str) and x.startswith("function-")))
        problem = err["msg"]
        if err["type"] in _PYDANTIC:
            problem = f"{_PYDANTIC[err['type']]}，实际为{type_name(err.get('input'))}"
        parts.append(f"{path_of(loc).replace('schema_', 'schema')}：{problem}")
    more = f"（共 {len(errors)} 处错误）" if len(errors) > SHOWN_ERRORS else ""
    return "；".join(parts) + more


def read_shared(data: Any) -> SharedIn:
    """``data`` (parsed JSON) checked as a form in the shared shape; ``FormDataError`` if not."""
    if not isinstance(data, dict):
        raise FormDataError(f"表单 JSON 的顶层应为对象，实际为{type_name(data)}")
    lim = limits()
    for key in ("tasks", "key_indicators"):  # before validating: never build a huge model
        items = data.get(key)
        if isinstance(items, list):
            name = "max_tasks" if key == "tasks" else "max_indicators"
            if len(items) > getattr(lim, name):
                raise FormDataError(lim.exceeded(name, len(items), at=f"{key} 的").problem)
    try:
        shared = SharedIn.model_validate(data)
    except ValidationError as e:
        raise FormDataError(describe(e)) from None
    count = len(shared.key_indicators) + sum(len(t.indicators) for t in shared.tasks)
    if count > lim.max_indicators:
        raise FormDataError(lim.exceeded("max_indicators", count).problem)
    return shared
