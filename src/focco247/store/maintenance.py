"""Keeping the store: online backups, integrity and invariant checks, figures, upgrades.

The invariants checked are the ones billing relies on: every billed call's billing state
equals what live invoices hold for it, no call charged on two live invoices, gapless invoice
numbers, one live invoice per client and month, totals equal to their lines, and no row
pointing at a missing one. Every query is aggregate SQL (store/queries/maintenance.py), so
a check of years of history reads each table once. Results are frozen dataclasses of plain
values; what they say to a person, and their JSON, is in focco247.output.db.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlmodel import Session

from focco247 import atomic
from focco247.errors import InputError, NotFoundError, StoreError
from focco247.i18n import _
from focco247.store import db
from focco247.store.queries import maintenance as q
from focco247.store.queries import meta as meta_queries

LISTED = 20  # problems of one kind listed one by one; the rest are counted


@dataclass(frozen=True)
class Problem:
    """One broken rule: its kind and the facts that name it (`more`: a count of further
    problems of the kind not listed one by one)."""

    kind: str
    facts: tuple[int | str, ...]
    more: int = 0


@dataclass(frozen=True)
class CheckResult:
    store: str
    backend: str
    revision: str
    integrity: str  # "ok", "not applicable" (PostgreSQL) or what SQLite reported
    checked: tuple[tuple[str, int], ...]
    problems: tuple[Problem, ...] = ()

    @property
    def clean(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class StatsResult:
    store: str
    backend: str
    revision: str
    size_bytes: int | None
    rows: tuple[tuple[str, int], ...]
    journal_mode: str | None = None
    demo: bool = False  # a demo store (`focco247 demo`), not one for real work


@dataclass(frozen=True)
class PathResult:
    store: str  # credentials masked
    demo: bool  # a demo store is there


@dataclass(frozen=True)
class BackupResult:
    store: str
    path: Path
    size_bytes: int
    revision: str


@dataclass(frozen=True)
class UpgradeResult:
    store: str
    from_revision: str
    to_revision: str

    @property
    def upgraded(self) -> bool:
        return self.from_revision != self.to_revision


# --- path ----------------------------------------------------------------------------------


def store_path(location: str) -> PathResult:
    """`focco247 db path`: where the store lives and whether it is a demo store, read
    without changing (or creating) anything; no store, or none readable, is no demo."""
    try:
        demo = db.probe(location).demo
    except StoreError:
        demo = False
    return PathResult(db.display_location(location), demo)


# --- init ----------------------------------------------------------------------------------


def init_store(location: str, *, replace_demo: bool = False) -> db.InitResult:
    """`focco247 db init`: create the store for real work, or say it is already there;
    `replace_demo` discards a demo store first (see `db.init_store`)."""
    return db.init_store(location, replace_demo=replace_demo)


# --- check ---------------------------------------------------------------------------------


class PageCheck:
    """SQLite's own check of the file, run on a connection of its own in a thread while the
    command checks the invariants: it reads every page (a second or two on a book of years)
    and SQLite lets other threads run meanwhile, so the two take the time of the longer.

    `quick_check` reads every page once (linear in the store); `full` runs
    `integrity_check`, which also matches every index entry to its row (several times slower
    on a book of years: seconds per million calls)."""

    def __init__(self, location: str, full: bool) -> None:
        self.full = full
        self._reported: list[str] | None = None
        self._thread: threading.Thread | None = None
        path = db.sqlite_path(location)
        if path is not None and path.is_file():
            self._thread = threading.Thread(target=self._run, args=(path,), daemon=True)
            self._thread.start()

    def _run(self, path: Path) -> None:
        try:
            conn = sqlite3.connect(
                db.read_only_uri(path), uri=True, timeout=db.BUSY_TIMEOUT_MS / 1000
            )
            try:
                self._reported = q.sqlite_page_check(conn, self.full)
            finally:
                conn.close()
        except sqlite3.Error:
            self._reported = None  # told again by the command's own connection

    def reported(self, session: Session) -> list[str]:
        """What SQLite found: ["ok"], or its findings."""
        if self._thread is not None:
            self._thread.join()
        if self._reported is None:
            return q.sqlite_integrity(session, self.full)
        return self._reported


def check_store(
    session: Session, location: str, full: bool = False, pages: PageCheck | None = None
) -> CheckResult:
    """Integrity (SQLite) and the billing invariants, read in the command's transaction.
    `pages`: SQLite's page check, started earlier (PageCheck); else it runs here."""
    backend = session.connection().dialect.name
    integrity = "not applicable"
    problems: list[Problem] = []
    if backend == "sqlite":
        reported = (pages or PageCheck(location, full)).reported(session)
        integrity = "ok" if reported == ["ok"] else "; ".join(reported[:LISTED])
        if reported != ["ok"]:
            problems.append(Problem("integrity", (integrity,)))
        problems.extend(Problem("dangling_reference", d) for d in q.sqlite_dangling(session))
    checked = tuple((name, q.count_rows(session, model)) for name, model in q.COUNTED)
    problems += _listed("billing_state", q.billing_state_mismatches(session))
    problems += _listed("double_billed", q.double_billed_calls(session))
    problems += _gapless_numbers(session)
    problems += _listed("live_invoices", q.clients_with_two_live_invoices(session))
    problems += _listed("invoice_total", q.totals_off_their_lines(session))
    problems += _listed("invoice_status", q.unknown_statuses(session))
    problems += _listed("orphan_time_entry", q.orphan_time_entries(session))
    return CheckResult(
        store=db.display_location(location),
        backend=backend,
        revision=db.HEAD_REVISION,
        integrity=integrity,
        checked=checked,
        problems=tuple(problems),
    )


def _listed(kind: str, rows: Sequence[tuple[int | str, ...]]) -> list[Problem]:
    problems = [Problem(kind, tuple(row)) for row in rows[:LISTED]]
    if len(rows) > LISTED:
        problems.append(Problem(kind, (), more=len(rows) - LISTED))
    return problems


def _gapless_numbers(session: Session) -> list[Problem]:
    low, high, count = q.invoice_seq_bounds(session)
    if not count or high is None:
        return []
    if low == 1 and high == count:
        return []  # seq is unique, so 1..count without a hole
    seqs = q.invoice_seqs(session)
    missing = [n for n in range(1, high + 1) if n not in seqs]
    problems = []
    if missing:
        problems.append(
            Problem(
                "invoice_numbering", ("missing", *missing[:LISTED]), max(len(missing) - LISTED, 0)
            )
        )
    if low is not None and low < 1:
        problems.append(Problem("invoice_numbering", ("below_one", low)))
    return problems


# --- stats ---------------------------------------------------------------------------------


def store_stats(session: Session, location: str) -> StatsResult:
    backend = session.connection().dialect.name
    size: int | None = None
    journal: str | None = None
    if backend == "sqlite":
        path = db.sqlite_path(location)
        if path is not None:
            size = sum(
                p.stat().st_size for p in (path, path.with_name(path.name + "-wal")) if p.exists()
            )
        journal = q.sqlite_journal_mode(session)
    elif backend == "postgresql":
        size = q.postgresql_size(session)
    return StatsResult(
        store=db.display_location(location),
        backend=backend,
        revision=db.HEAD_REVISION,
        size_bytes=size,
        rows=tuple(sorted(q.rows_per_table(session).items())),
        journal_mode=journal,
        demo=meta_queries.is_demo(session),
    )


# --- backup --------------------------------------------------------------------------------


def backup_store(location: str, target: str, now: datetime, force: bool = False) -> BackupResult:
    """Copy a SQLite store with SQLite's online backup API: one consistent snapshot, taken
    while others keep writing (WAL), written to a temporary file and renamed, mode 0600.
    The store is identified read-only first; a failed copy (a full disk) leaves nothing.

    `target` follows `invoice month --output`'s rules (focco247.export.resolve_target): a
    regular file, or an existing folder (a trailing `/` always means one) that gets
    `focco247-YYYYMMDD-HHMMSS.db`; a missing folder, a FIFO, a device or a socket is refused
    before anything is copied."""
    from focco247 import export

    where = db.display_location(location)
    if db.backend_of(location) != "sqlite":
        raise StoreError(
            _(
                "db backup copies SQLite stores; back up {where} with PostgreSQL's own "
                "tools, e.g. `pg_dump --format=custom --file focco247.dump DBNAME`."
            ).format(where=where)
        )
    source = db.sqlite_path(location)
    if source is None:
        raise StoreError(_("An in-memory store cannot be backed up."))
    found = db.probe(location)
    if found.state is db.StoreState.MISSING:
        raise NotFoundError(
            _(
                "There is no store at {source}; nothing to back up (create one with "
                "`focco247 db init`)."
            ).format(source=source)
        )
    if found.state is db.StoreState.FOREIGN:
        raise StoreError(
            _("{where} is not a focco247 store; nothing was copied.").format(where=where)
        )
    resolved = export.resolve_target(target, stdout=False)
    assert resolved.path is not None  # no stdout without `stdout=True`
    stamp = now.strftime("%Y%m%d-%H%M%S")
    path = resolved.path / f"focco247-{stamp}.db" if resolved.kind == "folder" else resolved.path
    if os.path.lexists(path):
        if path.resolve() == source.resolve():
            raise InputError(_("The backup cannot replace the store itself; name another file."))
        if path.is_dir():
            raise InputError(_("{path} is a folder.").format(path=path))
        if not force:
            raise InputError(
                _("{path} already exists; use --force to replace it.").format(path=path)
            )
    with atomic.replacing(path) as temp:  # 0600; SQLite writes into it
        revision = _copy_sqlite(source, temp, where)
    return BackupResult(where, path, path.stat().st_size, revision)


def _write_failure(path: Path, code: int | None, reason: str | None) -> str:
    if code == errno.ENOSPC:
        return f"The disk holding {path.parent} is full; no backup was written."
    if code == errno.EROFS:
        return f"The folder {path.parent} is on read-only media; no backup was written."
    return f"Cannot write a backup in {path.parent} ({reason}); no backup was written."


def _remove_side_files(destination: Path) -> None:
    """SQLite's own files beside a copy that failed: none may stay behind."""
    for suffix in ("-journal", "-wal", "-shm"):
        destination.with_name(destination.name + suffix).unlink(missing_ok=True)


def _copy_sqlite(source: Path, destination: Path, where: str) -> str:
    try:
        src = sqlite3.connect(db.read_only_uri(source), uri=True, timeout=db.BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error:
        raise StoreError(_("Cannot open the store {where}.").format(where=where)) from None
    copied = False
    try:
        try:
            tables = {
                r[0] for r in src.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if db.VERSION_TABLE not in tables or not tables >= db.CORE_TABLES:
                raise StoreError(
                    _("{where} is not a focco247 store; nothing was copied.").format(where=where)
                )
            revision = src.execute("SELECT version_num FROM alembic_version").fetchone()[0]
            dst = sqlite3.connect(destination)
            try:
                src.backup(dst)  # all pages in one step: one consistent snapshot
                # A backup is one self-contained file, not a WAL database with side files.
                dst.execute("PRAGMA journal_mode = DELETE")
                verdict = dst.execute("PRAGMA quick_check").fetchone()[0]
            finally:
                dst.close()
            copied = True
        except OSError as exc:
            raise StoreError(_write_failure(destination, exc.errno, exc.strerror)) from None
        except sqlite3.DatabaseError as exc:
            text = str(exc).lower()
            if "not a database" in text or "malformed" in text:
                raise StoreError(
                    _("The store {where} is not a readable SQLite file.").format(where=where)
                ) from None
            if "disk is full" in text or "disk full" in text:
                raise StoreError(_write_failure(destination, errno.ENOSPC, "")) from None
            raise StoreError(
                _("The backup of {where} failed ({text}).").format(where=where, text=text)
            ) from None
    finally:
        src.close()
        if not copied:
            _remove_side_files(destination)
    if verdict != "ok":
        _remove_side_files(destination)
        raise StoreError(
            _("The copy of {where} failed its integrity check ({verdict}).").format(
                where=where, verdict=verdict
            )
        )
    return str(revision)


# --- upgrade -------------------------------------------------------------------------------


def upgrade_store(location: str) -> UpgradeResult:
    before, after = db.upgrade(location)
    return UpgradeResult(db.display_location(location), before, after)
