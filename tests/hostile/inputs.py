"""Hostile and malformed inputs of issue 12, built from the seed form (for tests and bench).

Each builder returns bytes or a dict; sizes are parameters so growth tests can double them.
"""

from __future__ import annotations

import copy
import json
import random
from typing import Any

from tests.conftest import DATA

SEED_TXT = (DATA / "seed.txt").read_bytes()
SEED = json.loads((DATA / "seed.json").read_text(encoding="utf-8"))
PRACTICE = json.loads((DATA / "practice-1.json").read_text(encoding="utf-8"))

# Common CJK characters of the forms' vocabulary, for random text that looks like a form.
CJK = "".join(sorted(set((DATA / "seed.txt").read_text(encoding="utf-8")) - set(" \t\r\n")))
CJK = "".join(ch for ch in CJK if "\u4e00" <= ch <= "\u9fff")


def seed() -> dict[str, Any]:
    return copy.deepcopy(SEED)


def many_key_indicators(n: int) -> dict[str, Any]:
    """The seed with ``n`` key indicators: the seed's own, repeated with varied figures.

    Every copy of one indicator states the same measure with a different value, the worst
    case for a rule that compares statements pairwise.
    """
    form = seed()
    base = SEED["key_indicators"]
    form["key_indicators"] = [
        {
            "name": base[i % len(base)]["name"],
            "expected_value": base[i % len(base)]["expected_value"],
            "completion": f"{base[i % len(base)]['name']}{50 + (i * 7919) % 5000 / 100}%",
        }
        for i in range(n)
    ]
    return form


def many_tasks(n: int) -> dict[str, Any]:
    """The seed with ``n`` tasks: the seed's own, repeated with varied figures, all under one
    merged name cell whose goal cells only the first fills (every sub-task looks above)."""
    form = seed()
    base = SEED["tasks"]
    tasks = []
    for i in range(n):
        t = copy.deepcopy(base[i % len(base)])
        t["name"] = base[0]["name"]
        t["funds"] = round(1 + (i * 37) % 500 / 10, 2)
        if i:
            t["expected_goal"] = t["goal_completion"] = ""
        for j, ind in enumerate(t["indicators"]):
            ind["completion"] = f"{ind['completion']}，覆盖率{(i + j) % 120}%"
        tasks.append(t)
    form["tasks"] = tasks
    return form


def seed_with_random_text(n_bytes: int, seed_value: int = 12) -> bytes:
    """The seed text followed by about ``n_bytes`` of random CJK rows with tabs."""
    rnd = random.Random(seed_value)
    parts = [SEED_TXT]
    size = len(SEED_TXT)
    while size < len(SEED_TXT) + n_bytes:
        cells = ["".join(rnd.choices(CJK, k=rnd.randint(4, 40))) for _ in range(rnd.randint(1, 6))]
        line = ("\t".join(cells) + "\n").encode("utf-8")
        parts.append(line)
        size += len(line)
    return b"".join(parts)


def nested(depth: int, open_: str = "[", close: str = "]") -> str:
    return open_ * depth + close * depth


def nested_objects(depth: int) -> str:
    return '{"a":' * depth + "1" + "}" * depth


def seed_json_with(path: str, value: Any) -> bytes:
    """The seed form JSON with the field at ``path`` (dotted, with [i]) set to ``value``."""
    form = seed()
    obj: Any = form
    parts = path.replace("]", "").replace("[", ".").split(".")
    for p in parts[:-1]:
        obj = obj[int(p)] if p.isdigit() else obj[p]
    last = parts[-1]
    obj[int(last) if last.isdigit() else last] = value
    return json.dumps(form, ensure_ascii=False).encode("utf-8")


def seed_json_raw(path: str, literal: str) -> bytes:
    """The seed form JSON with the field at ``path`` replaced by a raw JSON ``literal``."""
    marker = "\u2063MARK\u2063"
    text = seed_json_with(path, marker).decode("utf-8")
    return text.replace(json.dumps(marker, ensure_ascii=False), literal).encode("utf-8")


def seed_text_with_money(value: str) -> bytes:
    """The seed text with its 整体支出年度预算数 printed as ``value``."""
    text = SEED_TXT.decode("utf-8")
    assert "15,616.28" in text
    return text.replace("15,616.28", value, 1).encode("utf-8")


TERMINAL_ATTACK = "\u001b]0;PWNED\u0007\u001b[2J"


def seed_with_department(name: str) -> bytes:
    form = seed()
    form["department"] = name
    form["key_indicators"][0]["completion"] += name
    return json.dumps(form, ensure_ascii=False).encode("utf-8")
