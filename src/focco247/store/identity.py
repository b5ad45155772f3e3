"""Identifying a store without changing it, on the standard library alone.

What a location holds (`probe`), the sentences for a store this code cannot use, and the
sentences for the driver's errors: shared by the ORM's transactions (`store.db`) and the
hot commands' read path on the `sqlite3` module (`store.lite`), so both refuse the same
stores with the same words. SQLAlchemy is imported only to parse a URL.
"""

from __future__ import annotations

import enum
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from focco247.errors import StoreError
from focco247.i18n import _

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

# The newest schema revision this code knows (Alembic revision ids, see store/migrations),
# oldest first. A new revision is appended here and in store/migrations/versions.
KNOWN_REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009")
HEAD_REVISION = KNOWN_REVISIONS[-1]
VERSION_TABLE = "alembic_version"
# Tables every focco247 revision has: with the version table they tell our store apart from
# another application's (which may be Alembic-managed too).
CORE_TABLES = frozenset({"client", "call", "invoice", "invoice_line"})
BUSY_TIMEOUT_MS = 60_000
# The store's kind, in `store_meta` (revision 0004): a demo store never holds real work.
META_TABLE = "store_meta"
KIND_KEY = "kind"
DEMO_KIND = "demo"
REAL_KIND = "real"
_SQLITE_PRAGMAS = ("PRAGMA busy_timeout = 60000",)
_SQLITE_MAGIC = b"SQLite format 3\x00"
_SECRET_WORDS = ("pass", "pwd", "secret", "token", "key", "auth", "credential")
MASK = "***"


class StoreState(enum.StrEnum):
    """What a location holds, as far as focco247 is concerned."""

    # Nothing there (SQLite: no file, or an empty one; PostgreSQL: none of our tables).
    MISSING = "missing"
    CURRENT = "current"  # a focco247 store at this code's revision
    OLDER = "older"  # a focco247 store that `db upgrade` brings up to date
    NEWER = "newer"  # a focco247 store written by a newer focco247
    FOREIGN = "foreign"  # something else: another application's data, or not a database


@dataclass(frozen=True)
class StoreProbe:
    store: str  # the location as shown to people (credentials masked)
    state: StoreState
    revision: str | None
    readable: bool = True  # False: not a database SQLite can read at all
    demo: bool = False  # a store marked as the demo's (`focco247 demo`)


# --- locations -----------------------------------------------------------------------------


def is_url(location: str) -> bool:
    return "://" in location


def _is_secret(name: str) -> bool:
    lowered = name.lower()
    return any(word in lowered for word in _SECRET_WORDS)


def display_location(location: str) -> str:
    """The store's location for messages, every credential masked: the password of
    `user:password@` and the value of any secret query parameter (`?password=`,
    `sslpassword`, tokens, keys). The one function every message about a store uses."""
    if not is_url(location):
        return location
    try:
        url = parse_url(location)
    except StoreError:
        return "the database named by FOCCO247_DB"
    query = {
        name: ((MASK,) * len(value) if isinstance(value, tuple) else MASK)
        if _is_secret(name)
        else value
        for name, value in url.query.items()
    }
    shown = url.set(query=query).render_as_string(hide_password=True)
    return shown.replace(quote(MASK, safe=""), MASK)


def _secrets_of(location: str) -> list[str]:
    """The credential values in a location, to scrub them from driver messages."""
    if not is_url(location):
        return []
    try:
        url = parse_url(location)
    except StoreError:
        return []
    found = [url.password] if url.password else []
    for name, value in url.query.items():
        if _is_secret(name):
            found.extend(value if isinstance(value, tuple) else [value])
    return [str(s) for s in found if s]


def _scrub(text: str, location: str) -> str:
    for secret in _secrets_of(location):
        text = text.replace(secret, MASK)
        text = text.replace(quote(secret, safe=""), MASK)
    return text


def parse_url(location: str) -> URL:
    """A SQLAlchemy URL, or one clear sentence (never echoing the text: it may hold a password)."""
    import sqlalchemy as sa  # only a URL needs it; a path is read on the standard library

    try:
        return sa.engine.make_url(location)
    except (sa.exc.ArgumentError, ValueError):
        raise StoreError(_("FOCCO247_DB is not a valid database URL or path.")) from None


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


# --- messages ------------------------------------------------------------------------------


def missing_message(location: str) -> str:
    return (
        f"There is no focco247 store at {display_location(location)}; "
        "create one with `focco247 db init`."
    )


def _refusal(probe: StoreProbe) -> str:
    """The sentence for a store this code cannot use as it is."""
    if probe.state is StoreState.FOREIGN and not probe.readable:
        return (
            f"The store {probe.store} is not a focco247 database (not a readable SQLite "
            "file); it was left untouched."
        )
    if probe.state is StoreState.FOREIGN:
        return f"{probe.store} is not a focco247 store; it was left untouched."
    if probe.state is StoreState.OLDER:
        return (
            f"The store {probe.store} is at an older revision ({probe.revision}); "
            "back it up (`focco247 db backup PATH`), then run `focco247 db upgrade`."
        )
    return (
        f"The store {probe.store} was written by a newer focco247 (revision {probe.revision}, "
        f"this version knows up to {HEAD_REVISION}); upgrade focco247 to use it."
    )


# --- identifying a store without changing it -----------------------------------------------


def _classify(
    tables: set[str], version: str | None, *, shared: bool
) -> tuple[StoreState, str | None]:
    """Our store or not, from its table names and the version row.

    `shared` (PostgreSQL): other applications' tables may live beside ours, so only our own
    tables (or a version table, which would clash) make the location taken."""
    tables = tables - {"sqlite_sequence"}
    ours = tables >= CORE_TABLES and VERSION_TABLE in tables
    if not ours:
        if shared and not (tables & CORE_TABLES) and VERSION_TABLE not in tables:
            return StoreState.MISSING, None
        if not tables:
            return StoreState.MISSING, None
        return StoreState.FOREIGN, None
    if version == HEAD_REVISION:
        return StoreState.CURRENT, version
    if version in KNOWN_REVISIONS:
        return StoreState.OLDER, version
    if not version:
        return StoreState.FOREIGN, None
    return StoreState.NEWER, version


def _folder_writable(path: Path) -> bool:
    return os.access(path.parent if str(path.parent) else Path("."), os.W_OK)


def read_only_uri(path: Path, *, identify: bool = False) -> str:
    """A read-only SQLite URI (`mode=ro`). `immutable` where SQLite would otherwise have to
    create the WAL side files: on read-only media (the folder is not writable, and no
    `-wal` beside the file), and, to `identify` a file, for a WAL file with no `-wal`
    beside it (fully checkpointed: the file alone is the whole database)."""
    wal = path.with_name(path.name + "-wal")
    immutable = not wal.exists() and (
        not _folder_writable(path) or (identify and _is_wal_file(path))
    )
    target = quote(str(path.absolute()))
    return f"file:{target}?mode=ro&immutable=1" if immutable else f"file:{target}?mode=ro"


def _header(path: Path) -> bytes:
    try:
        with path.open("rb") as fh:
            return fh.read(100)
    except OSError as exc:
        raise StoreError(
            _("Cannot read the store {path}: {strerror}.").format(path=path, strerror=exc.strerror)
        ) from None


def _is_wal_file(path: Path) -> bool:
    header = _header(path)
    return len(header) >= 20 and header[18] == 2  # file format read/write versions: 2 = WAL


def _probe_sqlite(path: Path, location: str) -> StoreProbe:
    shown = display_location(location)
    if not path.exists():
        return StoreProbe(shown, StoreState.MISSING, None)
    if path.is_dir():
        raise StoreError(_("The store {path} is a folder, not a database file.").format(path=path))
    header = _header(path)
    if not header:
        return StoreProbe(shown, StoreState.MISSING, None)  # an empty file: no database yet
    if not header.startswith(_SQLITE_MAGIC):
        return StoreProbe(shown, StoreState.FOREIGN, None, readable=False)
    uri = read_only_uri(path, identify=True)
    found = _read_sqlite_tables(uri, location)
    doubtful = found is None or (found[0] & CORE_TABLES and not found[0] >= CORE_TABLES)
    if doubtful and "immutable=1" in uri and _folder_writable(path):
        # A writer may have checkpointed into the file while it was read without locks:
        # read it again the locking way before calling it foreign.
        found = _read_sqlite_tables(read_only_uri(path), location)
    if found is None:
        return StoreProbe(shown, StoreState.FOREIGN, None, readable=False)
    state, revision = _classify(found[0], found[1], shared=False)
    return StoreProbe(shown, state, revision, demo=found[2] == DEMO_KIND)


_KIND_SQL = f"SELECT value FROM {META_TABLE} WHERE key = '{KIND_KEY}'"


def read_marks(conn: sqlite3.Connection) -> tuple[set[str], str | None, str | None]:
    """The table names, our version row and the store's kind, on an open connection."""
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    version = None
    if VERSION_TABLE in tables and tables >= CORE_TABLES:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        version = str(row[0]) if row and row[0] else ""
    kind = None
    if META_TABLE in tables and tables >= CORE_TABLES:
        kind_row = conn.execute(_KIND_SQL).fetchone()
        kind = str(kind_row[0]) if kind_row else None
    return tables, version, kind


def _read_sqlite_tables(uri: str, location: str) -> tuple[set[str], str | None, str | None] | None:
    """The table names, our version row and the store's kind, read through `uri`; None: not
    a database."""
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        raise StoreError(
            _("Cannot open the store {location} ({exc}).").format(
                location=display_location(location), exc=exc
            )
        ) from None
    try:
        return read_marks(conn)
    except sqlite3.DatabaseError as exc:
        text = str(exc).lower()
        if "not a database" in text or "malformed" in text or "encrypted" in text:
            return None
        raise StoreError(_operational_text(text, location)) from None
    finally:
        conn.close()


def require_usable(probe_: StoreProbe, location: str) -> None:
    """Refuse, in one sentence, anything but a current store."""
    if probe_.state is StoreState.MISSING:
        raise StoreError(missing_message(location))
    if probe_.state is not StoreState.CURRENT:
        raise StoreError(_refusal(probe_))


def _first_line(exc: Exception) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _operational_text(first_line: str, location: str) -> str:
    text = _scrub(first_line, location).lower()
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
    text = _scrub(_first_line(exc), location).lower()
    where = display_location(location)
    if "not a database" in text or "malformed" in text or "encrypted" in text:
        return f"The store {where} is not a focco247 database (not a readable SQLite file)."
    if "out of range" in text:  # PostgreSQL's numeric_value_out_of_range: a number typed
        return _("A number is too large; nothing was changed.")
    return f"The store {where} refused the operation ({text})."


def probe_sqlite(location: str) -> StoreProbe:
    """What a SQLite location holds, read without changing anything."""
    path = sqlite_path(location)
    if path is None:
        return StoreProbe(display_location(location), StoreState.MISSING, None)
    return _probe_sqlite(path, location)
