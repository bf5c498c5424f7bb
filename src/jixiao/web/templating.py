"""The pages' Jinja2 environment and what every page gets: who is signed in, the CSRF
token, the navigation, a one-time message after a redirect."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import cache
from typing import Any
from urllib.parse import quote, unquote
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from jixiao.api.deps import service_of, session_key
from jixiao.assess.types import Verdict
from jixiao.scoring.types import format_points
from jixiao.service import ACTIONS, Actor, Perm, Role, Status, allowed
from jixiao.service.base import action_label
from jixiao.service.types import AuditInfo

FLASH_COOKIE = "jixiao_flash"
VERDICT_WORDS = {v.value: v.label for v in Verdict}
ENTITY_LABELS = {
    "form": "表单",
    "version": "版本",
    "override": "复核认定",
    "comment": "意见",
    "user": "用户",
    "department": "部门",
    "cycle": "年度",
    "scheme": "评分方案",
    "api_token": "令牌",
}


@cache
def timezone() -> ZoneInfo:
    """The time zone the pages show times in (``JIXIAO_TIMEZONE``, default Asia/Shanghai)."""
    try:
        return ZoneInfo(os.environ.get("JIXIAO_TIMEZONE", "") or "Asia/Shanghai")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def local_time(value: datetime | None, with_seconds: bool = False) -> str:
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(timezone()).strftime(
        "%Y-%m-%d %H:%M:%S" if with_seconds else "%Y-%m-%d %H:%M"
    )


def day(value: date | None) -> str:
    return "" if value is None else value.isoformat()


def number(value: float | Decimal | None, digits: int = 2) -> str:
    if value is None:
        return "—"
    return f"{Decimal(str(value)):,.{digits}f}"


def status_label(status: str) -> str:
    return Status(status).label


def audit_text(entry: AuditInfo, describe: Callable[[str], str] = str) -> str:
    """What an audit entry of a form changed, in a line of Chinese (``describe`` names a
    field path in words)."""
    before = entry.before if isinstance(entry.before, dict) else {}
    after = entry.after if isinstance(entry.after, dict) else {}
    parts = []
    if "status" in before and "status" in after and before["status"] != after["status"]:
        parts.append(f"{status_label(before['status'])} → {status_label(after['status'])}")
    if entry.action in ("upload", "edit", "create") and after.get("version"):
        parts.append(f"第 {after['version']} 版")
    if after.get("note"):
        parts.append(str(after["note"]))
    if after.get("score"):
        parts.append(f"得分 {after['score']}")
    if entry.action in ("override", "remove_override"):
        o = after or before
        what = VERDICT_WORDS.get(str(o.get("verdict")), "") or (
            f"给 {o['score']} 分" if o.get("score") is not None else ""
        )
        parts.append(f"{describe(str(o.get('path', '')))} {what}".strip())
    if after.get("body"):
        parts.append(
            f"{describe(after['path']) if after.get('path') else '整张表'}：{after['body']}"
        )
    if after.get("comment"):
        parts.append(f"意见：{after['comment']}")
    return "，".join(parts)


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("jixiao.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        local_time=local_time,
        day=day,
        number=number,
        points=format_points,
        status=status_label,
        action=action_label,
        audit_text=audit_text,
        entity=lambda e: ENTITY_LABELS.get(e, e),
    )
    env.globals.update(
        ACTIONS=ACTIONS,
        Status=Status,
        Role=Role,
    )
    return env


def nav_items(actor: Actor | None) -> list[tuple[str, str]]:
    """(address, label) of the pages the actor may open, in menu order."""
    if actor is None:
        return [("/public", "公开"), ("/login", "登录")]
    items = [("/", "首页")]
    if allowed(actor, Perm.WRITE, actor.department_id):
        items.append(("/upload", "上传"))
    items.append(("/dashboard", "总览"))
    items.append(("/public", "公开"))
    if allowed(actor, Perm.ADMIN):
        items.append(("/admin", "管理"))
    return items


def csrf_for(request: Request) -> str:
    key = session_key(request)
    return service_of(request).csrf_token(key) if key else ""


def page(
    request: Request,
    template: str,
    actor: Actor | None,
    *,
    status: int = 200,
    title: str = "",
    **context: Any,
) -> HTMLResponse:
    """A whole page: ``template`` with the signed-in user, navigation, CSRF token and the
    one-time message of a redirect."""
    flash = request.cookies.get(FLASH_COOKIE)
    body = (
        environment()
        .get_template(template)
        .render(
            request=request,
            actor=actor,
            csrf=csrf_for(request),
            nav=nav_items(actor),
            path=request.url.path,
            flash=unquote(flash) if flash else "",
            title=title,
            **context,
        )
    )
    resp = HTMLResponse(body, status_code=status)
    if flash:
        resp.delete_cookie(FLASH_COOKIE, path="/")
    return resp


def fragment(template: str, *, status: int = 200, **context: Any) -> HTMLResponse:
    """A piece of a page (an htmx response)."""
    body = environment().get_template(template).render(**context)
    return HTMLResponse(body, status_code=status)


def redirect(url: str, message: str = "", *, htmx: bool = False) -> Response:
    """To ``url`` after a change (303, or ``HX-Redirect`` for htmx), with a one-time message."""
    if htmx:
        resp: Response = Response(status_code=200, headers={"HX-Redirect": url})
    else:
        resp = RedirectResponse(url, status_code=303)
    if message:
        resp.set_cookie(
            FLASH_COOKIE, quote(message), max_age=60, httponly=True, samesite="lax", path="/"
        )
    return resp


def is_htmx(request: Request) -> bool:
    return request.headers.get("HX-Request") == "true"
