"""focco247 db: check finds every broken invariant, stats counts, backup copies a working store."""

from __future__ import annotations

import json
import os
import sqlite3

import pytest
import sqlalchemy as sa

from focco247.store import db


def execute(sql: str, params: dict | None = None, *, foreign_keys: bool = True) -> None:
    """Tamper with the store behind focco247's back (bound parameters, one transaction)."""
    engine = db.make_engine(os.environ["FOCCO247_DB"], write=True, foreign_keys=foreign_keys)
    with engine.begin() as conn:
        conn.execute(sa.text(sql), params or {})
    engine.dispose()


def backend() -> str:
    return db.backend_of(os.environ["FOCCO247_DB"])


@pytest.fixture
def billed(cli, acme, beta) -> int:
    """ACME with a chargeable call billed on F247-000001; BETA, subscribed since October,
    gets F247-000002 with its fee only."""
    cli.run("contract", "subscribe", "BETA", "--since", "2026-10-01")
    cid = cli.json(
        "call", "open", "ACME", "--caller", "Ana", "--summary", "x", "--at", "2026-10-10 23:00"
    )["id"]
    cli.run("call", "chargeable", str(cid), "--reason", "client-caused")
    cli.run("call", "log", str(cid), "1h30m", "--at", "2026-10-10 23:30")
    cli.run("call", "resolve", str(cid), "--resolution", "ok", "--at", "2026-10-11 00:30")
    numbers = [i["number"] for i in cli.json("invoice", "month", "2026-10", "--issue")["invoices"]]
    assert numbers == ["F247-000001", "F247-000002"]
    return cid


def problems(cli) -> dict[str, list[str]]:
    result = cli.run("db", "check", "--json", code=1)
    assert result.stderr.startswith("Error: The store has ")
    doc = json.loads(result.stdout)
    assert doc["clean"] is False
    kinds: dict[str, list[str]] = {}
    for p in doc["problems"]:
        kinds.setdefault(p["kind"], []).append(p["message"])
    return kinds


def test_db_check_on_a_clean_store_exits_0_with_its_json_shape(cli, billed):
    doc = cli.json("db", "check")
    assert doc["clean"] is True
    assert doc["problems"] == []
    assert doc["revision"] == db.HEAD_REVISION
    assert doc["backend"] == backend()
    assert doc["integrity"] == ("ok" if backend() == "sqlite" else "not applicable")
    assert doc["checked"] == {"calls": 1, "time_entries": 1, "invoices": 2, "invoice_lines": 3}
    assert cli.run("db", "check").stdout.startswith("The store is clean: 1 calls")


def test_db_check_full_also_matches_indexes_and_answers_the_same_on_a_clean_store(cli, billed):
    assert cli.json("db", "check", "--full") == cli.json("db", "check")


def test_db_check_on_an_empty_store_is_clean(cli):
    assert cli.json("db", "check")["clean"] is True


def test_db_check_finds_a_billed_call_that_does_not_match_its_lines(cli, billed):
    execute("UPDATE call SET billed_cents = billed_cents + 1 WHERE id = :id", {"id": billed})
    found = problems(cli)
    # The call's own billing state, and the recomputation of what it was billed (R19).
    assert list(found) == ["billing_state", "billing_recomputation"]
    assert f"Call #{billed} is marked billed for 27001 centavos" in found["billing_state"][0]


def test_db_check_finds_a_call_charged_on_two_live_invoices(cli, billed):
    execute(
        "INSERT INTO invoice_line (invoice_id, position, kind, description, call_id, "
        "minutes_logged, minutes_billed, hourly_rate_cents, amount_cents) "
        "SELECT 2, 9, kind, description, call_id, minutes_logged, minutes_billed, "
        "hourly_rate_cents, 0 FROM invoice_line WHERE kind = 'chargeable_hours'"
    )
    found = problems(cli)
    assert found["double_billed"] == [
        f"Call #{billed} is charged on 2 live invoices (it must be on exactly one)."
    ]
    assert "billing_state" in found  # the minutes are now held twice


def test_db_check_finds_a_gap_in_invoice_numbers(cli, billed):
    execute("UPDATE invoice SET seq = 4 WHERE seq = 2")
    assert problems(cli) == {
        "invoice_numbering": ["Invoice numbers are not gapless: missing 2, 3."]
    }


def test_db_check_finds_an_invoice_total_that_is_not_the_sum_of_its_lines(cli, billed):
    execute("UPDATE invoice SET total_cents = total_cents + 100 WHERE seq = 1")
    found = problems(cli)
    assert list(found) == ["invoice_total"]
    assert found["invoice_total"][0].startswith("Invoice F247-000001 totals")


def test_db_check_finds_two_live_invoices_for_one_client_and_month(cli, billed):
    execute("DROP INDEX ux_invoice_live_client_month")
    execute(
        "INSERT INTO invoice (seq, number, client_id, month, status, issued_at, issued_by, "
        "total_cents) SELECT 3, 'F247-000003', client_id, month, status, issued_at, issued_by, "
        "0 FROM invoice WHERE seq = 2"
    )
    found = problems(cli)
    assert found["live_invoices"] == ["Client BETA has 2 live invoices for 2026-10 (one at most)."]


def test_db_check_finds_time_entries_on_calls_that_do_not_exist(cli, billed):
    if backend() == "postgresql":
        execute("ALTER TABLE time_entry DROP CONSTRAINT time_entry_call_id_fkey")
    execute(
        "INSERT INTO time_entry (call_id, minutes, worked_at, created_at, actor) "
        "VALUES (999, 30, :at, :at, 'x')",
        {"at": "2026-10-10 23:00:00"},
        foreign_keys=False,
    )
    found = problems(cli)
    assert found["orphan_time_entry"] == [
        "Time entry 2 belongs to call #999, which does not exist."
    ]
    if backend() == "sqlite":
        assert found["dangling_reference"] == ["time_entry row 2 points at a missing call."]


def test_db_check_human_report_lists_problems_one_per_whole_line(cli, billed):
    execute("UPDATE invoice SET seq = 7 WHERE seq = 2")
    execute("UPDATE invoice SET total_cents = 1 WHERE seq = 1")
    result = cli.run("db", "check", code=1)
    assert "invoice_numbering" in result.stdout
    assert "invoice_total" in result.stdout
    assert "…" not in result.stdout  # piped: problems are whole lines, never cut
    assert result.stderr == "Error: The store has 2 problems; see the list above.\n"


def test_db_stats_counts_rows_of_every_table(cli, billed):
    doc = cli.json("db", "stats")
    assert doc["backend"] == backend()
    assert doc["revision"] == db.HEAD_REVISION
    assert doc["rows"]["client"] == 2
    assert doc["rows"]["invoice"] == 2
    assert doc["rows"]["time_entry"] == 1
    assert doc["rows"]["event"] > 0
    assert set(doc["rows"]) >= {"call", "invoice_line", "glt_term", "subscription", "shift"}
    assert isinstance(doc["size_bytes"], int) and doc["size_bytes"] > 0
    text = cli.run("db", "stats").stdout
    assert "invoice_line" in text
    assert "…" not in text  # piped: whole lines, a long PostgreSQL URL included


@pytest.mark.sqlite_only
def test_db_stats_reports_wal_journal_and_file_size(cli, acme, tmp_path):
    doc = cli.json("db", "stats")
    assert doc["journal_mode"] == "wal"
    assert doc["size_bytes"] >= (tmp_path / "store.db").stat().st_size


@pytest.mark.sqlite_only
def test_db_backup_is_a_working_checked_copy_of_the_store(cli, billed, tmp_path):
    target = tmp_path / "copy.db"
    doc = cli.json("db", "backup", str(target))
    assert doc["backup"] == str(target)
    assert doc["revision"] == db.HEAD_REVISION
    with sqlite3.connect(target) as copy:
        assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    env = {"FOCCO247_DB": str(target)}
    listed = cli.json("invoice", "list", env=env)["invoices"]
    assert [i["number"] for i in listed] == ["F247-000001", "F247-000002"]
    assert cli.json("db", "check", env=env)["clean"] is True


@pytest.mark.sqlite_only
def test_db_backup_to_a_folder_names_the_file_by_date(cli, acme, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    doc = cli.json("db", "backup", str(folder))
    # FOCCO247_NOW is 2026-11-25 22:00 in the policy time zone.
    assert doc["backup"] == str(folder / "focco247-20261125-220000.db")


@pytest.mark.sqlite_only
def test_db_backup_never_overwrites_without_force_nor_the_store_itself(cli, acme, tmp_path):
    target = tmp_path / "copy.db"
    target.write_text("keep me")
    result = cli.run("db", "backup", str(target), code=1)
    assert "already exists; use --force" in result.stderr
    assert target.read_text() == "keep me"
    cli.run("db", "backup", str(target), "--force")
    with sqlite3.connect(target) as copy:
        assert copy.execute("SELECT code FROM client").fetchall() == [("ACME",)]
    same = cli.run("db", "backup", str(tmp_path / "store.db"), "--force", code=1)
    assert "cannot replace the store itself" in same.stderr
    assert cli.run("db", "backup", str(tmp_path / "no" / "x.db"), code=1).stderr.startswith(
        "Error: The folder"
    )
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.sqlite_only
@pytest.mark.no_store
def test_db_backup_of_a_store_not_yet_created_says_so(cli, tmp_path):
    result = cli.run("db", "backup", str(tmp_path / "copy.db"), code=1)
    assert "There is no store at" in result.stderr
    assert not (tmp_path / "copy.db").exists()


@pytest.mark.sqlite_only
@pytest.mark.no_store
def test_db_backup_refuses_a_file_that_is_not_a_store(cli, tmp_path):
    with sqlite3.connect(tmp_path / "store.db") as other:
        other.execute("CREATE TABLE notes (x)")
    result = cli.run("db", "backup", str(tmp_path / "copy.db"), code=1)
    assert "is not a focco247 store" in result.stderr
    assert not (tmp_path / "copy.db").exists()


@pytest.mark.postgresql_only
def test_db_backup_of_a_postgresql_store_points_to_pg_dump(cli, acme, tmp_path):
    result = cli.run("db", "backup", str(tmp_path / "copy.db"), code=1)
    assert "pg_dump" in result.stderr
    assert not (tmp_path / "copy.db").exists()


def test_db_path_json_names_the_store(cli):
    assert cli.json("db", "path")["store"] == db.display_location(os.environ["FOCCO247_DB"])
