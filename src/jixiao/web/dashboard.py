"""总览: departments × years with status, score, grade and findings; filters; charts of the
score distribution, execution rate by department, verdict mix and a department's score
across years; the table as XLSX or CSV."""

from __future__ import annotations

import json
from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from jixiao.api.deps import ServiceDep
from jixiao.api.routes import _download
from jixiao.service import Actor, Service, Status
from jixiao.service.dashboard import Count
from jixiao.service.forms import FormFilter
from jixiao.web.deps import PageActor
from jixiao.web.templating import page

router = APIRouter(include_in_schema=False)

PER_PAGE = 30
GRADES = ("优", "良", "中", "差")
MAX_RATE_BARS = 400


class Filters:
    """The dashboard's filters, read from the query string (empty = no filter)."""

    def __init__(
        self,
        year: Annotated[int | None, Query(ge=1990, le=2200)] = None,
        status: Annotated[str, Query(max_length=20)] = "",
        grade: Annotated[str, Query(max_length=4)] = "",
        errors: Annotated[Literal["", "yes", "no"], Query()] = "",
        q: Annotated[str, Query(max_length=100)] = "",
        department_id: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
    ) -> None:
        self.year = year
        self.status = status if status in {s.value for s in Status} else ""
        self.grade = grade if grade in GRADES else ""
        self.errors = errors
        self.q = q.strip()
        self.department_id = department_id

    def service(self) -> FormFilter:
        return {
            "year": self.year,
            "status": self.status or None,
            "grade": self.grade or None,
            "has_errors": {"yes": True, "no": False}.get(self.errors),
            "q": self.q or None,
            "department_id": self.department_id,
        }

    def query(self, **change: object) -> str:
        values = {
            "year": self.year, "status": self.status, "grade": self.grade,
            "errors": self.errors, "q": self.q, "department_id": self.department_id,
            **change,
        }  # fmt: skip
        return urlencode({k: v for k, v in values.items() if v not in (None, "")})


def _bands(bands: list[Count]) -> list[dict[str, object]]:
    """Every ten-point band from 50 (or the lowest score's) to 100, empty ones included."""
    counts = {b.key: b.count for b in bands}
    lowest = min((int(k.split("–")[0]) for k in counts if "–" in k), default=50)
    out: list[dict[str, object]] = [
        {"label": f"{lo}–{lo + 10}", "count": counts.get(f"{lo}–{lo + 10}", 0)}
        for lo in range(min(lowest, 50), 100, 10)
    ]
    if "100" in counts:
        out.append({"label": "100", "count": counts["100"]})
    return out


def _charts(svc: Service, actor: Actor, f: Filters, department: str | None) -> str:
    d = svc.dashboard(actor, year=f.year, department_id=f.department_id)
    dept_id = f.department_id
    if dept_id is None and actor.department_id is not None and len(actor.scope) == 1:
        dept_id, department = actor.department_id, None
    years = svc.dashboard(actor, department_id=dept_id).by_year
    if dept_id is not None and department is None:
        department = next((r.department for r in d.by_department if r.department_id == dept_id), "")
    rates = sorted(
        (r for r in d.by_department if r.average_execution_rate is not None),
        key=lambda r: r.average_execution_rate or 0,
    )[:MAX_RATE_BARS]
    labels = {"met": "已达成", "not_met": "未达成", "undetermined": "无法判断"}
    data = {
        "bands": _bands(d.score_bands),
        "rates": [{"department": r.department, "rate": r.average_execution_rate} for r in rates],
        "verdicts": [{"name": labels[k], "value": d.verdicts.get(k, 0)} for k in labels],
        "years": [{"year": y.year, "score": y.average_score} for y in years],
        "years_title": f"{department}历年得分"
        if department
        else "历年平均得分（点击部门名称看该部门）",
    }
    # embedded in <script type="application/json">: no "</" may end it early
    return json.dumps(data, ensure_ascii=False).replace("</", "<\\/")


@router.get("/dashboard")
def dashboard(
    request: Request,
    actor: PageActor,
    svc: ServiceDep,
    f: Annotated[Filters, Depends()],
    page_no: Annotated[int, Query(alias="page", ge=1, le=100_000)] = 1,
) -> Response:
    mx = svc.form_matrix(actor, limit=PER_PAGE, offset=(page_no - 1) * PER_PAGE, **f.service())
    overall = svc.dashboard(actor, year=f.year, department_id=f.department_id)
    all_years = [y.year for y in svc.dashboard(actor).by_year]
    department = None
    if f.department_id is not None:
        department = next(
            (r.department for r in mx.rows if r.department_id == f.department_id), None
        )
    pages = max(1, -(-mx.total // PER_PAGE))
    return page(
        request,
        "dashboard.html.j2",
        actor,
        title="总览",
        mx=mx,
        d=overall,
        f=f,
        years=sorted(all_years, reverse=True),
        statuses=list(Status),
        grades=GRADES,
        page_no=page_no,
        pages=pages,
        department=department,
        chart_data=_charts(svc, actor, f, department),
    )


@router.get("/dashboard/export")
def export(
    actor: PageActor,
    svc: ServiceDep,
    f: Annotated[Filters, Depends()],
    format: Literal["csv", "xlsx"] = "xlsx",
) -> Response:
    e = svc.export_forms(actor, format, **f.service())
    return _download(e.data, e.filename, e.media_type)
