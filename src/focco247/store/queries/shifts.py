"""Queries on on-call shifts."""

from __future__ import annotations

from sqlmodel import Session, col, select

from focco247.store.models import Shift


def current_shift(session: Session) -> Shift | None:
    """The shift not yet ended (one phone: at most one), the latest started if ever more."""
    return session.exec(
        select(Shift).where(col(Shift.ended_at).is_(None)).order_by(col(Shift.started_at).desc())
    ).first()
