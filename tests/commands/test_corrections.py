"""Corrections that reach the money (R15, R16, R19): adjustments, amendments, cancels,
with hand-computed amounts."""

from __future__ import annotations

import json
import os

import sqlalchemy as sa
from sqlmodel import select

from focco247.store.db import transaction
from focco247.store.models import Event

NOV_3 = {"FOCCO247_NOW": "2026-11-03T10:00:00-03:00"}
DEC_2 = {"FOCCO247_NOW": "2026-12-02T10:00:00-03:00"}
DEC_5 = {"FOCCO247_NOW": "2026-12-05T10:00:00-03:00"}
JAN_4 = {"FOCCO247_NOW": "2027-01-04T10:00:00-03:00"}


def adjustment_lines(doc, code: str = "ACME"):
    return [
        (ln.get("adjusts_month"), ln.get("call_id"), ln["amount"])
        for inv in doc["invoices"]
        if inv["client"] == code and inv["status"] != "void"  # a void invoice is a row too
        for ln in inv["lines"]
        if ln["kind"] == "adjustment"
    ]


def fee_lines(doc, code: str = "ACME"):
    return [
        ln["amount"]
        for inv in doc["invoices"]
        if inv["client"] == code and inv["status"] != "void"
        for ln in inv["lines"]
        if ln["kind"] == "fee_247"
    ]


def chargeable_call(cli, code: str, at: str, logged: str, resolved_at: str) -> int:
    call_id = cli.json(
        "call", "open", code, "--caller", "Ana", "--summary", "ERP down", "--at", at
    )["id"]  # fmt: skip
    cli.run("call", "log", str(call_id), logged, "--at", at)
    cli.run("call", "chargeable", str(call_id), "--reason", "undue change to the tax setup")
    cli.run("call", "resolve", str(call_id), "--resolution", "restored", "--at", resolved_at)
    return call_id


def events(entity: str, entity_id: str) -> list[tuple[str, dict]]:
    with transaction(os.environ["FOCCO247_DB"], write=False) as session:
        rows = session.exec(
            select(Event).where(Event.entity == entity, Event.entity_id == entity_id)
        ).all()
        return [(e.action, json.loads(e.detail)) for e in rows]


def test_r19_retroactive_unsubscribe_credits_each_issued_month_prorated(cli, acme):
    cli.run("invoice", "month", "2026-10", "--issue", env=DEC_2)
    cli.run("invoice", "month", "2026-11", "--issue", env=DEC_2)
    doc = cli.json("contract", "unsubscribe", "ACME", "--last-day", "2026-10-15", env=DEC_2)
    # October keeps 15/31 days: 725,81 instead of 1.500,00, so 16/31 x 1.500,00 = 774,19 back;
    # November is not covered at all: 1.500,00 back.
    assert [(a["month"], a["amount"]) for a in doc["adjustments"]] == [
        ("2026-10", "-774.19"),
        ("2026-11", "-1500.00"),
    ]
    draft = cli.json("invoice", "month", "2026-12", env=DEC_2)
    assert adjustment_lines(draft) == [("2026-10", None, "-774.19"), ("2026-11", None, "-1500.00")]
    assert fee_lines(draft) == []
    assert draft["total"] == "-2274.19"
    human = cli.run("contract", "show", "ACME", env=DEC_2).stdout
    assert "ACME" in human


def test_r19_the_changing_command_says_what_it_will_adjust_in_human_output(cli, acme):
    cli.run("invoice", "month", "2026-10", "--issue", env=DEC_2)
    out = cli.run("contract", "unsubscribe", "ACME", "--last-day", "2026-10-15", env=DEC_2).stdout
    assert "2026-10" in out
    assert "774,19" in out


def test_r19_glt_raise_effective_in_an_issued_month_bills_the_fee_difference(cli, acme):
    cli.run("invoice", "month", "2026-10", "--issue", env=NOV_3)
    doc = cli.json(
        "contract", "glt", "ACME", "--monthly", "6000", "--hourly-rate", "180",
        "--since", "2026-10-01", env=NOV_3,
    )  # fmt: skip
    # 30% of 6.000,00 = 1.800,00 for October; 1.500,00 was billed.
    assert [(a["month"], a["amount"]) for a in doc["adjustments"]] == [("2026-10", "300.00")]
    draft = cli.json("invoice", "month", "2026-11", env=DEC_2)
    assert adjustment_lines(draft) == [("2026-10", None, "300.00")]
    assert fee_lines(draft) == ["1800.00"]
    assert cli.json("db", "check", env=DEC_2)["clean"] is True


def test_r15_an_adjustment_recorded_in_december_is_not_on_novembers_draft(cli, acme):
    cli.run("invoice", "month", "2026-10", "--issue", env=NOV_3)
    cli.run("contract", "unsubscribe", "ACME", "--last-day", "2026-10-15", env=DEC_5)
    # November is still unissued: its draft (made on 5 December) does not take the credit.
    november = cli.json("invoice", "month", "2026-11", env=DEC_5)
    assert adjustment_lines(november) == []
    december = cli.json("invoice", "month", "2026-12", env=DEC_5)
    assert adjustment_lines(december) == [("2026-10", None, "-774.19")]


def test_r15_a_billed_calls_change_recorded_in_december_goes_on_decembers_draft(cli, acme):
    call_id = chargeable_call(cli, "ACME", "2026-10-20 21:00", "90m", "2026-10-20 23:00")
    cli.run("invoice", "month", "2026-10", "--issue", env=NOV_3)
    cli.run("call", "chargeable", str(call_id), "--undo", "--reason", "our bug", env=DEC_5)
    assert adjustment_lines(cli.json("invoice", "month", "2026-11", env=DEC_5)) == []
    december = cli.json("invoice", "month", "2026-12", env=DEC_5)
    assert adjustment_lines(december) == [("2026-10", call_id, "-270.00")]


def test_r16_issuing_binds_an_adjustment_once_and_a_void_releases_it(cli, acme):
    cli.run("invoice", "month", "2026-10", "--issue", env=NOV_3)
    cli.run("contract", "unsubscribe", "ACME", "--last-day", "2026-10-15", env=NOV_3)
    issued = cli.json("invoice", "month", "2026-11", "--issue", env=DEC_2)
    assert adjustment_lines(issued) == [("2026-10", None, "-774.19")]
    number = issued["invoices"][0]["number"]
    # Bound: not on a later draft.
    assert adjustment_lines(cli.json("invoice", "month", "2026-12", env=JAN_4)) == []
    cli.run("invoice", "void", number, "--reason", "wrong address", env=JAN_4)
    again = cli.json("invoice", "month", "2026-11", "--issue", env=JAN_4)
    assert adjustment_lines(again) == [("2026-10", None, "-774.19")]
    assert cli.json("db", "check", env=JAN_4)["clean"] is True


def test_r19_void_of_an_adjusted_month_reissues_it_to_the_recomputed_fee(cli, acme):
    first = cli.json("invoice", "month", "2026-10", "--issue", env=NOV_3)
    cli.run("contract", "unsubscribe", "ACME", "--last-day", "2026-10-15", env=NOV_3)
    cli.run("invoice", "month", "2026-11", "--issue", env=DEC_2)  # carries the -774,19
    cli.run("invoice", "void", first["invoices"][0]["number"], "--reason", "typo", env=DEC_2)
    october = cli.json("invoice", "month", "2026-10", "--issue", env=DEC_2)
    # 725,81 recomputed; the -774,19 already billed for October is offset on the re-issue.
    assert fee_lines(october) == ["725.81"]
    assert adjustment_lines(october) == [("2026-10", None, "774.19")]
    assert cli.json("db", "check", env=DEC_2)["clean"] is True


def test_r19_amending_the_hourly_rate_reprices_a_billed_call(cli, acme):
    call_id = chargeable_call(cli, "ACME", "2026-10-20 21:00", "90m", "2026-10-20 23:00")
    cli.run("invoice", "month", "2026-10", "--issue", env=NOV_3)
    doc = cli.json(
        "contract", "amend", "ACME", "--glt-since", "2025-01-01", "--hourly-rate", "200",
        "--reason", "rate typed wrong", env=DEC_2,
    )  # fmt: skip
    # 90 minutes at 200/h = 300,00; 270,00 was billed.
    assert [(a["month"], a["amount"], a["call_id"]) for a in doc["adjustments"]] == [
        ("2026-10", "30.00", call_id)
    ]
    december = cli.json("invoice", "month", "2026-12", env=DEC_2)
    assert adjustment_lines(december) == [("2026-10", call_id, "30.00")]
    actions = events("contract", "ACME")
    amended = [d for a, d in actions if a == "glt_amended"]
    assert amended[0]["old"]["hourly_rate"] == "180.00"
    assert amended[0]["new"]["hourly_rate"] == "200.00"
    assert amended[0]["reason"] == "rate typed wrong"


def test_r19_amending_the_addon_first_day_into_an_issued_month_settles_it(cli, beta):
    cli.run("contract", "subscribe", "BETA", "--since", "2026-10-16", env=NOV_3)
    cli.run("invoice", "month", "2026-10", "--issue", env=NOV_3)
    doc = cli.json(
        "contract", "amend", "BETA", "--addon-first-day", "2026-10-16", "--first-day",
        "2026-10-01", "--reason", "signed on the 1st", env=DEC_2,
    )  # fmt: skip
    # 30% of 3.200,00 = 960,00: 16/31 billed (495,48), 31/31 due, so 464,52 more.
    assert [(a["month"], a["amount"]) for a in doc["adjustments"]] == [("2026-10", "464.52")]
    shown = cli.json("contract", "show", "BETA", env=DEC_2)
    assert shown["addon"][0]["first_day"] == "2026-10-01"


def test_r19_an_amendment_needs_a_reason_and_changes_nothing_without_it(cli, acme):
    result = cli.run(
        "contract", "amend", "ACME", "--glt-since", "2025-01-01", "--monthly", "5100",
        "--reason", " ", code=1,
    )  # fmt: skip
    assert "reason" in result.stderr
    assert cli.json("contract", "show", "ACME")["glt"][0]["monthly"] == "5000.00"


def test_r19_amend_names_either_glt_terms_or_an_addon_period(cli, acme):
    cli.run("contract", "amend", "ACME", "--reason", "x", "--monthly", "1", code=1)


def test_r19_client_edit_keeps_the_old_values_in_the_history(cli, acme):
    doc = cli.json(
        "client", "edit", "ACME", "--name", "Acme Metalúrgica Ltda", "--contact-name", "Rui",
        "--contact-phone", "+55 54 3333-0000",
    )  # fmt: skip
    assert doc["name"] == "Acme Metalúrgica Ltda"
    assert doc["contact_name"] == "Rui"
    edited = [d for a, d in events("client", "ACME") if a == "edited"]
    assert edited[0]["changes"]["name"] == {
        "old": "Acme Metalúrgica",
        "new": "Acme Metalúrgica Ltda",
    }
    cli.run("client", "edit", "ACME", "--state", "XX", code=1)


def test_r19_a_retired_client_leaves_the_list_but_stays_for_history(cli, acme, beta):
    cli.run("client", "retire", "BETA", "--reason", "left in 2026")
    assert [c["code"] for c in cli.json("client", "list")["clients"]] == ["ACME"]
    listed = cli.json("client", "list", "--all")["clients"]
    assert [(c["code"], c["retired"]) for c in listed] == [("ACME", False), ("BETA", True)]
    assert cli.json("client", "show", "BETA")["retired"] is True
    cli.run("client", "retire", "BETA", "--reason", "again", code=1)


def test_issue12_month_json_says_issued_when_every_invoice_was_issued_earlier(cli, acme):
    cli.run("invoice", "month", "2026-10", "--issue", env=NOV_3)
    doc = cli.json("invoice", "month", "2026-10", env=NOV_3)
    assert doc["issued"] is True
    out = cli.run("invoice", "month", "2026-10", env=NOV_3).stdout
    assert out.rstrip().endswith("issued")


def test_issue12_month_with_a_draft_left_is_not_issued(cli, acme, beta):
    cli.run("invoice", "month", "2026-10", "--client", "ACME", "--issue", env=NOV_3)
    chargeable_call(cli, "BETA", "2026-10-20 21:00", "90m", "2026-10-20 23:00")
    doc = cli.json("invoice", "month", "2026-10", env=NOV_3)
    assert [i["status"] for i in doc["invoices"]] == ["issued", "draft"]
    assert doc["issued"] is False


def test_r19_cancel_leaves_the_queue_and_gives_the_exceptional_service_back(cli, beta):
    opened = cli.json(
        "call", "open", "BETA", "--caller", "Ana", "--summary", "wrong client",
        "--at", "2026-11-25 21:00",
    )  # fmt: skip
    assert opened["verdict"] == "exceptional"
    assert cli.json("check", "BETA", "--at", "2026-11-25 21:30", code=3)["verdict"] == "refused"
    doc = cli.json("call", "cancel", str(opened["id"]), "--reason", "opened by mistake")
    assert doc["status"] == "cancelled"
    assert doc["exceptional_given_back"] is True
    assert cli.json("check", "BETA", "--at", "2026-11-25 21:30")["verdict"] == "exceptional"
    assert cli.json("client", "show", "BETA")["exceptional_call_id"] is None
    assert [a for a, _ in events("call", str(opened["id"]))][-1] == "cancelled"
    draft = cli.json("invoice", "month", "2026-11", env=DEC_2)
    assert draft["invoices"] == []
    cli.run("call", "cancel", str(opened["id"]), "--reason", "again", code=1)


def test_r19_cancelled_chargeable_call_is_never_billed(cli, acme):
    call_id = chargeable_call(cli, "ACME", "2026-10-20 21:00", "90m", "2026-10-20 23:00")
    cli.run("call", "cancel", str(call_id), "--reason", "duplicate of another call")
    draft = cli.json("invoice", "month", "2026-10", env=NOV_3)
    assert [ln["kind"] for inv in draft["invoices"] for ln in inv["lines"]] == ["fee_247"]


def test_r19_a_call_with_billed_time_is_not_cancelled_but_credited(cli, acme):
    call_id = chargeable_call(cli, "ACME", "2026-10-20 21:00", "90m", "2026-10-20 23:00")
    cli.run("invoice", "month", "2026-10", "--issue", env=NOV_3)
    result = cli.run("call", "cancel", str(call_id), "--reason", "mistake", code=1, env=NOV_3)
    assert f"call chargeable {call_id} --undo" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_r19_cancel_needs_a_reason(cli, acme):
    call_id = chargeable_call(cli, "ACME", "2026-10-20 21:00", "90m", "2026-10-20 23:00")
    cli.run("call", "cancel", str(call_id), "--reason", "  ", code=1)


def test_r19_db_check_invariant_reports_an_issued_month_changed_behind_billings_back(cli, acme):
    """A contract fact changed without settling it (straight in the store) is found."""
    from focco247.domain.policy import Policy
    from focco247.output.billing_check import problem_json
    from focco247.services.base import Ctx
    from focco247.services.billing_check import billing_problems
    from focco247.store.models import GltTermRow

    call_id = chargeable_call(cli, "ACME", "2026-10-20 21:00", "90m", "2026-10-20 23:00")
    cli.run("invoice", "month", "2026-10", "--issue", env=NOV_3)
    with transaction(os.environ["FOCCO247_DB"], write=True) as session:
        ctx = Ctx(session=session, policy=Policy.default(), now=local_now(), actor="t")
        assert billing_problems(ctx) == ()
        term = session.exec(select(GltTermRow)).one()
        term.monthly_cents, term.hourly_rate_cents = 600_000, 20_000
        session.add(term)
        session.flush()
        problems = billing_problems(ctx)
        # The fee: 1.800,00 now against 1.500,00 billed; the call: 300,00 against 270,00.
        assert [(p.kind, p.month, p.call_id, str(p.difference)) for p in problems] == [
            ("fee", "2026-10", None, "300.00"),
            ("call", None, call_id, "30.00"),
        ]
        assert "2026-10" in problem_json(problems[0])["message"]
        session.rollback()


def local_now():
    from datetime import datetime

    return datetime.fromisoformat(DEC_2["FOCCO247_NOW"])


def test_r19_db_check_fails_on_an_issued_month_changed_behind_billings_back(cli, acme):
    """`db check` itself reports the month whose recomputation differs, and exits 1."""
    chargeable_call(cli, "ACME", "2026-10-20 21:00", "90m", "2026-10-20 23:00")
    cli.run("invoice", "month", "2026-10", "--issue", env=NOV_3)
    assert cli.json("db", "check", env=NOV_3)["clean"] is True
    with transaction(os.environ["FOCCO247_DB"], write=True) as session:
        session.execute(sa.text("UPDATE glt_term SET monthly_cents = 600000"))
    doc = cli.json("db", "check", code=1, env=NOV_3)
    assert doc["clean"] is False
    found = [p for p in doc["problems"] if p["kind"] == "billing_recomputation"]
    assert len(found) == 1 and "2026-10" in found[0]["message"]
    assert "billing_recomputation" in cli.run("db", "check", code=1, env=NOV_3).stdout
