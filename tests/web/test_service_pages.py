"""What the service offers the web pages (on SQLite and PostgreSQL): where an upload goes,
an edit evaluated before saving, the departments × years table and its export."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from jixiao.service import SYSTEM, Change, Conflict, Forbidden, Invalid
from jixiao.service.edits import field_kind, row_kind
from tests.system.conftest import World, form_bytes


def test_upload_target_is_where_upload_saves(world: World):
    svc = world.svc
    t = svc.upload_target(world.filler, "广州市黄埔区人民政府文冲街道办事处", 2021)
    assert (t.department.id, t.form) == (world.own, None)
    res = svc.upload(world.filler, form_bytes(department="文冲街道"), "f.json", year=2021)
    again = svc.upload_target(world.filler, "某个不存在的部门", 2021)  # falls back to own
    assert again.department.id == world.own == res.form.department_id
    assert again.form is not None and again.form.id == res.form.id and again.form.version == 1
    # another department's name in the file: the filler's own department, as upload does
    assert svc.upload_target(world.filler, "广州市黄埔区人民政府大沙街道办事处", 2021).department.id == world.own  # fmt: skip
    with pytest.raises(Forbidden):
        svc.upload_target(world.filler, "", 2021, department_id=world.other)
    with pytest.raises(Forbidden):
        svc.upload_target(world.reviewer, "广州市黄埔区人民政府文冲街道办事处", 2021)


def test_preview_edit_evaluates_without_saving_and_checks_like_edit(world: World):
    svc = world.svc
    fid = world.new_form("own", "draft")
    before = svc.get_form(world.filler, fid)
    change = Change(path="key_indicators[0].completion", value="获评优秀，达到“优”")
    ev = svc.preview_edit(world.filler, fid, before.version, [change])
    assert ev.form.key_indicators[0].completion == "获评优秀，达到“优”"
    after = svc.get_form(world.filler, fid)
    assert (after.version, after.updated_at) == (before.version, before.updated_at)
    assert svc.preview_edit(world.filler, fid, 1, []).form.key_indicators[0].completion != (
        "获评优秀，达到“优”"
    )
    with pytest.raises(Conflict) as e:
        svc.preview_edit(world.filler, fid, 7, [change])
    assert e.value.code == "stale_version"
    with pytest.raises(Forbidden):
        svc.preview_edit(world.other_filler, fid, 1, [change])
    with pytest.raises(Forbidden):
        svc.preview_edit(world.reviewer, fid, 1, [change])
    with pytest.raises(Invalid, match="不是数字"):
        svc.preview_edit(world.filler, fid, 1, [Change(path="funds.adjustment", value="三百")])
    submitted = world.new_form("own", "submitted")
    with pytest.raises(Conflict, match="不能修改"):
        svc.preview_edit(world.filler, submitted, 1, [change])


def test_form_matrix_pages_departments_by_name_with_forms_by_year(world: World):
    svc = world.svc
    svc.upload(SYSTEM, form_bytes(department="文冲"), "a.json", year=2021, department_id=world.own)
    svc.open_cycle(SYSTEM, 2020)
    svc.upload(SYSTEM, form_bytes(department="文冲"), "b.json", year=2020, department_id=world.own)
    svc.upload(
        SYSTEM, form_bytes(department="大沙"), "c.json", year=2021, department_id=world.other
    )
    mx = svc.form_matrix(world.reviewer)
    assert mx.total == 2 and mx.years == [2021, 2020]
    assert [r.department for r in mx.rows] == sorted(r.department for r in mx.rows)
    own = next(r for r in mx.rows if r.department_id == world.own)
    assert sorted(own.forms) == [2020, 2021] and own.forms[2021].evaluation is not None
    page = svc.form_matrix(world.reviewer, limit=1, offset=1)
    assert page.total == 2 and len(page.rows) == 1 and page.rows[0].department_id != mx.rows[0].department_id  # fmt: skip
    # a filler sees its own department only; filters apply to each form
    mine = svc.form_matrix(world.filler)
    assert [r.department_id for r in mine.rows] == [world.own]
    assert svc.form_matrix(world.reviewer, year=2020).years == [2020]
    assert svc.form_matrix(world.reviewer, q="大沙").total == 1
    assert svc.form_matrix(world.reviewer, has_errors=False, grade="差").total == 0
    assert svc.form_matrix(None).total == 0  # nothing published yet


def test_export_forms_as_csv_and_xlsx(world: World):
    svc = world.svc
    svc.upload(SYSTEM, form_bytes(department="文冲"), "a.json", year=2021, department_id=world.own)
    svc.create_department(SYSTEM, '=HYPERLINK("http://x")')
    bad = svc.list_departments(SYSTEM)[-1].id
    svc.upload(SYSTEM, form_bytes(department="x"), "b.json", year=2021, department_id=bad)
    e = svc.export_forms(world.reviewer, "csv", year=2021)
    assert e.filename == "jixiao-forms-2021.csv" and e.data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(e.data.decode("utf-8-sig"))))
    assert rows[0][:6] == ["部门", "年度", "状态", "版本", "得分", "等级"]
    assert len(rows) == 3 and rows[1][0].startswith("'=HYPERLINK")  # never a formula
    assert any(r[0] == "广州市黄埔区人民政府文冲街道办事处" and r[4] for r in rows[1:])
    x = svc.export_forms(world.reviewer, "xlsx", year=2021)
    ws = load_workbook(io.BytesIO(x.data)).active
    assert ws.max_row == 3 and ws["A1"].value == "部门"
    assert len(list(csv.reader(io.StringIO(svc.export_forms(world.filler, "csv").data.decode("utf-8-sig"))))) == 2  # fmt: skip
    with pytest.raises(Invalid):
        svc.export_forms(world.reviewer, "pdf")


@pytest.mark.parametrize(
    ("path", "field", "row"),
    [
        ("funds.annual_budget", "number", None),
        ("tasks[2].funds", "number", None),
        ("tasks[2].indicators[1].completion", "text", None),
        ("key_indicators[0].expected_value", "text", None),
        ("problems", "text", None),
        ("key_indicators[0]", None, "key_indicators"),
        ("tasks[1]", None, "tasks"),
        ("tasks[1].indicators[0]", None, "indicators"),
        ("tasks", None, None),
        ("funds", None, None),
        ("tasks.name", None, None),
        ("funds[1].annual_budget", None, None),
        ("funds.nothing", None, None),
        ("tasks[1].indicators[0].name", None, None),
    ],
)
def test_field_and_row_kinds(path, field, row):
    assert (field_kind(path), row_kind(path)) == (field, row)
