"""填报: the official table with every field editable in place.

The page holds the draft: the version it was opened on (``base_version``), the rows added
or removed so far (``op`` fields, in order) and every field's value (``f:<path>``). After
each change the page posts all of it to ``check``, which works out the changes against
that version and returns the verdicts and findings of every cell (htmx out-of-band swaps
beside the cells, nothing saved). ``rows`` adds or removes a row and returns the table
again; ``save`` saves the changes as a new version with the version check — a version
saved meanwhile by someone else makes it refuse, and the page keeps what was typed.
"""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from starlette.datastructures import FormData

from jixiao.api.deps import ServiceDep
from jixiao.model import Form as FormModel
from jixiao.service import Actor, Change, Invalid, Service
from jixiao.service.edits import apply_changes, row_kind
from jixiao.web.deps import PageActor
from jixiao.web.forms import FormId, form_page_context
from jixiao.web.grid import build_grid, input_value
from jixiao.web.templating import csrf_for, fragment, page, redirect

router = APIRouter(include_in_schema=False)

_OP = re.compile(r"^(insert|remove):(.{1,200})$")
MAX_OPS = 200


def _ops(form: FormData) -> list[Change]:
    out = []
    for raw in form.getlist("op")[:MAX_OPS]:
        mt = _OP.match(str(raw))
        if mt is None or row_kind(mt.group(2)) is None:
            raise Invalid(f"无法识别的行操作 {str(raw)[:60]!r}")
        out.append(Change(op=mt.group(1), path=mt.group(2)))  # type: ignore[arg-type]
    return out


def _text(value: str) -> str:
    return value.replace("\r\n", "\n").replace("\r", "\n")


def draft_changes(
    svc: Service, actor: Actor, form_id: int, data: FormData
) -> tuple[int, list[Change], list[Change]]:
    """(base version, row changes, field changes) of the page's draft."""
    try:
        base = int(str(data.get("base_version", "")))
    except ValueError:
        raise Invalid("缺少所依据的版本号，请刷新页面") from None
    ops = _ops(data)
    v = svc.get_version(actor, form_id, base)
    working = FormModel.model_validate(v.provenance)
    if ops:
        working = apply_changes(working, ops)
    sets = []
    for key, raw in data.multi_items():
        if not key.startswith("f:") or not isinstance(raw, str):
            continue
        value = _text(raw)
        for path in key[2:].split("|"):
            try:
                current = input_value(working.resolve(path))
            except (AttributeError, IndexError, ValueError, TypeError):
                raise Invalid(f"表中没有 {path}，请刷新页面") from None
            if value != current:
                sets.append(Change(op="set", path=path, value=value))
    return base, ops, sets


def _editor(
    request: Request, actor: Actor, svc: Service, form_id: int, **extra: object
) -> Response:
    ctx = form_page_context(svc, actor, form_id)
    detail = ctx["detail"]
    if not detail.can_edit:  # type: ignore[attr-defined]
        return redirect(f"/forms/{form_id}", "该表单当前不能修改")
    ev = svc.preview_edit(actor, form_id, detail.version, [])  # type: ignore[attr-defined]
    grid = build_grid(ev, ctx["comments"], labels=True)  # type: ignore[arg-type]
    return page(
        request, "edit.html.j2", actor, title=f"填报 · {detail.department}",  # type: ignore[attr-defined]
        ev=ev, grid=grid, mode="edit", ops=[], **ctx, **extra,
    )  # fmt: skip


@router.get("/forms/{form_id}/edit")
def editor(request: Request, form_id: FormId, actor: PageActor, svc: ServiceDep) -> Response:
    return _editor(request, actor, svc, form_id)


@router.post("/forms/{form_id}/edit/check")
async def check(request: Request, form_id: FormId, actor: PageActor, svc: ServiceDep) -> Response:
    data = await request.form()
    base, ops, sets = await run_in_threadpool(draft_changes, svc, actor, form_id, data)
    ev = await run_in_threadpool(svc.preview_edit, actor, form_id, base, ops + sets)
    grid = build_grid(ev, svc.list_comments(actor, form_id), labels=True)
    whole = grid.signature != str(data.get("sig", ""))
    return fragment(
        "_edit_check.html.j2", grid=grid, ev=ev, whole=whole, dirty=bool(ops or sets),
        changed=len(ops) + len(sets), detail=svc.get_form(actor, form_id), mode="edit",
        csrf=csrf_for(request), ops=[f"{c.op}:{c.path}" for c in ops],
    )  # fmt: skip


@router.post("/forms/{form_id}/edit/rows")
async def rows(
    request: Request,
    form_id: FormId,
    actor: PageActor,
    svc: ServiceDep,
    row_op: Annotated[str, Form(max_length=220)],
) -> Response:
    """Add or remove a row: the draft with one more row change, the table drawn again."""
    data = await request.form()
    kind, _, path = row_op.partition(":")
    base, ops, sets = await run_in_threadpool(draft_changes, svc, actor, form_id, data)
    if kind == "append":
        working = await run_in_threadpool(svc.preview_edit, actor, form_id, base, ops)
        try:
            n = len(working.form.resolve(path))
        except (AttributeError, IndexError, ValueError, TypeError):
            raise Invalid(f"表中没有 {path}，请刷新页面") from None
        new = Change(op="insert", path=f"{path}[{n}]")
    elif kind == "insert-after" and row_kind(path):
        head, _, idx = path.rpartition("[")
        new = Change(op="insert", path=f"{head}[{int(idx.rstrip(']')) + 1}]")
    elif kind == "remove" and row_kind(path):
        new = Change(op="remove", path=path)
    else:
        raise Invalid("无法识别的行操作")
    # the fields typed so far keep their values: they are re-applied after the row change
    # when their path still names the same field, so a row change never loses typing
    all_ops = [*ops, new]
    ev = await run_in_threadpool(svc.preview_edit, actor, form_id, base, all_ops)
    shifted = _shift(sets, new)
    if shifted:
        ev = await run_in_threadpool(svc.preview_edit, actor, form_id, base, all_ops + shifted)
    ctx = form_page_context(svc, actor, form_id)
    grid = build_grid(ev, ctx["comments"], labels=True)  # type: ignore[arg-type]
    return fragment(
        "_edit_grid.html.j2", grid=grid, ev=ev, mode="edit",
        ops=[f"{c.op}:{c.path}" for c in all_ops], csrf=csrf_for(request), dirty=True, **ctx,
    )  # fmt: skip


def _shift(sets: list[Change], row: Change) -> list[Change]:
    """Field changes made before a row was inserted or removed, on the paths they have
    after it (a field of the removed row is dropped)."""
    head, _, rest = row.path.rpartition("[")
    at = int(rest.rstrip("]"))
    out = []
    for c in sets:
        if not c.path.startswith(head + "["):
            out.append(c)
            continue
        idx_text, _, tail = c.path[len(head) + 1 :].partition("]")
        if not idx_text.isdigit():
            out.append(c)
            continue
        i = int(idx_text)
        if row.op == "remove":
            if i == at:
                continue
            i = i - 1 if i > at else i
        elif i >= at:
            i += 1
        out.append(c.model_copy(update={"path": f"{head}[{i}]{tail}"}))
    return out


@router.post("/forms/{form_id}/edit/save")
async def save(request: Request, form_id: FormId, actor: PageActor, svc: ServiceDep) -> Response:
    data = await request.form()
    base, ops, sets = await run_in_threadpool(draft_changes, svc, actor, form_id, data)
    if not ops and not sets:
        return redirect(f"/forms/{form_id}/edit", "没有需要保存的修改", htmx=True)
    d = await run_in_threadpool(
        lambda: svc.edit(actor, form_id, base, ops + sets, note=f"网页填报：修改 {len(ops) + len(sets)} 处")
    )  # fmt: skip
    return redirect(f"/forms/{form_id}/edit", f"已保存为第 {d.version} 版", htmx=True)
