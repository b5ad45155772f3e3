"""The selects of the synthetic book (`demo seed`): an empty store, the ids already used,
the specialists, the newest call in progress."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, SQLModel, col, select

from focco247.store.models import Call, Client, Escalation, ProgressUpdate, Specialist, TimeEntry


def has_clients(session: Session) -> bool:
    return session.exec(select(Client.id).limit(1)).first() is not None


def max_bulk_ids(session: Session) -> dict[str, int]:
    """The highest id used so far of each bulk-loaded table (0 when empty)."""
    columns = {
        "call": Call.id,
        "entry": TimeEntry.id,
        "escalation": Escalation.id,
        "update": ProgressUpdate.id,
    }
    return {
        name: int(session.exec(select(sa.func.max(column))).one() or 0)
        for name, column in columns.items()
    }


def specialist_names(session: Session) -> set[str]:
    return set(session.exec(select(Specialist.name)).all())


def specialist_ids(session: Session) -> list[int]:
    return [sid for sid in session.exec(select(Specialist.id).order_by(col(Specialist.id))) if sid]


def newest_call_in_progress(session: Session) -> tuple[int, datetime, str] | None:
    """(id, opened at, status) of the newest queued or parked call, or None."""
    table = SQLModel.metadata.tables[str(Call.__tablename__)]
    row = (
        session.connection()
        .execute(
            sa.select(table.c.id, table.c.opened_at, table.c.status)
            .where(table.c.status.in_(("queued", "parked")))
            .order_by(table.c.opened_at.desc(), table.c.id.desc())
            .limit(1)
        )
        .first()
    )
    return None if row is None else (row.id, row.opened_at, row.status)
