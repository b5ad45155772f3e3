"""Corrections (R19): recorded adjustments, client contact and retirement, the instant a
call's billing changed, and adjustment columns on invoice lines.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("client") as batch_op:
        batch_op.add_column(sa.Column("contact_name", sa.String(), nullable=True))
        batch_op.add_column(sa.Column("contact_phone", sa.String(), nullable=True))
        batch_op.add_column(sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("retired_reason", sa.String(), nullable=True))
    with op.batch_alter_table("call") as batch_op:
        batch_op.add_column(
            sa.Column("billing_changed_at", sa.DateTime(timezone=True), nullable=True)
        )
    with op.batch_alter_table("invoice_line") as batch_op:
        batch_op.add_column(sa.Column("adjusts_month", sa.String(length=7), nullable=True))
        batch_op.add_column(sa.Column("reason", sa.String(), nullable=True))
    op.create_table(
        "adjustment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("adjusts_month", sa.String(length=7), nullable=False),
        sa.Column("cause", sa.String(), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["client_id"], ["client.id"]),
        sa.ForeignKeyConstraint(["invoice_id"], ["invoice.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_adjustment_client_month", "adjustment", ["client_id", "adjusts_month"], unique=False
    )
    op.create_index("ix_adjustment_invoice_id", "adjustment", ["invoice_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_adjustment_invoice_id", table_name="adjustment")
    op.drop_index("ix_adjustment_client_month", table_name="adjustment")
    op.drop_table("adjustment")
    with op.batch_alter_table("invoice_line") as batch_op:
        batch_op.drop_column("reason")
        batch_op.drop_column("adjusts_month")
    with op.batch_alter_table("call") as batch_op:
        batch_op.drop_column("billing_changed_at")
    with op.batch_alter_table("client") as batch_op:
        batch_op.drop_column("retired_reason")
        batch_op.drop_column("retired_at")
        batch_op.drop_column("contact_phone")
        batch_op.drop_column("contact_name")
