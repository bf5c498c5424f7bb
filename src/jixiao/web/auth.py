"""登录, 退出 and the user's own password."""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from jixiao.api.deps import (
    OptionalActor,
    ServiceDep,
    clear_session_cookie,
    session_key,
    set_session_cookie,
)
from jixiao.service import Forbidden, ServiceError
from jixiao.web.deps import PageActor, safe_next
from jixiao.web.templating import page, redirect

router = APIRouter(include_in_schema=False)

# Before there is a session the sign-in form is protected by a double-submit token: a
# random value in a cookie of its own and in the form; a post from another site has
# neither.
LOGIN_COOKIE = "jixiao_login"


def _login_page(
    request: Request, next: str, *, name: str = "", error: str = "", status: int = 200
) -> Response:
    token = secrets.token_urlsafe(24)
    resp = page(
        request,
        "login.html.j2",
        None,
        status=status,
        title="登录",
        login_token=token,
        next=safe_next(next),
        name=name,
        error=error,
    )
    resp.set_cookie(LOGIN_COOKIE, token, max_age=3600, httponly=True, samesite="strict", path="/")
    return resp


@router.get("/login")
def login_form(request: Request, actor: OptionalActor, next: str = "/") -> Response:
    if actor is not None:
        return redirect(safe_next(next))
    return _login_page(request, next)


@router.post("/login")
async def login(
    request: Request,
    svc: ServiceDep,
    name: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=200)] = "",
    csrf_token: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    expected = request.cookies.get(LOGIN_COOKIE, "")
    if not expected or not hmac.compare_digest(expected, csrf_token):
        raise Forbidden("登录页面已过期或请求来源不可信，请刷新页面后重新登录")
    if not name.strip() or not password:
        return _login_page(request, next, name=name, error="请输入用户名和密码", status=422)
    address = request.client.host if request.client else ""
    try:
        _, key = await run_in_threadpool(svc.login, name, password, address)
    except ServiceError as e:
        return _login_page(request, next, name=name, error=e.message, status=e.status)
    resp = redirect(safe_next(next))
    set_session_cookie(resp, svc, key)
    resp.delete_cookie(LOGIN_COOKIE, path="/")
    return resp


@router.post("/logout")
def logout(request: Request, svc: ServiceDep, actor: OptionalActor) -> Response:
    key = session_key(request)
    if key and actor is not None:
        svc.logout(key)
    resp = redirect("/login", "已退出登录")
    clear_session_cookie(resp)
    return resp


@router.get("/account")
def account(request: Request, actor: PageActor, svc: ServiceDep) -> Response:
    return page(request, "account.html.j2", actor, title="账户", me=svc.me(actor), error="")


@router.post("/account/password")
def change_password(
    request: Request,
    actor: PageActor,
    svc: ServiceDep,
    old_password: Annotated[str, Form(max_length=200)] = "",
    new_password: Annotated[str, Form(max_length=200)] = "",
    new_password_again: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    error = ""
    if new_password != new_password_again:
        error = "两次输入的新密码不一致"
    else:
        try:
            svc.change_password(actor, old_password, new_password)
        except ServiceError as e:
            error = e.message
    if error:
        return page(
            request, "account.html.j2", actor, status=422, title="账户", me=svc.me(actor),
            error=error,
        )  # fmt: skip
    return redirect("/account", "密码已修改")
