"""invoice month/show/list/void through the CLI: R5, R13, R15, R16 with hand-computed amounts."""

from __future__ import annotations

import csv
import io
import json
import os
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from focco247.store.db import transaction
from focco247.store.models import Call, Client, TimeEntry

TZ = ZoneInfo("America/Sao_Paulo")


def local(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


def add_call(
    code: str,
    opened: str,
    minutes: list[int],
    *,
    resolved: str | None = None,
    chargeable: bool = True,
    verdict: str = "covered",
) -> int:
    """A call as the calls service leaves it, written straight into the store."""
    with transaction(os.environ["FOCCO247_DB"], write=True) as session:
        client = session.exec(select(Client).where(Client.code == code)).one()
        call = Call(
            client_id=client.id,
            product="FoccoERP",
            caller="Ana",
            summary="ERP down",
            opened_at=local(opened),
            verdict=verdict,
            status="resolved" if resolved else "open",
            resolved_at=local(resolved) if resolved else None,
            chargeable=chargeable,
        )
        session.add(call)
        session.flush()
        for m in minutes:
            session.add(TimeEntry(call_id=call.id, minutes=m, worked_at=local(opened),
                                  created_at=local(opened)))  # fmt: skip
        call.note_billing_change()
        session.add(call)
        return call.id


def change_call(call_id: int, **changes) -> None:
    extra = changes.pop("extra_minutes", None)
    with transaction(os.environ["FOCCO247_DB"], write=True) as session:
        call = session.get(Call, call_id)
        for key, value in changes.items():
            setattr(call, key, value)
        if extra:
            session.add(TimeEntry(call_id=call_id, minutes=extra, worked_at=call.opened_at,
                                  created_at=call.opened_at))  # fmt: skip
        call.note_billing_change()
        session.add(call)


def by_client(doc):
    """The live invoice of each client (void invoices of the month are rows too)."""
    return {inv["client"]: inv for inv in doc["invoices"] if inv["status"] != "void"}


def test_r5_seed_example_fee_on_the_monthly_draft(cli, acme):
    doc = cli.json("invoice", "month", "2026-10")
    assert doc["month"] == "2026-10"
    assert doc["issued"] is False
    (inv,) = doc["invoices"]
    assert inv["number"] is None
    assert inv["currency"] == "BRL"
    assert [(ln["kind"], ln["amount"]) for ln in inv["lines"]] == [("fee_247", "1500.00")]
    assert inv["total"] == doc["total"] == "1500.00"


def test_client_with_nothing_to_bill_gets_no_invoice(cli, acme, beta):
    doc = cli.json("invoice", "month", "2026-10")
    assert [inv["client"] for inv in doc["invoices"]] == ["ACME"]


@pytest.mark.parametrize(
    ("minutes", "billed", "amount"),
    [([20], 60, "150.00"), ([60], 60, "150.00"), ([61], 61, "152.50"), ([45, 45], 90, "225.00")],
)
def test_r13_chargeable_call_minutes_and_amount(cli, beta, minutes, billed, amount):
    call_id = add_call("BETA", "2026-10-10 23:00", minutes, resolved="2026-10-11 01:00")
    (inv,) = cli.json("invoice", "month", "2026-10")["invoices"]
    (line,) = inv["lines"]
    assert line == {
        "kind": "chargeable_hours",
        "description": line["description"],
        "amount": amount,
        "call_id": call_id,
        "minutes_logged": sum(minutes),
        "minutes_billed": billed,
        "hourly_rate": "150.00",
    }


def test_r13_rate_change_between_opening_and_resolution_uses_the_opening_rate(cli, beta):
    cli.run("contract", "glt", "BETA", "--monthly", "3200", "--hourly-rate", "300",
            "--since", "2026-11-01")  # fmt: skip
    add_call("BETA", "2026-10-31 23:30", [90], resolved="2026-11-01 01:00")
    assert cli.json("invoice", "month", "2026-10")["invoices"] == []
    (inv,) = cli.json("invoice", "month", "2026-11")["invoices"]
    assert inv["lines"][0]["hourly_rate"] == "150.00"
    assert inv["lines"][0]["amount"] == "225.00"


def test_r15_month_boundary_is_judged_in_the_policy_time_zone(cli, beta):
    # 2026-10-31 22:30 in São Paulo is 2026-11-01 01:30 UTC: still October's.
    add_call("BETA", "2026-10-31 22:00", [60], resolved="2026-10-31 22:30")
    assert len(cli.json("invoice", "month", "2026-10")["invoices"]) == 1


def test_r15_unissued_month_items_roll_forward(cli, beta):
    add_call("BETA", "2026-09-05 22:00", [30], resolved="2026-09-05 23:00")
    add_call("BETA", "2026-10-05 22:00", [61], resolved="2026-10-05 23:00")
    (inv,) = cli.json("invoice", "month", "2026-10")["invoices"]
    assert [ln["amount"] for ln in inv["lines"]] == ["150.00", "152.50"]


def test_r16_draft_changes_nothing_and_is_identical_every_time(cli, acme, beta):
    add_call("BETA", "2026-10-05 22:00", [61], resolved="2026-10-05 23:00")
    first = cli.run("invoice", "month", "2026-10", "--format", "json").stdout
    second = cli.run("invoice", "month", "2026-10", "--format", "json").stdout
    assert first == second
    assert cli.json("invoice", "list") == {"invoices": []}


def test_r16_issue_gives_gapless_numbers_and_is_idempotent(cli, acme, beta):
    add_call("BETA", "2026-10-05 22:00", [61], resolved="2026-10-05 23:00")
    issued = cli.json("invoice", "month", "2026-10", "--issue")
    assert issued["issued"] is True
    numbers = [inv["number"] for inv in issued["invoices"]]
    assert numbers == ["F247-000001", "F247-000002"]
    again = cli.json("invoice", "month", "2026-10", "--issue")
    assert again["invoices"] == issued["invoices"]
    assert [i["number"] for i in cli.json("invoice", "list")["invoices"]] == numbers


def test_r16_item_billed_exactly_once_across_months(cli, beta):
    call_id = add_call("BETA", "2026-10-05 22:00", [61], resolved="2026-10-05 23:00")
    cli.run("invoice", "month", "2026-10", "--issue")
    assert cli.json("invoice", "month", "2026-11")["invoices"] == []
    billed = [
        ln for inv in cli.json("invoice", "list")["invoices"] for ln in inv["lines"]
        if ln.get("call_id") == call_id
    ]  # fmt: skip
    assert len(billed) == 1


def test_r16_issue_refuses_a_month_that_has_not_ended(cli, acme):
    result = cli.run("invoice", "month", "2026-11", "--issue", code=1)
    assert "has not ended" in result.stderr
    assert cli.json("invoice", "list") == {"invoices": []}


def test_r16_void_keeps_its_number_and_releases_items_to_the_reissue(cli, acme, beta):
    add_call("BETA", "2026-10-05 22:00", [61], resolved="2026-10-05 23:00")
    first = by_client(cli.json("invoice", "month", "2026-10", "--issue"))
    cli.run("invoice", "void", first["BETA"]["number"], code=2)  # --reason is required
    voided = cli.json("invoice", "void", first["BETA"]["number"], "--reason", "wrong rate")
    assert voided["status"] == "void"
    assert voided["void_reason"] == "wrong rate"
    reissued = by_client(cli.json("invoice", "month", "2026-10", "--issue"))
    assert reissued["BETA"]["number"] == "F247-000003"
    assert reissued["BETA"]["lines"] == first["BETA"]["lines"]
    assert reissued["ACME"]["number"] == first["ACME"]["number"]
    statuses = {i["number"]: i["status"] for i in cli.json("invoice", "list")["invoices"]}
    assert statuses == {"F247-000001": "issued", "F247-000002": "void", "F247-000003": "issued"}


def test_r16_void_twice_is_refused(cli, acme):
    cli.run("invoice", "month", "2026-10", "--issue")
    cli.run("invoice", "void", "F247-000001", "--reason", "typo")
    result = cli.run("invoice", "void", "F247-000001", "--reason", "again", code=1)
    assert "already void" in result.stderr


def test_r16_more_time_on_a_billed_call_is_an_adjustment_on_the_next_invoice(cli, beta):
    call_id = add_call("BETA", "2026-10-05 22:00", [61], resolved="2026-10-05 23:00")
    cli.run("invoice", "month", "2026-10", "--issue")
    change_call(call_id, extra_minutes=29)  # reopened, worked 29 more minutes, resolved
    (inv,) = cli.json("invoice", "month", "2026-11")["invoices"]
    (line,) = inv["lines"]
    assert line["kind"] == "adjustment"
    assert line["amount"] == "72.50"  # 150 × 90/60 − 152.50
    assert line["minutes_billed"] == 29


def test_r16_billed_call_no_longer_chargeable_is_credited(cli, beta):
    call_id = add_call("BETA", "2026-10-05 22:00", [90], resolved="2026-10-05 23:00")
    cli.run("invoice", "month", "2026-10", "--issue")
    change_call(call_id, chargeable=False)
    (inv,) = cli.json("invoice", "month", "2026-11")["invoices"]
    assert [(ln["kind"], ln["amount"]) for ln in inv["lines"]] == [("adjustment", "-225.00")]
    cli.run("invoice", "month", "2026-11", "--issue", env={"FOCCO247_NOW": "2026-12-02T10:00"})
    assert cli.json("invoice", "month", "2026-12")["invoices"] == []


def test_exceptional_service_is_listed_at_zero_on_the_invoice(cli, beta):
    add_call("BETA", "2026-10-05 22:00", [61], resolved="2026-10-05 23:00", verdict="exceptional")
    (inv,) = cli.json("invoice", "month", "2026-10")["invoices"]
    kinds = [(ln["kind"], ln["amount"]) for ln in inv["lines"]]
    assert kinds == [("chargeable_hours", "152.50"), ("exceptional_service", "0.00")]
    assert inv["total"] == "152.50"


def test_previous_is_the_month_before_today_in_the_policy_zone(cli, acme):
    # 2026-12-01 01:00 UTC is still 2026-11-30 in São Paulo: previous month is October.
    doc = cli.json("invoice", "month", "--previous", env={"FOCCO247_NOW": "2026-12-01T01:00Z"})
    assert doc["month"] == "2026-10"


def test_csv_export_is_spreadsheet_safe_with_plain_numbers(cli, beta):
    cli.run("client", "add", "EVIL", "--name", '=HYPERLINK("x")')
    cli.run("contract", "glt", "EVIL", "--monthly", "1000", "--hourly-rate", "100",
            "--since", "2020-01-01")  # fmt: skip
    call_id = add_call("EVIL", "2026-09-05 22:00", [90], resolved="2026-09-05 23:00")
    cli.run("invoice", "month", "2026-09", "--issue")
    change_call(call_id, chargeable=False)
    text = cli.run("invoice", "month", "2026-10", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(text)))
    (row,) = rows
    assert row["client_name"] == '\'=HYPERLINK("x")'
    assert row["amount"] == "-150.00"
    assert row["kind"] == "adjustment"
    raw = cli.run("invoice", "month", "2026-10", "--format", "csv").stdout_bytes
    assert raw.endswith(b"\r\n")  # RFC 4180 line ends


def test_csv_brazilian_dialect_uses_semicolon_and_decimal_comma(cli, acme):
    text = cli.run("invoice", "month", "2026-10", "--format", "csv", "--dialect", "br").stdout
    assert text.startswith("\ufeff")  # Excel in pt-BR reads UTF-8 only with the BOM
    header, row = text.removeprefix("\ufeff").strip().splitlines()
    assert header.startswith("client;client_name;invoice")
    cells = dict(zip(header.split(";"), row.split(";"), strict=True))
    assert cells["amount"] == "1500,00"
    assert cells["invoice_total"] == "1500,00"


def test_output_folder_gets_a_file_named_after_month_and_format(cli, acme, tmp_path):
    out = tmp_path / "exports"
    out.mkdir()
    first = cli.run("invoice", "month", "2026-10", "--format", "json", "--output", str(out))
    path = out / "invoices-2026-10.json"
    assert first.stderr == f"Wrote: {path}\n"
    again = cli.run("invoice", "month", "2026-10", "--format", "json", "--output", str(out))
    assert again.stderr == f"Unchanged (same content): {path}\n"
    assert again.stdout == ""
    assert json.loads(path.read_text())["total"] == "1500.00"
    assert oct(path.stat().st_mode & 0o777) == "0o600"


def test_output_refuses_to_overwrite_different_content_without_force(cli, acme, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("something else")
    result = cli.run("invoice", "month", "2026-10", "--format", "csv", "--output", str(path),
                     code=1)  # fmt: skip
    assert "--force" in result.stderr
    assert path.read_text() == "something else"
    cli.run("invoice", "month", "2026-10", "--format", "csv", "--output", str(path), "--force")
    assert "1500.00" in path.read_text()


def test_output_with_table_format_is_a_usage_error(cli, acme, tmp_path):
    cli.run("invoice", "month", "2026-10", "--output", str(tmp_path / "x"), code=2)


def test_table_groups_per_client_with_totals_in_brl(cli, acme, beta):
    add_call("BETA", "2026-10-05 22:00", [61], resolved="2026-10-05 23:00")
    out = cli.run("invoice", "month", "2026-10").stdout
    assert "R$ 1.500,00" in out
    assert "R$ 152,50" in out
    assert "total R$ 1.652,50" in out


def test_invoice_show_and_unknown_number(cli, acme):
    cli.run("invoice", "month", "2026-10", "--issue")
    doc = cli.json("invoice", "show", "F247-000001")
    assert doc["client"] == "ACME" and doc["status"] == "issued"
    assert cli.run("invoice", "show", "F247-999", code=1).stderr.startswith("Error: Unknown")


def test_bad_month_is_one_clear_error(cli, acme):
    result = cli.run("invoice", "month", "2026-13", code=1)
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
