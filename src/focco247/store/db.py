"""Engines and transactions: one transaction per command, SQLite or PostgreSQL.

SQLite: WAL, a busy timeout, and writes in `BEGIN IMMEDIATE` so two processes never
interleave a read-then-write. PostgreSQL: every writing transaction takes one advisory
lock, which serialises writers the same way (reads never wait).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel

from focco247.errors import StoreError
from focco247.store import models  # noqa: F401  (registers the tables)

# The newest schema revision this code knows (Alembic revision id, see store/migrations).
HEAD_REVISION = "0001"
KNOWN_REVISIONS = ("0001",)
_WRITE_LOCK_KEY = 247_247  # PostgreSQL advisory lock taken by every writing transaction
BUSY_TIMEOUT_MS = 60_000


def is_url(location: str) -> bool:
    return "://" in location


def display_location(location: str) -> str:
    """The store's location without any password, for messages."""
    if not is_url(location):
        return location
    return sa.engine.make_url(location).render_as_string(hide_password=True)


def make_engine(location: str, *, write: bool) -> Engine:
    """An engine for a path (SQLite) or a SQLAlchemy URL."""
    if is_url(location):
        try:
            url = sa.engine.make_url(location)
        except sa.exc.ArgumentError:
            raise StoreError("FOCCO247_DB is not a valid database URL or path.") from None
        if url.get_backend_name() == "sqlite":
            if url.database and url.database != ":memory:":
                _prepare_sqlite_file(Path(url.database))
            return _sqlite_engine(url, write)
        try:
            engine = sa.create_engine(url, pool_pre_ping=False)
        except (ImportError, sa.exc.NoSuchModuleError, sa.exc.ArgumentError) as exc:
            raise StoreError(f"Cannot use {display_location(location)}: {exc}.") from None
        if write and engine.dialect.name == "postgresql":

            @event.listens_for(engine, "begin")
            def _serialise_writers(conn):
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_WRITE_LOCK_KEY})")

        return engine
    path = Path(location).expanduser()
    _prepare_sqlite_file(path)
    return _sqlite_engine(sa.engine.URL.create("sqlite", database=str(path)), write)


def _prepare_sqlite_file(path: Path) -> None:
    """Create the store file on first use, readable by its owner only (0600)."""
    if path.exists():
        if path.is_dir():
            raise StoreError(f"The store {path} is a folder, not a database file.")
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
    except FileExistsError:
        pass  # another process created it first
    except OSError as exc:
        raise StoreError(f"Cannot create the store {path}: {exc.strerror}.") from None


def _sqlite_engine(url: sa.engine.URL, write: bool) -> Engine:
    engine = sa.create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        # Let SQLAlchemy's "begin" below decide how transactions start.
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if write:
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


@contextmanager
def transaction(location: str, *, write: bool) -> Iterator[Session]:
    """One command = one transaction: committed when the block ends, rolled back on error."""
    engine = make_engine(location, write=write)
    try:
        ensure_schema(engine, location)
        with Session(engine, expire_on_commit=False) as session:
            try:
                yield session
                if write:
                    session.commit()
                else:
                    session.rollback()
            except BaseException:
                session.rollback()
                raise
    except sa.exc.OperationalError as exc:
        raise StoreError(_operational_message(exc, location)) from None
    except sa.exc.DatabaseError as exc:
        raise StoreError(_database_message(exc, location)) from None
    finally:
        engine.dispose()


def _operational_message(exc: Exception, location: str) -> str:
    text = str(getattr(exc, "orig", exc)).lower()
    where = display_location(location)
    if "locked" in text or "busy" in text:
        return f"The store {where} stayed busy for too long; try again in a moment."
    if "could not connect" in text or "connection" in text:
        return f"Cannot connect to the store {where}."
    if "readonly" in text or "read-only" in text:
        return f"The store {where} is read-only."
    return f"The store {where} could not be used ({text.splitlines()[0]})."


def _database_message(exc: Exception, location: str) -> str:
    text = str(getattr(exc, "orig", exc)).lower()
    where = display_location(location)
    if "not a database" in text or "malformed" in text or "encrypted" in text:
        return f"The store {where} is not a focco247 database (not a readable SQLite file)."
    return f"The store {where} refused the operation ({text.splitlines()[0]})."


def ensure_schema(engine: Engine, location: str) -> None:
    """Create the store at the newest revision on first use; refuse a store we cannot read."""
    with engine.connect() as conn:
        inspector = sa.inspect(conn)
        tables = set(inspector.get_table_names())
        if "alembic_version" in tables:
            version = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
            if version == HEAD_REVISION:
                return
            where = display_location(location)
            if version in KNOWN_REVISIONS:
                raise StoreError(
                    f"The store {where} is at an older revision ({version}); "
                    "run `focco247 db upgrade`."
                )
            raise StoreError(
                f"The store {where} was written by a newer focco247 (revision {version}); "
                "upgrade focco247 to use it."
            )
        if tables - {"sqlite_sequence"}:
            raise StoreError(
                f"{display_location(location)} holds tables that are not a focco247 store."
            )
    create_schema(engine)


def create_schema(engine: Engine) -> None:
    """Create every table and stamp the newest revision, in one transaction."""
    with engine.begin() as conn:
        # Another process may have created it between our look and our lock.
        if sa.inspect(conn).has_table("alembic_version"):
            return
        SQLModel.metadata.create_all(conn)
        conn.exec_driver_sql("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
        conn.exec_driver_sql(f"INSERT INTO alembic_version VALUES ('{HEAD_REVISION}')")
