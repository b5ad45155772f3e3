"""SQLModel tables. Money in integer centavos, instants in UTC, dates as dates."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel


class UTCDateTime(TypeDecorator[datetime]):
    """Aware instants in and out; stored as UTC (naive on SQLite, timestamptz on PostgreSQL)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("refusing to store a naive datetime")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def instant(nullable: bool = False, index: bool = False) -> Any:
    # Any: a Field() stands for the column's value in the model's annotations.
    return Field(sa_column=sa.Column(UTCDateTime(), nullable=nullable, index=index))


class Client(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(sa_column=sa.Column(sa.String(40), nullable=False, unique=True))
    name: str
    state: str | None = None
    created_at: datetime = instant()
    # The preferred contact: the one person the client should call through (seed, Passo 3).
    contact_name: str | None = None
    contact_phone: str | None = None
    # A client who left: kept for history, out of lists and completion (R19).
    retired_at: datetime | None = instant(nullable=True)
    retired_reason: str | None = None


class GltTermRow(SQLModel, table=True):
    __tablename__ = "glt_term"
    __table_args__ = (sa.UniqueConstraint("client_id", "since"),)
    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", index=True)
    since: date
    monthly_cents: int = Field(sa_column=sa.Column(sa.BigInteger, nullable=False))
    hourly_rate_cents: int = Field(sa_column=sa.Column(sa.BigInteger, nullable=False))
    created_at: datetime = instant()


class Subscription(SQLModel, table=True):
    """A 24|7 add-on period; `last_day` is the last covered day (None: open-ended)."""

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", index=True)
    first_day: date
    last_day: date | None = None
    created_at: datetime = instant()


class Specialist(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_column=sa.Column(sa.String(120), nullable=False, unique=True))
    area: str
    phone: str | None = None
    active: bool = True


# The calls whose requester left a remark (migration 0009's partial index).
_REMARKS = "strengths IS NOT NULL OR weaknesses IS NOT NULL"


class Call(SQLModel, table=True):
    """Every contact on the 24|7 line. Refused and business-hours contacts are kept too
    (status `refused` / `redirected`) so sales and reports can see them."""

    __table_args__ = (
        sa.Index("ix_call_client_opened", "client_id", "opened_at"),
        sa.Index("ix_call_status", "status"),
        sa.Index("ix_call_billable", "chargeable", "resolved_at"),
        sa.Index("ix_call_verdict_opened", "verdict", "opened_at"),
        sa.Index("ix_call_billing_due", "billing_due"),
        # Migrations 0007 and 0009: list pages, report periods and handover read by these,
        # not scans; reports count a period from the index alone (what they group by is in it).
        sa.Index("ix_call_opened", "opened_at", "id", "verdict", "status", "level"),
        sa.Index("ix_call_resolved", "resolved_at", "opened_at", "status", "level"),
        sa.Index("ix_call_closed", "closed_at", "rating", "status"),
        sa.Index(
            "ix_call_remarks",
            "closed_at",
            "rating",
            "status",
            sqlite_where=sa.text(_REMARKS),
            postgresql_where=sa.text(_REMARKS),
        ),
        sa.Index("ix_call_status_resolved", "status", "resolved_at", "id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id")
    product: str
    caller: str
    summary: str
    opened_at: datetime = instant()
    verdict: str
    verdict_reason: str = ""
    status: str
    level: int = 1
    chargeable: bool = False
    chargeable_reason: str | None = None
    resolution: str | None = None
    workaround: bool = False
    resolved_at: datetime | None = instant(nullable=True)
    closed_at: datetime | None = instant(nullable=True)
    rating: int | None = None
    strengths: str | None = None
    weaknesses: str | None = None
    last_update_at: datetime | None = instant(nullable=True)
    timer_started_at: datetime | None = instant(nullable=True)
    active_since: datetime | None = instant(nullable=True)
    created_by: str = ""
    # Billing state, kept by invoicing: what live invoices hold for this call, and whether
    # something billing-relevant changed since (so a month's draft reads only changed calls).
    billing_due: bool = False
    billed_cents: int = Field(default=0, sa_column=sa.Column(sa.BigInteger, nullable=False))
    billed_minutes: int = 0
    # When the latest billing-relevant change was recorded (the command's clock): a billed
    # call's adjustment goes on the draft of that month or a later one (R15).
    billing_changed_at: datetime | None = instant(nullable=True)
    phone: str | None = None  # the number to call back (R8), as the caller gave it

    def note_billing_change(self, at: datetime | None = None) -> None:
        """Call after any change to chargeable, resolution or time entries of this call,
        with `at` the command's clock (ctx.now)."""
        if self.chargeable or self.billed_cents or self.billed_minutes:
            self.billing_due = True
            if at is not None:
                self.billing_changed_at = at


class TimeEntry(SQLModel, table=True):
    """Time worked on a call (R14). Never edited: a correction is a reversing entry."""

    __tablename__ = "time_entry"
    # Migration 0009: monthly reports read time by when it was worked, from the index alone.
    __table_args__ = (sa.Index("ix_time_entry_worked_at", "worked_at", "call_id", "minutes"),)
    id: int | None = Field(default=None, primary_key=True)
    call_id: int = Field(foreign_key="call.id", index=True)
    minutes: int
    worked_at: datetime = instant()
    note: str | None = None
    reverses_id: int | None = Field(default=None, foreign_key="time_entry.id")
    created_at: datetime = instant()
    actor: str = ""


class Escalation(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    call_id: int = Field(foreign_key="call.id", index=True)
    specialist_id: int = Field(foreign_key="specialist.id")
    reason: str
    at: datetime = instant()


class ProgressUpdate(SQLModel, table=True):
    """A level-3 progress update given to the requester (R11)."""

    __tablename__ = "progress_update"
    id: int | None = Field(default=None, primary_key=True)
    call_id: int = Field(foreign_key="call.id", index=True)
    at: datetime = instant()
    note: str
    eta: datetime | None = instant(nullable=True)


class Event(SQLModel, table=True):
    """The audit trail (R18): who did what, when, to which thing."""

    __table_args__ = (sa.Index("ix_event_entity", "entity", "entity_id"),)
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = instant()
    actor: str
    entity: str
    entity_id: str
    action: str
    detail: str = "{}"


class Shift(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    attendant: str
    started_at: datetime = instant()
    ended_at: datetime | None = instant(nullable=True)
    handed_to: str | None = None
    # The machine `shift start` ran on: its changes are recorded as the attendant's (R18).
    machine_id: str | None = None


class Invoice(SQLModel, table=True):
    """An issued invoice. Never changes once issued, except being voided with a reason."""

    __table_args__ = (
        # One live invoice per client and month; a void frees the slot for a re-issue.
        sa.Index(
            "ux_invoice_live_client_month",
            "client_id",
            "month",
            unique=True,
            sqlite_where=sa.text("status = 'issued'"),
            postgresql_where=sa.text("status = 'issued'"),
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    seq: int = Field(sa_column=sa.Column(sa.Integer, nullable=False, unique=True))
    number: str = Field(sa_column=sa.Column(sa.String(40), nullable=False, unique=True))
    client_id: int = Field(foreign_key="client.id", index=True)
    month: str = Field(index=True)
    status: str = "issued"
    issued_at: datetime = instant()
    issued_by: str = ""
    total_cents: int = Field(sa_column=sa.Column(sa.BigInteger, nullable=False))
    void_reason: str | None = None
    voided_at: datetime | None = instant(nullable=True)


class InvoiceLine(SQLModel, table=True):
    __tablename__ = "invoice_line"
    id: int | None = Field(default=None, primary_key=True)
    invoice_id: int = Field(foreign_key="invoice.id", index=True)
    position: int
    kind: str
    description: str
    call_id: int | None = Field(default=None, foreign_key="call.id", index=True)
    minutes_logged: int | None = None
    minutes_billed: int | None = None
    hourly_rate_cents: int | None = Field(default=None, sa_column=sa.Column(sa.BigInteger))
    amount_cents: int = Field(sa_column=sa.Column(sa.BigInteger, nullable=False))
    adjusts_month: str | None = Field(default=None, sa_column=sa.Column(sa.String(7)))
    reason: str | None = None


class PortalSecret(SQLModel, table=True):
    """The store's key for the requester's links: one row, made by the first `call link`.

    Kept in the store so every machine that shares it prints the same link for a call."""

    __tablename__ = "portal_secret"
    id: int | None = Field(default=None, primary_key=True)
    secret: str = Field(sa_column=sa.Column(sa.String(128), nullable=False))
    created_at: datetime = instant()


class CallLink(SQLModel, table=True):
    """A requester's link to a call's page. The token itself is never stored: it is
    HMAC(secret, call and link ids), found again by the SHA-256 of it (`token_hash`)."""

    __tablename__ = "call_link"
    id: int | None = Field(default=None, primary_key=True)
    call_id: int = Field(foreign_key="call.id", index=True)
    token_hash: str = Field(sa_column=sa.Column(sa.String(64), nullable=False, unique=True))
    created_at: datetime = instant()
    created_by: str = ""
    revoked_at: datetime | None = instant(nullable=True)
    revoked_by: str | None = None


class PolicyEntry(SQLModel, table=True):
    """One entry of a policy key's timeline (R20): `value` (JSON) applies from `since` (a
    local date; 0001-01-01 = from the beginning) until the key's next entry."""

    __tablename__ = "policy_entry"
    __table_args__ = (sa.Index("ix_policy_entry_key_since", "key", "since"),)
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(sa_column=sa.Column(sa.String(120), nullable=False))
    value: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    since: date
    recorded_at: datetime = instant()
    actor: str


class Adjustment(SQLModel, table=True):
    """A recorded correction of money already billed (R19): the difference between a month
    recomputed from current facts and what was billed for it. Pending while `invoice_id` is
    None; issuing binds it to one invoice, a void of that invoice releases it."""

    __table_args__ = (sa.Index("ix_adjustment_client_month", "client_id", "adjusts_month"),)
    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id")
    adjusts_month: str = Field(sa_column=sa.Column(sa.String(7), nullable=False))
    cause: str  # "fee": the month's 24|7 fee
    reason: str
    amount_cents: int = Field(sa_column=sa.Column(sa.BigInteger, nullable=False))
    recorded_at: datetime = instant()
    recorded_by: str = ""
    invoice_id: int | None = Field(default=None, foreign_key="invoice.id", index=True)


class StoreMeta(SQLModel, table=True):
    """Facts about the store itself, one row per key. `kind` = `demo` marks a store made by
    `focco247 demo` (never holding real work); `real` (or no row) is a store for real work."""

    __tablename__ = "store_meta"
    key: str = Field(sa_column=sa.Column(sa.String(64), primary_key=True))
    value: str = Field(sa_column=sa.Column(sa.String(256), nullable=False))
