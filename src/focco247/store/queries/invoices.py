"""The selects of invoicing: clients to bill, contracts, calls whose billing changed,
the month's live invoices and their lines, numbering."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Session, SQLModel, col, select

from focco247.store.models import (
    Call,
    Client,
    GltTermRow,
    Invoice,
    InvoiceLine,
    Subscription,
    TimeEntry,
)

_CHUNK = 500
_BATCH = 20_000  # rows per executemany: bounded memory, few round trips


def _chunks(values: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def clients_by_code(session: Session) -> list[Client]:
    return list(session.exec(select(Client).order_by(col(Client.code))).all())


def live_invoices(session: Session, month: str, client_id: int | None) -> list[Invoice]:
    """The month's issued invoices (of one client when `client_id` is given)."""
    query = select(Invoice).where(Invoice.month == month, Invoice.status == "issued")
    if client_id is not None:
        query = query.where(Invoice.client_id == client_id)
    return list(session.exec(query).all())


@dataclass(frozen=True)
class GltRow:
    client_id: int
    since: date
    monthly_cents: int
    hourly_rate_cents: int


@dataclass(frozen=True)
class SubscriptionRow:
    client_id: int
    first_day: date
    last_day: date | None


def glt_rows(session: Session, client_id: int | None) -> list[GltRow]:
    """GLT terms by client and start day (one client's when `client_id` is given)."""
    query = select(
        col(GltTermRow.client_id),
        col(GltTermRow.since),
        col(GltTermRow.monthly_cents),
        col(GltTermRow.hourly_rate_cents),
    ).order_by(col(GltTermRow.client_id), col(GltTermRow.since))
    if client_id is not None:
        query = query.where(GltTermRow.client_id == client_id)
    return [GltRow(*row) for row in session.exec(query)]


def subscription_rows(session: Session, client_id: int | None) -> list[SubscriptionRow]:
    query = select(
        col(Subscription.client_id), col(Subscription.first_day), col(Subscription.last_day)
    ).order_by(col(Subscription.client_id), col(Subscription.first_day))
    if client_id is not None:
        query = query.where(Subscription.client_id == client_id)
    return [SubscriptionRow(*row) for row in session.exec(query)]


@dataclass(frozen=True)
class DueCallRow:
    """The columns billing reads of a call: no ORM objects for thousands of calls."""

    id: int
    client_id: int
    opened_at: datetime
    resolved_at: datetime | None
    status: str
    chargeable: bool
    billed_cents: int
    billed_minutes: int
    summary: str
    billing_changed_at: datetime | None = None


def due_calls(session: Session, client_id: int | None) -> list[DueCallRow]:
    """Calls whose billing changed since they were last settled (`Call.billing_due`)."""
    query = sa.select(
        col(Call.id),
        col(Call.client_id),
        col(Call.opened_at),
        col(Call.resolved_at),
        col(Call.status),
        col(Call.chargeable),
        col(Call.billed_cents),
        col(Call.billed_minutes),
        col(Call.summary),
        col(Call.billing_changed_at),
    ).where(col(Call.billing_due) == sa.true())
    if client_id is not None:
        query = query.where(col(Call.client_id) == client_id)
    session.flush()  # plain columns through Core: pending changes first, as autoflush would
    return [DueCallRow(**row._mapping) for row in session.connection().execute(query).all()]


def logged_minutes(session: Session, call_ids: Sequence[int]) -> dict[int, int]:
    """Minutes logged per call."""
    totals: dict[int, int] = {}
    for chunk in _chunks(call_ids):
        query = (
            select(col(TimeEntry.call_id), sa.func.sum(col(TimeEntry.minutes)))
            .where(col(TimeEntry.call_id).in_(chunk))
            .group_by(col(TimeEntry.call_id))
        )
        for call_id, total in session.exec(query):
            totals[call_id] = int(total or 0)
    return totals


def exceptional_calls(
    session: Session, start: datetime, end: datetime, client_id: int | None
) -> list[tuple[int, int, datetime]]:
    """(client id, call id, opened at) of the exceptional services opened in [start, end)."""
    query = select(col(Call.client_id), col(Call.id), col(Call.opened_at)).where(
        Call.verdict == "exceptional",
        Call.opened_at >= start,
        Call.opened_at < end,
        col(Call.status) != "cancelled",  # a cancelled call gave its exceptional service back
    )
    if client_id is not None:
        query = query.where(Call.client_id == client_id)
    return [(cid, int(call_id or 0), opened) for cid, call_id, opened in session.exec(query)]


def lines_of(session: Session, invoice_ids: Sequence[int]) -> dict[int, list[InvoiceLine]]:
    """The stored lines of each invoice, in position order."""
    out: dict[int, list[InvoiceLine]] = defaultdict(list)
    for chunk in _chunks(invoice_ids):
        query = (
            select(InvoiceLine)
            .where(col(InvoiceLine.invoice_id).in_(chunk))
            .order_by(col(InvoiceLine.invoice_id), col(InvoiceLine.position))
        )
        for line in session.exec(query):
            out[line.invoice_id].append(line)
    return out


def max_seq(session: Session) -> int:
    """The highest invoice sequence used so far (0 in an empty store)."""
    return int(session.exec(select(sa.func.max(col(Invoice.seq)))).one() or 0)


def _table(model: type[SQLModel]) -> sa.Table:
    return SQLModel.metadata.tables[str(model.__tablename__)]


def insert_invoices(session: Session, rows: Sequence[Mapping[str, object]]) -> list[int]:
    """Issuing: the invoices (their columns by name) in one statement; their ids, in the
    order given."""
    if not rows:
        return []
    result = session.connection().execute(_insert_invoices(), list(rows))
    return [int(i) for i in result.scalars()]


def insert_lines(session: Session, rows: Sequence[Mapping[str, object]]) -> None:
    """Issuing: invoice lines (their columns by name), in one statement."""
    if rows:
        session.connection().execute(_insert_lines(), list(rows))


def missing_calls(session: Session, call_ids: Sequence[int]) -> list[int]:
    """The ids, of those given, that name no call (in the order given)."""
    found: set[int | None] = set()
    conn = session.connection()
    for chunk in _chunks(sorted(set(call_ids))):
        found.update(conn.execute(_known_calls(), {"ids": list(chunk)}).scalars())
    return [call_id for call_id in call_ids if call_id not in found]


def settle_calls(conn: sa.Connection, settlements: Sequence[Mapping[str, int]]) -> int | None:
    """Issuing: add what invoices billed to their calls' billing columns and clear
    `billing_due` (keys: call, cents, minutes; one per call). How many calls it changed,
    where the driver counts the rows of a many-row statement (None where not)."""
    changed: int | None = 0
    for start in range(0, len(settlements), _BATCH):
        batch = list(settlements[start : start + _BATCH])
        result = conn.execute(_settle(), batch)
        counted = len(batch) == 1 or conn.dialect.supports_sane_multi_rowcount
        changed = changed + result.rowcount if changed is not None and counted else None
    return changed


# Issuing runs these once per invoice: built once.


@functools.cache
def _insert_invoices() -> sa.Insert:
    table = _table(Invoice)
    return sa.insert(table).returning(table.c.id, sort_by_parameter_order=True)


@functools.cache
def _insert_lines() -> sa.Insert:
    return sa.insert(_table(InvoiceLine))


@functools.cache
def _known_calls() -> sa.Select[int | None]:
    return sa.select(col(Call.id)).where(col(Call.id).in_(sa.bindparam("ids", expanding=True)))


@functools.cache
def _settle() -> sa.Update:
    table = _table(Call)
    return (
        table.update()
        .where(table.c.id == sa.bindparam("call"))
        .values(
            billed_cents=table.c.billed_cents + sa.bindparam("cents"),
            billed_minutes=table.c.billed_minutes + sa.bindparam("minutes"),
            billing_due=False,
        )
    )


def expire_calls(session: Session, call_ids: Iterable[int]) -> None:
    """Calls the session holds whose row a statement changed behind it: read again on use."""
    for call_id in call_ids:
        row = session.identity_map.get(session.identity_key(Call, call_id))
        if row is not None:
            session.expire(row)


def max_invoice_ids(session: Session) -> tuple[int, int]:
    """The highest invoice id and invoice line id (0 in an empty store)."""
    invoice = session.exec(select(sa.func.max(col(Invoice.id)))).one()
    line = session.exec(select(sa.func.max(col(InvoiceLine.id)))).one()
    return int(invoice or 0), int(line or 0)


def invoice_by_number(session: Session, number: str) -> Invoice | None:
    return session.exec(select(Invoice).where(Invoice.number == number)).first()


def invoice_by_seq(session: Session, seq: int) -> Invoice | None:
    return session.exec(select(Invoice).where(Invoice.seq == seq)).first()


def invoices_with_clients(
    session: Session, month: str | None, client_id: int | None, status: str | None
) -> list[tuple[Invoice, Client]]:
    """Invoices and their clients in number order, filtered by whatever is given."""
    query = select(Invoice, Client).join(Client, col(Client.id) == col(Invoice.client_id))
    if month:
        query = query.where(Invoice.month == month)
    if client_id is not None:
        query = query.where(Invoice.client_id == client_id)
    if status:
        query = query.where(Invoice.status == status)
    return [(inv, c) for inv, c in session.exec(query.order_by(col(Invoice.seq))).all()]
