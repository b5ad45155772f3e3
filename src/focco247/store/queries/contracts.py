"""Selects of contracts: GLT terms, 24|7 add-on periods and the exceptional service."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, select

from focco247.store.models import Call, GltTermRow, Subscription


def glt_rows(session: Session, client_id: int) -> list[GltTermRow]:
    """A client's GLT terms, oldest first."""
    return list(
        session.exec(
            select(GltTermRow)
            .where(col(GltTermRow.client_id) == client_id)
            .order_by(col(GltTermRow.since))
        ).all()
    )


def glt_row_on(session: Session, client_id: int, since: date) -> GltTermRow | None:
    """The client's GLT terms taking effect on `since`, if any."""
    return session.exec(
        select(GltTermRow).where(
            col(GltTermRow.client_id) == client_id, col(GltTermRow.since) == since
        )
    ).first()


def glt_terms_start_on(session: Session, client_id: int, since: date) -> bool:
    """Whether the client already has GLT terms taking effect on `since`."""
    found = session.exec(
        select(GltTermRow.id).where(
            col(GltTermRow.client_id) == client_id, col(GltTermRow.since) == since
        )
    ).first()
    return found is not None


def subscriptions(session: Session, client_id: int) -> list[Subscription]:
    """A client's 24|7 add-on periods, earliest first."""
    return list(
        session.exec(
            select(Subscription)
            .where(col(Subscription.client_id) == client_id)
            .order_by(col(Subscription.first_day))
        ).all()
    )


def exceptional_call_id(session: Session, client_id: int) -> int | None:
    """The call that used the client's one exceptional service, if any."""
    return session.exec(
        select(Call.id)
        .where(
            col(Call.client_id) == client_id,
            col(Call.verdict) == "exceptional",
            col(Call.status) != "cancelled",  # a cancelled call gives its service back
        )
        .order_by(col(Call.id))
    ).first()
