"""The selects of corrections (R19): recorded adjustments, what was billed for each month's
fee, the months a client has issued, and the billed calls a contract change may re-price."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from focco247.store.models import Adjustment, Call, Event, Invoice, InvoiceLine, TimeEntry

_CHUNK = 500


@dataclass(frozen=True)
class AdjustmentRow:
    id: int
    client_id: int
    adjusts_month: str
    amount_cents: int
    reason: str
    recorded_at: datetime


def pending(session: Session, client_id: int | None) -> list[AdjustmentRow]:
    """Recorded adjustments on no live invoice yet, oldest first."""
    query = (
        sa.select(
            col(Adjustment.id),
            col(Adjustment.client_id),
            col(Adjustment.adjusts_month),
            col(Adjustment.amount_cents),
            col(Adjustment.reason),
            col(Adjustment.recorded_at),
        )
        .where(col(Adjustment.invoice_id).is_(None))
        .order_by(col(Adjustment.recorded_at), col(Adjustment.id))
    )
    if client_id is not None:
        query = query.where(col(Adjustment.client_id) == client_id)
    session.flush()
    return [AdjustmentRow(**row._mapping) for row in session.connection().execute(query).all()]


def bind(session: Session, adjustment_ids: Sequence[int], invoice_id: int) -> None:
    """Issuing: the adjustments go on this invoice, exactly once (only pending ones move)."""
    for start in range(0, len(adjustment_ids), _CHUNK):
        chunk = list(adjustment_ids[start : start + _CHUNK])
        session.connection().execute(
            sa.update(Adjustment)
            .where(col(Adjustment.id).in_(chunk), col(Adjustment.invoice_id).is_(None))
            .values(invoice_id=invoice_id)
        )


def release(session: Session, invoice_id: int) -> None:
    """A void: the adjustments the invoice billed are pending again."""
    session.connection().execute(
        sa.update(Adjustment)
        .where(col(Adjustment.invoice_id) == invoice_id)
        .values(invoice_id=None)
    )


def fee_entries(
    session: Session, client_id: int | None, month: str | None = None
) -> dict[tuple[int, str], list[tuple[int, str | None, str]]]:
    """What was billed for each client's monthly fee: (amount in centavos, reason, source) per
    (client id, month). Sources: `fee` (the fee line of the month's live invoice), `line` (an
    adjustment line for the month on any live invoice), `pending` (recorded, not yet billed)."""
    out: dict[tuple[int, str], list[tuple[int, str | None, str]]] = defaultdict(list)
    session.flush()
    fee = (
        select(col(Invoice.client_id), col(Invoice.month), col(InvoiceLine.amount_cents))
        .join(Invoice, col(Invoice.id) == col(InvoiceLine.invoice_id))
        .where(col(Invoice.status) == "issued", col(InvoiceLine.kind) == "fee_247")
    )
    lines = (
        select(
            col(Invoice.client_id),
            col(InvoiceLine.adjusts_month),
            col(InvoiceLine.amount_cents),
            col(InvoiceLine.reason),
        )
        .join(Invoice, col(Invoice.id) == col(InvoiceLine.invoice_id))
        .where(
            col(Invoice.status) == "issued",
            col(InvoiceLine.kind) == "adjustment",
            col(InvoiceLine.call_id).is_(None),
            col(InvoiceLine.adjusts_month).is_not(None),
        )
    )
    waiting = select(
        col(Adjustment.client_id),
        col(Adjustment.adjusts_month),
        col(Adjustment.amount_cents),
        col(Adjustment.reason),
    ).where(col(Adjustment.invoice_id).is_(None))
    if client_id is not None:
        fee = fee.where(col(Invoice.client_id) == client_id)
        lines = lines.where(col(Invoice.client_id) == client_id)
        waiting = waiting.where(col(Adjustment.client_id) == client_id)
    if month is not None:
        fee = fee.where(col(Invoice.month) == month)
        lines = lines.where(col(InvoiceLine.adjusts_month) == month)
        waiting = waiting.where(col(Adjustment.adjusts_month) == month)
    for cid, m, cents in session.exec(fee):
        out[(cid, m)].append((cents, None, "fee"))
    for cid, adjusts, cents, why in session.exec(lines):
        out[(cid, adjusts or "")].append((cents, why, "line"))
    for cid, m, cents, text in session.exec(waiting):
        out[(cid, m)].append((cents, text, "pending"))
    return out


def live_months(session: Session, client_id: int | None) -> dict[int, list[str]]:
    """The months each client has a live (issued, not void) invoice for, in order."""
    query = (
        select(col(Invoice.client_id), col(Invoice.month))
        .where(col(Invoice.status) == "issued")
        .order_by(col(Invoice.client_id), col(Invoice.month))
    )
    if client_id is not None:
        query = query.where(col(Invoice.client_id) == client_id)
    out: dict[int, list[str]] = defaultdict(list)
    for cid, month in session.exec(query):
        out[cid].append(month)
    return out


@dataclass(frozen=True)
class BilledCallRow:
    id: int
    client_id: int
    opened_at: datetime
    resolved_at: datetime | None
    status: str
    chargeable: bool
    billed_cents: int
    billed_minutes: int
    billing_due: bool
    billing_changed_at: datetime | None


_BILLED_COLUMNS = (  # BilledCallRow's fields, in order
    col(Call.id),
    col(Call.client_id),
    col(Call.opened_at),
    col(Call.resolved_at),
    col(Call.status),
    col(Call.chargeable),
    col(Call.billed_cents),
    col(Call.billed_minutes),
    col(Call.billing_due),
    col(Call.billing_changed_at),
)


def billed_calls(session: Session, client_id: int | None) -> list[BilledCallRow]:
    """Calls live invoices hold money or minutes for."""
    query = sa.select(*_BILLED_COLUMNS).where(_billed())
    if client_id is not None:
        query = query.where(col(Call.client_id) == client_id)
    session.flush()
    return [_billed_row(row) for row in session.connection().execute(query)]


def billed_calls_logged(session: Session) -> Iterator[tuple[BilledCallRow, int]]:
    """Every call whose billing columns hold money or minutes, with the minutes logged on
    it, in call order: one read of the calls, each one's time entries summed through their
    index, streamed (`db check` walks years of them without holding them)."""
    logged = (
        sa.select(sa.func.coalesce(sa.func.sum(col(TimeEntry.minutes)), 0))
        .where(col(TimeEntry.call_id) == col(Call.id))
        .scalar_subquery()
    )
    query = sa.select(*_BILLED_COLUMNS, logged).where(_billed()).order_by(col(Call.id))
    session.flush()
    rows: Any = session.connection().execute(query)  # SQLite steps it row by row
    for row in rows:  # each: BilledCallRow's values, then the minutes logged
        yield _billed_row(row), int(row[-1])


def _billed() -> sa.ColumnElement[bool]:
    return sa.or_(col(Call.billed_cents) != 0, col(Call.billed_minutes) != 0)


def _billed_row(row: Any) -> BilledCallRow:
    """The row's values of _BILLED_COLUMNS (it starts with them), by position."""
    return BilledCallRow(*row[: len(_BILLED_COLUMNS)])


def calls_held(session: Session, client_id: int | None) -> Iterator[tuple[int, tuple[int, int]]]:
    """(call id, (centavos, minutes)) the live invoices hold, in call order, streamed."""
    query = (
        select(
            col(InvoiceLine.call_id),
            sa.func.sum(col(InvoiceLine.amount_cents)),
            sa.func.sum(sa.func.coalesce(col(InvoiceLine.minutes_billed), 0)),
        )
        .join(Invoice, col(Invoice.id) == col(InvoiceLine.invoice_id))
        .where(
            col(Invoice.status) == "issued",
            col(InvoiceLine.call_id).is_not(None),
            col(InvoiceLine.kind).in_(["chargeable_hours", "adjustment"]),
        )
        .group_by(col(InvoiceLine.call_id))
    )
    if client_id is not None:
        query = query.where(col(Invoice.client_id) == client_id)
    query = query.order_by(col(InvoiceLine.call_id))
    session.flush()
    rows: Any = session.connection().execute(query)  # SQLite steps it row by row
    for cid, cents, minutes in rows:
        yield int(cid or 0), (int(cents or 0), int(minutes or 0))


def latest_call_events(session: Session, call_ids: Sequence[int]) -> dict[int, datetime]:
    """When each call's latest audit event was recorded (for calls whose billing change
    carries no instant of its own)."""
    out: dict[int, datetime] = {}
    keys = [str(i) for i in call_ids]
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start : start + _CHUNK]
        query = (
            select(col(Event.entity_id), sa.func.max(col(Event.at)))
            .where(col(Event.entity) == "call", col(Event.entity_id).in_(chunk))
            .group_by(col(Event.entity_id))
        )
        for key, at in session.exec(query):
            if at is not None:
                out[int(key)] = _aware(at)
    return out


def _aware(value: datetime) -> datetime:
    from datetime import UTC

    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
