"""One transaction on the standard library's sqlite3 module, for the hot commands.

`check` and `call open` on a SQLite store (FOCCO247_DB a path) run on this instead of
`store.db.transaction`, so they answer without importing SQLAlchemy. The guarantees are the
same, with the same sentences (store/identity.py): the store is identified read-only first
(a missing store, another application's file or another revision is refused unchanged),
its revision is checked again inside the transaction, reads open the file read-only
(`immutable` on read-only media), writes use WAL, the busy timeout and `BEGIN IMMEDIATE`,
and a driver error becomes one sentence.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import quote

from focco247.errors import StoreError
from focco247.store import identity
from focco247.store.identity import (
    DEMO_KIND,
    StoreProbe,
    _classify,
    _database_message,
    _first_line,
    _operational_text,
    display_location,
    is_url,
    probe_sqlite,
    read_marks,
    read_only_uri,
    require_usable,
    sqlite_path,
)


def serves(location: str) -> bool:
    """Whether this path runs the store at `location`: a SQLite file named by its path (a
    URL, PostgreSQL's or SQLite's, keeps the ORM's transaction)."""
    return not is_url(location)


def _driver_error(exc: sqlite3.Error, location: str) -> StoreError:
    """The one sentence for a driver error, as `store.db` words it."""
    if isinstance(exc, sqlite3.OperationalError):
        return StoreError(_operational_text(_first_line(exc), location))
    return StoreError(_database_message(exc, location))


@contextmanager
def transaction(location: str, *, write: bool) -> Iterator[sqlite3.Connection]:
    """One command = one transaction: committed when the block ends (`write`), rolled back
    otherwise or on error."""
    require_usable(probe_sqlite(location), location)
    path = sqlite_path(location)
    if path is None:  # probe_sqlite found no file to use: require_usable refused it
        raise StoreError(identity.missing_message(location))
    uri = f"file:{quote(str(path.absolute()))}?mode=rw" if write else read_only_uri(path)
    try:
        conn = sqlite3.connect(
            uri, uri=True, timeout=identity.BUSY_TIMEOUT_MS / 1000, isolation_level=None
        )
    except sqlite3.Error as exc:
        raise _driver_error(exc, location) from None
    try:
        for pragma in identity._SQLITE_PRAGMAS:
            conn.execute(pragma)
        conn.execute("PRAGMA foreign_keys = ON")
        if write:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
        try:
            tables, version, kind = read_marks(conn)
            state, revision = _classify(tables, version, shared=False)
            found = StoreProbe(display_location(location), state, revision, demo=kind == DEMO_KIND)
            require_usable(found, location)
            yield conn
            conn.execute("COMMIT" if write else "ROLLBACK")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    except sqlite3.Error as exc:
        raise _driver_error(exc, location) from None
    finally:
        conn.close()
