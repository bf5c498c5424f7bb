"""上传: drop one or many files of any format the importers read; each is imported and
shown in the official layout with its warnings and unplaced cells before it is saved as
a draft (a new form, or the next version of the department's form of that year)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from jixiao.api.deps import ServiceDep
from jixiao.limits import limits
from jixiao.service import Actor, Invalid, Perm, Service, ServiceError, TooLarge, allowed
from jixiao.service import upload_extensions as extensions
from jixiao.web.deps import PageActor
from jixiao.web.grid import build_grid
from jixiao.web.templating import csrf_for, fragment, page

router = APIRouter(include_in_schema=False)

Year = Annotated[int | None, Form(ge=1990, le=2200)]


@router.get("/upload")
def upload_page(request: Request, actor: PageActor, svc: ServiceDep) -> Response:
    years = [c.year for c in svc.list_cycles(actor) if c.accepting]
    return page(
        request,
        "upload.html.j2",
        actor,
        title="上传",
        years=years,
        extensions=sorted(extensions()),
        may_write=allowed(actor, Perm.WRITE, actor.department_id),
        max_mb=f"{limits().max_bytes / 1_000_000:g}",
    )


async def _read(file: UploadFile) -> bytes:
    limit = limits().max_bytes
    data = await file.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(str(limits().exceeded("max_bytes", None, f"文件 {file.filename or ''}")))
    return data


def _preview(
    svc: Service, actor: Actor, data: bytes, name: str, year: int | None
) -> dict[str, object]:
    p = svc.preview(actor, data, name, year)
    y = year or p.evaluation.form.year
    if y is None:
        raise Invalid("无法确定年度：文件中没有年度，请在上方选择年度")
    target = svc.upload_target(actor, p.evaluation.form.department, y)
    return {"p": p, "year": y, "target": target, "grid": build_grid(p.evaluation)}


@router.post("/upload/preview")
async def preview(
    request: Request,
    actor: PageActor,
    svc: ServiceDep,
    file: Annotated[UploadFile, File()],
    year: Year = None,
) -> Response:
    name = file.filename or ""
    try:
        data = await _read(file)
        ctx = await run_in_threadpool(_preview, svc, actor, data, name, year)
    except ServiceError as e:
        return fragment("_upload_result.html.j2", name=name, error=e.message, saved=None)
    return fragment(
        "_preview.html.j2", name=name, mode="preview", csrf=csrf_for(request),
        ev=ctx["p"].evaluation, **ctx,  # type: ignore[attr-defined]
    )  # fmt: skip


@router.post("/upload/save")
async def save(
    actor: PageActor,
    svc: ServiceDep,
    file: Annotated[UploadFile, File()],
    year: Year = None,
    base_version: Annotated[int | None, Form(ge=0, le=100_000)] = None,
) -> Response:
    name = file.filename or ""
    try:
        data = await _read(file)
        res = await run_in_threadpool(
            lambda: svc.upload(actor, data, name, year=year, base_version=base_version)
        )
    except ServiceError as e:
        return fragment("_upload_result.html.j2", name=name, error=e.message, saved=None)
    return fragment("_upload_result.html.j2", name=name, error="", saved=res)
