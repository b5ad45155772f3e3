"""Queries on calls and what hangs off them: time entries, escalations, updates, their story."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, TypeVar, cast

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


def resolved_calls_newest_first(session: Session, most: int | None = None) -> list[Call]:
    """Resolved calls (awaiting the requester's rating), the newest first; with `most`, only
    that many (read through the status-and-resolution index, whatever the history)."""
    query = (
        select(Call)
        .where(Call.status == Status.RESOLVED.value)
        .order_by(col(Call.resolved_at).desc(), col(Call.id).desc())
    )
    return list(session.exec(query.limit(most) if most else query).all())


def count_resolved(session: Session) -> int:
    query = select(func.count()).select_from(Call).where(Call.status == Status.RESOLVED.value)
    return int(session.exec(query).one())


# A bind list never grows with the history: lookups by a caller's ids go in slices this size
# (well under SQLite's lowest variable limit, 999), and lists of calls read their totals,
# ETAs and clients in the same select (`listed_calls`).
SLICE = 500

T = TypeVar("T")


def _slices(ids: Collection[T]) -> Iterator[list[T]]:
    items = sorted(set(ids))  # type: ignore[type-var]  # ids are ints or strs: orderable
    for i in range(0, len(items), SLICE):
        yield items[i : i + SLICE]


def minutes_by_call(session: Session, ids: Collection[int]) -> dict[int, int]:
    """Total minutes logged per call (reversals included)."""
    out: dict[int, int] = {}
    for part in _slices(ids):
        rows = session.exec(
            select(TimeEntry.call_id, func.sum(TimeEntry.minutes))
            .where(col(TimeEntry.call_id).in_(part))
            .group_by(col(TimeEntry.call_id))
        ).all()
        out.update({cid: int(total or 0) for cid, total in rows})
    return out


def latest_etas(session: Session, ids: Collection[int]) -> dict[int, datetime]:
    """The last ETA given to each call's requester (calls without one are absent)."""
    out: dict[int, datetime] = {}
    for part in _slices(ids):
        rows = session.exec(
            select(ProgressUpdate)
            .where(col(ProgressUpdate.call_id).in_(part))
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
    out: dict[int, Client] = {}
    for part in _slices(ids):
        rows = session.exec(select(Client).where(col(Client.id).in_(part))).all()
        out.update({c.id: c for c in rows if c.id is not None})
    return out


class CallColumns(Protocol):
    """A call's columns as a list reads them (a Call row, or the plain row of a list)."""

    @property
    def id(self) -> int | None: ...
    @property
    def client_id(self) -> int: ...
    @property
    def product(self) -> str: ...
    @property
    def caller(self) -> str: ...
    @property
    def summary(self) -> str: ...
    @property
    def opened_at(self) -> datetime: ...
    @property
    def verdict(self) -> str: ...
    @property
    def verdict_reason(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def level(self) -> int: ...
    @property
    def chargeable(self) -> bool: ...
    @property
    def chargeable_reason(self) -> str | None: ...
    @property
    def resolution(self) -> str | None: ...
    @property
    def workaround(self) -> bool: ...
    @property
    def resolved_at(self) -> datetime | None: ...
    @property
    def closed_at(self) -> datetime | None: ...
    @property
    def rating(self) -> int | None: ...
    @property
    def strengths(self) -> str | None: ...
    @property
    def weaknesses(self) -> str | None: ...
    @property
    def last_update_at(self) -> datetime | None: ...
    @property
    def timer_started_at(self) -> datetime | None: ...
    @property
    def created_by(self) -> str: ...
    @property
    def phone(self) -> str | None: ...


@dataclass(frozen=True)
class ListedCall:
    """One call of a list with what its view needs besides its columns."""

    call: CallColumns
    total_minutes: int
    eta: datetime | None
    code: str
    name: str


def _total_minutes() -> sa.ScalarSelect[int]:
    return (
        sa.select(sa.func.coalesce(sa.func.sum(col(TimeEntry.minutes)), 0))
        .where(col(TimeEntry.call_id) == col(Call.id))
        .scalar_subquery()
    )


def _latest_eta() -> sa.ScalarSelect[datetime | None]:
    """The ETA of the call's last update that gave one (by instant, then by id)."""
    return (
        sa.select(col(ProgressUpdate.eta))
        .where(col(ProgressUpdate.call_id) == col(Call.id), col(ProgressUpdate.eta).is_not(None))
        .order_by(col(ProgressUpdate.at).desc(), col(ProgressUpdate.id).desc())
        .limit(1)
        .scalar_subquery()
    )


def listed_calls(
    session: Session,
    conditions: Sequence[sa.ColumnElement[bool]],
    newest_first: bool = False,
    limit: int | None = None,
) -> Iterator[ListedCall]:
    """Calls with their total minutes, latest ETA and client, in one select streamed in
    batches: no id list, and memory that does not grow with the number of rows."""
    query = (
        sa.select(
            *Call.__table__.columns,  # type: ignore[attr-defined]  # SQLModel table
            _total_minutes().label("total_minutes"),
            _latest_eta().label("eta"),
            col(Client.code).label("client_code"),
            col(Client.name).label("client_name"),
        )
        .join(Client, col(Client.id) == col(Call.client_id))
        .where(*conditions)
        .order_by(
            *(
                (col(Call.opened_at).desc(), col(Call.id).desc())
                if newest_first
                else (col(Call.opened_at), col(Call.id))
            )
        )
    )
    if limit:
        query = query.limit(limit)
    session.flush()  # plain columns through Core: pending changes first, as autoflush would
    result = session.connection().execution_options(yield_per=1000).execute(query)
    for row in result:
        yield ListedCall(
            cast(CallColumns, row),
            int(row.total_minutes),
            row.eta,
            row.client_code,
            row.client_name,
        )


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


def list_calls(
    session: Session, where: CallFilter, newest: int | None = None
) -> Iterator[ListedCall]:
    """Matching calls, oldest first; with `newest`, only that many of the most recent."""
    if newest:
        # The newest page through the (opened_at, id) index, then put back in order.
        page = list(listed_calls(session, where.conditions(), newest_first=True, limit=newest))
        return reversed(page)
    return listed_calls(session, where.conditions())


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
