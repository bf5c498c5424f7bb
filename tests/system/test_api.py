"""The REST API on both databases: sign-in, CSRF, tokens, uploads, stale writes, errors."""

from __future__ import annotations

import os
import stat

import pytest
from fastapi import Depends
from fastapi.testclient import TestClient
from sqlalchemy import select

from jixiao.api import create_app
from jixiao.api.deps import CurrentActor, check_form_csrf
from jixiao.limits import using
from jixiao.service.security import SESSION_COOKIE
from jixiao.store import models as m
from tests.conftest import DATA
from tests.system.conftest import PASSWORD, World, form_bytes, make_world


@pytest.fixture
def world(svc) -> World:
    return make_world(svc, leader_approval=False)


@pytest.fixture
def client(svc) -> TestClient:
    return TestClient(create_app(svc), raise_server_exceptions=False)


def login(client: TestClient, name: str) -> str:
    r = client.post("/api/v1/auth/login", json={"name": name, "password": PASSWORD})
    assert r.status_code == 200, r.text
    return r.json()["csrf_token"]


def token_for(svc, actor) -> dict[str, str]:
    return {"Authorization": f"Bearer {svc.create_token(actor, 'test').token}"}


def assert_error(r, status: int, code: str | None = None, text: str | None = None):
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    if code:
        assert body["error"]["code"] == code
    if text:
        assert text in body["error"]["message"]
    assert "Traceback" not in r.text and any(
        "\u4e00" <= ch <= "\u9fff" for ch in body["error"]["message"]
    )


def test_session_cookie_is_httponly_samesite_and_changes_need_csrf(world, client):
    r = client.post("/api/v1/auth/login", json={"name": "wc_filler", "password": PASSWORD})
    cookie = r.headers["set-cookie"]
    assert f"{SESSION_COOKIE}=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    csrf = r.json()["csrf_token"]
    assert r.json()["user"]["permissions"] == ["read", "write", "submit", "comment"]
    files = {"file": ("文冲.txt", (DATA / "seed.txt").read_bytes(), "text/plain")}
    assert_error(client.post("/api/v1/uploads", files=files), 403, "forbidden", "CSRF")
    assert_error(
        client.post("/api/v1/uploads", files=files, headers={"X-CSRF-Token": "0" * 64}),
        403,
        "forbidden",
    )
    r = client.post("/api/v1/uploads", files=files, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 201, r.text
    assert r.json()["form"]["evaluation"]["display"] == "94.04 – 99.66"
    # reading needs no CSRF token; logging out ends the session
    assert client.get("/api/v1/forms").json()["total"] == 1
    client.post("/api/v1/auth/logout", headers={"X-CSRF-Token": csrf})
    assert client.get("/api/v1/forms").json()["total"] == 0  # anonymous: published only
    assert_error(client.get("/api/v1/me"), 401, "unauthorized")


def test_tokens_are_hashed_and_revocable(world, client, svc, store):
    headers = token_for(svc, world.reviewer)
    raw = headers["Authorization"].split()[1]
    with store.read() as s:
        stored = s.scalars(select(m.ApiToken.token_hash)).all()
    assert raw not in stored and len(stored[0]) == 64
    assert client.get("/api/v1/me", headers=headers).json()["role_label"] == "财政复核"
    tid = client.get("/api/v1/tokens", headers=headers).json()[0]["id"]
    assert client.delete(f"/api/v1/tokens/{tid}", headers=headers).status_code == 200
    assert_error(client.get("/api/v1/me", headers=headers), 401, text="令牌无效")
    assert_error(
        client.get("/api/v1/me", headers={"Authorization": "Basic abc"}), 401, text="Bearer"
    )


def test_login_is_throttled(world, client):
    for _ in range(5):
        r = client.post(
            "/api/v1/auth/login", json={"name": "wc_filler", "password": "wrong-password"}
        )
        assert_error(r, 401, text="用户名或密码错误")
    # locked out now, even with the right password
    r = client.post("/api/v1/auth/login", json={"name": "wc_filler", "password": PASSWORD})
    assert_error(r, 429, "throttled", "秒后再试")
    # an unknown name gives the same answer as a wrong password
    r = client.post("/api/v1/auth/login", json={"name": "nobody", "password": "whatever-1"})
    assert_error(r, 401, text="用户名或密码错误")


def test_stale_edit_is_refused_with_409_in_chinese(world, client, svc):
    h = token_for(svc, world.filler)
    files = {"file": ("f.json", form_bytes(), "application/json")}
    fid = client.post("/api/v1/uploads", files=files, headers=h).json()["form"]["id"]
    body = {"base_version": 1, "changes": [{"op": "set", "path": "problems", "value": "甲"}]}
    assert client.post(f"/api/v1/forms/{fid}/edits", json=body, headers=h).json()["version"] == 2
    r = client.post(f"/api/v1/forms/{fid}/edits", json=body, headers=h)
    assert_error(r, 409, "stale_version", "第 2 版")
    # a second upload must say which version it replaces
    r = client.post("/api/v1/uploads", files=files, headers=h)
    assert_error(r, 409, "conflict", "base_version")
    r = client.post("/api/v1/uploads", files=files, data={"base_version": "2"}, headers=h)
    assert r.status_code == 201 and r.json()["form"]["version"] == 3


def test_uploads_are_limited_in_size_and_type(world, client, svc, monkeypatch):
    h = token_for(svc, world.filler)
    r = client.post(
        "/api/v1/uploads",
        files={"file": ("x.exe", b"MZ\x90\x00", "application/octet-stream")},
        headers=h,
    )
    assert_error(r, 415, "unsupported_type", "不支持的文件类型")
    r = client.post("/api/v1/uploads", files={"file": ("x.txt", b"", "text/plain")}, headers=h)
    assert_error(r, 422, text="空的")
    r = client.post(
        "/api/v1/uploads", files={"file": ("x.json", b"{not json", "application/json")}, headers=h
    )
    assert_error(r, 422, text="无法读取文件")
    with using(max_bytes=1000):
        r = client.post(
            "/api/v1/uploads", files={"file": ("big.txt", b"x" * 2000, "text/plain")}, headers=h
        )
    assert_error(r, 413, "too_large", "JIXIAO_MAX_BYTES")


def test_other_departments_forms_are_invisible_by_url(world, client, svc):
    fid = world.new_form("other", "draft")
    h = token_for(svc, world.filler)
    for url in (
        f"/api/v1/forms/{fid}",
        f"/api/v1/forms/{fid}/versions/1",
        f"/api/v1/forms/{fid}/evaluation",
        f"/api/v1/forms/{fid}/export?format=json",
        f"/api/v1/forms/{fid}/versions/1/source",
        f"/api/v1/forms/{fid}/history",
    ):
        assert_error(client.get(url, headers=h), 403, "forbidden")
    r = client.post(
        f"/api/v1/forms/{fid}/edits",
        json={"base_version": 1, "changes": [{"path": "problems", "value": "x"}]},
        headers=h,
    )
    assert_error(r, 403, "forbidden")
    assert_error(client.get(f"/api/v1/forms/{fid}"), 404, "not_found")  # anonymous


def test_fastapi_own_errors_use_the_error_shape(world, client):
    assert_error(client.get("/api/v1/no-such-thing"), 404, "not_found")
    assert_error(client.put("/api/v1/forms"), 405, "method_not_allowed")
    assert_error(client.get("/api/v1/forms/abc"), 422, "invalid", "应为整数")
    assert_error(client.get("/api/v1/forms?limit=100000"), 422, "invalid", "数值过大")
    assert_error(client.get("/api/v1/forms/99999999999"), 422, "invalid")
    r = client.post(
        "/api/v1/auth/login", content=b"{", headers={"content-type": "application/json"}
    )
    assert_error(r, 422, "invalid")


def test_review_path_and_exports_over_http(world, client, svc):
    fid = world.new_form("own", "submitted")
    h = token_for(svc, world.reviewer)
    r = client.post(
        f"/api/v1/forms/{fid}/overrides",
        json={
            "base_version": 1,
            "path": "key_indicators[0]",
            "verdict": "met",
            "comment": "认定为优",
        },
        headers=h,
    )
    assert r.status_code == 201 and r.json()["evaluation"]["display"] == "99.66"
    r = client.post(
        f"/api/v1/forms/{fid}/comments", json={"path": "tasks[1]", "body": "请补充佐证"}, headers=h
    )
    assert r.status_code == 201 and r.json()["path"] == "tasks[1]"
    for action in ("approve", "publish"):
        r = client.post(
            f"/api/v1/forms/{fid}/transitions",
            json={"action": action, "base_version": 1},
            headers=h,
        )
        assert r.status_code == 201, r.text
    ev = client.get(f"/api/v1/forms/{fid}/evaluation").json()  # published: public
    assert ev["score"]["display"] == "99.66" and ev["overrides"][0]["comment"] == "认定为优"
    assert ev["version"] == 1 and ev["form"]["department"] == "文冲街道"
    assert ev["form"]["schema"] == "department-overall-self-evaluation/1"
    r = client.get(f"/api/v1/forms/{fid}/export?format=xlsx")
    assert (
        r.headers["content-type"].startswith("application/vnd.openxmlformats")
        and r.content[:2] == b"PK"
    )
    assert "filename*=UTF-8''" in r.headers["content-disposition"]
    r = client.get(f"/api/v1/forms/{fid}/export?format=html")
    assert "文冲" in r.text and r.headers["content-type"].startswith("text/html")
    r = client.get("/api/v1/years/2022/export?formats=json", headers=h)
    assert r.status_code == 200 and r.content[:2] == b"PK"
    import io
    import zipfile

    names = zipfile.ZipFile(io.BytesIO(r.content)).namelist()
    assert "2022/汇总.xlsx" in names and any(n.endswith(".json") for n in names)


def test_a_pdf_too_long_to_print_is_refused_with_413(world, client, svc):
    from jixiao.limits import using

    fid = world.new_form("own", "submitted")
    h = token_for(svc, world.reviewer)
    with using(max_pdf_pages=2):
        r = client.get(f"/api/v1/forms/{fid}/export?format=pdf", headers=h)
    assert r.status_code == 413, r.text
    assert "PDF 页数为" in r.json()["error"]["message"] and "超过上限 2 页" in r.text


def test_admin_endpoints(world, client, svc):
    h = token_for(svc, world.admin)
    r = client.post("/api/v1/departments", json={"name": "广州市黄埔区财政局"}, headers=h)
    assert r.status_code == 201
    r = client.post(
        "/api/v1/users",
        json={"name": "cz", "role": "财政复核", "password": "long-enough-1"},
        headers=h,
    )
    assert r.status_code == 201 and r.json()["role"] == "reviewer"
    r = client.post(
        "/api/v1/cycles",
        json={"year": 2024, "deadline": "2025-03-31", "leader_approval": True},
        headers=h,
    )
    assert r.status_code == 201 and r.json()["accepting"] in (True, False)
    assert_error(
        client.post("/api/v1/cycles", json={"year": 2024}, headers=h), 409, "conflict", "已开启"
    )
    r = client.patch("/api/v1/cycles/2024", json={"status": "closed"}, headers=h)
    assert r.json()["status_label"] == "已关闭"
    assert client.get("/api/v1/audit", headers=h).json()[0]["action"] == "update_cycle"
    assert_error(client.get("/api/v1/users", headers=token_for(svc, world.filler)), 403)


def test_openapi_is_served(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    assert "/api/v1/forms/{form_id}/transitions" in spec["paths"]
    err = spec["paths"]["/api/v1/forms"]["get"]["responses"]["422"]["content"]["application/json"][
        "schema"
    ]
    assert err["$ref"].endswith("/ErrorBody")


def test_secret_file_is_created_with_mode_0600(svc, store, monkeypatch):
    monkeypatch.delenv("JIXIAO_SECRET_KEY", raising=False)
    assert svc.secret
    path = store.data / "secret.key"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    monkeypatch.setenv("JIXIAO_SECRET_KEY", "from-the-environment")
    from jixiao.service import Service

    assert Service(store).secret == b"from-the-environment"


def test_passwords_are_argon2_hashes(world, store):
    with store.read() as s:
        hashes = s.scalars(select(m.User.password_hash)).all()
    assert hashes and all(h.startswith("$argon2id$") and PASSWORD not in h for h in hashes)


def test_dashboard_counts_what_the_actor_may_read(world, client, svc):
    world.new_form("own", "submitted")
    world.new_form("other", "published")
    d = client.get("/api/v1/dashboard", headers=token_for(svc, world.reviewer)).json()
    assert d["forms"] == 2
    assert {c["key"]: c["count"] for c in d["by_status"]} == {"submitted": 1, "published": 1}
    assert d["verdicts"] == {"met": 30, "not_met": 0, "undetermined": 2}
    assert [y["forms"] for y in d["by_year"]] == [1, 1]
    own = client.get("/api/v1/dashboard", headers=token_for(svc, world.filler)).json()
    assert own["forms"] == 1 and own["by_department"][0]["department_id"] == world.own
    assert client.get("/api/v1/dashboard").json()["forms"] == 1  # the public: published only


def test_form_posts_of_the_web_need_the_csrf_field(world, svc):
    """The mechanism the web pages use: a cookie-authenticated form post carries the
    session's CSRF token in the field csrf_token (or the X-CSRF-Token header)."""
    app = create_app(svc)

    @app.post("/web/echo")
    def echo(actor: CurrentActor) -> dict[str, str]:
        return {"who": actor.name}

    @app.post("/web/plain", dependencies=[Depends(check_form_csrf)])
    def plain() -> dict[str, bool]:
        return {"ok": True}

    c = TestClient(app, raise_server_exceptions=False)
    csrf = login(c, "wc_filler")
    for url in ("/web/echo", "/web/plain"):
        assert_error(c.post(url, data={"x": "1"}), 403, "forbidden", "CSRF")
        assert_error(c.post(url, data={"csrf_token": "f" * 64}), 403, "forbidden")
        assert c.post(url, data={"csrf_token": csrf}).status_code == 200
        assert c.post(url, headers={"X-CSRF-Token": csrf}).status_code == 200
    assert c.post("/web/echo", data={"csrf_token": csrf}).json() == {"who": "wc_filler"}


def test_dashboard_follows_changes(world, svc):
    fid = world.new_form("own", "submitted")
    first = svc.dashboard(world.reviewer)
    assert svc.dashboard(world.reviewer) is first  # remembered while nothing changed
    svc.transition(world.reviewer, fid, "approve", 1)
    after = svc.dashboard(world.reviewer)
    assert {c.key: c.count for c in after.by_status} == {"approved": 1}
    svc.create_department(world.admin, "广州市黄埔区审计局")
    assert svc.dashboard(world.reviewer) is not after
