"""Who is asking: a personal token (``Authorization: Bearer …``) or the browser session
cookie; the CSRF check for cookie-authenticated changes. Shared with the web pages."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.security import APIKeyCookie, HTTPBearer

from jixiao.service import Actor, Forbidden, Service, Unauthorized
from jixiao.service.security import CSRF_FIELD, CSRF_HEADER, SESSION_COOKIE

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# Declared for the OpenAPI document; the checks themselves are below.
_bearer = HTTPBearer(
    auto_error=False, description="个人令牌：jixiao user token NAME 或 POST /api/v1/tokens"
)
_cookie = APIKeyCookie(name=SESSION_COOKIE, auto_error=False, description="网页登录后的会话 Cookie")


def service_of(request: Request) -> Service:
    """The application's service."""
    return request.app.state.service  # type: ignore[no-any-return]


async def get_service(request: Request) -> Service:
    # async (and the other dependencies): FastAPI runs a plain function dependency on a
    # worker thread, and each hop to a thread and back adds latency under load (the GIL).
    return service_of(request)


ServiceDep = Annotated[Service, Depends(get_service)]


def session_key(request: Request) -> str | None:
    return request.cookies.get(SESSION_COOKIE) or None


async def optional_actor(
    request: Request,
    svc: ServiceDep,
    _b: Annotated[object, Depends(_bearer)] = None,
    _c: Annotated[object, Depends(_cookie)] = None,
) -> Actor | None:
    """The signed-in actor, or None for an anonymous request.

    A bearer token must be valid (else 401). A session cookie on a state-changing request
    must come with its CSRF token (else 403): the ``X-CSRF-Token`` header, or for an HTML
    form post the form field ``csrf_token``.
    """
    auth = request.headers.get("authorization")
    if auth is not None:
        scheme, _, token = auth.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthorized("认证信息格式不正确，应为 Authorization: Bearer <令牌>")
        actor = svc.remembered_actor("t", token.strip())  # most requests: no query
        if actor is None:
            actor = await run_in_threadpool(svc.actor_for_token, token.strip())
        if actor is None:
            raise Unauthorized("令牌无效或已撤销")
        return actor
    key = session_key(request)
    if key is None:
        return None
    actor = svc.remembered_actor("s", key)
    if actor is None:
        actor = await run_in_threadpool(svc.actor_for_session, key)
    if actor is None:
        return None
    if request.method not in SAFE_METHODS and not svc.check_csrf(key, await _csrf_of(request)):
        raise Forbidden("缺少或错误的 CSRF 令牌（请求头 X-CSRF-Token）；请刷新页面后重试")
    return actor


async def _csrf_of(request: Request) -> str | None:
    """The CSRF token a request carries: the header, else an HTML form's field."""
    token = request.headers.get(CSRF_HEADER)
    if token is not None:
        return token
    kind = request.headers.get("content-type", "")
    if kind.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        value = (await request.form()).get(CSRF_FIELD)  # starlette keeps the parsed form
        return value if isinstance(value, str) else None
    return None


OptionalActor = Annotated[Actor | None, Depends(optional_actor)]


async def required_actor(actor: OptionalActor) -> Actor:
    if actor is None:
        raise Unauthorized("请先登录或提供令牌")
    return actor


CurrentActor = Annotated[Actor, Depends(required_actor)]


def set_session_cookie(response: Response, svc: Service, key: str) -> None:
    """Give the browser its session: HttpOnly, SameSite=Lax, Secure behind TLS."""
    response.set_cookie(
        SESSION_COOKIE,
        key,
        max_age=svc.settings.session_hours * 3600,
        httponly=True,
        samesite="lax",
        secure=svc.settings.secure_cookies,
        path="/",
    )


def clear_session_cookie(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/")


async def check_form_csrf(request: Request, svc: ServiceDep) -> None:
    """For web routes that do not ask who the user is (a sign-in page's form, say): a
    state-changing request must carry the session's CSRF token. Routes that take
    ``CurrentActor``/``OptionalActor`` are already checked there."""
    if request.method in SAFE_METHODS:
        return
    key = session_key(request)
    if key is None or not svc.check_csrf(key, await _csrf_of(request)):
        raise Forbidden("页面已过期或请求来源不可信（CSRF 校验失败），请刷新页面后重试")
