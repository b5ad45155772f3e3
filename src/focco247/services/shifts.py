"""On-call shifts: who holds the phone, and what the next attendant inherits at handover.

One shift is open at a time (one phone). `handover` ends it, opens the next attendant's
shift and records the inheritance (active call, callback queue, open level-3 calls with
their ETA and overdue state, parked calls, resolved calls awaiting the requester's rating,
most recent first).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from zoneinfo import ZoneInfo

from focco247.domain import calls as rules
from focco247.domain.calls import Status
from focco247.errors import StateError
from focco247.i18n import N_, _
from focco247.services.base import Ctx
from focco247.services.calls import (
    CallView,
    UpdateRecord,
    active_call,
    by_update_due,
    queued_calls,
    views,
)
from focco247.store.models import Shift
from focco247.store.queries import calls as call_queries
from focco247.store.queries import shifts as q

# Resolved calls awaiting a rating pile up over months: a handover carries the newest this
# many (the ones to chase) and counts the rest, so it and its audit event stay small.
UNRATED_MOST = 50


@dataclass(frozen=True)
class ShiftView:
    """Who holds the phone (nobody: all None), their active call and what waits."""

    id: int | None
    attendant: str | None
    started_at: datetime | None
    tz: ZoneInfo
    active: CallView | None = None
    queued: int = 0
    overdue: int = 0


@dataclass(frozen=True)
class Handover:
    """What the next attendant inherits, most urgent first."""

    from_attendant: str
    to_attendant: str
    at: datetime
    tz: ZoneInfo
    active: CallView | None = None
    queue: tuple[CallView, ...] = ()
    level3: tuple[CallView, ...] = ()
    parked: tuple[CallView, ...] = ()
    unrated: tuple[CallView, ...] = ()
    unrated_total: int = 0  # every resolved call awaiting a rating, `unrated` the newest

    @property
    def overdue(self) -> tuple[int, ...]:
        """The level-3 calls owed an update, by number."""
        return tuple(v.id for v in self.level3 if v.overdue)


def current_shift(ctx: Ctx) -> Shift | None:
    return q.current_shift(ctx.session)


def _clean(name: str) -> str:
    return " ".join(rules.require_text(N_("The attendant's name"), name).split())


def start(ctx: Ctx, name: str) -> ShiftView:
    who = _clean(name)
    shift = current_shift(ctx)
    if shift is not None:
        if shift.attendant.lower() == who.lower():
            raise StateError(_("{name} is already on shift.").format(name=shift.attendant))
        raise StateError(
            _("{name} is on shift; hand it over with focco247 shift handover --to {to!r}.").format(
                name=shift.attendant, to=who
            )
        )
    # The machine it starts on: its changes are the attendant's until handover (R18).
    shift = Shift(attendant=who, started_at=ctx.now, machine_id=ctx.this_machine())
    ctx.session.add(shift)
    ctx.session.flush()
    ctx.record("shift", shift.id, "started", attendant=who)
    return who_is_on(ctx)


def who_is_on(ctx: Ctx) -> ShiftView:
    shift = current_shift(ctx)
    active = active_call(ctx)
    overdue = sum(1 for v in _in_progress(ctx) if v.overdue)
    return ShiftView(
        shift.id if shift else None,
        shift.attendant if shift else None,
        shift.started_at if shift else None,
        ctx.tz,
        views(ctx, [active])[0] if active else None,
        len(queued_calls(ctx)),
        overdue,
    )


def _in_progress(ctx: Ctx) -> list[CallView]:
    return views(ctx, call_queries.in_progress_calls(ctx.session))


def _with_last_updates(ctx: Ctx, open_calls: list[CallView]) -> list[CallView]:
    """Each open call with the last update its requester was given (one query)."""
    last = call_queries.latest_updates(ctx.session, [v.id for v in open_calls])
    return [
        replace(v, last_update=UpdateRecord.of(last[v.id])) if v.id in last else v
        for v in open_calls
    ]


def inheritance(ctx: Ctx, to: str, from_: str) -> Handover:
    """What is open right now, as the next attendant will find it: each open call with its
    summary and the last update given."""
    progress = _with_last_updates(ctx, _in_progress(ctx))
    resolved = call_queries.resolved_calls_newest_first(ctx.session, UNRATED_MOST)
    return Handover(
        from_attendant=from_,
        to_attendant=to,
        at=ctx.now,
        tz=ctx.tz,
        active=next((v for v in progress if v.status == Status.OPEN), None),
        queue=tuple(v for v in progress if v.status == Status.QUEUED),
        level3=tuple(
            sorted(
                (v for v in progress if v.call.level == 3),
                key=lambda v: (not v.overdue, *by_update_due(v)),
            )
        ),
        parked=tuple(v for v in progress if v.status == Status.PARKED and v.call.level != 3),
        unrated=tuple(views(ctx, resolved)),
        unrated_total=call_queries.count_resolved(ctx.session),
    )


def handover(ctx: Ctx, to: str) -> Handover:
    """End the current shift, start `to`'s, and record what they inherit."""
    who = _clean(to)
    shift = current_shift(ctx)
    giver = shift.attendant if shift else ctx.actor
    if shift is not None and shift.attendant.lower() == who.lower():
        raise StateError(
            _("{name} is already on shift; hand over to someone else.").format(name=shift.attendant)
        )
    result = inheritance(ctx, who, giver)
    if shift is not None:
        shift.ended_at, shift.handed_to = ctx.now, who
        ctx.session.add(shift)
    new = Shift(attendant=who, started_at=ctx.now)
    ctx.session.add(new)
    ctx.session.flush()
    ctx.record(
        "shift",
        new.id,
        "handover",
        **{"from": giver, "to": who},
        previous_shift=shift.id if shift else None,
        active_call=result.active.id if result.active else None,
        queue=[v.id for v in result.queue],
        level3=[v.id for v in result.level3],
        overdue=list(result.overdue),
        parked=[v.id for v in result.parked],
        unrated=[v.id for v in result.unrated],
        unrated_total=result.unrated_total,
    )
    return result
