"""Engines and transactions: one transaction per command, SQLite or PostgreSQL.

SQLite: WAL, a busy timeout, and writes in `BEGIN IMMEDIATE` so two processes never
interleave a read-then-write. PostgreSQL: every writing transaction takes one advisory
lock, which serialises writers the same way (reads never wait).

The schema revision is checked on every command against a constant (Alembic itself is
imported only by `focco247 db upgrade`, so ordinary commands stay quick); an empty store is
created at the newest revision inside the first command's transaction.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, SQLModel

from focco247.errors import StoreError
from focco247.store import models  # noqa: F401  (registers the tables)

# The newest schema revision this code knows (Alembic revision ids, see store/migrations),
# oldest first. A new revision is appended here and in store/migrations/versions.
KNOWN_REVISIONS = ("0001", "0002", "0003", "0013")
HEAD_REVISION = KNOWN_REVISIONS[-1]
VERSION_TABLE = "alembic_version"
_WRITE_LOCK_SQL = "SELECT pg_advisory_xact_lock(247247)"  # taken by every writing transaction
BUSY_TIMEOUT_MS = 60_000
_SQLITE_PRAGMAS = ("PRAGMA busy_timeout = 60000",)


def is_url(location: str) -> bool:
    return "://" in location


def display_location(location: str) -> str:
    """The store's location without any password, for messages."""
    if not is_url(location):
        return location
    try:
        return parse_url(location).render_as_string(hide_password=True)
    except StoreError:
        return "the database named by FOCCO247_DB"


def parse_url(location: str) -> sa.engine.URL:
    """A SQLAlchemy URL, or one clear sentence (never echoing the text: it may hold a password)."""
    try:
        return sa.engine.make_url(location)
    except (sa.exc.ArgumentError, ValueError):
        raise StoreError("FOCCO247_DB is not a valid database URL or path.") from None


def backend_of(location: str) -> str:
    """`sqlite` or the URL's backend name (`postgresql`...)."""
    if not is_url(location):
        return "sqlite"
    return parse_url(location).get_backend_name()


def sqlite_path(location: str) -> Path | None:
    """The file of a SQLite store (None for other back ends or an in-memory database)."""
    if not is_url(location):
        return Path(location).expanduser()
    url = parse_url(location)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(url.database).expanduser()
    return None


def make_engine(location: str, *, write: bool, foreign_keys: bool = True) -> Engine:
    """An engine for a path (SQLite) or a SQLAlchemy URL."""
    if is_url(location):
        url = parse_url(location)
        if url.get_backend_name() == "sqlite":
            if url.database and url.database != ":memory:":
                _prepare_sqlite_file(Path(url.database).expanduser())
            return _sqlite_engine(url, write, foreign_keys)
        options: dict = {}
        if url.get_backend_name() == "postgresql":
            options["connect_args"] = {"connect_timeout": 10}
            # A reading command sees one snapshot (reports, db check); writers stay at READ
            # COMMITTED so that, once they hold the write lock, they see every commit before.
            if not write:
                options["isolation_level"] = "REPEATABLE READ"
        try:
            engine = sa.create_engine(url, poolclass=sa.pool.NullPool, **options)
        except (ImportError, sa.exc.NoSuchModuleError, sa.exc.ArgumentError) as exc:
            raise StoreError(f"Cannot use {display_location(location)}: {exc}.") from None
        if write and engine.dialect.name == "postgresql":

            @event.listens_for(engine, "begin")
            def _serialise_writers(conn):
                conn.exec_driver_sql(_WRITE_LOCK_SQL)

        return engine
    path = Path(location).expanduser()
    _prepare_sqlite_file(path)
    url = sa.engine.URL.create("sqlite", database=str(path))
    return _sqlite_engine(url, write, foreign_keys)


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


def _sqlite_engine(url: sa.engine.URL, write: bool, foreign_keys: bool = True) -> Engine:
    engine = sa.create_engine(
        url, poolclass=sa.pool.NullPool, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000}
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        # Let SQLAlchemy's "begin" below decide how transactions start.
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        for pragma in _SQLITE_PRAGMAS:
            cursor.execute(pragma)
        cursor.execute("PRAGMA foreign_keys = ON" if foreign_keys else "PRAGMA foreign_keys = OFF")
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
        with Session(engine, expire_on_commit=False) as session:
            try:
                if stored_revision(session.connection(), location) is None:
                    if write:
                        _create_schema(session.connection())
                    else:
                        # A read on a brand-new store: create it under the write lock first.
                        session.rollback()
                        create_store(location)
                        stored_revision(session.connection(), location)
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
    except sa.exc.DBAPIError as exc:
        raise StoreError(_database_message(exc, location)) from None
    finally:
        engine.dispose()


def _first_line(exc: Exception) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _operational_message(exc: Exception, location: str) -> str:
    text = _first_line(exc).lower()
    where = display_location(location)
    if "locked" in text or "busy" in text:
        return f"The store {where} stayed busy for too long; try again in a moment."
    if (
        "authentication failed" in text
        or "no password supplied" in text
        or ("role" in text and "does not exist" in text)
    ):
        return f"The database server refused the user or password of {where}."
    if "database" in text and "does not exist" in text:
        return f"The database of {where} does not exist; create it first (createdb)."
    if "connect" in text or "connection" in text or "timeout expired" in text:
        return f"Cannot connect to the store {where}; is the server running and reachable?"
    if "readonly" in text or "read-only" in text:
        return f"The store {where} is read-only."
    if "unable to open" in text:
        return f"Cannot open the store {where}."
    if "not a database" in text or "malformed" in text or "encrypted" in text:
        return f"The store {where} is not a focco247 database (not a readable SQLite file)."
    return f"The store {where} could not be used ({text})."


def _database_message(exc: Exception, location: str) -> str:
    text = _first_line(exc).lower()
    where = display_location(location)
    if "not a database" in text or "malformed" in text or "encrypted" in text:
        return f"The store {where} is not a focco247 database (not a readable SQLite file)."
    return f"The store {where} refused the operation ({text})."


def read_revision(conn: Connection) -> str | None:
    """The stored revision; None for an empty store; "" for tables that are not a store."""
    tables = set(sa.inspect(conn).get_table_names())
    if VERSION_TABLE not in tables:
        return "" if tables - {"sqlite_sequence"} else None
    version = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    return version or ""


def stored_revision(conn: Connection, location: str) -> str | None:
    """The store's revision when this code can use it; None for an empty store."""
    version = read_revision(conn)
    if version is None or version == HEAD_REVISION:
        return version
    where = display_location(location)
    if version == "":
        raise StoreError(f"{where} holds tables that are not a focco247 store.")
    if version in KNOWN_REVISIONS:
        raise StoreError(
            f"The store {where} is at an older revision ({version}); "
            "back it up (`focco247 db backup PATH`), then run `focco247 db upgrade`."
        )
    raise StoreError(
        f"The store {where} was written by a newer focco247 (revision {version}, this "
        f"version knows up to {HEAD_REVISION}); upgrade focco247 to use it."
    )


def _version_table() -> sa.Table:
    # The same shape Alembic gives its own table, so `db upgrade` can take over.
    return sa.Table(
        VERSION_TABLE,
        sa.MetaData(),
        sa.Column("version_num", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("version_num", name="alembic_version_pkc"),
    )


def _create_schema(conn: Connection) -> None:
    """Every table at the newest revision, stamped, inside the caller's (locked) transaction."""
    SQLModel.metadata.create_all(conn, checkfirst=False)  # the caller saw no table at all
    table = _version_table()
    table.create(conn)
    conn.execute(table.insert().values(version_num=HEAD_REVISION))


def create_store(location: str) -> None:
    """Create an empty store at the newest revision (under the write lock)."""
    engine = make_engine(location, write=True)
    try:
        with engine.begin() as conn:
            # Another process may have created it between our look and our lock.
            if read_revision(conn) is None:
                _create_schema(conn)
    finally:
        engine.dispose()


def upgrade(location: str) -> tuple[str | None, str]:
    """Migrate the store to the newest revision in one transaction: (from, to).

    An empty store is created at the newest revision (from = None). SQLite runs with
    foreign keys off while tables are rebuilt (batch mode), then checks them before the
    commit.
    """
    engine = make_engine(location, write=True, foreign_keys=False)
    try:
        with engine.begin() as conn:
            version = read_revision(conn)
            if version is None:
                _create_schema(conn)
                return None, HEAD_REVISION
            if version == HEAD_REVISION:
                return version, version
            if version not in KNOWN_REVISIONS:
                stored_revision(conn, location)  # raises: not a store, or a newer one
            from focco247.store.migrations import upgrade_connection

            upgrade_connection(conn)
            if conn.dialect.name == "sqlite":
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise StoreError(
                        f"The upgrade of {display_location(location)} would leave "
                        f"{len(broken)} rows pointing at missing rows; nothing was changed."
                    )
            after = read_revision(conn)
            if after != HEAD_REVISION:
                raise StoreError(f"The upgrade stopped at revision {after}; nothing was changed.")
            return version, HEAD_REVISION
    except sa.exc.OperationalError as exc:
        raise StoreError(_operational_message(exc, location)) from None
    except sa.exc.DBAPIError as exc:
        raise StoreError(_database_message(exc, location)) from None
    finally:
        engine.dispose()
