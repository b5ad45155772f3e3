"""Reports count a period's calls from indexes alone: the indexes that find a period's calls
by when they were opened, resolved or closed (and time by when it was worked) also carry
what the counts group by, so a year is read without visiting a row of the call table.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

# (table, index, columns before, columns after): the same names, wider.
WIDENED = (
    (
        "call",
        "ix_call_opened",
        ["opened_at", "id"],
        ["opened_at", "id", "verdict", "status", "level"],
    ),
    ("call", "ix_call_resolved", ["resolved_at"], ["resolved_at", "opened_at", "status", "level"]),
    ("call", "ix_call_closed", ["closed_at"], ["closed_at", "rating", "status"]),
    ("time_entry", "ix_time_entry_worked_at", ["worked_at"], ["worked_at", "call_id", "minutes"]),
)


# The rated calls whose requester left a remark: the report lists them, and only they are
# read (most calls are closed without one).
REMARKS = "strengths IS NOT NULL OR weaknesses IS NOT NULL"


def upgrade() -> None:
    for table, name, _, after in WIDENED:
        op.drop_index(name, table_name=table)
        op.create_index(name, table, after, unique=False)
    op.create_index(
        "ix_call_remarks",
        "call",
        ["closed_at", "rating", "status"],
        unique=False,
        sqlite_where=sa.text(REMARKS),
        postgresql_where=sa.text(REMARKS),
    )


def downgrade() -> None:
    op.drop_index("ix_call_remarks", table_name="call")
    for table, name, before, _ in reversed(WIDENED):
        op.drop_index(name, table_name=table)
        op.create_index(name, table, before, unique=False)
