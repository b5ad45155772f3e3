"""SPEC §4: bad input is one sentence on stderr, exit 1 (2 for usage), and changes nothing."""

from __future__ import annotations

import sqlite3

import pytest


def snapshot(cli, tmp_path) -> tuple:
    """Everything a user could see of the store, plus the raw audit trail."""
    clients = cli.json("client", "list")
    contracts = [cli.json("contract", "show", c["code"]) for c in clients["clients"]]
    with sqlite3.connect(tmp_path / "store.db") as db:
        events = db.execute("SELECT * FROM event").fetchall()
    return clients, contracts, events


def assert_one_sentence_error(result, *fragments: str) -> None:
    assert result.exit_code == 1, (result.exit_code, result.stdout, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0]


BAD = [
    pytest.param(
        ("contract", "glt", "BETA", "--monthly", "-1", "--hourly-rate", "1", "--since",
         "2026-01-01"), "-1", id="negative-money"),
    pytest.param(
        ("contract", "glt", "BETA", "--monthly", "5.000", "--hourly-rate", "1", "--since",
         "2026-01-01"), "5.000", id="money-three-decimals"),
    pytest.param(
        ("contract", "glt", "BETA", "--monthly", "10.555", "--hourly-rate", "1", "--since",
         "2026-01-01"), "10.555", id="money-three-decimals-dot"),
    pytest.param(
        ("contract", "glt", "BETA", "--monthly", "abc", "--hourly-rate", "1", "--since",
         "2026-01-01"), "abc", id="money-text"),
    pytest.param(
        ("contract", "glt", "BETA", "--monthly", "0", "--hourly-rate", "1", "--since",
         "2026-01-01"), "greater than zero", id="money-zero-glt"),
    pytest.param(
        ("contract", "glt", "BETA", "--monthly", "10", "--hourly-rate", "1", "--since",
         "2026-02-30"), "2026-02-30", id="date-not-on-calendar"),
    pytest.param(
        ("contract", "glt", "BETA", "--monthly", "10", "--hourly-rate", "1", "--since",
         "2011-01-01"), "2011-01-01", id="glt-same-date-twice"),
    pytest.param(
        ("contract", "subscribe", "BETA", "--since", "2026-03-01", "--until", "2026-02-28"),
        "before", id="until-before-since"),
    pytest.param(
        ("contract", "subscribe", "BETA", "--since", "2010-12-01"), "no GLT",
        id="subscribe-without-glt-in-force"),
    pytest.param(
        ("contract", "subscribe", "ACME", "--since", "2026-01-01"), "overlap",
        id="overlapping-periods"),
    pytest.param(
        ("contract", "unsubscribe", "BETA", "--last-day", "2026-12-31"), "no 24|7 add-on",
        id="unsubscribe-without-addon"),
    pytest.param(
        ("contract", "unsubscribe", "ACME", "--last-day", "2025-05-31"), "before",
        id="unsubscribe-before-first-day"),
    pytest.param(("client", "add", "acme", "--name", "Again"), "already exists",
                 id="duplicate-client-code"),
    pytest.param(("client", "add", "NEW CO", "--name", "X"), "not valid", id="bad-client-code"),
    pytest.param(("client", "add", "NEW", "--name", "  "), "name", id="empty-client-name"),
    pytest.param(("client", "add", "NEW", "--name", "N", "--state", "XX"), "UF", id="bad-uf"),
    pytest.param(("client", "show", "ACMEE"), "Did you mean ACME", id="unknown-client-suggests"),
    pytest.param(("contract", "glt", "NOPE", "--monthly", "1", "--hourly-rate", "1", "--since",
                  "2026-01-01"), "Unknown client", id="unknown-client-contract"),
    pytest.param(("check", "ACME", "--product", "FoccoXYZ"), "Unknown product",
                 id="unknown-product"),
    pytest.param(("check", "ACME", "--at", "yesterday"), "yesterday", id="bad-instant"),
    pytest.param(("check", "ACME", "--at", "2026-11-24"), "time of day", id="date-not-instant"),
    pytest.param(("check", "ACME", "--at", "9999-12-31 23:00"), "out of range",
                 id="instant-out-of-range"),
    pytest.param(("contract", "glt", "BETA", "--monthly", "1", "--hourly-rate", "1", "--since",
                  "0001-01-01"), "out of range", id="date-out-of-range"),
    pytest.param(("contract", "glt", "BETA", "--monthly", "99999999999999999999",
                  "--hourly-rate", "1", "--since", "2026-01-01"), "too large",
                 id="money-too-large"),
]  # fmt: skip


@pytest.mark.parametrize(("args", "fragment"), BAD)
def test_bad_input_is_one_sentence_exit_1_and_nothing_written(
    cli, acme, beta, tmp_path, args, fragment
):
    before = snapshot(cli, tmp_path)
    assert_one_sentence_error(cli.invoke(*args), fragment)
    assert snapshot(cli, tmp_path) == before


@pytest.mark.parametrize(
    "args",
    [
        ("client", "add", "X"),  # missing --name
        ("client", "list", "--bogus"),
        ("check",),
        ("contract", "glt", "ACME", "--monthly", "1"),
        ("nonsense",),
    ],
)
def test_usage_errors_exit_2_and_write_nothing(cli, acme, tmp_path, args):
    before = snapshot(cli, tmp_path)
    result = cli.invoke(*args)
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    assert snapshot(cli, tmp_path) == before


@pytest.mark.parametrize("garbage", [b"this is not a database\n" * 200, b"\x00\xff" * 3000])
def test_a_store_file_that_is_not_a_database_is_one_clear_error(cli, tmp_path, garbage):
    (tmp_path / "store.db").write_bytes(garbage)
    for args in (("client", "list"), ("client", "add", "ACME", "--name", "A")):
        result = cli.invoke(*args)
        assert_one_sentence_error(result, "not a focco247 database")
    assert (tmp_path / "store.db").read_bytes() == garbage


@pytest.mark.no_store
def test_a_sqlite_file_of_another_program_is_refused_untouched(cli, tmp_path):
    with sqlite3.connect(tmp_path / "store.db") as db:
        db.execute("CREATE TABLE stuff (x)")
    assert_one_sentence_error(cli.invoke("client", "list"), "not a focco247 store")
    with sqlite3.connect(tmp_path / "store.db") as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    assert tables == ["stuff"]


def test_a_bad_now_override_is_one_clear_error(cli, acme):
    result = cli.invoke("check", "ACME", env={"FOCCO247_NOW": "soon"})
    assert_one_sentence_error(result, "FOCCO247_NOW")


def test_a_broken_config_file_stops_store_commands_with_one_error(cli, acme, tmp_path):
    before = snapshot(cli, tmp_path)
    (tmp_path / "config.toml").write_text("fee_percent = [\n")
    result = cli.invoke("client", "add", "NEW", "--name", "N")
    assert_one_sentence_error(result, str(tmp_path / "config.toml"))
    (tmp_path / "config.toml").unlink()
    assert snapshot(cli, tmp_path) == before
