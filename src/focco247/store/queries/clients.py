"""Selects of clients."""

from __future__ import annotations

from sqlmodel import Session, col, select

from focco247.store.models import Client


def client_by_code(session: Session, code: str) -> Client | None:
    """The client with exactly this (upper-case) code."""
    return session.exec(select(Client).where(col(Client.code) == code)).first()


def client_code_taken(session: Session, code: str) -> bool:
    return session.exec(select(Client.id).where(col(Client.code) == code)).first() is not None


def client_codes(session: Session, include_retired: bool = True) -> list[str]:
    query = select(Client.code)
    if not include_retired:
        query = query.where(col(Client.retired_at).is_(None))
    return list(session.exec(query).all())


def clients_by_code(session: Session, include_retired: bool = True) -> list[Client]:
    """Clients in code order (retired ones too unless `include_retired` is False)."""
    query = select(Client).order_by(col(Client.code))
    if not include_retired:
        query = query.where(col(Client.retired_at).is_(None))
    return list(session.exec(query).all())
