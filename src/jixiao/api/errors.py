"""Every error the API returns: ``{"error": {"code", "message"}}`` in Chinese, never a trace."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.exc import DataError, OperationalError, StatementError
from starlette.exceptions import HTTPException as StarletteHTTPException

from jixiao.service import ServiceError, StoreError

log = logging.getLogger("jixiao.api")


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorBody(BaseModel):
    error: ErrorDetail


def _resp(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    body = {"error": {"code": code, "message": message}}
    return JSONResponse(body, status_code=status, headers=headers)


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": text}
    for status, text in (
        (400, "请求有误"),
        (401, "未登录或令牌无效"),
        (403, "无权进行该操作"),
        (404, "不存在"),
        (409, "与当前状态冲突（如基于旧版本的修改）"),
        (413, "上传的文件过大"),
        (415, "不支持的文件类型"),
        (422, "输入不合要求"),
        (429, "尝试过于频繁"),
    )
}

HTTP_MESSAGES = {
    400: ("bad_request", "请求有误"),
    401: ("unauthorized", "请先登录或提供令牌"),
    403: ("forbidden", "无权进行该操作"),
    404: ("not_found", "找不到该地址"),
    405: ("method_not_allowed", "该地址不支持此请求方法"),
    406: ("not_acceptable", "无法提供所要求的内容类型"),
    413: ("too_large", "请求内容过大"),
    415: ("unsupported_type", "不支持的内容类型"),
}

_TYPES = {
    "missing": "缺少该项",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "float_parsing": "应为数字",
    "float_type": "应为数字",
    "bool_parsing": "应为 true 或 false",
    "bool_type": "应为 true 或 false",
    "string_type": "应为文字",
    "string_too_short": "不能为空或过短",
    "string_too_long": "过长",
    "greater_than_equal": "数值过小",
    "less_than_equal": "数值过大",
    "greater_than": "数值过小",
    "less_than": "数值过大",
    "json_invalid": "不是合法的 JSON",
    "model_attributes_type": "应为对象",
    "dict_type": "应为对象",
    "list_type": "应为列表",
    "literal_error": "取值不在允许范围内",
    "enum": "取值不在允许范围内",
    "date_from_datetime_parsing": "应为日期（如 2024-06-30）",
    "date_parsing": "应为日期（如 2024-06-30）",
    "date_type": "应为日期（如 2024-06-30）",
    "extra_forbidden": "无法识别的字段",
    "value_error": "取值无效",
    "too_long": "过长",
    "too_short": "过短",
    "url_parsing": "格式不正确",
}
_WHERE = {
    "body": "请求体",
    "query": "查询参数",
    "path": "路径参数",
    "header": "请求头",
    "cookie": "Cookie",
}


def validation_message(errors: list[Any]) -> str:
    """The first validation problem in Chinese: where, and what is wrong."""
    if not errors:
        return "输入不合要求"
    e = errors[0]
    loc = [str(x) for x in e.get("loc", ())]
    where = _WHERE.get(loc[0], loc[0]) if loc else ""
    field = ".".join(loc[1:])
    what = _TYPES.get(e.get("type", ""), "不合要求")
    more = f"（另有 {len(errors) - 1} 处问题）" if len(errors) > 1 else ""
    return f"{where} {field} {what}{more}".strip().replace("  ", " ")


def install(app: FastAPI) -> None:
    """Register the handlers that turn every failure into the error shape."""

    @app.exception_handler(ServiceError)
    async def _service(_: Request, exc: ServiceError) -> JSONResponse:
        return _resp(exc.status, exc.code, exc.message)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        return _resp(422, "invalid", validation_message(list(exc.errors())))

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code, message = HTTP_MESSAGES.get(exc.status_code, ("error", "请求无法完成"))
        return _resp(exc.status_code, code, message, getattr(exc, "headers", None))

    @app.exception_handler(StoreError)
    async def _store(_: Request, exc: StoreError) -> JSONResponse:
        return _resp(503, "store_unavailable", str(exc))

    @app.exception_handler(DataError)
    async def _data(_: Request, exc: DataError) -> JSONResponse:
        return _resp(422, "invalid", "输入含有数据库无法保存的内容（如控制字符或超出范围的数字）")

    @app.exception_handler(OperationalError)
    async def _operational(_: Request, exc: OperationalError) -> JSONResponse:
        log.error("database error: %s", exc)
        return _resp(503, "store_busy", "数据库暂时无法完成操作，请稍后重试")

    @app.exception_handler(StatementError)
    async def _statement(_: Request, exc: StatementError) -> JSONResponse:
        log.error("database statement error: %s", exc)
        return _resp(422, "invalid", "输入含有数据库无法保存的内容")

    @app.exception_handler(Exception)
    async def _any(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error")
        return _resp(500, "internal", "服务器内部错误，已记录；请稍后重试或联系管理员")
