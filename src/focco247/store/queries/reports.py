"""The selects of the reports: a period's calls, time, progress updates, escalations,
add-on periods and issued revenue, in a handful of aggregate queries whatever the volume."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TypeVar

import sqlalchemy as sa
from sqlalchemy.sql import Select
from sqlmodel import Session, col, select

from focco247.domain.calls import Status
from focco247.store.models import (
    Call,
    Client,
    Escalation,
    Invoice,
    InvoiceLine,
    ProgressUpdate,
    Specialist,
    Subscription,
    TimeEntry,
)

S = TypeVar("S", bound=Select)


@dataclass(frozen=True)
class ReportCallRow:
    """Plain columns, not ORM objects: a year of calls loads several times faster."""

    id: int
    client_id: int
    product: str
    caller: str
    opened_at: datetime
    verdict: str
    status: str
    level: int
    chargeable: bool
    resolved_at: datetime | None
    closed_at: datetime | None
    rating: int | None
    strengths: str | None
    weaknesses: str | None
    code: str
    name: str


_CALL_COLUMNS = (
    col(Call.id),
    col(Call.client_id),
    col(Call.product),
    col(Call.caller),
    col(Call.opened_at),
    col(Call.verdict),
    col(Call.status),
    col(Call.level),
    col(Call.chargeable),
    col(Call.resolved_at),
    col(Call.closed_at),
    col(Call.rating),
    col(Call.strengths),
    col(Call.weaknesses),
    col(Client.code),
    col(Client.name),
)


def _scoped(stmt: S, client_id: int | None) -> S:
    """The client's calls (or every client's), never a call cancelled as opened by mistake."""
    stmt = stmt.where(col(Call.status) != Status.CANCELLED.value)
    return stmt.where(col(Call.client_id) == client_id) if client_id is not None else stmt


def _within(column: datetime | None, start: datetime, end: datetime) -> sa.ColumnElement[bool]:
    return sa.and_(col(column) >= start, col(column) < end)


def calls_in_period(
    session: Session, start: datetime, end: datetime, client_id: int | None
) -> list[ReportCallRow]:
    """Calls opened, resolved, closed or worked on in [start, end), with their client.

    The four ways in are one indexed range each (opened_at, resolved_at, closed_at, the time
    entries' worked_at), united into a set of ids: a period reads its own calls, not the
    history (an OR over the four would scan the call table)."""
    worked = sa.select(col(TimeEntry.call_id)).where(
        col(TimeEntry.worked_at) >= start, col(TimeEntry.worked_at) < end
    )
    ids: sa.CompoundSelect = sa.union(
        sa.select(col(Call.id)).where(_within(Call.opened_at, start, end)),
        sa.select(col(Call.id)).where(_within(Call.resolved_at, start, end)),
        sa.select(col(Call.id)).where(_within(Call.closed_at, start, end)),
        worked,
    )
    query = _scoped(
        sa.select(*_CALL_COLUMNS)
        .join(Client, col(Client.id) == col(Call.client_id))
        .where(col(Call.id).in_(ids)),
        client_id,
    ).order_by(col(Call.opened_at), col(Call.id))
    session.flush()  # plain columns through Core: pending changes first, as autoflush would
    return [ReportCallRow(**row._mapping) for row in session.connection().execute(query).all()]


def time_entries_in_period(
    session: Session, start: datetime, end: datetime, client_id: int | None
) -> list[tuple[int, datetime, int]]:
    """(call id, worked at, minutes) of the time worked in [start, end)."""
    query = _scoped(
        select(col(TimeEntry.call_id), col(TimeEntry.worked_at), col(TimeEntry.minutes))
        .join(Call, col(Call.id) == col(TimeEntry.call_id))
        .where(col(TimeEntry.worked_at) >= start, col(TimeEntry.worked_at) < end),
        client_id,
    )
    return [(cid, at, mins) for cid, at, mins in session.exec(query).all()]


def level3_updates(
    session: Session, start: datetime, end: datetime, client_id: int | None
) -> list[tuple[int, datetime]]:
    """(call id, at) of the progress updates of the level-3 calls opened in [start, end)."""
    query = _scoped(
        select(col(ProgressUpdate.call_id), col(ProgressUpdate.at))
        .join(Call, col(Call.id) == col(ProgressUpdate.call_id))
        .where(Call.level == 3, _within(Call.opened_at, start, end)),
        client_id,
    )
    return [(cid, at) for cid, at in session.exec(query).all()]


def addon_periods_of(
    session: Session, client_id: int | None
) -> list[tuple[int, date, date | None]]:
    """(client id, first day, last day) of the add-on subscriptions (of one client if given):
    a few per client, read whole rather than through a list of the period's clients."""
    query = sa.select(
        col(Subscription.client_id), col(Subscription.first_day), col(Subscription.last_day)
    )
    if client_id is not None:
        query = query.where(col(Subscription.client_id) == client_id)
    return [(cid, first, last) for cid, first, last in session.execute(query).all()]


def escalations_in_period(
    session: Session, start: datetime, end: datetime, client_id: int | None
) -> list[tuple[int, str, str, datetime]]:
    """(call id, specialist, area, at) of the escalations in [start, end)."""
    query = _scoped(
        select(
            col(Escalation.call_id), col(Specialist.name), col(Specialist.area), col(Escalation.at)
        )
        .join(Specialist, col(Specialist.id) == col(Escalation.specialist_id))
        .join(Call, col(Call.id) == col(Escalation.call_id))
        .where(col(Escalation.at) >= start, col(Escalation.at) < end),
        client_id,
    )
    return [(cid, name, area, at) for cid, name, area, at in session.exec(query).all()]


def issued_revenue(
    session: Session, months: Iterable[str], client_id: int | None
) -> list[tuple[str, str, int, int]]:
    """(month, line kind, amount in centavos, minutes billed) of the issued invoices."""
    query = (
        select(
            col(Invoice.month),
            col(InvoiceLine.kind),
            sa.func.sum(col(InvoiceLine.amount_cents)),
            sa.func.coalesce(sa.func.sum(col(InvoiceLine.minutes_billed)), 0),
        )
        .join(Invoice, col(Invoice.id) == col(InvoiceLine.invoice_id))
        .where(Invoice.status == "issued", col(Invoice.month).in_(list(months)))
        .group_by(col(Invoice.month), col(InvoiceLine.kind))
    )
    if client_id is not None:
        query = query.where(Invoice.client_id == client_id)
    return [
        (month, kind, int(amount or 0), int(billed or 0))
        for month, kind, amount, billed in session.exec(query).all()
    ]
