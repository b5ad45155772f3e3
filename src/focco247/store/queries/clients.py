"""Selects of clients."""

from __future__ import annotations

from sqlmodel import Session, col, select

from focco247.store.models import Client


def client_by_code(session: Session, code: str) -> Client | None:
    """The client with exactly this (upper-case) code."""
    return session.exec(select(Client).where(col(Client.code) == code)).first()


def client_code_taken(session: Session, code: str) -> bool:
    return session.exec(select(Client.id).where(col(Client.code) == code)).first() is not None


def client_codes(session: Session) -> list[str]:
    return list(session.exec(select(Client.code)).all())


def clients_by_code(session: Session) -> list[Client]:
    """Every client, in code order."""
    return list(session.exec(select(Client).order_by(col(Client.code))).all())
