"""A book past SQLite's bind-variable limits: lists, handover and reports never build a bind
list that grows with the history (issue 13, target 1).

The store is filled with raw inserts (fast): more calls than SQLite's default variable limit
(32,766) and more clients and resolved calls than its lowest one (999). Every test also
lowers the limit of each connection to 999 (`sqlite3.Connection.setlimit`), as older SQLite
builds have it, so a query with one bind per call or client fails here.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

pytestmark = pytest.mark.sqlite_only

CLIENTS = 1_200
CALLS = 33_000  # > 32,766, SQLite's default SQLITE_MAX_VARIABLE_NUMBER
RESOLVED = 1_500  # awaiting a rating: > 999
OPENED = datetime(2026, 10, 1, 11, 0)  # UTC, naive as the store keeps it on SQLite


def _lower_limit(dbapi_connection: object, _record: object) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 999)


@pytest.fixture
def low_limit() -> Iterator[None]:
    sa.event.listen(sa.engine.Engine, "connect", _lower_limit)
    yield
    sa.event.remove(sa.engine.Engine, "connect", _lower_limit)


def _stamp(at: datetime) -> str:
    return at.strftime("%Y-%m-%d %H:%M:%S.%f")


@pytest.fixture
def big_book(cli, acme, tmp_path, low_limit) -> Iterator[int]:
    """ACME (from the fixture) plus CLIENTS clients with the add-on, and CALLS calls of
    October 2026 spread over them (RESOLVED of them resolved, the rest closed), each with
    15 minutes of time worked and one progress update with an ETA."""
    created = _stamp(datetime(2025, 1, 1))
    with sqlite3.connect(tmp_path / "store.db") as db:
        first = db.execute("SELECT coalesce(max(id), 0) + 1 FROM client").fetchone()[0]
        db.executemany(
            "INSERT INTO client (id, code, name, state, created_at) VALUES (?, ?, ?, 'RS', ?)",
            [(first + i, f"C{i:05d}", f"Client {i}", created) for i in range(CLIENTS)],
        )
        db.executemany(
            "INSERT INTO subscription (client_id, first_day, last_day, created_at) "
            "VALUES (?, '2025-01-01', NULL, ?)",
            [(first + i, created) for i in range(CLIENTS)],
        )
        calls = []
        for n in range(CALLS):
            opened = OPENED + timedelta(minutes=n)
            resolved = n < RESOLVED
            calls.append(
                (
                    first + n % CLIENTS,
                    "FoccoERP",
                    f"Caller {n}",
                    "summary",
                    _stamp(opened),
                    "covered",
                    "",
                    "resolved" if resolved else "closed",
                    2,
                    0,
                    _stamp(opened + timedelta(minutes=30)),
                    None if resolved else _stamp(opened + timedelta(days=3)),
                    0,
                    "tester",
                    0,
                    0,
                    0,
                )
            )
        db.executemany(
            "INSERT INTO call (client_id, product, caller, summary, opened_at, verdict, "
            "verdict_reason, status, level, chargeable, resolved_at, closed_at, workaround, "
            "created_by, billing_due, billed_cents, billed_minutes) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            calls,
        )
        ids = [row[0] for row in db.execute("SELECT id FROM call ORDER BY id")]
        db.executemany(
            "INSERT INTO time_entry (call_id, minutes, worked_at, created_at, actor) "
            "VALUES (?, 15, ?, ?, 'tester')",
            [(cid, _stamp(OPENED + timedelta(minutes=i)), created) for i, cid in enumerate(ids)],
        )
        db.executemany(
            "INSERT INTO progress_update (call_id, at, note, eta) VALUES (?, ?, 'n', ?)",
            [
                (cid, _stamp(OPENED + timedelta(minutes=i)), _stamp(OPENED + timedelta(days=1)))
                for i, cid in enumerate(ids)
            ],
        )
    yield len(ids)


def test_call_list_json_streams_every_call_past_the_variable_limits(cli, big_book):
    doc = cli.json("call", "list")
    assert len(doc["calls"]) == big_book
    first, last = doc["calls"][0], doc["calls"][-1]
    assert (first["caller"], last["caller"]) == ("Caller 0", f"Caller {CALLS - 1}")
    assert first["total_minutes"] == 15
    assert first["eta"] == "2026-10-02T08:00:00-03:00"


def test_call_list_default_page_is_the_newest_calls_with_the_count_of_all(cli, big_book):
    from focco247.commands.call import SCREEN_ROWS

    out = cli.run("call", "list").stdout
    rows = [line.split() for line in out.splitlines()]
    ids = [int(r[0]) for r in rows if len(r) > 1 and r[0].isdigit() and r[1].startswith("C0")]
    assert len(ids) == SCREEN_ROWS
    assert ids[-1] == max(ids) == big_book  # the store's last call, last
    assert f"{big_book - SCREEN_ROWS}" in out.replace(",", "")  # how many more match


def test_handover_past_the_variable_limits_carries_the_newest_unrated_and_counts_all(
    cli, big_book, tmp_path
):
    from focco247.services.shifts import UNRATED_MOST

    cli.run("shift", "start", "Carla")
    doc = cli.json("shift", "handover", "--to", "Diego")
    assert doc["unrated_total"] == RESOLVED
    assert len(doc["unrated"]) == UNRATED_MOST
    assert doc["unrated"][0]["caller"] == f"Caller {RESOLVED - 1}"  # the newest first
    with sqlite3.connect(tmp_path / "store.db") as db:
        (detail,) = db.execute("SELECT detail FROM event WHERE action = 'handover'").fetchone()
    assert len(detail) < 2_000  # the audit event stays small whatever the history


def test_reports_past_the_variable_limits_count_every_call(cli, big_book):
    month = cli.json("report", "month", "2026-10")
    year = cli.json("report", "year", "2026")
    assert month["calls"]["total"] == big_book
    assert year["calls"]["total"] == big_book
    assert [m["calls"] for m in year["months"] if m["month"] == "2026-10"] == [big_book]
