"""focco247 contract glt/subscribe/unsubscribe/show (R4) and their JSON shapes."""

from __future__ import annotations

import sqlite3


def test_r4_glt_accepts_pt_br_money_and_prints_exact_amounts(cli):
    cli.run("client", "add", "ACME", "--name", "Acme")
    doc = cli.json(
        "contract", "glt", "ACME", "--monthly", "5.000,00", "--hourly-rate", "180,5",
        "--since", "2025-01-01",
    )  # fmt: skip
    assert doc["glt"] == [{"since": "2025-01-01", "monthly": "5000.00", "hourly_rate": "180.50"}]
    assert doc["currency"] == "BRL"


def test_r4_glt_stores_money_as_integer_centavos(cli, acme, tmp_path):
    with sqlite3.connect(tmp_path / "store.db") as db:
        row = db.execute("SELECT monthly_cents, hourly_rate_cents FROM glt_term").fetchone()
    assert row == (500000, 18000)


def test_r4_new_glt_terms_apply_from_their_date_and_old_ones_before(cli, acme):
    cli.run(
        "contract", "glt", "ACME", "--monthly", "5500", "--hourly-rate", "190",
        "--since", "2026-12-01",
    )  # fmt: skip
    doc = cli.json("contract", "show", "ACME")
    assert [t["since"] for t in doc["glt"]] == ["2025-01-01", "2026-12-01"]
    assert doc["glt_in_force"]["monthly"] == "5000.00"  # today is 2026-11-25
    later = cli.json("contract", "show", "ACME", env={"FOCCO247_NOW": "2026-12-01T09:00"})
    assert later["glt_in_force"]["monthly"] == "5500.00"


def test_r4_subscribe_with_until_and_unsubscribe_set_the_last_covered_day(cli, beta):
    doc = cli.json(
        "contract", "subscribe", "BETA", "--since", "2026-01-01", "--until", "2026-03-31"
    )
    assert doc["addon"] == [{"first_day": "2026-01-01", "last_day": "2026-03-31"}]
    assert doc["addon_in_force"] is False
    doc = cli.json("contract", "subscribe", "BETA", "--since", "2026-11-01")
    assert doc["addon_in_force"] is True
    doc = cli.json("contract", "unsubscribe", "BETA", "--last-day", "2027-03-31")
    assert doc["addon"][-1] == {"first_day": "2026-11-01", "last_day": "2027-03-31"}


def test_r4_unsubscribed_last_day_is_still_covered_and_the_next_is_not(cli, acme):
    cli.run("contract", "unsubscribe", "ACME", "--last-day", "2026-11-30")
    assert cli.json("check", "ACME", "--at", "2026-11-30 23:59")["verdict"] == "covered"
    assert cli.json("check", "ACME", "--at", "2026-12-01 00:00", code=0)["verdict"] == (
        "exceptional"
    )


def test_r18_contract_changes_are_audited(cli, acme, tmp_path):
    cli.run("contract", "unsubscribe", "ACME", "--last-day", "2026-11-30")
    with sqlite3.connect(tmp_path / "store.db") as db:
        actions = [r[0] for r in db.execute("SELECT action FROM event ORDER BY id")]
    assert actions == ["added", "glt", "subscribed", "unsubscribed"]


def test_contract_show_human_lists_terms_and_periods(cli, acme):
    out = cli.run("contract", "show", "ACME").stdout
    assert "R$ 5.000,00" in out and "R$ 180,00" in out and "open" in out


def test_contract_commands_print_a_confirmation_line(cli, beta):
    out = cli.run("contract", "subscribe", "BETA", "--since", "2026-12-01").stdout
    assert out.strip() == "BETA has the 24|7 add-on from 2026-12-01."
