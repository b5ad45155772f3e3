"""The policy timeline (R20), the issued months a money change may not reach, and the shift
started from a machine (the actor, R18)."""

from __future__ import annotations

from sqlmodel import Session, col, select

from focco247.store.models import Invoice, PolicyEntry, Shift


def policy_entries(session: Session) -> list[PolicyEntry]:
    """Every entry, by key then date: one small indexed read per command."""
    return list(
        session.exec(
            select(PolicyEntry).order_by(
                col(PolicyEntry.key), col(PolicyEntry.since), col(PolicyEntry.id)
            )
        ).all()
    )


def issued_months_from(session: Session, first_month: str) -> list[str]:
    """The months (YYYY-MM) at or after `first_month` with a live issued invoice."""
    rows = session.exec(
        select(Invoice.month)
        .where(col(Invoice.status) == "issued", col(Invoice.month) >= first_month)
        .distinct()
        .order_by(col(Invoice.month))
    ).all()
    return list(rows)


def attendant_on_shift_from(session: Session, machine_id: str) -> str | None:
    """The attendant of the open shift started from this machine, if any."""
    return session.exec(
        select(Shift.attendant)
        .where(col(Shift.ended_at).is_(None), col(Shift.machine_id) == machine_id)
        .order_by(col(Shift.started_at).desc(), col(Shift.id).desc())
    ).first()
