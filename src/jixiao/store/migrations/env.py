"""Alembic environment: run against the connection the store hands over."""

from __future__ import annotations

from alembic import context

from jixiao.store.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only the store runs migrations
    raise RuntimeError("jixiao migrations run through `jixiao db upgrade`")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things: copy-and-move instead
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
