"""Invoicing fed by the attendant's real commands: what a night's calls become on the invoice."""

from __future__ import annotations

DEC_2 = {"FOCCO247_NOW": "2026-12-02T10:00:00-03:00"}


def open_call(cli, code: str, at: str) -> int:
    doc = cli.json("call", "open", code, "--caller", "Ana", "--summary", "ERP down", "--at", at)
    return doc["id"]


def chargeable_call(cli, code: str, at: str, logged: str, resolved_at: str) -> int:
    call_id = open_call(cli, code, at)
    cli.run("call", "log", str(call_id), logged, "--at", at)
    cli.run("call", "chargeable", str(call_id), "--reason", "undue change to the tax setup")
    cli.run("call", "resolve", str(call_id), "--resolution", "restored", "--at", resolved_at)
    return call_id


def hours_lines(doc):
    return [
        (ln["kind"], ln.get("call_id"), ln.get("minutes_billed"), ln["amount"])
        for inv in doc["invoices"]
        for ln in inv["lines"]
        if ln["kind"] != "fee_247"
    ]


def test_r13_a_twenty_minute_client_caused_call_is_billed_one_hour(cli, acme):
    call_id = chargeable_call(cli, "ACME", "2026-11-22 21:00", "20m", "2026-11-22 21:30")
    doc = cli.json("invoice", "month", "2026-11")
    assert hours_lines(doc) == [("chargeable_hours", call_id, 60, "180.00")]
    assert doc["total"] == "1680.00"


def test_r12_r15_a_call_not_chargeable_or_not_resolved_is_not_billed(cli, acme):
    plain = open_call(cli, "ACME", "2026-11-22 21:00")
    cli.run("call", "log", str(plain), "2h")
    cli.run("call", "resolve", str(plain), "--resolution", "fixed")
    pending = open_call(cli, "ACME", "2026-11-22 23:00")
    cli.run("call", "log", str(pending), "2h")
    cli.run("call", "chargeable", str(pending), "--reason", "client deleted the tables")
    assert hours_lines(cli.json("invoice", "month", "2026-11")) == []


def test_r16_reopened_call_with_more_time_is_adjusted_on_the_next_invoice(cli, acme):
    call_id = chargeable_call(cli, "ACME", "2026-11-22 21:00", "1h10m", "2026-11-22 22:30")
    cli.run("invoice", "month", "2026-11", "--issue", env=DEC_2)
    cli.run("call", "reopen", str(call_id), "--reason", "came back", env=DEC_2)
    cli.run("call", "log", str(call_id), "20m", env=DEC_2)
    cli.run("call", "resolve", str(call_id), "--resolution", "fixed for good", env=DEC_2)
    doc = cli.json("invoice", "month", "2026-12", env=DEC_2)
    # 90 minutes at 180/h = 270.00, 70 minutes (210.00) already billed.
    assert hours_lines(doc) == [("adjustment", call_id, 20, "60.00")]


def test_r14_r16_reversing_a_billed_entry_credits_the_difference(cli, acme):
    call_id = chargeable_call(cli, "ACME", "2026-11-22 21:00", "2h", "2026-11-22 23:30")
    cli.run("invoice", "month", "2026-11", "--issue", env=DEC_2)
    entry = cli.json("call", "show", str(call_id))["time_entries"][0]["id"]
    cli.run("call", "unlog", str(entry), "--reason", "logged on the wrong call", env=DEC_2)
    doc = cli.json("invoice", "month", "2026-12", env=DEC_2)
    # Nothing logged any more: the 60-minute minimum still applies (180.00), 360.00 billed.
    assert hours_lines(doc) == [("adjustment", call_id, -60, "-180.00")]


def test_r16_undoing_chargeable_on_a_billed_call_credits_it_once(cli, acme):
    call_id = chargeable_call(cli, "ACME", "2026-11-22 21:00", "90m", "2026-11-22 23:00")
    cli.run("invoice", "month", "2026-11", "--issue", env=DEC_2)
    cli.run("call", "chargeable", str(call_id), "--undo", "--reason", "our bug", env=DEC_2)
    doc = cli.json("invoice", "month", "2026-12", env=DEC_2)
    assert hours_lines(doc) == [("adjustment", call_id, -90, "-270.00")]
    jan_3 = {"FOCCO247_NOW": "2027-01-03T10:00:00-03:00"}
    cli.run("invoice", "month", "2026-12", "--issue", env=jan_3)
    assert hours_lines(cli.json("invoice", "month", "2027-01", env=jan_3)) == []


def test_exceptional_service_shows_on_the_invoice_of_its_month(cli, beta):
    call_id = chargeable_call(cli, "BETA", "2026-11-22 21:00", "30m", "2026-11-22 21:40")
    (inv,) = cli.json("invoice", "month", "2026-11")["invoices"]
    kinds = [(ln["kind"], ln.get("call_id"), ln["amount"]) for ln in inv["lines"]]
    assert kinds == [
        ("chargeable_hours", call_id, "150.00"),
        ("exceptional_service", call_id, "0.00"),
    ]
