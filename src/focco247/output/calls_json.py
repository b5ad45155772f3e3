"""The JSON documents of calls, the queue, shifts, the handover and specialists.

Keys and their order are the CLI contract (SPEC §3): scripts read them. Instants are ISO 8601
with the offset of the policy time zone.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from focco247.domain.calls import Status
from focco247.domain.instants import iso_local
from focco247.output.call_story import describe, exceptional_warning
from focco247.output.clients import contact_json, hours_json

if TYPE_CHECKING:
    from focco247.services.calls import CallList, CallView, EntryRecord, EventRecord, QueueView
    from focco247.services.shifts import Handover, ShiftView
    from focco247.services.specialists import SpecialistView

Doc = dict[str, object]


def call(view: CallView, full: bool = True) -> Doc:
    """A call; `full=False` is the list form (no story)."""
    c, tz = view.call, view.tz
    doc: Doc = {
        "id": c.id,
        "client": view.client,
        "client_name": view.client_name,
        "product": c.product,
        "caller": c.caller,
        "phone": c.phone,
        "summary": c.summary,
        "opened_at": iso_local(c.opened_at, tz),
        "verdict": c.verdict,
        "verdict_reason": c.verdict_reason,
        "status": c.status,
        "level": c.level,
        "active": c.status == Status.OPEN,
        "waiting_minutes": view.waiting_minutes,
        "chargeable": c.chargeable,
        "chargeable_reason": c.chargeable_reason,
        "total_minutes": view.total_minutes,
        "overdue": view.overdue,
        "overdue_minutes": view.overdue_minutes,
        "update_due_at": iso_local(view.update_due_at, tz),
        "last_update_at": iso_local(c.last_update_at, tz),
        "eta": iso_local(view.eta, tz),
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
            "name": e.name,
            "area": e.area,
            "phone": e.phone,
            "reason": e.reason,
            "at": iso_local(e.at, tz),
        }
        for e in view.escalations
    ]
    doc["updates"] = [
        {"at": iso_local(u.at, tz), "note": u.note, "eta": iso_local(u.eta, tz)}
        for u in view.updates
    ]
    doc["time_entries"] = [entry(e, tz) for e in view.entries]
    doc["events"] = [event(e, tz) for e in view.events]
    if view.entry is not None:
        doc["entry"] = entry(view.entry, tz)
    if view.exceptional_used:
        doc["warning"] = exceptional_warning(view.client)
    if view.sales is not None:
        doc["sales"] = {"phone": view.sales.phone, "email": view.sales.email}
    if view.product_hours is not None:
        doc["product_hours"] = hours_json(view.product_hours)
    return doc


def opened(view: CallView) -> Doc:
    """`call open`: the call, the client's preferred contact and whether they are calling."""
    doc = call(view)
    doc["preferred_contact"] = contact_json(view.contact)
    doc["caller_is_preferred_contact"] = view.caller_is_contact
    return doc


def entry(e: EntryRecord, tz: ZoneInfo) -> Doc:
    return {
        "id": e.id,
        "minutes": e.minutes,
        "worked_at": iso_local(e.worked_at, tz),
        "note": e.note,
        "reverses_id": e.reverses_id,
        "actor": e.actor,
    }


def event(e: EventRecord, tz: ZoneInfo) -> Doc:
    return {
        "at": iso_local(e.at, tz),
        "actor": e.actor,
        "action": e.action,
        "detail": dict(e.detail),
        "text": describe(e.action, e.detail),
    }


def short_call(view: CallView) -> Doc:
    """One call of a list (`call list --json` streams these)."""
    return call(view, full=False)


def _short(views: Iterable[CallView]) -> list[Doc]:
    return [call(v, full=False) for v in views]


def calls(views: Iterable[CallView]) -> Doc:
    """`call list` and `call overdue`."""
    return {"calls": _short(views)}


def call_list(result: CallList) -> Doc:
    return calls(result.calls)


def queue(result: QueueView) -> Doc:
    return {
        "active": call(result.active, full=False) if result.active else None,
        "calls": [dict(call(v, full=False), position=i) for i, v in enumerate(result.calls, 1)],
    }


def shift(view: ShiftView) -> Doc:
    return {
        "shift_id": view.id,
        "attendant": view.attendant,
        "since": iso_local(view.started_at, view.tz),
        "active_call": call(view.active, full=False) if view.active else None,
        "queued": view.queued,
        "overdue": view.overdue,
    }


def _open_call(view: CallView) -> Doc:
    """A call the next attendant inherits, with the last update its requester was given."""
    u = view.last_update
    last = (
        {"at": iso_local(u.at, view.tz), "note": u.note, "eta": iso_local(u.eta, view.tz)}
        if u is not None
        else None
    )
    return dict(call(view, full=False), last_update=last)


def handover(result: Handover) -> Doc:
    return {
        "from": result.from_attendant,
        "to": result.to_attendant,
        "at": iso_local(result.at, result.tz),
        "active_call": _open_call(result.active) if result.active else None,
        "queue": [_open_call(v) for v in result.queue],
        "level3": [_open_call(v) for v in result.level3],
        "parked": [_open_call(v) for v in result.parked],
        "unrated": _short(result.unrated),
        "unrated_total": result.unrated_total,
        "overdue": list(result.overdue),
    }


def specialist(view: SpecialistView) -> Doc:
    return {
        "id": view.id,
        "name": view.name,
        "area": view.area,
        "phone": view.phone,
        "active": view.active,
    }


def specialists(views: Iterable[SpecialistView]) -> Doc:
    return {"specialists": [specialist(v) for v in views]}
