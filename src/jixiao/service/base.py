"""The service's shared machinery: the store, the audit log, evaluation, lookups."""

from __future__ import annotations

import threading
from collections import Counter
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from jixiao.checks.types import Severity
from jixiao.model import Form
from jixiao.scoring import (
    DEFAULT_SCHEME,
    Evaluation,
    Override,
    Scheme,
    ScoringError,
    evaluate,
    evaluation_to_json,
    format_points,
    load_scheme,
    parse_scheme,
    round2,
)
from jixiao.service.access import ACTIONS, Actor, Role, Status
from jixiao.service.config import Settings
from jixiao.service.errors import Invalid, NotFound
from jixiao.service.security import load_secret
from jixiao.service.types import CycleInfo, EvaluationSummary
from jixiao.store import models as m
from jixiao.store.db import Store
from jixiao.store.models import jdump, utcnow


class ServiceBase:
    """Holds the store; every public method of the service opens its own transaction."""

    def __init__(self, store: Store, settings: Settings | None = None) -> None:
        self.store = store
        self.settings = settings or Settings()
        self._secret: bytes | None = None
        self._schemes: dict[tuple[str, str], Scheme] = {}
        self._lock = threading.Lock()

    @property
    def secret(self) -> bytes:
        """The server secret (environment or ``secret.key`` in the data folder, mode 0600)."""
        if self._secret is None:
            self._secret = load_secret(self.store.data)
        return self._secret

    # -- audit ------------------------------------------------------------------------

    def _audit(
        self,
        s: Session,
        actor: Actor,
        action: str,
        entity: str,
        entity_id: int | None,
        *,
        form_id: int | None = None,
        before: Any = None,
        after: Any = None,
    ) -> None:
        """Append one entry to the audit log (in the caller's transaction)."""
        s.add(
            m.AuditEntry(
                at=utcnow(),
                actor_id=actor.user_id,
                actor_name=actor.display(),
                action=action,
                entity=entity,
                entity_id=entity_id,
                form_id=form_id,
                before=None if before is None else jdump(before),
                after=None if after is None else jdump(after),
            )
        )

    # -- lookups ----------------------------------------------------------------------

    def _scope(self, s: Session, department_id: int | None) -> frozenset[int]:
        """A department and every unit below it."""
        if department_id is None:
            return frozenset()
        children: dict[int | None, list[int]] = {}
        units = select(m.Department.id, m.Department.parent_id).where(
            m.Department.parent_id.is_not(None)
        )
        for did, parent in s.execute(units):
            children.setdefault(parent, []).append(did)
        seen, todo = {department_id}, [department_id]
        while todo:
            for c in children.get(todo.pop(), []):
                if c not in seen:
                    seen.add(c)
                    todo.append(c)
        return frozenset(seen)

    def _actor_of(self, s: Session, user: m.User) -> Actor:
        return Actor(
            user_id=user.id,
            name=user.display_name or user.name,
            role=Role(user.role),
            department_id=user.department_id,
            scope=self._scope(s, user.department_id),
        )

    @staticmethod
    def _department(s: Session, department_id: int) -> m.Department:
        d = s.get(m.Department, department_id)
        if d is None:
            raise NotFound(f"部门 {department_id} 不存在")
        return d

    @staticmethod
    def _cycle(s: Session, year: int) -> m.Cycle | None:
        return s.scalar(select(m.Cycle).where(m.Cycle.year == year))

    @staticmethod
    def _cycle_info(c: m.Cycle) -> CycleInfo:
        today = utcnow().date()
        accepting = c.status == "open" and (c.deadline is None or today <= c.deadline)
        return CycleInfo(
            year=c.year,
            status=c.status,  # type: ignore[arg-type]
            status_label="填报中" if c.status == "open" else "已关闭",
            deadline=c.deadline,
            leader_approval=c.leader_approval,
            scheme=c.scheme,
            accepting=accepting,
        )

    # -- evaluation -------------------------------------------------------------------

    def _scheme(self, s: Session, key: str | None) -> Scheme:
        key = key or DEFAULT_SCHEME
        row = s.scalar(select(m.Scheme).where(m.Scheme.key == key))
        cache_key = (key, row.toml if row else "")
        with self._lock:
            hit = self._schemes.get(cache_key)
        if hit is not None:
            return hit
        try:
            scheme = parse_scheme(row.toml, f"评分方案 {key}", key) if row else load_scheme(key)
        except ScoringError as e:
            raise Invalid(str(e)) from None
        with self._lock:
            self._schemes[cache_key] = scheme
        return scheme

    def _evaluate(self, scheme: Scheme, form: Form, overrides: list[Override]) -> Evaluation:
        try:
            return evaluate(form, scheme, overrides)
        except ScoringError as e:
            raise Invalid(str(e)) from None

    @staticmethod
    def _evaluation_columns(ev: Evaluation) -> dict[str, Any]:
        """The dashboard columns and the evaluation JSON (with the form in the shared shape,
        so that reading it needs no conversion)."""
        data = evaluation_to_json(ev)
        sev = Counter(f.severity for f in ev.findings)
        verdicts = Counter(str(v.verdict) for v in ev.verdicts)
        rate = ev.form.funds.execution_rate
        s = ev.score
        return {
            "scheme": s.scheme,
            "score_total": float(s.total),
            "score_upper": float(s.upper),
            "grade": s.grade,
            "grade_upper": s.grade_upper,
            "pending": s.pending,
            "errors": sev.get(Severity.ERROR, 0),
            "warnings": sev.get(Severity.WARNING, 0),
            "infos": sev.get(Severity.INFO, 0),
            "met": verdicts.get("met", 0),
            "not_met": verdicts.get("not_met", 0),
            "undetermined": verdicts.get("undetermined", 0),
            "execution_rate": None if rate is None else float(rate),
            "data": jdump(data),
        }

    @staticmethod
    def _summary(e: m.EvaluationRow | None) -> EvaluationSummary | None:
        if e is None:
            return None
        return evaluation_summary(*(getattr(e, k) for k in SUMMARY_FIELDS))

    @staticmethod
    def _overrides_of(s: Session, version_id: int) -> list[Override]:
        rows = s.scalars(
            select(m.OverrideRow)
            .where(m.OverrideRow.version_id == version_id)
            .order_by(m.OverrideRow.id)
        )
        out = []
        for o in rows:
            reviewer = s.get(m.User, o.reviewer_id) if o.reviewer_id else None
            out.append(
                Override(
                    path=o.path,
                    verdict=o.verdict,  # type: ignore[arg-type]
                    score=None if o.score is None else Decimal(o.score),
                    comment=o.comment,
                    reviewer=(reviewer.display_name or reviewer.name) if reviewer else None,
                )
            )
        return out


def status_label(status: str) -> str:
    return Status(status).label


AUDIT_LABELS = {
    "create": "新建",
    "upload": "上传",
    "edit": "编辑",
    "override": "复核认定",
    "remove_override": "撤销复核认定",
    "comment": "发表意见",
    "login": "登录",
    "change_password": "修改密码",
    "create_token": "新建令牌",
    "revoke_token": "撤销令牌",
    "create_department": "新增部门",
    "update_department": "修改部门",
    "create_user": "新增用户",
    "update_user": "修改用户",
    "open_cycle": "开启年度",
    "update_cycle": "修改年度",
    "add_scheme": "保存评分方案",
}


def action_label(action: str) -> str:
    """A workflow step or audit log action in Chinese (the action itself if unknown)."""
    a = ACTIONS.get(action)
    return a.label if a else AUDIT_LABELS.get(action, action)


SUMMARY_FIELDS = m.EVALUATION_SUMMARY  # in the order evaluation_summary takes them


def evaluation_summary(*columns: Any) -> EvaluationSummary:
    """The dashboard columns of an evaluation as the API shows them (in SUMMARY_FIELDS order)."""
    return EvaluationSummary.model_validate(evaluation_summary_data(*columns))


def evaluation_summary_data(
    scheme: str,
    score_total: float,
    score_upper: float,
    grade: str,
    grade_upper: str,
    *counts: Any,
) -> dict[str, Any]:
    """``evaluation_summary`` as plain data: a page of summaries is validated in one call
    (quicker than one model at a time, and than pydantic's ``model_construct``)."""
    total, upper = round2(Decimal(repr(score_total))), round2(Decimal(repr(score_upper)))
    pending, errors, warnings, infos, met, not_met, undetermined, execution_rate = counts
    return {
        "scheme": scheme,
        "score_total": float(total),
        "score_upper": float(upper),
        "display": format_points(total)
        if total == upper
        else f"{format_points(total)} – {format_points(upper)}",
        "grade": grade,
        "grade_upper": grade_upper,
        "pending": pending,
        "errors": errors,
        "warnings": warnings,
        "infos": infos,
        "met": met,
        "not_met": not_met,
        "undetermined": undetermined,
        "execution_rate": execution_rate,
    }
