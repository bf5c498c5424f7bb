"""Aggregates for a dashboard (总览): counts and averages over the forms an actor may read,
computed in the database."""

from __future__ import annotations

import threading
import time
from collections import Counter
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Float, cast, func, select

from jixiao.service.access import Actor, Status
from jixiao.service.forms import FormsMixin
from jixiao.store import models as m


class Count(BaseModel):
    key: str
    label: str = ""
    count: int


class DepartmentRate(BaseModel):
    department_id: int
    department: str
    forms: int
    average_score: float | None = None
    average_execution_rate: float | None = None


class YearScore(BaseModel):
    year: int
    forms: int
    average_score: float | None = None


class Dashboard(BaseModel):
    forms: int
    by_status: list[Count]
    by_grade: list[Count]
    score_bands: list[Count]  # "90–100", "80–90" …: how many forms score in each band
    verdicts: dict[str, int]  # met, not_met, undetermined over all key indicators
    findings: dict[str, int]  # errors, warnings, infos
    by_department: list[DepartmentRate]
    by_year: list[YearScore]


class DashboardMixin(FormsMixin):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._dashboard_lock = threading.Lock()
        self._dashboard_cache: dict[tuple[Any, ...], tuple[tuple[Any, ...], float, Dashboard]] = {}

    def dashboard(
        self, actor: Actor | None, *, year: int | None = None, department_id: int | None = None
    ) -> Dashboard:
        """Counts and averages over the (current versions of the) forms the actor may read.

        Remembered until a form changes (any change moves ``forms.updated_at``) or a
        department is added or renamed, and for at most ``CACHE_SECONDS``.
        """
        visible = self._visible(actor)
        if visible is None:
            return self._dashboard(actor, year, department_id)
        who = "public" if actor is None else ("all" if not visible else tuple(sorted(actor.scope)))
        with self.store.read() as s:
            stamp = (
                *s.execute(select(func.max(m.FormRow.updated_at), func.count(m.FormRow.id))).one(),
                *s.execute(
                    select(func.count(m.Department.id), func.max(m.Department.created_at))
                ).one(),
            )
        key = (who, year, department_id)
        now = time.monotonic()
        with self._dashboard_lock:
            hit = self._dashboard_cache.get(key)
            if hit is not None and hit[0] == stamp and hit[1] > now:
                return hit[2]
        result = self._dashboard(actor, year, department_id)
        with self._dashboard_lock:
            if len(self._dashboard_cache) > 256:
                self._dashboard_cache.clear()
            self._dashboard_cache[key] = (stamp, now + CACHE_SECONDS, result)
        return result

    def _dashboard(
        self, actor: Actor | None, year: int | None, department_id: int | None
    ) -> Dashboard:
        visible = self._visible(actor)
        if visible is None:
            return Dashboard(
                forms=0, by_status=[], by_grade=[], score_bands=[], verdicts={}, findings={},
                by_department=[], by_year=[],
            )  # fmt: skip
        conds: list[Any] = list(visible)
        if department_id is not None:
            conds.append(m.FormRow.department_id == department_id)
        per_year = list(conds)
        if year is not None:
            conds.append(m.FormRow.year == year)
        ev = m.EvaluationRow
        joined = (
            select()
            .select_from(m.FormRow)
            .outerjoin(ev, ev.version_id == m.FormRow.current_version_id)
        )
        band = (func.floor(ev.score_total / 10) * 10).label("band")
        with self.store.read() as s:
            # one scan for the counts by status, grade and score band and the totals
            groups = s.execute(
                joined.add_columns(
                    m.FormRow.status,
                    ev.grade,
                    band,
                    func.count(),
                    *(func.coalesce(func.sum(getattr(ev, c)), 0) for c in _SUMS),
                )
                .where(*conds)
                .group_by(m.FormRow.status, ev.grade, band)
            ).all()
            depts = s.execute(
                joined.add_columns(
                    m.Department.id,
                    m.Department.name,
                    func.count(),
                    func.avg(cast(ev.score_total, Float)),
                    func.avg(cast(ev.execution_rate, Float)),
                )
                .join(m.Department, m.Department.id == m.FormRow.department_id)
                .where(*conds)
                .group_by(m.Department.id, m.Department.name)
                .order_by(m.Department.name)
            ).all()
            years = s.execute(
                joined.add_columns(
                    m.FormRow.year, func.count(), func.avg(cast(ev.score_total, Float))
                )
                .where(*per_year)
                .group_by(m.FormRow.year)
                .order_by(m.FormRow.year)
            ).all()
        statuses: Counter[str] = Counter()
        grades: Counter[str] = Counter()
        bands: Counter[float] = Counter()
        sums = [0] * len(_SUMS)
        for status, grade, lower, n, *totals in groups:
            statuses[status] += n
            if grade is not None:
                grades[grade] += n
            if lower is not None:
                bands[float(lower)] += n
            sums = [a + int(b) for a, b in zip(sums, totals, strict=True)]
        total = sum(statuses.values())
        order = {st.value: i for i, st in enumerate(Status)}
        return Dashboard(
            forms=total,
            by_status=[
                Count(key=k, label=Status(k).label, count=n)
                for k, n in sorted(statuses.items(), key=lambda r: order[r[0]])
            ],
            by_grade=[
                Count(key=g, label=g, count=n)
                for g, n in sorted(grades.items(), key=lambda r: _GRADES.get(r[0], 9))
            ],
            score_bands=[
                Count(key=_band(b), label=_band(b), count=n)
                for b, n in sorted(bands.items(), key=lambda r: -r[0])
            ],
            verdicts={
                k: int(v) for k, v in zip(("met", "not_met", "undetermined"), sums[:3], strict=True)
            },
            findings={
                k: int(v) for k, v in zip(("errors", "warnings", "infos"), sums[3:], strict=True)
            },
            by_department=[
                DepartmentRate(
                    department_id=i,
                    department=name,
                    forms=n,
                    average_score=_round(avg),
                    average_execution_rate=_round(rate),
                )
                for i, name, n, avg, rate in depts
            ],
            by_year=[YearScore(year=y, forms=n, average_score=_round(avg)) for y, n, avg in years],
        )


_SUMS = ("met", "not_met", "undetermined", "errors", "warnings", "infos")
CACHE_SECONDS = 30.0
_GRADES = {"优": 0, "良": 1, "中": 2, "差": 3}


def _band(lower: Any) -> str:
    lo = int(float(lower))
    return "100" if lo >= 100 else f"{lo}–{lo + 10}"


def _round(x: Any) -> float | None:
    return None if x is None else round(float(x), 2)
