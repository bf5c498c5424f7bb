"""The REST API under ``/api/v1``: every route is a thin call into the service layer.

Reads that answer from the store in milliseconds (lists, a form, a version, an evaluation,
comments, history, the administration lists) are ``async def``: they run on the event loop
with no hop to a worker thread and back, which under load costs more than the read itself
(each hop waits for the GIL). Whatever may wait on a lock or take long — every change,
uploads, exports, the original file, the dashboard's recomputation — stays a plain
function, which FastAPI runs on a worker thread so that it never holds up the loop.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Path, Query, Request, Response, UploadFile
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from jixiao.api.deps import (
    CurrentActor,
    OptionalActor,
    ServiceDep,
    clear_session_cookie,
    session_key,
    set_session_cookie,
)
from jixiao.api.errors import ERROR_RESPONSES
from jixiao.limits import limits
from jixiao.service import Change, Dashboard, Status, TooLarge
from jixiao.service.exports import FORMATS, MEDIA
from jixiao.service.types import (
    AuditInfo,
    CommentInfo,
    CycleInfo,
    DepartmentInfo,
    FieldChange,
    FormDetail,
    FormPage,
    Me,
    NewToken,
    OverrideInfo,
    SchemeInfo,
    TokenInfo,
    TransitionInfo,
    UploadResult,
    UserInfo,
    VersionDetail,
    VersionInfo,
)

router = APIRouter(prefix="/api/v1", responses=ERROR_RESPONSES)
_ANY = TypeAdapter(Any)


def _json(value: Any) -> Response:
    """The value as JSON, serialised once (the route's response_model documents it)."""
    return Response(_ANY.dump_json(value), media_type="application/json")


MAX_ID = 2**31 - 1
Id = Annotated[int, Path(ge=1, le=MAX_ID)]
Year = Annotated[int, Path(ge=1990, le=2200)]
Number = Annotated[int, Path(ge=1, le=100_000)]
Text200 = Annotated[str, Field(max_length=200)]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


# -- sign-in ------------------------------------------------------------------------------


class LoginBody(Body):
    name: Text200 = Field(min_length=1)
    password: str = Field(min_length=1, max_length=200)


class LoginResult(BaseModel):
    user: Me
    csrf_token: str = Field(description="带 Cookie 的修改请求须在请求头 X-CSRF-Token 中带上它")


class Ok(BaseModel):
    ok: bool = True


@router.post("/auth/login", response_model=LoginResult, tags=["登录"])
def login(body: LoginBody, request: Request, response: Response, svc: ServiceDep) -> LoginResult:
    """用户名和密码登录：设置会话 Cookie（HttpOnly、SameSite=Lax），返回 CSRF 令牌。"""
    address = request.client.host if request.client else ""
    actor, key = svc.login(body.name, body.password, address)
    set_session_cookie(response, svc, key)
    return LoginResult(user=svc.me(actor), csrf_token=svc.csrf_token(key))


@router.post("/auth/logout", response_model=Ok, tags=["登录"])
def logout(request: Request, response: Response, svc: ServiceDep, _: OptionalActor) -> Ok:
    """退出登录：会话失效，Cookie 清除。"""
    key = session_key(request)
    if key:
        svc.logout(key)
    clear_session_cookie(response)
    return Ok()


@router.get("/me", response_model=Me, tags=["登录"])
async def me(actor: CurrentActor, svc: ServiceDep) -> Me:
    """当前用户及其在本部门表单上的权限。"""
    return svc.me(actor)


class PasswordBody(Body):
    old_password: str = Field(min_length=1, max_length=200)
    new_password: str = Field(min_length=1, max_length=200)


@router.post("/me/password", response_model=Ok, tags=["登录"])
def change_password(body: PasswordBody, actor: CurrentActor, svc: ServiceDep) -> Ok:
    svc.change_password(actor, body.old_password, body.new_password)
    return Ok()


class TokenBody(Body):
    name: str = Field(default="", max_length=100)


@router.get("/tokens", response_model=list[TokenInfo], tags=["令牌"])
async def list_tokens(actor: CurrentActor, svc: ServiceDep) -> list[TokenInfo]:
    return svc.list_tokens(actor)


@router.post("/tokens", response_model=NewToken, status_code=201, tags=["令牌"])
def create_token(body: TokenBody, actor: CurrentActor, svc: ServiceDep) -> NewToken:
    """新建个人令牌（只保存其哈希；令牌本身只在此时返回一次）。"""
    return svc.create_token(actor, body.name)


@router.delete("/tokens/{token_id}", response_model=Ok, tags=["令牌"])
def revoke_token(token_id: Id, actor: CurrentActor, svc: ServiceDep) -> Ok:
    svc.revoke_token(actor, token_id)
    return Ok()


# -- administration -----------------------------------------------------------------------


class DepartmentBody(Body):
    name: Text200 = Field(min_length=1)
    parent_id: int | None = Field(default=None, ge=1, le=MAX_ID)


class DepartmentPatch(Body):
    name: Text200 | None = None
    parent_id: int | None = Field(default=None, ge=1, le=MAX_ID)
    clear_parent: bool = False


@router.get("/departments", response_model=list[DepartmentInfo], tags=["管理"])
async def list_departments(actor: CurrentActor, svc: ServiceDep) -> list[DepartmentInfo]:
    return svc.list_departments(actor)


@router.post("/departments", response_model=DepartmentInfo, status_code=201, tags=["管理"])
def create_department(body: DepartmentBody, actor: CurrentActor, svc: ServiceDep) -> DepartmentInfo:
    return svc.create_department(actor, body.name, body.parent_id)


@router.patch("/departments/{department_id}", response_model=DepartmentInfo, tags=["管理"])
def update_department(
    department_id: Id, body: DepartmentPatch, actor: CurrentActor, svc: ServiceDep
) -> DepartmentInfo:
    return svc.update_department(
        actor,
        department_id,
        name=body.name,
        parent_id=body.parent_id,
        clear_parent=body.clear_parent,
    )


RoleName = Literal[
    "filler", "leader", "reviewer", "admin", "填报人", "单位负责人", "财政复核", "管理员"
]


class UserBody(Body):
    name: str = Field(min_length=1, max_length=100)
    role: RoleName
    password: str = Field(min_length=1, max_length=200)
    department_id: int | None = Field(default=None, ge=1, le=MAX_ID)
    display_name: str = Field(default="", max_length=100)


class UserPatch(Body):
    role: RoleName | None = None
    department_id: int | None = Field(default=None, ge=1, le=MAX_ID)
    active: bool | None = None
    display_name: str | None = Field(default=None, max_length=100)
    password: str | None = Field(default=None, min_length=1, max_length=200)


@router.get("/users", response_model=list[UserInfo], tags=["管理"])
async def list_users(actor: CurrentActor, svc: ServiceDep) -> list[UserInfo]:
    return svc.list_users(actor)


@router.post("/users", response_model=UserInfo, status_code=201, tags=["管理"])
def create_user(body: UserBody, actor: CurrentActor, svc: ServiceDep) -> UserInfo:
    return svc.create_user(
        actor,
        body.name,
        body.role,
        password=body.password,
        department_id=body.department_id,
        display_name=body.display_name,
    )


@router.patch("/users/{user_id}", response_model=UserInfo, tags=["管理"])
def update_user(user_id: Id, body: UserPatch, actor: CurrentActor, svc: ServiceDep) -> UserInfo:
    return svc.update_user(
        actor,
        user_id,
        role=body.role,
        department_id=body.department_id,
        active=body.active,
        display_name=body.display_name,
        password=body.password,
    )


class CycleBody(Body):
    year: int = Field(ge=1990, le=2200)
    deadline: date | None = None
    leader_approval: bool = False
    scheme: str | None = Field(default=None, min_length=1, max_length=100)


class CyclePatch(Body):
    status: Literal["open", "closed"] | None = None
    deadline: date | None = None
    clear_deadline: bool = False
    leader_approval: bool | None = None
    scheme: str | None = Field(default=None, min_length=1, max_length=100)


@router.get("/cycles", response_model=list[CycleInfo], tags=["年度"])
async def list_cycles(actor: CurrentActor, svc: ServiceDep) -> list[CycleInfo]:
    return svc.list_cycles(actor)


@router.post("/cycles", response_model=CycleInfo, status_code=201, tags=["年度"])
def open_cycle(body: CycleBody, actor: CurrentActor, svc: ServiceDep) -> CycleInfo:
    """开启一个年度的填报（截止日期、是否需单位负责人审核、评分方案）。"""
    return svc.open_cycle(
        actor,
        body.year,
        deadline=body.deadline,
        leader_approval=body.leader_approval,
        scheme=body.scheme,
    )


@router.get("/cycles/{year}", response_model=CycleInfo, tags=["年度"])
async def get_cycle(year: Year, actor: CurrentActor, svc: ServiceDep) -> CycleInfo:
    return svc.get_cycle(actor, year)


@router.patch("/cycles/{year}", response_model=CycleInfo, tags=["年度"])
def update_cycle(year: Year, body: CyclePatch, actor: CurrentActor, svc: ServiceDep) -> CycleInfo:
    """关闭或重新开启年度、调整截止日期、审核环节或评分方案。"""
    return svc.update_cycle(
        actor,
        year,
        status=body.status,
        deadline=body.deadline,
        clear_deadline=body.clear_deadline,
        leader_approval=body.leader_approval,
        scheme=body.scheme,
    )


class SchemeBody(Body):
    key: str = Field(min_length=1, max_length=100)
    toml: str = Field(min_length=1, max_length=200_000)


@router.get("/schemes", response_model=list[SchemeInfo], tags=["管理"])
async def list_schemes(actor: CurrentActor, svc: ServiceDep) -> list[SchemeInfo]:
    return svc.list_schemes(actor)


@router.post("/schemes", response_model=SchemeInfo, status_code=201, tags=["管理"])
def add_scheme(body: SchemeBody, actor: CurrentActor, svc: ServiceDep) -> SchemeInfo:
    """新增或替换评分方案（TOML，格式见 docs/scoring.md）。"""
    return svc.add_scheme(actor, body.key, body.toml)


@router.get("/audit", response_model=list[AuditInfo], tags=["管理"])
async def list_audit(
    actor: CurrentActor,
    svc: ServiceDep,
    form_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=MAX_ID)] = 0,
) -> list[AuditInfo]:
    """审计日志（管理员），最新的在前。"""
    return svc.list_audit(actor, form_id=form_id, limit=limit, offset=offset)


# -- forms --------------------------------------------------------------------------------


StatusName = Literal["draft", "unit_review", "submitted", "returned", "approved", "published"]
assert set(StatusName.__args__) == {s.value for s in Status}  # type: ignore[attr-defined]


@router.get("/forms", response_model=FormPage, tags=["表单"])
async def list_forms(
    actor: OptionalActor,
    svc: ServiceDep,
    year: Annotated[int | None, Query(ge=1990, le=2200)] = None,
    department_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    status: StatusName | None = None,
    grade: Annotated[str | None, Query(max_length=20)] = None,
    min_score: Annotated[float | None, Query(ge=0, le=1000)] = None,
    max_score: Annotated[float | None, Query(ge=0, le=1000)] = None,
    has_errors: bool | None = None,
    q: Annotated[str | None, Query(max_length=100, description="部门名称包含的文字")] = None,
    sort: Literal["updated", "score", "-score", "department", "year"] = "updated",
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_ID)] = 0,
) -> FormPage:
    """可见的表单（未登录时只有已公开的），可按年度、部门、状态、等级、得分、问题筛选。"""
    page = svc.list_forms(
        actor,
        year=year,
        department_id=department_id,
        status=status,
        grade=grade,
        min_score=min_score,
        max_score=max_score,
        has_errors=has_errors,
        q=q,
        sort=sort,
        limit=limit,
        offset=offset,
    )
    return _json(page)  # type: ignore[return-value]


@router.get("/dashboard", response_model=Dashboard, tags=["表单"])
def dashboard(
    actor: OptionalActor,
    svc: ServiceDep,
    year: Annotated[int | None, Query(ge=1990, le=2200)] = None,
    department_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> Dashboard:
    """总览：可见表单的状态、等级、得分分布、判定与问题合计、各部门平均得分与预算完成率、历年得分。"""
    return _json(svc.dashboard(actor, year=year, department_id=department_id))  # type: ignore[return-value]


@router.post("/uploads", response_model=UploadResult, status_code=201, tags=["表单"])
async def upload(
    actor: CurrentActor,
    svc: ServiceDep,
    file: Annotated[UploadFile, File(description="自评表文件（导入器可读的任一格式）")],
    year: Annotated[int | None, Form(ge=1990, le=2200)] = None,
    department_id: Annotated[int | None, Form(ge=1, le=MAX_ID)] = None,
    base_version: Annotated[int | None, Form(ge=0, le=100_000)] = None,
) -> UploadResult:
    """上传一个文件：导入、研判、检查、评分，保存为新表单或已有表单的新版本（草稿）。

    已有表单时须带 base_version（所依据的版本号），否则拒绝，以免覆盖他人的修改。
    """
    limit = limits().max_bytes
    data = await file.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(str(limits().exceeded("max_bytes", None, f"文件 {file.filename or ''}")))
    return await run_in_threadpool(
        svc.upload,
        actor,
        data,
        file.filename or "",
        year=year,
        department_id=department_id,
        base_version=base_version,
    )


@router.get("/forms/{form_id}", response_model=FormDetail, tags=["表单"])
async def get_form(form_id: Id, actor: OptionalActor, svc: ServiceDep) -> FormDetail:
    """表单概况：状态、当前版本、评分摘要、当前用户可执行的操作。"""
    return _json(svc.get_form(actor, form_id))  # type: ignore[return-value]


class EditBody(Body):
    base_version: int = Field(ge=0, le=100_000, description="修改所依据的版本号")
    changes: list[Change] | None = Field(default=None, max_length=500)
    form: dict[str, Any] | None = Field(default=None, description="整表替换（共享格式）")
    note: str = Field(default="", max_length=500)


@router.post("/forms/{form_id}/edits", response_model=FormDetail, status_code=201, tags=["表单"])
def edit_form(form_id: Id, body: EditBody, actor: CurrentActor, svc: ServiceDep) -> FormDetail:
    """修改字段（或整表替换）：生成新的草稿版本并重新评分。"""
    return svc.edit(actor, form_id, body.base_version, body.changes, form=body.form, note=body.note)


@router.get("/forms/{form_id}/versions", response_model=list[VersionInfo], tags=["版本"])
async def list_versions(form_id: Id, actor: OptionalActor, svc: ServiceDep) -> list[VersionInfo]:
    return _json(svc.list_versions(actor, form_id))  # type: ignore[return-value]


@router.get("/forms/{form_id}/versions/{number}", response_model=VersionDetail, tags=["版本"])
async def get_version(
    form_id: Id, number: Number, actor: OptionalActor, svc: ServiceDep
) -> VersionDetail:
    """某一版本：表单内容（含来源位置）、原始文件信息、导入警告和未归位的单元格。"""
    return _json(svc.get_version(actor, form_id, number))  # type: ignore[return-value]


@router.get(
    "/forms/{form_id}/versions/{number}/source",
    response_class=Response,
    responses={200: {"content": {"application/octet-stream": {}}, "description": "原始上传文件"}},
    tags=["版本"],
)
def get_source(form_id: Id, number: Number, actor: OptionalActor, svc: ServiceDep) -> Response:
    data, name = svc.get_source(actor, form_id, number)
    return _download(data, name, "application/octet-stream")


@router.get("/forms/{form_id}/diff", response_model=list[FieldChange], tags=["版本"])
async def diff_versions(
    form_id: Id,
    actor: OptionalActor,
    svc: ServiceDep,
    a: Annotated[int, Query(ge=1, le=100_000)],
    b: Annotated[int, Query(ge=1, le=100_000)],
) -> list[FieldChange]:
    """两个版本之间逐字段的差异。"""
    return _json(svc.diff_versions(actor, form_id, a, b))  # type: ignore[return-value]


@router.get("/forms/{form_id}/evaluation", response_model=dict[str, Any], tags=["评价"])
async def get_evaluation(
    form_id: Id,
    actor: OptionalActor,
    svc: ServiceDep,
    version: Annotated[int | None, Query(ge=1, le=100_000)] = None,
) -> dict[str, Any]:
    """评价结果 JSON（得分、判定、问题、复核意见与表单；格式见 docs/scoring.md）。"""
    text = svc.get_evaluation_text(actor, form_id, version)
    return Response(text.encode("utf-8"), media_type="application/json")  # type: ignore[return-value]


@router.get("/forms/{form_id}/overrides", response_model=list[OverrideInfo], tags=["评价"])
async def list_overrides(
    form_id: Id,
    actor: OptionalActor,
    svc: ServiceDep,
    version: Annotated[int | None, Query(ge=1, le=100_000)] = None,
) -> list[OverrideInfo]:
    return _json(svc.list_overrides(actor, form_id, version))  # type: ignore[return-value]


class OverrideBody(Body):
    base_version: int = Field(ge=0, le=100_000)
    path: str = Field(min_length=1, max_length=100, description="指标路径，如 key_indicators[0]")
    verdict: Literal["met", "not_met", "undetermined"] | None = None
    score: float | None = Field(default=None, ge=0, le=1000)
    comment: str = Field(min_length=1, max_length=5000)
    replace: bool = False


@router.post(
    "/forms/{form_id}/overrides", response_model=FormDetail, status_code=201, tags=["评价"]
)
def set_override(
    form_id: Id, body: OverrideBody, actor: CurrentActor, svc: ServiceDep
) -> FormDetail:
    """复核认定一个指标（判定或给分，必须写明理由），并重新评分。"""
    return svc.set_override(
        actor,
        form_id,
        body.base_version,
        body.path,
        comment=body.comment,
        verdict=body.verdict,
        score=body.score,
        replace=body.replace,
    )


@router.delete("/forms/{form_id}/overrides", response_model=FormDetail, tags=["评价"])
def remove_override(
    form_id: Id,
    actor: CurrentActor,
    svc: ServiceDep,
    path: Annotated[str, Query(min_length=1, max_length=100)],
    base_version: Annotated[int, Query(ge=0, le=100_000)],
) -> FormDetail:
    return svc.remove_override(actor, form_id, base_version, path)


@router.get("/forms/{form_id}/comments", response_model=list[CommentInfo], tags=["意见"])
async def list_comments(form_id: Id, actor: OptionalActor, svc: ServiceDep) -> list[CommentInfo]:
    return _json(svc.list_comments(actor, form_id))  # type: ignore[return-value]


class CommentBody(Body):
    body: str = Field(min_length=1, max_length=5000)
    path: str = Field(default="", max_length=200, description="字段路径；空为针对整张表")


@router.post(
    "/forms/{form_id}/comments", response_model=CommentInfo, status_code=201, tags=["意见"]
)
def add_comment(
    form_id: Id, body: CommentBody, actor: CurrentActor, svc: ServiceDep
) -> CommentInfo:
    return svc.add_comment(actor, form_id, body.body, body.path)


@router.get("/forms/{form_id}/transitions", response_model=list[TransitionInfo], tags=["流程"])
async def list_transitions(
    form_id: Id, actor: OptionalActor, svc: ServiceDep
) -> list[TransitionInfo]:
    return _json(svc.list_transitions(actor, form_id))  # type: ignore[return-value]


class TransitionBody(Body):
    action: Literal["submit", "unit_approve", "return", "approve", "publish"]
    base_version: int = Field(ge=0, le=100_000)
    comment: str = Field(default="", max_length=5000)


@router.post(
    "/forms/{form_id}/transitions", response_model=FormDetail, status_code=201, tags=["流程"]
)
def transition(
    form_id: Id, body: TransitionBody, actor: CurrentActor, svc: ServiceDep
) -> FormDetail:
    """流程操作：submit 提交、unit_approve 单位审核通过、return 退回（须写意见）、approve 审核通过、publish 公开。"""
    return svc.transition(actor, form_id, body.action, body.base_version, body.comment)


@router.get("/forms/{form_id}/history", response_model=list[AuditInfo], tags=["流程"])
async def form_history(form_id: Id, actor: CurrentActor, svc: ServiceDep) -> list[AuditInfo]:
    """该表单的审计记录：谁在何时做了什么（含前后状态）。"""
    return _json(svc.form_history(actor, form_id))  # type: ignore[return-value]


ExportFormat = Literal["html", "xlsx", "pdf", "json"]
assert set(ExportFormat.__args__) == set(FORMATS)  # type: ignore[attr-defined]
_EXPORT_CONTENT = {MEDIA[f].split(";")[0]: {} for f in FORMATS}


@router.get(
    "/forms/{form_id}/export",
    response_class=Response,
    responses={200: {"content": _EXPORT_CONTENT, "description": "报告文件"}},
    tags=["导出"],
)
def export_form(
    form_id: Id,
    actor: OptionalActor,
    svc: ServiceDep,
    format: ExportFormat = "html",
    version: Annotated[int | None, Query(ge=1, le=100_000)] = None,
) -> Response:
    """导出一张表：HTML、Excel、PDF 或评价 JSON。"""
    e = svc.export_form(actor, form_id, format, version)
    return _download(e.data, e.filename, e.media_type)


@router.get(
    "/years/{year}/export",
    response_class=Response,
    responses={200: {"content": {"application/zip": {}}, "description": "zip 包"}},
    tags=["导出"],
)
def export_year(
    year: Year,
    actor: CurrentActor,
    svc: ServiceDep,
    formats: Annotated[
        str, Query(max_length=40, pattern=r"^(html|xlsx|pdf|json)(,(html|xlsx|pdf|json))*$")
    ] = "html,xlsx,json",
) -> Response:
    """导出一个年度可见的全部表单（zip，每张表各格式一份，另附汇总.xlsx）。"""
    e = svc.export_year(actor, year, tuple(dict.fromkeys(formats.split(","))))
    return _download(e.data, e.filename, e.media_type)


def _download(data: bytes, filename: str, media_type: str) -> Response:
    ascii_name = filename.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    return Response(data, media_type=media_type, headers={"Content-Disposition": disposition})
