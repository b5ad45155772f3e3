"""Views of calls, the queue, specialists, shifts and the handover, and the sentences that
confirm each change to a call."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING

from focco247.domain.calls import Status
from focco247.i18n import _
from focco247.output import dates
from focco247.output.call_story import describe, exceptional_warning
from focco247.output.clients import VERDICT_STYLE, contact_lines, product_hours_line
from focco247.output.console import console, is_plain, line, panel, table, warn, when
from focco247.output.labels import status_label, verdict_label

if TYPE_CHECKING:
    from focco247.services.calls import CallView, QueueView
    from focco247.services.shifts import Handover, ShiftView
    from focco247.services.specialists import SpecialistView

STATUS_STYLE = {
    "open": "bold green",
    "queued": "yellow",
    "parked": "magenta",
    "resolved": "cyan",
    "cancelled": "dim",
    "closed": "dim",
    "refused": "red",
    "redirected": "blue",
}


def _call_mins(minutes: int | None) -> str:
    """Minutes as typed (`1h30m`); none is 0m (the reports views have their own `_mins`)."""
    from focco247.domain.durations import format_minutes

    return format_minutes(minutes or 0)


def _short(text: str | None, width: int = 0) -> str:
    """One line of user text, shortened on a terminal (never when piped), with rich markup
    neutralised (table cells)."""
    from rich.markup import escape

    text = " ".join(str(text or "").split())
    if width and len(text) > width and sys.stdout.isatty():
        text = text[: width - 1] + "…"
    return escape(text)


def _recent(instant: datetime | None, view: CallView) -> str:
    """A short instant for lists: 'MM-DD HH:MM' this year, the full date for older ones."""
    if instant is None:
        return ""
    if instant.astimezone(view.tz).year == view.now.astimezone(view.tz).year:
        return dates.when_short(instant, view.tz)
    return dates.day(instant, view.tz)


def overdue_text(minutes: int) -> str:
    """How late an update is: `1h30m` within a day, then days and hours (`20d 18h`)."""
    days, rest = divmod(max(minutes, 0), 24 * 60)
    if not days:
        return _call_mins(minutes)
    return f"{days}d {rest // 60}h" if rest >= 60 else f"{days}d"


def _overdue_label(view: CallView) -> str:
    if not view.overdue:
        return ""
    return _("OVERDUE by {minutes}").format(minutes=overdue_text(view.overdue_minutes))


def _last_update(view: CallView) -> str:
    """The last update the requester was given: when, and what they were told."""
    u = view.last_update
    if u is None:
        return "-"
    return f"{_recent(u.at, view)} {_short(u.note)}"


def warn_no_time_logged(view: CallView) -> None:
    """Resolving a call with no time logged is allowed, but the time is likely forgotten."""
    warn(
        _("No time is logged on call #{id}; log it with: focco247 call log {id} DURATION").format(
            id=view.id
        )
    )


def call_opened(view: CallView) -> None:
    """What the attendant needs while the requester is still on the line."""
    c = view.call
    style = VERDICT_STYLE.get(c.verdict, "bold")
    lines = [
        _("Client:   {client} ({name})").format(client=view.client, name=view.client_name),
        _("Caller:   {caller}").format(caller=c.caller),
        *([_("Phone:    {phone}").format(phone=c.phone)] if c.phone else []),
        *contact_lines(view.contact, c.caller, view.caller_is_contact),
        _("Product:  {product}").format(product=c.product),
        _("At:       {when}").format(when=when(c.opened_at, view.tz)),
        _("Verdict:  {verdict} - {reason}").format(verdict=c.verdict, reason=c.verdict_reason),
    ]
    if c.status == "open":
        lines.append(_("Level {level}; this is now your active call.").format(level=c.level))
    elif c.status == "queued":
        if view.queued_behind:
            queued = _("Level {level}; QUEUED for a callback (you are on call #{active}).")
        else:
            queued = _("Level {level}; QUEUED for a callback.")
        lines.append(queued.format(level=c.level, active=view.queued_behind))
    elif c.status == Status.REFUSED:
        lines.append(_("Not served by the 24|7 line; the contact is recorded for sales."))
        if view.product_hours is not None:
            lines.append(product_hours_line(c.product, view.product_hours))
        elif view.sales is not None:
            lines.append(
                _("To buy the 24|7 add-on, sales: {phone}, {email}").format(
                    phone=view.sales.phone, email=view.sales.email
                )
            )
    else:
        lines.append(_("Inside business hours: use the regular support channels. Not opened."))
    panel(
        _("Call #{id}: {status}").format(id=c.id, status=c.status.upper()),
        lines,
        style=style.split()[-1],
    )
    if view.exceptional_used:
        warn(exceptional_warning(view.client))


class Done(Enum):
    """What a command did to a call; `call_done` says it."""

    TAKEN = "taken"
    PARKED = "parked"
    LEVEL = "level"
    ESCALATED = "escalated"
    UPDATED = "updated"
    LOGGED = "logged"
    UNLOGGED = "unlogged"
    TIMER_STARTED = "timer_started"
    TIMER_STOPPED = "timer_stopped"
    CHARGEABLE = "chargeable"
    RESOLVED = "resolved"
    REOPENED = "reopened"
    CLOSED = "closed"


def done_message(view: CallView, done: Done) -> str:
    """The one sentence confirming a change to a call."""
    c, entry = view.call, view.entry
    match done:
        case Done.TAKEN:
            return _("Call #{id} is now your active call; call back {caller}.").format(
                id=c.id, caller=c.caller
            )
        case Done.PARKED:
            parked = _("Call #{id} parked; you are free. Take it back with call take.").format(
                id=c.id
            )
            if entry:
                parked += _(" Timer stopped; logged entry {entry}.").format(entry=entry.id)
            return parked
        case Done.LEVEL:
            return _("Call #{id} is now level {level}.").format(id=c.id, level=c.level)
        case Done.ESCALATED:
            if view.escalated_again:
                return _(
                    "Call #{id}: the specialist was already on it; the new reason is kept "
                    "in its story (level {level})."
                ).format(id=c.id, level=c.level)
            name = view.escalations[-1].name if view.escalations else _("the specialist")
            return _("Call #{id} escalated to {name}; level {level}.").format(
                id=c.id, name=name, level=c.level
            )
        case Done.UPDATED:
            return _("Update recorded on call #{id}.").format(id=c.id)
        case Done.LOGGED:
            return _("Logged entry {entry} on call #{id}.").format(
                entry=entry.id if entry else "", id=c.id
            )
        case Done.UNLOGGED:
            if entry is None:
                return _("Entry reversed on call #{id}.").format(id=c.id)
            return _("Entry {reverses} reversed by entry {entry}.").format(
                reverses=entry.reverses_id, entry=entry.id
            )
        case Done.TIMER_STARTED:
            return _("Timer started on call #{id}.").format(id=c.id)
        case Done.TIMER_STOPPED:
            if entry:
                return _("Timer stopped; logged entry {entry}.").format(entry=entry.id)
            return _("Timer stopped; nothing logged.")
        case Done.CHARGEABLE:
            if c.chargeable:
                return _("Call #{id} is chargeable (client-caused).").format(id=c.id)
            return _("Call #{id} is not chargeable.").format(id=c.id)
        case Done.RESOLVED:
            return _("Call #{id} resolved; ask {caller} to close and rate it.").format(
                id=c.id, caller=c.caller
            )
        case Done.REOPENED:
            return _("Call #{id} reopened; it is your active call.").format(id=c.id)
        case Done.CLOSED:
            if c.rating:
                return _("Call #{id} closed, rated {rating}/5.").format(id=c.id, rating=c.rating)
            return _("Call #{id} closed.").format(id=c.id)


def call_done(view: CallView, done: Done) -> None:
    """The confirmation, then the call's state on one line."""
    c = view.call
    extra = [
        _("status {status}").format(status=c.status),
        _("level {level}").format(level=c.level),
        _("time {minutes}").format(minutes=_call_mins(view.total_minutes)),
    ]
    if c.chargeable:
        extra.append(_("chargeable"))
    if view.overdue:
        extra.append(_overdue_label(view))
    line(done_message(view, done), style="green")
    line(f"  #{c.id} {view.client}: " + ", ".join(extra))


def show_call(view: CallView) -> None:
    """The call at a glance, then its time entries and its story (R18)."""
    c, tz = view.call, view.tz
    timer = (
        _(" (timer running since {when})").format(when=when(c.timer_started_at, tz))
        if c.timer_started_at
        else ""
    )
    charge = (
        _("client-caused: {reason}").format(reason=c.chargeable_reason)
        if c.chargeable
        else _("not chargeable")
    )
    lines = [
        _("Client:   {code} ({name})").format(code=view.client, name=view.client_name),
        _("Caller:   {caller}").format(caller=c.caller),
        *([_("Phone:    {phone}").format(phone=c.phone)] if c.phone else []),
        _("Product:  {product}").format(product=c.product),
        _("Summary:  {summary}").format(summary=c.summary),
        _("Opened:   {when}").format(when=when(c.opened_at, tz)),
        _("Verdict:  {verdict} - {reason}").format(
            verdict=verdict_label(c.verdict), reason=c.verdict_reason
        ),
        _("Level:    {level}").format(level=c.level),
        _("Time:     {minutes}").format(minutes=_call_mins(view.total_minutes)) + timer,
        _("Charge:   {charge}").format(charge=charge),
    ]
    if view.sales is not None:
        lines.append(
            _("Sales:    {phone}, {email}").format(phone=view.sales.phone, email=view.sales.email)
        )
    if view.product_hours is not None:
        lines.append(product_hours_line(c.product, view.product_hours))
    if view.escalations:
        names = ", ".join(f"{e.name} ({e.area})" for e in view.escalations)
        lines.append(_("Experts:  {names}").format(names=names))
    if view.update_due_at is not None:
        due = _("Next update due {when}").format(when=when(view.update_due_at, tz))
        overdue = f" - {_overdue_label(view)}" if view.overdue else ""
        lines.append(_("Updates:  {due}").format(due=due) + overdue)
    if view.eta is not None:
        lines.append(_("ETA:      {when}").format(when=when(view.eta, tz)))
    if c.resolved_at:
        how = (
            _("Worked around: {when} - {resolution}")
            if c.workaround
            else _("Resolved: {when} - {resolution}")
        )
        lines.append(how.format(when=when(c.resolved_at, tz), resolution=c.resolution))
    if c.closed_at:
        lines.append(_("Closed:   {when}").format(when=when(c.closed_at, tz)))
    if c.rating:
        lines.append(_("Rating:   {rating}/5").format(rating=c.rating))
        if c.strengths:
            lines.append(f"  + {c.strengths}")
        if c.weaknesses:
            lines.append(f"  - {c.weaknesses}")
    style = "red" if view.overdue else STATUS_STYLE.get(c.status, "cyan").split()[-1]
    title = _("Call #{call_id}: {status}").format(
        call_id=c.id, status=status_label(c.status).upper()
    )
    panel(title, lines, style=style)
    if view.entries:
        columns = [_("entry"), _("worked at"), _("time"), _("note")]
        table(
            _("Time entries"),
            columns,
            [
                (e.id, when(e.worked_at, tz), _call_mins(e.minutes), _short(e.note, 40))
                for e in view.entries
            ],
            justify={columns[2]: "right"},
        )
    table(
        _("Story"),
        [_("when"), _("who"), _("what")],
        [
            (when(e.at, tz), _short(e.actor, 12), _short(describe(e.action, e.detail)))
            for e in view.events
        ],
    )


CALL_COLUMNS = ["#", "client", "status", "lv", "opened", "time", "flag", "summary"]


Row = tuple[object, ...]


def _call_rows(views: Sequence[CallView]) -> tuple[list[Row], list[str | None]]:
    rows: list[Row] = []
    styles: list[str | None] = []
    for v in views:
        c = v.call
        flag = "OVERDUE" if v.overdue else ("$" if c.chargeable else "")
        rows.append(
            (
                c.id,
                v.client,
                c.status,
                c.level,
                _recent(c.opened_at, v),
                _call_mins(v.total_minutes),
                flag,
                c.summary,
            )
        )
        styles.append("bold red" if v.overdue else STATUS_STYLE.get(c.status))
    if is_plain() and not sys.stdout.isatty():
        # Scripts and logs get every word: nothing is cut off a terminal.
        return [(*row[:-1], _short(str(row[-1]))) for row in rows], styles
    # One line per call: the summary gets what the other columns leave of the width.
    fixed = [
        max(len(CALL_COLUMNS[i]), *(len(str(row[i])) for row in rows))
        for i in range(len(CALL_COLUMNS) - 1)
    ]
    gaps = 2 * len(fixed) if is_plain() else 3 * len(fixed) + 2
    room = max(12, console().width - sum(fixed) - gaps)
    return [(*row[:-1], _short(str(row[-1]), room)) for row in rows], styles


def show_calls(views: Sequence[CallView], total: int | None = None) -> None:
    if not views:
        line(_("No calls match."))
        return
    rows, styles = _call_rows(views)
    overdue = sum(1 for v in views if v.overdue)
    notes = []
    earlier = (total or len(views)) - len(views)
    if earlier > 0:
        notes.append(
            _("{n} earlier not shown: --all, or --client/--status/--month").format(n=earlier)
        )
    if overdue:
        notes.append(_("{n} overdue level-3 call(s): run focco247 call overdue").format(n=overdue))
    table(
        None,
        CALL_COLUMNS,
        rows,
        justify={"#": "right", "time": "right"},
        styles=None if is_plain() else styles,
        caption="\n".join(notes) or None,
    )


def show_queue(result: QueueView) -> None:
    if result.active is not None:
        a = result.active
        line(
            _("Active: #{id} {client} {caller}: {summary}").format(
                id=a.id, client=a.client, caller=a.call.caller, summary=_short(a.call.summary, 40)
            ),
            "green",
        )
    else:
        line(_("Active: none (you are free)."))
    if not result.calls:
        line(_("No callbacks waiting."))
        return
    waiting = _("waiting")
    table(
        _("Callbacks, oldest first"),
        [_("pos"), "#", _("client"), _("caller"), _("phone"), waiting, _("lv"), _("summary")],
        [
            (
                i,
                v.id,
                v.client,
                _short(v.call.caller, 14),
                _short(v.call.phone) or "-",
                _call_mins(v.waiting_minutes),
                v.call.level,
                _short(v.call.summary, 24),
            )
            for i, v in enumerate(result.calls, 1)
        ],
        justify={waiting: "right"},
    )
    if result.active is None:
        line(_("Take the next one with: focco247 call take"))


def show_overdue(views: Sequence[CallView]) -> None:
    if not views:
        line(_("No level-3 call is owed an update."))
        return
    table(
        _("Level-3 calls owed an update"),
        ["#", _("client"), _("caller"), _("status"), _("due"), _("late by"), _("eta")],
        [
            (
                v.id,
                v.client,
                _short(v.call.caller, 14),
                v.call.status,
                dates.when_short(v.update_due_at, v.tz),
                overdue_text(v.overdue_minutes) if v.overdue else "",
                dates.when_short(v.eta, v.tz) if v.eta else "-",
            )
            for v in views
        ],
        styles=None if is_plain() else ["bold red"] * len(views),
    )


def show_specialists(views: Sequence[SpecialistView]) -> None:
    if not views:
        line(_("No specialists. Add one with: focco247 specialist add NAME --area AREA"))
        return
    table(
        None,
        [_("name"), _("area"), _("phone"), _("status")],
        [
            (_short(v.name), _short(v.area), _short(v.phone), "" if v.active else _("removed"))
            for v in views
        ],
    )


def specialist_added(view: SpecialistView) -> None:
    line(_("Added specialist {name} ({area}).").format(name=view.name, area=view.area))


def specialist_removed(view: SpecialistView) -> None:
    line(_("Removed specialist {name}.").format(name=view.name))


def show_shift(view: ShiftView) -> None:
    if view.attendant is None:
        line(_("Nobody is on shift. Start one with: focco247 shift start NAME"))
    else:
        line(
            _("On shift: {attendant} since {when}.").format(
                attendant=view.attendant, when=when(view.started_at, view.tz)
            )
        )
    if view.active is not None:
        a = view.active
        line(
            _("Active call: #{id} {client} {caller}: {summary}").format(
                id=a.id, client=a.client, caller=a.call.caller, summary=_short(a.call.summary, 36)
            )
        )
    else:
        line(_("Active call: none."))
    line(
        _("Callbacks waiting: {queued}. Overdue level-3 calls: {overdue}.").format(
            queued=view.queued, overdue=view.overdue
        )
    )


HANDOVER_ROWS = 10  # resolved calls awaiting a rating shown at handover (--json: up to 50)


def show_handover(result: Handover) -> None:
    """What the next attendant inherits, most urgent first."""
    tz = result.tz
    line(
        _("Handover from {giver} to {taker} at {when}.").format(
            giver=result.from_attendant, taker=result.to_attendant, when=when(result.at, tz)
        ),
        style="bold",
    )
    if result.active is not None:
        a = result.active
        line(
            _("Active call: #{call_id} {client} {caller}, level {level}: {summary}").format(
                call_id=a.id,
                client=a.client,
                caller=a.call.caller,
                level=a.call.level,
                summary=_short(a.call.summary, 30),
            )
        )
        if a.last_update is not None:
            line(_("  Last update: {update}").format(update=_last_update(a)))
    else:
        line(_("Active call: none."))

    def level3_state(v: CallView) -> str:
        state = _("{status}, ETA {eta}").format(
            status=status_label(v.call.status), eta=when(v.eta, tz) if v.eta else "-"
        )
        if v.overdue:
            return f"{state}, {_overdue_label(v)}"
        return state + _(", update due {clock}").format(clock=dates.clock(v.update_due_at, tz))

    # Unrated calls pile up over months; the most recent are the ones to chase.
    # (title, calls, their state, how many shown, whether they are open calls)
    sections: list[tuple[str, Sequence[CallView], Callable[[CallView], str], int | None, bool]] = [
        (
            _("Callback queue"),
            result.queue,
            lambda v: _("waiting {minutes}").format(minutes=_call_mins(v.waiting_minutes)),
            None,
            True,
        ),
        (_("Open level-3 calls"), result.level3, level3_state, None, True),
        (
            _("Parked calls"),
            result.parked,
            lambda v: _("level {level}").format(level=v.call.level),
            None,
            True,
        ),
        (
            _("Resolved, awaiting rating"),
            result.unrated,
            lambda v: _("resolved {when}").format(when=_recent(v.call.resolved_at, v)),
            HANDOVER_ROWS,
            False,
        ),
    ]
    for title, items, state, most, open_calls in sections:
        if not items:
            line(_("{title}: none.").format(title=title))
            continue
        shown = items[:most] if most is not None else items
        more = len(items) - len(shown)
        if items is result.unrated:  # the handover carries the newest; the rest are counted
            more = result.unrated_total - len(shown)
        # Open calls carry what the next attendant needs to pick them up: the summary, the
        # number to call back and the last update the requester was given.
        columns = ["#", _("client"), _("caller"), _("state")]
        if open_calls:
            columns += [_("phone"), _("summary"), _("last update")]
        table(
            title,
            columns,
            [
                (v.id, v.client, _short(v.call.caller, 14), state(v))
                + (
                    (_short(v.call.phone) or "-", _short(v.call.summary, 30), _last_update(v))
                    if open_calls
                    else ()
                )
                for v in shown
            ],
            styles=None if is_plain() else ["bold red" if v.overdue else None for v in shown],
            caption=_("... {more} older: call list --status resolved").format(more=more)
            if more
            else None,
        )
