"""Forms: upload, edit, review (overrides, comments), the workflow, reading and listing.

Every write carries ``base_version``, the version number the change was made on. The
form row is locked for the transaction (SQLite: the write lock taken at BEGIN; PostgreSQL:
``SELECT … FOR UPDATE``) and the change is refused with ``Conflict`` when the form has
moved on since; the UPDATE itself also carries ``WHERE revision = …``. Everything a
change writes (version, evaluation, pointer, transition, audit entry) is one transaction.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any, TypedDict, Unpack

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from jixiao.importers import FORMATS, FormImportError, ImportResult, import_bytes
from jixiao.limits import LimitError, limits
from jixiao.model import Form
from jixiao.scoring import Evaluation, Override, OverrideError, parse_overrides
from jixiao.service.access import (
    ACTIONS,
    EDITABLE,
    Actor,
    Perm,
    Status,
    allowed,
    require,
)
from jixiao.service.base import (
    SUMMARY_FIELDS,
    ServiceBase,
    action_label,
    evaluation_summary_data,
)
from jixiao.service.edits import Change, apply_changes, flatten
from jixiao.service.errors import (
    Conflict,
    Forbidden,
    Invalid,
    NotFound,
    ServiceError,
    TooLarge,
    UnsupportedType,
)
from jixiao.service.types import (
    AuditInfo,
    CommentInfo,
    FieldChange,
    FormDetail,
    FormPage,
    FormSummary,
    OverrideInfo,
    TransitionInfo,
    UploadResult,
    VersionDetail,
    VersionInfo,
)
from jixiao.store import models as m
from jixiao.store.models import jdump, jload, utcnow

FORM_KIND = "department-overall"
SORTS = {
    "updated": (m.FormRow.updated_at.desc(), m.FormRow.id.desc()),
    "score": (m.EvaluationRow.score_total.asc(), m.FormRow.id),
    "-score": (m.EvaluationRow.score_total.desc(), m.FormRow.id),
    "department": (m.Department.name.asc(), m.FormRow.year.desc()),
    "year": (m.FormRow.year.desc(), m.Department.name.asc()),
}
_COMMENT_PATH = re.compile(r"^[a-z_]+(\[\d+\])?(\.[a-z_]+(\[\d+\])?)*$")


@dataclass
class Preview:
    """An import evaluated but not saved: what the upload page shows before saving."""

    evaluation: Evaluation
    format: str
    warnings: list[str] = field(default_factory=list)
    unplaced: list[dict[str, Any]] = field(default_factory=list)
    truncated: bool = False


_SUMMARY_COLUMNS = (
    m.FormRow.id,
    m.FormRow.department_id,
    m.Department.name,
    m.FormRow.year,
    m.FormRow.kind,
    m.FormRow.status,
    m.FormRow.current_number,
    m.FormRow.updated_at,
    *(getattr(m.EvaluationRow, k) for k in SUMMARY_FIELDS),
)


def _summary_of_row(r: Any) -> FormSummary:
    """A list item from one row of ``_SUMMARY_COLUMNS``."""
    return FormSummary.model_validate(_summary_data(r))


def _summary_data(r: Any) -> dict[str, Any]:
    """``_summary_of_row`` as plain data, for a page validated in one call."""
    fid, dept_id, dept, year, kind, status, number, updated, *ev = r
    return {
        "id": fid,
        "department_id": dept_id,
        "department": dept,
        "year": year,
        "kind": kind,
        "status": status,
        "status_label": Status(status).label,
        "version": number,
        "updated_at": updated,
        "evaluation": None if ev[0] is None else evaluation_summary_data(*ev),
    }


def upload_extensions() -> set[str]:
    """File name endings the importers read (from the importer registry)."""
    return {e for f in FORMATS for e in f.extensions if e}


class FormFilter(TypedDict, total=False):
    """What a list of forms may be filtered by (``list_forms``, ``form_matrix``); None or
    absent: no filter."""

    year: int | None
    department_id: int | None
    status: str | None
    grade: str | None
    min_score: float | None
    max_score: float | None
    has_errors: bool | None
    q: str | None  # 部门名称包含的文字


class FormsMixin(ServiceBase):
    # -- importing --------------------------------------------------------------------

    def read_file(self, data: bytes, filename: str) -> ImportResult:
        """Check an uploaded file against the limits and import it (no permission needed:
        nothing is read from or written to the store)."""
        name = PurePath(filename or "").name
        try:
            limits().check("max_bytes", len(data), where=f"文件 {name}")
        except LimitError as e:
            raise TooLarge(str(e)) from None
        if not data:
            raise Invalid(f"文件 {name} 是空的")
        ext = PurePath(name).suffix.lower()
        exts = upload_extensions()
        if ext and ext not in exts:
            raise UnsupportedType(f"不支持的文件类型 {ext}（可上传：{'、'.join(sorted(exts))}）")
        try:
            return import_bytes(data, name or None)
        except FormImportError as e:
            raise Invalid(f"无法读取文件 {name}：{e.problem}") from None
        except LimitError as e:
            kind = TooLarge if e.name == "max_bytes" else Invalid
            raise kind(f"文件 {name}：{e.problem}") from None
        except ServiceError:
            raise
        except Exception as e:  # an importer must never take the server down
            raise Invalid(f"无法读取文件 {name}（{type(e).__name__}）") from None

    def preview(self, actor: Actor, data: bytes, filename: str, year: int | None = None) -> Preview:
        """Import and evaluate a file without saving it (for the upload page's preview)."""
        if actor is None or not (
            actor.is_system or allowed(actor, Perm.WRITE, actor.department_id)
        ):
            raise Forbidden("无权上传表单")
        result = self.read_file(data, filename)
        with self.store.read() as s:
            c = self._cycle(s, year or result.form.year or 0)
            scheme = self._scheme(s, c.scheme if c else None)
        ev = self._evaluate(scheme, result.form, [])
        return Preview(
            ev, result.format, list(result.warnings), _unplaced(result), result.truncated
        )

    def upload(
        self,
        actor: Actor,
        data: bytes,
        filename: str,
        *,
        year: int | None = None,
        department_id: int | None = None,
        base_version: int | None = None,
        note: str = "",
    ) -> UploadResult:
        """A file of any format the importers read → a new version with its evaluation.

        The form is the department's form of that year (created on the first upload; a
        later upload must carry ``base_version``, the version it replaces). The department
        is ``department_id``, else the department named in the file when the actor may
        write it, else the actor's own; the year is ``year``, else the file's.
        """
        result = self.read_file(data, filename)
        form = result.form
        warnings = list(result.warnings)
        if result.truncated and not any("截断" in w for w in warnings):
            warnings.append("表单不完整（内容被截断）")
        y = year if year is not None else form.year
        if y is None:
            raise Invalid("无法确定年度：文件中没有年度，请指明年度")
        if year is not None and form.year is not None and form.year != year:
            warnings.append(f"表中年度为 {form.year}，按所选年度 {year} 保存")
        sha = hashlib.sha256(data).hexdigest()
        name = PurePath(filename or "").name[:300] or None
        with self._writing() as s:
            dept = self._upload_department(s, actor, form.department, department_id)
            if form.department and form.department != dept.name:
                warnings.append(f"表中部门名称为“{form.department}”，保存到部门“{dept.name}”")
            require(actor, Perm.WRITE, dept.id)
            cycle = self._accepting(s, actor, y)
            f = s.scalar(
                select(m.FormRow)
                .where(
                    m.FormRow.department_id == dept.id,
                    m.FormRow.year == y,
                    m.FormRow.kind == FORM_KIND,
                )
                .with_for_update()
            )
            created = f is None
            if f is None:
                if base_version not in (None, 0):
                    raise Conflict(f"{dept.name} {y} 年度还没有表单，不存在第 {base_version} 版")
                now = utcnow()
                f = m.FormRow(
                    department_id=dept.id,
                    year=y,
                    kind=FORM_KIND,
                    status=Status.DRAFT.value,
                    current_number=0,
                    created_at=now,
                    updated_at=now,
                )
                s.add(f)
                s.flush()
                self._audit(s, actor, "create", "form", f.id, form_id=f.id, after=_form_state(f))
            else:
                if base_version is None:
                    raise Conflict(
                        f"{dept.name} {y} 年度已有表单（当前第 {f.current_number} 版）；"
                        "上传新版本时请注明所依据的版本号（base_version）"
                    )
                self._check_base(f, base_version)
                self._check_editable(f)
            if s.get(m.Upload, sha) is None:
                try:
                    with s.begin_nested():  # the same file may be arriving concurrently
                        s.add(m.Upload(sha256=sha, size=len(data), data=data, created_at=utcnow()))
                except IntegrityError:
                    pass
            self._new_version(
                s,
                actor,
                f,
                form,
                scheme_key=cycle.scheme if cycle else None,
                action="upload",
                note=note or f"上传 {name or ''}".strip(),
                source=(sha, name, result.format),
                warnings=warnings,
                unplaced=_unplaced(result),
            )
            detail = self._detail(s, actor, f)
        return UploadResult(form=detail, created=created, warnings=warnings)

    def _upload_department(
        self, s: Session, actor: Actor, named_in_form: str, department_id: int | None
    ) -> m.Department:
        if department_id is not None:
            return self._department(s, department_id)
        named = s.scalar(select(m.Department).where(m.Department.name == named_in_form.strip()))
        if named is not None and allowed(actor, Perm.WRITE, named.id):
            return named
        if actor.department_id is not None:
            return self._department(s, actor.department_id)
        if named is not None:
            return named
        raise Invalid("无法确定部门：请指明部门（department_id）")

    # -- editing ----------------------------------------------------------------------

    def edit(
        self,
        actor: Actor,
        form_id: int,
        base_version: int,
        changes: list[Change] | None = None,
        *,
        form: dict[str, Any] | None = None,
        note: str = "",
    ) -> FormDetail:
        """Field changes (or a whole form in the shared shape) → a new draft version,
        re-evaluated. Refused when the form moved on from ``base_version``."""
        with self._writing() as s:
            f = self._locked(s, form_id)
            cycle = self._edit_checks(s, actor, f, base_version)
            current = self._form_of(s, f)
            if form is not None:
                try:
                    new = Form.from_shared(form)
                except (ValueError, TypeError, AttributeError) as e:
                    raise Invalid(f"表单内容无效：{e}") from None
                what = "整表替换"
            else:
                new = apply_changes(current, changes or [])
                what = f"编辑 {len(changes or [])} 处"
            self._new_version(
                s,
                actor,
                f,
                new,
                scheme_key=cycle.scheme if cycle else None,
                action="edit",
                note=note or what,
                source=self._source_of(s, f),
                warnings=[],
                unplaced=[],
            )
            return self._detail(s, actor, f)

    def _edit_checks(
        self, s: Session, actor: Actor, f: m.FormRow, base_version: int
    ) -> m.Cycle | None:
        """What a change of the form's content must pass (the permission, the version it
        was made on, a status that allows changes, the year open); the year's cycle."""
        require(actor, Perm.WRITE, f.department_id)
        self._check_base(f, base_version)
        self._check_editable(f)
        return self._accepting(s, actor, f.year)

    def _new_version(
        self,
        s: Session,
        actor: Actor,
        f: m.FormRow,
        form: Form,
        *,
        scheme_key: str | None,
        action: str,
        note: str,
        source: tuple[str | None, str | None, str | None],
        warnings: list[str],
        unplaced: list[dict[str, Any]],
    ) -> m.Version:
        """Add version N+1 with its evaluation and point the form at it."""
        carried: list[Override] = []
        if f.current_version_id is not None:
            carried = _carry(self._form_of(s, f), form, self._overrides_of(s, f.current_version_id))
        scheme = self._scheme(s, scheme_key)
        ev = self._evaluate(scheme, form, carried)
        now = utcnow()
        v = m.Version(
            form_id=f.id,
            number=f.current_number + 1,
            form_json=jdump(form.model_dump(mode="json")),
            source_sha256=source[0],
            source_filename=source[1],
            source_format=source[2],
            warnings=jdump(warnings),
            unplaced=jdump(unplaced),
            note=note[:500],
            created_by=actor.user_id,
            created_at=now,
        )
        s.add(v)
        s.flush()
        s.add(m.EvaluationRow(version_id=v.id, updated_at=now, **self._evaluation_columns(ev)))
        for o in carried:
            s.add(self._override_row(v.id, o, actor.user_id, now))
        before = _form_state(f)
        f.current_version_id = v.id
        f.current_number = v.number
        f.updated_at = now
        s.flush()
        self._audit(
            s,
            actor,
            action,
            "version",
            v.id,
            form_id=f.id,
            before=before,
            after={
                **_form_state(f),
                "note": v.note,
                "source_sha256": v.source_sha256,
                "score": ev.score.display(),
                "carried_overrides": [o.path for o in carried],
            },
        )
        return v

    # -- review -----------------------------------------------------------------------

    def set_override(
        self,
        actor: Actor,
        form_id: int,
        base_version: int,
        path: str,
        *,
        comment: str,
        verdict: str | None = None,
        score: float | int | str | None = None,
        replace: bool = False,
    ) -> FormDetail:
        """A reviewer's verdict or score on one indicator of the current version, with a
        comment; the evaluation is recomputed. An existing decision on the same indicator
        is replaced only with ``replace``."""
        entry: dict[str, Any] = {"path": path, "comment": comment}
        if verdict is not None:
            entry["verdict"] = verdict
        if score is not None:
            entry["score"] = _decimal_score(score)
        try:
            (o,) = parse_overrides([entry], "复核意见")
        except OverrideError as e:
            raise Invalid(str(e)) from None
        with self._writing() as s:
            f = self._locked(s, form_id)
            require(actor, Perm.OVERRIDE, f.department_id)
            self._check_base(f, base_version)
            if f.status != Status.SUBMITTED:
                raise Conflict(
                    f"表单状态为“{Status(f.status).label}”，只有已提交的表单可以复核认定"
                )
            assert f.current_version_id is not None
            existing = s.scalar(
                select(m.OverrideRow).where(
                    m.OverrideRow.version_id == f.current_version_id, m.OverrideRow.path == o.path
                )
            )
            if existing is not None and not replace:
                raise Conflict(f"{o.path} 已有复核意见；如要改为新的认定，请确认替换")
            ovs = [x for x in self._overrides_of(s, f.current_version_id) if x.path != o.path]
            o = o.model_copy(update={"reviewer": actor.name})
            before = None
            if existing is not None:
                before = _override_state(existing)
                s.delete(existing)
                s.flush()
            row = self._override_row(f.current_version_id, o, actor.user_id, utcnow())
            s.add(row)
            self._reevaluate(s, f, [*ovs, o])
            s.flush()
            self._audit(
                s,
                actor,
                "override",
                "override",
                row.id,
                form_id=f.id,
                before=before,
                after=_override_state(row),
            )
            return self._detail(s, actor, f)

    def remove_override(
        self, actor: Actor, form_id: int, base_version: int, path: str
    ) -> FormDetail:
        with self._writing() as s:
            f = self._locked(s, form_id)
            require(actor, Perm.OVERRIDE, f.department_id)
            self._check_base(f, base_version)
            if f.status != Status.SUBMITTED:
                raise Conflict(f"表单状态为“{Status(f.status).label}”，不能撤销复核认定")
            row = s.scalar(
                select(m.OverrideRow).where(
                    m.OverrideRow.version_id == f.current_version_id,
                    m.OverrideRow.path == "".join(path.split()),
                )
            )
            if row is None:
                raise NotFound(f"{path} 没有复核意见")
            before = _override_state(row)
            s.delete(row)
            s.flush()
            assert f.current_version_id is not None
            self._reevaluate(s, f, self._overrides_of(s, f.current_version_id))
            self._audit(
                s, actor, "remove_override", "override", row.id, form_id=f.id, before=before
            )
            return self._detail(s, actor, f)

    def _reevaluate(self, s: Session, f: m.FormRow, overrides: list[Override]) -> None:
        """Score the current version again, under the scheme it was scored with."""
        row = s.scalar(
            select(m.EvaluationRow).where(m.EvaluationRow.version_id == f.current_version_id)
        )
        assert row is not None
        ev = self._evaluate(self._scheme(s, row.scheme), self._form_of(s, f), overrides)
        for k, v in self._evaluation_columns(ev).items():
            setattr(row, k, v)
        row.updated_at = utcnow()
        f.updated_at = row.updated_at

    @staticmethod
    def _override_row(version_id: int, o: Override, user_id: int | None, now: Any) -> m.OverrideRow:
        return m.OverrideRow(
            version_id=version_id,
            path=o.path,
            verdict=None if o.verdict is None else str(o.verdict),
            score=None if o.score is None else str(o.score),
            comment=o.comment,
            reviewer_id=user_id,
            created_at=now,
        )

    def add_comment(self, actor: Actor, form_id: int, body: str, path: str = "") -> CommentInfo:
        """A comment on a field path (``tasks[2].indicators[1]``) or on the whole form."""
        body = body.strip()
        if not body:
            raise Invalid("意见内容不能为空")
        if len(body) > 5000:
            raise Invalid("意见过长（最多 5000 个字符）")
        path = "".join(path.split())
        with self._writing() as s:
            f = self._get(s, form_id)
            require(actor, Perm.COMMENT, f.department_id)
            if path:
                if not _COMMENT_PATH.match(path) or len(path) > 200:
                    raise Invalid(f"字段路径 {path!r} 写法不正确（如 tasks[2].indicators[1]）")
                if path not in flatten(self._form_of(s, f).to_shared()) and not _resolves(
                    self._form_of(s, f), path
                ):
                    raise Invalid(f"表单中没有 {path}")
            c = m.Comment(
                form_id=f.id,
                version_id=f.current_version_id,
                path=path,
                body=body,
                author_id=actor.user_id,
                created_at=utcnow(),
            )
            s.add(c)
            s.flush()
            self._audit(
                s,
                actor,
                "comment",
                "comment",
                c.id,
                form_id=f.id,
                after={"path": path, "body": body},
            )
            return self._comment_info(s, c)

    # -- workflow ---------------------------------------------------------------------

    def transition(
        self, actor: Actor, form_id: int, action: str, base_version: int, comment: str = ""
    ) -> FormDetail:
        """One workflow step (submit, unit_approve, return, approve, publish) on the
        version ``base_version``; each allowed to its role only, each recorded."""
        a = ACTIONS.get(action)
        if a is None:
            raise Invalid(f"未知操作 {action!r}（可用：{'、'.join(ACTIONS)}）")
        comment = comment.strip()
        if len(comment) > 5000:
            raise Invalid("意见过长（最多 5000 个字符）")
        with self._writing() as s:
            f = self._locked(s, form_id)
            require(actor, Perm.READ, f.department_id)
            self._check_base(f, base_version)
            step = next((st for st in a.steps if st[0] == f.status), None)
            if step is None:
                raise Conflict(f"表单当前状态为“{Status(f.status).label}”，不能{a.label}")
            _, to, perm = step
            require(actor, perm, f.department_id)
            if a.needs_comment and not comment:
                raise Invalid(f"{a.label}时必须填写意见")
            if action == "submit":
                cycle = self._accepting(s, actor, f.year)
                if cycle is not None and cycle.leader_approval:
                    to = Status.UNIT_REVIEW
                ev = s.scalar(
                    select(m.EvaluationRow).where(
                        m.EvaluationRow.version_id == f.current_version_id
                    )
                )
                if ev is not None and ev.errors and not comment:
                    raise Invalid(f"表单还有 {ev.errors} 个错误级问题；如仍要提交，请写明理由")
            before = _form_state(f)
            t = m.Transition(
                form_id=f.id,
                version_id=f.current_version_id,
                action=action,
                from_status=f.status,
                to_status=to.value,
                comment=comment,
                actor_id=actor.user_id,
                created_at=utcnow(),
            )
            s.add(t)
            f.status = to.value
            f.updated_at = t.created_at
            s.flush()
            self._audit(
                s,
                actor,
                action,
                "form",
                f.id,
                form_id=f.id,
                before=before,
                after={**_form_state(f), "comment": comment},
            )
            return self._detail(s, actor, f)

    # -- reading ----------------------------------------------------------------------

    def get_form(self, actor: Actor | None, form_id: int) -> FormDetail:
        with self.store.read() as s:
            f = self._readable(s, actor, form_id)
            return self._detail(s, actor, f)

    def list_forms(
        self,
        actor: Actor | None,
        *,
        sort: str = "updated",
        limit: int = 50,
        offset: int = 0,
        **filters: Unpack[FormFilter],
    ) -> FormPage:
        """The forms the actor may read, filtered, sorted and paged (anonymous: published)."""
        if sort not in SORTS:
            raise Invalid(f"排序方式应为 {'、'.join(SORTS)} 之一")
        limit = max(1, min(limit, 500))
        offset = max(0, offset)
        where = self._form_filters(actor, filters)
        if where is None:
            return FormPage(total=0, limit=limit, offset=offset, items=[])
        conds, needs_eval = where
        ev = m.EvaluationRow
        # Plain columns, not ORM entities: a page of 50 summaries is built from tuples.
        page = (
            select(*_SUMMARY_COLUMNS)
            .join(m.Department, m.Department.id == m.FormRow.department_id)
            .outerjoin(ev, ev.version_id == m.FormRow.current_version_id)
            .order_by(*SORTS[sort])
        )
        if sort == "updated" and not needs_eval:
            # Page over the forms' own index first, then join only the rows shown: a deep
            # page does not join every form it skips.
            # (a join to the page's ids, not IN: PostgreSQL then fetches the rows by key
            # instead of hashing every form against the page)
            ids = (
                select(m.FormRow.id)
                .where(*conds)
                .order_by(*SORTS[sort])
                .limit(limit)
                .offset(offset)
                .subquery("page")
            )
            page = page.join(ids, ids.c.id == m.FormRow.id)
            windowed = False
        else:
            # the total comes with the rows (a window count over the same filtered scan):
            # one query instead of a count and a page
            page = (
                page.add_columns(func.count().over().label("total"))
                .where(*conds)
                .limit(limit)
                .offset(offset)
            )
            windowed = True
        count = select(func.count()).select_from(m.FormRow)
        if needs_eval:
            count = count.join(ev, ev.version_id == m.FormRow.current_version_id)
        with self.store.read() as s:
            rows = s.execute(page).all()
            if windowed and rows:
                total = rows[0][-1]
                rows = [r[:-1] for r in rows]
            else:  # no window, or a page past the end: the total on its own
                total = s.scalar(count.where(*conds))
            items = [_summary_data(r) for r in rows]
        return FormPage.model_validate(
            {"total": total or 0, "limit": limit, "offset": offset, "items": items}
        )

    def _form_filters(
        self, actor: Actor | None, filters: FormFilter
    ) -> tuple[list[Any], bool] | None:
        """The conditions of a form list (visibility, then filters) and whether they need
        the evaluation joined; None when the actor may read no form at all."""
        unknown = set(filters) - FormFilter.__annotations__.keys()
        if unknown:
            raise TypeError(f"unknown form filters: {sorted(unknown)}")
        year, department_id = filters.get("year"), filters.get("department_id")
        status, grade, q = filters.get("status"), filters.get("grade"), filters.get("q")
        min_score, max_score = filters.get("min_score"), filters.get("max_score")
        has_errors = filters.get("has_errors")
        if status is not None and status not in {x.value for x in Status}:
            raise Invalid(f"状态应为 {'、'.join(x.value for x in Status)} 之一")
        visible = self._visible(actor)
        if visible is None:
            return None
        conds: list[Any] = list(visible)
        needs_eval = False
        if year is not None:
            conds.append(m.FormRow.year == year)
        if department_id is not None:
            conds.append(m.FormRow.department_id == department_id)
        if status is not None:
            conds.append(m.FormRow.status == status)
        ev = m.EvaluationRow
        for cond in (
            None if grade is None else ev.grade == grade,
            None if min_score is None else ev.score_total >= min_score,
            None if max_score is None else ev.score_total <= max_score,
            None if has_errors is None else (ev.errors > 0 if has_errors else ev.errors == 0),
        ):
            if cond is not None:
                conds.append(cond)
                needs_eval = True
        if q:
            like = (
                "%" + q.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            )
            named = select(m.Department.id).where(m.Department.name.like(like, escape="\\"))
            conds.append(m.FormRow.department_id.in_(named))
        return conds, needs_eval

    def list_versions(self, actor: Actor | None, form_id: int) -> list[VersionInfo]:
        with self.store.read() as s:
            f = self._readable(s, actor, form_id)
            q = select(m.Version).where(m.Version.form_id == f.id)
            if not allowed(actor, Perm.READ, f.department_id):  # the public: what is published
                q = q.where(m.Version.number == f.current_number)
            rows = s.scalars(q.order_by(m.Version.number))
            return [self._version_info(s, v) for v in rows]

    def get_version(
        self, actor: Actor | None, form_id: int, number: int | None = None
    ) -> VersionDetail:
        """One version: the form (shared shape and the model with provenance), its source,
        the importer's warnings and unplaced cells."""
        with self.store.read() as s:
            f = self._readable(s, actor, form_id)
            v = self._version(s, f, number, actor)
            model = jload(v.form_json)
            form = Form.model_validate(model)
            return VersionDetail(
                **self._version_info(s, v).model_dump(), form=form.to_shared(), provenance=model
            )

    def get_evaluation(
        self, actor: Actor | None, form_id: int, number: int | None = None
    ) -> dict[str, Any]:
        """The evaluation JSON of a version (``docs/scoring.md``), with its form and number."""
        return json.loads(self.get_evaluation_text(actor, form_id, number))  # type: ignore[no-any-return]

    def get_evaluation_text(
        self, actor: Actor | None, form_id: int, number: int | None = None
    ) -> str:
        """``get_evaluation`` as JSON text, straight from the store (no re-serialising)."""
        with self.store.read() as s:
            f = self._readable(s, actor, form_id)
            v = self._version(s, f, number, actor)
            data = s.scalar(select(m.EvaluationRow.data).where(m.EvaluationRow.version_id == v.id))
            if data is None:
                raise NotFound(f"第 {v.number} 版没有评价结果")
            return f'{data[:-1]},"version":{v.number}}}'  # the stored text is one JSON object

    def evaluation_of(
        self, actor: Actor | None, form_id: int, number: int | None = None
    ) -> Evaluation:
        """The ``Evaluation`` object of a version (recomputed with its overrides), for rendering."""
        with self.store.read() as s:
            f = self._readable(s, actor, form_id)
            v = self._version(s, f, number, actor)
            # the scheme the version was scored with: a later change of the year's scheme
            # applies to new versions, and the stored evaluation and its exports stay alike
            key = s.scalar(select(m.EvaluationRow.scheme).where(m.EvaluationRow.version_id == v.id))
            scheme = self._scheme(s, key)
            form = Form.model_validate(jload(v.form_json))
            return self._evaluate(scheme, form, self._overrides_of(s, v.id))

    def get_source(
        self, actor: Actor | None, form_id: int, number: int | None = None
    ) -> tuple[bytes, str]:
        """The original uploaded file of a version and its name."""
        with self.store.read() as s:
            f = self._readable(s, actor, form_id)
            v = self._version(s, f, number, actor)
            if v.source_sha256 is None:
                raise NotFound(f"第 {v.number} 版没有原始文件")
            up = s.get(m.Upload, v.source_sha256)
            assert up is not None
            return up.data, v.source_filename or f"form-{f.id}-v{v.number}"

    def list_overrides(
        self, actor: Actor | None, form_id: int, number: int | None = None
    ) -> list[OverrideInfo]:
        with self.store.read() as s:
            f = self._readable(s, actor, form_id)
            v = self._version(s, f, number, actor)
            rows = s.scalars(
                select(m.OverrideRow)
                .where(m.OverrideRow.version_id == v.id)
                .order_by(m.OverrideRow.id)
            )
            return [
                OverrideInfo(
                    id=o.id,
                    version=v.number,
                    path=o.path,
                    verdict=o.verdict,
                    score=None if o.score is None else float(o.score),
                    comment=o.comment,
                    reviewer=self._user_name(s, o.reviewer_id),
                    created_at=o.created_at,
                )
                for o in rows
            ]

    def list_comments(self, actor: Actor | None, form_id: int) -> list[CommentInfo]:
        with self.store.read() as s:
            f = self._readable(s, actor, form_id)
            if not allowed(actor, Perm.READ, f.department_id):
                return []  # the public sees published forms, not the review
            rows = s.scalars(
                select(m.Comment).where(m.Comment.form_id == f.id).order_by(m.Comment.id)
            )
            return [self._comment_info(s, c) for c in rows]

    def list_transitions(self, actor: Actor | None, form_id: int) -> list[TransitionInfo]:
        with self.store.read() as s:
            f = self._readable(s, actor, form_id)
            if not allowed(actor, Perm.READ, f.department_id):
                return []  # the review (return reasons …) is not published with the form
            rows = s.scalars(
                select(m.Transition).where(m.Transition.form_id == f.id).order_by(m.Transition.id)
            )
            out = []
            for t in rows:
                v = s.get(m.Version, t.version_id) if t.version_id else None
                out.append(
                    TransitionInfo(
                        id=t.id,
                        version=v.number if v else None,
                        action=t.action,
                        action_label=action_label(t.action),
                        from_status=t.from_status,
                        to_status=t.to_status,
                        comment=t.comment,
                        actor=self._user_name(s, t.actor_id),
                        created_at=t.created_at,
                    )
                )
            return out

    def form_history(self, actor: Actor | None, form_id: int, limit: int = 200) -> list[AuditInfo]:
        """Who did what when on this form (its audit log entries, newest first)."""
        with self.store.read() as s:
            f = self._get(s, form_id)
            require(actor, Perm.READ, f.department_id)
            from jixiao.service.accounts import AccountsMixin

            return AccountsMixin._audit_rows(s, f.id, limit, 0)

    def diff_versions(self, actor: Actor | None, form_id: int, a: int, b: int) -> list[FieldChange]:
        """Field-by-field differences between versions ``a`` and ``b``."""
        with self.store.read() as s:
            f = self._readable(s, actor, form_id)
            old = flatten(
                Form.model_validate(jload(self._version(s, f, a, actor).form_json)).to_shared()
            )
            new = flatten(
                Form.model_validate(jload(self._version(s, f, b, actor).form_json)).to_shared()
            )
        return [
            FieldChange(path=p, before=old.get(p), after=new.get(p))
            for p in [*old, *(k for k in new if k not in old)]
            if old.get(p) != new.get(p)
        ]

    # -- helpers ----------------------------------------------------------------------

    @staticmethod
    def _visible(actor: Actor | None) -> list[Any] | None:
        """The conditions that limit forms to those the actor may read (None: none)."""
        if actor is None:
            return [m.FormRow.status == Status.PUBLISHED.value]
        if allowed(actor, Perm.READ):
            return []
        if not actor.scope:
            return None
        return [m.FormRow.department_id.in_(sorted(actor.scope))]

    @contextmanager
    def _writing(self) -> Iterator[Session]:
        """A write transaction whose database-level conflicts become ``Conflict``."""
        try:
            with self.store.write() as s:
                yield s
        except StaleDataError:
            raise Conflict(
                "表单刚被他人修改，本次操作未保存，请刷新后重试", code="stale_version"
            ) from None
        except IntegrityError:
            raise Conflict("与他人同时进行的操作冲突，本次操作未保存，请刷新后重试") from None

    @staticmethod
    def _get(s: Session, form_id: int) -> m.FormRow:
        f = s.get(m.FormRow, form_id)
        if f is None:
            raise NotFound(f"表单 {form_id} 不存在")
        return f

    def _locked(self, s: Session, form_id: int) -> m.FormRow:
        f = s.get(m.FormRow, form_id, with_for_update=True)
        if f is None:
            raise NotFound(f"表单 {form_id} 不存在")
        return f

    def _readable(self, s: Session, actor: Actor | None, form_id: int) -> m.FormRow:
        f = self._get(s, form_id)
        if f.status == Status.PUBLISHED or allowed(actor, Perm.READ, f.department_id):
            return f
        if actor is None:
            raise NotFound(f"表单 {form_id} 不存在")  # the public does not learn what exists
        require(actor, Perm.READ, f.department_id)
        return f

    @staticmethod
    def _check_base(f: m.FormRow, base_version: int) -> None:
        if base_version != f.current_number:
            raise Conflict(
                f"表单已更新为第 {f.current_number} 版，而本次操作基于第 {base_version} 版；"
                "为避免覆盖他人的修改，本次操作未保存，请刷新后重试",
                code="stale_version",
            )

    @staticmethod
    def _check_editable(f: m.FormRow) -> None:
        if f.status not in EDITABLE:
            raise Conflict(f"表单状态为“{Status(f.status).label}”，不能修改；退回后才能修改")

    def _accepting(self, s: Session, actor: Actor, year: int) -> m.Cycle | None:
        """The year's cycle; department users may only work while it is open."""
        c = self._cycle(s, year)
        if actor.is_system:
            return c
        if c is None:
            raise Conflict(f"{year} 年度的填报尚未开启")
        info = self._cycle_info(c)
        if not info.accepting:
            why = "已关闭" if c.status != "open" else f"已过截止日期（{c.deadline}）"
            raise Conflict(f"{year} 年度的填报{why}")
        return c

    @staticmethod
    def _form_of(s: Session, f: m.FormRow) -> Form:
        v = s.get(m.Version, f.current_version_id) if f.current_version_id else None
        if v is None:
            raise NotFound(f"表单 {f.id} 还没有内容")
        return Form.model_validate(jload(v.form_json))

    @staticmethod
    def _source_of(s: Session, f: m.FormRow) -> tuple[str | None, str | None, str | None]:
        v = s.get(m.Version, f.current_version_id) if f.current_version_id else None
        return (v.source_sha256, v.source_filename, v.source_format) if v else (None, None, None)

    @staticmethod
    def _version(s: Session, f: m.FormRow, number: int | None, actor: Actor | None) -> m.Version:
        """Version ``number`` (default: the current one). Someone who may read the form only
        because it is published (the public) gets the published version, not the drafts."""
        n = f.current_number if number is None else number
        if n != f.current_number and not allowed(actor, Perm.READ, f.department_id):
            raise NotFound(f"表单 {f.id} 只公开其第 {f.current_number} 版")
        v = s.scalar(select(m.Version).where(m.Version.form_id == f.id, m.Version.number == n))
        if v is None:
            raise NotFound(f"表单 {f.id} 没有第 {n} 版")
        return v

    @staticmethod
    def _user_name(s: Session, user_id: int | None) -> str | None:
        if user_id is None:
            return None
        u = s.get(m.User, user_id)
        return (u.display_name or u.name) if u else None

    def _version_info(self, s: Session, v: m.Version) -> VersionInfo:
        return VersionInfo(
            number=v.number,
            note=v.note,
            source_filename=v.source_filename,
            source_sha256=v.source_sha256,
            source_format=v.source_format,
            created_by=self._user_name(s, v.created_by),
            created_at=v.created_at,
            warnings=jload(v.warnings),
            unplaced=jload(v.unplaced),
        )

    def _comment_info(self, s: Session, c: m.Comment) -> CommentInfo:
        v = s.get(m.Version, c.version_id) if c.version_id else None
        return CommentInfo(
            id=c.id,
            version=v.number if v else None,
            path=c.path,
            body=c.body,
            author=self._user_name(s, c.author_id),
            created_at=c.created_at,
        )

    def _form_summary(self, f: m.FormRow, dept: str, e: m.EvaluationRow | None) -> FormSummary:
        return FormSummary(
            id=f.id,
            department_id=f.department_id,
            department=dept,
            year=f.year,
            kind=f.kind,
            status=f.status,
            status_label=Status(f.status).label,
            version=f.current_number,
            updated_at=f.updated_at,
            evaluation=self._summary(e),
        )

    def _detail(self, s: Session, actor: Actor | None, f: m.FormRow) -> FormDetail:
        dept = self._department(s, f.department_id)
        e = s.scalar(
            select(m.EvaluationRow).where(m.EvaluationRow.version_id == f.current_version_id)
        )
        v = s.get(m.Version, f.current_version_id) if f.current_version_id else None
        cycle = self._cycle(s, f.year)
        cinfo = self._cycle_info(cycle) if cycle else None
        actions = []
        for a in ACTIONS.values():
            for frm, _, perm in a.steps:
                if frm == f.status and allowed(actor, perm, f.department_id):
                    if a.name == "submit" and actor is not None and not actor.is_system:
                        if cinfo is None or not cinfo.accepting:
                            continue
                    actions.append(a.name)
                    break
        writable = actor is not None and (actor.is_system or bool(cinfo and cinfo.accepting))
        return FormDetail(
            **self._form_summary(f, dept.name, e).model_dump(),
            cycle=cinfo,
            current=self._version_info(s, v) if v else None,
            actions=actions,
            can_edit=writable
            and f.status in EDITABLE
            and allowed(actor, Perm.WRITE, f.department_id),
            can_override=f.status == Status.SUBMITTED
            and allowed(actor, Perm.OVERRIDE, f.department_id),
            can_comment=allowed(actor, Perm.COMMENT, f.department_id),
        )


def _unplaced(result: ImportResult) -> list[dict[str, Any]]:
    return [
        {
            "line": u.ref.line,
            "cell": u.ref.cell,
            "page": u.ref.page,
            "text": u.text,
            "where": u.ref.describe(),
        }
        for u in result.unplaced
    ]


def _form_state(f: m.FormRow) -> dict[str, Any]:
    return {"status": f.status, "version": f.current_number}


def _override_state(o: m.OverrideRow) -> dict[str, Any]:
    return {"path": o.path, "verdict": o.verdict, "score": o.score, "comment": o.comment}


def _decimal_score(score: float | int | str) -> Any:
    from decimal import Decimal, InvalidOperation

    try:
        return Decimal(str(score))
    except InvalidOperation:
        raise Invalid(f"分数 {score!r} 不是数字") from None


def _resolves(form: Form, path: str) -> bool:
    try:
        form.resolve(path)
    except (AttributeError, IndexError, ValueError, TypeError):
        return False
    return True


def _carry(old: Form, new: Form, overrides: list[Override]) -> list[Override]:
    """Reviewer decisions that still apply: the indicator at the path reads exactly as it
    did when the reviewer judged it (same name, target and completion)."""
    kept = []
    for o in overrides:
        try:
            a, b = old.resolve(o.path), new.resolve(o.path)
        except (AttributeError, IndexError, ValueError, TypeError):
            continue
        if _content(a) == _content(b):
            kept.append(o)
    return kept


def _content(obj: Any) -> Any:
    return obj.model_dump(exclude={"provenance"}) if hasattr(obj, "model_dump") else obj
