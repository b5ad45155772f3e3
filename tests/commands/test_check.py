"""focco247 check (R7, SPEC §3): the JSON keys, exit codes 0/3, and read-only judging."""

from __future__ import annotations

import pytest

SPEC_KEYS = {
    "client", "product", "at", "verdict", "off_hours", "holiday", "reason", "next_business_open",
}  # fmt: skip


def test_check_json_has_the_spec_keys(cli, acme):
    doc = cli.json("check", "ACME", "--at", "2026-11-29 23:40")
    assert set(doc) >= SPEC_KEYS
    assert doc == doc | {
        "client": "ACME",
        "product": "FoccoERP",
        "at": "2026-11-29T23:40:00-03:00",
        "verdict": "covered",
        "off_hours": True,
        "holiday": None,
        "next_business_open": "2026-11-30T08:00:00-03:00",
    }
    assert doc["reason"]


@pytest.mark.parametrize(
    ("client", "at", "product", "verdict", "code"),
    [
        ("ACME", "2026-11-24 10:15", "FoccoERP", "business_hours", 3),
        ("ACME", "2026-11-24 12:30", "FoccoERP", "covered", 0),  # lunch break
        ("ACME", "2026-11-28 09:00", "FoccoLOJAS", "refused", 3),
        ("ACME", "2026-11-24 10:15", "FoccoLOJAS", "business_hours", 3),  # hours first
        ("BETA", "2026-11-29 23:40", "FoccoERP", "exceptional", 0),
        ("BETA", "2011-05-20 22:00", "FoccoERP", "grace", 0),
        ("BETA", "2010-05-20 22:00", "FoccoERP", "refused", 3),  # before any GLT
    ],
)
def test_r7_check_verdict_and_exit_code_0_served_3_not_served(
    cli, acme, beta, client, at, product, verdict, code
):
    doc = cli.json("check", client, "--at", at, "--product", product, code=code)
    assert doc["verdict"] == verdict
    assert doc["off_hours"] is (verdict != "business_hours")


def test_check_defaults_to_now_and_foccoerp(cli, acme):
    doc = cli.json("check", "ACME")  # FOCCO247_NOW: Wednesday 22:00
    assert doc["at"] == "2026-11-25T22:00:00-03:00"
    assert doc["product"] == "FoccoERP"
    assert doc["verdict"] == "covered"


def test_check_product_name_is_case_insensitive(cli, acme):
    assert cli.json("check", "ACME", "--product", "foccolojas", code=3)["product"] == "FoccoLOJAS"


def test_r3_check_at_in_utc_is_judged_in_local_time(cli, acme):
    doc = cli.json("check", "ACME", "--at", "2026-11-24T11:30Z", code=3)
    assert doc["verdict"] == "business_hours"
    assert doc["at"] == "2026-11-24T08:30:00-03:00"


def test_r2_check_names_the_holiday(cli, acme):
    doc = cli.json("check", "ACME", "--at", "2026-11-20 10:00")
    assert doc["verdict"] == "covered"
    # JSON prose follows documents.language (pt_BR by default), whoever runs the command.
    assert "Consciência Negra" in doc["holiday"]
    assert doc["next_business_open"] == "2026-11-23T08:00:00-03:00"


def test_r2_extra_holiday_from_the_policy_is_used_by_check(cli, acme, tmp_path):
    (tmp_path / "policy.toml").write_text(
        '[holidays]\nextra = [{date = 2026-11-24, name = "Company closure"}]\n'
    )
    cli.run("policy", "import", str(tmp_path / "policy.toml"))
    doc = cli.json("check", "ACME", "--at", "2026-11-24 10:00")
    assert doc["verdict"] == "covered"
    assert doc["holiday"] == "Company closure"


def test_r7_check_is_read_only_checking_twice_is_still_exceptional(cli, beta):
    first = cli.json("check", "BETA", "--at", "2026-11-29 23:40")
    second = cli.json("check", "BETA", "--at", "2026-11-29 23:45")
    assert first["verdict"] == second["verdict"] == "exceptional"


def test_check_human_output_shows_verdict_reason_and_next_opening_whole(cli, beta):
    out = cli.run("check", "BETA", "--at", "2026-11-29 23:40").stdout
    assert out.splitlines()[0] == "EXCEPTIONAL"
    assert "refused" in out  # the warning that the next one will be refused
    assert "2026-11-30 08:00" in out
    assert "\x1b[" not in out and "…" not in out  # plain: whole lines


def test_check_human_refusal_gives_the_sales_contact_from_the_policy(cli, tmp_path):
    cli.run("client", "add", "GAMA", "--name", "Gama sem contrato")
    cli.run("policy", "set", "sales.phone", "0800 247 247")
    out = cli.run("check", "GAMA", "--at", "2026-11-28 09:00", code=3).stdout
    assert out.splitlines()[0] == "REFUSED"
    assert "0800 247 247" in out
    doc = cli.json("check", "GAMA", "--at", "2026-11-28 09:00", code=3)
    assert doc["sales"]["phone"] == "0800 247 247"


def test_check_human_business_hours_points_to_regular_support(cli, acme):
    out = cli.run("check", "ACME", "--at", "2026-11-24 10:15", code=3).stdout
    assert out.splitlines()[0] == "BUSINESS HOURS"
    assert "regular support" in out.lower()


def test_check_holiday_in_human_output(cli, acme):
    out = cli.run("check", "ACME", "--at", "2026-12-25 10:00").stdout
    assert "Christmas" in out


def test_r7_refused_once_an_opened_call_used_the_exceptional_service(cli, beta):
    opened = cli.json(
        "call", "open", "BETA", "--caller", "Ana", "--summary", "ERP down",
        "--at", "2026-11-25 21:00",
    )  # fmt: skip
    assert opened["verdict"] == "exceptional"
    doc = cli.json("check", "BETA", "--at", "2026-11-25 21:30", code=3)
    assert doc["verdict"] == "refused"
    assert "já foi usado" in doc["reason"]  # documents.language: pt_BR by default
    assert cli.json("client", "show", "BETA")["exceptional_call_id"] == opened["id"]


def test_check_json_prose_follows_documents_language_not_the_interface(cli, acme, tmp_path):
    cli.run("policy", "set", "documents.language", "en")
    pt = {"LANG": "pt_BR.UTF-8"}
    doc = cli.json("check", "ACME", "--at", "2026-11-20 10:00", env=pt)
    assert "Black" in doc["holiday"]
    assert doc["reason"] == "Off-hours, and the 24|7 add-on is in force."


def test_check_human_output_speaks_the_interface_language(cli, acme):
    out = cli.run("check", "ACME", "--at", "2026-11-20 10:00", env={"LANG": "pt_BR.UTF-8"})
    assert "COBERTO" in out.stdout
    assert "Feriado:  Dia Nacional de Zumbi e da Consciência Negra" in out.stdout
    assert "20/11/2026 10:00" in out.stdout
    english = cli.run("check", "ACME", "--at", "2026-11-20 10:00").stdout
    assert "COVERED" in english and "Holiday:  National Day of Zumbi and Black Awareness" in english
    assert "2026-11-20 10:00" in english
