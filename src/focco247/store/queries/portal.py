"""The selects behind the requester's page and links."""

from __future__ import annotations

from sqlmodel import Session, col, select

from focco247.store.models import CallLink, Escalation, PortalSecret, ProgressUpdate, Specialist


def portal_secret(session: Session) -> PortalSecret | None:
    return session.exec(select(PortalSecret).order_by(col(PortalSecret.id))).first()


def live_link(session: Session, call_id: int) -> CallLink | None:
    """The call's link not revoked, if any (the newest one)."""
    return session.exec(
        select(CallLink)
        .where(CallLink.call_id == call_id, col(CallLink.revoked_at).is_(None))
        .order_by(col(CallLink.id).desc())
    ).first()


def link_by_hash(session: Session, token_hash: str) -> CallLink | None:
    return session.exec(select(CallLink).where(CallLink.token_hash == token_hash)).first()


def escalations(session: Session, call_id: int) -> list[tuple[Escalation, Specialist]]:
    """The specialists brought into a call, in the order they were."""
    rows = session.exec(
        select(Escalation, Specialist)
        .join(Specialist, col(Specialist.id) == col(Escalation.specialist_id))
        .where(Escalation.call_id == call_id)
        .order_by(col(Escalation.at), col(Escalation.id))
    ).all()
    return [(e, s) for e, s in rows]


def progress_updates(session: Session, call_id: int) -> list[ProgressUpdate]:
    return list(
        session.exec(
            select(ProgressUpdate)
            .where(ProgressUpdate.call_id == call_id)
            .order_by(col(ProgressUpdate.at), col(ProgressUpdate.id))
        ).all()
    )
