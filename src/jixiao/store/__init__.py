"""The store: a bureau's forms across departments and years, in SQLite or PostgreSQL.

``open_store(data)`` opens (``upgrade=True``: creates or migrates) the database of a data
folder, or the one ``JIXIAO_DATABASE_URL`` names.
"""

from __future__ import annotations

from jixiao.store.db import (
    Store,
    StoreError,
    data_dir,
    database_url,
    make_engine,
    open_store,
    upgrade_schema,
)

__all__ = [
    "Store",
    "StoreError",
    "data_dir",
    "database_url",
    "make_engine",
    "open_store",
    "upgrade_schema",
]
