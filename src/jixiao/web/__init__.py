"""The web application: server-rendered pages in Chinese (FastAPI + Jinja2, htmx for
partial updates, ECharts for the dashboard's charts), on the one service layer.

``install(app)`` adds the pages, their static files and their HTML error pages to the
application ``jixiao.api.create_app`` builds; every page reads and changes the store only
through ``jixiao.service.Service`` and signs in with ``jixiao.api.deps``.

Pages: 登录 ``/login``; 首页 ``/`` (per role); 上传 ``/upload``; 填报 ``/forms/{id}/edit``;
审核 ``/forms/{id}``; 版本 ``/forms/{id}/versions``; 总览 ``/dashboard``; 公开 ``/public``
and ``/public/{year}``; 管理 ``/admin``; 账户 ``/account``.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

STATIC = Path(__file__).parent / "static"

# What a page may load and where it may be shown: scripts and everything else from this
# server only (htmx and ECharts are served from /static), no framing by other sites.
# Inline styles are allowed: ECharts draws SVG with them and the table's columns use them.
PAGE_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; "
        "object-src 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def install(app: FastAPI) -> None:
    from jixiao.api import API_PREFIX
    from jixiao.web import admin, auth, dashboard, editor, errors, forms, home, public, upload

    for module in (auth, home, upload, editor, forms, dashboard, public, admin):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    errors.install(app)

    app.add_middleware(PageHeaders, skip=API_PREFIX + "/")


class PageHeaders:
    """Adds ``PAGE_HEADERS`` to every response but the API's (plain ASGI: no cost beyond
    the headers)."""

    def __init__(self, app: ASGIApp, skip: str) -> None:
        self.app = app
        self.skip = skip
        self.headers = [(k.lower().encode(), v.encode()) for k, v in PAGE_HEADERS.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(self.skip):
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                have = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = [
                    *message.get("headers", []),
                    *((k, v) for k, v in self.headers if k not in have),
                ]
            await send(message)

        await self.app(scope, receive, with_headers)
