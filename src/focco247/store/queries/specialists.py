"""Queries on the directory of specialists."""

from __future__ import annotations

from sqlmodel import Session, col, func, select

from focco247.store.models import Specialist


def specialist_named(session: Session, name: str) -> Specialist | None:
    """The specialist with this exact name, in any case (removed ones too)."""
    return session.exec(
        select(Specialist).where(func.lower(Specialist.name) == name.strip().lower())
    ).first()


def directory(session: Session, include_removed: bool = False) -> list[Specialist]:
    """The directory by area, then name."""
    query = select(Specialist).order_by(col(Specialist.area), col(Specialist.name))
    if not include_removed:
        query = query.where(col(Specialist.active).is_(True))
    return list(session.exec(query).all())


def active_specialists(session: Session) -> list[Specialist]:
    return list(session.exec(select(Specialist).where(col(Specialist.active).is_(True))).all())


def active_names(session: Session) -> list[str]:
    """Names of the specialists still offered, alphabetically (shell completion)."""
    return list(
        session.exec(
            select(Specialist.name)
            .where(col(Specialist.active).is_(True))
            .order_by(col(Specialist.name))
        ).all()
    )
