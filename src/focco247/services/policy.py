"""The policy in the store (R20): read it as of a date, and add entries to its timelines.

Choices where the rules leave room:
- verdicts use the policy in force on the judged instant's local date;
- billing month M uses the money keys in force on M's first day (`billing_day`), so a
  change from 2027-01-01 reaches January 2027 onwards and never a past month;
- a money key may not start inside an issued month, nor reach one (an issued month whose
  first day falls between the new entry and the key's next entry): exit 1 naming it;
- `--since` defaults to today in the policy time zone; the first import into a store with
  no policy (and no --since) applies from the beginning.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from focco247.domain.instants import month_str
from focco247.domain.policy import (
    BEGINNING,
    DEFAULTS,
    MONEY_KEYS,
    Policy,
    PolicyTimeline,
    TomlValue,
    billing_day,
    merge,
    nested,
    timeline_keys,
)
from focco247.errors import InputError
from focco247.i18n import _
from focco247.services.base import Ctx, policy_now, timeline_of
from focco247.store.models import PolicyEntry
from focco247.store.queries import policy as q
from focco247.store.queries.reads import OrmReads


def load_timeline(session: Session) -> PolicyTimeline:
    return timeline_of(q.policy_entries(session))


# --- show -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PolicyShown:
    at: date
    settings: dict[str, TomlValue]  # TOML-shaped: every key, defaults merged
    since: dict[str, date | None]  # timeline key -> the date its value applies from (None:
    # from the beginning); keys never set are absent (their default applies)


def show(ctx: Ctx, at: date | None) -> PolicyShown:
    day = at or ctx.now.astimezone(ctx.tz).date()
    timeline = ctx.timeline or load_timeline(ctx.session)
    chosen = timeline.in_force(day)
    settings = merge(DEFAULTS, nested({key: e.value for key, e in chosen.items()}))
    since = {key: (None if e.since == BEGINNING else e.since) for key, e in chosen.items()}
    return PolicyShown(day, settings, dict(sorted(since.items())))


# --- set and import ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PolicyChange:
    since: date | None  # None: from the beginning
    added: dict[str, TomlValue]  # timeline key -> value now recorded
    unchanged: tuple[str, ...]  # keys named with the value already in force


def set_key(ctx: Ctx, key: str, value: TomlValue, since: date | None) -> PolicyChange:
    return apply(ctx, timeline_keys(nested({key: value})), since, first_from_beginning=False)


def import_values(ctx: Ctx, mapping: dict[str, TomlValue], since: date | None) -> PolicyChange:
    return apply(ctx, timeline_keys(mapping), since, first_from_beginning=True)


def _canonical(key: str, value: TomlValue) -> TomlValue:
    # fee_percent = 30 and fee_percent = "30" mean the same: kept as text (exact decimals).
    if key == "fee_percent" and isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


def apply(
    ctx: Ctx, values: dict[str, TomlValue], since: date | None, *, first_from_beginning: bool
) -> PolicyChange:
    """Add each named key at `since`, leaving later entries alone; a key whose value is
    already in force at that date is left as it is (re-importing changes nothing)."""
    timeline = load_timeline(ctx.session)
    if since is None:
        empty = not timeline.entries
        since = BEGINNING if (empty and first_from_beginning) else ctx.now.astimezone(ctx.tz).date()
    values = {key: _canonical(key, value) for key, value in values.items()}
    in_force = timeline.values_at(since)
    defaults = timeline_keys(DEFAULTS)
    # Validate the policy as it will be on that date, sources included (holiday names).
    Policy.from_mapping(
        nested({**in_force, **values}),
        source=_("policy (nothing was changed)"),
    )
    added: dict[str, TomlValue] = {}
    unchanged: list[str] = []
    for key, value in sorted(values.items()):
        current = in_force.get(key, defaults.get(key))
        if _same(current, value):
            unchanged.append(key)
            continue
        if key in MONEY_KEYS:
            _refuse_issued(ctx, timeline, key, since)
        added[key] = value
    for key, value in added.items():
        ctx.session.add(
            PolicyEntry(
                key=key,
                value=json.dumps(value, ensure_ascii=False, sort_keys=True),
                since=since,
                recorded_at=ctx.now,
                actor=ctx.actor,
            )
        )
        ctx.record(
            "policy",
            key,
            "set",
            value=value,
            since=None if since == BEGINNING else since.isoformat(),
        )
    ctx.session.flush()
    return PolicyChange(None if since == BEGINNING else since, added, tuple(unchanged))


def _same(a: object, b: object) -> bool:
    return json.dumps(a, sort_keys=True, default=str) == json.dumps(b, sort_keys=True, default=str)


def _refuse_issued(ctx: Ctx, timeline: PolicyTimeline, key: str, since: date) -> None:
    """A money change never reaches an issued month (R20; contract changes do, R19)."""
    first = month_str(since.year, since.month) if since != BEGINNING else "0000-00"
    until = timeline.next_since(key, since)
    for month in q.issued_months_from(ctx.session, first):
        year, number = int(month[:4]), int(month[5:7])
        start = billing_day(year, number)
        if month == first or (start >= since and (until is None or start < until)):
            raise InputError(
                _(
                    "{key} cannot change from {since}: {month} is issued, and policy changes "
                    "never reach an issued month; choose a date after it."
                ).format(
                    key=key,
                    since=_("the beginning") if since == BEGINNING else since.isoformat(),
                    month=month,
                )
            )


def policy_if_stored(location: str, now_override: str | None) -> Policy | None:
    """Today's policy of the store at `location`, or None when there is no current store
    there (nothing is created: `db backup` of a missing store must still say so)."""
    import sqlalchemy as sa

    from focco247.store import db

    path = db.sqlite_path(location)
    if path is not None and not path.is_file():
        return None
    engine = db.make_engine(location, write=False)
    try:
        with engine.connect() as conn:
            if db.read_revision(conn) != db.HEAD_REVISION:
                return None
            with Session(bind=conn) as session:
                return policy_now(OrmReads(session), now_override)[1]
    except sa.exc.SQLAlchemyError:
        return None
    finally:
        engine.dispose()
