"""Roles, statuses, the workflow and the permission model — all in one place.

Roles:
- 填报人 (``filler``): fills in, uploads, edits and submits its own department's forms.
- 单位负责人 (``leader``): approves or returns its own department's submission before it
  reaches the bureau (when the year's cycle asks for it).
- 财政复核 (``reviewer``): reads every form; overrides verdicts with a comment, comments,
  returns, approves and publishes.
- 管理员 (``admin``): users, departments, cycles and scoring schemes; reads every form.

"Own department" is the user's department and every unit below it (主管部门 → 所属单位).
The command line acts as the system operator (``SYSTEM``), who may do everything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from jixiao.service.errors import Forbidden


class Role(StrEnum):
    FILLER = "filler"
    LEADER = "leader"
    REVIEWER = "reviewer"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]

    @classmethod
    def parse(cls, text: str) -> Role | None:
        t = text.strip()
        for r in cls:
            if t in (r.value, r.label):
                return r
        return None


ROLE_LABELS = {
    Role.FILLER: "填报人",
    Role.LEADER: "单位负责人",
    Role.REVIEWER: "财政复核",
    Role.ADMIN: "管理员",
}


class Status(StrEnum):
    DRAFT = "draft"
    UNIT_REVIEW = "unit_review"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    APPROVED = "approved"
    PUBLISHED = "published"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    Status.DRAFT: "草稿",
    Status.UNIT_REVIEW: "待单位审核",
    Status.SUBMITTED: "已提交",
    Status.RETURNED: "已退回",
    Status.APPROVED: "已通过",
    Status.PUBLISHED: "已公开",
}

EDITABLE = (Status.DRAFT, Status.RETURNED)


class Perm(StrEnum):
    """What a user may do; each service function checks one of these."""

    READ = "read"  # a form, its versions, evaluation, comments, history, exports
    WRITE = "write"  # upload, edit (a new version)
    SUBMIT = "submit"
    UNIT_APPROVE = "unit_approve"
    UNIT_RETURN = "unit_return"
    RETURN = "return"
    APPROVE = "approve"
    PUBLISH = "publish"
    OVERRIDE = "override"
    COMMENT = "comment"
    ADMIN = "admin"  # users, departments, cycles, schemes, the whole audit log


# perm → (roles allowed on their own department's forms, roles allowed on every form)
PERMISSIONS: dict[Perm, tuple[frozenset[Role], frozenset[Role]]] = {
    Perm.READ: (frozenset({Role.FILLER, Role.LEADER}), frozenset({Role.REVIEWER, Role.ADMIN})),
    Perm.WRITE: (frozenset({Role.FILLER}), frozenset()),
    Perm.SUBMIT: (frozenset({Role.FILLER}), frozenset()),
    Perm.UNIT_APPROVE: (frozenset({Role.LEADER}), frozenset()),
    Perm.UNIT_RETURN: (frozenset({Role.LEADER}), frozenset()),
    Perm.RETURN: (frozenset(), frozenset({Role.REVIEWER})),
    Perm.APPROVE: (frozenset(), frozenset({Role.REVIEWER})),
    Perm.PUBLISH: (frozenset(), frozenset({Role.REVIEWER})),
    Perm.OVERRIDE: (frozenset(), frozenset({Role.REVIEWER})),
    Perm.COMMENT: (frozenset({Role.FILLER, Role.LEADER}), frozenset({Role.REVIEWER})),
    Perm.ADMIN: (frozenset(), frozenset({Role.ADMIN})),
}

PERM_LABELS = {
    Perm.READ: "查看该表单",
    Perm.WRITE: "填报或修改该表单",
    Perm.SUBMIT: "提交该表单",
    Perm.UNIT_APPROVE: "以单位负责人身份审核通过",
    Perm.UNIT_RETURN: "以单位负责人身份退回",
    Perm.RETURN: "退回该表单",
    Perm.APPROVE: "审核通过该表单",
    Perm.PUBLISH: "公开该表单",
    Perm.OVERRIDE: "复核认定指标",
    Perm.COMMENT: "对该表单发表意见",
    Perm.ADMIN: "管理用户、部门、年度和评分方案",
}


@dataclass(frozen=True)
class Action:
    """A workflow step: from which statuses, to which, under which permission."""

    name: str
    label: str
    steps: tuple[tuple[Status, Status, Perm], ...]
    needs_comment: bool = False


ACTIONS: dict[str, Action] = {
    a.name: a
    for a in (
        # submit goes to unit_review instead when the cycle asks for the leader's approval
        Action(
            "submit",
            "提交",
            (
                (Status.DRAFT, Status.SUBMITTED, Perm.SUBMIT),
                (Status.RETURNED, Status.SUBMITTED, Perm.SUBMIT),
            ),
        ),
        Action(
            "unit_approve",
            "单位审核通过",
            ((Status.UNIT_REVIEW, Status.SUBMITTED, Perm.UNIT_APPROVE),),
        ),
        Action(
            "return",
            "退回",
            (
                (Status.UNIT_REVIEW, Status.RETURNED, Perm.UNIT_RETURN),
                (Status.SUBMITTED, Status.RETURNED, Perm.RETURN),
            ),
            needs_comment=True,
        ),
        Action("approve", "审核通过", ((Status.SUBMITTED, Status.APPROVED, Perm.APPROVE),)),
        Action("publish", "公开", ((Status.APPROVED, Status.PUBLISHED, Perm.PUBLISH),)),
    )
}


@dataclass(frozen=True)
class Actor:
    """Who is acting: a signed-in user, or the system operator on the command line."""

    user_id: int | None
    name: str
    role: Role | None  # None: the system operator
    department_id: int | None = None
    scope: frozenset[int] = field(default_factory=frozenset)  # own department and units

    @property
    def is_system(self) -> bool:
        return self.role is None

    def display(self) -> str:
        return self.name if self.role is None else f"{self.name}（{self.role.label}）"


SYSTEM = Actor(user_id=None, name="系统管理（命令行）", role=None)


def allowed(actor: Actor | None, perm: Perm, department_id: int | None = None) -> bool:
    """Whether ``actor`` may do ``perm`` (on a form of ``department_id`` when given)."""
    if actor is None:
        return False
    if actor.is_system:
        return True
    assert actor.role is not None
    own, every = PERMISSIONS[perm]
    if actor.role in every:
        return True
    return actor.role in own and department_id is not None and department_id in actor.scope


def require(actor: Actor | None, perm: Perm, department_id: int | None = None) -> None:
    """Raise ``Forbidden`` (in Chinese) unless ``actor`` may do ``perm``."""
    if not allowed(actor, perm, department_id):
        who = "未登录的用户" if actor is None else actor.display()
        raise Forbidden(f"{who}无权{PERM_LABELS[perm]}")
