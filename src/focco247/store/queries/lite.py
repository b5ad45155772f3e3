"""The selects of the hot commands (`check`, `call open`) on the standard library's sqlite3.

On a SQLite store those commands read through these, so they never import SQLAlchemy or
build the SQLModel tables. Each method is the same query, same filter and same order, as
the select of store/queries/<noun>.py named in its docstring, and answers with rows of the
same attribute names; tests/store/test_lite_reads.py holds the two equal on random books.
Stored values are read as the tables' column types read them: dates from ISO text, instants
as UTC (SQLite keeps them naive, in UTC).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, date, datetime


def _day(text: str) -> date:
    return date.fromisoformat(text)


def _instant(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text).replace(tzinfo=UTC)


def _required_instant(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@dataclass(frozen=True)
class ClientRow:
    id: int
    code: str
    name: str
    state: str | None
    created_at: datetime
    contact_name: str | None
    contact_phone: str | None
    retired_at: datetime | None
    retired_reason: str | None


@dataclass(frozen=True)
class GltRow:
    id: int
    client_id: int
    since: date
    monthly_cents: int
    hourly_rate_cents: int
    created_at: datetime


@dataclass(frozen=True)
class SubscriptionRow:
    id: int
    client_id: int
    first_day: date
    last_day: date | None
    created_at: datetime


@dataclass(frozen=True)
class PolicyRow:
    id: int
    key: str
    value: str
    since: date
    recorded_at: datetime
    actor: str


class LiteReads:
    """What `check` and `call open` read of a SQLite store, on one sqlite3 connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def client_by_code(self, code: str) -> ClientRow | None:
        """clients.client_by_code: the client with exactly this (upper-case) code."""
        row = self.conn.execute(
            "SELECT id, code, name, state, created_at, contact_name, contact_phone, "
            "retired_at, retired_reason FROM client WHERE code = ?",
            (code,),
        ).fetchone()
        if row is None:
            return None
        return ClientRow(
            row[0],
            row[1],
            row[2],
            row[3],
            _required_instant(row[4]),
            row[5],
            row[6],
            _instant(row[7]),
            row[8],
        )

    def client_codes(self) -> list[str]:
        """clients.client_codes: every code, retired clients' too."""
        return [row[0] for row in self.conn.execute("SELECT code FROM client")]

    def glt_rows(self, client_id: int) -> list[GltRow]:
        """contracts.glt_rows: a client's GLT terms, oldest first."""
        return [
            GltRow(row[0], row[1], _day(row[2]), row[3], row[4], _required_instant(row[5]))
            for row in self.conn.execute(
                "SELECT id, client_id, since, monthly_cents, hourly_rate_cents, created_at "
                "FROM glt_term WHERE client_id = ? ORDER BY since",
                (client_id,),
            )
        ]

    def subscriptions(self, client_id: int) -> list[SubscriptionRow]:
        """contracts.subscriptions: a client's 24|7 add-on periods, earliest first."""
        return [
            SubscriptionRow(
                row[0],
                row[1],
                _day(row[2]),
                None if row[3] is None else _day(row[3]),
                _required_instant(row[4]),
            )
            for row in self.conn.execute(
                "SELECT id, client_id, first_day, last_day, created_at FROM subscription "
                "WHERE client_id = ? ORDER BY first_day",
                (client_id,),
            )
        ]

    def exceptional_call_id(self, client_id: int) -> int | None:
        """contracts.exceptional_call_id: the call that used the client's one exceptional
        service (a cancelled call gives it back)."""
        row = self.conn.execute(
            "SELECT id FROM call WHERE client_id = ? AND verdict = 'exceptional' "
            "AND status != 'cancelled' ORDER BY id",
            (client_id,),
        ).fetchone()
        return None if row is None else int(row[0])

    def policy_entries(self) -> list[PolicyRow]:
        """policy.policy_entries: every entry, by key then date."""
        return [
            PolicyRow(row[0], row[1], row[2], _day(row[3]), _required_instant(row[4]), row[5])
            for row in self.conn.execute(
                "SELECT id, key, value, since, recorded_at, actor FROM policy_entry "
                "ORDER BY key, since, id"
            )
        ]

    def attendant_on_shift_from(self, machine_id: str) -> str | None:
        """policy.attendant_on_shift_from: the attendant of the open shift started from this
        machine, if any."""
        row = self.conn.execute(
            "SELECT attendant FROM shift WHERE ended_at IS NULL AND machine_id = ? "
            "ORDER BY started_at DESC, id DESC",
            (machine_id,),
        ).fetchone()
        return None if row is None else str(row[0])
