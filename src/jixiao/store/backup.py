"""The portable backup: the whole store as JSON plus the original files.

``dump(store, DIR)`` writes ``manifest.json``, one ``<table>.json`` per table (rows in key
order, JSON columns as JSON) and ``files/<sha256>`` for every uploaded file;
``restore(store, DIR)`` loads it into an empty, migrated store — SQLite or PostgreSQL,
either way. Browser sessions are not kept. dump → restore → dump gives the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Date, DateTime, Table, func, insert, select, text, update

from jixiao.store import models as m
from jixiao.store.db import Store, StoreError, current_revision, head_revision
from jixiao.store.models import jdump

FORMAT = "jixiao-dump/1"
# Parents before children; forms.current_version_id is filled in after the versions.
TABLES = [
    "departments",
    "users",
    "api_tokens",
    "schemes",
    "cycles",
    "uploads",
    "forms",
    "versions",
    "evaluations",
    "overrides",
    "comments",
    "transitions",
    "audit_log",
]
JSON_COLUMNS = {
    "versions": {"form_json", "warnings", "unplaced"},
    "evaluations": {"data"},
    "audit_log": {"before", "after"},
}


def _table(name: str) -> Table:
    return m.Base.metadata.tables[name]


def _encode(table: str, col: str, value: Any) -> Any:
    if value is None:
        return None
    if col in JSON_COLUMNS.get(table, ()):
        return json.loads(value)
    if isinstance(value, datetime):
        return value.isoformat(timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _decode(table: Table, col: str, value: Any) -> Any:
    if value is None:
        return None
    if col in JSON_COLUMNS.get(table.name, ()):
        return jdump(value)
    t = table.c[col].type
    if isinstance(t, DateTime):
        return datetime.fromisoformat(value)
    if isinstance(t, Date):
        return date.fromisoformat(value)
    return value


def _write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def dump(store: Store, folder: str | Path) -> dict[str, int]:
    """Write the store to ``folder`` (new or empty); return the row count of each table."""
    out = Path(folder)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise StoreError(f"备份目录 {out} 已存在且不为空；请指定一个新目录")
    (out / "files").mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    with store.engine.connect() as conn:
        for name in TABLES:
            t = _table(name)
            cols = [c.name for c in t.columns]
            pk = list(t.primary_key.columns)
            rows = []
            for r in conn.execute(select(t).order_by(*pk)):
                row = dict(zip(cols, r, strict=True))
                if name == "uploads":
                    data = row.pop("data")
                    _write(out / "files" / row["sha256"], bytes(data))
                rows.append({c: _encode(name, c, v) for c, v in row.items()})
            text_ = json.dumps(rows, ensure_ascii=False, indent=1) + "\n"
            _write(out / f"{name}.json", text_.encode("utf-8"))
            counts[name] = len(rows)
        revision = current_revision(store.engine)
    manifest = {"format": FORMAT, "schema_revision": revision, "tables": counts}
    _write(out / "manifest.json", (json.dumps(manifest, indent=1) + "\n").encode("utf-8"))
    return counts


def restore(store: Store, folder: str | Path) -> dict[str, int]:
    """Load a dump into this store, which must be migrated and empty."""
    src = Path(folder)
    try:
        manifest = json.loads((src / "manifest.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise StoreError(f"{src} 不是 jixiao 备份（没有 manifest.json）") from None
    except (OSError, ValueError) as e:
        raise StoreError(f"无法读取备份说明 {src / 'manifest.json'}（{e}）") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise StoreError(f"{src} 的备份格式无法识别（应为 {FORMAT}）")
    if manifest.get("schema_revision") != head_revision():
        raise StoreError(
            f"备份的数据库结构版本为 {manifest.get('schema_revision')}，本程序为 {head_revision()}；"
            "请用同一版本的 jixiao 恢复"
        )
    counts: dict[str, int] = {}
    with store.engine.begin() as conn:
        for name in ("users", "departments", "forms", "audit_log"):
            if conn.scalar(select(func.count()).select_from(_table(name))):
                raise StoreError("目标数据库不是空的：恢复只能写入一个新的数据库")
        pointers: list[tuple[int, int]] = []
        for name in TABLES:
            t = _table(name)
            try:
                rows = json.loads((src / f"{name}.json").read_text(encoding="utf-8"))
            except (OSError, ValueError) as e:
                raise StoreError(f"无法读取备份文件 {name}.json（{e}）") from None
            expected = manifest.get("tables", {}).get(name)
            if not isinstance(rows, list) or (expected is not None and expected != len(rows)):
                raise StoreError(f"备份文件 {name}.json 不完整")
            values = []
            for row in rows:
                v = {c: _decode(t, c, row.get(c)) for c in t.columns.keys() if c in row}
                if name == "uploads":
                    v["data"] = _read_file(src, row["sha256"])
                if name == "forms" and v.get("current_version_id") is not None:
                    pointers.append((v["id"], v["current_version_id"]))
                    v["current_version_id"] = None
                values.append(v)
            if values:
                conn.execute(insert(t), values)
            counts[name] = len(values)
        f = _table("forms")
        for form_id, version_id in pointers:
            conn.execute(update(f).where(f.c.id == form_id).values(current_version_id=version_id))
        if conn.dialect.name == "postgresql":
            for name in TABLES:
                t = _table(name)
                if "id" in t.c:
                    conn.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                            f"COALESCE((SELECT MAX(id) FROM {name}), 0) + 1, false)"
                        )
                    )
    return counts


def _read_file(src: Path, sha: str) -> bytes:
    path = src / "files" / sha
    try:
        data = path.read_bytes()
    except OSError:
        raise StoreError(f"备份缺少原始文件 files/{sha}") from None
    if hashlib.sha256(data).hexdigest() != sha:
        raise StoreError(f"备份中的原始文件 files/{sha} 已损坏（校验值不符）")
    return data


__all__ = ["FORMAT", "TABLES", "dump", "restore"]
