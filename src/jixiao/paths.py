"""Paths to the parts of a form — ``tasks[2].indicators[4]`` — the one place that knows them.

A :class:`FormPath` is parsed from and printed as the path text every finding, verdict,
score item and override carries; it resolves to the part it names, finds the part's source
location, gives the form's own numbering (主要任务 3, 指标 5: ``3.5``) and describes the place
in the words a reviewer uses: ``第3项主要任务“…”的第5项指标（可持续影响指标）``.

Only the form's shape is known here (fields and lists by name); the form itself is read by
attribute, so this module does not import the model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from jixiao.labels import (
    FIELD_LABELS,
    FUNDS_SHORT,
    INDICATOR_LABELS,
    KEY_INDICATOR_LABELS,
    TASK_LABELS,
)

if TYPE_CHECKING:
    from jixiao.model import Form, SourceRef

# A step: a field name (at most 40 characters) and an optional index (at most 9 digits);
# a path has at most MAX_STEPS steps. Far beyond any real form, short enough that a hostile
# path cannot make parsing or lookups slow.
_STEP = re.compile(r"([A-Za-z_][A-Za-z_0-9]{0,39})(?:\[(\d{1,9})\])?")
MAX_STEPS = 9

# Form order of the parts; a path sorts by these, then by its indices.
_TOP_ORDER = {
    f: i
    for i, f in enumerate(
        "title year unit department funds overall_goal overall_goal_completion key_indicators"
        " tasks problems improvement_measures".split()
    )
}
_SUB_ORDER = {
    f: i
    for i, f in enumerate(
        # funds (as printed: two per row); key indicators; tasks; task indicators
        "annual_budget initial_budget actual_expenditure adjustment general_public_budget"
        " execution_rate adjustment_rate"
        " name expected_value completion"
        " expected_goal goal_completion funds indicators category".split()
    )
}


class PathError(ValueError):
    """A path that is malformed or names nothing in the form."""


Step = tuple[str, int | None]


@dataclass(frozen=True, slots=True)
class FormPath:
    """A path into a form: steps of (field, optional list index)."""

    steps: tuple[Step, ...] = ()

    # -- text ------------------------------------------------------------------------------
    @classmethod
    def parse(cls, text: str | FormPath) -> FormPath:
        """``"tasks[2].indicators[1]"`` → FormPath; white space is ignored; ``""`` is the form.

        Raises :class:`PathError` for anything that is not a path.
        """
        if isinstance(text, FormPath):
            return text
        s = "".join((text or "").split())
        if not s:
            return cls()
        parts = s.split(".", MAX_STEPS)
        if len(parts) > MAX_STEPS:
            raise PathError(f"路径层级过多（最多 {MAX_STEPS} 层）")
        steps: list[Step] = []
        for part in parts:
            m = _STEP.fullmatch(part)
            if m is None:
                shown = s if len(s) <= 60 else s[:59] + "…"
                raise PathError(f"不是有效的路径：{shown!r}（应形如 tasks[2].indicators[1]）")
            steps.append((m[1], None if m[2] is None else int(m[2])))
        return cls(tuple(steps))

    def __str__(self) -> str:
        return ".".join(name if i is None else f"{name}[{i}]" for name, i in self.steps)

    # -- building --------------------------------------------------------------------------
    def child(self, name: str, index: int | None = None) -> FormPath:
        return FormPath((*self.steps, (name, index)))

    @classmethod
    def key_indicator(cls, i: int, field: str | None = None) -> FormPath:
        p = cls((("key_indicators", i),))
        return p.child(field) if field else p

    @classmethod
    def task(cls, i: int, field: str | None = None) -> FormPath:
        p = cls((("tasks", i),))
        return p.child(field) if field else p

    @classmethod
    def indicator(cls, task: int, j: int, field: str | None = None) -> FormPath:
        p = cls((("tasks", task), ("indicators", j)))
        return p.child(field) if field else p

    @classmethod
    def funds(cls, field: str | None = None) -> FormPath:
        p = cls((("funds", None),))
        return p.child(field) if field else p

    # -- structure -------------------------------------------------------------------------
    @property
    def parent(self) -> FormPath | None:
        """``tasks[3].name`` → ``tasks[3]`` → ``tasks`` → the form (``""``) → None."""
        if not self.steps:
            return None
        name, index = self.steps[-1]
        if index is not None:
            return FormPath((*self.steps[:-1], (name, None)))
        return FormPath(self.steps[:-1])

    def lineage(self) -> list[FormPath]:
        """This path and each ancestor, longest first, down to (not including) the form."""
        out: list[FormPath] = []
        p: FormPath | None = self
        while p is not None and p.steps:
            out.append(p)
            p = p.parent
        return out

    @property
    def key_index(self) -> int | None:
        """K of ``key_indicators[K]…``."""
        if self.steps and self.steps[0][0] == "key_indicators":
            return self.steps[0][1]
        return None

    @property
    def task_index(self) -> int | None:
        """N of ``tasks[N]…``."""
        if self.steps and self.steps[0][0] == "tasks":
            return self.steps[0][1]
        return None

    @property
    def indicator_index(self) -> int | None:
        """M of ``tasks[N].indicators[M]…``."""
        if self.task_index is not None and len(self.steps) > 1:
            name, index = self.steps[1]
            if name == "indicators":
                return index
        return None

    @property
    def is_key_indicator(self) -> bool:
        """Exactly ``key_indicators[K]``."""
        return len(self.steps) == 1 and self.key_index is not None

    @property
    def is_task_indicator(self) -> bool:
        """Exactly ``tasks[N].indicators[M]``."""
        return len(self.steps) == 2 and self.indicator_index is not None

    def number(self) -> str:
        """The form's own numbering (1-based), as the reports print it in the 序号 column:
        ``tasks[2].indicators[4]`` → ``3.5``, ``tasks[2]`` → ``3``, ``key_indicators[0]`` → ``1``;
        ``""`` for parts the form does not number."""
        if self.key_index is not None:
            return str(self.key_index + 1)
        if self.task_index is not None:
            m = self.indicator_index
            return f"{self.task_index + 1}" + ("" if m is None else f".{m + 1}")
        return ""

    def sort_key(self) -> tuple[int, ...]:
        """Sorts paths in the order their parts appear on the form."""
        key: list[int] = []
        for depth, (name, index) in enumerate(self.steps):
            order = _TOP_ORDER if depth == 0 else _SUB_ORDER
            # a bare list path (tasks) sorts before its items
            key += [order.get(name, 98), 0 if index is None else index + 1]
        return tuple(key)

    # -- the form --------------------------------------------------------------------------
    def resolve(self, form: Form) -> Any:
        """The part or value this path names in ``form``; :class:`PathError` if none."""
        obj: Any = form
        for name, index in self.steps:
            if name.startswith("_") or not hasattr(obj, name):
                raise PathError(f"表中没有 {self}")
            obj = getattr(obj, name)
            if index is not None:
                if not isinstance(obj, list) or not 0 <= index < len(obj):
                    raise PathError(f"表中没有 {self}")
                obj = obj[index]
        return obj

    def source(self, form: Form) -> SourceRef | None:
        """Where in the source file this place was read, if known.

        The field's own source; else the earliest source of anything inside the part
        (a task → its cells and indicators); else the source of the nearest ancestor.
        None for a path that names nothing in the form. (For many paths of one form,
        :class:`Sources` looks at each part once.)
        """
        return Sources(form).of(self)

    def own_source(self, form: Form) -> SourceRef | None:
        """The source of this field, or the earliest source inside this part; None when
        the path names nothing or nothing in it has a source (no fall back to ancestors)."""
        from jixiao.model import Provenanced

        try:
            obj = self.resolve(form)
        except PathError:
            return None
        if isinstance(obj, Provenanced | list):
            return _earliest(obj)
        parent_steps = self.steps[:-1]
        name, index = self.steps[-1]
        if index is not None:
            return None
        holder = FormPath(parent_steps).resolve(form) if parent_steps else form
        return holder.source(name) if isinstance(holder, Provenanced) else None

    def describe(self, form: Form | None = None) -> str:
        """The place in a reviewer's words, with the form's numbering and names:
        ``第3项主要任务“…”的第5项指标（可持续影响指标）``, ``部门资金情况的预算调整率``."""
        if not self.steps:
            return "整张表"
        head, idx = self.steps[0]
        rest = self.steps[1:]
        sub = rest[0][0] if rest else ""
        if head == "funds" and idx is None:
            if not sub:
                return FIELD_LABELS["funds"]
            return f"部门资金情况的{FUNDS_SHORT.get(sub, sub)}"
        if head == "key_indicators" and idx is not None:
            name = _attr(_item(form, "key_indicators", idx), "name")
            where = f"第{idx + 1}项年度关键指标" + (f"“{name}”" if name else "")
            return where + (f"的{KEY_INDICATOR_LABELS[sub]}" if sub in KEY_INDICATOR_LABELS else "")
        if head == "tasks" and idx is not None:
            task = _item(form, "tasks", idx)
            name = _attr(task, "name")
            where = f"第{idx + 1}项主要任务" + (f"“{name}”" if name else "")
            j = rest[0][1] if rest else None
            if sub == "indicators" and j is not None:
                ind = _item(task, "indicators", j)
                cat = _attr(ind, "category")
                where += f"的第{j + 1}项指标" + (f"（{cat}）" if cat else "")
                field = rest[1][0] if len(rest) > 1 else ""
                return where + (f"的{INDICATOR_LABELS[field]}" if field in INDICATOR_LABELS else "")
            return where + (f"的{TASK_LABELS[sub]}" if sub in TASK_LABELS else "")
        if head in FIELD_LABELS and idx is None and not rest:
            return FIELD_LABELS[head]
        return str(self)


class Sources:
    """Source locations of one form's paths; each part is looked into once, so finding
    the places of many findings stays linear in the size of the form."""

    def __init__(self, form: Form) -> None:
        self.form = form
        self._own: dict[FormPath, SourceRef | None] = {}

    def of(self, path: str | FormPath) -> SourceRef | None:
        """:meth:`FormPath.source` of a path; None when it is malformed or names nothing."""
        try:
            p = FormPath.parse(path)
            p.resolve(self.form)
        except PathError:
            return None
        for q in p.lineage():
            if q not in self._own:
                self._own[q] = q.own_source(self.form)
            ref = self._own[q]
            if ref is not None:
                return ref
        return None


def describe_path(form: Form | None, path: str | FormPath) -> str:
    """:meth:`FormPath.describe` of a path text; a malformed path is shown as it is."""
    try:
        return FormPath.parse(path).describe(form)
    except PathError:
        return str(path)


def path_key(path: str | FormPath) -> tuple[int, ...]:
    """:meth:`FormPath.sort_key` of a path text; a malformed path sorts last."""
    try:
        return FormPath.parse(path).sort_key()
    except PathError:
        return (99,)


def source_of(form: Form, path: str | FormPath) -> SourceRef | None:
    """:meth:`FormPath.source` of a path text; None for a malformed path."""
    return Sources(form).of(path)


def locate(
    form: Form, path: str | FormPath, sources: Sources | None = None
) -> dict[str, str | None]:
    """Where a path is, for people: ``where`` in the form's words (with its numbering),
    ``source`` in the source file's terms (``SourceRef.describe()``), or None if unknown.
    Pass one :class:`Sources` for many paths of the same form."""
    ref = (sources or Sources(form)).of(path)
    return {"where": describe_path(form, path), "source": ref.describe() if ref else None}


def number_of(path: str | FormPath) -> str:
    """:meth:`FormPath.number` of a path text; ``""`` for a malformed path."""
    try:
        return FormPath.parse(path).number()
    except PathError:
        return ""


def _item(obj: Any, name: str, index: int) -> Any:
    items = getattr(obj, name, None) if obj is not None else None
    return items[index] if isinstance(items, list) and 0 <= index < len(items) else None


def _attr(obj: Any, name: str) -> str:
    value = getattr(obj, name, "") if obj is not None else ""
    return value if isinstance(value, str) else ""


def _earliest(obj: Any) -> SourceRef | None:
    """The earliest source location of a part or of anything inside it."""
    from jixiao.model import Provenanced

    refs: list[SourceRef] = []
    stack = [obj]
    while stack:
        x = stack.pop()
        if isinstance(x, list):
            stack.extend(x)
        elif isinstance(x, Provenanced):
            refs.extend(x.provenance.values())
            stack.extend(v for v in x.__dict__.values() if isinstance(v, list | Provenanced))
    if not refs:
        return None
    return min(refs, key=lambda r: (r.page or 0, r.line or 0, r.cell or 0))
