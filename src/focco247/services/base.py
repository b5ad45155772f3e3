"""What every service receives: the open transaction, the policy, the clock and the actor."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlmodel import Session

from focco247 import i18n
from focco247.domain.calendar import BusinessCalendar
from focco247.domain.policy import Policy
from focco247.errors import NotFoundError
from focco247.i18n import _
from focco247.store.models import Client, Event
from focco247.store.queries import clients as client_queries


@dataclass
class Ctx:
    session: Session
    policy: Policy
    now: datetime
    actor: str
    cache_dir: Path | None = None  # where holiday tables are cached (None: no cache)

    def __post_init__(self) -> None:
        # What goes to clients follows the policy whoever runs the command (SPEC §5).
        i18n.set_documents_language(self.policy.documents_language)

    @cached_property
    def calendar(self) -> BusinessCalendar:
        if self.cache_dir is None:
            return BusinessCalendar.from_policy(self.policy)
        from focco247.holiday_cache import cached_year_source

        return BusinessCalendar.from_policy(
            self.policy, cached_year_source(self.policy, self.cache_dir)
        )

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
