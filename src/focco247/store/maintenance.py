"""Keeping the store: online backups, integrity and invariant checks, figures, upgrades.

The invariants checked are the ones billing relies on: every billed call's billing state
equals what live invoices hold for it, no call charged on two live invoices, gapless invoice
numbers, one live invoice per client and month, totals equal to their lines, and no row
pointing at a missing one. Every query is aggregate SQL, so a check of years of history
reads each table once.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, SQLModel, select

from focco247 import atomic
from focco247.errors import InputError, NotFoundError, StoreError
from focco247.store import db
from focco247.store.models import Call, Client, Invoice, InvoiceLine, TimeEntry

BILLED_KINDS = ("chargeable_hours", "adjustment")
INVOICE_STATUSES = ("issued", "void")
_LISTED = 20  # problems of one kind listed one by one; the rest are counted


@dataclass
class Problem:
    kind: str
    message: str

    def to_json(self) -> dict[str, str]:
        return {"kind": self.kind, "message": self.message}


@dataclass
class CheckResult:
    store: str
    backend: str
    revision: str
    integrity: str  # "ok", "not applicable" (PostgreSQL) or what SQLite reported
    checked: dict[str, int]
    problems: list[Problem] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.problems

    def to_json(self) -> dict[str, Any]:
        return {
            "store": self.store,
            "backend": self.backend,
            "revision": self.revision,
            "clean": self.clean,
            "integrity": self.integrity,
            "checked": self.checked,
            "problems": [p.to_json() for p in self.problems],
        }


@dataclass
class StatsResult:
    store: str
    backend: str
    revision: str
    size_bytes: int | None
    rows: dict[str, int]
    journal_mode: str | None = None

    def to_json(self) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "store": self.store,
            "backend": self.backend,
            "revision": self.revision,
            "size_bytes": self.size_bytes,
            "rows": self.rows,
        }
        if self.journal_mode is not None:
            doc["journal_mode"] = self.journal_mode
        return doc


@dataclass
class BackupResult:
    store: str
    path: Path
    size_bytes: int
    revision: str

    def to_json(self) -> dict[str, Any]:
        return {
            "store": self.store,
            "backup": str(self.path),
            "size_bytes": self.size_bytes,
            "revision": self.revision,
        }


@dataclass
class UpgradeResult:
    store: str
    from_revision: str | None
    to_revision: str

    @property
    def upgraded(self) -> bool:
        return self.from_revision != self.to_revision

    def to_json(self) -> dict[str, Any]:
        return {
            "store": self.store,
            "from": self.from_revision,
            "to": self.to_revision,
            "upgraded": self.upgraded,
        }


# --- check ---------------------------------------------------------------------------------


def check_store(session: Session, location: str, full: bool = False) -> CheckResult:
    """Integrity (SQLite) and the billing invariants, read in the command's transaction.

    SQLite's `quick_check` reads every page once (linear in the store); `full` runs
    `integrity_check`, which also matches every index entry to its row (several times slower
    on a book of years: seconds per million calls)."""
    conn = session.connection()
    backend = conn.dialect.name
    result = CheckResult(
        store=db.display_location(location),
        backend=backend,
        revision=db.HEAD_REVISION,
        integrity="not applicable",
        checked={},
    )
    if backend == "sqlite":
        pragma = "PRAGMA integrity_check" if full else "PRAGMA quick_check"
        reported = [row[0] for row in conn.exec_driver_sql(pragma)]
        result.integrity = "ok" if reported == ["ok"] else "; ".join(reported[:_LISTED])
        if reported != ["ok"]:
            result.problems.append(
                Problem("integrity", f"SQLite reports damage: {result.integrity}.")
            )
        for table, rowid, parent, _ in conn.exec_driver_sql("PRAGMA foreign_key_check"):
            result.problems.append(
                Problem("dangling_reference", f"{table} row {rowid} points at a missing {parent}.")
            )
    for name, model in (
        ("calls", Call),
        ("time_entries", TimeEntry),
        ("invoices", Invoice),
        ("invoice_lines", InvoiceLine),
    ):
        result.checked[name] = session.exec(select(sa.func.count()).select_from(model)).one()
    for finder in (
        _billing_state,
        _double_billed,
        _gapless_numbers,
        _one_live_invoice,
        _totals,
        _statuses,
        _orphan_time,
    ):
        result.problems.extend(finder(session))
    return result


def _listed(kind: str, messages: list[str], what: str) -> list[Problem]:
    problems = [Problem(kind, m) for m in messages[:_LISTED]]
    if len(messages) > _LISTED:
        problems.append(Problem(kind, f"... and {len(messages) - _LISTED} more {what}."))
    return problems


def _live_billed():
    """Per call: what live invoices hold for it (cents, billed minutes, hours lines)."""
    return (
        select(
            InvoiceLine.call_id.label("call_id"),
            sa.func.sum(InvoiceLine.amount_cents).label("cents"),
            sa.func.sum(sa.func.coalesce(InvoiceLine.minutes_billed, 0)).label("minutes"),
        )
        .join(Invoice, Invoice.id == InvoiceLine.invoice_id)
        .where(
            Invoice.status == "issued",
            InvoiceLine.call_id.is_not(None),
            InvoiceLine.kind.in_(BILLED_KINDS),
        )
        .group_by(InvoiceLine.call_id)
        .subquery()
    )


def _billing_state(session: Session) -> list[Problem]:
    live = _live_billed()
    cents = sa.func.coalesce(live.c.cents, 0)
    minutes = sa.func.coalesce(live.c.minutes, 0)
    query = (
        select(Call.id, Call.billed_cents, Call.billed_minutes, cents, minutes)
        .outerjoin(live, live.c.call_id == Call.id)
        .where(sa.or_(Call.billed_cents != cents, Call.billed_minutes != minutes))
        .order_by(Call.id)
    )
    messages = [
        f"Call #{cid} is marked billed for {billed} centavos / {bmin} min, but live invoices "
        f"hold {held} centavos / {hmin} min for it."
        for cid, billed, bmin, held, hmin in session.exec(query)
    ]
    # Lines for calls that do not exist are caught by the dangling-reference checks.
    return _listed("billing_state", messages, "calls")


def _double_billed(session: Session) -> list[Problem]:
    query = (
        select(InvoiceLine.call_id, sa.func.count())
        .join(Invoice, Invoice.id == InvoiceLine.invoice_id)
        .where(Invoice.status == "issued", InvoiceLine.kind == "chargeable_hours")
        .where(InvoiceLine.call_id.is_not(None))
        .group_by(InvoiceLine.call_id)
        .having(sa.func.count() > 1)
        .order_by(InvoiceLine.call_id)
    )
    messages = [
        f"Call #{cid} is charged on {n} live invoices (it must be on exactly one)."
        for cid, n in session.exec(query)
    ]
    return _listed("double_billed", messages, "calls")


def _gapless_numbers(session: Session) -> list[Problem]:
    low, high, count = session.exec(
        select(sa.func.min(Invoice.seq), sa.func.max(Invoice.seq), sa.func.count())
    ).one()
    if not count:
        return []
    if low == 1 and high == count:
        return []  # seq is unique, so 1..count without a hole
    seqs = set(session.exec(select(Invoice.seq)).all())
    missing = [n for n in range(1, high + 1) if n not in seqs]
    shown = ", ".join(str(n) for n in missing[:_LISTED])
    more = f" and {len(missing) - _LISTED} more" if len(missing) > _LISTED else ""
    problems = []
    if missing:
        problems.append(
            Problem("invoice_numbering", f"Invoice numbers are not gapless: missing {shown}{more}.")
        )
    if low is not None and low < 1:
        problems.append(Problem("invoice_numbering", f"Invoice number {low} is below 1."))
    return problems


def _one_live_invoice(session: Session) -> list[Problem]:
    query = (
        select(Client.code, Invoice.month, sa.func.count())
        .join(Client, Client.id == Invoice.client_id)
        .where(Invoice.status == "issued")
        .group_by(Client.code, Invoice.month)
        .having(sa.func.count() > 1)
        .order_by(Client.code, Invoice.month)
    )
    messages = [
        f"Client {code} has {n} live invoices for {month} (one at most)."
        for code, month, n in session.exec(query)
    ]
    return _listed("live_invoices", messages, "client-months")


def _totals(session: Session) -> list[Problem]:
    sums = (
        select(
            InvoiceLine.invoice_id.label("invoice_id"),
            sa.func.sum(InvoiceLine.amount_cents).label("cents"),
        )
        .group_by(InvoiceLine.invoice_id)
        .subquery()
    )
    lines = sa.func.coalesce(sums.c.cents, 0)
    query = (
        select(Invoice.number, Invoice.total_cents, lines)
        .outerjoin(sums, sums.c.invoice_id == Invoice.id)
        .where(Invoice.total_cents != lines)
        .order_by(Invoice.seq)
    )
    messages = [
        f"Invoice {number} totals {total} centavos but its lines add up to {held}."
        for number, total, held in session.exec(query)
    ]
    return _listed("invoice_total", messages, "invoices")


def _statuses(session: Session) -> list[Problem]:
    query = (
        select(Invoice.number, Invoice.status)
        .where(Invoice.status.not_in(INVOICE_STATUSES))
        .order_by(Invoice.seq)
    )
    messages = [
        f"Invoice {number} has the unknown status {status!r}."
        for number, status in session.exec(query)
    ]
    return _listed("invoice_status", messages, "invoices")


def _orphan_time(session: Session) -> list[Problem]:
    query = (
        select(TimeEntry.id, TimeEntry.call_id)
        .outerjoin(Call, Call.id == TimeEntry.call_id)
        .where(Call.id.is_(None))
        .order_by(TimeEntry.id)
    )
    messages = [
        f"Time entry {eid} belongs to call #{cid}, which does not exist."
        for eid, cid in session.exec(query)
    ]
    return _listed("orphan_time_entry", messages, "time entries")


# --- stats ---------------------------------------------------------------------------------


def store_stats(session: Session, location: str) -> StatsResult:
    conn = session.connection()
    rows = {
        table.name: int(conn.execute(select(sa.func.count()).select_from(table)).scalar_one())
        for table in SQLModel.metadata.sorted_tables
    }
    result = StatsResult(
        store=db.display_location(location),
        backend=conn.dialect.name,
        revision=db.HEAD_REVISION,
        size_bytes=None,
        rows=dict(sorted(rows.items())),
    )
    if conn.dialect.name == "sqlite":
        path = db.sqlite_path(location)
        if path is not None:
            result.size_bytes = sum(
                p.stat().st_size for p in (path, path.with_name(path.name + "-wal")) if p.exists()
            )
        result.journal_mode = conn.exec_driver_sql("PRAGMA journal_mode").scalar()
    elif conn.dialect.name == "postgresql":
        result.size_bytes = int(
            conn.execute(sa.text("SELECT pg_database_size(current_database())")).scalar_one()
        )
    return result


# --- backup --------------------------------------------------------------------------------


def backup_store(location: str, target: Path, now: datetime, force: bool = False) -> BackupResult:
    """Copy a SQLite store with SQLite's online backup API: one consistent snapshot, taken
    while others keep writing (WAL), written to a temporary file and renamed, mode 0600."""
    where = db.display_location(location)
    if db.backend_of(location) != "sqlite":
        raise StoreError(
            f"db backup copies SQLite stores; back up {where} with PostgreSQL's own tools, "
            "e.g. `pg_dump --format=custom --file focco247.dump DBNAME`."
        )
    source = db.sqlite_path(location)
    if source is None:
        raise StoreError("An in-memory store cannot be backed up.")
    if not source.is_file() or source.stat().st_size == 0:
        raise NotFoundError(f"There is no store at {source} yet; nothing to back up.")
    target = target.expanduser()
    stamp = now.strftime("%Y%m%d-%H%M%S")
    path = target / f"focco247-{stamp}.db" if target.is_dir() else target
    if path.exists():
        if path.resolve() == source.resolve():
            raise InputError("The backup cannot replace the store itself; name another file.")
        if path.is_dir():
            raise InputError(f"{path} is a folder.")
        if not force:
            raise InputError(f"{path} already exists; use --force to replace it.")
    if not path.parent.is_dir():
        raise InputError(f"The folder {path.parent} does not exist.")
    with atomic.replacing(path) as temp:  # 0600; SQLite writes into it
        revision = _copy_sqlite(source, temp, where)
    return BackupResult(where, path, path.stat().st_size, revision)


def _copy_sqlite(source: Path, destination: Path, where: str) -> str:
    try:
        src = sqlite3.connect(source, timeout=db.BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error:
        raise StoreError(f"Cannot open the store {where}.") from None
    try:
        try:
            tables = {
                r[0] for r in src.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if db.VERSION_TABLE not in tables:
                raise StoreError(f"{where} is not a focco247 store; nothing was copied.")
            revision = src.execute("SELECT version_num FROM alembic_version").fetchone()[0]
            dst = sqlite3.connect(destination)
            try:
                src.backup(dst)  # all pages in one step: one consistent snapshot
                # A backup is one self-contained file, not a WAL database with side files.
                dst.execute("PRAGMA journal_mode = DELETE")
                verdict = dst.execute("PRAGMA quick_check").fetchone()[0]
            finally:
                dst.close()
        except sqlite3.DatabaseError as exc:
            text = str(exc).lower()
            if "not a database" in text or "malformed" in text:
                raise StoreError(f"The store {where} is not a readable SQLite file.") from None
            raise StoreError(f"The backup of {where} failed ({text}).") from None
    finally:
        src.close()
    if verdict != "ok":
        raise StoreError(f"The copy of {where} failed its integrity check ({verdict}).")
    return str(revision)


# --- upgrade -------------------------------------------------------------------------------


def upgrade_store(location: str) -> UpgradeResult:
    before, after = db.upgrade(location)
    return UpgradeResult(db.display_location(location), before, after)
