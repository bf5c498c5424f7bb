"""JSON and TOML read within the limits of ``jixiao.limits``, with Chinese messages.

``load_json`` and ``load_toml`` return plain data (dicts, lists, str, int, ``Decimal`` for
every non-integer number, bool, None) or raise ``DataError`` saying in Chinese what is wrong
and where: a syntax error (line and column), nesting deeper than ``max_depth``, a number with
more than ``max_digits`` digits (written out: 1e308 has 309), NaN or infinity. Nothing is
converted before its size is known, so a 5,000-digit integer costs no more than its text.
"""

from __future__ import annotations

import json
import tomllib
from decimal import Decimal
from typing import Any

from jixiao.limits import LimitError, digits_written, limits


class DataError(ValueError):
    """JSON or TOML that cannot be used. ``str()`` is Chinese and does not name the file."""


class _NotFinite(Exception):
    def __init__(self, literal: str) -> None:
        self.literal = literal


_JSON_MESSAGES = {
    "Expecting value": "此处缺少值",
    "Expecting property name enclosed in double quotes": "键名应放在双引号中",
    "Expecting ',' delimiter": "缺少逗号",
    "Expecting ':' delimiter": "缺少冒号",
    "Unterminated string starting at": "字符串没有结束（缺少右引号）",
    "Extra data": "JSON 结束后还有多余的内容",
    "Invalid control character at": "字符串中有控制字符（如换行），应写成转义形式",
    "Invalid \\escape": "无效的转义序列",
    "Invalid \\uXXXX escape": "无效的 \\u 转义",
    "Illegal trailing comma before end of object": "对象末尾多了逗号",
    "Illegal trailing comma before end of array": "数组末尾多了逗号",
}


def type_name(value: object) -> str:
    """The JSON/TOML type of ``value``, in Chinese: 列表, 对象, 文本, 数字, 布尔值, 空值."""
    if value is None:
        return "空值（null）"
    if isinstance(value, bool):
        return "布尔值"
    if isinstance(value, int | float | Decimal):
        return "数字"
    if isinstance(value, str):
        return "文本"
    if isinstance(value, list | tuple):
        return "列表"
    if isinstance(value, dict):
        return "对象"
    return type(value).__name__


def _json_number(literal: str) -> int | Decimal:
    # int() of a long literal is slow and refused above 4,300 digits; Decimal is neither.
    # check_tree then refuses any number above the digit limit, naming where it is.
    return int(literal) if len(literal) <= 18 else Decimal(literal)


def _json_constant(literal: str) -> Any:
    raise _NotFinite(literal)


def load_json(data: str | bytes) -> Any:
    """Parse JSON text (``str``, or UTF-8 bytes with or without BOM) within the limits."""
    try:
        text = data.decode("utf-8-sig") if isinstance(data, bytes) else data.removeprefix("\ufeff")
    except UnicodeDecodeError as e:
        raise DataError(f"不是 UTF-8 编码的文本（第 {e.start + 1} 个字节无法解码）") from None
    try:
        value = json.loads(
            text,
            parse_int=_json_number,
            parse_float=Decimal,
            parse_constant=_json_constant,
        )
    except json.JSONDecodeError as e:
        said = _JSON_MESSAGES.get(e.msg, e.msg)
        raise DataError(f"不是合法的 JSON：第{e.lineno}行第{e.colno}列，{said}") from None
    except _NotFinite as e:
        raise DataError(f"含有 {e.literal}：数字必须是有限的数") from None
    except RecursionError:
        raise DataError(limits().exceeded("max_depth").problem) from None
    check_tree(value)
    return value


def _toml_float(literal: str) -> Decimal:
    value = Decimal(literal.replace("_", ""))
    if not value.is_finite():
        raise _NotFinite(literal)
    return value


def load_toml(text: str) -> dict[str, Any]:
    """Parse TOML text within the limits; every non-integer number is a ``Decimal``."""
    try:
        value = tomllib.loads(text.removeprefix("\ufeff"), parse_float=_toml_float)
    except tomllib.TOMLDecodeError as e:
        raise DataError(f"不是合法的 TOML（{e}）") from None
    except _NotFinite as e:
        raise DataError(f"含有 {e.literal}：数字必须是有限的数") from None
    except RecursionError:
        raise DataError(limits().exceeded("max_depth").problem) from None
    except ValueError:  # int() of a literal beyond Python's own digit limit
        raise DataError(limits().exceeded("max_digits").problem) from None
    check_tree(value)
    return value


def check_tree(data: Any) -> None:
    """``DataError`` when parsed data nests deeper than ``max_depth`` or holds a number with
    more than ``max_digits`` digits, or one that is not finite. Iterative: any depth is safe."""
    lim = limits()
    # Digits of an int from its bit length: 2**k has about k * log10(2) digits.
    max_bits = int(lim.max_digits * 3.3219280948873626) + 1
    stack: list[tuple[Any, int, tuple[Any, ...]]] = [(data, 0, ())]
    while stack:
        value, depth, path = stack.pop()
        if isinstance(value, dict | list):
            if depth + 1 > lim.max_depth:
                raise DataError(lim.exceeded("max_depth", at=_at(path)).problem)
            items = value.items() if isinstance(value, dict) else enumerate(value)
            stack.extend((v, depth + 1, (*path, k)) for k, v in items)
        elif isinstance(value, bool) or value is None or isinstance(value, str):
            continue
        elif isinstance(value, int):
            if value.bit_length() > max_bits or len(str(abs(value))) > lim.max_digits:
                raise DataError(lim.exceeded("max_digits", at=_at(path)).problem)
        elif isinstance(value, float | Decimal):
            d = Decimal(repr(value)) if isinstance(value, float) else value
            if not d.is_finite():
                raise DataError(f"{_at(path)}数字 {value} 不是有限的数")
            found = digits_written(d)
            if found > lim.max_digits:
                raise DataError(lim.exceeded("max_digits", found, at=_at(path)).problem)


def _at(path: tuple[Any, ...]) -> str:
    """``("tasks", 3, "funds")`` → ``tasks[3].funds 处的``; the top level says nothing."""
    if not path:
        return ""
    out = ""
    for k in path:
        out += f"[{k}]" if isinstance(k, int) else (f".{k}" if out else str(k))
    return f"{out} 处的"


__all__ = ["DataError", "LimitError", "check_tree", "load_json", "load_toml", "type_name"]
