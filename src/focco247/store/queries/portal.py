"""The selects behind the requester's page and links."""

from __future__ import annotations

from sqlmodel import Session, col, select

from focco247.store.models import CallLink, PortalSecret


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
