"""Fixtures of the store, service and API tests: every such test runs on SQLite and on
PostgreSQL (127.0.0.1:5432, user postgres, trust auth).

Each test run creates its own PostgreSQL database with a random name and drops it at the
end; inside it, the shared store is one schema (migrated once, emptied before each test)
and a test that needs a database of its own gets a new schema. An unreachable server makes the
PostgreSQL tests fail, not skip.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from sqlalchemy import create_engine, text

from jixiao.service import SYSTEM, Actor, Service
from jixiao.store import Store, make_engine, open_store, upgrade_schema
from jixiao.store.backup import TABLES
from tests.conftest import DATA

os.environ.setdefault("JIXIAO_FAST_HASH", "1")  # cheap argon2 parameters for test users

PG_SERVER = os.environ.get("JIXIAO_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432")
BACKENDS = ["sqlite", "postgresql"]
PASSWORD = "correct-horse-1"


def pg_admin():
    """An engine on the server's ``test`` database, for CREATE/DROP DATABASE."""
    return create_engine(f"{PG_SERVER}/test", isolation_level="AUTOCOMMIT")


def create_pg_database(prefix: str = "jixiao_test") -> str:
    name = f"{prefix}_{secrets.token_hex(4)}"
    eng = pg_admin()
    try:
        with eng.connect() as c:
            c.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        eng.dispose()
    return name


def drop_pg_database(name: str) -> None:
    eng = pg_admin()
    try:
        with eng.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        eng.dispose()


_RUN_DB: list[str] = []  # this run's PostgreSQL database, made on first use


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """This test run's own PostgreSQL database (random name), dropped at the end."""
    name = create_pg_database()
    _RUN_DB.append(name)
    try:
        yield name
    finally:
        drop_pg_database(name)


@contextmanager
def pg_schema(database: str, prefix: str = "s") -> Iterator[str]:
    """A new schema in ``database``; yields a URL whose connections work inside it."""
    schema = f"{prefix}_{secrets.token_hex(4)}"
    eng = create_engine(f"{PG_SERVER}/{database}", isolation_level="AUTOCOMMIT")
    try:
        with eng.connect() as c:
            c.execute(text(f'CREATE SCHEMA "{schema}"'))
        yield f"{PG_SERVER}/{database}?options=-csearch_path%3D{schema}"
    finally:
        with eng.connect() as c:
            c.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        eng.dispose()


@pytest.fixture
def fresh_url(request, tmp_path) -> Iterator[str]:
    """The URL of a new, empty database of the backend under test (removed afterwards)."""
    backend = request.param if hasattr(request, "param") else "sqlite"
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh.db'}"
        return
    with pg_schema(request.getfixturevalue("pg_database"), "fresh") as url:
        yield url


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request, tmp_path_factory) -> Iterator[tuple[str, str]]:
    """(backend name, URL of a migrated database or template file) for the whole run."""
    if request.param == "sqlite":
        template = tmp_path_factory.mktemp("sqlite-template") / "jixiao.db"
        eng = make_engine(f"sqlite:///{template}")
        upgrade_schema(eng)
        eng.dispose()
        yield "sqlite", str(template)
        return
    with pg_schema(request.getfixturevalue("pg_database"), "main") as url:
        eng = make_engine(url)
        upgrade_schema(eng)
        eng.dispose()
        yield "postgresql", url


@pytest.fixture
def store(backend, tmp_path) -> Iterator[Store]:
    """An empty, migrated store of the backend under test."""
    kind, where = backend
    if kind == "sqlite":
        data = tmp_path / "data"
        data.mkdir()
        shutil.copy(where, data / "jixiao.db")
        st = open_store(data, url=f"sqlite:///{data / 'jixiao.db'}")
    else:
        st = open_store(tmp_path / "data", url=where)
        with st.engine.begin() as c:
            c.execute(text(f"TRUNCATE {', '.join(TABLES)}, web_sessions RESTART IDENTITY CASCADE"))
    try:
        yield st
    finally:
        st.close()


@pytest.fixture
def svc(store) -> Service:
    return Service(store)


def form_bytes(
    name: str = "seed.json", department: str | None = None, year: int | None = None
) -> bytes:
    """A bundled form as shared-format JSON bytes, optionally for another department/year."""
    data = json.loads((DATA / name).read_text(encoding="utf-8"))
    if department is not None:
        data["department"] = department
    if year is not None:
        data["year"] = year
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


@dataclass
class World:
    """Two departments (each with a filler and a leader), a reviewer and an admin."""

    svc: Service
    own: int
    other: int
    filler: Actor
    leader: Actor
    reviewer: Actor
    admin: Actor
    other_filler: Actor
    other_leader: Actor
    years: int = 2021

    def actor(self, role: str, department: str = "own") -> Actor | None:
        if role == "anonymous":
            return None
        if role in ("filler", "leader") and department == "other":
            return getattr(self, f"other_{role}")
        return getattr(self, role)

    def new_form(self, department: str = "own", status: str = "submitted") -> int:
        """A new form of a department (each in a year of its own, with an open cycle that
        asks for the leader's approval) brought to ``status`` by the system operator."""
        dept = self.own if department == "own" else self.other
        self.years += 1
        year = self.years
        self.svc.open_cycle(SYSTEM, year, leader_approval=True)
        name = "文冲街道" if department == "own" else "大沙街道"
        res = self.svc.upload(
            SYSTEM, form_bytes(department=name), "form.json", year=year, department_id=dept
        )
        fid, v = res.form.id, res.form.version
        path = {
            "draft": [],
            "unit_review": ["submit"],
            "submitted": ["submit", "unit_approve"],
            "returned": ["submit", "unit_approve", "return"],
            "approved": ["submit", "unit_approve", "approve"],
            "published": ["submit", "unit_approve", "approve", "publish"],
        }[status]
        for action in path:
            self.svc.transition(SYSTEM, fid, action, v, comment="系统准备测试数据")
        return fid


def make_world(svc: Service, leader_approval: bool = True) -> World:
    own = svc.create_department(SYSTEM, "广州市黄埔区人民政府文冲街道办事处").id
    other = svc.create_department(SYSTEM, "广州市黄埔区人民政府大沙街道办事处").id
    svc.open_cycle(SYSTEM, 2021, leader_approval=leader_approval)

    def user(name: str, role: str, dept: int | None) -> Actor:
        svc.create_user(SYSTEM, name, role, password=PASSWORD, department_id=dept)
        actor, _ = svc.login(name, PASSWORD)
        return actor

    return World(
        svc=svc,
        own=own,
        other=other,
        filler=user("wc_filler", "filler", own),
        leader=user("wc_leader", "leader", own),
        reviewer=user("reviewer", "reviewer", None),
        admin=user("admin", "admin", None),
        other_filler=user("ds_filler", "filler", other),
        other_leader=user("ds_leader", "leader", other),
    )


@pytest.fixture
def world(svc) -> World:
    return make_world(svc)
