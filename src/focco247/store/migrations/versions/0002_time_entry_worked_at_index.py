"""Index time entries by when the time was worked: monthly reports read them by that.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("time_entry") as batch_op:
        batch_op.create_index("ix_time_entry_worked_at", ["worked_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("time_entry") as batch_op:
        batch_op.drop_index("ix_time_entry_worked_at")
