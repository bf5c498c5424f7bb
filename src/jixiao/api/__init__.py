"""The REST API (FastAPI) under ``/api/v1``; OpenAPI at ``/api/v1/openapi.json``.

``create_app(service)`` builds the application. The web pages (another package) add their
routers to the same app and use ``jixiao.api.deps`` for the signed-in user and CSRF.
"""

from __future__ import annotations

from fastapi import FastAPI

from jixiao.api import errors
from jixiao.api.routes import router
from jixiao.service import Service

API_PREFIX = "/api/v1"


def create_app(service: Service) -> FastAPI:
    app = FastAPI(
        title="jixiao 绩效自评 API",
        version="1",
        description="部门整体支出绩效自评：表单、版本、评价、复核、意见、流程、导出与管理。"
        '错误一律为 {"error": {"code", "message"}}。',
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=None,  # Swagger UI would load scripts from a CDN
        redoc_url=None,
    )
    app.state.service = service
    errors.install(app)
    app.include_router(router)
    from jixiao.web import install as install_web  # the pages (jixiao.web) use this package

    install_web(app)
    return app


__all__ = ["API_PREFIX", "create_app"]
