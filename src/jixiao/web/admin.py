"""管理: the year's cycle (open, deadline, close), departments, users and scoring schemes;
the recent audit log. Administrators only (every service call checks it)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import Response

from jixiao.api.deps import ServiceDep
from jixiao.service import Actor, Invalid, Perm, Role, Service, ServiceError
from jixiao.service.access import require
from jixiao.service.security import new_password
from jixiao.web.deps import PageActor
from jixiao.web.templating import page, redirect

router = APIRouter(include_in_schema=False)

PER_PAGE = 50
Name = Annotated[str, Form(max_length=200)]
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]
Year = Annotated[int, Form(ge=1990, le=2200)]


def _admin_page(
    request: Request,
    actor: Actor,
    svc: Service,
    *,
    q: str = "",
    page_no: int = 1,
    message: str = "",
    error: str = "",
    status: int = 200,
) -> Response:
    require(actor, Perm.ADMIN)
    departments = svc.list_departments(actor)
    names = {d.id: d.name for d in departments}
    shown = [d for d in departments if q in d.name] if q else departments
    shown.sort(key=lambda d: d.name)
    pages = max(1, -(-len(shown) // PER_PAGE))
    return page(
        request,
        "admin.html.j2",
        actor,
        status=status,
        title="管理",
        cycles=svc.list_cycles(actor),
        schemes=svc.list_schemes(actor),
        users=sorted(svc.list_users(actor), key=lambda u: (u.role, u.name)),
        departments=shown[(page_no - 1) * PER_PAGE : page_no * PER_PAGE],
        department_count=len(shown),
        all_departments=departments,
        names=names,
        roles=list(Role),
        audit=svc.list_audit(actor, limit=30),
        q=q,
        page_no=page_no,
        pages=pages,
        message=message,
        error=error,
        today=date.today(),
    )


@router.get("/admin")
def admin(
    request: Request,
    actor: PageActor,
    svc: ServiceDep,
    q: Annotated[str, Query(max_length=100)] = "",
    page_no: Annotated[int, Query(alias="page", ge=1, le=100_000)] = 1,
) -> Response:
    return _admin_page(request, actor, svc, q=q.strip(), page_no=page_no)


def _date(text: str) -> date | None:
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise Invalid(f"截止日期 {text!r} 应写作 2024-06-30") from None


def _department_id(svc: Service, actor: Actor, name: str) -> int | None:
    name = name.strip()
    if not name:
        return None
    for d in svc.list_departments(actor):
        if d.name == name:
            return d.id
    raise Invalid(f"没有名为“{name}”的部门；请先在“部门”中新增")


@router.post("/admin/cycles")
def open_cycle(
    actor: PageActor,
    svc: ServiceDep,
    year: Year,
    deadline: Name = "",
    leader_approval: Annotated[bool, Form()] = False,
    scheme: Name = "",
) -> Response:
    svc.open_cycle(
        actor, year, deadline=_date(deadline), leader_approval=leader_approval,
        scheme=scheme.strip() or None,
    )  # fmt: skip
    return redirect("/admin#cycles", f"{year} 年度已开启填报")


@router.post("/admin/cycles/{year}")
def update_cycle(
    actor: PageActor,
    svc: ServiceDep,
    year: Annotated[int, Path(ge=1990, le=2200)],
    status: Annotated[Literal["open", "closed"], Form()],
    deadline: Name = "",
    leader_approval: Annotated[bool, Form()] = False,
    scheme: Name = "",
) -> Response:
    d = _date(deadline)
    c = svc.update_cycle(
        actor, year, status=status, deadline=d, clear_deadline=d is None,
        leader_approval=leader_approval, scheme=scheme.strip() or None,
    )  # fmt: skip
    return redirect("/admin#cycles", f"{year} 年度已更新：{c.status_label}")


@router.post("/admin/departments")
def create_department(
    actor: PageActor, svc: ServiceDep, name: Name = "", parent: Name = ""
) -> Response:
    d = svc.create_department(actor, name, _department_id(svc, actor, parent))
    return redirect("/admin#departments", f"已新增部门：{d.name}")


@router.post("/admin/departments/{department_id}")
def update_department(
    actor: PageActor, svc: ServiceDep, department_id: Id, name: Name = "", parent: Name = ""
) -> Response:
    parent_id = _department_id(svc, actor, parent)
    d = svc.update_department(
        actor, department_id, name=name.strip() or None, parent_id=parent_id,
        clear_parent=parent_id is None,
    )  # fmt: skip
    return redirect("/admin#departments", f"已更新部门：{d.name}")


@router.post("/admin/users")
def create_user(
    request: Request,
    actor: PageActor,
    svc: ServiceDep,
    name: Name = "",
    role: Annotated[str, Form(max_length=20)] = "",
    department: Name = "",
    display_name: Name = "",
) -> Response:
    password = new_password()
    try:
        u = svc.create_user(
            actor, name, role, password=password,
            department_id=_department_id(svc, actor, department), display_name=display_name,
        )  # fmt: skip
    except ServiceError as e:
        return _admin_page(request, actor, svc, error=e.message, status=e.status)
    where = f"，{u.department}" if u.department else ""
    return _admin_page(
        request, actor, svc,
        message=f"已新增用户 {u.name}（{u.role_label}{where}）。初始密码：{password}（只显示这一次，请转交本人并提醒其登录后修改）",
    )  # fmt: skip


@router.post("/admin/users/{user_id}")
def update_user(
    request: Request,
    actor: PageActor,
    svc: ServiceDep,
    user_id: Id,
    role: Annotated[str, Form(max_length=20)] = "",
    department: Name = "",
    display_name: Name = "",
    active: Annotated[bool, Form()] = False,
    reset_password: Annotated[bool, Form()] = False,
) -> Response:
    password = new_password() if reset_password else None
    u = svc.update_user(
        actor, user_id, role=role or None,
        department_id=_department_id(svc, actor, department), active=active,
        display_name=display_name, password=password,
    )  # fmt: skip
    if password:
        return _admin_page(
            request, actor, svc,
            message=f"用户 {u.name} 的新密码：{password}（只显示这一次）",
        )  # fmt: skip
    return redirect("/admin#users", f"已更新用户 {u.name}")


@router.post("/admin/schemes")
def add_scheme(
    actor: PageActor,
    svc: ServiceDep,
    key: Name = "",
    toml: Annotated[str, Form(max_length=200_000)] = "",
) -> Response:
    s = svc.add_scheme(actor, key, toml)
    return redirect("/admin#schemes", f"评分方案 {s.key}（{s.name}）已保存")
