"""The selects of the store's own facts (`store_meta`)."""

from __future__ import annotations

from sqlmodel import Session, select

from focco247.store.db import DEMO_KIND, KIND_KEY
from focco247.store.models import StoreMeta


def store_kind(session: Session) -> str | None:
    """The store's kind (`demo`, `real`), None when it was never marked (a real store)."""
    row = session.exec(select(StoreMeta).where(StoreMeta.key == KIND_KEY)).first()
    return row.value if row is not None else None


def is_demo(session: Session) -> bool:
    return store_kind(session) == DEMO_KIND
