"""Engines and transactions: one transaction per command, SQLite or PostgreSQL.

A store is created only on purpose (`create_store`, behind `focco247 db init`); every other
command on a missing store is refused with one sentence naming the path. Before anything
is changed, the store is identified read-only (`probe`): another application's file is
refused byte for byte untouched (no journal-mode switch, no side files left).

SQLite: reads open the file read-only (`mode=ro`, or `immutable` on read-only media);
writes use WAL, a busy timeout, and `BEGIN IMMEDIATE` so two processes never interleave a
read-then-write. PostgreSQL: every writing transaction takes one advisory lock, which
serialises writers the same way (reads never wait).

The schema revision is checked on every command against a constant (Alembic itself is
imported only by `focco247 db upgrade`, so ordinary commands stay quick).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, SQLModel

from focco247.errors import StateError, StoreError
from focco247.i18n import _
from focco247.store import models  # noqa: F401  (registers the tables)

# Identifying a store and the sentences about it need no SQLAlchemy (store/identity.py);
# their names stay importable from here.
from focco247.store.identity import (  # noqa: F401  (re-exported)
    _KIND_SQL,
    _SQLITE_PRAGMAS,
    BUSY_TIMEOUT_MS,
    CORE_TABLES,
    DEMO_KIND,
    HEAD_REVISION,
    KIND_KEY,
    KNOWN_REVISIONS,
    MASK,
    META_TABLE,
    REAL_KIND,
    VERSION_TABLE,
    StoreProbe,
    StoreState,
    _classify,
    _database_message,
    _first_line,
    _operational_text,
    _refusal,
    _scrub,
    backend_of,
    display_location,
    is_url,
    missing_message,
    parse_url,
    probe_sqlite,
    read_only_uri,
    require_usable,
    sqlite_path,
)

_WRITE_LOCK_SQL = "SELECT pg_advisory_xact_lock(247247)"  # taken by every writing transaction


@dataclass(frozen=True)
class InitResult:
    store: str
    revision: str
    created: bool
    demo: bool = False  # the store is a demo store
    replaced_demo: bool = False  # a demo store was discarded to create this one


def _probe_connection(conn: Connection, location: str) -> StoreProbe:
    tables = set(sa.inspect(conn).get_table_names())
    version = None
    if VERSION_TABLE in tables and tables >= CORE_TABLES:
        value = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
        version = str(value) if value else ""
    kind = None
    if META_TABLE in tables and tables >= CORE_TABLES:
        kind = conn.execute(sa.text(_KIND_SQL)).scalar()
    state, revision = _classify(tables, version, shared=conn.dialect.name != "sqlite")
    return StoreProbe(display_location(location), state, revision, demo=kind == DEMO_KIND)


def probe(location: str) -> StoreProbe:
    """What the location holds, read without changing anything."""
    if _is_sqlite(location):
        return probe_sqlite(location)
    engine = make_engine(location, write=False)
    try:
        with engine.connect() as conn:
            return _probe_connection(conn, location)
    except sa.exc.DBAPIError as exc:
        raise _store_error(exc, location) from None
    finally:
        engine.dispose()


# --- engines -------------------------------------------------------------------------------


def make_engine(location: str, *, write: bool, foreign_keys: bool = True) -> Engine:
    """An engine for a path (SQLite) or a SQLAlchemy URL. It never creates a store: SQLite
    opens an existing file, read-only unless `write`."""
    if _is_sqlite(location):
        path = sqlite_path(location)
        if path is None:
            return _sqlite_engine("file::memory:", write, foreign_keys)
        if path.is_dir():
            raise StoreError(
                _("The store {path} is a folder, not a database file.").format(path=path)
            )
        if write:
            uri = f"file:{quote(str(path.absolute()))}?mode=rw"
        else:
            uri = (
                read_only_uri(path)
                if path.exists()
                else f"file:{quote(str(path.absolute()))}?mode=ro"
            )
        return _sqlite_engine(uri, write, foreign_keys)
    url = parse_url(location)
    options: dict[str, Any] = {}
    if url.get_backend_name() == "postgresql":
        options["connect_args"] = {"connect_timeout": 10}
        # A reading command sees one snapshot (reports, db check); writers stay at READ
        # COMMITTED so that, once they hold the write lock, they see every commit before.
        if not write:
            options["isolation_level"] = "REPEATABLE READ"
    try:
        engine = sa.create_engine(url, poolclass=sa.pool.NullPool, **options)
    except (ImportError, sa.exc.NoSuchModuleError, sa.exc.ArgumentError) as exc:
        detail = _scrub(str(exc), location)
        raise StoreError(
            _("Cannot use {location}: {detail}.").format(
                location=display_location(location), detail=detail
            )
        ) from None
    if write and engine.dialect.name == "postgresql":

        @event.listens_for(engine, "begin")
        def _serialise_writers(conn: Connection) -> None:
            conn.exec_driver_sql(_WRITE_LOCK_SQL)

    return engine


def _sqlite_engine(uri: str, write: bool, foreign_keys: bool = True) -> Engine:
    def connect() -> sqlite3.Connection:
        return sqlite3.connect(
            uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
        )

    engine = sa.create_engine("sqlite://", creator=connect, poolclass=sa.pool.NullPool)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
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
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


# --- one transaction per command -----------------------------------------------------------


@contextmanager
def transaction(location: str, *, write: bool) -> Iterator[Session]:
    """One command = one transaction: committed when the block ends, rolled back on error.

    The store must exist at this code's revision: it is identified read-only first, so a
    missing store, another application's file or another revision is refused unchanged."""
    if _is_sqlite(location):
        require_usable(probe(location), location)
    engine = make_engine(location, write=write)
    try:
        with Session(engine, expire_on_commit=False) as session:
            try:
                stored_revision(session.connection(), location)
                yield session
                if write:
                    session.commit()
                else:
                    session.rollback()
            except BaseException:
                session.rollback()
                raise
    except sa.exc.DBAPIError as exc:
        raise _store_error(exc, location) from None
    finally:
        engine.dispose()


def _is_sqlite(location: str) -> bool:
    return backend_of(location) == "sqlite"


def _operational_message(exc: Exception, location: str) -> str:
    return _operational_text(_first_line(exc), location)


def _store_error(exc: sa.exc.DBAPIError, location: str) -> StoreError:
    """The one sentence for a driver error: a store that cannot be used (OperationalError:
    locked, missing, unreadable) or one that refused the operation."""
    if isinstance(exc, sa.exc.OperationalError):
        return StoreError(_operational_message(exc, location))
    return StoreError(_database_message(exc, location))


def read_revision(conn: Connection) -> str | None:
    """The stored revision; None for an empty store; "" for tables that are not a store."""
    probe_ = _probe_connection(conn, "")
    if probe_.state is StoreState.MISSING:
        return None
    if probe_.state is StoreState.FOREIGN:
        return ""
    return probe_.revision


def stored_revision(conn: Connection, location: str) -> str:
    """The store's revision when this code can use it; one sentence otherwise."""
    probe_ = _probe_connection(conn, location)
    require_usable(probe_, location)
    return HEAD_REVISION


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
    SQLModel.metadata.create_all(conn, checkfirst=False)  # the caller saw no table of ours
    table = _version_table()
    table.create(conn)
    conn.execute(table.insert().values(version_num=HEAD_REVISION))


# --- creating a store on purpose -----------------------------------------------------------


def _make_folders(folder: Path) -> None:
    """Create the missing folders up to `folder`, each 0700 whatever the umask."""
    missing: list[Path] = []
    current = folder
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for path in reversed(missing):
        try:
            os.mkdir(path, 0o700)
        except FileExistsError:
            continue  # another process made it first
        except OSError as exc:
            raise StoreError(
                _("Cannot create the folder {path}: {strerror}.").format(
                    path=path, strerror=exc.strerror
                )
            ) from None
        os.chmod(path, 0o700)


def _new_sqlite_file(path: Path) -> bool:
    """Create the empty store file, 0600 whatever the umask; False if it already exists."""
    _make_folders(path.parent)
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return False
    except OSError as exc:
        raise StoreError(
            _("Cannot create the store {path}: {strerror}.").format(
                path=path, strerror=exc.strerror
            )
        ) from None
    try:
        os.fchmod(fd, 0o600)
    finally:
        os.close(fd)
    return True


def create_store(location: str, *, stamp: Callable[[Connection], None] | None = None) -> InitResult:
    """Create a store at the newest revision, on purpose (`focco247 db init`, the demo).

    A current store is left as it is (`created` False); an older, newer or foreign one is
    refused in one sentence, untouched. `stamp`, when given, runs in the creating
    transaction after the schema (e.g. to mark a demo store)."""
    shown = display_location(location)
    made_file: Path | None = None
    if _is_sqlite(location):
        current = probe(location)
        if current.state is StoreState.CURRENT:
            return InitResult(shown, HEAD_REVISION, created=False, demo=current.demo)
        if current.state is not StoreState.MISSING:
            raise StoreError(_refusal(current))
        path = sqlite_path(location)
        if path is None:
            raise StoreError(_("An in-memory store cannot be created; name a file."))
        if _new_sqlite_file(path):
            made_file = path
    engine = make_engine(location, write=True)
    try:
        with engine.begin() as conn:
            # Looked at again under the write lock: another process may have been first.
            found = _probe_connection(conn, location)
            if found.state is StoreState.CURRENT:
                return InitResult(shown, HEAD_REVISION, created=False, demo=found.demo)
            if found.state is not StoreState.MISSING:
                raise StoreError(_refusal(found))
            _create_schema(conn)
            if stamp is not None:
                stamp(conn)
            demo = _probe_connection(conn, location).demo
        made_file = None
        return InitResult(shown, HEAD_REVISION, created=True, demo=demo)
    except sa.exc.DBAPIError as exc:
        raise _store_error(exc, location) from None
    finally:
        engine.dispose()
        if made_file is not None:  # a creation that failed leaves no empty file behind
            for leftover in ("", "-wal", "-shm", "-journal"):
                made_file.with_name(made_file.name + leftover).unlink(missing_ok=True)


# --- the demo's store and the real one -----------------------------------------------------


def mark_kind(kind: str) -> Callable[[Connection], None]:
    """A `stamp` for `create_store`: record the store's kind (`demo` or `real`)."""

    def stamp(conn: Connection) -> None:
        table = SQLModel.metadata.tables[META_TABLE]
        conn.execute(table.insert().values(key=KIND_KEY, value=kind))

    return stamp


def demo_store_message(location: str) -> str:
    return _(
        "The store {store} holds the demo book; to start real work, discard it and create "
        "an empty store with `focco247 db init --replace-demo`."
    ).format(store=display_location(location))


def _real_store_kept(location: str) -> str:
    return _(
        "The store {store} holds real work, not the demo; --replace-demo only ever discards "
        "a demo store, so nothing was changed."
    ).format(store=display_location(location))


def init_store(location: str, *, replace_demo: bool = False) -> InitResult:
    """`focco247 db init`: create a store for real work, or say it is already there.

    A demo store is refused with the way out (`--replace-demo`); `replace_demo` discards a
    demo store and creates an empty real one, refuses a real store (its data is never
    destroyed) and, where there is no store, just creates one."""
    found = probe(location)
    if found.state is StoreState.CURRENT and found.demo:
        if not replace_demo:
            raise StateError(demo_store_message(location))
        return _replace_demo(location)
    if found.state is StoreState.CURRENT and replace_demo:
        raise StateError(_real_store_kept(location))
    result = create_store(location, stamp=mark_kind(REAL_KIND))
    if result.demo:  # another process made a demo store meanwhile
        raise StateError(demo_store_message(location))
    return result


def _still_demo(found: StoreProbe, location: str) -> None:
    """Checked again under the write lock: only a demo store is ever discarded."""
    if found.state is not StoreState.CURRENT:
        require_usable(found, location)
    if not found.demo:
        raise StateError(_real_store_kept(location))


def _replace_demo(location: str) -> InitResult:
    """Discard a demo store and create an empty real one in its place. SQLite: the file and
    its side files are removed, then created again; PostgreSQL: focco247's tables are
    dropped and created again in one transaction."""
    shown = display_location(location)
    engine = make_engine(location, write=True)
    try:
        with engine.begin() as conn:
            _still_demo(_probe_connection(conn, location), location)
            if conn.dialect.name != "sqlite":
                SQLModel.metadata.drop_all(conn)
                _version_table().drop(conn)
                _create_schema(conn)
                mark_kind(REAL_KIND)(conn)
                return InitResult(shown, HEAD_REVISION, created=True, replaced_demo=True)
    except sa.exc.DBAPIError as exc:
        raise _store_error(exc, location) from None
    finally:
        engine.dispose()
    path = sqlite_path(location)
    if path is None:
        raise StoreError(_("An in-memory store cannot be replaced; name a file."))
    for suffix in ("", "-wal", "-shm", "-journal"):
        side = path.with_name(path.name + suffix)
        try:
            side.unlink(missing_ok=True)
        except OSError as exc:
            raise StoreError(
                _("Cannot remove the demo store's file {path}: {reason}.").format(
                    path=side, reason=exc.strerror
                )
            ) from None
    result = create_store(location, stamp=mark_kind(REAL_KIND))
    return InitResult(result.store, result.revision, result.created, result.demo, True)


def upgrade(location: str) -> tuple[str, str]:
    """Migrate the store to the newest revision in one transaction: (from, to).

    Only a focco247 store is touched: a missing one points to `db init`, a foreign or newer
    one is refused unchanged. SQLite runs with foreign keys off while tables are rebuilt
    (batch mode), then checks them before the commit.
    """
    found = probe(location)
    if found.state is StoreState.MISSING:
        raise StoreError(missing_message(location))
    if found.state in (StoreState.FOREIGN, StoreState.NEWER):
        raise StoreError(_refusal(found))
    if found.state is StoreState.CURRENT:
        return HEAD_REVISION, HEAD_REVISION
    engine = make_engine(location, write=True, foreign_keys=False)
    try:
        with engine.begin() as conn:
            found = _probe_connection(conn, location)
            if found.state is StoreState.CURRENT:
                return HEAD_REVISION, HEAD_REVISION
            if found.state is not StoreState.OLDER or found.revision is None:
                require_usable(found, location)  # raises: gone, foreign or newer meanwhile
                raise StoreError(_refusal(found))
            version = found.revision
            from focco247.store.migrations import upgrade_connection

            upgrade_connection(conn)
            if conn.dialect.name == "sqlite":
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise StoreError(
                        _(
                            "The upgrade of {location} would leave {broken} rows pointing at "
                            "missing rows; nothing was changed."
                        ).format(location=display_location(location), broken=len(broken))
                    )
            after = read_revision(conn)
            if after != HEAD_REVISION:
                raise StoreError(
                    _("The upgrade stopped at revision {after}; nothing was changed.").format(
                        after=after
                    )
                )
            return version, HEAD_REVISION
    except sa.exc.DBAPIError as exc:
        raise _store_error(exc, location) from None
    finally:
        engine.dispose()
