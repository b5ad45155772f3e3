"""Queries on calls and what hangs off them: time entries, escalations, updates, their story."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from focco247.domain.calls import IN_PROGRESS, NOT_SERVED, Status
from focco247.store.models import (
    Call,
    Client,
    Escalation,
    Event,
    ProgressUpdate,
    Specialist,
    TimeEntry,
)


def call_by_id(session: Session, call_id: int) -> Call | None:
    return session.get(Call, call_id)


def entry_by_id(session: Session, entry_id: int) -> TimeEntry | None:
    return session.get(TimeEntry, entry_id)


def active_call(session: Session) -> Call | None:
    """The call with status `open` (at most one: one phone, one attendant)."""
    return session.exec(
        select(Call)
        .where(Call.status == Status.OPEN.value)
        .order_by(col(Call.active_since), col(Call.id))
    ).first()


def queued_calls(session: Session) -> list[Call]:
    """The callback queue, oldest contact first."""
    return list(
        session.exec(
            select(Call)
            .where(Call.status == Status.QUEUED.value)
            .order_by(col(Call.opened_at), col(Call.id))
        ).all()
    )


def parked_call_ids(session: Session) -> list[int]:
    rows = session.exec(
        select(Call.id).where(Call.status == Status.PARKED.value).order_by(col(Call.id))
    ).all()
    return [n for n in rows if n is not None]


def in_progress_calls(session: Session, *, level: int | None = None) -> list[Call]:
    """Queued, open and parked calls (of one level when given), oldest contact first."""
    query = select(Call).where(col(Call.status).in_([s.value for s in IN_PROGRESS]))
    if level is not None:
        query = query.where(Call.level == level)
    return list(session.exec(query.order_by(col(Call.opened_at), col(Call.id))).all())


def resolved_calls_newest_first(session: Session) -> list[Call]:
    return list(
        session.exec(
            select(Call)
            .where(Call.status == Status.RESOLVED.value)
            .order_by(col(Call.resolved_at).desc(), col(Call.id).desc())
        ).all()
    )


def minutes_by_call(session: Session, ids: Collection[int]) -> dict[int, int]:
    """Total minutes logged per call (reversals included)."""
    if not ids:
        return {}
    rows = session.exec(
        select(TimeEntry.call_id, func.sum(TimeEntry.minutes))
        .where(col(TimeEntry.call_id).in_(ids))
        .group_by(col(TimeEntry.call_id))
    ).all()
    return {cid: int(total or 0) for cid, total in rows}


def latest_etas(session: Session, ids: Collection[int]) -> dict[int, datetime]:
    """The last ETA given to each call's requester (calls without one are absent)."""
    out: dict[int, datetime] = {}
    if not ids:
        return out
    rows = session.exec(
        select(ProgressUpdate)
        .where(col(ProgressUpdate.call_id).in_(ids))
        .order_by(col(ProgressUpdate.at), col(ProgressUpdate.id))
    ).all()
    for u in rows:
        if u.eta is not None:
            out[u.call_id] = u.eta
    return out


def latest_updates(session: Session, ids: Collection[int]) -> dict[int, ProgressUpdate]:
    """The last progress update given on each call (calls without one are absent)."""
    if not ids:
        return {}
    last = (
        select(col(ProgressUpdate.call_id), func.max(col(ProgressUpdate.id)).label("last_id"))
        .where(col(ProgressUpdate.call_id).in_(ids))
        .group_by(col(ProgressUpdate.call_id))
        .subquery()
    )
    rows = session.exec(
        select(ProgressUpdate).join(last, col(ProgressUpdate.id) == last.c.last_id)
    ).all()
    return {u.call_id: u for u in rows}


def already_escalated_to(session: Session, call_id: int, specialist_id: int) -> bool:
    """Whether the specialist was already brought into the call."""
    found = session.exec(
        select(Escalation.id).where(
            Escalation.call_id == call_id, Escalation.specialist_id == specialist_id
        )
    ).first()
    return found is not None


def clients_by_id(session: Session, ids: Collection[int]) -> dict[int, Client]:
    rows = session.exec(select(Client).where(col(Client.id).in_(ids))).all()
    return {c.id: c for c in rows if c.id is not None}


def entries_of(session: Session, call_id: int) -> list[TimeEntry]:
    return list(
        session.exec(
            select(TimeEntry).where(TimeEntry.call_id == call_id).order_by(col(TimeEntry.id))
        ).all()
    )


def escalations_of(session: Session, call_id: int) -> list[tuple[Escalation, Specialist]]:
    """Each escalation with the specialist brought in, in the order they happened."""
    rows = session.exec(
        select(Escalation, Specialist)
        .join(Specialist, col(Specialist.id) == col(Escalation.specialist_id))
        .where(Escalation.call_id == call_id)
        .order_by(col(Escalation.at), col(Escalation.id))
    ).all()
    return [(e, s) for e, s in rows]


def updates_of(session: Session, call_id: int) -> list[ProgressUpdate]:
    return list(
        session.exec(
            select(ProgressUpdate)
            .where(ProgressUpdate.call_id == call_id)
            .order_by(col(ProgressUpdate.at), col(ProgressUpdate.id))
        ).all()
    )


def events_of(session: Session, call_id: int) -> list[Event]:
    """The call's audit trail (R18), oldest first."""
    return list(
        session.exec(
            select(Event)
            .where(Event.entity == "call", Event.entity_id == str(call_id))
            .order_by(col(Event.at), col(Event.id))
        ).all()
    )


def reversal_of(session: Session, entry_id: int) -> int | None:
    """The id of the entry that reverses `entry_id`, if any."""
    return session.exec(select(TimeEntry.id).where(TimeEntry.reverses_id == entry_id)).first()


@dataclass(frozen=True)
class CallFilter:
    """What `call list` narrows calls to; None leaves a field open."""

    client_id: int | None = None
    status: Status | None = None
    level: int | None = None
    opened_from: datetime | None = None
    opened_before: datetime | None = None
    level3_in_progress: bool = False  # only calls that can be overdue (R11)

    def conditions(self) -> list[sa.ColumnElement[bool]]:
        out: list[sa.ColumnElement[bool]] = []
        if self.client_id is not None:
            out.append(col(Call.client_id) == self.client_id)
        if self.status is not None:
            out.append(col(Call.status) == self.status.value)
        if self.level is not None:
            out.append(col(Call.level) == self.level)
        if self.opened_from is not None:
            out.append(col(Call.opened_at) >= self.opened_from)
        if self.opened_before is not None:
            out.append(col(Call.opened_at) < self.opened_before)
        if self.level3_in_progress:
            out += [
                col(Call.level) == 3,
                col(Call.status).in_([s.value for s in IN_PROGRESS]),
            ]
        return out


def count_calls(session: Session, where: CallFilter) -> int:
    return int(
        session.exec(select(func.count()).select_from(Call).where(*where.conditions())).one()
    )


def find_calls(session: Session, where: CallFilter, newest: int | None = None) -> list[Call]:
    """Matching calls, oldest first; with `newest`, only that many of the most recent."""
    query = select(Call).where(*where.conditions())
    if newest:
        query = query.order_by(col(Call.opened_at).desc(), col(Call.id).desc()).limit(newest)
        return list(reversed(session.exec(query).all()))
    return list(session.exec(query.order_by(col(Call.opened_at), col(Call.id))).all())


# --- shell completion ----------------------------------------------------------------------


def client_codes(session: Session) -> list[str]:
    """Clients offered by completion: a retired client is kept for history, not offered."""
    query = select(Client.code).where(col(Client.retired_at).is_(None))
    return list(session.exec(query.order_by(col(Client.code))).all())


def call_ids_to_complete(session: Session) -> list[int]:
    """Served calls, the ones still being worked on first, then resolved, then the rest;
    newest first within each."""
    rank = sa.case(
        (col(Call.status).in_([s.value for s in IN_PROGRESS]), 0),
        (col(Call.status) == Status.RESOLVED.value, 1),
        else_=2,
    )
    rows: Sequence[int | None] = session.exec(
        select(Call.id)
        .where(col(Call.status).not_in([s.value for s in NOT_SERVED | {Status.CANCELLED}]))
        .order_by(rank, col(Call.id).desc())
    ).all()
    return [n for n in rows if n is not None]
