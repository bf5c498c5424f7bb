"""Migrations (from empty, from the previous revision, matching the models) and the
portable backup (dump → restore → dump, SQLite ↔ PostgreSQL)."""

from __future__ import annotations

from contextlib import ExitStack
from datetime import datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from jixiao.service import SYSTEM, Change, Service
from jixiao.store import StoreError, make_engine, open_store, upgrade_schema
from jixiao.store.backup import dump, restore
from jixiao.store.db import current_revision, downgrade_schema, head_revision
from jixiao.store.models import Base
from tests.conftest import DATA, ROOT
from tests.system.conftest import (
    BACKENDS,
    World,
    make_world,
    pg_schema,
)

SCHEMES = ROOT / "src" / "jixiao" / "scoring" / "schemes"


@pytest.mark.parametrize("fresh_url", BACKENDS, indirect=True)
def test_migrations_from_empty_match_the_models_and_go_back(fresh_url):
    eng = make_engine(fresh_url)
    try:
        assert current_revision(eng) is None
        upgrade_schema(eng)
        assert current_revision(eng) == head_revision() == "0003"
        with eng.connect() as c:
            diff = compare_metadata(
                MigrationContext.configure(c, opts={"compare_type": True}), Base.metadata
            )
        assert diff == []
        downgrade_schema(eng, "base")
        assert set(inspect(eng).get_table_names()) <= {"alembic_version"}
        upgrade_schema(eng)
        assert current_revision(eng) == "0003"
    finally:
        eng.dispose()


@pytest.mark.parametrize("start", ["0001", "0002"])
@pytest.mark.parametrize("fresh_url", BACKENDS, indirect=True)
def test_migration_from_a_previous_revision_keeps_the_data(fresh_url, start):
    eng = make_engine(fresh_url)
    try:
        upgrade_schema(eng, start)
        now = datetime(2024, 3, 1, 9, 30)
        with eng.begin() as c:
            c.execute(
                text(
                    "INSERT INTO departments (id, name, created_at) VALUES (1, '广州市黄埔区教育局', :t)"
                ),
                {"t": now},
            )
            c.execute(
                text(
                    "INSERT INTO users (id, name, display_name, role, department_id, password_hash, active, created_at)"
                    " VALUES (1, 'edu', '张三', 'filler', 1, NULL, :a, :t)"
                ),
                {"a": True, "t": now},
            )
        upgrade_schema(eng)
        with eng.connect() as c:
            row = c.execute(text("SELECT name, failed_logins, locked_until FROM users")).one()
        assert tuple(row) == ("edu", 0, None)
        assert {"api_tokens", "web_sessions"} <= set(inspect(eng).get_table_names())
    finally:
        eng.dispose()


def test_a_store_that_is_not_migrated_is_refused(tmp_path):
    with pytest.raises(StoreError, match="jixiao db upgrade"):
        open_store(tmp_path, url=f"sqlite:///{tmp_path / 'x.db'}")


def test_sqlite_store_is_in_wal_mode_with_foreign_keys(tmp_path):
    st = open_store(tmp_path, upgrade=True)  # the default: jixiao.db in the data folder
    try:
        assert (tmp_path / "jixiao.db").exists()
        with st.engine.connect() as c:
            assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        st.close()


def populate(svc: Service) -> World:
    """A store with every kind of row: versions, uploads, overrides, comments, transitions."""
    w = make_world(svc, leader_approval=False)
    fid = svc.upload(w.filler, (DATA / "seed.txt").read_bytes(), "文冲.txt").form.id
    svc.edit(w.filler, fid, 1, [Change(path="problems", value="资金使用进度有待加快")])
    svc.transition(w.filler, fid, "submit", 2, "已核对")
    svc.set_override(w.reviewer, fid, 2, "key_indicators[0]", verdict="met", comment="认定为优")
    svc.add_comment(w.reviewer, fid, "请补充说明", "tasks[0].goal_completion")
    svc.upload(w.other_filler, (DATA / "practice-1_s7.txt").read_bytes(), "人社.txt", year=2021)
    svc.create_token(w.reviewer, "脚本")
    svc.add_scheme(
        w.admin,
        "execution-heavy",
        (SCHEMES / "dept-overall.toml")
        .read_text(encoding="utf-8")
        .replace('id = "dept-overall"', 'id = "execution-heavy"'),
    )
    return w


def _tree(folder) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.mark.parametrize("target", BACKENDS)
def test_dump_restore_dump_is_byte_identical_across_databases(
    store, svc, tmp_path, target, request
):
    populate(svc)
    first = tmp_path / "first"
    counts = dump(store, first)
    assert counts["versions"] == 3 and counts["uploads"] == 2 and counts["overrides"] == 1
    with ExitStack() as stack:
        if target == "sqlite":
            url = f"sqlite:///{tmp_path / 'other.db'}"
        else:
            url = stack.enter_context(pg_schema(request.getfixturevalue("pg_database"), "restore"))
        other = open_store(tmp_path / "other", url=url, upgrade=True)
        stack.callback(other.close)
        restore(other, first)
        second = tmp_path / "second"
        dump(other, second)
        assert _tree(first) == _tree(second)
        # the restored store works: its sequences continue after the restored rows
        osvc = Service(other)
        fid = osvc.list_forms(SYSTEM, status="submitted").items[0].id
        assert osvc.get_form(SYSTEM, fid).evaluation.display == "99.66"
        assert osvc.create_department(SYSTEM, "新部门").id == 3
        with pytest.raises(StoreError, match="不是空的"):
            restore(other, first)


def test_restore_refuses_a_damaged_backup(store, svc, tmp_path):
    populate(svc)
    dump(store, tmp_path / "d")
    victim = next((tmp_path / "d" / "files").iterdir())
    victim.write_bytes(victim.read_bytes() + b"x")
    other = open_store(tmp_path / "o", url=f"sqlite:///{tmp_path / 'o.db'}", upgrade=True)
    with pytest.raises(StoreError, match="已损坏"):
        restore(other, tmp_path / "d")
    assert Service(other).list_forms(SYSTEM).total == 0  # nothing half-restored
    other.close()


def test_list_items_are_valid_models(svc):
    """List items are built without validation (model_construct, for speed): each must be
    exactly what validating the same data gives, on SQLite and on PostgreSQL."""
    populate(svc)
    page = svc.list_forms(SYSTEM, limit=500)
    assert page.items
    for item in page.items:
        assert type(item).model_validate(item.model_dump()) == item
        assert item.updated_at.tzinfo is not None
        if item.evaluation is not None:
            assert isinstance(item.evaluation.score_total, float)


@pytest.mark.parametrize("sort", ["updated", "score", "-score", "department", "year"])
def test_list_totals_hold_on_every_page(svc, sort):
    """The total is the filtered count whether it comes with the rows (a window count) or
    on its own (newest-first paging, a page past the end)."""
    populate(svc)
    everything = svc.list_forms(SYSTEM, sort=sort, limit=500)
    assert everything.total == len(everything.items) > 1
    seen = []
    for offset in range(0, everything.total + 2):
        page = svc.list_forms(SYSTEM, sort=sort, limit=1, offset=offset)
        assert page.total == everything.total
        seen += [i.id for i in page.items]
    assert sorted(seen) == sorted(i.id for i in everything.items)
    scored = svc.list_forms(SYSTEM, sort=sort, min_score=0, limit=500)
    assert scored.total == len(scored.items)
    past = svc.list_forms(SYSTEM, sort=sort, min_score=0, offset=10_000)
    assert past.items == [] and past.total == scored.total
