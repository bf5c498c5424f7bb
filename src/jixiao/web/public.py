"""公开: the published forms of each year with their HTML, PDF and Excel downloads, for
anyone (no sign-in). Only what is published shows: the lists ask as the public."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from jixiao.api.deps import OptionalActor, ServiceDep
from jixiao.web.templating import page

router = APIRouter(include_in_schema=False)

PER_PAGE = 50


@router.get("/public")
def years(request: Request, actor: OptionalActor, svc: ServiceDep) -> Response:
    published = svc.dashboard(None).by_year
    return page(
        request,
        "public.html.j2",
        actor,
        title="公开",
        years=sorted(published, key=lambda y: -y.year),
    )


@router.get("/public/{year}")
def year_page(
    request: Request,
    actor: OptionalActor,
    svc: ServiceDep,
    year: Annotated[int, Path(ge=1990, le=2200)],
    q: Annotated[str, Query(max_length=100)] = "",
    page_no: Annotated[int, Query(alias="page", ge=1, le=100_000)] = 1,
) -> Response:
    forms = svc.list_forms(
        None, year=year, status="published", q=q.strip() or None, sort="department",
        limit=PER_PAGE, offset=(page_no - 1) * PER_PAGE,
    )  # fmt: skip
    return page(
        request, "public_year.html.j2", actor, title=f"{year} 年度公开",
        year=year, forms=forms, q=q, page_no=page_no,
        pages=max(1, -(-forms.total // PER_PAGE)),
    )  # fmt: skip
