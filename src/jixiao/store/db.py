"""Opening the store: which database, the engine, sessions and migrations.

The default is a SQLite file ``jixiao.db`` (WAL mode) in the data folder (``--data DIR``,
else ``JIXIAO_DATA``, else ``./data``); ``JIXIAO_DATABASE_URL`` (e.g.
``postgresql+psycopg://user@host/db``) selects another database.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

DB_FILE = "jixiao.db"
MIGRATIONS = Path(__file__).parent / "migrations"


class StoreError(Exception):
    """The store cannot be opened or used; the message is plain Chinese."""


def data_dir(data: str | Path | None = None) -> Path:
    """The data folder: the argument, else ``JIXIAO_DATA``, else ``./data``."""
    return Path(data or os.environ.get("JIXIAO_DATA") or "data")


def database_url(data: str | Path | None = None) -> str:
    """``JIXIAO_DATABASE_URL`` when set, else the SQLite file in the data folder."""
    url = os.environ.get("JIXIAO_DATABASE_URL", "").strip()
    if url:
        return url
    return f"sqlite:///{(data_dir(data) / DB_FILE).resolve()}"


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # Let SQLAlchemy issue BEGIN itself (see _sqlite_begin) instead of pysqlite.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def _sqlite_begin(conn: Any) -> None:
    # Every transaction takes the write lock up front: writers queue instead of failing
    # with "database is locked" when they upgrade a read transaction. Readers are not
    # blocked in WAL mode.
    mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets WAL mode, foreign keys and queued writers."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError(f"数据库地址无法识别：{url!r}") from None
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            folder = Path(parsed.database).parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                raise StoreError(f"无法创建数据目录 {folder}（{e.strerror}）") from None
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    try:
        return create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)
    except Exception as e:  # a driver that is not installed, a bad option …
        raise StoreError(f"无法连接数据库 {parsed.render_as_string()}（{e}）") from None


@dataclass
class Store:
    """An open store: the engine and a session factory."""

    engine: Engine
    data: Path | None = None

    def __post_init__(self) -> None:
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading (rolled back at the end)."""
        with self._sessions() as s:
            yield s

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session whose work is committed as one transaction, or not at all.

        On SQLite the transaction takes the write lock at BEGIN (IMMEDIATE), so two writers
        run one after the other and the second sees the first's commit.
        """
        bind = self.engine
        if self.is_sqlite:
            bind = self.engine.execution_options(sqlite_begin="IMMEDIATE")
        with self._sessions(bind=bind) as s, s.begin():
            yield s

    def close(self) -> None:
        self.engine.dispose()


def open_store(
    data: str | Path | None = None, url: str | None = None, *, upgrade: bool = False
) -> Store:
    """Open the store of a data folder (or ``url``); with ``upgrade``, migrate it first."""
    store = Store(make_engine(url or database_url(data)), data_dir(data))
    if upgrade:
        upgrade_schema(store.engine)
    else:
        require_current(store.engine)
    return store


def _alembic_config(connection: Any) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def upgrade_schema(engine: Engine, revision: str = "head") -> None:
    """Create or migrate the schema to ``revision`` (default: the newest)."""
    from alembic import command

    try:
        with engine.begin() as conn:
            command.upgrade(_alembic_config(conn), revision)
        if engine.dialect.name == "sqlite":
            with engine.begin() as conn:
                conn.exec_driver_sql("PRAGMA optimize=0x10002")  # statistics for the planner
    except StoreError:
        raise
    except Exception as e:
        raise StoreError(f"数据库升级失败（{type(e).__name__}: {e}）") from None


def downgrade_schema(engine: Engine, revision: str) -> None:
    from alembic import command

    with engine.begin() as conn:
        command.downgrade(_alembic_config(conn), revision)


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    cfg = _alembic_config(None)
    head = ScriptDirectory.from_config(cfg).get_current_head()
    assert head is not None
    return head


def require_current(engine: Engine) -> None:
    """Refuse to work on a database that is not at the newest schema."""
    try:
        rev = current_revision(engine)
        has_tables = bool(inspect(engine).get_table_names())
    except Exception as e:
        raise StoreError(f"无法连接数据库（{type(e).__name__}: {e}）") from None
    if rev is None:
        hint = "数据库中有其他表，" if has_tables else ""
        raise StoreError(f"{hint}数据库尚未初始化，请先运行 jixiao db upgrade")
    if rev != head_revision():
        raise StoreError(f"数据库结构版本为 {rev}，需要升级：请运行 jixiao db upgrade")
