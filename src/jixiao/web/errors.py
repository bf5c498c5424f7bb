"""Errors on the pages: the API's handlers decide the status and the Chinese message (one
place); a browser asking for a page gets them as HTML — a whole page, or for an htmx
request the message in the page's message area — and a page that needs a signed-in user
sends the visitor to 登录. Other clients get the API's JSON."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from jixiao.api import API_PREFIX
from jixiao.api.deps import service_of, session_key
from jixiao.web.templating import fragment, is_htmx, page

Handler = Callable[[Request, Any], Awaitable[Response]]


def _is_page(request: Request) -> bool:
    """A browser asking for a page (it accepts HTML, or it is htmx), not for the API."""
    if request.url.path.startswith((API_PREFIX + "/", "/static/")):
        return False
    return is_htmx(request) or "text/html" in request.headers.get("accept", "")


def install(app: FastAPI) -> None:
    """Wrap every exception handler the API installed: pages get HTML, the API its JSON."""
    for exc_class, handler in list(app.exception_handlers.items()):
        app.exception_handlers[exc_class] = _for_pages(handler)


def _for_pages(api_handler: Handler) -> Handler:
    async def handle(request: Request, exc: Any) -> Response:
        resp = await api_handler(request, exc)
        if not _is_page(request):
            return resp
        try:
            err = json.loads(bytes(resp.body))["error"]
            code, message = str(err["code"]), str(err["message"])
        except (ValueError, KeyError, TypeError):
            code, message = "error", "请求无法完成"
        return html_error(request, resp.status_code, code, message)

    return handle


def html_error(request: Request, status: int, code: str, message: str) -> Response:
    if is_htmx(request):
        resp = fragment("_message.html.j2", status=status, message=message, kind="error")
        resp.headers["HX-Retarget"] = "#messages"
        resp.headers["HX-Reswap"] = "innerHTML"
        return resp
    if status == 401 and request.method == "GET":
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target)}", status_code=303)
    try:
        key = session_key(request)
        actor = service_of(request).actor_for_session(key) if key else None
        return page(
            request, "error.html.j2", actor, status=status, title="出错了", code=code,
            message=message,
        )  # fmt: skip
    except Exception:  # the error page itself must never fail
        return HTMLResponse(f"<p>{status}</p>", status_code=status)
