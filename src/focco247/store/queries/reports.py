"""The selects of the reports. A period's calls are counted by the database, grouped by what
a figure needs (month, verdict, level, minutes to resolution, rating...), so a year of calls
comes back as a few thousand rows; only what a figure lists call by call (comments, level-3
follow-up, exceptional services, sales leads) comes back row by row.

Which instant puts a call in a period mirrors `domain.report.Tally.add`; a property test
(tests/services/test_report_aggregates.py) holds the two equal on random books."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql import Select
from sqlalchemy.sql.compiler import SQLCompiler
from sqlmodel import Session, col

from focco247.domain.calls import Status
from focco247.domain.report import LEAD_VERDICTS
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

# The heat map's buckets: every time zone's offset is a whole number of quarter hours, so all
# the instants of one UTC quarter hour fall in the same local hour and day.
QUARTER_SECONDS = 900


# --- two measures the dialects spell differently ------------------------------------------


class EpochSeconds(sa.sql.functions.FunctionElement[int]):
    """Whole seconds since 1970-01-01 UTC of a stored instant."""

    type = sa.BigInteger()
    inherit_cache = True


def _sqlite_seconds(compiler: SQLCompiler, x: str) -> str:
    # SQLite's date functions round a fraction of a second to the millisecond (59.9996 s is
    # the next second), so they are given the whole seconds only: the first 19 characters.
    # unixepoch() (SQLite 3.38+) is the cheaper spelling of strftime('%s').
    if getattr(compiler.dialect.dbapi, "sqlite_version_info", (0,)) >= (3, 38):
        return f"unixepoch(substr({x}, 1, 19))"
    return f"CAST(strftime('%s', substr({x}, 1, 19)) AS INTEGER)"


@compiles(EpochSeconds, "sqlite")
def _epoch_sqlite(element: EpochSeconds, compiler: SQLCompiler, **kw: Any) -> str:
    return _sqlite_seconds(compiler, compiler.process(element.clauses, **kw))


@compiles(EpochSeconds, "postgresql")
def _epoch_postgresql(element: EpochSeconds, compiler: SQLCompiler, **kw: Any) -> str:
    return f"CAST(FLOOR(EXTRACT(EPOCH FROM {compiler.process(element.clauses, **kw)})) AS BIGINT)"


class WholeMinutesBetween(sa.sql.functions.FunctionElement[int]):
    """`domain.report.whole_minutes(start, end)` in SQL: elapsed whole minutes, microseconds
    counted, never negative."""

    type = sa.BigInteger()
    inherit_cache = True


@compiles(WholeMinutesBetween, "sqlite")
def _minutes_sqlite(element: WholeMinutesBetween, compiler: SQLCompiler, **kw: Any) -> str:
    # Instants are stored as 'YYYY-MM-DD HH:MM:SS.ffffff' (UTC): whole seconds from
    # strftime, the microseconds from the 21st character on.
    start, end = (compiler.process(c, **kw) for c in element.clauses)

    def micros(x: str) -> str:
        return f"({_sqlite_seconds(compiler, x)} * 1000000 + CAST(substr({x}, 21, 6) AS INTEGER))"

    return f"MAX(0, ({micros(end)} - {micros(start)}) / 60000000)"


@compiles(WholeMinutesBetween, "postgresql")
def _minutes_postgresql(element: WholeMinutesBetween, compiler: SQLCompiler, **kw: Any) -> str:
    start, end = (compiler.process(c, **kw) for c in element.clauses)
    return f"CAST(GREATEST(0, FLOOR(EXTRACT(EPOCH FROM ({end} - {start})) / 60)) AS BIGINT)"


# --- periods ------------------------------------------------------------------------------


def _scoped(stmt: S, client_id: int | None) -> S:
    """The client's calls (or every client's), never a call cancelled as opened by mistake."""
    stmt = stmt.where(col(Call.status) != Status.CANCELLED.value)
    return stmt.where(col(Call.client_id) == client_id) if client_id is not None else stmt


def _within(column: Any, bounds: Sequence[datetime]) -> sa.ColumnElement[bool]:
    return sa.and_(col(column) >= bounds[0], col(column) < bounds[-1])


def _part(column: Any, bounds: Sequence[datetime]) -> sa.ColumnElement[int]:
    """Which part of the period an instant falls in: 0 for [bounds[0], bounds[1]), 1 for the
    next... (the months of a year; a month report has one part). The comparisons nest as a
    binary search: a year's instant is placed in four of them, not up to eleven."""

    def between(low: int, high: int) -> sa.ColumnElement[int]:  # parts low..high
        if low == high:
            return sa.literal(low, sa.Integer)
        mid = (low + high + 1) // 2
        return sa.case((col(column) < bounds[mid], between(low, mid - 1)), else_=between(mid, high))

    return between(0, len(bounds) - 2)


def _rows(session: Session, query: Select) -> Iterator[tuple[Any, ...]]:
    session.flush()  # plain columns through Core: pending changes first, as autoflush would
    return iter(session.connection().execute(query).all())


# --- counted by the database --------------------------------------------------------------


def opened_counts(
    session: Session, bounds: Sequence[datetime], client_id: int | None
) -> Iterator[tuple[int, str, str, int, int]]:
    """(UTC quarter hour since 1970, verdict, status, level, contacts) of the contacts opened
    in the period: the quarter hour places them in the heat map and in the period's part."""
    quarter = EpochSeconds(col(Call.opened_at)) // QUARTER_SECONDS
    query = _scoped(
        sa.select(quarter, col(Call.verdict), col(Call.status), col(Call.level), sa.func.count())
        .where(_within(Call.opened_at, bounds))
        .group_by(quarter, col(Call.verdict), col(Call.status), col(Call.level)),
        client_id,
    )
    return _rows(session, query)


def resolution_counts(
    session: Session, bounds: Sequence[datetime], client_id: int | None
) -> Iterator[tuple[int, str, int, int, int]]:
    """(part, status, level, whole minutes from opening, calls) of the calls resolved in the
    period."""
    part = _part(Call.resolved_at, bounds)
    minutes = WholeMinutesBetween(col(Call.opened_at), col(Call.resolved_at))
    query = _scoped(
        sa.select(part, col(Call.status), col(Call.level), minutes, sa.func.count())
        .where(_within(Call.resolved_at, bounds))
        .group_by(part, col(Call.status), col(Call.level), minutes),
        client_id,
    )
    return _rows(session, query)


def rating_counts(
    session: Session, bounds: Sequence[datetime], client_id: int | None
) -> Iterator[tuple[int, int, int]]:
    """(part, rating, calls) of the rated calls closed in the period."""
    part = _part(Call.closed_at, bounds)
    query = _scoped(
        sa.select(part, col(Call.rating), sa.func.count())
        .where(_within(Call.closed_at, bounds), col(Call.rating).is_not(None))
        .group_by(part, col(Call.rating)),
        client_id,
    )
    return _rows(session, query)


def worked_minutes(
    session: Session, bounds: Sequence[datetime], client_id: int | None
) -> Iterator[tuple[int, bool, int]]:
    """(part, the call is chargeable, minutes) of the time worked in the period: the
    period's time entries, read by when they were worked, each joined to its call."""
    part = _part(TimeEntry.worked_at, bounds)
    minutes = col(TimeEntry.minutes)
    # Summed by a CASE, not filtered on `chargeable`: a filter would let the planner walk
    # every chargeable call of the history instead of the period's time.
    charged = sa.func.sum(sa.case((col(Call.chargeable), minutes), else_=0))
    query = _scoped(
        sa.select(part, sa.func.sum(minutes), charged)
        .join(Call, col(Call.id) == col(TimeEntry.call_id))
        .where(_within(TimeEntry.worked_at, bounds))
        .group_by(part),
        client_id,
    )
    for p, every, chargeable in _rows(session, query):
        yield p, False, int(every or 0) - int(chargeable or 0)
        if chargeable:
            yield p, True, int(chargeable)


def escalation_counts(
    session: Session, bounds: Sequence[datetime], client_id: int | None
) -> Iterator[tuple[int, str, str, int]]:
    """(part, specialist, area, escalations) in the period: a specialist named twice on one
    call counts once, in the part of the first time (domain.report.first_escalations)."""
    first = (
        _scoped(
            sa.select(
                col(Escalation.specialist_id).label("specialist_id"),
                sa.func.min(col(Escalation.at)).label("at"),
            )
            .join(Call, col(Call.id) == col(Escalation.call_id))
            .where(_within(Escalation.at, bounds))
            .group_by(col(Escalation.call_id), col(Escalation.specialist_id)),
            client_id,
        )
    ).subquery()
    part = _part(first.c.at, bounds)
    query = (
        sa.select(part, col(Specialist.name), col(Specialist.area), sa.func.count())
        .select_from(first)
        .join(Specialist, col(Specialist.id) == first.c.specialist_id)
        .group_by(part, col(Specialist.name), col(Specialist.area))
    )
    return _rows(session, query)


# --- listed call by call --------------------------------------------------------------------


@dataclass(frozen=True)
class CommentRow:
    closed_at: datetime
    call_id: int
    client: str
    rating: int
    strengths: str | None
    weaknesses: str | None


def comment_rows(
    session: Session, bounds: Sequence[datetime], client_id: int | None
) -> Iterator[CommentRow]:
    """The rated calls closed in the period whose requester left a remark."""
    query = _scoped(
        sa.select(
            col(Call.closed_at),
            col(Call.id),
            col(Client.code),
            col(Call.rating),
            col(Call.strengths),
            col(Call.weaknesses),
        )
        .join(Client, col(Client.id) == col(Call.client_id))
        .where(
            _within(Call.closed_at, bounds),
            col(Call.rating).is_not(None),
            sa.or_(col(Call.strengths).is_not(None), col(Call.weaknesses).is_not(None)),
        ),
        client_id,
    )
    return (CommentRow(*row) for row in _rows(session, query))


@dataclass(frozen=True)
class ContactRow:
    id: int
    client_id: int
    client: str
    client_name: str
    opened_at: datetime
    verdict: str
    product: str
    caller: str


def lead_contact_rows(
    session: Session, bounds: Sequence[datetime], client_id: int | None
) -> Iterator[ContactRow]:
    """The contacts opened in the period with a verdict sales follows (LEAD_VERDICTS)."""
    query = _scoped(
        sa.select(
            col(Call.id),
            col(Call.client_id),
            col(Client.code),
            col(Client.name),
            col(Call.opened_at),
            col(Call.verdict),
            col(Call.product),
            col(Call.caller),
        )
        .join(Client, col(Client.id) == col(Call.client_id))
        .where(_within(Call.opened_at, bounds), col(Call.verdict).in_(LEAD_VERDICTS)),
        client_id,
    )
    return (ContactRow(*row) for row in _rows(session, query))


@dataclass(frozen=True)
class Level3Row:
    id: int
    client: str
    status: str
    opened_at: datetime
    resolved_at: datetime | None


def level3_rows(
    session: Session, bounds: Sequence[datetime], client_id: int | None
) -> Iterator[Level3Row]:
    """The level-3 calls opened in the period."""
    query = _scoped(
        sa.select(
            col(Call.id),
            col(Client.code),
            col(Call.status),
            col(Call.opened_at),
            col(Call.resolved_at),
        )
        .join(Client, col(Client.id) == col(Call.client_id))
        .where(col(Call.level) == 3, _within(Call.opened_at, bounds)),
        client_id,
    )
    return (Level3Row(*row) for row in _rows(session, query))


def level3_updates(
    session: Session, bounds: Sequence[datetime], client_id: int | None
) -> Iterator[tuple[int, datetime]]:
    """(call id, at) of the progress updates of the level-3 calls opened in the period."""
    query = _scoped(
        sa.select(col(ProgressUpdate.call_id), col(ProgressUpdate.at))
        .join(Call, col(Call.id) == col(ProgressUpdate.call_id))
        .where(col(Call.level) == 3, _within(Call.opened_at, bounds)),
        client_id,
    )
    return _rows(session, query)


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


def issued_revenue(
    session: Session, months: Iterable[str], client_id: int | None
) -> list[tuple[str, str, int, int]]:
    """(month, line kind, amount in centavos, minutes billed) of the issued invoices."""
    query = (
        sa.select(
            col(Invoice.month),
            col(InvoiceLine.kind),
            sa.func.sum(col(InvoiceLine.amount_cents)),
            sa.func.coalesce(sa.func.sum(col(InvoiceLine.minutes_billed)), 0),
        )
        .join(Invoice, col(Invoice.id) == col(InvoiceLine.invoice_id))
        .where(col(Invoice.status) == "issued", col(Invoice.month).in_(list(months)))
        .group_by(col(Invoice.month), col(InvoiceLine.kind))
    )
    if client_id is not None:
        query = query.where(col(Invoice.client_id) == client_id)
    return [
        (month, kind, int(amount or 0), int(billed or 0))
        for month, kind, amount, billed in session.execute(query).all()
    ]
