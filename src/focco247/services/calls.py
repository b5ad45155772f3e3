"""Calls on the 24|7 line, from the first ring to the requester's rating (R7-R14, R17, R18).

Every contact is a Call row: served verdicts open the call (or queue it), a refused contact
is kept with status `refused` (sales follows it up), a business-hours contact is kept with
status `redirected`. The attendant is busy while a call is `open` (see domain/calls.py);
refused and redirected rows are never busy and never queued.

Invoicing reads a call as billable when it is chargeable and resolved (or closed) with
`resolved_at` set; whatever changes that (chargeable, resolution, time entries) also calls
`Call.note_billing_change()` so the next draft re-reads the call.

Every change is one audit event on entity "call" with the call's id, so `call show` can tell
the story from the events alone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from types import SimpleNamespace
from typing import Any

from sqlmodel import func, select

from focco247.domain import calls as rules
from focco247.domain.calls import Action, Status
from focco247.domain.durations import format_minutes, parse_duration, parse_entry_minutes
from focco247.domain.instants import iso_local, month_bounds, parse_instant, parse_month
from focco247.errors import InputError, NotFoundError, StateError
from focco247.services.base import Ctx, get_client
from focco247.services.check import judge_client, resolve_product
from focco247.store.models import (
    Call,
    Client,
    Escalation,
    Event,
    ProgressUpdate,
    Specialist,
    TimeEntry,
)


@dataclass
class CallView:
    """A call as `call show` presents it; `to_json(full=False)` is the list form."""

    call: Call
    client: str
    client_name: str
    total_minutes: int
    overdue: bool
    update_due_at: datetime | None
    tz: Any
    now: datetime
    eta: datetime | None = None
    entries: list[TimeEntry] = field(default_factory=list)
    escalations: list[tuple[Escalation, Specialist]] = field(default_factory=list)
    updates: list[ProgressUpdate] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    entry: TimeEntry | None = None
    warning: str | None = None
    sales: dict[str, str] | None = None
    queued_behind: int | None = None

    @property
    def id(self) -> int:
        return self.call.id

    @property
    def status(self) -> str:
        return self.call.status

    @property
    def waiting_minutes(self) -> int | None:
        if self.call.status != Status.QUEUED:
            return None
        return max(0, int((self.now - self.call.opened_at).total_seconds() // 60))

    def to_json(self, full: bool = True) -> dict[str, Any]:
        c, tz = self.call, self.tz
        doc: dict[str, Any] = {
            "id": c.id,
            "client": self.client,
            "client_name": self.client_name,
            "product": c.product,
            "caller": c.caller,
            "summary": c.summary,
            "opened_at": iso_local(c.opened_at, tz),
            "verdict": c.verdict,
            "verdict_reason": c.verdict_reason,
            "status": c.status,
            "level": c.level,
            "active": c.status == Status.OPEN,
            "waiting_minutes": self.waiting_minutes,
            "chargeable": c.chargeable,
            "chargeable_reason": c.chargeable_reason,
            "total_minutes": self.total_minutes,
            "overdue": self.overdue,
            "overdue_minutes": overdue_minutes(self),
            "update_due_at": iso_local(self.update_due_at, tz),
            "last_update_at": iso_local(c.last_update_at, tz),
            "eta": iso_local(self.eta, tz),
            "timer_started_at": iso_local(c.timer_started_at, tz),
            "resolution": c.resolution,
            "workaround": c.workaround,
            "resolved_at": iso_local(c.resolved_at, tz),
            "closed_at": iso_local(c.closed_at, tz),
            "rating": c.rating,
            "strengths": c.strengths,
            "weaknesses": c.weaknesses,
            "created_by": c.created_by,
        }
        if not full:
            return doc
        doc["specialists"] = [
            {
                "name": s.name,
                "area": s.area,
                "phone": s.phone,
                "reason": e.reason,
                "at": iso_local(e.at, tz),
            }
            for e, s in self.escalations
        ]
        doc["updates"] = [
            {"at": iso_local(u.at, tz), "note": u.note, "eta": iso_local(u.eta, tz)}
            for u in self.updates
        ]
        doc["time_entries"] = [entry_json(e, tz) for e in self.entries]
        doc["events"] = [event_json(e, tz) for e in self.events]
        if self.entry is not None:
            doc["entry"] = entry_json(self.entry, tz)
        if self.warning:
            doc["warning"] = self.warning
        if self.sales:
            doc["sales"] = self.sales
        return doc


def entry_json(entry: TimeEntry, tz: Any) -> dict[str, Any]:
    return {
        "id": entry.id,
        "minutes": entry.minutes,
        "worked_at": iso_local(entry.worked_at, tz),
        "note": entry.note,
        "reverses_id": entry.reverses_id,
        "actor": entry.actor,
    }


def event_json(event: Event, tz: Any) -> dict[str, Any]:
    detail = json.loads(event.detail or "{}")
    return {
        "at": iso_local(event.at, tz),
        "actor": event.actor,
        "action": event.action,
        "detail": detail,
        "text": describe(event.action, detail),
    }


def _hm(value: Any) -> str:
    """An ISO instant from an event detail as 'YYYY-MM-DD HH:MM' (already local)."""
    return str(value)[:16].replace("T", " ") if value else ""


def describe(action: str, d: dict[str, Any]) -> str:
    """One sentence per audit event: the story `call show` tells (R18)."""
    match action:
        case "opened":
            where = {
                "queued": "queued for a callback (attendant busy)",
                "open": "opened as the active call",
                "refused": "refused, not served by the 24|7 line",
                "redirected": "redirected to the regular support channels",
            }.get(d.get("status"), d.get("status", ""))
            return (
                f"Contact at {_hm(d.get('opened_at'))} from {d.get('caller')} about "
                f"{d.get('product')}: {d.get('verdict')}, level {d.get('level')}; {where}."
            )
        case "taken":
            return f"Taken by the attendant (was {d.get('from')})."
        case "parked":
            return f"Parked, attendant freed: {d.get('reason')}."
        case "level":
            return f"Level {d.get('from')} -> {d.get('to')}: {d.get('reason')}."
        case "escalated":
            raised = (
                f"; level {d.get('level_from')} -> {d.get('level_to')}"
                if d.get("level_from") != d.get("level_to")
                else ""
            )
            return (
                f"Escalated to {d.get('specialist')} ({d.get('area')}): {d.get('reason')}{raised}."
            )
        case "update":
            eta = f" ETA {_hm(d.get('eta'))}." if d.get("eta") else ""
            return f"Requester updated: {d.get('note')}.{eta}"
        case "logged":
            note = f" ({d.get('note')})" if d.get("note") else ""
            return (
                f"Logged {format_minutes(int(d.get('minutes', 0)))} worked at "
                f"{_hm(d.get('worked_at'))}{note} (entry {d.get('entry')})."
            )
        case "unlogged":
            return (
                f"Entry {d.get('reverses')} reversed by entry {d.get('entry')} "
                f"({format_minutes(int(d.get('minutes', 0)))})"
                + (f": {d.get('reason')}." if d.get("reason") else ".")
            )
        case "timer_started":
            return "Timer started."
        case "timer_discarded":
            return f"Timer discarded after {format_minutes(int(d.get('minutes', 0)))}."
        case "chargeable":
            return f"Marked client-caused (chargeable): {d.get('reason')}."
        case "not_chargeable":
            return f"No longer chargeable: {d.get('reason')}."
        case "resolved":
            how = "Worked around" if d.get("workaround") else "Resolved"
            return f"{how} at {_hm(d.get('resolved_at'))}: {d.get('resolution')}."
        case "reopened":
            return f"Reopened: {d.get('reason')}."
        case "closed":
            rated = f", rated {d.get('rating')}/5" if d.get("rating") else ", not rated"
            return f"Closed{rated}."
        case "rated":
            return f"Rated {d.get('rating')}/5 by the requester."
    return f"{action}."


# --- loading --------------------------------------------------------------------------------


def get_call(ctx: Ctx, call_id: int) -> Call:
    call = ctx.session.get(Call, call_id)
    if call is None:
        raise NotFoundError(f"Call #{call_id} does not exist.")
    return call


def active_call(ctx: Ctx) -> Call | None:
    """The attendant's active call (status `open`), if they are busy."""
    return ctx.session.exec(
        select(Call).where(Call.status == Status.OPEN.value).order_by(Call.active_since, Call.id)
    ).first()


def queued_calls(ctx: Ctx) -> list[Call]:
    """The callback queue (R8), oldest contact first."""
    return list(
        ctx.session.exec(
            select(Call).where(Call.status == Status.QUEUED.value).order_by(Call.opened_at, Call.id)
        ).all()
    )


def _minutes(ctx: Ctx, ids: list[int]) -> dict[int, int]:
    if not ids:
        return {}
    rows = ctx.session.exec(
        select(TimeEntry.call_id, func.sum(TimeEntry.minutes))
        .where(TimeEntry.call_id.in_(ids))
        .group_by(TimeEntry.call_id)
    ).all()
    return {cid: int(total or 0) for cid, total in rows}


def _latest_eta(ctx: Ctx, ids: list[int]) -> dict[int, datetime | None]:
    out: dict[int, datetime | None] = {}
    if not ids:
        return out
    rows = ctx.session.exec(
        select(ProgressUpdate)
        .where(ProgressUpdate.call_id.in_(ids))
        .order_by(ProgressUpdate.at, ProgressUpdate.id)
    ).all()
    for u in rows:
        if u.eta is not None:
            out[u.call_id] = u.eta
    return out


def snapshot(row: Any) -> Any:
    """A detached copy of a row's columns: views outlive the transaction (a read-only one
    rolls back and would expire the rows before the command renders them)."""
    return SimpleNamespace(**{name: getattr(row, name) for name in type(row).model_fields})


def views(ctx: Ctx, calls: list[Call], full: bool = False) -> list[CallView]:
    ids = [c.id for c in calls]
    totals = _minutes(ctx, ids)
    etas = _latest_eta(ctx, ids)
    clients = {
        c.id: c
        for c in ctx.session.exec(
            select(Client).where(Client.id.in_({c.client_id for c in calls}))
        ).all()
    }
    every = ctx.policy.level3_update_every_minutes
    out = []
    for c in calls:
        client = clients[c.client_id]
        level3 = c.level == 3 and Status(c.status) in rules.IN_PROGRESS
        view = CallView(
            call=snapshot(c),
            client=client.code,
            client_name=client.name,
            total_minutes=totals.get(c.id, 0),
            overdue=rules.is_overdue(
                level=c.level,
                status=c.status,
                opened_at=c.opened_at,
                last_update_at=c.last_update_at,
                now=ctx.now,
                every_minutes=every,
            ),
            update_due_at=(
                rules.update_due_at(c.opened_at, c.last_update_at, every) if level3 else None
            ),
            tz=ctx.tz,
            now=ctx.now,
            eta=etas.get(c.id),
        )
        if c.status == Status.REFUSED:
            view.sales = {"phone": ctx.policy.sales_phone, "email": ctx.policy.sales_email}
        if full:
            _fill(ctx, view)
        out.append(view)
    return out


def _fill(ctx: Ctx, view: CallView) -> None:
    cid = view.call.id
    s = ctx.session
    view.entries = [
        snapshot(e)
        for e in s.exec(select(TimeEntry).where(TimeEntry.call_id == cid).order_by(TimeEntry.id))
    ]
    view.escalations = [
        (snapshot(e), snapshot(p))
        for e, p in s.exec(
            select(Escalation, Specialist)
            .join(Specialist, Specialist.id == Escalation.specialist_id)
            .where(Escalation.call_id == cid)
            .order_by(Escalation.at, Escalation.id)
        ).all()
    ]
    view.updates = [
        snapshot(u)
        for u in s.exec(
            select(ProgressUpdate)
            .where(ProgressUpdate.call_id == cid)
            .order_by(ProgressUpdate.at, ProgressUpdate.id)
        ).all()
    ]
    view.events = [
        snapshot(e)
        for e in s.exec(
            select(Event)
            .where(Event.entity == "call", Event.entity_id == str(cid))
            .order_by(Event.at, Event.id)
        ).all()
    ]


def view_of(ctx: Ctx, call: Call) -> CallView:
    ctx.session.flush()
    return views(ctx, [call], full=True)[0]


# --- opening --------------------------------------------------------------------------------


def open_call(
    ctx: Ctx,
    code: str,
    caller: str,
    summary: str,
    product: str | None = None,
    at: datetime | None = None,
    level: int | str = 1,
) -> CallView:
    """Judge the contact (R7) and record it: open, queued (busy, R8), refused or redirected."""
    client = get_client(ctx, code)
    name = resolve_product(ctx, product)
    who = rules.require_text("The caller's name", caller)
    what = rules.require_text("The call's summary", summary)
    lvl = rules.parse_level(level)
    when = at or ctx.now
    rules.not_in_future(when, ctx.now, ctx.policy.future_tolerance_minutes, "The call's instant")
    judgement = judge_client(ctx, client, when, name)
    active = active_call(ctx)
    status = rules.initial_status(judgement.verdict.value, busy=active is not None)
    call = Call(
        client_id=client.id,
        product=name,
        caller=who,
        summary=what,
        opened_at=when,
        verdict=judgement.verdict.value,
        verdict_reason=judgement.reason,
        status=status.value,
        level=lvl,
        active_since=ctx.now if status is Status.OPEN else None,
        created_by=ctx.actor,
    )
    ctx.session.add(call)
    ctx.session.flush()
    ctx.record(
        "call",
        call.id,
        "opened",
        client=client.code,
        product=name,
        caller=who,
        summary=what,
        opened_at=iso_local(when, ctx.tz),
        verdict=call.verdict,
        status=call.status,
        level=lvl,
        busy_with=active.id if active is not None else None,
    )
    view = view_of(ctx, call)
    if status is Status.QUEUED and active is not None:
        view.queued_behind = active.id
    if judgement.verdict.value == "exceptional":
        view.warning = (
            f"{client.code} has now used its one exceptional service; the next off-hours "
            "contact will be refused unless the client subscribes to the 24|7 add-on."
        )
    return view


# --- the attendant's phone (R8) -------------------------------------------------------------


def take(ctx: Ctx, call_id: int | None = None) -> CallView:
    """Make the oldest queued call (or the one named, queued or parked) the active call."""
    if call_id is not None:
        call = get_call(ctx, call_id)
        rules.transition(call.status, Action.TAKE, call.id)
    active = active_call(ctx)
    if active is not None:
        raise StateError(
            f"Call #{active.id} is the active call; resolve or park it before taking another."
        )
    if call_id is None:
        queue = queued_calls(ctx)
        if not queue:
            parked = ctx.session.exec(
                select(Call.id).where(Call.status == Status.PARKED.value).order_by(Call.id)
            ).all()
            if parked:
                names = ", ".join(f"#{n}" for n in parked[:5])
                raise StateError(
                    f"No callbacks are waiting in the queue; parked: {names} "
                    f"(take one back with focco247 call take {parked[0]})."
                )
            raise StateError("No callbacks are waiting in the queue.")
        call = queue[0]
    previous = call.status
    call.status = rules.transition(call.status, Action.TAKE, call.id).value
    call.active_since = ctx.now
    ctx.session.add(call)
    ctx.record("call", call.id, "taken", **{"from": previous})
    return view_of(ctx, call)


def park(ctx: Ctx, call_id: int, reason: str) -> CallView:
    """Free the attendant; a running timer stops and its time is logged (R14), since the
    attendant's next minutes go to another call."""
    call = get_call(ctx, call_id)
    why = rules.require_text("The reason for parking", reason)
    call.status = rules.transition(call.status, Action.PARK, call.id).value
    entry = _stop_timer(ctx, call) if call.timer_started_at is not None else None
    call.active_since = None
    ctx.session.add(call)
    ctx.record("call", call.id, "parked", reason=why)
    view = view_of(ctx, call)
    view.entry = snapshot(entry) if entry is not None else None
    return view


# --- level, specialists, updates (R9-R11) ---------------------------------------------------


def set_level(ctx: Ctx, call_id: int, level: int | str, reason: str) -> CallView:
    call = get_call(ctx, call_id)
    rules.transition(call.status, Action.LEVEL, call.id)
    new = rules.change_level(call.level, level, call.id)
    why = rules.require_text("The reason for the level change", reason)
    previous, call.level = call.level, new
    ctx.session.add(call)
    ctx.record("call", call.id, "level", reason=why, **{"from": previous, "to": new})
    return view_of(ctx, call)


def escalate(ctx: Ctx, call_id: int, specialist: str, reason: str) -> CallView:
    from focco247.services.specialists import find_specialist

    call = get_call(ctx, call_id)
    rules.transition(call.status, Action.ESCALATE, call.id)
    why = rules.require_text("The reason for the escalation", reason)
    person = find_specialist(ctx, specialist)
    previous = call.level
    call.level = rules.escalated_level(call.level)
    ctx.session.add(Escalation(call_id=call.id, specialist_id=person.id, reason=why, at=ctx.now))
    ctx.session.add(call)
    ctx.record(
        "call",
        call.id,
        "escalated",
        specialist=person.name,
        area=person.area,
        reason=why,
        level_from=previous,
        level_to=call.level,
    )
    return view_of(ctx, call)


def parse_eta(ctx: Ctx, text: str | None) -> datetime | None:
    """An ETA as an instant, a time of day (`02:00`: its next occurrence) or a delay with
    units (`2h`, `45m`, `1h30m`)."""
    if text is None or not text.strip():
        return None
    eta = rules.next_clock_time(text, ctx.now, ctx.tz)
    if eta is None:
        try:
            eta = ctx.now + timedelta(minutes=parse_duration(text))
        except InputError:
            try:
                eta = parse_instant(text, ctx.tz)
            except InputError:
                raise InputError(
                    f"ETA {text.strip()!r} is not valid; write a time of day (02:00), a delay "
                    "(2h, 45m) or an instant (2026-11-24 21:30)."
                ) from None
    if eta <= ctx.now:
        raise InputError("The ETA is not in the future; give the time the requester can expect.")
    return eta


def update(ctx: Ctx, call_id: int, note: str, eta: str | None = None) -> CallView:
    """A progress update given to the requester (R11): it resets the level-3 update clock."""
    call = get_call(ctx, call_id)
    rules.transition(call.status, Action.UPDATE, call.id)
    text = rules.require_text("The update's note", note)
    when = parse_eta(ctx, eta)
    ctx.session.add(ProgressUpdate(call_id=call.id, at=ctx.now, note=text, eta=when))
    call.last_update_at = ctx.now
    ctx.session.add(call)
    ctx.record("call", call.id, "update", note=text, eta=iso_local(when, ctx.tz))
    return view_of(ctx, call)


# --- time (R14) -----------------------------------------------------------------------------


def _insert_entry(
    ctx: Ctx,
    call: Call,
    minutes: int,
    worked_at: datetime,
    note: str | None,
    reverses_id: int | None = None,
) -> TimeEntry:
    """Append a time entry (never edited later) and flag the call for billing."""
    entry = TimeEntry(
        call_id=call.id,
        minutes=minutes,
        worked_at=worked_at,
        note=note,
        reverses_id=reverses_id,
        created_at=ctx.now,
        actor=ctx.actor,
    )
    ctx.session.add(entry)
    call.note_billing_change()
    ctx.session.add(call)
    ctx.session.flush()
    return entry


def _add_entry(
    ctx: Ctx, call: Call, minutes: int, worked_at: datetime, note: str | None
) -> TimeEntry:
    entry = _insert_entry(ctx, call, minutes, worked_at, note)
    ctx.record(
        "call",
        call.id,
        "logged",
        entry=entry.id,
        minutes=minutes,
        worked_at=iso_local(worked_at, ctx.tz),
        note=note,
    )
    return entry


def log_time(
    ctx: Ctx,
    call_id: int,
    duration: str,
    at: datetime | None = None,
    note: str | None = None,
) -> CallView:
    call = get_call(ctx, call_id)
    rules.transition(call.status, Action.LOG, call.id)
    minutes = parse_entry_minutes(duration)
    worked_at = at or ctx.now
    tolerance = ctx.policy.future_tolerance_minutes
    rules.not_in_future(worked_at, ctx.now, tolerance, "The time entry's instant")
    rules.not_before(worked_at, call.opened_at, "The time entry's instant", "the call's opening")
    clean = note.strip() if note and note.strip() else None
    view_entry = _add_entry(ctx, call, minutes, worked_at, clean)
    view = view_of(ctx, call)
    view.entry = snapshot(view_entry)
    return view


def unlog(ctx: Ctx, entry_id: int, reason: str | None = None) -> CallView:
    """Correct a time entry by a reversing entry (R14): history is never edited."""
    entry = ctx.session.get(TimeEntry, entry_id)
    if entry is None:
        raise NotFoundError(f"Time entry {entry_id} does not exist.")
    call = get_call(ctx, entry.call_id)
    rules.transition(call.status, Action.UNLOG, call.id)
    reversed_by = ctx.session.exec(
        select(TimeEntry.id).where(TimeEntry.reverses_id == entry.id)
    ).first()
    minutes = rules.reversal_minutes(
        entry.minutes, reversed_by is not None, entry.reverses_id is not None, entry.id
    )
    why = reason.strip() if reason and reason.strip() else None
    note = f"reverses entry {entry.id}" + (f": {why}" if why else "")
    reversal = _insert_entry(ctx, call, minutes, entry.worked_at, note, reverses_id=entry.id)
    ctx.record(
        "call",
        call.id,
        "unlogged",
        entry=reversal.id,
        reverses=entry.id,
        minutes=minutes,
        reason=why,
    )
    view = view_of(ctx, call)
    view.entry = snapshot(reversal)
    return view


def timer_start(ctx: Ctx, call_id: int) -> CallView:
    call = get_call(ctx, call_id)
    rules.transition(call.status, Action.TIMER_START, call.id)
    if call.timer_started_at is not None:
        since = call.timer_started_at.astimezone(ctx.tz).strftime("%H:%M")
        raise StateError(f"The timer on call #{call.id} is already running since {since}.")
    call.timer_started_at = ctx.now
    ctx.session.add(call)
    ctx.record("call", call.id, "timer_started")
    return view_of(ctx, call)


def _stop_timer(ctx: Ctx, call: Call, discard: bool = False) -> TimeEntry | None:
    started = call.timer_started_at
    if started is None:
        raise StateError(f"No timer is running on call #{call.id}.")
    minutes = rules.elapsed_minutes(started, ctx.now)
    call.timer_started_at = None
    ctx.session.add(call)
    if discard or minutes == 0:
        ctx.record("call", call.id, "timer_discarded", minutes=minutes)
        return None
    if minutes > 24 * 60:
        raise StateError(
            f"The timer on call #{call.id} ran for {format_minutes(minutes)}, more than one "
            "entry may hold (24 h); stop it with --discard and log the real time with call log."
        )
    return _add_entry(ctx, call, minutes, started, "timer")


def timer_stop(ctx: Ctx, call_id: int, discard: bool = False) -> CallView:
    call = get_call(ctx, call_id)
    rules.transition(call.status, Action.TIMER_STOP, call.id)
    entry = _stop_timer(ctx, call, discard)
    view = view_of(ctx, call)
    view.entry = snapshot(entry) if entry is not None else None
    return view


# --- client-caused (R13) ----------------------------------------------------------------------


def set_chargeable(ctx: Ctx, call_id: int, reason: str, undo: bool = False) -> CallView:
    call = get_call(ctx, call_id)
    why = rules.require_text("The reason", reason)
    if undo:
        rules.transition(call.status, Action.UNCHARGEABLE, call.id)
        if not call.chargeable:
            raise StateError(f"Call #{call.id} is not marked chargeable.")
        call.chargeable, call.chargeable_reason = False, None
        ctx.record("call", call.id, "not_chargeable", reason=why)
    else:
        rules.transition(call.status, Action.CHARGEABLE, call.id)
        if call.chargeable:
            raise StateError(f"Call #{call.id} is already marked client-caused (chargeable).")
        call.chargeable, call.chargeable_reason = True, why
        ctx.record("call", call.id, "chargeable", reason=why)
    call.note_billing_change()
    ctx.session.add(call)
    return view_of(ctx, call)


# --- the end of a call (R12, R17) -----------------------------------------------------------


def resolve(
    ctx: Ctx,
    call_id: int,
    resolution: str,
    workaround: bool = False,
    at: datetime | None = None,
) -> CallView:
    """Resolved or worked around; a running timer is stopped and its time logged."""
    call = get_call(ctx, call_id)
    target = rules.transition(call.status, Action.RESOLVE, call.id)
    text = rules.require_text("The resolution", resolution)
    when = at or ctx.now
    rules.not_in_future(when, ctx.now, ctx.policy.future_tolerance_minutes, "The resolution")
    rules.not_before(when, call.opened_at, "The resolution", "the call's opening")
    if call.timer_started_at is not None:
        _stop_timer(ctx, call)
    previous = call.status
    call.status = target.value
    call.resolution, call.workaround, call.resolved_at = text, workaround, when
    call.active_since = None
    call.note_billing_change()
    ctx.session.add(call)
    ctx.record(
        "call",
        call.id,
        "resolved",
        resolution=text,
        workaround=workaround,
        resolved_at=iso_local(when, ctx.tz),
        **{"from": previous},
    )
    return view_of(ctx, call)


def reopen(ctx: Ctx, call_id: int, reason: str) -> CallView:
    """Back to `open` (the active call): resolution and rating are cleared, kept in the trail."""
    call = get_call(ctx, call_id)
    target = rules.transition(call.status, Action.REOPEN, call.id)
    why = rules.require_text("The reason for reopening", reason)
    active = active_call(ctx)
    if active is not None:
        raise StateError(
            f"Call #{active.id} is the active call; resolve or park it before reopening #{call.id}."
        )
    previous = {
        "from": call.status,
        "resolution": call.resolution,
        "workaround": call.workaround,
        "resolved_at": iso_local(call.resolved_at, ctx.tz),
        "rating": call.rating,
    }
    call.status = target.value
    call.resolution, call.workaround, call.resolved_at, call.closed_at = None, False, None, None
    call.rating = call.strengths = call.weaknesses = None
    call.active_since = ctx.now
    call.note_billing_change()
    ctx.session.add(call)
    ctx.record("call", call.id, "reopened", reason=why, **previous)
    return view_of(ctx, call)


def close(
    ctx: Ctx,
    call_id: int,
    rating: int | str | None = None,
    strengths: str | None = None,
    weaknesses: str | None = None,
) -> CallView:
    """Close a resolved call with the requester's rating (R17); a closed call without a
    rating may receive it later, once."""
    call = get_call(ctx, call_id)
    score = rules.parse_rating(rating)
    good = strengths.strip() if strengths and strengths.strip() else None
    bad = weaknesses.strip() if weaknesses and weaknesses.strip() else None
    if call.status == Status.CLOSED:
        rules.transition(call.status, Action.RATE, call.id)
        if call.rating is not None:
            raise StateError(f"Call #{call.id} was already rated {call.rating}/5.")
        if score is None:
            raise StateError(f"Call #{call.id} is already closed; give --rating to rate it.")
        call.rating, call.strengths, call.weaknesses = score, good, bad
        ctx.record("call", call.id, "rated", rating=score, strengths=good, weaknesses=bad)
    else:
        call.status = rules.transition(call.status, Action.CLOSE, call.id).value
        call.closed_at = ctx.now
        call.rating, call.strengths, call.weaknesses = score, good, bad
        ctx.record("call", call.id, "closed", rating=score, strengths=good, weaknesses=bad)
    ctx.session.add(call)
    return view_of(ctx, call)


# --- reading --------------------------------------------------------------------------------


def show(ctx: Ctx, call_id: int) -> CallView:
    return view_of(ctx, get_call(ctx, call_id))


@dataclass
class CallList:
    """`call list`: the calls shown (oldest first) and how many matched in all."""

    calls: list[CallView]
    total: int

    def to_json(self) -> dict[str, Any]:
        return {"calls": [v.to_json(full=False) for v in self.calls]}


def list_calls(
    ctx: Ctx,
    client: str | None = None,
    status: str | None = None,
    level: int | str | None = None,
    month: str | None = None,
    overdue: bool = False,
    limit: int | None = None,
) -> CallList:
    """Calls matching the filters, oldest first; with `limit`, only the most recent ones
    (a book holds years of calls, and reading them all takes a while)."""
    conditions = []
    if client is not None:
        conditions.append(Call.client_id == get_client(ctx, client).id)
    if status is not None:
        conditions.append(Call.status == rules.parse_status(status).value)
    if level is not None:
        conditions.append(Call.level == rules.parse_level(level))
    if month is not None:
        first, last = month_bounds(*parse_month(month))
        start = datetime(first.year, first.month, first.day, tzinfo=ctx.tz)
        end = datetime(last.year, last.month, last.day, tzinfo=ctx.tz) + timedelta(days=1)
        conditions += [Call.opened_at >= start, Call.opened_at < end]
    if overdue:
        # Only in-progress level-3 calls can be overdue (R11); judge those few in Python.
        conditions += [Call.level == 3, Call.status.in_([s.value for s in rules.IN_PROGRESS])]
        rows = ctx.session.exec(select(Call).where(*conditions).order_by(Call.opened_at, Call.id))
        late = [v for v in views(ctx, list(rows.all())) if v.overdue]
        return CallList(late[-limit:] if limit else late, len(late))
    total = ctx.session.exec(select(func.count()).select_from(Call).where(*conditions)).one()
    query = select(Call).where(*conditions)
    if limit:
        query = query.order_by(Call.opened_at.desc(), Call.id.desc()).limit(limit)
        rows = list(reversed(ctx.session.exec(query).all()))
    else:
        rows = list(ctx.session.exec(query.order_by(Call.opened_at, Call.id)).all())
    return CallList(views(ctx, rows), int(total))


@dataclass
class QueueView:
    active: CallView | None
    calls: list[CallView]

    def to_json(self) -> dict[str, Any]:
        return {
            "active": self.active.to_json(full=False) if self.active else None,
            "calls": [dict(v.to_json(full=False), position=i) for i, v in enumerate(self.calls, 1)],
        }


def queue(ctx: Ctx) -> QueueView:
    """The active call and the callbacks waiting, oldest first (R8)."""
    active = active_call(ctx)
    waiting = views(ctx, queued_calls(ctx))
    return QueueView(views(ctx, [active])[0] if active else None, waiting)


def overdue(ctx: Ctx) -> list[CallView]:
    """In-progress level-3 calls owed an update (R11), the longest overdue first."""
    rows = ctx.session.exec(
        select(Call).where(
            Call.level == 3,
            Call.status.in_([s.value for s in rules.IN_PROGRESS]),
        )
    ).all()
    late = [v for v in views(ctx, list(rows)) if v.overdue]
    return sorted(late, key=lambda v: (v.update_due_at, v.id))


def overdue_minutes(view: CallView) -> int:
    if not view.overdue or view.update_due_at is None:
        return 0
    return int((view.now - view.update_due_at).total_seconds() // 60)
