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
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import partial
from zoneinfo import ZoneInfo

from focco247.domain import calls as rules
from focco247.domain import instants
from focco247.domain.calls import Action, Status
from focco247.domain.contacts import Contact, parse_phone, same_person
from focco247.domain.contracts import addon_in_force
from focco247.domain.durations import format_minutes, parse_entry_minutes
from focco247.domain.entitlement import WeeklyHours
from focco247.domain.instants import iso_local, month_bounds, parse_month
from focco247.errors import NotFoundError, StateError
from focco247.i18n import N_, _, in_language
from focco247.services.base import Ctx, get_client
from focco247.services.check import judge_client, resolve_product
from focco247.services.terms import addon_periods, contact_of
from focco247.store.models import Call, Escalation, Event, ProgressUpdate, Specialist, TimeEntry
from focco247.store.queries import calls as q

# --- results: detached snapshots of plain values --------------------------------------------
# A result outlives the transaction (a read-only one rolls back and would expire the rows
# before the command renders them), so it holds copies, never rows.


@dataclass(frozen=True)
class CallRecord:
    """A call's columns as the views read them."""

    id: int
    product: str
    caller: str
    summary: str
    opened_at: datetime
    verdict: str
    verdict_reason: str
    status: str
    level: int
    chargeable: bool
    chargeable_reason: str | None
    resolution: str | None
    workaround: bool
    resolved_at: datetime | None
    closed_at: datetime | None
    rating: int | None
    strengths: str | None
    weaknesses: str | None
    last_update_at: datetime | None
    timer_started_at: datetime | None
    created_by: str
    phone: str | None = None  # the number to call back

    @classmethod
    def of(cls, row: q.CallColumns) -> CallRecord:
        return cls(
            id=_known(row.id),
            product=row.product,
            caller=row.caller,
            summary=row.summary,
            opened_at=row.opened_at,
            verdict=row.verdict,
            verdict_reason=row.verdict_reason,
            status=row.status,
            level=row.level,
            chargeable=row.chargeable,
            chargeable_reason=row.chargeable_reason,
            resolution=row.resolution,
            workaround=row.workaround,
            resolved_at=row.resolved_at,
            closed_at=row.closed_at,
            rating=row.rating,
            strengths=row.strengths,
            weaknesses=row.weaknesses,
            last_update_at=row.last_update_at,
            timer_started_at=row.timer_started_at,
            created_by=row.created_by,
            phone=row.phone,
        )


@dataclass(frozen=True)
class EntryRecord:
    """A time entry (R14); a reversal names the entry it reverses."""

    id: int
    minutes: int
    worked_at: datetime
    note: str | None
    reverses_id: int | None
    actor: str

    @classmethod
    def of(cls, row: TimeEntry) -> EntryRecord:
        return cls(_known(row.id), row.minutes, row.worked_at, row.note, row.reverses_id, row.actor)


@dataclass(frozen=True)
class EscalationRecord:
    """A specialist brought into the call (R10), and why."""

    name: str
    area: str
    phone: str | None
    reason: str
    at: datetime

    @classmethod
    def of(cls, escalation: Escalation, person: Specialist) -> EscalationRecord:
        return cls(person.name, person.area, person.phone, escalation.reason, escalation.at)


@dataclass(frozen=True)
class UpdateRecord:
    """A progress update given to the requester (R11)."""

    at: datetime
    note: str
    eta: datetime | None

    @classmethod
    def of(cls, row: ProgressUpdate) -> UpdateRecord:
        return cls(row.at, row.note, row.eta)


@dataclass(frozen=True)
class EventRecord:
    """One audit event on the call (R18), its detail as recorded."""

    at: datetime
    actor: str
    action: str
    detail: Mapping[str, object]

    @classmethod
    def of(cls, row: Event) -> EventRecord:
        return cls(row.at, row.actor, row.action, json.loads(row.detail or "{}"))


@dataclass(frozen=True)
class SalesContact:
    """Who sells the 24|7 add-on, for a refused contact."""

    phone: str
    email: str


@dataclass(frozen=True)
class CallView:
    """A call as the commands present it: the call, its client and its derived state; the
    story (entries, escalations, updates, events) is filled for the full form only."""

    call: CallRecord
    client: str
    client_name: str
    total_minutes: int
    overdue: bool
    overdue_minutes: int
    update_due_at: datetime | None
    waiting_minutes: int | None
    tz: ZoneInfo
    now: datetime
    eta: datetime | None = None
    entries: tuple[EntryRecord, ...] = ()
    escalations: tuple[EscalationRecord, ...] = ()
    updates: tuple[UpdateRecord, ...] = ()
    events: tuple[EventRecord, ...] = ()
    entry: EntryRecord | None = None  # the entry this command logged or reversed
    sales: SalesContact | None = None
    queued_behind: int | None = None  # the active call a new contact queued behind
    exceptional_used: bool = False  # this contact used the client's one exceptional service
    # A refused contact about a product the add-on does not cover: that product's own hours.
    product_hours: WeeklyHours | None = None
    contact: Contact | None = None  # the client's preferred contact (call open)
    caller_is_contact: bool = False  # the caller is that contact (call open)
    last_update: UpdateRecord | None = None  # the last progress update (handover)
    escalated_again: bool = False  # this escalation named a specialist already on the call

    @property
    def id(self) -> int:
        return self.call.id

    @property
    def status(self) -> str:
        return self.call.status


def _known(row_id: int | None) -> int:
    """The id of a row that was flushed (it always has one)."""
    assert row_id is not None, "row not flushed"
    return row_id


# --- loading --------------------------------------------------------------------------------


def get_call(ctx: Ctx, call_id: int) -> Call:
    call = q.call_by_id(ctx.session, call_id)
    if call is None:
        raise NotFoundError(_("Call #{call_id} does not exist.").format(call_id=call_id))
    return call


def active_call(ctx: Ctx) -> Call | None:
    """The attendant's active call (status `open`), if they are busy."""
    return q.active_call(ctx.session)


def queued_calls(ctx: Ctx) -> list[Call]:
    """The callback queue (R8), oldest contact first."""
    return q.queued_calls(ctx.session)


def views(ctx: Ctx, calls: list[Call], full: bool = False) -> list[CallView]:
    ids = [_known(c.id) for c in calls]
    totals = q.minutes_by_call(ctx.session, ids)
    etas = q.latest_etas(ctx.session, ids)
    clients = q.clients_by_id(ctx.session, {c.client_id for c in calls})
    out = []
    for c in calls:
        cid, client = _known(c.id), clients[c.client_id]
        listed = q.ListedCall(c, totals.get(cid, 0), etas.get(cid), client.code, client.name)
        view = _view(ctx, listed)
        out.append(_with_story(ctx, view, c) if full else view)
    return out


def _view(ctx: Ctx, listed: q.ListedCall) -> CallView:
    """The short view of one call of a list (its story left empty)."""
    c = listed.call
    every = ctx.policy.level3_update_every_minutes
    level3 = c.level == 3 and Status(c.status) in rules.IN_PROGRESS
    overdue = rules.is_overdue(
        level=c.level,
        status=c.status,
        opened_at=c.opened_at,
        last_update_at=c.last_update_at,
        now=ctx.now,
        every_minutes=every,
    )
    due = rules.update_due_at(c.opened_at, c.last_update_at, every) if level3 else None
    # A refused contact about a product the add-on covers is a sales lead; the full form
    # also leaves out a client that had the add-on that day (see _refusal).
    lead = c.status == Status.REFUSED and ctx.policy.products.get(c.product)
    return CallView(
        call=CallRecord.of(c),
        client=listed.code,
        client_name=listed.name,
        total_minutes=listed.total_minutes,
        overdue=overdue,
        overdue_minutes=rules.minutes_overdue(due, ctx.now) if overdue else 0,
        update_due_at=due,
        waiting_minutes=rules.waiting_minutes(c.status, c.opened_at, ctx.now),
        tz=ctx.tz,
        now=ctx.now,
        eta=listed.eta,
        sales=SalesContact(ctx.policy.sales_phone, ctx.policy.sales_email) if lead else None,
    )


def _with_story(ctx: Ctx, view: CallView, row: Call) -> CallView:
    s, cid = ctx.session, view.id
    # A specialist is on a call once, however often they were named (stores written before
    # a repeated escalation became a note may hold the same specialist twice).
    escalations: dict[str, EscalationRecord] = {}
    for e, p in q.escalations_of(s, cid):
        escalations.setdefault(p.name, EscalationRecord.of(e, p))
    sales, hours = _refusal(ctx, row) if row.status == Status.REFUSED else (None, None)
    return replace(
        view,
        entries=tuple(EntryRecord.of(e) for e in q.entries_of(s, cid)),
        escalations=tuple(escalations.values()),
        updates=tuple(UpdateRecord.of(u) for u in q.updates_of(s, cid)),
        events=tuple(EventRecord.of(e) for e in q.events_of(s, cid)),
        sales=sales,
        product_hours=hours,
    )


def _refusal(ctx: Ctx, row: Call) -> tuple[SalesContact | None, WeeklyHours | None]:
    """What a refused contact is told: a product the add-on does not cover, its own hours;
    otherwise how to buy the add-on, unless the client had it that day (R7)."""
    if not ctx.policy.products.get(row.product, False):
        return None, ctx.policy.product_hours.get(row.product)
    day = row.opened_at.astimezone(ctx.tz).date()
    if addon_in_force(addon_periods(ctx, row.client_id), day) is not None:
        return None, None
    return SalesContact(ctx.policy.sales_phone, ctx.policy.sales_email), None


def view_of(ctx: Ctx, call: Call, entry: TimeEntry | None = None) -> CallView:
    """The full view of a call after a change (with the entry this change logged, if any)."""
    ctx.session.flush()
    view = views(ctx, [call], full=True)[0]
    return replace(view, entry=EntryRecord.of(entry)) if entry is not None else view


# --- opening --------------------------------------------------------------------------------


def open_call(
    ctx: Ctx,
    code: str,
    caller: str,
    summary: str,
    product: str | None = None,
    at: datetime | None = None,
    level: int | str = 1,
    phone: str | None = None,
) -> CallView:
    """Judge the contact (R7) and record it: open, queued (busy, R8), refused or redirected.

    The number to call back is the one given, else the preferred contact's when they are the
    caller."""
    client = get_client(ctx, code)
    name = resolve_product(ctx, product)
    who = rules.require_text(N_("The caller's name"), caller)
    what = rules.require_text(N_("The call's summary"), summary)
    number = parse_phone(phone)
    contact = contact_of(client)
    is_contact = contact is not None and same_person(who, contact.name)
    if number is None and is_contact and contact is not None:
        number = contact.phone
    lvl = rules.parse_level(level)
    when = at or ctx.now
    rules.not_in_future(
        when, ctx.now, ctx.policy.future_tolerance_minutes, N_("The call's instant")
    )
    judgement = judge_client(ctx, client, when, name)
    active = active_call(ctx)
    status = rules.initial_status(judgement.verdict.value, busy=active is not None)
    with in_language(ctx.policy.documents_language):  # kept with the call, as on a document
        reason = judgement.reason
    call = Call(
        client_id=_known(client.id),
        product=name,
        caller=who,
        summary=what,
        opened_at=when,
        verdict=judgement.verdict.value,
        verdict_reason=reason,
        status=status.value,
        level=lvl,
        active_since=ctx.now if status is Status.OPEN else None,
        created_by=ctx.actor,
        phone=number,
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
        phone=number,
        summary=what,
        opened_at=iso_local(when, ctx.tz),
        verdict=call.verdict,
        status=call.status,
        level=lvl,
        busy_with=active.id if active is not None else None,
    )
    refused = judgement.verdict.value == "refused"
    return replace(
        view_of(ctx, call),
        queued_behind=active.id if status is Status.QUEUED and active is not None else None,
        exceptional_used=judgement.verdict.value == "exceptional",
        sales=SalesContact(ctx.policy.sales_phone, ctx.policy.sales_email)
        if judgement.offers_addon
        else None,
        product_hours=judgement.product_hours if refused else None,
        contact=contact,
        caller_is_contact=is_contact,
    )


# --- the attendant's phone (R8) -------------------------------------------------------------


def take(ctx: Ctx, call_id: int | None = None) -> CallView:
    """Make the oldest queued call (or the one named, queued or parked) the active call."""
    if call_id is not None:
        call = get_call(ctx, call_id)
        rules.transition(call.status, Action.TAKE, call.id)
    active = active_call(ctx)
    if active is not None:
        raise StateError(
            _(
                "Call #{call_id} is the active call; resolve or park it before taking another."
            ).format(call_id=active.id)
        )
    if call_id is None:
        queue = queued_calls(ctx)
        if not queue:
            parked = q.parked_call_ids(ctx.session)
            if parked:
                names = ", ".join(f"#{n}" for n in parked[:5])
                raise StateError(
                    _(
                        "No callbacks are waiting in the queue; parked: {names} "
                        "(take one back with focco247 call take {first})."
                    ).format(names=names, first=parked[0])
                )
            raise StateError(_("No callbacks are waiting in the queue."))
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
    why = rules.require_text(N_("The reason for parking"), reason)
    call.status = rules.transition(call.status, Action.PARK, call.id).value
    entry = _stop_timer(ctx, call) if call.timer_started_at is not None else None
    call.active_since = None
    ctx.session.add(call)
    ctx.record("call", call.id, "parked", reason=why)
    return view_of(ctx, call, entry)


# --- level, specialists, updates (R9-R11) ---------------------------------------------------


def set_level(ctx: Ctx, call_id: int, level: int | str, reason: str) -> CallView:
    call = get_call(ctx, call_id)
    rules.transition(call.status, Action.LEVEL, call.id)
    new = rules.change_level(call.level, level, call.id)
    why = rules.require_text(N_("The reason for the level change"), reason)
    previous, call.level = call.level, new
    ctx.session.add(call)
    ctx.record("call", call.id, "level", reason=why, **{"from": previous, "to": new})
    return view_of(ctx, call)


def escalate(ctx: Ctx, call_id: int, specialist: str, reason: str) -> CallView:
    from focco247.services.specialists import find_specialist

    call = get_call(ctx, call_id)
    rules.transition(call.status, Action.ESCALATE, call.id)
    why = rules.require_text(N_("The reason for the escalation"), reason)
    person = find_specialist(ctx, specialist)
    previous = call.level
    call.level = rules.escalated_level(call.level)
    # Naming a specialist already on the call again is a note in its story, not a second
    # escalation: the call lists them once and reports count them once.
    again = q.already_escalated_to(ctx.session, _known(call.id), _known(person.id))
    if not again:
        ctx.session.add(
            Escalation(
                call_id=_known(call.id), specialist_id=_known(person.id), reason=why, at=ctx.now
            )
        )
    ctx.session.add(call)
    ctx.record(
        "call",
        call.id,
        "escalated_again" if again else "escalated",
        specialist=person.name,
        area=person.area,
        reason=why,
        level_from=previous,
        level_to=call.level,
    )
    return replace(view_of(ctx, call), escalated_again=again)


def parse_eta(ctx: Ctx, text: str | None) -> datetime | None:
    """An ETA as an instant, a time of day (`02:00`: its next occurrence) or a delay with
    units (`2h`, `45m`, `1h30`): domain.instants.parse_eta, which refuses a past one."""
    if text is None or not text.strip():
        return None
    return instants.parse_eta(text, ctx.tz, ctx.now).at


def update(ctx: Ctx, call_id: int, note: str, eta: str | None = None) -> CallView:
    """A progress update given to the requester (R11): it resets the level-3 update clock."""
    call = get_call(ctx, call_id)
    rules.transition(call.status, Action.UPDATE, call.id)
    text = rules.require_text(N_("The update's note"), note)
    when = parse_eta(ctx, eta)
    ctx.session.add(ProgressUpdate(call_id=_known(call.id), at=ctx.now, note=text, eta=when))
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
        call_id=_known(call.id),
        minutes=minutes,
        worked_at=worked_at,
        note=note,
        reverses_id=reverses_id,
        created_at=ctx.now,
        actor=ctx.actor,
    )
    ctx.session.add(entry)
    call.note_billing_change(ctx.now)
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
    rules.not_in_future(worked_at, ctx.now, tolerance, N_("The time entry's instant"))
    rules.not_before(
        worked_at, call.opened_at, N_("The time entry's instant"), N_("the call's opening")
    )
    clean = note.strip() if note and note.strip() else None
    return view_of(ctx, call, _add_entry(ctx, call, minutes, worked_at, clean))


def unlog(ctx: Ctx, entry_id: int, reason: str | None = None) -> CallView:
    """Correct a time entry by a reversing entry (R14): history is never edited."""
    entry = q.entry_by_id(ctx.session, entry_id)
    if entry is None:
        raise NotFoundError(_("Time entry {entry_id} does not exist.").format(entry_id=entry_id))
    call = get_call(ctx, entry.call_id)
    rules.transition(call.status, Action.UNLOG, call.id)
    entry_key = _known(entry.id)
    reversed_by = q.reversal_of(ctx.session, entry_key)
    minutes = rules.reversal_minutes(
        entry.minutes, reversed_by is not None, entry.reverses_id is not None, entry_key
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
    return view_of(ctx, call, reversal)


def timer_start(ctx: Ctx, call_id: int) -> CallView:
    call = get_call(ctx, call_id)
    rules.transition(call.status, Action.TIMER_START, call.id)
    if call.timer_started_at is not None:
        since = call.timer_started_at.astimezone(ctx.tz).strftime("%H:%M")
        raise StateError(
            _("The timer on call #{call_id} is already running since {since}.").format(
                call_id=call.id, since=since
            )
        )
    call.timer_started_at = ctx.now
    ctx.session.add(call)
    ctx.record("call", call.id, "timer_started")
    return view_of(ctx, call)


def _stop_timer(ctx: Ctx, call: Call, discard: bool = False) -> TimeEntry | None:
    started = call.timer_started_at
    if started is None:
        raise StateError(_("No timer is running on call #{call_id}.").format(call_id=call.id))
    minutes = rules.elapsed_minutes(started, ctx.now)
    call.timer_started_at = None
    ctx.session.add(call)
    if discard or minutes == 0:
        ctx.record("call", call.id, "timer_discarded", minutes=minutes)
        return None
    if minutes > 24 * 60:
        raise StateError(
            _(
                "The timer on call #{call_id} ran for {minutes}, more than one entry may hold "
                "(24 h); stop it with --discard and log the real time with call log."
            ).format(call_id=call.id, minutes=format_minutes(minutes))
        )
    return _add_entry(ctx, call, minutes, started, "timer")


def timer_stop(ctx: Ctx, call_id: int, discard: bool = False) -> CallView:
    call = get_call(ctx, call_id)
    rules.transition(call.status, Action.TIMER_STOP, call.id)
    return view_of(ctx, call, _stop_timer(ctx, call, discard))


# --- client-caused (R13) ----------------------------------------------------------------------


def set_chargeable(ctx: Ctx, call_id: int, reason: str, undo: bool = False) -> CallView:
    call = get_call(ctx, call_id)
    why = rules.require_text(N_("The reason"), reason)
    if undo:
        rules.transition(call.status, Action.UNCHARGEABLE, call.id)
        if not call.chargeable:
            raise StateError(_("Call #{call_id} is not marked chargeable.").format(call_id=call.id))
        call.chargeable, call.chargeable_reason = False, None
        ctx.record("call", call.id, "not_chargeable", reason=why)
    else:
        rules.transition(call.status, Action.CHARGEABLE, call.id)
        if call.chargeable:
            raise StateError(
                _("Call #{call_id} is already marked client-caused (chargeable).").format(
                    call_id=call.id
                )
            )
        call.chargeable, call.chargeable_reason = True, why
        ctx.record("call", call.id, "chargeable", reason=why)
    call.note_billing_change(ctx.now)
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
    text = rules.require_text(N_("The resolution"), resolution)
    when = at or ctx.now
    rules.not_in_future(when, ctx.now, ctx.policy.future_tolerance_minutes, N_("The resolution"))
    rules.not_before(when, call.opened_at, N_("The resolution"), N_("the call's opening"))
    if call.timer_started_at is not None:
        _stop_timer(ctx, call)
    previous = call.status
    call.status = target.value
    call.resolution, call.workaround, call.resolved_at = text, workaround, when
    call.active_since = None
    call.note_billing_change(ctx.now)
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
    why = rules.require_text(N_("The reason for reopening"), reason)
    active = active_call(ctx)
    if active is not None:
        raise StateError(
            _(
                "Call #{call_id} is the active call; resolve or park it before reopening #{other}."
            ).format(call_id=active.id, other=call.id)
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
    call.note_billing_change(ctx.now)
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
            raise StateError(
                _("Call #{call_id} was already rated {rating}/5.").format(
                    call_id=call.id, rating=call.rating
                )
            )
        if score is None:
            raise StateError(
                _("Call #{call_id} is already closed; give --rating to rate it.").format(
                    call_id=call.id
                )
            )
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


@dataclass(frozen=True)
class CallList:
    """`call list`: the calls shown (oldest first) and how many matched in all."""

    calls: tuple[CallView, ...]
    total: int


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
    where = _filter(ctx, client, status, level, month, overdue)
    if overdue:
        late = list(_overdue_of(ctx, where))
        return CallList(tuple(late[-limit:] if limit else late), len(late))
    total = q.count_calls(ctx.session, where)
    return CallList(tuple(_view(ctx, c) for c in q.list_calls(ctx.session, where, limit)), total)


def stream_calls(
    ctx: Ctx,
    client: str | None = None,
    status: str | None = None,
    level: int | str | None = None,
    month: str | None = None,
    overdue: bool = False,
    limit: int | None = None,
) -> Iterator[CallView]:
    """The calls of `list_calls`, one at a time as the store yields them (a book's whole
    history never sits in memory); the filters are checked before the first row is read."""
    where = _filter(ctx, client, status, level, month, overdue)
    if overdue:
        late = list(_overdue_of(ctx, where))
        return iter(late[-limit:] if limit else late)
    return (_view(ctx, c) for c in q.list_calls(ctx.session, where, limit))


def _filter(
    ctx: Ctx,
    client: str | None,
    status: str | None,
    level: int | str | None,
    month: str | None,
    overdue: bool,
) -> q.CallFilter:
    start = end = None
    if month is not None:
        first, last = month_bounds(*parse_month(month))
        start = datetime(first.year, first.month, first.day, tzinfo=ctx.tz)
        end = datetime(last.year, last.month, last.day, tzinfo=ctx.tz) + timedelta(days=1)
    return q.CallFilter(
        client_id=get_client(ctx, client).id if client is not None else None,
        status=rules.parse_status(status) if status is not None else None,
        level=rules.parse_level(level) if level is not None else None,
        opened_from=start,
        opened_before=end,
        # Only in-progress level-3 calls can be overdue (R11); judge those few in Python.
        level3_in_progress=overdue,
    )


def _overdue_of(ctx: Ctx, where: q.CallFilter) -> Iterator[CallView]:
    return (v for v in map(partial(_view, ctx), q.list_calls(ctx.session, where)) if v.overdue)


@dataclass(frozen=True)
class QueueView:
    """The active call, if any, and the callbacks waiting, oldest first (R8)."""

    active: CallView | None
    calls: tuple[CallView, ...]


def queue(ctx: Ctx) -> QueueView:
    """The active call and the callbacks waiting, oldest first (R8)."""
    active = active_call(ctx)
    waiting = views(ctx, queued_calls(ctx))
    return QueueView(views(ctx, [active])[0] if active else None, tuple(waiting))


def by_update_due(view: CallView) -> tuple[datetime, int]:
    """Sort key: the level-3 update due first, then by number (only in-progress level-3
    calls have an update due; the others sort as due now)."""
    return (view.update_due_at or view.now, view.id)


def overdue(ctx: Ctx) -> list[CallView]:
    """In-progress level-3 calls owed an update (R11), the longest overdue first."""
    late = [v for v in views(ctx, q.in_progress_calls(ctx.session, level=3)) if v.overdue]
    return sorted(late, key=by_update_due)
