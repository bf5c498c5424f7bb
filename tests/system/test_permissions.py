"""The permission matrix: role × action × own/other department, through the service layer.

The expected table is written out here by hand from the roles as the issue describes them
(填报人 fills in and submits its own department's forms; 单位负责人 approves or returns
its own department's submission; 财政复核 reads all, overrides, comments, returns, approves
and publishes; 管理员 manages users, departments, cycles and schemes) — it is not derived
from the code's permission table.
"""

from __future__ import annotations

import pytest

from jixiao.service import Change, Forbidden, NotFound, Unauthorized
from tests.system.conftest import PASSWORD, World, form_bytes

ROLES = ["filler", "leader", "reviewer", "admin", "anonymous"]
Y, N = True, False
# action: (status the form must be in, {role: (allowed on own department, on other)})
EXPECTED = {
    "read": (
        "submitted",
        {"filler": (Y, N), "leader": (Y, N), "reviewer": (Y, Y), "admin": (Y, Y)},
    ),
    "history": (
        "submitted",
        {"filler": (Y, N), "leader": (Y, N), "reviewer": (Y, Y), "admin": (Y, Y)},
    ),
    "upload": ("draft", {"filler": (Y, N)}),
    "edit": ("draft", {"filler": (Y, N)}),
    "submit": ("draft", {"filler": (Y, N)}),
    "unit_approve": ("unit_review", {"leader": (Y, N)}),
    "unit_return": ("unit_review", {"leader": (Y, N)}),
    "return": ("submitted", {"reviewer": (Y, Y)}),
    "approve": ("submitted", {"reviewer": (Y, Y)}),
    "publish": ("approved", {"reviewer": (Y, Y)}),
    "override": ("submitted", {"reviewer": (Y, Y)}),
    "comment": ("submitted", {"filler": (Y, N), "leader": (Y, N), "reviewer": (Y, Y)}),
}
ADMIN_ONLY = ["create_department", "create_user", "open_cycle", "list_users", "list_audit"]


def attempt(w: World, action: str, actor, fid: int) -> None:
    svc = w.svc
    v = 1
    if action == "read":
        svc.get_form(actor, fid)
    elif action == "history":
        svc.form_history(actor, fid)
    elif action == "upload":
        f = svc.get_form(w.reviewer, fid)
        svc.upload(
            actor,
            form_bytes(),
            "更正.json",
            year=f.year,
            department_id=f.department_id,
            base_version=v,
        )
    elif action == "edit":
        svc.edit(actor, fid, v, [Change(path="problems", value="已整改")])
    elif action == "unit_return":
        svc.transition(actor, fid, "return", v, "请补充佐证材料")
    elif action in ("submit", "unit_approve", "return", "approve", "publish"):
        svc.transition(actor, fid, action, v, "意见：数据已核对")
    elif action == "override":
        svc.set_override(
            actor, fid, v, "key_indicators[0]", verdict="met", comment="复核认定达到优"
        )
    elif action == "comment":
        svc.add_comment(actor, fid, "请核对年初预算数", "funds.initial_budget")
    else:  # pragma: no cover
        raise AssertionError(action)


def attempt_admin(w: World, action: str, actor, n: int) -> None:
    svc = w.svc
    if action == "create_department":
        svc.create_department(actor, f"广州市黄埔区新设单位{n}")
    elif action == "create_user":
        svc.create_user(actor, f"new_user_{n}", "reviewer", password="long-enough-1")
    elif action == "open_cycle":
        svc.open_cycle(actor, 2030 + n)
    elif action == "list_users":
        svc.list_users(actor)
    elif action == "list_audit":
        svc.list_audit(actor)


def test_permission_matrix(world: World):
    pool: dict[tuple[str, str], int] = {}
    wrong = []
    cases = 0
    for action, (status, table) in EXPECTED.items():
        for role in ROLES:
            for where in ("own", "other"):
                expected = table.get(role, (N, N))[0 if where == "own" else 1]
                key = (where, status)
                if key not in pool:
                    pool[key] = world.new_form(where, status)
                fid = pool[key]
                actor = world.actor(role)
                try:
                    attempt(world, action, actor, fid)
                    got = True
                except (Forbidden, Unauthorized):
                    got = False
                except NotFound:
                    assert role == "anonymous", f"{role} {action}: NotFound"
                    got = False
                cases += 1
                if got:
                    if action not in ("read", "history", "comment"):
                        del pool[key]  # the form changed state: use a fresh one next time
                if got != expected:
                    wrong.append(f"{role} {action} {where}: expected {expected}, got {got}")
    for n, action in enumerate(ADMIN_ONLY):
        for role in ROLES:
            try:
                attempt_admin(world, action, world.actor(role), n * 10 + ROLES.index(role))
                got = True
            except (Forbidden, Unauthorized):
                got = False
            cases += 1
            if got != (role == "admin"):
                wrong.append(f"{role} {action}: expected {role == 'admin'}, got {got}")
    assert cases == len(EXPECTED) * len(ROLES) * 2 + len(ADMIN_ONLY) * len(ROLES)
    assert not wrong, "\n".join(wrong)


def test_denied_message_is_chinese_and_names_the_action(world: World):
    fid = world.new_form("other", "submitted")
    with pytest.raises(Forbidden) as e:
        world.svc.get_form(world.filler, fid)
    assert "无权查看该表单" in e.value.message


def test_department_scope_covers_units_below(world: World):
    """A 主管部门's user sees its 所属单位's forms; the unit's user does not see the parent's."""
    from jixiao.service import SYSTEM

    unit = world.svc.create_department(SYSTEM, "文冲街道社区服务中心", parent_id=world.own)
    res = world.svc.upload(
        SYSTEM,
        form_bytes(department="文冲街道社区服务中心"),
        "u.json",
        year=2021,
        department_id=unit.id,
    )
    leader, _ = world.svc.login("wc_leader", PASSWORD)  # actors are looked up per request
    world.svc.get_form(leader, res.form.id)  # the parent's leader: allowed
    world.svc.create_user(
        SYSTEM, "unit_filler", "filler", password="long-enough-1", department_id=unit.id
    )
    actor, _ = world.svc.login("unit_filler", "long-enough-1")
    parent_form = world.new_form("own", "draft")
    with pytest.raises(Forbidden):
        world.svc.get_form(actor, parent_form)


def test_list_shows_only_what_the_actor_may_read(world: World):
    own = world.new_form("own", "draft")
    other = world.new_form("other", "published")
    ids = lambda a: {f.id for f in world.svc.list_forms(a).items}  # noqa: E731
    assert ids(world.filler) == {own}
    assert ids(world.other_filler) == {other}
    assert ids(world.reviewer) == {own, other}
    assert ids(None) == {other}  # the public sees published forms only
