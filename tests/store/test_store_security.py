"""Security: private files, SQL only through bound parameters, no secrets in messages, and
the actor recorded on every change."""

from __future__ import annotations

import ast
import os
import stat
from pathlib import Path

import pytest
from sqlmodel import select

import focco247
from focco247.store.db import transaction
from focco247.store.models import Event

SRC = Path(focco247.__file__).parent


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def events() -> list[tuple[int, str, str, str]]:
    with transaction(os.environ["FOCCO247_DB"], write=False) as session:
        rows = session.exec(select(Event).order_by(Event.id)).all()
        return [(e.id, e.actor, e.entity, e.action) for e in rows]


@pytest.fixture
def loose_umask():
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.mark.sqlite_only
def test_store_file_and_its_wal_are_private_0600_whatever_the_umask(cli, tmp_path, loose_umask):
    cli.run("client", "add", "ACME", "--name", "Acme")
    store = tmp_path / "store.db"
    assert mode(store) == 0o600
    # Keep a reader open so SQLite's side files exist, then look at them too.
    import sqlite3

    with sqlite3.connect(store) as held:
        held.execute("SELECT count(*) FROM client").fetchone()
        cli.run("client", "add", "BETA", "--name", "Beta")
        for side in (tmp_path / "store.db-wal", tmp_path / "store.db-shm"):
            if side.exists():
                assert mode(side) == 0o600, side.name


def test_invoice_exports_are_private_0600(cli, acme, tmp_path, loose_umask):
    csv_file = tmp_path / "out.csv"
    json_file = tmp_path / "out.json"
    cli.run("invoice", "month", "2026-10", "--format", "csv", "--output", str(csv_file))
    cli.run("invoice", "month", "2026-10", "--format", "json", "--output", str(json_file))
    assert mode(csv_file) == 0o600
    assert mode(json_file) == 0o600


@pytest.mark.sqlite_only
def test_backups_are_private_0600(cli, acme, tmp_path, loose_umask):
    cli.run("db", "backup", str(tmp_path / "copy.db"))
    assert mode(tmp_path / "copy.db") == 0o600


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://focco:S3cr3t-pw@127.0.0.1:1/focco247",
        "postgresql+psycopg://focco:S3cr3t-pw@no-such-host.invalid/focco247",
        "postgresql+psycopg://focco:S3cr3t-pw@127.0.0.1:notaport/focco247",
        "nosuchdb+driver://focco:S3cr3t-pw@127.0.0.1/focco247",
    ],
)
@pytest.mark.parametrize("args", [("client", "list"), ("db", "check"), ("db", "upgrade")])
def test_database_password_never_appears_in_error_messages(cli, url, args):
    result = cli.run(*args, code=1, env={"FOCCO247_DB": url})
    assert "S3cr3t" not in result.stderr + result.stdout
    assert result.stderr.startswith("Error: ")
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_db_path_hides_the_password(cli):
    url = "postgresql+psycopg://focco:S3cr3t-pw@db.example/focco247"
    shown = cli.json("db", "path", env={"FOCCO247_DB": url})["store"]
    assert "S3cr3t" not in shown
    assert shown == "postgresql+psycopg://focco:***@db.example/focco247"


# Reviewed exceptions: SQL assembled from identifiers or placeholders, never from input.
BUILT_SQL_REVIEWED = {
    # "?" placeholders for a tuple, and index names read back from sqlite_master.
    ("services/seed.py", "_suspend_indexes"),
    # Table names from a literal tuple, to move PostgreSQL id sequences past seeded rows.
    ("services/seed.py", "_advance_sequences"),
}


def test_sql_only_through_bound_parameters_no_sql_built_from_strings():
    """No text(), execute() or exec_driver_sql() gets SQL assembled with f-strings, % or +
    (outside the reviewed exceptions above): values always travel as bound parameters."""
    offenders = []
    for path in SRC.rglob("*.py"):
        tree = ast.parse(path.read_text(), filename=str(path))
        for func in ast.walk(tree):
            if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            if (str(path.relative_to(SRC)), func.name) in BUILT_SQL_REVIEWED:
                continue
            for node in ast.walk(func):
                if _builds_sql(node):
                    offenders.append(f"{path.relative_to(SRC)}:{node.lineno} ({func.name})")
    assert sorted(set(offenders)) == []


def _builds_sql(node: ast.AST) -> bool:
    if not isinstance(node, ast.Call) or not node.args:
        return False
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    if name not in {"text", "execute", "exec_driver_sql", "executescript"}:
        return False
    first = node.args[0]
    return isinstance(first, ast.JoinedStr | ast.BinOp) or (
        isinstance(first, ast.Call)
        and isinstance(first.func, ast.Attribute)
        and first.func.attr == "format"
    )


def test_hostile_text_is_stored_as_text_not_run_as_sql(cli):
    name = "Robert'); DROP TABLE client;--"
    cli.run("client", "add", "ROB", "--name", name)
    cli.run("client", "add", "OTHER", "--name", "x' OR '1'='1")
    shown = cli.json("client", "show", "ROB")
    assert shown["name"] == name
    assert {c["code"] for c in cli.json("client", "list")["clients"]} == {"ROB", "OTHER"}


def test_actor_is_recorded_on_every_change(cli):
    """Each writing command adds audit events, all naming who ran it (--as / FOCCO247_USER)."""
    steps = [
        ("client", "add", "ACME", "--name", "Acme"),
        ("contract", "glt", "ACME", "--monthly", "5000", "--hourly-rate", "180",
         "--since", "2020-01-01"),
        ("contract", "subscribe", "ACME", "--since", "2026-01-01"),
        ("specialist", "add", "Bruno Lima", "--area", "fiscal"),
        ("shift", "start", "Carla"),
        ("call", "open", "ACME", "--caller", "Ana", "--summary", "down", "--at",
         "2026-10-10 23:00"),
        ("call", "open", "ACME", "--caller", "Rui", "--summary", "slow", "--at",
         "2026-10-10 23:05"),
        ("call", "level", "1", "3", "--reason", "restore needed"),
        ("call", "escalate", "1", "--to", "Bruno Lima", "--reason", "fiscal"),
        ("call", "update", "1", "--note", "restore running", "--eta", "2h"),
        ("call", "log", "1", "1h30m", "--at", "2026-10-10 23:30"),
        ("call", "unlog", "1", "--reason", "wrong call"),
        ("call", "log", "1", "1h", "--at", "2026-10-10 23:40"),
        ("call", "chargeable", "1", "--reason", "client changed the tables"),
        ("call", "park", "1", "--reason", "waiting for the DBA"),
        ("call", "take", "2"),
        ("call", "resolve", "2", "--resolution", "ok", "--at", "2026-10-10 23:50"),
        ("call", "resolve", "1", "--resolution", "restored", "--at", "2026-10-11 00:30"),
        ("call", "close", "1", "--rating", "5", "--strengths", "quick"),
        ("call", "reopen", "1", "--reason", "came back"),
        ("call", "resolve", "1", "--resolution", "restored again", "--at",
         "2026-10-11 01:00"),
        ("invoice", "month", "2026-10", "--issue"),
        ("invoice", "void", "F247-000001", "--reason", "wrong address"),
        ("shift", "handover", "--to", "Diego"),
        ("specialist", "remove", "Bruno Lima"),
    ]  # fmt: skip
    for n, step in enumerate(steps):
        actor = f"user{n}"
        before = events()
        cli.run("--as", actor, *step)
        new = [e for e in events() if e not in before]
        assert new, f"{' '.join(step)} changed the store without an audit event"
        assert {e[1] for e in new} == {actor}, step
    cli.run("client", "add", "BETA", "--name", "Beta", env={"FOCCO247_USER": "finance.bot"})
    assert events()[-1][1] == "finance.bot"
    assert all(actor for _, actor, _, _ in events())
