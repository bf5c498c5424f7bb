"""A form's page (审核: the official table read-only with verdicts, findings, comments and
the reviewer's tools), its workflow steps, and its versions (版本)."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from jixiao.api.deps import OptionalActor, ServiceDep
from jixiao.model import Form as FormModel
from jixiao.paths import describe_path
from jixiao.service import ACTIONS, Forbidden, NotFound
from jixiao.service.types import FormDetail
from jixiao.web.deps import PageActor
from jixiao.web.grid import build_grid
from jixiao.web.templating import csrf_for, fragment, page, redirect

router = APIRouter(include_in_schema=False)

FormId = Annotated[int, Path(ge=1, le=2**31 - 1)]
Version = Annotated[int, Form(ge=0, le=100_000)]
Text = Annotated[str, Form(max_length=5000)]

DONE = {
    "submit": "已提交",
    "unit_approve": "单位审核已通过，已提交财政复核",
    "return": "已退回",
    "approve": "审核已通过",
    "publish": "已公开",
}


def form_page_context(svc: ServiceDep, actor, form_id: int) -> dict[str, object]:
    """What the form's page and its editor both show beside the table."""
    detail: FormDetail = svc.get_form(actor, form_id)
    return {
        "detail": detail,
        "transitions": svc.list_transitions(actor, form_id),
        "comments": svc.list_comments(actor, form_id),
    }


@router.get("/forms/{form_id}")
def view(request: Request, form_id: FormId, actor: OptionalActor, svc: ServiceDep) -> Response:
    ctx = form_page_context(svc, actor, form_id)
    detail: FormDetail = ctx["detail"]  # type: ignore[assignment]
    if detail.version == 0:
        raise NotFound(f"表单 {form_id} 还没有内容")
    ev = svc.evaluation_of(actor, form_id)
    grid = build_grid(ev, ctx["comments"])  # type: ignore[arg-type]
    return page(
        request,
        "form.html.j2",
        actor,
        title=f"{detail.department} {detail.year} 年度",
        ev=ev,
        grid=grid,
        mode="review",
        **ctx,
    )


@router.get("/forms/{form_id}/tool")
def tool(
    request: Request,
    form_id: FormId,
    actor: PageActor,
    svc: ServiceDep,
    kind: Literal["override", "comment"],
    path: Annotated[str, Query(min_length=1, max_length=200)],
    at: Annotated[str, Query(max_length=100)] = "",
    replace: bool = False,
) -> Response:
    """A cell's tool (the review page fetches it when opened)."""
    detail = svc.get_form(actor, form_id)
    if not (detail.can_override if kind == "override" else detail.can_comment):
        raise Forbidden("当前不能在此表单上" + ("复核认定" if kind == "override" else "发表意见"))
    model = FormModel.model_validate(svc.get_version(actor, form_id).provenance)
    return fragment(
        "_tool.html.j2", kind=kind, detail=detail, path=path, at=_cell_key(at), replace=replace,
        csrf=csrf_for(request), where=f"针对：{describe_path(model, path)}",
    )  # fmt: skip


@router.post("/forms/{form_id}/transition")
async def transition(
    form_id: FormId,
    actor: PageActor,
    svc: ServiceDep,
    action: Annotated[Literal["submit", "unit_approve", "return", "approve", "publish"], Form()],
    base_version: Version,
    comment: Text = "",
) -> Response:
    await run_in_threadpool(svc.transition, actor, form_id, action, base_version, comment)
    return redirect(f"/forms/{form_id}", f"{DONE.get(action, ACTIONS[action].label)}")


@router.post("/forms/{form_id}/override")
async def override(
    form_id: FormId,
    actor: PageActor,
    svc: ServiceDep,
    path: Annotated[str, Form(min_length=1, max_length=100)],
    base_version: Version,
    comment: Text = "",
    decision: Annotated[str, Form(max_length=20)] = "",
    score: Annotated[str, Form(max_length=20)] = "",
    replace: Annotated[bool, Form()] = False,
    at: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    verdict = decision if decision in ("met", "not_met", "undetermined") else None
    points = score.strip() or None
    await run_in_threadpool(
        lambda: svc.set_override(
            actor, form_id, base_version, path, comment=comment, verdict=verdict, score=points,
            replace=replace,
        )
    )  # fmt: skip
    return redirect(f"/forms/{form_id}{_at(at)}", "复核意见已保存，得分已重新计算")


@router.post("/forms/{form_id}/override/remove")
async def remove_override(
    form_id: FormId,
    actor: PageActor,
    svc: ServiceDep,
    path: Annotated[str, Form(min_length=1, max_length=100)],
    base_version: Version,
    at: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    await run_in_threadpool(svc.remove_override, actor, form_id, base_version, path)
    return redirect(f"/forms/{form_id}{_at(at)}", "复核意见已撤销，得分已重新计算")


@router.post("/forms/{form_id}/comments")
async def comment(
    form_id: FormId,
    actor: PageActor,
    svc: ServiceDep,
    body: Text = "",
    path: Annotated[str, Form(max_length=200)] = "",
    back: Annotated[str, Form(max_length=20)] = "",
    at: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    await run_in_threadpool(svc.add_comment, actor, form_id, body, path)
    where = _at(at) or "#comments"
    return redirect(f"/forms/{form_id}{'/edit' if back == 'edit' else ''}{where}", "意见已发表")


def _cell_key(at: str) -> str:
    """The key of the cell a tool was used in (checked: it goes into an address)."""
    return at if re.fullmatch(r"[A-Za-z0-9_-]{1,80}", at) else ""


def _at(at: str) -> str:
    """The fragment of the cell a tool was used in, to come back to it."""
    return f"#c-{_cell_key(at)}" if _cell_key(at) else ""


@router.get("/forms/{form_id}/versions")
def versions(
    request: Request,
    form_id: FormId,
    actor: PageActor,
    svc: ServiceDep,
    a: Annotated[int | None, Query(ge=1, le=100_000)] = None,
    b: Annotated[int | None, Query(ge=1, le=100_000)] = None,
) -> Response:
    detail = svc.get_form(actor, form_id)
    items = svc.list_versions(actor, form_id)
    numbers = [v.number for v in items]
    if b is None:
        b = numbers[-1] if numbers else None
    if a is None and b is not None:
        a = max((n for n in numbers if n < b), default=b)
    changes = []
    model = None
    if b is not None:
        model = FormModel.model_validate(svc.get_version(actor, form_id, b).provenance)
    if a is not None and model is not None:
        for ch in svc.diff_versions(actor, form_id, a, b):  # type: ignore[arg-type]
            changes.append((ch, describe_path(model, ch.path)))
    return page(
        request,
        "versions.html.j2",
        actor,
        title=f"{detail.department} {detail.year} 年度 · 版本",
        detail=detail,
        versions=list(reversed(items)),
        a=a,
        b=b,
        changes=changes,
        history=svc.form_history(actor, form_id),
        describe=(lambda p: describe_path(model, p)) if model is not None else (lambda p: p),
    )
