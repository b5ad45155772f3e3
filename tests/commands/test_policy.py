"""focco247 policy (R20, SPEC §2 and §5 "Policy timelines"): one rulebook in the store, one
timeline per key, money keys effective per month, never reaching an issued month."""

from __future__ import annotations

import json
import os
import stat
import tomllib

import sqlalchemy as sa

from focco247.domain.policy import Policy
from focco247.store import db


def fee_of(doc: dict) -> str:
    (inv,) = doc["invoices"]
    return next(ln["amount"] for ln in inv["lines"] if ln["kind"] == "fee_247")


def test_policy_set_at_a_date_leaves_later_entries_alone(cli):
    cli.run("policy", "set", "fee_percent", "25", "--since", "2027-03-01")
    cli.run("policy", "set", "fee_percent", "20", "--since", "2027-01-01")
    at = {day: cli.json("policy", "show", "--at", day)["settings"]["fee_percent"]
          for day in ("2026-12-31", "2027-01-01", "2027-02-28", "2027-03-01")}  # fmt: skip
    assert at == {"2026-12-31": "30", "2027-01-01": "20", "2027-02-28": "20", "2027-03-01": "25"}


def test_policy_set_since_defaults_to_today_in_the_policy_time_zone(cli):
    # 2026-11-25 22:00 in São Paulo is already the 26th in UTC: the policy's date counts.
    change = cli.json("policy", "set", "sales.phone", "0800 1")
    assert change == {"since": "2026-11-25", "added": {"sales.phone": "0800 1"}, "unchanged": []}
    assert cli.json("policy", "show", "--at", "2026-11-24")["settings"]["sales"]["phone"] == (
        "(54) 3025 9000"
    )


def test_first_import_into_a_store_without_policy_applies_from_the_beginning(cli, tmp_path):
    (tmp_path / "p.toml").write_text('fee_percent = "25"\n[sales]\nphone = "0800"\n')
    change = cli.json("policy", "import", str(tmp_path / "p.toml"))
    assert change["since"] is None
    shown = cli.json("policy", "show", "--at", "2012-01-01")
    assert shown["settings"]["fee_percent"] == "25"
    assert shown["since"] == {"fee_percent": None, "sales.phone": None}
    # The next import applies from today.
    (tmp_path / "p.toml").write_text('[sales]\nphone = "0800 2"\n')
    assert cli.json("policy", "import", str(tmp_path / "p.toml"))["since"] == "2026-11-25"


def test_reimporting_the_same_values_changes_nothing(cli, tmp_path):
    (tmp_path / "p.toml").write_text(
        'fee_percent = 30\nlevel3_update_every = "3h"\n[holidays]\nsubdivision = "SC"\n'
    )
    first = cli.json("policy", "import", str(tmp_path / "p.toml"))
    assert set(first["added"]) == {"level3_update_every", "holidays.subdivision"}
    assert first["unchanged"] == ["fee_percent"]  # 30 is the default already
    before = cli.json("policy", "show")
    again = cli.json("policy", "import", str(tmp_path / "p.toml"), "--since", "2027-01-01")
    assert again["added"] == {}
    assert sorted(again["unchanged"]) == ["fee_percent", "holidays.subdivision",
                                          "level3_update_every"]  # fmt: skip
    assert cli.json("policy", "show") == before
    assert "Nothing changed" in cli.run("policy", "import", str(tmp_path / "p.toml")).stdout


def test_policy_import_tables_merge_key_by_key(cli, tmp_path):
    cli.run("policy", "set", "holidays.subdivision", "SC", "--since", "2020-01-01")
    (tmp_path / "p.toml").write_text('[holidays]\ncategories = ["public"]\nobserve = []\n'
                                      "[sales]\nemail = \"x@focco.com.br\"\n")  # fmt: skip
    cli.run("policy", "import", str(tmp_path / "p.toml"))
    settings = cli.json("policy", "show")["settings"]
    assert settings["holidays"]["subdivision"] == "SC"
    assert settings["sales"] == {"phone": "(54) 3025 9000", "email": "x@focco.com.br"}


def test_a_money_key_starting_in_an_issued_month_is_refused_naming_it(cli, acme):
    cli.run("invoice", "month", "2026-10", "--issue")
    for since in ("2026-10-15", "2026-10-01", "2026-09-01"):
        result = cli.invoke("policy", "set", "fee_percent", "25", "--since", since)
        assert result.exit_code == 1, since
        assert "2026-10" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert cli.invoke("policy", "set", "money_rounding", "half-even", "--since", "2026-10-31")\
        .exit_code == 1  # fmt: skip
    # Not a money key, or after the issued month: accepted.
    cli.run("policy", "set", "sales.phone", "0800", "--since", "2026-10-15")
    cli.run("policy", "set", "fee_percent", "25", "--since", "2026-11-01")
    assert cli.json("policy", "show", "--at", "2026-10-31")["settings"]["fee_percent"] == "30"


def test_a_money_key_before_a_later_entry_may_not_reach_an_issued_month_between(cli, acme):
    cli.run("policy", "set", "fee_percent", "40", "--since", "2026-10-01")
    cli.run("invoice", "month", "2026-10", "--issue")
    # A change from September would reach only September, October keeps its own entry.
    cli.run("policy", "set", "fee_percent", "35", "--since", "2026-09-01")
    assert cli.json("policy", "show", "--at", "2026-10-01")["settings"]["fee_percent"] == "40"


def test_a_fee_percent_change_from_2027_leaves_a_past_months_draft_unchanged(cli, acme):
    before = cli.json("invoice", "month", "2026-11")
    cli.run("policy", "set", "fee_percent", "50", "--since", "2027-01-01")
    assert cli.json("invoice", "month", "2026-11") == before
    assert fee_of(before) == "1500.00"
    later = {"FOCCO247_NOW": "2027-02-10T10:00:00-03:00"}
    assert fee_of(cli.json("invoice", "month", "2026-12", env=later)) == "1500.00"
    assert fee_of(cli.json("invoice", "month", "2027-01", env=later)) == "2500.00"


def test_billing_a_month_uses_the_money_keys_in_force_on_its_first_day(cli, acme):
    cli.run("policy", "set", "fee_percent", "50", "--since", "2027-01-15")
    later = {"FOCCO247_NOW": "2027-03-10T10:00:00-03:00"}
    assert fee_of(cli.json("invoice", "month", "2027-01", env=later)) == "1500.00"
    assert fee_of(cli.json("invoice", "month", "2027-02", env=later)) == "2500.00"


def test_verdicts_use_the_policy_in_force_on_the_judged_date(cli, acme):
    cli.run("policy", "set", "holidays.subdivision", "SP", "--since", "2027-01-01")
    # 2026-09-20 is a holiday in RS only; 2027-07-09 in SP only.
    assert cli.json("check", "ACME", "--at", "2026-09-21 10:00", code=3)["verdict"] == (
        "business_hours"
    )
    assert cli.json("check", "ACME", "--at", "2027-07-09 10:00")["verdict"] == "covered"


def test_holidays_observe_carnaval_makes_carnival_tuesday_off_hours(cli, acme):
    at = ("check", "ACME", "--at", "2027-02-09 10:00")
    assert cli.json(*at, code=3)["verdict"] == "business_hours"
    cli.run("policy", "set", "holidays.observe", '["Carnaval", "Corpus Christi"]',
            "--since", "2027-01-01")  # fmt: skip
    doc = cli.json(*at)
    assert doc["verdict"] == "covered"
    assert doc["holiday"] == "Carnaval"  # JSON prose: documents.language (pt_BR)
    assert cli.json("check", "ACME", "--at", "2027-05-27 10:00")["verdict"] == "covered"
    # Only the named optional days: Ash Wednesday morning and Christmas Eve stay business time.
    assert cli.json("check", "ACME", "--at", "2027-02-10 10:00", code=3)["verdict"] == (
        "business_hours"
    )
    assert cli.json("check", "ACME", "--at", "2027-12-24 10:00", code=3)["verdict"] == (
        "business_hours"
    )


def test_holidays_observe_matches_names_in_any_language_of_the_holidays_package(cli, acme):
    cli.run("policy", "set", "holidays.observe", '["carnival"]', "--since", "2027-01-01")
    assert cli.json("check", "ACME", "--at", "2027-02-08 10:00")["holiday"] == "Carnaval"


def test_an_unknown_observed_holiday_is_refused_listing_the_valid_names(cli):
    result = cli.invoke("policy", "set", "holidays.observe", '["Natal"]')
    assert result.exit_code == 1
    (message,) = result.stderr.strip().splitlines()
    assert "'Natal'" in message
    assert "Carnaval" in message and "Corpus Christi" in message
    assert cli.json("policy", "show")["since"] == {}


def test_products_are_tables_with_covered_and_optional_hours(cli, tmp_path):
    cli.run("policy", "set", "products.FoccoLOJAS",
            '{covered = false, hours = {saturday = ["08:00-12:00"]}}')  # fmt: skip
    products = cli.json("policy", "show")["settings"]["products"]
    assert products["FoccoLOJAS"] == {"covered": False, "hours": {"saturday": ["08:00-12:00"]}}
    policy = Policy.from_mapping({"products": products})
    assert policy.products == {"FoccoERP": True, "FoccoLOJAS": False}
    assert policy.product_hours["FoccoLOJAS"][5] == ((sa_time(8), sa_time(12)),)
    bad = cli.invoke("policy", "set", "products.FoccoLOJAS", "{covered = false, hours = 3}")
    assert bad.exit_code == 1 and "products.FoccoLOJAS.hours" in bad.stderr


def sa_time(hour: int):
    from datetime import time

    return time(hour)


def test_the_old_product_form_true_false_is_still_read(cli, tmp_path):
    (tmp_path / "p.toml").write_text("[products]\nFoccoERP = true\nFoccoWMS = false\n")
    change = cli.json("policy", "import", str(tmp_path / "p.toml"))
    assert change["added"] == {"products.FoccoWMS": {"covered": False}}
    assert change["unchanged"] == ["products.FoccoERP"]


def test_every_command_refuses_policy_keys_in_the_config_file_pointing_to_policy_import(
    cli, acme, tmp_path
):
    config = tmp_path / "config.toml"
    config.write_text('user = "Ana"\nfee_percent = "25"\n[sales]\nphone = "0800"\n')
    for args in (("client", "list"), ("check", "ACME"), ("config", "show"), ("policy", "show")):
        result = cli.invoke(*args)
        assert result.exit_code == 1, args
        (message,) = result.stderr.strip().splitlines()
        assert f"focco247 policy import {config}" in message
        assert "fee_percent" in message and "sales" in message
    cli.run("policy", "import", str(config))
    assert tomllib.loads(config.read_text()) == {"user": "Ana"}
    assert cli.json("policy", "show")["settings"]["sales"]["phone"] == "0800"
    cli.run("client", "list")


def test_config_set_refuses_a_policy_key_pointing_to_policy_set(cli, tmp_path):
    result = cli.invoke("config", "set", "fee_percent", "20")
    assert result.exit_code == 1
    assert "focco247 policy set fee_percent" in result.stderr


def test_config_set_and_show_handle_machine_keys(cli, tmp_path):
    cli.run("config", "set", "user", "Carla Souza")
    cli.run("config", "set", "language", "pt_BR")
    assert cli.json("config", "show") == {
        "db": None, "language": "pt_BR", "user": "Carla Souza", "machine_id": None,
    }  # fmt: skip


def test_the_machine_configs_db_names_the_store_when_focco247_db_is_unset(
    cli, tmp_path, monkeypatch
):
    monkeypatch.delenv("FOCCO247_DB")
    cli.run("config", "set", "db", str(tmp_path / "elsewhere.db"))
    assert cli.run("db", "path").stdout.strip() == str(tmp_path / "elsewhere.db")


# --- the actor (SPEC §5) ----------------------------------------------------------------------


def actors() -> list[tuple[str, str, str]]:
    engine = db.make_engine(os.environ["FOCCO247_DB"], write=False)
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT entity, action, actor FROM event ORDER BY id")).all()
    engine.dispose()
    return [tuple(r) for r in rows]


def test_the_actor_is_the_attendant_on_shift_from_this_machine_only(cli, tmp_path, monkeypatch):
    import getpass

    monkeypatch.delenv("FOCCO247_USER")
    me = getpass.getuser()
    laptop = {"FOCCO247_CONFIG": str(tmp_path / "laptop" / "config.toml")}
    finance = {"FOCCO247_CONFIG": str(tmp_path / "finance" / "config.toml")}
    cli.run("shift", "start", "Carla Souza", env=laptop)
    cli.run("client", "add", "ONE", "--name", "One", env=laptop)
    cli.run("client", "add", "TWO", "--name", "Two", env=finance)
    cli.run("--as", "Bruno", "client", "add", "TRI", "--name", "Tri", env=laptop)
    cli.run("client", "add", "FOR", "--name", "For", env={**laptop, "FOCCO247_USER": "Dora"})
    cli.run("config", "set", "user", "Edu", env=laptop)
    cli.run("client", "add", "FIV", "--name", "Fiv", env=laptop)
    assert [a for e, _, a in actors() if e == "client"] == [
        "Carla Souza", me, "Bruno", "Dora", "Edu",
    ]  # fmt: skip
    assert actors()[0] == ("shift", "started", me)
    # The machine id: random, kept in the machine config, folder 0700 and file 0600.
    path = tmp_path / "laptop" / "config.toml"
    assert len(tomllib.loads(path.read_text())["machine_id"]) == 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert "machine_id" not in tomllib.loads((tmp_path / "finance" / "config.toml").read_text()) \
        if (tmp_path / "finance" / "config.toml").exists() else True  # fmt: skip


def test_after_handover_the_laptop_is_no_longer_the_attendants(cli, tmp_path, monkeypatch):
    import getpass

    monkeypatch.delenv("FOCCO247_USER")
    cli.run("shift", "start", "Carla Souza")
    cli.run("client", "add", "ONE", "--name", "One")
    cli.run("shift", "handover", "--to", "Bruno Lima")
    cli.run("client", "add", "TWO", "--name", "Two")
    assert [a for e, _, a in actors() if e == "client"] == ["Carla Souza", getpass.getuser()]


def test_policy_changes_are_recorded_with_their_actor_and_date(cli):
    cli.run("--as", "Fin", "policy", "set", "fee_percent", "25", "--since", "2027-01-01")
    assert ("policy", "set", "Fin") in actors()
    engine = db.make_engine(os.environ["FOCCO247_DB"], write=False)
    with engine.connect() as conn:
        (row,) = conn.execute(sa.text("SELECT key, value, since, actor FROM policy_entry")).all()
    engine.dispose()
    assert (row[0], json.loads(row[1]), str(row[2]), row[3]) == (
        "fee_percent", "25", "2027-01-01", "Fin",
    )  # fmt: skip
