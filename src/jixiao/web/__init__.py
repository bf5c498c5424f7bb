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

STATIC = Path(__file__).parent / "static"


def install(app: FastAPI) -> None:
    from jixiao.web import admin, auth, dashboard, editor, errors, forms, home, public, upload

    for module in (auth, home, upload, editor, forms, dashboard, public, admin):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    errors.install(app)


__all__ = ["install"]
