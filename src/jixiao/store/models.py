"""The tables of the store (SQLAlchemy 2 declarative models).

Every JSON column is ``Text`` holding compact JSON written by ``jdump``: the same bytes on
SQLite and PostgreSQL, so a dump is identical whichever database it came from. Times are
naive UTC. Scores in the dashboard columns are floats (the exact figures are in the
evaluation JSON).
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """Now, as naive UTC to the microsecond (what both databases store alike)."""
    return datetime.now(UTC).replace(tzinfo=None)


def jdump(value: Any) -> str:
    """The one JSON spelling of the store: compact, key order kept, Chinese as is."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def jload(text: str | None) -> Any:
    return None if text is None else json.loads(text)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Department(Base):
    """A department (主管部门) or one of its units (所属单位, with a parent)."""

    __tablename__ = "departments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)  # the login name
    display_name: Mapped[str] = mapped_column(String(100), default="")
    role: Mapped[str] = mapped_column(String(20))  # filler | leader | reviewer | admin
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"), index=True)
    password_hash: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)

    department: Mapped[Department | None] = relationship()


class Scheme(Base):
    """A scoring scheme added by an administrator (TOML text); packaged ones need no row."""

    __tablename__ = "schemes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    toml: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Cycle(Base):
    """A year's self-evaluation round: open (填报中), deadline, closed."""

    __tablename__ = "cycles"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer, unique=True)
    status: Mapped[str] = mapped_column(String(20), default="open")  # open | closed
    deadline: Mapped[date | None] = mapped_column(Date)
    leader_approval: Mapped[bool] = mapped_column(Boolean, default=False)
    scheme: Mapped[str] = mapped_column(String(100), default="dept-overall")
    opened_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)


class Upload(Base):
    """An original uploaded file, stored once by content."""

    __tablename__ = "uploads"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class FormRow(Base):
    """One department's form of one year and kind; points at its current version.

    ``revision`` goes up with every change (new version, override, transition, comment):
    the UPDATE carries ``WHERE revision = <read value>``, so a writer that read a stale
    form changes nothing.
    """

    __tablename__ = "forms"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    kind: Mapped[str] = mapped_column(String(50), default="department-overall")
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    current_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("versions.id", use_alter=True)
    )
    current_number: Mapped[int] = mapped_column(Integer, default=0)
    revision: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    department: Mapped[Department] = relationship()
    __table_args__ = (
        UniqueConstraint("department_id", "year", "kind", name="uq_forms_department_year_kind"),
    )
    __mapper_args__ = {"version_id_col": revision}  # noqa: RUF012


class Version(Base):
    """An immutable version of a form: its content and where it came from."""

    __tablename__ = "versions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    form_id: Mapped[int] = mapped_column(ForeignKey("forms.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    form_json: Mapped[str] = mapped_column(Text, deferred=True)  # the model with provenance
    source_sha256: Mapped[str | None] = mapped_column(ForeignKey("uploads.sha256"))
    source_filename: Mapped[str | None] = mapped_column(String(300))
    source_format: Mapped[str | None] = mapped_column(String(30))
    warnings: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of text
    unplaced: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of cells
    note: Mapped[str] = mapped_column(String(500), default="")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    __table_args__ = (UniqueConstraint("form_id", "number", name="uq_versions_form_number"),)


class EvaluationRow(Base):
    """The evaluation of a version (after the reviewer overrides on it).

    The columns a dashboard filters and sorts on are indexed; ``data`` is the evaluation
    JSON (``jixiao.scoring.evaluation_to_json`` without the form, which is the version's).
    """

    __tablename__ = "evaluations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"), unique=True)
    scheme: Mapped[str] = mapped_column(String(100))
    score_total: Mapped[float] = mapped_column(Float, index=True)
    score_upper: Mapped[float] = mapped_column(Float)
    grade: Mapped[str] = mapped_column(String(20), index=True)
    grade_upper: Mapped[str] = mapped_column(String(20))
    pending: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[int] = mapped_column(Integer, default=0, index=True)
    warnings: Mapped[int] = mapped_column(Integer, default=0)
    infos: Mapped[int] = mapped_column(Integer, default=0)
    met: Mapped[int] = mapped_column(Integer, default=0)
    not_met: Mapped[int] = mapped_column(Integer, default=0)
    undetermined: Mapped[int] = mapped_column(Integer, default=0)
    execution_rate: Mapped[float | None] = mapped_column(Float)
    data: Mapped[str] = mapped_column(Text, deferred=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class OverrideRow(Base):
    """A reviewer's decision on one indicator of one version, always with a comment."""

    __tablename__ = "overrides"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"), index=True)
    path: Mapped[str] = mapped_column(String(100))
    verdict: Mapped[str | None] = mapped_column(String(20))
    score: Mapped[str | None] = mapped_column(String(30))  # a decimal, as text
    comment: Mapped[str] = mapped_column(Text)
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    __table_args__ = (UniqueConstraint("version_id", "path", name="uq_overrides_version_path"),)


class Comment(Base):
    """A comment on a field path (or the whole form when the path is empty)."""

    __tablename__ = "comments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    form_id: Mapped[int] = mapped_column(ForeignKey("forms.id"), index=True)
    version_id: Mapped[int | None] = mapped_column(ForeignKey("versions.id"))
    path: Mapped[str] = mapped_column(String(200), default="")
    body: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Transition(Base):
    """One step of the workflow, as it happened."""

    __tablename__ = "transitions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    form_id: Mapped[int] = mapped_column(ForeignKey("forms.id"), index=True)
    version_id: Mapped[int | None] = mapped_column(ForeignKey("versions.id"))
    action: Mapped[str] = mapped_column(String(30))
    from_status: Mapped[str] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    comment: Mapped[str] = mapped_column(Text, default="")
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class AuditEntry(Base):
    """The append-only audit log: who did what, when, with the state before and after.

    Database triggers refuse UPDATE and DELETE on this table.
    """

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor_name: Mapped[str] = mapped_column(String(100), default="")
    action: Mapped[str] = mapped_column(String(50))
    entity: Mapped[str] = mapped_column(String(30))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    form_id: Mapped[int | None] = mapped_column(Integer, index=True)
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)


class ApiToken(Base):
    """A personal API token; only its SHA-256 is kept."""

    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)


class WebSession(Base):
    """A browser session: the cookie holds a random key, the table its SHA-256."""

    __tablename__ = "web_sessions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)


Index("ix_forms_year_status", FormRow.year, FormRow.status)
Index("ix_forms_updated_at", FormRow.updated_at, FormRow.id)
Index("ix_evaluations_grade_score", EvaluationRow.grade, EvaluationRow.score_total)
# The dashboard columns of an evaluation, as one covering index (after version_id, the
# column the lists join on): a list page never reads the evaluation JSON of the row.
EVALUATION_SUMMARY = (
    "scheme",
    "score_total",
    "score_upper",
    "grade",
    "grade_upper",
    "pending",
    "errors",
    "warnings",
    "infos",
    "met",
    "not_met",
    "undetermined",
    "execution_rate",
)
Index(
    "ix_evaluations_summary",
    EvaluationRow.version_id,
    *(getattr(EvaluationRow, c) for c in EVALUATION_SUMMARY),
)
