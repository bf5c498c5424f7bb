"""What the service layer returns: plain pydantic models, used as they are by the API."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, Field


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


# The store keeps naive UTC; what leaves the service says so (RFC 3339, "+00:00").
Timestamp = Annotated[datetime, AfterValidator(_utc)]


class DepartmentInfo(BaseModel):
    id: int
    name: str
    parent_id: int | None = None


class UserInfo(BaseModel):
    id: int
    name: str
    display_name: str
    role: str
    role_label: str
    department_id: int | None = None
    department: str | None = None
    active: bool


class Me(UserInfo):
    permissions: list[str] = Field(description="在本部门表单上可做的事（read、write、submit…）")


class TokenInfo(BaseModel):
    id: int
    name: str
    prefix: str
    created_at: Timestamp
    last_used_at: Timestamp | None = None
    revoked: bool = False


class NewToken(TokenInfo):
    token: str = Field(description="令牌本身，只显示这一次")


class CycleInfo(BaseModel):
    year: int
    status: Literal["open", "closed"]
    status_label: str
    deadline: date | None = None
    leader_approval: bool
    scheme: str
    accepting: bool = Field(description="当前是否接受填报和提交")


class SchemeInfo(BaseModel):
    key: str
    name: str
    packaged: bool


class EvaluationSummary(BaseModel):
    scheme: str
    score_total: float
    score_upper: float
    display: str
    grade: str
    grade_upper: str
    pending: int
    errors: int
    warnings: int
    infos: int
    met: int
    not_met: int
    undetermined: int
    execution_rate: float | None = None


class FormSummary(BaseModel):
    id: int
    department_id: int
    department: str
    year: int
    kind: str
    status: str
    status_label: str
    version: int = Field(description="当前版本号；修改时作为 base_version 带回")
    updated_at: Timestamp
    evaluation: EvaluationSummary | None = None


class FormPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[FormSummary]


class VersionInfo(BaseModel):
    number: int
    note: str
    source_filename: str | None = None
    source_sha256: str | None = None
    source_format: str | None = None
    created_by: str | None = None
    created_at: Timestamp
    warnings: list[str]
    unplaced: list[dict[str, Any]]


class VersionDetail(VersionInfo):
    form: dict[str, Any] = Field(description="表单（共享格式）")
    provenance: dict[str, Any] = Field(description="表单模型（含每个字段的来源位置）")


class FormDetail(FormSummary):
    cycle: CycleInfo | None = None
    current: VersionInfo | None = None
    actions: list[str] = Field(description="当前用户此刻可执行的操作")
    can_edit: bool
    can_override: bool
    can_comment: bool


class UploadResult(BaseModel):
    form: FormDetail
    created: bool = Field(description="是否新建了表单（否则为已有表单的新版本）")
    warnings: list[str]


class OverrideInfo(BaseModel):
    id: int
    version: int
    path: str
    verdict: str | None = None
    score: float | None = None
    comment: str
    reviewer: str | None = None
    created_at: Timestamp


class CommentInfo(BaseModel):
    id: int
    version: int | None = None
    path: str
    body: str
    author: str | None = None
    created_at: Timestamp


class TransitionInfo(BaseModel):
    id: int
    version: int | None = None
    action: str
    action_label: str
    from_status: str
    to_status: str
    comment: str
    actor: str | None = None
    created_at: Timestamp


class AuditInfo(BaseModel):
    id: int
    at: Timestamp
    actor: str
    action: str
    entity: str
    entity_id: int | None = None
    form_id: int | None = None
    before: Any = None
    after: Any = None


class FieldChange(BaseModel):
    path: str
    before: Any = None
    after: Any = None


class Export(BaseModel):
    filename: str
    media_type: str
    data: bytes
