"""``jixiao demo``: a store to try the web application on — the example forms and one
user per role, their passwords printed once (what ``make run`` starts the server with)."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.markup import escape

from jixiao.cli import app
from jixiao.cli.common import fail, out, warn
from jixiao.cli.store import _data_option, _service, _where
from jixiao.cli.text import ChineseCommand

if TYPE_CHECKING:  # the service loads only when the command runs
    from jixiao.service import Role, Service


@dataclass
class DemoUser:
    name: str
    role: Role
    department: str | None
    password: str


def example_files(paths: list[Path]) -> list[Path]:
    """The readable form files under ``paths`` and the package's own examples."""
    from jixiao.service import upload_extensions

    exts = upload_extensions()
    found: list[Path] = []
    for p in paths:
        if p.is_dir():
            found.extend(
                sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in exts)
            )
        elif p.is_file():
            found.append(p)
    packaged = resources.files("jixiao") / "examples"
    if packaged.is_dir():
        for f in sorted(packaged.iterdir(), key=lambda x: x.name):
            if f.is_file() and Path(f.name).suffix.lower() in exts:
                found.append(Path(str(f)))
    seen: set[bytes] = set()
    unique = []
    for f in found:
        data = f.read_bytes()
        if data not in seen:
            seen.add(data)
            unique.append(f)
    return unique


def load_demo(svc: Service, files: list[Path]) -> list[DemoUser]:
    """Load ``files`` (each department's form of its year, the year opened as needed);
    the newest form stays a draft for the demo 填报人 and 单位负责人 of its department, the
    others are submitted, approved and published. Returns the users made."""
    from jixiao.service import SYSTEM, Role, ServiceError
    from jixiao.service.security import new_password

    loaded = []
    for f in files:
        try:
            data = f.read_bytes()
            form = svc.read_file(data, f.name).form
            if form.year is None or not form.department.strip():
                raise ServiceError("表中没有年度或部门名称")
            try:
                svc.get_cycle(SYSTEM, form.year)
            except ServiceError:
                svc.open_cycle(SYSTEM, form.year)
            dept = svc.find_or_create_department(SYSTEM, form.department.strip())
            res = svc.upload(SYSTEM, data, f.name, year=form.year, department_id=dept.id)
        except ServiceError as e:
            warn(f"{f}: {e.message}")
            continue
        loaded.append(res.form)
        out.print(
            f"已载入 {escape(str(f))} → {escape(res.form.department)} {res.form.year} 年度",
            soft_wrap=True,
        )
    if not loaded:
        fail("没有可载入的示例表单")
    newest = max(loaded, key=lambda d: (d.year, d.id))
    for d in loaded:
        if d is newest:
            continue
        for action in ("submit", "approve", "publish"):
            svc.transition(SYSTEM, d.id, action, d.version, comment="演示数据：已审核公开")
    users = [
        DemoUser("admin", Role.ADMIN, None, new_password()),
        DemoUser("reviewer", Role.REVIEWER, None, new_password()),
        DemoUser("filler", Role.FILLER, newest.department, new_password()),
        DemoUser("leader", Role.LEADER, newest.department, new_password()),
    ]
    for u in users:
        dept_id = newest.department_id if u.department else None
        svc.create_user(
            SYSTEM, u.name, u.role, password=u.password, department_id=dept_id,
            display_name=f"演示{u.role.label}",
        )  # fmt: skip
    return users


@app.command("demo", cls=ChineseCommand)
def demo_command(
    paths: list[Path] = typer.Argument(None, metavar="FILES_OR_DIR", help="示例自评表文件或目录"),
    data: Path | None = _data_option(),
) -> None:
    """准备演示数据：载入示例自评表，为每种角色新建一个演示用户（密码只显示这一次）。

    数据库中已有用户时不做任何改动（删除数据目录即可重新准备）。
    """
    from jixiao.service import SYSTEM

    with _service(data, upgrade=True) as svc:
        if svc.count_users(SYSTEM):
            out.print(
                f"演示数据已存在：{escape(_where(data))}（密码在首次准备时已显示；"
                "忘记时删除数据目录后重新运行 make run）"
            )
            return
        users = load_demo(svc, example_files(paths or []))
    out.print("演示用户（密码只显示这一次）：")
    for u in users:
        where = f"，{u.department}" if u.department else ""
        out.print(
            f"  {u.role.label}（{u.role.value}{escape(where)}）  用户名 {u.name}  密码 {u.password}",
            soft_wrap=True,
        )
