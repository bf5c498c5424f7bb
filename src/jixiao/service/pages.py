"""What the web pages ask beyond the API's operations: where an upload would go, an edit
evaluated before it is saved, the departments × years table of the dashboard, and that
table as a file. Each checks the actor's permission like every other service function."""

from __future__ import annotations

import csv
import io
from typing import Any, Unpack

from pydantic import BaseModel
from sqlalchemy import func, select

from jixiao.scoring import Evaluation
from jixiao.service.access import Actor, Perm, require
from jixiao.service.edits import Change, apply_changes
from jixiao.service.errors import Invalid
from jixiao.service.exports import MEDIA, SUMMARY_HEAD, summary_row, summary_xlsx
from jixiao.service.forms import (
    _SUMMARY_COLUMNS,
    FORM_KIND,
    FormFilter,
    FormsMixin,
    _carry,
    _summary_of_row,
)
from jixiao.service.types import DepartmentInfo, Export, FormSummary
from jixiao.store import models as m


class UploadTarget(BaseModel):
    """Where an upload would be saved: the department, and its form of the year if any."""

    department: DepartmentInfo
    year: int
    form: FormSummary | None = None


class MatrixRow(BaseModel):
    department_id: int
    department: str
    forms: dict[int, FormSummary]  # year → the department's form of that year


class FormMatrix(BaseModel):
    """A page of departments, each with its forms by year (the dashboard's table)."""

    total: int  # departments with a visible form that matches the filters
    limit: int
    offset: int
    years: list[int]  # newest first
    rows: list[MatrixRow]


EXPORT_TABLE_FORMATS = ("csv", "xlsx")


class PagesMixin(FormsMixin):
    def upload_target(
        self,
        actor: Actor,
        department_named: str,
        year: int,
        department_id: int | None = None,
    ) -> UploadTarget:
        """The department and form an upload of a file naming ``department_named`` for
        ``year`` would be saved to (as ``upload`` chooses them), without saving anything."""
        with self.store.read() as s:
            dept = self._upload_department(s, actor, department_named, department_id)
            require(actor, Perm.WRITE, dept.id)
            row = s.execute(
                select(*_SUMMARY_COLUMNS)
                .join(m.Department, m.Department.id == m.FormRow.department_id)
                .outerjoin(
                    m.EvaluationRow, m.EvaluationRow.version_id == m.FormRow.current_version_id
                )
                .where(
                    m.FormRow.department_id == dept.id,
                    m.FormRow.year == year,
                    m.FormRow.kind == FORM_KIND,
                )
            ).first()
            return UploadTarget(
                department=DepartmentInfo(id=dept.id, name=dept.name, parent_id=dept.parent_id),
                year=year,
                form=None if row is None else _summary_of_row(row),
            )

    def preview_edit(
        self, actor: Actor, form_id: int, base_version: int, changes: list[Change]
    ) -> Evaluation:
        """The evaluation the form would have with ``changes`` saved (nothing is saved):
        the same checks as ``edit`` (permission, version, status, the year's cycle), the
        same scheme and the reviewer decisions that would carry over."""
        with self.store.read() as s:
            f = self._get(s, form_id)
            cycle = self._edit_checks(s, actor, f, base_version)
            current = self._form_of(s, f)
            assert f.current_version_id is not None
            overrides = self._overrides_of(s, f.current_version_id)
            scheme = self._scheme(s, cycle.scheme if cycle else None)
        if not changes:
            return self._evaluate(scheme, current, overrides)
        new = apply_changes(current, changes)
        return self._evaluate(scheme, new, _carry(current, new, overrides))

    def form_matrix(
        self,
        actor: Actor | None,
        *,
        limit: int = 50,
        offset: int = 0,
        **filters: Unpack[FormFilter],
    ) -> FormMatrix:
        """Departments (by name, paged) × years: each department's visible forms that match
        ``filters`` (those of ``list_forms``)."""
        limit = max(1, min(limit, 200))
        offset = max(0, offset)
        where = self._form_filters(actor, filters)
        if where is None:
            return FormMatrix(total=0, limit=limit, offset=offset, years=[], rows=[])
        conds, needs_eval = where
        ev = m.EvaluationRow
        matching = select(m.FormRow.department_id).where(*conds)
        years_q = select(m.FormRow.year).where(*conds).distinct()
        if needs_eval:
            on = ev.version_id == m.FormRow.current_version_id
            matching = matching.join(ev, on)
            years_q = years_q.join(ev, on)
        depts = select(m.Department.id).where(m.Department.id.in_(matching))
        with self.store.read() as s:
            total = s.scalar(select(func.count()).select_from(depts.subquery())) or 0
            page = s.execute(
                select(m.Department.id, m.Department.name)
                .where(m.Department.id.in_(matching))
                .order_by(m.Department.name, m.Department.id)
                .limit(limit)
                .offset(offset)
            ).all()
            years = sorted(s.scalars(years_q), reverse=True)
            rows = {i: MatrixRow(department_id=i, department=name, forms={}) for i, name in page}
            if rows:
                forms = (
                    select(*_SUMMARY_COLUMNS)
                    .join(m.Department, m.Department.id == m.FormRow.department_id)
                    .outerjoin(ev, ev.version_id == m.FormRow.current_version_id)
                    .where(*conds, m.FormRow.department_id.in_(list(rows)))
                )
                for r in s.execute(forms):
                    item = _summary_of_row(r)
                    rows[item.department_id].forms[item.year] = item
        return FormMatrix(
            total=total, limit=limit, offset=offset, years=years, rows=list(rows.values())
        )

    def export_forms(self, actor: Actor | None, fmt: str, **filters: Any) -> Export:
        """The forms ``list_forms`` would list with ``filters`` as one table: CSV (UTF-8
        with a byte order mark, so that Excel reads the Chinese) or XLSX."""
        if fmt not in EXPORT_TABLE_FORMATS:
            raise Invalid(f"表格导出格式应为 {'、'.join(EXPORT_TABLE_FORMATS)} 之一")
        items: list[FormSummary] = []
        while True:
            page = self.list_forms(
                actor, sort="department", limit=500, offset=len(items), **filters
            )
            items.extend(page.items)
            if len(items) >= page.total or not page.items:
                break
        year = filters.get("year")
        name = f"jixiao-forms-{year}" if year else "jixiao-forms"
        if fmt == "xlsx":
            return Export(
                filename=f"{name}.xlsx", media_type=MEDIA["xlsx"], data=summary_xlsx(items)
            )
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(SUMMARY_HEAD)
        for it in items:
            w.writerow([_csv_cell(v) for v in summary_row(it)])
        return Export(
            filename=f"{name}.csv",
            media_type="text/csv; charset=utf-8",
            data=("\ufeff" + buf.getvalue()).encode("utf-8"),
        )


def _csv_cell(value: Any) -> Any:
    """A CSV cell; a text that a spreadsheet would take for a formula is quoted with '."""
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
