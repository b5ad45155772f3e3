"""Lock waits on SQLite: writers queue behind each other; if one waits longer than the busy
timeout, the user reads one sentence, never SQLite's "database is locked"."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest

from focco247.store import db

pytestmark = pytest.mark.sqlite_only


def test_a_writer_waits_for_another_writer_and_then_goes_through(cli, tmp_path):
    cli.run("client", "add", "ACME", "--name", "Acme")
    # The other writer: a connection usable from the timer's thread, released after 0.5 s.
    holder = sqlite3.connect(tmp_path / "store.db", isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    threading.Timer(0.5, holder.rollback).start()
    started = time.monotonic()
    cli.run("client", "add", "BETA", "--name", "Beta")
    assert time.monotonic() - started >= 0.4
    holder.close()
    assert [c["code"] for c in cli.json("client", "list")["clients"]] == ["ACME", "BETA"]


def test_a_writer_kept_waiting_too_long_gets_one_sentence_not_database_is_locked(
    cli, tmp_path, monkeypatch
):
    cli.run("client", "add", "ACME", "--name", "Acme")
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 200)
    monkeypatch.setattr(db, "_SQLITE_PRAGMAS", ("PRAGMA busy_timeout = 200",))
    holder = sqlite3.connect(tmp_path / "store.db", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        result = cli.run("client", "add", "BETA", "--name", "Beta", code=1)
    finally:
        holder.rollback()
        holder.close()
    assert result.stderr == (
        f"Error: The store {tmp_path / 'store.db'} stayed busy for too long; "
        "try again in a moment.\n"
    )
    assert "locked" not in result.stderr
    assert [c["code"] for c in cli.json("client", "list")["clients"]] == ["ACME"]


def test_readers_are_not_blocked_by_a_writer_in_progress(cli, tmp_path):
    cli.run("client", "add", "ACME", "--name", "Acme")
    holder = sqlite3.connect(tmp_path / "store.db", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("UPDATE client SET name = 'Changing' WHERE code = 'ACME'")
    try:
        started = time.monotonic()
        shown = cli.json("client", "show", "ACME")
        assert time.monotonic() - started < 5
    finally:
        holder.rollback()
        holder.close()
    assert shown["name"] == "Acme"  # the last committed state (WAL)
