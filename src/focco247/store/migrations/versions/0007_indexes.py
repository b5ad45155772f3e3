"""Index calls by when they were opened, resolved and closed, and by status with resolution:
`call list` pages by opening, reports read a period by each of the three instants, and
handover reads the newest resolved calls first, so none of them scans the call table.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_call_opened", ["opened_at", "id"]),
    ("ix_call_resolved", ["resolved_at"]),
    ("ix_call_closed", ["closed_at"]),
    ("ix_call_status_resolved", ["status", "resolved_at", "id"]),
)


def upgrade() -> None:
    with op.batch_alter_table("call") as batch_op:
        for name, columns in INDEXES:
            batch_op.create_index(name, columns, unique=False)


def downgrade() -> None:
    with op.batch_alter_table("call") as batch_op:
        for name, _ in reversed(INDEXES):
            batch_op.drop_index(name)
