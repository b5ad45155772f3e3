"""Schema revisions: created at the newest by `db init`, older stores upgraded with nothing
lost, newer stores refused, and the migrations never drift from the models."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

from focco247.store import db
from focco247.store.migrations import alembic_config, revisions, upgrade_connection


def location() -> str:
    return os.environ["FOCCO247_DB"]


def engine(foreign_keys: bool = False) -> sa.Engine:
    path = db.sqlite_path(location())
    if path is not None:
        path.touch()  # an empty SQLite file for Alembic to build in (engines never create one)
    return db.make_engine(location(), write=True, foreign_keys=foreign_keys)


def migrate(target: str) -> None:
    eng = engine()
    with eng.begin() as conn:
        upgrade_connection(conn, target)
    eng.dispose()


def downgrade(target: str) -> None:
    eng = engine()
    with eng.begin() as conn:
        command.downgrade(alembic_config(conn), target)
    eng.dispose()


def stored_version() -> str | None:
    eng = engine()
    with eng.connect() as conn:
        version = db.read_revision(conn)
    eng.dispose()
    return version


def schema_drift() -> list:
    eng = engine()
    with eng.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, SQLModel.metadata)
    eng.dispose()
    return diff


def schema_shape() -> dict[str, tuple]:
    """Tables with their columns (name, nullability) and index names, for comparing stores."""
    eng = engine()
    shape = {}
    with eng.connect() as conn:
        inspector = sa.inspect(conn)
        for table in inspector.get_table_names():
            columns = tuple(
                sorted((c["name"], c["nullable"]) for c in inspector.get_columns(table))
            )
            indexes = tuple(sorted(i["name"] for i in inspector.get_indexes(table)))
            shape[table] = (columns, indexes)
    eng.dispose()
    return shape


def dump(shape: dict[str, set[str]] | None = None) -> dict[str, list]:
    """Every row of every table, for 'nothing lost' comparisons (the tables as they are in
    the store, which may be at an older revision than the models); with `shape`, only those
    tables and columns (what an older revision had)."""
    eng = engine()
    out = {}
    with eng.connect() as conn:
        inspector = sa.inspect(conn)
        present = set(inspector.get_table_names())
        for table in SQLModel.metadata.sorted_tables:
            if table.name not in present:  # added by a later revision than the store's
                continue
            if shape is not None and table.name not in shape:
                continue
            have = {c["name"] for c in inspector.get_columns(table.name)}
            if shape is not None:
                have &= shape[table.name]
            columns = [c for c in table.columns if c.name in have]
            rows = conn.execute(sa.select(*columns).order_by(*table.primary_key.columns)).all()
            out[table.name] = [tuple(r) for r in rows]
    eng.dispose()
    return out


def populate(cli) -> None:
    """A store with some of everything: clients, contracts, calls, time, invoices, a void."""
    cli.run("client", "add", "ACME", "--name", "Acme Metalúrgica", "--state", "RS")
    cli.run(
        "contract", "glt", "ACME", "--monthly", "5.000,00", "--hourly-rate", "180",
        "--since", "2025-01-01",
    )  # fmt: skip
    cli.run("contract", "subscribe", "ACME", "--since", "2025-06-01")
    cli.run("specialist", "add", "Bruno Lima", "--area", "fiscal")
    opened = cli.json(
        "call", "open", "ACME", "--caller", "Ana", "--summary", "NF-e rejeitada",
        "--at", "2026-10-10 23:00",
    )  # fmt: skip
    cid = str(opened["id"])
    cli.run("call", "escalate", cid, "--to", "Bruno Lima", "--reason", "fiscal rules")
    cli.run("call", "log", cid, "1h30m", "--at", "2026-10-10 23:50")
    cli.run("call", "chargeable", cid, "--reason", "client changed the tax table")
    cli.run("call", "resolve", cid, "--resolution", "table restored", "--at", "2026-10-11 01:00")
    cli.run("invoice", "month", "2026-10", "--issue")
    cli.run("invoice", "void", "F247-000001", "--reason", "wrong address")
    cli.run("invoice", "month", "2026-10", "--issue")


def test_known_revisions_constant_lists_every_migration_in_order():
    assert list(db.KNOWN_REVISIONS) == revisions()
    assert revisions()[-1] == db.HEAD_REVISION


@pytest.mark.no_store
def test_db_init_creates_the_store_at_the_newest_revision(cli):
    cli.run("db", "init")
    assert stored_version() == db.HEAD_REVISION


@pytest.mark.no_store
def test_migrations_to_head_give_exactly_the_models_schema():
    migrate("head")
    assert stored_version() == db.HEAD_REVISION
    assert schema_drift() == []


@pytest.mark.no_store
def test_db_init_store_has_the_same_schema_as_a_migrated_one(cli, tmp_path, monkeypatch):
    cli.run("db", "init")  # created from the models
    first_use = schema_shape()
    assert schema_drift() == []
    if db.backend_of(location()) == "sqlite":
        monkeypatch.setenv("FOCCO247_DB", str(tmp_path / "migrated.db"))
    else:
        eng = engine()
        with eng.begin() as conn:
            for table in reversed(SQLModel.metadata.sorted_tables):
                conn.execute(sa.schema.DropTable(table))
            conn.exec_driver_sql("DROP TABLE alembic_version")
        eng.dispose()
    migrate("head")
    assert schema_shape() == first_use


def stored_shape() -> dict[str, set[str]]:
    """The tables and columns the store has now."""
    eng = engine()
    with eng.connect() as conn:
        inspector = sa.inspect(conn)
        names = set(inspector.get_table_names()) - {"alembic_version"}
        shape = {name: {c["name"] for c in inspector.get_columns(name)} for name in names}
    eng.dispose()
    return shape


def test_store_populated_at_revision_0001_upgrades_to_head_with_nothing_lost(cli):
    populate(cli)
    downgrade("0001")
    assert stored_version() == "0001"
    assert "ix_time_entry_worked_at" not in schema_shape()["time_entry"][1]
    # What a store at 0001 holds: its tables and columns, every row of them.
    at_0001 = stored_shape()
    before = dump(at_0001)
    before["policy_entry"] = []  # the table a later revision adds: empty before the upgrade

    upgraded = cli.json("db", "upgrade")
    assert upgraded == {"store": db.display_location(location()), "from": "0001",
                        "to": db.HEAD_REVISION, "upgraded": True}  # fmt: skip
    assert stored_version() == db.HEAD_REVISION
    after = dump(
        {
            **at_0001,
            "policy_entry": {c.name for c in SQLModel.metadata.tables["policy_entry"].columns},
        }
    )
    # The upgrade seeds the policy timeline (R20): every key, from the beginning.
    seeded = after.pop("policy_entry")
    assert before.pop("policy_entry") == []
    assert {row[1] for row in seeded} >= {"fee_percent", "timezone", "holidays.subdivision"}
    assert {str(row[3]) for row in seeded} == {"0001-01-01"}
    assert after == before
    assert schema_drift() == []
    assert cli.json("db", "check")["clean"] is True
    listed = cli.json("invoice", "list")["invoices"]
    assert [(i["number"], i["status"]) for i in listed] == [
        ("F247-000001", "void"),
        ("F247-000002", "issued"),
    ]


def test_older_store_is_refused_with_the_upgrade_hint_and_left_untouched(cli):
    populate(cli)
    downgrade("0001")
    before = dump()
    result = cli.run("client", "add", "NEW", "--name", "New", code=1)
    assert "older revision (0001)" in result.stderr
    assert "focco247 db upgrade" in result.stderr
    assert "Traceback" not in result.stderr
    assert dump() == before
    assert stored_version() == "0001"


def test_store_newer_than_the_code_is_refused_even_by_upgrade(cli):
    cli.run("client", "add", "ACME", "--name", "Acme")
    eng = engine()
    with eng.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = :v"), {"v": "0099"})
    eng.dispose()
    for args in (("client", "list"), ("db", "upgrade"), ("db", "check")):
        result = cli.run(*args, code=1)
        assert "newer focco247 (revision 0099" in result.stderr, args
        assert "upgrade focco247" in result.stderr
    assert stored_version() == "0099"


def test_upgrade_of_a_current_store_changes_nothing(cli):
    cli.run("client", "add", "ACME", "--name", "Acme")
    before = dump()
    result = cli.json("db", "upgrade")
    assert result["upgraded"] is False
    assert result["from"] == result["to"] == db.HEAD_REVISION
    assert dump() == before
    assert "already at revision" in cli.run("db", "upgrade").stdout


@pytest.mark.no_store
def test_upgrade_of_a_missing_store_creates_nothing_and_points_to_db_init(cli):
    result = cli.run("db", "upgrade", code=1)
    assert "focco247 db init" in result.stderr
    assert db.probe(location()).state is db.StoreState.MISSING


def test_failed_upgrade_rolls_back_to_the_old_revision(cli, monkeypatch):
    populate(cli)
    downgrade("0001")
    before = dump()

    def migrate_then_fail(conn, target="head"):
        upgrade_connection(conn, target)
        raise sa.exc.OperationalError("upgrade", {}, Exception("disk I/O error"))

    monkeypatch.setattr("focco247.store.migrations.upgrade_connection", migrate_then_fail)
    result = cli.run("db", "upgrade", code=1)
    assert "could not be used" in result.stderr
    assert stored_version() == "0001"
    assert "ix_time_entry_worked_at" not in schema_shape()["time_entry"][1]
    assert dump() == before


@pytest.mark.no_store
def test_tables_of_another_program_are_not_taken_for_a_store(cli):
    eng = engine()
    with eng.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    eng.dispose()
    # SQLite: the file is another program's. PostgreSQL: a database is shared, so without
    # focco247's own tables there is no store yet (SPEC §5 "Stores").
    expected = "not a focco247 store" if db.backend_of(location()) == "sqlite" else "db init"
    for args in (("client", "list"), ("db", "upgrade")):
        result = cli.run(*args, code=1)
        assert expected in result.stderr


def test_ordinary_commands_never_import_alembic(tmp_path):
    script = (
        "import sys\n"
        "from focco247.cli import main\n"
        "sys.argv = ['focco247', 'client', 'add', 'ACME', '--name', 'Acme']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.argv = ['focco247', 'client', 'list', '--json']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", "import json\n" + script], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []


@pytest.mark.no_store
@pytest.mark.parametrize("revision", ["0001", "0003"])
def test_each_revision_downgrades_and_upgrades_cleanly(revision):
    migrate("head")
    downgrade(revision)
    assert stored_version() == revision
    migrate("head")
    assert schema_drift() == []


@pytest.mark.sqlite_only
def test_an_older_store_can_be_backed_up_before_its_upgrade(cli, tmp_path):
    populate(cli)
    downgrade("0001")
    doc = cli.json("db", "backup", str(tmp_path / "before-upgrade.db"))
    assert doc["revision"] == "0001"
    cli.run("db", "upgrade")
    # The copy is still the old store, ready to go back to.
    env = {"FOCCO247_DB": str(tmp_path / "before-upgrade.db")}
    assert "older revision (0001)" in cli.run("client", "list", code=1, env=env).stderr


def test_upgrade_seeds_the_policy_from_the_machines_config_file_from_the_beginning(cli, tmp_path):
    """R20: past months recompute exactly as billed with the config the machine used."""
    populate(cli)
    billed = cli.json("invoice", "month", "2026-10")
    downgrade("0002")
    config = tmp_path / "config.toml"
    config.write_text(
        'user = "Ana"\nfee_percent = "25"\n[holidays]\nsubdivision = "SC"\n'
        "[products]\nFoccoERP = true\nFoccoWMS = false\n"
    )
    before = config.read_bytes()
    assert cli.json("db", "upgrade")["to"] == db.HEAD_REVISION  # db upgrade reads them
    assert config.read_bytes() == before
    # Every other command refuses them until they are moved into the store.
    result = cli.invoke("client", "list")
    assert result.exit_code == 1 and f"focco247 policy import {config}" in result.stderr
    change = cli.json("policy", "import", str(config))
    assert change["added"] == {}  # the seed holds them already
    shown = cli.json("policy", "show", "--at", "2012-01-01")
    assert shown["settings"]["fee_percent"] == "25"
    assert shown["settings"]["holidays"]["subdivision"] == "SC"
    assert shown["settings"]["products"]["FoccoWMS"] == {"covered": False}
    assert shown["since"]["fee_percent"] is None and shown["since"]["timezone"] is None
    assert cli.json("invoice", "month", "2026-10") == billed
    # An unbilled month is computed with the seeded fee: 25 % of R$ 5.000,00.
    (draft,) = cli.json("invoice", "month", "2026-11")["invoices"]
    assert [ln["amount"] for ln in draft["lines"] if ln["kind"] == "fee_247"] == ["1250.00"]


def test_upgrade_without_a_config_file_seeds_the_defaults(cli, tmp_path):
    populate(cli)
    downgrade("0002")
    cli.run("db", "upgrade")
    shown = cli.json("policy", "show", "--at", "2000-01-01")
    assert shown["settings"]["fee_percent"] == "30"
    assert set(shown["since"]) >= {"fee_percent", "money_rounding", "business_hours.monday"}
    assert set(shown["since"].values()) == {None}
