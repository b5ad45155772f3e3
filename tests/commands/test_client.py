"""focco247 client add/list/show (SPEC §3) with their JSON shapes and the audit trail."""

from __future__ import annotations

import json
import os
import sqlite3
import stat


def audit(tmp_path) -> list[tuple[str, str, str, str]]:
    with sqlite3.connect(tmp_path / "store.db") as db:
        return db.execute(
            "SELECT actor, entity, entity_id, action FROM event ORDER BY id"
        ).fetchall()


def test_client_add_stores_the_code_in_upper_case_and_prints_json(cli):
    doc = cli.json("client", "add", "acme", "--name", "Acme Metalúrgica", "--state", "rs")
    assert doc["code"] == "ACME"
    assert doc["name"] == "Acme Metalúrgica"
    assert doc["state"] == "RS"
    assert doc == cli.json("client", "show", "ACME")  # the same shape as `client show`


def test_client_add_human_output_confirms_in_one_line(cli):
    result = cli.run("client", "add", "ACME", "--name", "Acme")
    assert result.stdout.strip() == "Added client ACME (Acme)."


def test_r18_client_add_is_recorded_in_the_audit_trail_with_the_actor(cli, tmp_path):
    cli.run("client", "add", "ACME", "--name", "Acme")
    assert audit(tmp_path) == [("tester", "client", "ACME", "added")]


def test_as_option_names_the_actor_in_the_audit_trail(cli, tmp_path):
    cli.run("--as", "maria", "client", "add", "ACME", "--name", "Acme")
    assert audit(tmp_path)[0][0] == "maria"


def test_client_list_json_is_an_object_with_a_plural_key_sorted_by_code(cli, acme, beta):
    doc = cli.json("client", "list")
    assert list(doc) == ["clients"]
    assert [c["code"] for c in doc["clients"]] == ["ACME", "BETA"]
    first = doc["clients"][0]
    assert first["glt_in_force"] == {
        "since": "2025-01-01",
        "monthly": "5000.00",
        "hourly_rate": "180.00",
    }
    assert first["currency"] == "BRL"
    assert first["addon_in_force"] is True
    assert doc["clients"][1]["addon_in_force"] is False


def test_client_list_empty_says_how_to_start(cli):
    assert "client add" in cli.run("client", "list").stdout
    assert cli.json("client", "list") == {"clients": []}


def test_client_show_json_has_contracts_over_time(cli, acme):
    doc = cli.json("client", "show", "acme")  # codes are case-insensitive
    assert doc["code"] == "ACME"
    assert doc["glt"] == [{"since": "2025-01-01", "monthly": "5000.00", "hourly_rate": "180.00"}]
    assert doc["addon"] == [{"first_day": "2025-06-01", "last_day": None}]
    assert doc["addon_in_force"] is True
    assert doc["exceptional_used"] is False
    assert doc["exceptional_call_id"] is None
    assert doc["as_of"] == "2026-11-25"


def test_client_show_human_output_fits_80_columns(cli, acme):
    out = cli.run("client", "show", "ACME").stdout
    assert "R$ 5.000,00" in out and "2025-06-01" in out
    assert max(len(line.rstrip()) for line in out.splitlines()) <= 80


def test_store_file_is_created_owner_only_0600(cli, tmp_path):
    cli.run("client", "list")
    mode = stat.S_IMODE(os.stat(tmp_path / "store.db").st_mode)
    assert mode == 0o600


def test_read_only_commands_write_no_audit_event(cli, acme, tmp_path):
    before = audit(tmp_path)
    cli.run("client", "list")
    cli.run("client", "show", "ACME")
    cli.run("check", "ACME", code=0)
    assert audit(tmp_path) == before


def test_client_json_output_is_exactly_one_document(cli):
    out = cli.run("client", "add", "ACME", "--name", "Acme", "--json").stdout
    assert isinstance(json.loads(out), dict)
