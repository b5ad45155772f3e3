"""The billing queries of issuing and `db check`: the answers of each read and write."""

from __future__ import annotations

import os

import sqlalchemy as sa

from focco247.store.db import transaction
from focco247.store.queries import adjustments as adj_q
from focco247.store.queries import invoices as invoice_q

DEC_2 = {"FOCCO247_NOW": "2026-12-02T10:00:00-03:00"}


def chargeable_call(cli, at: str, logged: list[str], resolved_at: str) -> int:
    call_id = cli.json(
        "call", "open", "ACME", "--caller", "Ana", "--summary", "ERP down", "--at", at
    )["id"]  # fmt: skip
    for spent in logged:
        cli.run("call", "log", str(call_id), spent, "--at", at)
    cli.run("call", "chargeable", str(call_id), "--reason", "undue change to the tax setup")
    cli.run("call", "resolve", str(call_id), "--resolution", "restored", "--at", resolved_at)
    return call_id


def test_billed_calls_logged_are_the_billed_calls_with_the_minutes_logged_on_each(cli, acme):
    twice = chargeable_call(cli, "2026-10-20 21:00", ["90m", "15m"], "2026-10-20 23:00")
    once = chargeable_call(cli, "2026-10-21 21:00", ["20m"], "2026-10-21 23:00")
    unbilled = chargeable_call(cli, "2026-11-03 21:00", ["40m"], "2026-11-03 23:00")
    cli.run("invoice", "month", "2026-10", "--issue", env=DEC_2)
    with transaction(os.environ["FOCCO247_DB"], write=True) as session:
        # A call billed with nothing logged (straight in the store): 0 minutes, not missing.
        session.connection().execute(
            sa.text("DELETE FROM time_entry WHERE call_id = :id"), {"id": once}
        )
        found = {row.id: (row, logged) for row, logged in adj_q.billed_calls_logged(session)}
        assert {call_id: logged for call_id, (_, logged) in found.items()} == {
            twice: 105,
            once: 0,
        }
        assert {call_id: row for call_id, (row, _) in found.items()} == {
            row.id: row for row in adj_q.billed_calls(session, None)
        }
        assert unbilled not in found
        session.rollback()


def test_missing_calls_names_the_ids_of_no_call_in_the_order_given(cli, acme):
    call = chargeable_call(cli, "2026-10-20 21:00", ["90m"], "2026-10-20 23:00")
    with transaction(os.environ["FOCCO247_DB"], write=False) as session:
        assert invoice_q.missing_calls(session, [999_999, call, 888_888]) == [999_999, 888_888]
        assert invoice_q.missing_calls(session, [call]) == []
        assert invoice_q.missing_calls(session, []) == []


def test_settle_calls_adds_to_the_billing_columns_and_counts_the_calls_it_changed(cli, acme):
    first = chargeable_call(cli, "2026-10-20 21:00", ["90m"], "2026-10-20 23:00")
    second = chargeable_call(cli, "2026-10-21 21:00", ["20m"], "2026-10-21 23:00")
    with transaction(os.environ["FOCCO247_DB"], write=True) as session:
        conn = session.connection()
        settled = [
            {"call": first, "cents": 27_000, "minutes": 90},
            {"call": second, "cents": 18_000, "minutes": 60},
            {"call": 999_999, "cents": 1, "minutes": 1},
        ]
        assert invoice_q.settle_calls(conn, settled) in (2, None)  # None: the driver can't count
        assert invoice_q.settle_calls(conn, settled[:1]) == 1
        rows = conn.execute(
            sa.text("SELECT id, billed_cents, billed_minutes, billing_due FROM call ORDER BY id")
        ).all()
        assert [tuple(row) for row in rows] == [
            (first, 54_000, 180, False),
            (second, 18_000, 60, False),
        ]
        session.rollback()
