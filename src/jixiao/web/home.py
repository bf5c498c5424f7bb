"""首页: what each role has to do now."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from jixiao.api.deps import OptionalActor, ServiceDep
from jixiao.service import Perm, Role, allowed
from jixiao.web.templating import page, redirect

router = APIRouter(include_in_schema=False)

QUEUE = 30  # forms listed per queue on the reviewer's home; 总览 lists them all


@router.get("/")
def home(request: Request, actor: OptionalActor, svc: ServiceDep) -> Response:
    if actor is None:
        return redirect("/login")
    cycles = svc.list_cycles(actor)
    ctx: dict[str, object] = {"cycles": cycles, "open_cycles": [c for c in cycles if c.accepting]}
    if actor.role in (Role.FILLER, Role.LEADER):
        forms = svc.list_forms(actor, sort="year", limit=100).items
        by_year = {f.year: f for f in forms if f.department_id == actor.department_id}
        ctx.update(
            forms=forms,
            missing=[c for c in ctx["open_cycles"] if c.year not in by_year],  # type: ignore[attr-defined]
            can_upload=allowed(actor, Perm.WRITE, actor.department_id),
            waiting=[f for f in forms if f.status == "unit_review"]
            if actor.role == Role.LEADER
            else [],
        )
        template = "home_department.html.j2"
    elif actor.role == Role.REVIEWER:
        ctx.update(
            submitted=svc.list_forms(actor, status="submitted", sort="updated", limit=QUEUE),
            approved=svc.list_forms(actor, status="approved", sort="updated", limit=QUEUE),
            dashboard=svc.dashboard(actor),
        )
        template = "home_reviewer.html.j2"
    else:
        ctx.update(
            recent=svc.list_forms(actor, sort="updated", limit=20),
            dashboard=svc.dashboard(actor),
            users=len(svc.list_users(actor)) if allowed(actor, Perm.ADMIN) else None,
            departments=len(svc.list_departments(actor)),
        )
        template = "home_admin.html.j2"
    return page(request, template, actor, title="首页", **ctx)
