"""The selects behind `db check` and `db stats`: aggregate SQL, each table read once.

Each function returns plain rows (tuples of values); what they mean to a person is said in
`focco247.output.db`.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, SQLModel, col, select

from focco247.store.models import Call, Client, Invoice, InvoiceLine, TimeEntry

BILLED_KINDS = ("chargeable_hours", "adjustment")
INVOICE_STATUSES = ("issued", "void")

COUNTED = (
    ("calls", Call),
    ("time_entries", TimeEntry),
    ("invoices", Invoice),
    ("invoice_lines", InvoiceLine),
)


def count_rows(session: Session, model: type[SQLModel]) -> int:
    return int(session.exec(select(sa.func.count()).select_from(model)).one())


def rows_per_table(session: Session) -> dict[str, int]:
    conn = session.connection()
    return {
        table.name: int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())
        for table in SQLModel.metadata.sorted_tables
    }


def sqlite_integrity(session: Session, full: bool = False) -> list[str]:
    """`sqlite_page_check` in the command's own transaction."""
    dbapi = session.connection().connection.dbapi_connection
    assert isinstance(dbapi, sqlite3.Connection)
    return sqlite_page_check(dbapi, full)


def sqlite_page_check(conn: sqlite3.Connection, full: bool = False) -> list[str]:
    """SQLite's own check: `quick_check` (every page once), or with `full` `integrity_check`
    (every index entry matched to its row too)."""
    pragma = "PRAGMA integrity_check" if full else "PRAGMA quick_check"
    return [str(row[0]) for row in conn.execute(pragma)]


def sqlite_dangling(session: Session) -> list[tuple[str, int, str]]:
    """(table, rowid, parent) for each row pointing at a missing one."""
    rows = session.connection().exec_driver_sql("PRAGMA foreign_key_check")
    return [(str(table), int(rowid), str(parent)) for table, rowid, parent, _ in rows]


def sqlite_journal_mode(session: Session) -> str | None:
    value = session.connection().exec_driver_sql("PRAGMA journal_mode").scalar()
    return str(value) if value is not None else None


def postgresql_size(session: Session) -> int:
    conn = session.connection()
    return int(conn.execute(sa.text("SELECT pg_database_size(current_database())")).scalar_one())


def _live_billed() -> Any:
    """Per call: what live invoices hold for it (cents, billed minutes)."""
    return (
        select(
            col(InvoiceLine.call_id).label("call_id"),
            sa.func.sum(col(InvoiceLine.amount_cents)).label("cents"),
            sa.func.sum(sa.func.coalesce(col(InvoiceLine.minutes_billed), 0)).label("minutes"),
        )
        .join(Invoice, col(Invoice.id) == col(InvoiceLine.invoice_id))
        .where(
            col(Invoice.status) == "issued",
            col(InvoiceLine.call_id).is_not(None),
            col(InvoiceLine.kind).in_(BILLED_KINDS),
        )
        .group_by(col(InvoiceLine.call_id))
        .subquery()
    )


def billing_state_mismatches(session: Session) -> list[tuple[int, int, int, int, int]]:
    """(call id, billed cents, billed minutes, cents held, minutes held) where they differ."""
    live = _live_billed()
    cents = sa.func.coalesce(live.c.cents, 0)
    minutes = sa.func.coalesce(live.c.minutes, 0)
    query = (
        sa.select(col(Call.id), col(Call.billed_cents), col(Call.billed_minutes), cents, minutes)
        .outerjoin(live, live.c.call_id == col(Call.id))
        .where(sa.or_(col(Call.billed_cents) != cents, col(Call.billed_minutes) != minutes))
        .order_by(col(Call.id))
    )
    return [
        (int(cid), int(billed), int(bmin), int(held), int(hmin))
        for cid, billed, bmin, held, hmin in session.connection().execute(query)
    ]


def double_billed_calls(session: Session) -> list[tuple[int, int]]:
    """(call id, live invoices) for calls charged on more than one live invoice."""
    query = (
        select(col(InvoiceLine.call_id), sa.func.count())
        .join(Invoice, col(Invoice.id) == col(InvoiceLine.invoice_id))
        .where(col(Invoice.status) == "issued", col(InvoiceLine.kind) == "chargeable_hours")
        .where(col(InvoiceLine.call_id).is_not(None))
        .group_by(col(InvoiceLine.call_id))
        .having(sa.func.count() > 1)
        .order_by(col(InvoiceLine.call_id))
    )
    return [(int(cid), int(n)) for cid, n in session.exec(query) if cid is not None]


def invoice_seq_bounds(session: Session) -> tuple[int | None, int | None, int]:
    """(lowest, highest, how many) invoice sequence numbers."""
    low, high, count = session.exec(
        select(sa.func.min(col(Invoice.seq)), sa.func.max(col(Invoice.seq)), sa.func.count())
    ).one()
    return low, high, int(count)


def invoice_seqs(session: Session) -> set[int]:
    return set(session.exec(select(col(Invoice.seq))).all())


def clients_with_two_live_invoices(session: Session) -> list[tuple[str, str, int]]:
    """(client code, month, live invoices) for client-months with more than one."""
    query = (
        select(col(Client.code), col(Invoice.month), sa.func.count())
        .join(Client, col(Client.id) == col(Invoice.client_id))
        .where(col(Invoice.status) == "issued")
        .group_by(col(Client.code), col(Invoice.month))
        .having(sa.func.count() > 1)
        .order_by(col(Client.code), col(Invoice.month))
    )
    return [(str(code), str(month), int(n)) for code, month, n in session.exec(query)]


def totals_off_their_lines(session: Session) -> list[tuple[str, int, int]]:
    """(invoice number, total cents, lines' sum) where they differ."""
    sums = (
        select(
            col(InvoiceLine.invoice_id).label("invoice_id"),
            sa.func.sum(col(InvoiceLine.amount_cents)).label("cents"),
        )
        .group_by(col(InvoiceLine.invoice_id))
        .subquery()
    )
    lines = sa.func.coalesce(sums.c.cents, 0)
    query = (
        select(col(Invoice.number), col(Invoice.total_cents), lines)
        .outerjoin(sums, sums.c.invoice_id == col(Invoice.id))
        .where(col(Invoice.total_cents) != lines)
        .order_by(col(Invoice.seq))
    )
    return [(str(number), int(total), int(held)) for number, total, held in session.exec(query)]


def unknown_statuses(session: Session) -> list[tuple[str, str]]:
    """(invoice number, status) for statuses this code does not know."""
    query = (
        select(col(Invoice.number), col(Invoice.status))
        .where(col(Invoice.status).not_in(INVOICE_STATUSES))
        .order_by(col(Invoice.seq))
    )
    return [(str(number), str(status)) for number, status in session.exec(query)]


def orphan_time_entries(session: Session) -> list[tuple[int, int]]:
    """(time entry id, call id) for time entries whose call does not exist."""
    query = (
        select(col(TimeEntry.id), col(TimeEntry.call_id))
        .outerjoin(Call, col(Call.id) == col(TimeEntry.call_id))
        .where(col(Call.id).is_(None))
        .order_by(col(TimeEntry.id))
    )
    return [(int(eid), int(cid)) for eid, cid in session.exec(query) if eid is not None]
