"""One rulebook in the store (R20): the policy timeline, seeded from this machine's
configuration file (else the defaults) so past months recompute exactly as billed; and the
machine a shift was started from (R18, the actor).

Revision ID: 0004
Revises: 0002
"""

from __future__ import annotations

import json
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "policy_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("since", sa.Date(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_policy_entry_key_since", "policy_entry", ["key", "since"], unique=False)
    with op.batch_alter_table("shift") as batch_op:
        batch_op.add_column(sa.Column("machine_id", sa.String(), nullable=True))
    _seed()


def _seed() -> None:
    """Every policy key, from the beginning: the config file's value, else the default."""
    from focco247 import paths
    from focco247.config import policy_of_file
    from focco247.domain.instants import utc_now_from
    from focco247.domain.policy import BEGINNING, DEFAULTS, merge, timeline_keys

    location = paths.config_path()
    overrides = policy_of_file(location)
    values = timeline_keys(merge(DEFAULTS, overrides))
    recorded = utc_now_from(paths.now_override(), ZoneInfo("UTC"))
    # SQLite keeps instants as naive UTC (store/models.UTCDateTime); PostgreSQL aware ones.
    if op.get_bind().dialect.name == "sqlite":
        recorded = recorded.replace(tzinfo=None)
    table = sa.table(
        "policy_entry",
        sa.column("key", sa.String()),
        sa.column("value", sa.Text()),
        sa.column("since", sa.Date()),
        sa.column("recorded_at", sa.DateTime(timezone=True)),
        sa.column("actor", sa.String()),
    )
    op.bulk_insert(
        table,
        [
            {
                "key": key,
                "value": json.dumps(value, ensure_ascii=False, sort_keys=True),
                "since": BEGINNING,
                "recorded_at": recorded,
                "actor": paths.default_actor(),
            }
            for key, value in sorted(values.items())
        ],
    )


def downgrade() -> None:
    with op.batch_alter_table("shift") as batch_op:
        batch_op.drop_column("machine_id")
    op.drop_index("ix_policy_entry_key_since", table_name="policy_entry")
    op.drop_table("policy_entry")
