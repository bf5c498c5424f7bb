"""The store commands: db upgrade, user add/token, load, dump, restore — with --data,
JIXIAO_DATA and JIXIAO_DATABASE_URL (SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.service import SYSTEM, Service
from jixiao.store import open_store
from tests.conftest import DATA
from tests.system.conftest import pg_schema

runner = CliRunner()


def run(*args: str, env: dict[str, str] | None = None):
    return runner.invoke(app, list(args), env={"JIXIAO_DATABASE_URL": "", **(env or {})})


def test_store_commands_on_sqlite(tmp_path, monkeypatch):
    monkeypatch.delenv("JIXIAO_DATA", raising=False)
    data = str(tmp_path / "data")
    r = run("db", "upgrade", "--data", data)
    assert r.exit_code == 0 and "最新结构" in r.output
    r = run(
        "user",
        "add",
        "wc",
        "--role",
        "填报人",
        "--department",
        "广州市黄埔区人民政府文冲街道办事处",
        "--data",
        data,
    )
    assert r.exit_code == 0 and "初始密码" in r.output
    r = run("user", "add", "x", "--role", "boss", "--data", data)
    assert r.exit_code == 2 and "无法识别" in r.output
    r = run(
        "load", str(DATA / "seed.txt"), str(DATA / "generated"), "--year", "2021", "--data", data
    )
    assert r.exit_code == 0, r.output
    assert "成功 9 个，失败 0 个" in r.output.replace("\n", "")
    r = run("user", "token", "wc", "--label", "脚本", "--data", data)
    assert r.exit_code == 0 and r.output.strip().startswith("jx_")
    # JIXIAO_DATA works like --data
    r = run("dump", str(tmp_path / "backup"), env={"JIXIAO_DATA": data})
    assert r.exit_code == 0 and "versions 9" in r.output.replace("\n", "")
    r = run("restore", str(tmp_path / "backup"), "--data", str(tmp_path / "copy"))
    assert r.exit_code == 0
    r = run("dump", str(tmp_path / "backup2"), "--data", str(tmp_path / "copy"))
    assert r.exit_code == 0
    for f in (tmp_path / "backup").rglob("*"):
        if f.is_file():
            assert (
                f.read_bytes()
                == (tmp_path / "backup2" / f.relative_to(tmp_path / "backup")).read_bytes()
            )
    st = open_store(tmp_path / "copy")
    forms = Service(st).list_forms(SYSTEM, year=2021)
    st.close()
    assert forms.total == 5 and {f.version for f in forms.items} == {1, 2}


def test_bad_input_is_a_clear_message_and_exit_2(tmp_path):
    data = str(tmp_path / "data")
    r = run("user", "add", "wc", "--role", "admin", "--data", data)
    assert r.exit_code == 2 and "jixiao db upgrade" in r.output
    run("db", "upgrade", "--data", data)
    bad = tmp_path / "bad.json"
    bad.write_text("{ not json", encoding="utf-8")
    r = run("load", str(bad), str(DATA / "seed.txt"), "--year", "2021", "--data", data)
    assert (
        r.exit_code == 2
        and "bad.json" in r.output
        and "成功 1 个，失败 1 个" in r.output.replace("\n", "")
    )
    r = run("restore", str(tmp_path / "nowhere"), "--data", str(tmp_path / "x"))
    assert r.exit_code == 2 and "manifest.json" in r.output
    r = run("db", "upgrade", env={"JIXIAO_DATABASE_URL": "nonsense://"})
    assert r.exit_code == 2 and "Traceback" not in r.output


@pytest.mark.parametrize("direction", ["sqlite→postgresql", "postgresql→sqlite"])
def test_dump_and_restore_between_databases_from_the_cli(tmp_path, direction, pg_database):
    with pg_schema(pg_database, "cli") as url:
        pg = {"JIXIAO_DATABASE_URL": url}
        lite = {"JIXIAO_DATA": str(tmp_path / "lite")}
        src, dst = (lite, pg) if direction.startswith("sqlite") else (pg, lite)
        assert run("db", "upgrade", env=src).exit_code == 0
        r = run("load", str(DATA / "practice-1_s7.txt"), "--year", "2022", env=src)
        assert r.exit_code == 0, r.output
        assert run("dump", str(tmp_path / "a"), env=src).exit_code == 0
        r = run("restore", str(tmp_path / "a"), env=dst)
        assert r.exit_code == 0, r.output
        assert run("dump", str(tmp_path / "b"), env=dst).exit_code == 0
        a = {
            p.relative_to(tmp_path / "a"): p.read_bytes()
            for p in (tmp_path / "a").rglob("*")
            if p.is_file()
        }
        b = {
            p.relative_to(tmp_path / "b"): p.read_bytes()
            for p in (tmp_path / "b").rglob("*")
            if p.is_file()
        }
        assert a == b and len(a) == 15


def test_serve_starts_the_api_on_sqlite(tmp_path):
    import socket
    import subprocess
    import sys
    import time

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in __import__("os").environ.items() if k != "JIXIAO_DATABASE_URL"}
    proc = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "jixiao"),
            "serve",
            "--port",
            str(port),
            "--data",
            str(tmp_path / "d"),
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/api/v1/openapi.json", timeout=2)
                break
            except httpx.TransportError:
                assert proc.poll() is None and time.monotonic() < deadline, (
                    proc.stdout.read().decode()
                )
                time.sleep(0.2)
        assert r.status_code == 200 and r.json()["info"]["title"].startswith("jixiao")
        r = httpx.get(f"http://127.0.0.1:{port}/api/v1/forms")
        assert r.json() == {"total": 0, "limit": 50, "offset": 0, "items": []}
        assert (tmp_path / "d" / "jixiao.db").exists()
    finally:
        proc.terminate()
        proc.wait(10)
    assert "没有用户" in proc.stdout.read().decode()
