"""No lost update, no partial write: two concurrent writers, and a crash mid-change."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

import pytest
from sqlalchemy import func, select

from jixiao.service import SYSTEM, Change, Conflict
from jixiao.service.base import ServiceBase
from jixiao.store import models as m
from tests.conftest import ROOT
from tests.system.conftest import World, form_bytes


def run_together(*calls):
    """Run the calls in threads started together; return each one's result or exception."""
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def run(i, call):
        barrier.wait()
        try:
            results[i] = call()
        except Exception as e:
            results[i] = e

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


@pytest.fixture
def slow_evaluation(monkeypatch):
    """Make each evaluation take a while, so that two writers overlap for certain."""
    original = ServiceBase._evaluate

    def slow(self, *args, **kwargs):
        time.sleep(0.2)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(ServiceBase, "_evaluate", slow)


def test_two_editors_on_the_same_version_one_wins(world: World, slow_evaluation):
    svc = world.svc
    fid = svc.upload(world.filler, form_bytes(), "f.json").form.id
    a = lambda: svc.edit(world.filler, fid, 1, [Change(path="problems", value="甲的修改")])  # noqa: E731
    b = lambda: svc.edit(world.filler, fid, 1, [Change(path="problems", value="乙的修改")])  # noqa: E731
    results = run_together(a, b)
    wins = [r for r in results if not isinstance(r, Exception)]
    losses = [r for r in results if isinstance(r, Exception)]
    assert len(wins) == 1 and len(losses) == 1, results
    assert isinstance(losses[0], Conflict) and losses[0].code == "stale_version"
    assert "第 2 版" in losses[0].message and "第 1 版" in losses[0].message
    assert "请刷新后重试" in losses[0].message
    # the winner's change is the one stored, and only one new version exists
    detail = svc.get_version(world.filler, fid)
    assert detail.number == 2
    assert detail.form["problems"] in ("甲的修改", "乙的修改")
    assert len(svc.list_versions(world.filler, fid)) == 2


def test_edit_racing_a_submission(world: World, slow_evaluation):
    svc = world.svc
    fid = svc.upload(world.filler, form_bytes(), "f.json").form.id
    edit = lambda: svc.edit(world.filler, fid, 1, [Change(path="problems", value="改")])  # noqa: E731
    submit = lambda: svc.transition(world.filler, fid, "submit", 1, "理由：已核对")  # noqa: E731
    results = run_together(edit, submit)
    assert sum(isinstance(r, Conflict) for r in results) == 1, results
    f = svc.get_form(world.reviewer, fid)
    # either the edit landed (v2, still a draft) or the submission did (v1 submitted)
    assert (f.version, f.status) in ((2, "draft"), (1, "unit_review"))


def test_two_first_uploads_of_the_same_form(world: World, slow_evaluation):
    svc = world.svc
    up = lambda: svc.upload(world.filler, form_bytes(), "f.json")  # noqa: E731
    results = run_together(up, up)
    assert sum(isinstance(r, Conflict) for r in results) == 1, results
    assert svc.list_forms(world.reviewer).total == 1


def _counts(store) -> dict[str, int]:
    with store.engine.connect() as c:
        return {
            t.__tablename__: c.scalar(select(func.count()).select_from(t))
            for t in (m.FormRow, m.Version, m.EvaluationRow, m.Upload, m.Transition, m.AuditEntry)
        }


def test_failure_in_the_middle_of_an_upload_or_transition_leaves_nothing(
    world: World, store, monkeypatch
):
    svc = world.svc
    fid = svc.upload(world.filler, form_bytes(), "f.json").form.id
    before = _counts(store)
    state = svc.get_form(world.filler, fid)

    def broken(self, s, actor, action, *args, **kwargs):
        s.flush()  # the version, evaluation and transition rows are already written
        raise RuntimeError("injected failure")

    monkeypatch.setattr(ServiceBase, "_audit", broken)
    with pytest.raises(RuntimeError):
        svc.upload(world.filler, form_bytes(year=2021), "new.json", base_version=1)
    with pytest.raises(RuntimeError):
        svc.transition(world.filler, fid, "submit", 1, "理由")
    with pytest.raises(RuntimeError):
        svc.upload(world.other_filler, form_bytes(department="大沙街道"), "ds.json")
    assert _counts(store) == before
    assert svc.get_form(world.filler, fid) == state


CRASH = """
import os, sys
from jixiao.service import Service, SYSTEM
from jixiao.service.base import ServiceBase
from jixiao.store import open_store

def crash(self, s, *args, **kwargs):
    s.flush()  # rows written, transaction open: now the process dies
    os._exit(3)

ServiceBase._audit = crash
svc = Service(open_store(sys.argv[1], url=sys.argv[2]))
if sys.argv[3] == "upload":
    svc.upload(SYSTEM, open(sys.argv[4], "rb").read(), "crash.json", base_version=1, year=2021,
               department_id=1)
else:
    svc.transition(SYSTEM, 1, "submit", 1, "理由")
"""


def test_a_process_killed_mid_change_leaves_no_partial_version(world: World, store, tmp_path):
    svc = world.svc
    fid = svc.upload(SYSTEM, form_bytes(), "f.json", year=2021, department_id=world.own).form.id
    assert fid == 1
    before = _counts(store)
    source = tmp_path / "new.json"
    source.write_bytes(form_bytes(department="改过的名称"))
    url = store.engine.url.render_as_string(hide_password=False)
    for what in ("upload", "submit"):
        proc = subprocess.run(
            [sys.executable, "-c", CRASH, str(tmp_path), url, what, str(source)],
            cwd=ROOT,
            capture_output=True,
            timeout=120,
        )
        assert proc.returncode == 3, proc.stderr.decode()
    assert _counts(store) == before
    f = svc.get_form(world.filler, fid)
    assert (f.version, f.status) == (1, "draft")
    # and the store still works
    assert svc.edit(world.filler, fid, 1, [Change(path="problems", value="继续")]).version == 2
