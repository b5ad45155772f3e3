"""On-call shifts: who holds the phone, and what the next attendant inherits at handover.

One shift is open at a time (one phone). `handover` ends it, opens the next attendant's
shift and records the inheritance (active call, callback queue, open level-3 calls with
their ETA and overdue state, parked calls, resolved calls awaiting the requester's rating,
most recent first).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import select

from focco247.domain import calls as rules
from focco247.domain.calls import Status
from focco247.domain.instants import iso_local
from focco247.errors import StateError
from focco247.services.base import Ctx
from focco247.services.calls import CallView, active_call, queued_calls, views
from focco247.store.models import Call, Shift


@dataclass
class ShiftView:
    id: int | None
    attendant: str | None
    started_at: datetime | None
    tz: Any
    active: CallView | None = None
    queued: int = 0
    overdue: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "shift_id": self.id,
            "attendant": self.attendant,
            "since": iso_local(self.started_at, self.tz),
            "active_call": self.active.to_json(full=False) if self.active else None,
            "queued": self.queued,
            "overdue": self.overdue,
        }


@dataclass
class Handover:
    from_attendant: str
    to_attendant: str
    at: datetime
    tz: Any
    active: CallView | None = None
    queue: list[CallView] = field(default_factory=list)
    level3: list[CallView] = field(default_factory=list)
    parked: list[CallView] = field(default_factory=list)
    unrated: list[CallView] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        def short(views: list[CallView]) -> list[dict[str, Any]]:
            return [v.to_json(full=False) for v in views]

        return {
            "from": self.from_attendant,
            "to": self.to_attendant,
            "at": iso_local(self.at, self.tz),
            "active_call": self.active.to_json(full=False) if self.active else None,
            "queue": short(self.queue),
            "level3": short(self.level3),
            "parked": short(self.parked),
            "unrated": short(self.unrated),
            "overdue": [v.id for v in self.level3 if v.overdue],
        }


def current_shift(ctx: Ctx) -> Shift | None:
    return ctx.session.exec(
        select(Shift).where(Shift.ended_at == None).order_by(Shift.started_at.desc())  # noqa: E711
    ).first()


def _clean(name: str) -> str:
    return " ".join(rules.require_text("The attendant's name", name).split())


def start(ctx: Ctx, name: str) -> ShiftView:
    who = _clean(name)
    shift = current_shift(ctx)
    if shift is not None:
        if shift.attendant.lower() == who.lower():
            raise StateError(f"{shift.attendant} is already on shift.")
        raise StateError(
            f"{shift.attendant} is on shift; hand it over with "
            f"focco247 shift handover --to {who!r}."
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
    rows = ctx.session.exec(
        select(Call)
        .where(Call.status.in_([s.value for s in rules.IN_PROGRESS]))
        .order_by(Call.opened_at, Call.id)
    ).all()
    return views(ctx, list(rows))


def inheritance(ctx: Ctx, to: str, from_: str) -> Handover:
    """What is open right now, as the next attendant will find it."""
    progress = _in_progress(ctx)
    resolved = ctx.session.exec(
        select(Call)
        .where(Call.status == Status.RESOLVED.value)
        .order_by(Call.resolved_at.desc(), Call.id.desc())
    ).all()
    return Handover(
        from_attendant=from_,
        to_attendant=to,
        at=ctx.now,
        tz=ctx.tz,
        active=next((v for v in progress if v.status == Status.OPEN), None),
        queue=[v for v in progress if v.status == Status.QUEUED],
        level3=sorted(
            (v for v in progress if v.call.level == 3),
            key=lambda v: (not v.overdue, v.update_due_at, v.id),
        ),
        parked=[v for v in progress if v.status == Status.PARKED and v.call.level != 3],
        unrated=views(ctx, list(resolved)),
    )


def handover(ctx: Ctx, to: str) -> Handover:
    """End the current shift, start `to`'s, and record what they inherit."""
    who = _clean(to)
    shift = current_shift(ctx)
    giver = shift.attendant if shift else ctx.actor
    if shift is not None and shift.attendant.lower() == who.lower():
        raise StateError(f"{shift.attendant} is already on shift; hand over to someone else.")
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
        overdue=[v.id for v in result.level3 if v.overdue],
        parked=[v.id for v in result.parked],
        unrated=[v.id for v in result.unrated],
    )
    return result
