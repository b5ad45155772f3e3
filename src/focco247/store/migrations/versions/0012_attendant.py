"""What the attendant needs on the phone: the number to call back on each call, and each
client's preferred contact (name and phone).

Revision ID: 0012
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("call") as batch:
        batch.add_column(sa.Column("phone", sa.String(), nullable=True))
    with op.batch_alter_table("client") as batch:
        batch.add_column(sa.Column("contact_name", sa.String(), nullable=True))
        batch.add_column(sa.Column("contact_phone", sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("client") as batch:
        batch.drop_column("contact_phone")
        batch.drop_column("contact_name")
    with op.batch_alter_table("call") as batch:
        batch.drop_column("phone")
