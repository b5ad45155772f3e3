"""Alembic environment: runs inside the caller's connection and transaction."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

from focco247.store import models  # noqa: F401  (registers the tables)

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("focco247 migrations run through `focco247 db upgrade`.")

context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    # SQLite cannot ALTER most things: batch mode rebuilds the table instead.
    render_as_batch=context.config.attributes.get("render_as_batch", True),
    compare_type=True,
)
# The caller already holds the store's write lock in an open transaction: Alembic joins it,
# so the whole upgrade commits or rolls back as one.
with context.begin_transaction():
    context.run_migrations()
