"""CLI commands of the store, the service and the server: ``serve``, ``db``, ``user``,
``load``, ``dump`` and ``restore``. Each takes ``--data DIR`` (or ``JIXIAO_DATA``) and
honours ``JIXIAO_DATABASE_URL``; they act as the system operator."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.markup import escape

from jixiao.cli import app
from jixiao.cli.common import fail, out, warn
from jixiao.cli.text import ChineseCommand, ChineseGroup

if TYPE_CHECKING:  # the service and the store load only when a store command runs
    from jixiao.service import Service
    from jixiao.store import Store

DATA_HELP = (
    "数据目录（默认读取 JIXIAO_DATA，否则为 ./data）；设置 JIXIAO_DATABASE_URL 时使用该数据库"
)

db_app = typer.Typer(cls=ChineseGroup, help="数据库：创建或升级结构。", no_args_is_help=True)
user_app = typer.Typer(
    cls=ChineseGroup, help="用户：新增用户、生成个人令牌。", no_args_is_help=True
)
app.add_typer(db_app, name="db")
app.add_typer(user_app, name="user")


def _data_option() -> Path | None:
    return typer.Option(None, "--data", metavar="DIR", help=DATA_HELP)


@contextmanager
def _service(data: Path | None, upgrade: bool = False) -> Iterator[Service]:
    from jixiao.service import Service, ServiceError

    with _store(data, upgrade) as store:
        try:
            yield Service(store)
        except ServiceError as e:
            fail(e.message)


@db_app.command("upgrade", cls=ChineseCommand)
def db_upgrade(data: Path | None = _data_option()) -> None:
    """创建数据库，或把已有数据库升级到本程序的结构版本。"""
    with _store(data, upgrade=True):
        pass
    out.print(f"数据库已是最新结构：{escape(_where(data))}")


def _where(data: Path | None) -> str:
    from sqlalchemy.engine import make_url

    from jixiao.store import database_url

    return make_url(database_url(data)).render_as_string(hide_password=True)


@user_app.command("add", cls=ChineseCommand)
def user_add(
    name: str = typer.Argument(..., metavar="NAME", help="登录名"),
    role: str = typer.Option(
        ...,
        "--role",
        metavar="R",
        help="角色：filler 填报人、leader 单位负责人、reviewer 财政复核、admin 管理员",
    ),
    department: str | None = typer.Option(
        None,
        "--department",
        metavar="D",
        help="所属部门名称（填报人、单位负责人必填；不存在时新建）",
    ),
    display_name: str = typer.Option("", "--display-name", metavar="N", help="显示的姓名"),
    data: Path | None = _data_option(),
) -> None:
    """新增用户；随机生成的初始密码只显示这一次。"""
    from jixiao.service import SYSTEM, Role
    from jixiao.service.security import new_password

    r = Role.parse(role)
    if r is None:
        fail(f"角色 {role!r} 无法识别，应为 filler、leader、reviewer 或 admin（或其中文名）")
    with _service(data) as svc:
        dept_id = svc.find_or_create_department(SYSTEM, department).id if department else None
        password = new_password()
        u = svc.create_user(
            SYSTEM, name, r, password=password, department_id=dept_id, display_name=display_name
        )
        where = f"，部门：{escape(u.department)}" if u.department else ""
        out.print(f"已新增用户 {escape(u.name)}（{u.role_label}{where}）")
        out.print(f"初始密码（只显示这一次）：{password}")


@user_app.command("token", cls=ChineseCommand)
def user_token(
    name: str = typer.Argument(..., metavar="NAME", help="登录名"),
    label: str = typer.Option("", "--label", metavar="L", help="令牌用途说明"),
    data: Path | None = _data_option(),
) -> None:
    """为用户生成个人 API 令牌（只保存其哈希；令牌只显示这一次）。"""
    from jixiao.service import SYSTEM, Role

    with _service(data) as svc:
        user = next((u for u in svc.list_users(SYSTEM) if u.name == name), None)
        if user is None:
            fail(f"用户 {name} 不存在")
        from jixiao.service.access import Actor

        actor = Actor(user_id=user.id, name=user.name, role=Role(user.role))
        t = svc.create_token(actor, label or "命令行生成")
        out.print(t.token)


@app.command("load", cls=ChineseCommand)
def load_command(
    paths: list[Path] = typer.Argument(..., metavar="FILES_OR_DIR", help="自评表文件或目录"),
    year: int = typer.Option(..., "--year", metavar="Y", help="年度"),
    data: Path | None = _data_option(),
) -> None:
    """批量导入自评表到数据库：按表中部门名称匹配部门（没有则新建），每个文件成为一个新版本。

    已有的表单追加新版本（只在草稿或已退回时）。一个文件失败时报告原因并继续；有失败时退出码为 2。
    """
    from jixiao.service import SYSTEM, ServiceError, upload_extensions

    exts = upload_extensions()
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            files.extend(
                sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in exts)
            )
        elif p.is_file():
            files.append(p)
        else:
            fail(f"{p} 不存在")
    if not files:
        fail("没有找到可导入的文件（可导入：" + "、".join(sorted(exts)) + "）")
    failed = 0
    with _service(data) as svc:
        try:
            svc.get_cycle(SYSTEM, year)
        except ServiceError:
            svc.open_cycle(SYSTEM, year)
        for f in files:
            try:
                raw = f.read_bytes()
                preview = svc.read_file(raw, f.name)
                name = preview.form.department.strip()
                if not name:
                    raise ServiceError("表中没有部门名称，无法确定部门")
                dept = svc.find_or_create_department(SYSTEM, name)
                current = svc.list_forms(SYSTEM, year=year, department_id=dept.id, limit=1)
                base = current.items[0].version if current.items else None
                res = svc.upload(
                    SYSTEM, raw, f.name, year=year, department_id=dept.id, base_version=base
                )
            except ServiceError as e:
                failed += 1
                warn(f"{f}: {e.message}")
                continue
            except OSError as e:
                failed += 1
                warn(f"{f}: 无法读取（{e.strerror}）")
                continue
            for w in res.warnings:
                warn(f"{f}: {w}")
            ev = res.form.evaluation
            score = f"{ev.display}，{ev.grade}" if ev else "—"
            what = "新建" if res.created else f"第 {res.form.version} 版"
            out.print(f"{escape(str(f))} → {escape(res.form.department)} {year}（{what}）：{score}")
    out.print(f"共 {len(files)} 个文件，成功 {len(files) - failed} 个，失败 {failed} 个")
    if failed:
        raise typer.Exit(2)


@app.command("dump", cls=ChineseCommand)
def dump_command(
    folder: Path = typer.Argument(..., metavar="DIR", help="备份目录（新目录或空目录）"),
    data: Path | None = _data_option(),
) -> None:
    """把整个数据库备份为 JSON 和原始文件（可移植：SQLite 与 PostgreSQL 之间互相恢复）。"""
    from jixiao.store.backup import dump

    with _store(data) as store:
        counts = dump(store, folder)
    out.print(
        f"已备份到 {escape(str(folder))}：" + "，".join(f"{k} {v}" for k, v in counts.items())
    )


@app.command("restore", cls=ChineseCommand)
def restore_command(
    folder: Path = typer.Argument(..., metavar="DIR", help="jixiao dump 写出的备份目录"),
    data: Path | None = _data_option(),
) -> None:
    """从备份恢复到一个新的（空的）数据库；数据库结构会先被创建。"""
    from jixiao.store.backup import restore

    with _store(data, upgrade=True) as store:
        counts = restore(store, folder)
    out.print("已恢复：" + "，".join(f"{k} {v}" for k, v in counts.items()))


@contextmanager
def _store(data: Path | None, upgrade: bool = False) -> Iterator[Store]:
    from jixiao.store import StoreError, open_store

    try:
        store = open_store(data, upgrade=upgrade)
    except StoreError as e:
        fail(str(e))
    try:
        yield store
    except StoreError as e:
        fail(str(e))
    finally:
        store.close()


@app.command("serve", cls=ChineseCommand)
def serve_command(
    host: str = typer.Option("127.0.0.1", "--host", help="监听地址"),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="端口"),
    workers: int = typer.Option(
        1, "--workers", min=1, max=64, help="工作进程数（多核服务器上可设为核数）"
    ),
    data: Path | None = _data_option(),
) -> None:
    """启动服务（REST API 位于 /api/v1，OpenAPI 位于 /api/v1/openapi.json）；数据库会先被创建或升级。"""
    import uvicorn

    from jixiao.api import create_app
    from jixiao.service import SYSTEM, Service
    from jixiao.store import StoreError, open_store

    try:
        store = open_store(data, upgrade=True)
    except StoreError as e:
        fail(str(e))
    svc = Service(store)
    if svc.count_users(SYSTEM) == 0:
        warn("数据库中还没有用户：请用 jixiao user add NAME --role admin 新增管理员")
    out.print(f"数据库：{escape(_where(data))}")
    out.print(f"服务地址：http://{host}:{port}/  （API：/api/v1，按 Ctrl-C 停止）")
    if workers == 1:
        from jixiao.api.server import prepare_process

        application = create_app(svc)
        prepare_process()
        uvicorn.run(application, host=host, port=port, log_level="warning")
        return
    store.close()
    if data is not None:
        os.environ["JIXIAO_DATA"] = str(data)  # each worker opens the same store
    uvicorn.run(
        "jixiao.api.server:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
    )
