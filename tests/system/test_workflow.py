"""The workflow, immutable versions, overrides, comments and the audit log (both databases)."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from jixiao.service import SYSTEM, Change, Conflict, Invalid, NotFound
from tests.conftest import DATA, ROOT
from tests.system.conftest import World, form_bytes

SCHEMES = ROOT / "src" / "jixiao" / "scoring" / "schemes"


def test_whole_path_with_leader_approval_and_a_return(world: World):
    svc = world.svc
    seed = (DATA / "seed.txt").read_bytes()
    up = svc.upload(world.filler, seed, "文冲街道2021自评表.txt")
    assert up.created and up.form.version == 1 and up.form.status == "draft"
    assert up.form.year == 2021 and up.form.department_id == world.own
    ev = up.form.evaluation
    assert ev is not None and ev.display == "94.04 – 99.66" and ev.pending == 1
    fid = up.form.id

    # submitting a form with error-severity findings needs a stated reason
    assert ev.errors > 0
    with pytest.raises(Invalid, match="错误级问题"):
        svc.transition(world.filler, fid, "submit", 1)
    d = svc.transition(world.filler, fid, "submit", 1, "预算数以财政批复为准")
    assert d.status == "unit_review" and d.status_label == "待单位审核"
    with pytest.raises(Conflict, match="不能修改"):
        svc.edit(world.filler, fid, 1, [Change(path="problems", value="x")])

    d = svc.transition(world.leader, fid, "unit_approve", 1)
    assert d.status == "submitted"

    # the reviewer decides the undetermined key indicator; the interval closes
    d = svc.set_override(
        world.reviewer,
        fid,
        1,
        "key_indicators[0]",
        verdict="met",
        comment="获评省级创新案例，认定为优",
    )
    assert d.evaluation.display == "99.66" and d.evaluation.pending == 0
    svc.add_comment(
        world.reviewer, fid, "年度调整额与年初预算数之和不等于年度预算数", "funds.adjustment"
    )
    with pytest.raises(Invalid, match="必须填写意见"):
        svc.transition(world.reviewer, fid, "return", 1)
    d = svc.transition(world.reviewer, fid, "return", 1, "请核对资金数据后重新提交")
    assert d.status == "returned" and not d.can_edit
    assert svc.get_form(world.filler, fid).can_edit

    # the department sees the comment on the field it concerns, edits, resubmits
    comments = svc.list_comments(world.filler, fid)
    assert [(c.path, c.author) for c in comments] == [("funds.adjustment", "reviewer")]
    d = svc.edit(world.filler, fid, 1, [Change(path="funds.adjustment", value="910.16")])
    assert d.version == 2 and d.status == "returned"
    # the reviewer's decision is kept: the indicator it concerns did not change
    assert svc.list_overrides(world.reviewer, fid)[0].path == "key_indicators[0]"
    assert svc.get_form(world.reviewer, fid).evaluation.display == "99.66"
    d = svc.transition(world.filler, fid, "submit", 2, "已按意见核对")
    d = svc.transition(world.leader, fid, "unit_approve", 2)
    d = svc.transition(world.reviewer, fid, "approve", 2)
    d = svc.transition(world.reviewer, fid, "publish", 2)
    assert d.status_label == "已公开"

    steps = [
        (t.action, t.from_status, t.to_status, t.version)
        for t in svc.list_transitions(world.filler, fid)
    ]
    assert steps == [
        ("submit", "draft", "unit_review", 1),
        ("unit_approve", "unit_review", "submitted", 1),
        ("return", "submitted", "returned", 1),
        ("submit", "returned", "unit_review", 2),
        ("unit_approve", "unit_review", "submitted", 2),
        ("approve", "submitted", "approved", 2),
        ("publish", "approved", "published", 2),
    ]
    # published: anyone reads it; its review comments stay internal
    assert svc.get_form(None, fid).status == "published"
    assert svc.list_comments(None, fid) == []
    assert svc.list_transitions(None, fid) == []
    assert [v.number for v in svc.list_versions(None, fid)] == [2]
    with pytest.raises(NotFound, match="只公开其第 2 版"):
        svc.get_version(None, fid, 1)
    assert svc.get_version(None, fid).number == 2


def test_versions_are_immutable_and_keep_the_original_upload(world: World):
    svc = world.svc
    seed = (DATA / "seed.txt").read_bytes()
    up = svc.upload(world.filler, seed, "seed.txt")
    fid = up.form.id
    before = svc.get_version(world.filler, fid, 1)
    svc.edit(world.filler, fid, 1, [Change(path="key_indicators[1].completion", value="98%")])
    svc.edit(
        world.filler,
        fid,
        2,
        [
            Change(
                op="insert",
                path="tasks[0].indicators[0]",
                value={"category": "数量指标", "completion": "完成3场培训"},
            ),
            Change(op="remove", path="key_indicators[15]"),
        ],
    )
    assert svc.get_version(world.filler, fid, 1) == before
    v1, v3 = before, svc.get_version(world.filler, fid, 3)
    assert v1.form["key_indicators"][1]["completion"] == "100%"
    assert v3.form["key_indicators"][1]["completion"] == "98%"
    assert len(v3.form["key_indicators"]) == 15
    assert v3.form["tasks"][0]["indicators"][0]["completion"] == "完成3场培训"
    # provenance: the untouched fields still point at their source line, the edited one not
    ki = v3.provenance["key_indicators"][1]["provenance"]
    assert "completion" not in ki and ki["name"]["line"] > 0
    # the original file is kept byte for byte, with its hash and name
    data, name = svc.get_source(world.filler, fid, 3)
    assert data == seed and name == "seed.txt"
    assert v3.source_sha256 == __import__("hashlib").sha256(seed).hexdigest()
    diff = svc.diff_versions(world.filler, fid, 1, 2)
    assert [(c.path, c.before, c.after) for c in diff] == [
        ("key_indicators[1].completion", "100%", "98%")
    ]


def test_edit_and_upload_refuse_bad_input_in_chinese(world: World):
    svc = world.svc
    fid = svc.upload(world.filler, form_bytes(department="文冲街道"), "f.json").form.id
    bad = [
        ([Change(path="nonsense", value="x")], "不是可修改的字段"),
        ([Change(path="funds.annual_budget", value="一万")], "不是数字"),
        ([Change(path="tasks[99].name", value="x")], "没有第 99 项"),
        ([Change(op="remove", path="problems")], "应指向一行"),
    ]
    for changes, message in bad:
        with pytest.raises(Invalid, match=message):
            svc.edit(world.filler, fid, 1, changes)
    assert svc.get_form(world.filler, fid).version == 1
    with pytest.raises(Conflict, match="base_version"):
        svc.upload(world.filler, form_bytes(), "again.json")


def test_cycle_closed_or_past_deadline_refuses_department_changes(world: World):
    import datetime

    svc = world.svc
    fid = svc.upload(world.filler, form_bytes(), "f.json").form.id
    svc.update_cycle(world.admin, 2021, deadline=datetime.date(2000, 1, 1))
    with pytest.raises(Conflict, match="已过截止日期"):
        svc.edit(world.filler, fid, 1, [Change(path="problems", value="x")])
    svc.update_cycle(world.admin, 2021, clear_deadline=True, status="closed")
    with pytest.raises(Conflict, match="已关闭"):
        svc.transition(world.filler, fid, "submit", 1, "理由")
    with pytest.raises(Conflict, match="尚未开启"):
        svc.upload(world.filler, form_bytes(year=2019), "f.json")


def test_audit_log_records_before_and_after_and_is_append_only(world: World, store):
    svc = world.svc
    fid = world.new_form("own", "submitted")
    svc.set_override(world.reviewer, fid, 1, "key_indicators[0]", score=4, comment="部分达成")
    svc.set_override(
        world.reviewer,
        fid,
        1,
        "key_indicators[0]",
        verdict="met",
        comment="补充材料后认定达成",
        replace=True,
    )
    history = svc.form_history(world.reviewer, fid)
    last = history[0]
    assert last.action == "override" and last.actor == "reviewer（财政复核）"
    assert last.before["score"] == "4" and last.after["verdict"] == "met"
    assert [h.action for h in history[::-1]][:2] == ["create", "upload"]
    for sql in ("UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(DatabaseError, match="append-only"), store.engine.begin() as c:
            c.execute(text(sql))
    assert len(svc.form_history(world.reviewer, fid)) == len(history)


def test_override_is_checked_against_the_scheme(world: World):
    svc = world.svc
    fid = world.new_form("own", "submitted")
    with pytest.raises(Invalid, match="comment"):
        svc.set_override(world.reviewer, fid, 1, "key_indicators[0]", verdict="met", comment=" ")
    with pytest.raises(Invalid):
        svc.set_override(world.reviewer, fid, 1, "key_indicators[0]", score=50, comment="超出分值")
    with pytest.raises(Invalid):
        svc.set_override(
            world.reviewer, fid, 1, "tasks[99].indicators[0]", verdict="met", comment="无此项"
        )
    svc.set_override(world.reviewer, fid, 1, "key_indicators[0]", verdict="met", comment="认定")
    with pytest.raises(Conflict, match="已有复核意见"):
        svc.set_override(
            world.reviewer, fid, 1, "key_indicators[0]", verdict="not_met", comment="改判"
        )
    d = svc.remove_override(world.reviewer, fid, 1, "key_indicators[0]")
    assert d.evaluation.pending == 1


def test_system_operator_loads_without_a_cycle(svc):
    dept = svc.create_department(SYSTEM, "广州市黄埔区教育局")
    res = svc.upload(
        SYSTEM,
        (DATA / "generated" / "education_s3.txt").read_bytes(),
        "edu.txt",
        department_id=dept.id,
    )
    assert res.form.year == 2022 and res.form.evaluation.display == "92.24"


def test_a_year_changes_its_scheme_for_new_versions_only(world: World):
    svc = world.svc
    toml = (
        (SCHEMES / "dept-overall.toml")
        .read_text(encoding="utf-8")
        .replace('id = "dept-overall"', 'id = "execution-20"')
        .replace("weight = 10\n", "weight = 20\n")
        .replace("weight = 90\n", "weight = 80\n")
    )
    with pytest.raises(Invalid, match="应与方案名称"):
        svc.add_scheme(world.admin, "another-name", toml)
    svc.add_scheme(world.admin, "execution-20", toml)
    fid = svc.upload(world.filler, (DATA / "seed.txt").read_bytes(), "seed.txt").form.id
    svc.update_cycle(world.admin, 2021, scheme="execution-20")
    before = svc.get_form(world.filler, fid).evaluation
    assert before.scheme == "dept-overall" and before.display == "94.04 – 99.66"
    # the stored evaluation and a fresh export of version 1 agree
    assert svc.evaluation_of(world.filler, fid, 1).score.display() == before.display
    after = svc.edit(world.filler, fid, 1, [Change(path="problems", value="无")]).evaluation
    # 20 × 96.6% + 15 of 16 key indicators × 80/16 = 19.32 + 75
    assert after.scheme == "execution-20" and after.display == "94.32 – 99.32"
