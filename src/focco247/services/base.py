"""What every service receives: the open transaction, the policy, the clock and the actor."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar
from zoneinfo import ZoneInfo

from focco247 import i18n
from focco247.domain.calendar import BusinessCalendar
from focco247.domain.instants import utc_now_from
from focco247.domain.policy import Policy, PolicyTimeline, TimelineEntry, billing_day
from focco247.errors import NotFoundError, StateError
from focco247.i18n import _

if TYPE_CHECKING:
    # The ORM loads with the store's transaction, not with this module: `check` and
    # `call open` on a SQLite store run without it (ctx.reads, store/lite.py).
    from sqlmodel import Session

    from focco247.store.models import Client, Event

# The invoice numbers of a demo store: never a real number, whatever the policy's prefix.
DEMO_INVOICE_PREFIX = "DEMO-"


class ClientFacts(Protocol):
    """A client as the hot commands read it (a `Client` row or store/queries/lite's)."""

    @property
    def id(self) -> int | None: ...
    @property
    def code(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def contact_name(self) -> str | None: ...
    @property
    def contact_phone(self) -> str | None: ...


class GltFacts(Protocol):
    @property
    def since(self) -> date: ...
    @property
    def monthly_cents(self) -> int: ...
    @property
    def hourly_rate_cents(self) -> int: ...


class PeriodFacts(Protocol):
    @property
    def first_day(self) -> date: ...
    @property
    def last_day(self) -> date | None: ...


class PolicyFacts(Protocol):
    @property
    def id(self) -> int | None: ...
    @property
    def key(self) -> str: ...
    @property
    def value(self) -> str: ...
    @property
    def since(self) -> date: ...
    @property
    def recorded_at(self) -> datetime: ...
    @property
    def actor(self) -> str: ...


class Reads(Protocol):
    """What `check` and `call open` read of the store: store/queries/reads.py on the ORM
    session, store/queries/lite.py on the sqlite3 module (the same selects)."""

    def client_by_code(self, code: str) -> ClientFacts | None: ...
    def client_codes(self) -> list[str]: ...
    def glt_rows(self, client_id: int) -> Sequence[GltFacts]: ...
    def subscriptions(self, client_id: int) -> Sequence[PeriodFacts]: ...
    def exceptional_call_id(self, client_id: int) -> int | None: ...
    def policy_entries(self) -> Sequence[PolicyFacts]: ...
    def attendant_on_shift_from(self, machine_id: str) -> str | None: ...


@dataclass
class Ctx:
    session: Session
    policy: Policy
    now: datetime
    actor: str
    cache_dir: Path | None = None  # where holiday tables are cached (None: no cache)
    # The store's policy timelines (R20): `policy` is the one in force today.
    timeline: PolicyTimeline | None = None
    # This machine's id, created on first need (a shift started here records it, R18).
    machine_id: Callable[[], str] | None = None
    _calendars: dict[int, BusinessCalendar] = field(default_factory=dict, repr=False)
    # What the command's transaction reads (ORM or sqlite3); None: the session's (tests).
    store_reads: Reads | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        # What goes to clients follows the policy whoever runs the command (SPEC §5).
        i18n.set_documents_language(self.policy.documents_language)

    @cached_property
    def reads(self) -> Reads:
        """The reads `check` and `call open` make, on whichever connection the command has."""
        if self.store_reads is not None:
            return self.store_reads
        from focco247.store.queries.reads import OrmReads

        return OrmReads(self.session)

    @cached_property
    def calendar(self) -> BusinessCalendar:
        return self.calendar_of(self.policy)

    def calendar_of(self, policy: Policy) -> BusinessCalendar:
        """The business calendar of a policy (one per policy object, cached)."""
        if id(policy) not in self._calendars:
            if self.cache_dir is None:
                built = BusinessCalendar.from_policy(policy)
            else:
                from focco247.holiday_cache import cached_year_source

                built = BusinessCalendar.from_policy(
                    policy, cached_year_source(policy, self.cache_dir)
                )
            self._calendars[id(policy)] = built
        return self._calendars[id(policy)]

    def policy_on(self, day: date) -> Policy:
        """The policy in force on a local date (verdicts are judged by it)."""
        if self.timeline is None:
            return self.policy
        # Days with the same entries in force share one object, hence one calendar.
        return self.timeline.at(day)

    def billing_policy(self, year: int, month: int) -> Policy:
        """Billing month M uses the money keys in force on M's first day (R20)."""
        return self.policy_on(billing_day(year, month))

    @property
    def today(self) -> date:
        return self.now.astimezone(self.tz).date()

    def this_machine(self) -> str | None:
        return self.machine_id() if self.machine_id is not None else None

    @cached_property
    def invoice_prefix(self) -> str:
        """The prefix of the invoice numbers this command issues: the policy's, or `DEMO-`
        in a demo store (asked of the store once per command)."""
        from focco247.store.queries import meta as meta_queries

        if meta_queries.is_demo(self.session):
            return DEMO_INVOICE_PREFIX
        return self.policy.invoice_prefix

    @property
    def tz(self) -> ZoneInfo:
        return self.policy.timezone

    def record(self, entity: str, entity_id: object, action: str, **detail: object) -> Event:
        """Append to the audit trail (R18) inside the command's transaction."""
        from focco247.store.models import Event

        event = Event(
            at=self.now,
            actor=self.actor,
            entity=entity,
            entity_id=str(entity_id),
            action=action,
            detail=json.dumps(detail, default=str, ensure_ascii=False, sort_keys=True),
        )
        self.session.add(event)
        return event


def timeline_of(rows: Sequence[PolicyFacts]) -> PolicyTimeline:
    """The store's policy timelines (R20) from its entries."""
    return PolicyTimeline([_entry(row) for row in rows])


def _entry(row: PolicyFacts) -> TimelineEntry:
    if row.id is None:
        raise StateError(_("A policy entry has no id yet."))
    return TimelineEntry(
        id=row.id,
        key=row.key,
        value=json.loads(row.value),
        since=row.since,
        recorded_at=row.recorded_at,
        actor=row.actor,
    )


def policy_now(reads: Reads, now_override: str | None) -> tuple[PolicyTimeline, Policy, datetime]:
    """The timeline, the policy in force today (policy time zone) and the command's clock."""
    timeline = timeline_of(reads.policy_entries())
    provisional = timeline.at(datetime.now(UTC).date())
    now = utc_now_from(now_override, provisional.timezone)
    policy = timeline.at(now.astimezone(provisional.timezone).date())
    return timeline, policy, now


def attendant_on_shift(reads: Reads, machine_id: str | None) -> str | None:
    """Who is on the shift started from this machine (R18), if any."""
    return reads.attendant_on_shift_from(machine_id) if machine_id else None


_Found = TypeVar("_Found")


def _known_client(found: _Found | None, codes: Callable[[], list[str]], code: str) -> _Found:
    """The client found, or a clear error naming close matches."""
    if found is None:
        import difflib

        wanted = code.strip().upper()
        close = difflib.get_close_matches(wanted, codes(), n=3, cutoff=0.6)
        hint = _(" Did you mean {names}?").format(names=", ".join(close)) if close else ""
        raise NotFoundError(_("Unknown client {code!r}.").format(code=code) + hint)
    return found


def get_client(ctx: Ctx, code: str) -> Client:
    """A client by code (case-insensitive), or a clear error naming close matches."""
    from focco247.store.queries import clients as client_queries

    found = client_queries.client_by_code(ctx.session, code.strip().upper())
    return _known_client(found, lambda: client_queries.client_codes(ctx.session), code)


def client_facts(ctx: Ctx, code: str) -> ClientFacts:
    """`get_client` through ctx.reads: what `check` and `call open` read of a client."""
    found = ctx.reads.client_by_code(code.strip().upper())
    return _known_client(found, ctx.reads.client_codes, code)


def row_id(row: Client | ClientFacts) -> int:
    """The id of a row read from the store (always set once flushed)."""
    if row.id is None:
        raise ValueError(f"{row!r} has not been flushed to the store yet")
    return row.id
