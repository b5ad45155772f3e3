"""A demo store and a store for real work never mix (SPEC §5 "Stores", issue 11 point 2):
`db init` refuses a demo store and names `--replace-demo`, which discards the demo data and
creates an empty store for real work, and never touches a store for real work."""

from __future__ import annotations

import os

import pytest

from focco247.store import db


def location() -> str:
    return os.environ["FOCCO247_DB"]


@pytest.mark.demo_store
def test_db_init_on_a_demo_store_refuses_and_names_replace_demo(cli):
    cli.run("demo")
    result = cli.run("db", "init", code=1)
    assert result.stderr.startswith("Error: ")
    assert len(result.stderr.strip().splitlines()) == 1
    assert "focco247 db init --replace-demo" in result.stderr
    assert cli.json("client", "list")["clients"]  # the demo book is still there
    assert cli.json("db", "stats")["demo"] is True


@pytest.mark.demo_store
def test_replace_demo_replaces_a_demo_store_with_an_empty_real_store(cli):
    cli.run("demo")
    doc = cli.json("db", "init", "--replace-demo")
    assert doc["created"] is True and doc["replaced_demo"] is True and doc["demo"] is False
    assert doc["revision"] == db.HEAD_REVISION
    assert cli.json("client", "list")["clients"] == []
    stats = cli.json("db", "stats")
    assert stats["demo"] is False
    assert all(n == 0 for name, n in stats["rows"].items() if name != "store_meta")
    assert cli.json("db", "path")["demo"] is False
    # Real work now: the demo is refused, and a plain `db init` says the store is there.
    cli.run("demo", code=1)
    assert cli.json("db", "init")["created"] is False


@pytest.mark.demo_store
def test_replace_demo_human_output_says_the_demo_was_discarded(cli):
    out = cli.run("db", "init", "--replace-demo").stdout
    assert "Discarded the demo store" in out and "real work" in out


def test_replace_demo_refuses_a_real_store_and_destroys_nothing(cli, acme):
    result = cli.run("db", "init", "--replace-demo", code=1)
    assert len(result.stderr.strip().splitlines()) == 1
    assert "not the demo" in result.stderr and "nothing was changed" in result.stderr
    assert [c["code"] for c in cli.json("client", "list")["clients"]] == ["ACME"]


@pytest.mark.no_store
def test_replace_demo_on_a_missing_store_just_creates_a_real_one(cli):
    doc = cli.json("db", "init", "--replace-demo")
    assert doc["created"] is True and doc["replaced_demo"] is False and doc["demo"] is False
    assert cli.json("db", "stats")["demo"] is False


def test_db_init_marks_a_real_store_and_stats_and_path_say_it_is_no_demo(cli):
    assert db.probe(location()).demo is False
    stats = cli.json("db", "stats")
    assert stats["demo"] is False
    assert "demo store" not in cli.run("db", "stats").stdout
    assert cli.json("db", "path")["demo"] is False
    assert cli.run("db", "path").stderr == ""


@pytest.mark.demo_store
def test_db_stats_and_path_say_a_demo_store_is_one_in_json_and_text(cli):
    assert cli.json("db", "stats")["demo"] is True
    assert "demo store" in cli.run("db", "stats").stdout
    assert cli.json("db", "path")["demo"] is True
    path = cli.run("db", "path")
    assert path.stdout.strip() == db.display_location(location())  # still the bare location
    assert "focco247 db init --replace-demo" in path.stderr


@pytest.mark.no_store
def test_db_path_without_a_store_says_no_demo(cli):
    assert cli.json("db", "path")["demo"] is False


@pytest.mark.demo_store
def test_a_demo_store_issues_demo_numbers_through_invoice_month(cli):
    cli.run("demo")
    cli.run("call", "open", "BETA", "--caller", "Rui", "--summary", "Client script broke NF-e")
    doc = cli.json("invoice", "month", "2026-11", "--issue", env={
        "FOCCO247_NOW": "2026-12-02T10:00:00-03:00"})  # fmt: skip
    numbers = [i["number"] for i in doc["invoices"]]
    assert numbers and all(n.startswith("DEMO-") for n in numbers)


@pytest.mark.no_store
def test_a_store_upgraded_from_0003_is_a_store_for_real_work(cli):
    from focco247.store.migrations import upgrade_connection

    path = db.sqlite_path(location())
    if path is not None:
        path.touch()  # an empty SQLite file for Alembic to build in
    engine = db.make_engine(location(), write=True, foreign_keys=False)
    with engine.begin() as conn:
        upgrade_connection(conn, "0003")
    engine.dispose()
    assert cli.json("db", "upgrade")["to"] == db.HEAD_REVISION
    assert cli.json("db", "stats")["demo"] is False
    assert "not a demo store" in cli.run("demo", code=1).stderr
