"""Exports: one form as HTML, XLSX, PDF or JSON; a year as a zip plus a summary XLSX."""

from __future__ import annotations

import importlib
import io
import json
import re
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from jixiao.checks.types import Severity
from jixiao.limits import LimitError
from jixiao.scoring import Evaluation, evaluation_to_json
from jixiao.service.access import Actor
from jixiao.service.errors import Invalid, ServiceError, TooLarge
from jixiao.service.forms import FormsMixin
from jixiao.service.types import Export, FormSummary

MEDIA = {
    "html": "text/html; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "json": "application/json",
    "zip": "application/zip",
}
FORMATS = ("html", "xlsx", "pdf", "json")
KIND_ZH = {"html": "HTML", "xlsx": "Excel", "pdf": "PDF", "json": "JSON"}


class ExportError(ServiceError):
    code, status = "export_failed", 500


def render(ev: Evaluation, fmt: str, extra: dict[str, Any] | None = None) -> bytes:
    """One evaluation as the bytes of an HTML page, workbook, PDF or evaluation JSON."""
    if fmt == "json":
        data = {**evaluation_to_json(ev), **(extra or {})}
        return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    try:
        mod = importlib.import_module("jixiao.render")
        fn = getattr(mod, f"render_{fmt}")
    except Exception as e:
        raise ExportError(
            f"无法生成 {KIND_ZH[fmt]}：输出模块不可用（{type(e).__name__}）"
        ) from None
    if fmt == "html":
        return fn(ev).encode("utf-8")
    with tempfile.TemporaryDirectory(prefix="jixiao-export-") as tmp:
        out = Path(tmp) / f"form.{fmt}"
        try:
            fn(ev, out)
        except LimitError as e:  # a form too long to print (PDF pages)
            raise TooLarge(f"无法生成 {KIND_ZH[fmt]}：{e}") from None
        except Exception as e:
            raise ExportError(f"生成 {KIND_ZH[fmt]} 失败（{type(e).__name__}: {e}）") from None
        return out.read_bytes()


def _safe(name: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "_", name).strip("._") or "form"


class ExportsMixin(FormsMixin):
    def export_form(
        self, actor: Actor | None, form_id: int, fmt: str, number: int | None = None
    ) -> Export:
        """A form's version (default: current) as ``html``, ``xlsx``, ``pdf`` or ``json``."""
        if fmt not in FORMATS:
            raise Invalid(f"导出格式应为 {'、'.join(FORMATS)} 之一")
        detail = self.get_form(actor, form_id)
        n = detail.version if number is None else number
        ev = self.evaluation_of(actor, form_id, n)
        data = render(ev, fmt, {"version": n, "status": detail.status})
        name = f"{_safe(detail.department)}-{detail.year}-v{n}.{fmt}"
        return Export(filename=name, media_type=MEDIA[fmt], data=data)

    def export_year(
        self, actor: Actor | None, year: int, formats: tuple[str, ...] = ("html", "xlsx", "json")
    ) -> Export:
        """Every form of a year the actor may read, in ``formats``, plus ``汇总.xlsx``."""
        bad = [f for f in formats if f not in FORMATS]
        if bad or not formats:
            raise Invalid(f"导出格式应为 {'、'.join(FORMATS)} 中的一个或多个")
        items: list[FormSummary] = []
        offset = 0
        while True:
            page = self.list_forms(actor, year=year, sort="department", limit=500, offset=offset)
            items.extend(page.items)
            offset += len(page.items)
            if offset >= page.total or not page.items:
                break
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for it in items:
                if it.version == 0:
                    continue
                ev = self.evaluation_of(actor, it.id, it.version)
                stem = f"{_safe(it.department)}-{year}"
                for fmt in formats:
                    extra = {"version": it.version, "status": it.status}
                    z.writestr(f"{year}/{stem}.{fmt}", render(ev, fmt, extra))
            z.writestr(f"{year}/汇总.xlsx", summary_xlsx(items))
        return Export(filename=f"jixiao-{year}.zip", media_type=MEDIA["zip"], data=buf.getvalue())


SUMMARY_HEAD = (
    "部门",
    "年度",
    "状态",
    "版本",
    "得分",
    "等级",
    "待复核",
    *(severity.label for severity in Severity),
    "预算完成率(%)",
)


def summary_row(it: FormSummary) -> list[Any]:
    """One form as a row of the summary table (in ``SUMMARY_HEAD`` order)."""
    e = it.evaluation
    if e is None:
        return [it.department, it.year, it.status_label, it.version, "", "", *[None] * 5]
    grade = e.grade if e.grade == e.grade_upper else f"{e.grade} – {e.grade_upper}"
    return [
        it.department,
        it.year,
        it.status_label,
        it.version,
        e.display,
        grade,
        e.pending,
        e.errors,
        e.warnings,
        e.infos,
        e.execution_rate,
    ]


def summary_xlsx(items: list[FormSummary]) -> bytes:
    """A table of forms: department, year, status, version, score, grade, findings."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "汇总"
    ws.append(list(SUMMARY_HEAD))
    for c in ws[1]:
        c.font = Font(bold=True)
        c.alignment = Alignment(horizontal="center")
    for it in items:
        ws.append(summary_row(it))
    widths = [36, 7, 10, 6, 15, 8, 8, 6, 6, 6, 14]
    for i, w in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + i)].width = w
    for row in ws.iter_rows(min_row=2, min_col=2):
        for c in row:
            c.alignment = Alignment(horizontal="center")
        row[-1].number_format = "0.00"  # 预算完成率 as printed: two decimals
    ws.freeze_panes = "A2"
    # Printable: A4 landscape, every column on one page wide, the header on every page.
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
