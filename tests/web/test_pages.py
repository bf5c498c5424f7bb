"""The pages without a browser (SQLite): every state-changing request needs the CSRF token
and the permission; a department's user can neither see nor change another department's
form, by address or by API; errors are HTML pages (JSON under /api); the editor's checks,
row changes and saves."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from jixiao.api import create_app
from jixiao.service import SYSTEM, Change
from jixiao.store import open_store
from jixiao.web import admin, auth, dashboard, editor, forms, home, public, upload
from jixiao.web.editor import _shift
from tests.conftest import DATA
from tests.system.conftest import PASSWORD, World, make_world

MODULES = (auth, home, upload, editor, forms, dashboard, public, admin)
EMPTY = "tasks[3].indicators[4].completion"


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> Iterator[World]:
    from jixiao.service import Service

    store = open_store(tmp_path_factory.mktemp("pages"), upgrade=True)
    try:
        yield make_world(Service(store), leader_approval=False)
    finally:
        store.close()


@pytest.fixture(scope="module")
def app(world):
    return create_app(world.svc)


BROWSER = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


def browser(app) -> TestClient:
    """A client that asks for pages as a browser does."""
    return TestClient(app, raise_server_exceptions=False, headers=BROWSER)


def signed_in(app, name: str) -> tuple[TestClient, str]:
    """A browser signed in as ``name`` through the sign-in page; its CSRF token."""
    c = browser(app)
    page = c.get("/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    r = c.post("/login", data={"name": name, "password": PASSWORD, "csrf_token": token})
    assert r.status_code == 200 and "退出" in r.text, r.text[:500]
    csrf = re.search(r'<meta name="csrf-token" content="([^"]+)"', r.text).group(1)
    return c, csrf


def practice_form(world: World, department: str = "own", status: str = "draft") -> int:
    """The practice form (XLSX) uploaded for a department in a new open year."""
    world.years += 1
    year = world.years
    world.svc.open_cycle(SYSTEM, year)
    dept = world.own if department == "own" else world.other
    data = (DATA / "office" / "practice-1" / "form.xlsx").read_bytes()
    res = world.svc.upload(SYSTEM, data, "form.xlsx", year=year, department_id=dept)
    for action in {"draft": [], "submitted": ["submit"]}[status]:
        world.svc.transition(SYSTEM, res.form.id, action, res.form.version, comment="测试")
    return res.form.id


def post_routes() -> list[str]:
    out = []
    for module in MODULES:
        for r in module.router.routes:
            if "POST" in getattr(r, "methods", ()):
                out.append(r.path)
    return out


FILL = {"{form_id}": "1", "{year}": "2021", "{department_id}": "1", "{user_id}": "1"}


def concrete(path: str) -> str:
    for k, v in FILL.items():
        path = path.replace(k, v)
    return path


def test_every_state_changing_page_request_needs_the_csrf_token(world, app):
    routes = post_routes()
    assert len(routes) >= 15  # every form post of the pages is listed
    c, csrf = signed_in(app, "admin")
    before = len(world.svc.list_audit(SYSTEM, limit=1000))
    for path in routes:
        for token in (None, "forged-" + csrf[7:]):
            data = {"name": "x", "body": "意见", "action": "submit", "base_version": "1"}
            if token is not None:
                data["csrf_token"] = token
            r = c.post(concrete(path), data=data, follow_redirects=False)
            assert r.status_code == 403, (path, token, r.status_code)
            assert "text/html" in r.headers["content-type"] and "请刷新页面" in r.text, path
    assert len(world.svc.list_audit(SYSTEM, limit=1000)) == before  # nothing happened
    # the same request with the session's token goes through (the check can pass)
    r = c.post("/admin/departments", data={"csrf_token": csrf, "name": "广州市黄埔区测试局"})
    assert r.status_code == 200 and "已新增部门：广州市黄埔区测试局" in r.text


def test_htmx_requests_carry_the_token_in_a_header(world, app):
    fid = practice_form(world)
    c, csrf = signed_in(app, "wc_filler")
    data = {"base_version": "1", f"f:{EMPTY}": "调解成功率62%"}
    assert c.post(f"/forms/{fid}/edit/check", data=data).status_code == 403
    r = c.post(f"/forms/{fid}/edit/check", data=data, headers={"X-CSRF-Token": csrf, "HX-Request": "true"})  # fmt: skip
    assert r.status_code == 200 and '有 <span class="fig">1</span> 处修改尚未保存' in r.text


def test_a_department_cannot_see_or_change_another_departments_form(world, app):
    other = practice_form(world, "other", "submitted")
    mine = practice_form(world, "own")
    c, csrf = signed_in(app, "wc_filler")
    assert c.get(f"/forms/{mine}").status_code == 200
    for path in ("", "/edit", "/versions", "/tool?kind=comment&path=problems"):
        r = c.get(f"/forms/{other}{path}")
        assert r.status_code == 403, path
        assert "无权查看该表单" in r.text and "大沙街道" not in r.text
    changes = {
        "/edit/save": {"base_version": "1", f"f:{EMPTY}": "改"},
        "/edit/check": {"base_version": "1"},
        "/edit/rows": {"base_version": "1", "row_op": "append:key_indicators"},
        "/transition": {"action": "submit", "base_version": "1", "comment": "理由"},
        "/comments": {"body": "意见", "path": ""},
        "/override": {
            "path": "key_indicators[0]",
            "base_version": "1",
            "comment": "理由",
            "decision": "met",
        },
    }
    for path, data in changes.items():
        r = c.post(f"/forms/{other}{path}", data={**data, "csrf_token": csrf})
        assert r.status_code == 403, (path, r.text[:300])
    assert world.svc.get_form(SYSTEM, other).version == 1
    assert world.svc.list_comments(SYSTEM, other) == []
    # by API, with the same session
    api = c.get(f"/api/v1/forms/{other}")
    assert api.status_code == 403 and api.json()["error"]["code"] == "forbidden"
    r = c.post(
        f"/api/v1/forms/{other}/edits",
        json={"base_version": 1, "changes": [{"path": "problems", "value": "改"}]},
        headers={"X-CSRF-Token": csrf},
    )
    assert r.status_code == 403 and "无权" in r.json()["error"]["message"]
    # lists and exports hold the own department only
    assert "大沙街道" not in c.get("/dashboard").text
    csv = c.get("/dashboard/export?format=csv").content.decode("utf-8-sig")
    assert "文冲街道" in csv and "大沙街道" not in csv
    assert c.get("/admin").status_code == 403


def test_pages_send_the_visitor_to_sign_in_and_errors_are_pages(world, app):
    c = browser(app)
    r = c.get("/dashboard?year=2021", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login?next=/dashboard%3Fyear%3D2021"
    assert c.get("/", follow_redirects=False).headers["location"] == "/login"
    draft = practice_form(world)
    r = c.get(f"/forms/{draft}")
    assert r.status_code == 404 and "text/html" in r.headers["content-type"]
    assert "不存在" in r.text
    assert c.get("/nowhere").status_code == 404
    assert c.get("/api/v1/nowhere").json()["error"]["code"] == "not_found"
    r = c.get("/forms/abc")
    assert r.status_code == 422 and "<html" in r.text and "路径参数" in r.text
    # a script (not asking for HTML) gets the API's error shape on a page's address too
    plain = TestClient(app, raise_server_exceptions=False)
    assert plain.get(f"/forms/{draft}").json()["error"]["code"] == "not_found"


def test_pages_forbid_framing_and_foreign_scripts(world, app):
    c = browser(app)
    page = c.get("/login")
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert page.headers["x-frame-options"] == "DENY"
    assert 'src="/static/vendor/htmx.min.js"' in page.text and "<script>" not in page.text
    assert c.get("/static/vendor/htmx.min.js").status_code == 200  # served by the app itself
    assert "content-security-policy" not in c.get("/api/v1/openapi.json").headers


def test_sign_in_refuses_in_chinese_and_never_redirects_off_site(world, app):
    c = browser(app)
    page = c.get("/login?next=//evil.example/x").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert 'name="next" value="/"' in page
    r = c.post("/login", data={"name": "wc_filler", "password": "wrong", "csrf_token": token})
    assert r.status_code == 401 and "用户名或密码错误" in r.text
    token = re.search(r'name="csrf_token" value="([^"]+)"', r.text).group(1)
    r = c.post(
        "/login",
        data={"name": "wc_filler", "password": PASSWORD, "csrf_token": token, "next": "//evil.example"},
        follow_redirects=False,
    )  # fmt: skip
    assert r.status_code == 303 and r.headers["location"] == "/"
    assert (
        "HttpOnly" in r.headers["set-cookie"] and "samesite=lax" in r.headers["set-cookie"].lower()
    )


def test_each_role_gets_its_own_home(world, app):
    fid = practice_form(world, "own", "submitted")
    c, _ = signed_in(app, "reviewer")
    text = c.get("/").text
    assert "待审核" in text and f'href="/forms/{fid}"' in text
    c, _ = signed_in(app, "wc_filler")
    text = c.get("/").text
    assert "本部门的自评表" in text and "大沙街道" not in text
    c, _ = signed_in(app, "admin")
    text = c.get("/").text
    assert "最近更新的自评表" in text and "管理年度" in text


def test_editor_checks_rows_and_saves(world, app):
    fid = practice_form(world)
    c, csrf = signed_in(app, "wc_filler")
    h = {"X-CSRF-Token": csrf, "HX-Request": "true"}
    page = c.get(f"/forms/{fid}/edit").text
    assert f'name="f:{EMPTY}"' in page and "指标完成情况为空" in page
    label = re.search(rf'name="f:{re.escape(EMPTY)}"[^>]*aria-label="([^"]+)"', page).group(1)
    assert "主要任务" in label and "构建和谐劳动关系化解劳动争议" in label  # the field in words
    n_key = page.count('name="f:key_indicators[')
    # a check: the finding goes, nothing is saved
    r = c.post(f"/forms/{fid}/edit/check", data={"base_version": "1", f"f:{EMPTY}": "成功率62%"}, headers=h)  # fmt: skip
    assert 'hx-swap-oob="true"' in r.text and "指标完成情况为空" not in r.text
    assert world.svc.get_form(SYSTEM, fid).version == 1
    # add a key indicator after the first, keeping what was typed in a later row
    r = c.post(
        f"/forms/{fid}/edit/rows",
        data={
            "base_version": "1",
            "row_op": "insert-after:key_indicators[0]",
            "f:key_indicators[2].name": "改过的名称",
        },
        headers=h,
    )
    assert r.status_code == 200
    assert r.text.count('name="f:key_indicators[') == n_key + 3  # name, target, completion
    assert 'name="op" value="insert:key_indicators[1]"' in r.text
    assert re.search(r'name="f:key_indicators\[3\]\.name"[^>]*>\n?改过的名称<', r.text)
    # save the draft: the row and the field in one new version
    r = c.post(
        f"/forms/{fid}/edit/save",
        data={
            "base_version": "1",
            "op": "insert:key_indicators[1]",
            "f:key_indicators[1].name": "新增指标",
            "f:key_indicators[3].name": "改过的名称",
        },
        headers=h,
    )
    assert r.status_code == 200 and r.headers["HX-Redirect"] == f"/forms/{fid}/edit"
    saved = world.svc.get_version(SYSTEM, fid, 2).form
    assert saved["key_indicators"][1]["name"] == "新增指标"
    assert saved["key_indicators"][3]["name"] == "改过的名称"
    # a save on version 1 now is refused, with the message where the page shows messages
    r = c.post(f"/forms/{fid}/edit/save", data={"base_version": "1", "f:problems": "x"}, headers=h)
    assert r.status_code == 409 and r.headers["HX-Retarget"] == "#messages"
    assert "表单已更新为第 2 版，而本次操作基于第 1 版" in r.text
    assert world.svc.get_form(SYSTEM, fid).version == 2


def test_row_changes_move_the_fields_typed_before_them():
    sets = [
        Change(path="key_indicators[0].name", value="a"),
        Change(path="key_indicators[2].name", value="b"),
        Change(path="tasks[1].name", value="c"),
    ]
    moved = _shift(sets, Change(op="insert", path="key_indicators[1]"))
    assert [c.path for c in moved] == ["key_indicators[0].name", "key_indicators[3].name", "tasks[1].name"]  # fmt: skip
    gone = _shift(sets, Change(op="remove", path="key_indicators[2]"))
    assert [c.path for c in gone] == ["key_indicators[0].name", "tasks[1].name"]
    inner = _shift(
        [Change(path="tasks[1].indicators[3].completion", value="x")],
        Change(op="remove", path="tasks[1].indicators[0]"),
    )
    assert inner[0].path == "tasks[1].indicators[2].completion"
