"""``narrative_mismatch``: one measure stated with different values in two places.

Places compared: 整体目标完成情况, each 年度关键指标's completion, and each task's
目标完成情况 and indicator completions. Two figures are the same measure only when
their labels are identical after normalisation (quotes, spaces and leading fillers
such as 全年/累计 removed) and their units agree (人 vs 人次 differ; 万人 = 10⁴ 人).

Precision over recall: approximate figures (约/近/余/以上), figures sharing a label
(分别达…、…), figures that count the noun after them (新增28家企业), generic labels (结案率, 群众满意度, 党员占比 — which subject?) and pairs
from two different tasks (each task has its own subject) are never compared.
"""

from __future__ import annotations

import bisect
import heapq
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from jixiao.checks.figures import Figure, FigureKind, extract_figures, label_key, normalize_text
from jixiao.checks.registry import CheckContext, path_key, rule
from jixiao.checks.types import Finding, Severity
from jixiao.paths import describe_path as place

_COUNT_TAIL_RE = re.compile(
    r"(?:人次数|人数|户数|家数|个数|次数|数量|总数|总量|总额|金额|规模|数)$"
)
_MEASURE_TAIL_RE = re.compile(r"(?:满意度|占比|比例|比重|率|度)$")
_RANK_TAIL_RE = re.compile(r"(?:排名|名次|位次|排位|排行)$")
_PLACE_HEAD_RE = re.compile(
    r"^(?:在)?(?:全区|全市|全省|全国|辖区|区|市|省)?(?:各?街镇|各?街\(镇\))?中?"
)
# Subjects too vague to tell two statements apart.
GENERIC = frozenset(
    "群众 居民 公众 社会公众 服务对象 受益对象 社会 企业 整体 总体 综合 工作 任务 全年任务 年度任务"
    " 考核指标 项目 全区 辖区 我街 街道 完成 办结 结案 合格 达标 覆盖 增长 同比增长".split()
)
_CHANGE_PREFIXES = ("同比", "环比", "较上年", "比上年", "较去年", "比去年", "较", "比")


@dataclass(frozen=True)
class Statement:
    path: str
    task: int | None  # the task index for task places
    key: str
    dimension: str  # % / 元 / 人 / rank …
    figure: Figure
    excerpt: str


def measure_key(label: str, kind: FigureKind) -> str | None:
    """The comparable key of a label, or None when the label is too vague to compare."""
    key = label_key(label)
    if kind is FigureKind.QUANTITY:
        key = _COUNT_TAIL_RE.sub("", key)
    if kind is FigureKind.PERCENT:
        core = _MEASURE_TAIL_RE.sub("", key)
    elif kind is FigureKind.RANK:
        core = _PLACE_HEAD_RE.sub("", _RANK_TAIL_RE.sub("", key))
    else:
        core = key
    if len(core) < 3 or core in GENERIC or key.startswith(_CHANGE_PREFIXES):
        return None
    return key


def _places(ctx: CheckContext) -> Iterator[tuple[str, int | None, str, str]]:
    form = ctx.form
    yield "overall_goal_completion", None, form.overall_goal_completion, ""
    for i, k in enumerate(form.key_indicators):
        yield f"key_indicators[{i}]", None, k.completion, k.name
    for i, t in enumerate(form.tasks):
        yield f"tasks[{i}].goal_completion", i, t.goal_completion, ""
        for j, ind in enumerate(t.indicators):
            yield f"tasks[{i}].indicators[{j}]", i, ind.completion, ""


def statements(ctx: CheckContext) -> list[Statement]:
    """Every exact, specifically labelled figure of the completion texts."""
    out: list[Statement] = []
    for path, task, text, fallback in _places(ctx):
        figures = extract_figures(text)
        for fig in figures:
            if fig.kind in (FigureKind.DATE, FigureKind.BARE) or not fig.exact:
                continue
            if fig.shared or fig.attributive:
                continue
            label = fig.label
            if not label and fallback and len(figures) == 1:
                label = normalize_text(fallback)
            key = measure_key(label, fig.kind)
            if key is None:
                continue
            dim = "rank" if fig.kind is FigureKind.RANK else fig.unit
            excerpt = f"{label}{fig.gap}{fig.text}" if fig.label else fig.text
            out.append(Statement(path, task, key, dim, fig, excerpt))
    return out


def _same(a: Figure, b: Figure) -> bool:
    return abs(a.base_value - b.base_value) <= max(a.tolerance, b.tolerance)


@rule("narrative_mismatch", Severity.WARNING, "同一指标在表中不同位置填写的数值不一致")
def narrative_mismatch(ctx: CheckContext) -> Iterator[Finding]:
    groups: dict[tuple[str, str], list[Statement]] = defaultdict(list)
    for st in statements(ctx):
        groups[(st.key, st.dimension)].append(st)
    for group in groups.values():
        yield from _group_findings(ctx, group)


PARTNERS_SHOWN = 5  # places named in one finding; more are counted


def _group_findings(ctx: CheckContext, group: list[Statement]) -> Iterator[Finding]:
    """One finding per odd statement: the one disagreeing with most others goes first.

    When one place says 97.2% and two others 98.5%, the finding is at the 97.2% place
    and names both others; a plain two-place contradiction is reported at the later place.
    A place stating the measure more than once counts with its first statement.
    """
    unique: dict[str, Statement] = {}
    for st in sorted(group, key=lambda s: path_key(s.path)):
        unique.setdefault(st.path, st)  # a place repeating itself
    for odd, partners, count in odd_statements(list(unique.values())):
        others = "，".join(f"{place(ctx.form, p.path)}为“{p.excerpt}”" for p in partners)
        if count > len(partners):
            others += f"等{count}处"
        yield ctx.finding(
            "narrative_mismatch",
            odd.path,
            f"同一指标“{odd.key}”在表中填写的数值不一致：{place(ctx.form, odd.path)}为"
            f"“{odd.excerpt}”，而{others}。请核实哪一个正确并统一。",
        )


def odd_statements(
    group: list[Statement], shown: int = PARTNERS_SHOWN
) -> Iterator[tuple[Statement, list[Statement], int]]:
    """The odd statements of one measure, most disagreeing first (ties: the later place).

    ``group`` holds one statement per place, in form order. Two statements are compared
    unless they belong to two different tasks; they disagree when their values differ by
    more than the larger rounding tolerance. Repeatedly, the statement disagreeing with
    the most remaining others is odd: it is yielded with the first ``shown`` of those
    others (form order) and their count, then set aside. See ``_Disagreements``.
    """
    if len(group) < 2:
        return
    d = _Disagreements(group)
    while (odd := d.most_disagreeing()) is not None:
        partners, count = d.partners(odd, shown)
        yield group[odd], [group[i] for i in partners], count
        d.remove(odd)


class _Disagreements:
    """Who disagrees with whom among statements of one measure, without listing pairs.

    Greedy odd-one-out on the disagreement graph, in O((n + a) log n) for n statements
    and a agreeing pairs (not n² pairs). A statement v's disagreements are its comparable
    remaining statements minus those agreeing with it: D(v) = C(v) − A(v). C(v) depends
    only on v's scope (the form, or one task), so it changes for a whole scope at once and
    is computed, not stored; A(v) changes only when a statement agreeing with v is removed,
    and agreeing statements are found by value windows in sorted arrays. Within one
    tolerance (values printed to the same precision) agreeing means equal, so each
    statement agrees with few others of a finer or coarser precision.
    """

    def __init__(self, group: list[Statement]) -> None:
        self.n = n = len(group)
        self.value = [st.figure.base_value for st in group]
        self.tol = [st.figure.tolerance for st in group]
        self.scope = [st.task for st in group]  # None: the whole form
        self.alive = [True] * n
        levels = sorted(set(self.tol))
        # Sorted arrays per (structure, tolerance): "all" (every statement), "form" (the
        # statements of the whole form) and each task's own.
        self.arrays: dict[tuple[object, Decimal], _Sorted] = {}
        members: dict[tuple[object, Decimal], list[int]] = defaultdict(list)
        for i in range(n):
            members[("all", self.tol[i])].append(i)
            members[("form" if self.scope[i] is None else self.scope[i], self.tol[i])].append(i)
        for key, idx in members.items():
            self.arrays[key] = _Sorted(idx, self.value)
        self.levels = levels
        self.r_all = n
        self.r_form = sum(1 for t in self.scope if t is None)
        self.r_task: dict[int, int] = defaultdict(int)
        for t in self.scope:
            if t is not None:
                self.r_task[t] += 1
        # in form order: every statement, the form's, and each task's (linked lists)
        lists: dict[object, list[int]] = defaultdict(list)
        for i in range(n):
            lists["all"].append(i)
            lists[self._heap(i)].append(i)
        self.order = {key: _Linked(lists[key], n) for key in ("all", "form", *self.r_task)}
        self.agree = [self._count_agreeing(i) for i in range(n)]
        self.heaps: dict[object, list[tuple[int, int, int]]] = defaultdict(list)
        for i in range(n):
            heapq.heappush(self.heaps[self._heap(i)], (self.agree[i], -i, i))
        self.tasks: list[tuple[int, int, int, int]] = []  # (−(R − A), −i, task, version)
        self.version: dict[int, int] = defaultdict(int)
        for t in self.r_task:
            self._push_task(t)

    def _heap(self, i: int) -> object:
        return "form" if self.scope[i] is None else self.scope[i]

    def _structures(self, i: int) -> list[object]:
        """The structures holding the statements comparable with ``i``."""
        return ["all"] if self.scope[i] is None else ["form", self.scope[i]]

    def _windows(self, i: int) -> Iterator[tuple[_Sorted, Decimal, Decimal]]:
        for key in self._structures(i):
            for level in self.levels:
                arr = self.arrays.get((key, level))
                if arr is not None:
                    w = max(self.tol[i], level)
                    yield arr, self.value[i] - w, self.value[i] + w

    def _count_agreeing(self, i: int) -> int:
        return sum(arr.count(lo, hi) for arr, lo, hi in self._windows(i)) - 1  # not itself

    def _agrees(self, i: int, j: int) -> bool:
        return abs(self.value[i] - self.value[j]) <= max(self.tol[i], self.tol[j])

    def _top(self, key: object) -> tuple[int, int] | None:
        """(A, i) of the statement of a scope agreeing with the fewest (latest on ties)."""
        heap = self.heaps[key]
        while heap:
            a, _, i = heap[0]
            if self.alive[i] and self.agree[i] == a:
                return a, i
            heapq.heappop(heap)
        return None

    def _push_task(self, t: int) -> None:
        self.version[t] += 1
        top = self._top(t)
        if top is not None:
            a, i = top
            heapq.heappush(self.tasks, (-(self.r_task[t] - a), -i, t, self.version[t]))

    def most_disagreeing(self) -> int | None:
        best: tuple[int, int] | None = None
        top = self._top("form")
        if top is not None:
            best = (self.r_all - 1 - top[0], top[1])
        while self.tasks:
            neg, _, t, version = self.tasks[0]
            if version != self.version[t]:
                heapq.heappop(self.tasks)
                continue
            top = self._top(t)
            cand = (self.r_form - 1 - neg, top[1]) if top is not None else None
            if cand is not None and (best is None or cand > best):
                best = cand
            break
        if best is None or best[0] <= 0:
            return None
        return best[1]

    def comparable(self, i: int, j: int) -> bool:
        return self.scope[i] is None or self.scope[j] is None or self.scope[i] == self.scope[j]

    def partners(self, i: int, shown: int) -> tuple[list[int], int]:
        """The first ``shown`` remaining statements disagreeing with ``i``, and how many."""
        if self.scope[i] is None:
            count = self.r_all - 1 - self.agree[i]
            candidates = self.order["all"].items()
        else:
            count = self.r_form + self.r_task[self.scope[i]] - 1 - self.agree[i]
            candidates = heapq.merge(self.order["form"].items(), self.order[self.scope[i]].items())
        found = []
        for j in candidates:
            if len(found) == shown:
                break
            if j != i and not self._agrees(i, j):
                found.append(j)
        return found, count

    def remove(self, i: int) -> None:
        self.alive[i] = False
        for key in ("all", self._heap(i)):
            self.order[key].remove(i)
            self.arrays[(key, self.tol[i])].remove(i)
        self.r_all -= 1
        if self.scope[i] is None:
            self.r_form -= 1
        else:
            self.r_task[self.scope[i]] -= 1
        touched: set[int] = set()
        for arr, lo, hi in self._windows(i):
            for j in arr.alive_between(lo, hi):
                self.agree[j] -= 1
                heapq.heappush(self.heaps[self._heap(j)], (self.agree[j], -j, j))
                if self.scope[j] is not None:
                    touched.add(self.scope[j])
        if self.scope[i] is not None:
            touched.add(self.scope[i])
        for t in touched:
            self._push_task(t)


class _Sorted:
    """Statement indices sorted by value; counting a value window; skipping removed ones."""

    def __init__(self, members: list[int], value: list[Decimal]) -> None:
        self.idx = sorted(members, key=lambda i: (value[i], i))
        self.keys = [value[i] for i in self.idx]
        self.pos = {i: p for p, i in enumerate(self.idx)}
        self.next = list(range(len(self.idx) + 1))  # next alive position (union-find)

    def count(self, lo: Decimal, hi: Decimal) -> int:
        """How many (removed or not) lie in [lo, hi]: used before any removal."""
        return bisect.bisect_right(self.keys, hi) - bisect.bisect_left(self.keys, lo)

    def remove(self, i: int) -> None:
        p = self.pos[i]
        self.next[p] = p + 1

    def _find(self, p: int) -> int:
        root = p
        while self.next[root] != root:
            root = self.next[root]
        while self.next[p] != root:
            self.next[p], p = root, self.next[p]
        return root

    def alive_between(self, lo: Decimal, hi: Decimal) -> Iterator[int]:
        p = self._find(bisect.bisect_left(self.keys, lo))
        while p < len(self.idx) and self.keys[p] <= hi:
            yield self.idx[p]
            p = self._find(p + 1)


class _Linked:
    """Indices in form order with O(1) removal, iterated from the first remaining."""

    def __init__(self, members: list[int], n: int) -> None:
        self.nxt: dict[int, int] = {}
        self.prv: dict[int, int] = {}
        prev = -1
        for i in members:
            self.nxt[prev] = i
            self.prv[i] = prev
            prev = i
        self.nxt[prev] = n  # the end

    def remove(self, i: int) -> None:
        if i not in self.prv:
            return
        p, q = self.prv.pop(i), self.nxt.pop(i)
        self.nxt[p] = q
        if q in self.prv:
            self.prv[q] = p

    def items(self) -> Iterator[int]:
        i = self.nxt.get(-1)
        while i is not None and i in self.prv:
            yield i
            i = self.nxt[i]
