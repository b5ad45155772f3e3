"""What every service receives: the open transaction, the policy, the clock and the actor."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlmodel import Session

from focco247 import i18n
from focco247.domain.calendar import BusinessCalendar
from focco247.domain.policy import Policy, PolicyTimeline, billing_day
from focco247.errors import NotFoundError
from focco247.i18n import _
from focco247.store.models import Client, Event
from focco247.store.queries import clients as client_queries
from focco247.store.queries import meta as meta_queries

# The invoice numbers of a demo store: never a real number, whatever the policy's prefix.
DEMO_INVOICE_PREFIX = "DEMO-"


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

    def __post_init__(self) -> None:
        # What goes to clients follows the policy whoever runs the command (SPEC §5).
        i18n.set_documents_language(self.policy.documents_language)

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
        if meta_queries.is_demo(self.session):
            return DEMO_INVOICE_PREFIX
        return self.policy.invoice_prefix

    @property
    def tz(self) -> ZoneInfo:
        return self.policy.timezone

    def record(self, entity: str, entity_id: object, action: str, **detail: object) -> Event:
        """Append to the audit trail (R18) inside the command's transaction."""
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


def get_client(ctx: Ctx, code: str) -> Client:
    """A client by code (case-insensitive), or a clear error naming close matches."""
    wanted = code.strip().upper()
    client = client_queries.client_by_code(ctx.session, wanted)
    if client is None:
        import difflib

        codes = client_queries.client_codes(ctx.session)
        close = difflib.get_close_matches(wanted, codes, n=3, cutoff=0.6)
        hint = _(" Did you mean {names}?").format(names=", ".join(close)) if close else ""
        raise NotFoundError(_("Unknown client {code!r}.").format(code=code) + hint)
    return client


def row_id(row: Client) -> int:
    """The id of a row read from the store (always set once flushed)."""
    if row.id is None:
        raise ValueError(f"{row!r} has not been flushed to the store yet")
    return row.id
