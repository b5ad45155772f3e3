"""Identifying a store before touching it, read-only opens, and masked credentials
(issue 11 points 1, 3, 4, 12; SPEC §5 "Stores")."""

from __future__ import annotations

import os

import pytest
import sqlalchemy as sa

from focco247.errors import StoreError
from focco247.store import db


@pytest.mark.parametrize(
    ("url", "hidden", "kept"),
    [
        ("postgresql+psycopg://bob:pw1@h/db", ["pw1"], ["bob", "h/db"]),
        ("postgresql+psycopg://bob@h/db?password=pw2", ["pw2"], ["bob", "password=***"]),
        ("postgresql+psycopg://h/db?sslpassword=pw3&sslmode=require", ["pw3"], ["sslmode=require"]),
        ("postgresql+psycopg://h/db?access_token=pw4&passfile=pw5", ["pw4", "pw5"], ["h/db"]),
        ("postgresql+psycopg://bob:p%40ss@h/db?PassWord=pw6", ["p%40ss", "p@ss", "pw6"], ["bob"]),
    ],
)
def test_every_credential_form_of_a_url_is_masked_by_one_function(url, hidden, kept):
    shown = db.display_location(url)
    for secret in hidden:
        assert secret not in shown
    for text in kept:
        assert text in shown
    assert "***" in shown


def test_a_path_is_shown_as_it_is_and_an_unparseable_url_is_never_echoed():
    assert db.display_location("/srv/focco/store.db") == "/srv/focco/store.db"
    assert "pw" not in db.display_location("postgresql+psycopg://bob:pw@h:notaport/db")


def test_driver_messages_are_scrubbed_of_the_password_too():
    url = "postgresql+psycopg://bob:pw7@h/db?password=pw8"
    exc = sa.exc.OperationalError("connect", {}, Exception("strange failure for pw7 and pw8"))
    message = db._operational_message(exc, url)
    assert "pw7" not in message and "pw8" not in message


def test_a_read_transaction_opens_sqlite_read_only(store_location):
    if db.backend_of(store_location) != "sqlite":
        pytest.skip("SQLite's mode=ro")
    with (
        pytest.raises(StoreError, match="read-only"),
        db.transaction(store_location, write=False) as session,
    ):
        session.connection().exec_driver_sql("CREATE TABLE x (y)")


@pytest.mark.sqlite_only
def test_reads_on_read_only_media_open_the_file_immutable_and_write_nothing(
    store_location, tmp_path, monkeypatch
):
    folder = os.path.dirname(store_location)
    before = sorted(os.listdir(folder))
    real_access = os.access

    def read_only_media(path, mode, *args, **kwargs):  # what os.access says on EROFS
        if mode & os.W_OK and os.path.realpath(path) == os.path.realpath(folder):
            return False
        return real_access(path, mode, *args, **kwargs)

    monkeypatch.setattr(os, "access", read_only_media)
    assert "immutable=1" in db.read_only_uri(db.sqlite_path(store_location))
    with db.transaction(store_location, write=False) as session:
        assert session.connection().exec_driver_sql("SELECT count(*) FROM client").scalar() == 0
    assert sorted(os.listdir(folder)) == before


@pytest.mark.no_store
def test_create_store_runs_the_stamp_in_the_creating_transaction(store_location):
    seen: list[str] = []

    def stamp(conn: sa.Connection) -> None:
        seen.append(str(db.read_revision(conn)))

    first = db.create_store(store_location, stamp=stamp)
    again = db.create_store(store_location, stamp=stamp)
    assert (first.created, again.created) == (True, False)
    assert seen == [db.HEAD_REVISION]
    assert db.probe(store_location).state is db.StoreState.CURRENT


@pytest.mark.no_store
def test_a_missing_store_is_refused_naming_db_init(store_location):
    with (
        pytest.raises(StoreError, match="focco247 db init"),
        db.transaction(store_location, write=True),
    ):
        pass
    assert db.probe(store_location).state is db.StoreState.MISSING


@pytest.mark.postgresql_only
@pytest.mark.no_store
def test_on_postgresql_missing_means_no_focco247_tables(store_location, cli):
    engine = db.make_engine(store_location, write=True)
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE notes (id integer)")
    engine.dispose()
    assert db.probe(store_location).state is db.StoreState.MISSING
    assert "focco247 db init" in cli.run("client", "list", code=1).stderr
    assert "Created the store" in cli.run("db", "init").stdout
    assert db.probe(store_location).state is db.StoreState.CURRENT
